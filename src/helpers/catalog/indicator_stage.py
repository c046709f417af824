"""The indicator stage's datasets (notebooks/20_indicators), declared column by column."""

from __future__ import annotations

from helpers.catalog.clean_stage import GOALS, PROJECTS
from helpers.catalog.model import INDICATOR_STAGE, Column, Dataset, columns, declare

PER_CAPITA_COLUMNS = columns(
    ("unit", "text"),
    ("basis", "text", "`TP yyyy`, `TA yyyy` or `Ennuste yyyy`"),
    ("net_cost", "float", "−toimintakate, euros"),
    ("population", "int", "latest known at the period end"),
    ("eur_per_resident", "float"),
)
BUDGET_REALISATION = declare(
    Dataset(
        "budget_realisation",
        INDICATOR_STAGE,
        "Every unit × line against the budget and the pace of the year.",
        columns(
            ("unit", "text"),
            ("line", "text"),
            ("budget", "float", "TA"),
            ("actual", "float", "TOT to date"),
            ("prior_year", "float", "TP"),
            ("remaining", "float", "TA − TOT"),
            ("realisation_pct", "float", "TOT-%"),
            ("prior_actual", "float", "last year's actual to the same date"),
            ("change_eur", "float", "TOT − last year's TOT, signed (costs negative)"),
            ("change_pct", "float", "change_eur ÷ |last year's TOT| × 100: same sign as euros"),
            ("elapsed_pct", "float", "share of the year elapsed"),
            ("pace_deviation_points", "float", "TOT-% − elapsed %"),
            ("ahead_of_pace", "bool"),
        ),
    )
)
PER_CAPITA = declare(
    Dataset("per_capita", INDICATOR_STAGE, "Net cost per resident, TP and TA.", PER_CAPITA_COLUMNS)
)
KEY_FIGURE_RECONCILIATION = declare(
    Dataset(
        "key_figure_reconciliation",
        INDICATOR_STAGE,
        "Published €/asukas key figures against the recomputed ones.",
        columns(
            ("unit", "text"),
            ("year", "int"),
            ("published_as", "text"),
            ("figures", "text"),
            ("published", "float"),
            ("basis", "text"),
            ("recomputed", "float"),
            ("difference", "float", "published − recomputed, €/asukas"),
            ("difference_eur", "float", "difference × population"),
            ("explanation", "text", "rounding, or the gap taken apart in Finnish words"),
        ),
    )
)
HYTE = declare(
    Dataset(
        "hyte",
        INDICATOR_STAGE,
        "The HYTE coefficient (€/asukas only) against its target, the previous year and the "
        "municipalities' mean and range.",
        columns(
            ("comparison", "text"),
            ("reference", "float"),
            ("value", "float", "€/asukas as reported"),
            ("difference", "float"),
            ("euro_effect", "float", "difference × population"),
            ("source", "text", "where the reference comes from"),
            ("value_eur", "float", "value × population"),
            ("population", "int"),
        ),
    )
)
SURVEY_SHARES = declare(
    Dataset(
        "survey_shares",
        INDICATOR_STAGE,
        "Survey shares with 95 % Wilson intervals (widened to the print's rounding when only "
        "a percentage is printed); cells of fewer than 5 suppressed.",
        columns(
            ("survey", "text"),
            ("measure", "text"),
            ("respondents", "int"),
            ("count", "number", "blank where suppressed (a group smaller than 5)"),
            ("count_derived", "bool"),
            ("share_pct", "float"),
            ("printed_pct", "float"),
            ("suppressed", "bool"),
            ("ci_low", "float", "95 % Wilson"),
            ("ci_high", "float", "95 % Wilson"),
            ("reference_type", "text"),
            ("reference_value", "float"),
            ("judgement", "text"),
            ("count_low", "number", "fewest respondents the printed figure allows"),
            ("count_high", "number", "most respondents the printed figure allows"),
            ("share_basis", "text", "`laskettu lukumäärästä` or `julkaistu pyöristetty osuus`"),
            ("complement_pct", "float", "the other answer group: 100 − share_pct"),
            ("complement_ci_low", "float"),
            ("complement_ci_high", "float"),
            ("complement_reference_value", "float", "100 − reference_value"),
            ("check_note", "text", "why the result must be checked (far from national level)"),
        ),
    )
)
GOAL_STATUSES = declare(
    Dataset(
        "goal_statuses",
        INDICATOR_STAGE,
        "The `goals` columns plus `status`, the latest printed status (`Ei tietoa` when none "
        "is known yet).",
        tuple(Column(f.name, "text") for f in GOALS.raw.fields)
        + columns(("source_file", "text"), ("source_row", "int"), ("status", "text")),
    )
)
RISK_MATRIX = declare(
    Dataset(
        "risk_matrix",
        INDICATOR_STAGE,
        "Count of risks per significance × probability.",
        columns(("significance", "int"), ("probability", "int"), ("risks", "int", "count")),
    )
)
OCCUPANCY_SUMMARY = declare(
    Dataset(
        "occupancy_summary",
        INDICATOR_STAGE,
        "The period's occupancy rates summarised.",
        columns(
            ("average_pct", "float", "mean of the monthly rates"),
            ("min_pct", "float"),
            ("max_pct", "float"),
            ("months", "int"),
        ),
    )
)
_PROJECT_TOTAL_COLUMNS = columns(
    ("projects", "int"),
    ("total_funding", "float"),
    ("city_share_eur", "float"),
    ("external_eur", "float"),
)
PROJECT_DETAILS = declare(
    Dataset(
        "project_details",
        INDICATOR_STAGE,
        "The `projects` columns plus the city's and the external share in euros, spending.",
        tuple(
            Column(f.name, "number" if f.kind == "number" else "text") for f in PROJECTS.raw.fields
        )
        + columns(
            ("source_file", "text"),
            ("source_row", "int"),
            ("city_share_eur", "float"),
            ("external_eur", "float"),
            ("spending_pct", "float"),
            ("spent_eur", "float"),
            ("end_year", "int"),
            ("ends_this_year", "bool"),
        ),
    )
)
PROJECT_TOTALS_BY_FUNDER = declare(
    Dataset(
        "project_totals_by_funder",
        INDICATOR_STAGE,
        "Project funding summed per funder.",
        columns(("funder", "text")) + _PROJECT_TOTAL_COLUMNS,
    )
)
PROJECT_TOTALS_BY_GOAL = declare(
    Dataset(
        "project_totals_by_goal",
        INDICATOR_STAGE,
        "Project funding summed per strategic goal.",
        columns(("strategic_goal", "text")) + _PROJECT_TOTAL_COLUMNS,
    )
)

UNIT_COST_COLUMNS = columns(
    ("function", "text", "tehtävä, as in key_figure_units"),
    ("unit", "text"),
    ("basis", "text", "`TP yyyy`, `TA yyyy` or `Ennuste yyyy`"),
    ("year", "int"),
    ("unit_of_measure", "text", "€/oppilas, €/lapsi, …"),
    ("volume_name", "text"),
    ("net_cost", "float", "the function's net cost, euros"),
    ("split_share", "float", "the function's share of its unit's net cost"),
    ("split_rule", "text", "how the unit's net cost was split (Finnish)"),
    ("volume", "float"),
    ("volume_status", "text", "`julkaistu` or `johdettu julkaistuista tunnusluvuista`"),
    ("computed", "float", "net_cost ÷ volume"),
    ("computed_low", "float", "with the volume's high end"),
    ("computed_high", "float", "with the volume's low end"),
    ("published", "float"),
    ("published_as", "text", "Toteutuma, Ennuste or Tavoite"),
    ("difference", "float", "published − computed"),
    ("explanation", "text", "Finnish"),
)
UNIT_COST_VOLUMES = declare(
    Dataset(
        "unit_cost_volumes",
        INDICATOR_STAGE,
        "The service volume behind every unit cost: given in `service_volumes`, or derived "
        "as €/asukas × asukasluku ÷ €/unit from the published key figures.",
        columns(
            ("function", "text"),
            ("volume_name", "text", "oppilaat, lapset, …"),
            ("unit_of_measure", "text", "the unit cost it divides: €/oppilas, …"),
            ("year", "int"),
            ("volume", "float"),
            ("volume_low", "float", "lowest the printed figures' rounding allows"),
            ("volume_high", "float", "highest the printed figures' rounding allows"),
            ("status", "text", "`julkaistu` or `johdettu julkaistuista tunnusluvuista`"),
            ("derivation", "text", "the source, or the arithmetic with its figures"),
            ("per_resident", "float", "published €/asukas used"),
            ("per_unit", "float", "published €/unit used"),
            ("population", "float", "residents used"),
            ("population_date", "date"),
            ("statistical_date", "date", "from `service_volumes`"),
            ("definition", "text"),
            ("source", "text", "where the count is (or can be checked)"),
        ),
    )
)
FUNCTION_COSTS = declare(
    Dataset(
        "function_costs",
        INDICATOR_STAGE,
        "Each function's (tehtävä's) part of its unit's net cost, TP and TA, with the rule.",
        columns(
            ("unit", "text"),
            ("function", "text"),
            ("basis", "text"),
            ("year", "int"),
            ("unit_net_cost", "float", "−toimintakate of the unit"),
            ("share", "float"),
            ("net_cost", "float"),
            ("split_rule", "text", "Finnish"),
        ),
    )
)
UNIT_COSTS = declare(
    Dataset(
        "unit_costs",
        INDICATOR_STAGE,
        "Unit costs (€/oppilas, €/lapsi, …) for TP and TA against the published figures.",
        UNIT_COST_COLUMNS,
    )
)
