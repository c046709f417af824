"""Indicators computed from the processed tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.catalog import (
    BUDGET_REALISATION,
    FUNCTION_COSTS,
    FUNCTION_NET_COSTS,
    GOAL_REALISATIONS,
    GOAL_STATUSES,
    GOALS,
    HYTE,
    INCOME_STATEMENT,
    KEY_FIGURE_RECONCILIATION,
    KEY_FIGURES,
    NATIONAL_REFERENCES,
    OCCUPANCY,
    OCCUPANCY_SUMMARY,
    OTHER_METRICS,
    PER_CAPITA,
    POPULATION,
    PROJECT_DETAILS,
    PROJECT_TOTALS_BY_FUNDER,
    PROJECT_TOTALS_BY_GOAL,
    PROJECTS,
    RISK_MATRIX,
    RISKS,
    SERVICE_VOLUMES,
    SURVEY_SHARES,
    SURVEYS,
    UNIT_COST_VOLUMES,
    UNIT_COSTS,
    Tables,
)
from helpers.config import EntityConfig
from helpers.finnish import format_number
from helpers.goals import latest_status, risk_matrix
from helpers.hyte import hyte_coefficient, references_until
from helpers.income_statement import (
    ACTUAL_YTD,
    BUDGET,
    PRIOR_YEAR,
    PRIOR_YTD,
    realisation_percent,
    remaining,
)
from helpers.projects import project_table, totals_by
from helpers.surveys import plausibility_notes, survey_shares
from helpers.unit_costs import PER_RESIDENT, function_costs, unit_cost_volumes, unit_costs

# A line whose realisation runs this many percentage points ahead of the year's pace is flagged.
PACE_THRESHOLD_POINTS = 5.0


def year_elapsed_percent(months: int) -> float:
    """Share of the budget year elapsed at the period end: 6 months → 50 %."""
    return months / 12 * 100.0


def change_percent(change: pd.Series, prior: pd.Series) -> pd.Series:
    """The change in percent of last year's amount, with the sign of the change in euros.

    Amounts are signed (income positive, costs negative), so the change is divided by the
    size of last year's amount: costs going from −100 to −110 are −10 € and −10 %, income
    going from 100 to 110 is +10 € and +10 %. Undefined (NaN) when last year was zero.
    """
    size = prior.abs()
    # A zero size becomes NaN before dividing, so nothing is divided by zero.
    return change / size.where(size != 0) * 100.0


def budget_realisation(
    statement: pd.DataFrame, threshold_points: float = PACE_THRESHOLD_POINTS
) -> pd.DataFrame:
    """Realisation of every unit × line against the budget and the pace of the year.

    Columns: unit, line, budget, actual, remaining (TA − TOT), realisation_pct (TOT-%),
    prior_actual (same date last year), change_eur and change_pct against it,
    elapsed_pct, pace_deviation_points (TOT-% − elapsed %), ahead_of_pace (bool).
    A measure the statement lacks (no TP, no last year's actual, no TA) leaves what depends on
    it empty (NaN: "ei tietoa"), never zero.
    """
    wide = statement.pivot_table(
        index=["unit", "line"], columns="measure", values="amount", sort=False
    ).reindex(columns=[PRIOR_YEAR, PRIOR_YTD, BUDGET, ACTUAL_YTD])
    months = int(statement.loc[statement["measure"] == ACTUAL_YTD, "months"].iloc[0])
    out = pd.DataFrame(index=wide.index)
    out["budget"] = wide[BUDGET]
    out["actual"] = wide[ACTUAL_YTD]
    out["prior_year"] = wide[PRIOR_YEAR]
    out["remaining"] = remaining(wide[BUDGET], wide[ACTUAL_YTD])
    out["realisation_pct"] = realisation_percent(wide[ACTUAL_YTD], wide[BUDGET])
    out["prior_actual"] = wide[PRIOR_YTD]
    out["change_eur"] = wide[ACTUAL_YTD] - wide[PRIOR_YTD]
    out["change_pct"] = change_percent(out["change_eur"], wide[PRIOR_YTD])
    out["elapsed_pct"] = year_elapsed_percent(months)
    out["pace_deviation_points"] = out["realisation_pct"] - out["elapsed_pct"]
    out["ahead_of_pace"] = out["pace_deviation_points"] > threshold_points
    return out.reset_index()


# --- Per-capita costs ----------------------------------------------------------------------


def latest_population(population: pd.DataFrame) -> tuple[int, pd.Timestamp]:
    """The latest population known at the period end, and its date (the as-of rule of the
    clean stage has already left out counts dated after the period end)."""
    if population.empty:
        raise ValueError("no population known at the period end")
    row = population.sort_values("date").iloc[-1]
    return int(row["population"]), row["date"]


def statement_net_costs(statement: pd.DataFrame, net_line: str) -> pd.DataFrame:
    """Net cost (−toimintakate, positive = cost) of every unit for TP and TA.

    Columns: unit, basis (``TP yyyy`` or ``TA yyyy``), net_cost.
    """
    net = statement[
        (statement["line"] == net_line) & statement["measure"].isin([PRIOR_YEAR, BUDGET])
    ]
    prefix = net["measure"].map({PRIOR_YEAR: "TP", BUDGET: "TA"})
    return pd.DataFrame(
        {
            "unit": net["unit"].to_numpy(),
            "basis": (prefix + " " + net["year"].astype(str)).to_numpy(),
            "net_cost": (-net["amount"]).to_numpy(),
        }
    )


def forecast_net_costs(forecast: pd.DataFrame, year: int, net_line: str) -> pd.DataFrame:
    """Net cost of every unit by the year-end forecast (basis ``Ennuste yyyy``)."""
    net = forecast[forecast["line"] == net_line]
    return pd.DataFrame(
        {
            "unit": net["unit"].to_numpy(),
            "basis": f"Ennuste {year}",
            "net_cost": (-net["forecast"]).to_numpy(),
        }
    )


def per_capita_costs(net_costs: pd.DataFrame, population: int) -> pd.DataFrame:
    """€/asukas: net cost ÷ population; adds columns population and eur_per_resident."""
    out = net_costs.copy()
    out["population"] = population
    out["eur_per_resident"] = out["net_cost"] / population
    return out


def key_figure_reconciliation(
    per_capita: pd.DataFrame, key_figures: pd.DataFrame, config, tolerance: float = 1.0
) -> pd.DataFrame:
    """Published €/asukas key figures against the ones recomputed from the statement.

    Published figures mapped to the same unit (``key_figure_units`` in entity.yml) are added
    up. A published target (Tavoite) is compared with TA, a forecast (Ennuste) or actual
    (Toteutuma) with TP of the same year. Columns: unit, year, published_as, figures,
    published, basis, recomputed, difference, explanation.
    """
    published = key_figures[
        (key_figures["unit_of_measure"] == PER_RESIDENT)
        & key_figures["figure"].isin(list(config.key_figure_units))
    ].copy()
    published["unit"] = published["figure"].map(
        lambda f: config.unit_by_code(config.key_figure_units[f]).label
    )
    rows = []
    for (unit, year, value_type), group in published.groupby(
        ["unit", "year", "value_type"], sort=False
    ):
        basis = f"TA {year}" if value_type == "Tavoite" else f"TP {year}"
        match = per_capita[(per_capita["unit"] == unit) & (per_capita["basis"] == basis)]
        if match.empty:
            continue
        recomputed = float(match["eur_per_resident"].iloc[0])
        value = float(group["value"].sum())
        difference = value - recomputed
        notes = []
        if len(group) > 1:
            notes.append("julkaistu luku on osien summa: " + ", ".join(group["figure"]))
        if value_type != "Tavoite" and value_type != "Toteutuma":
            notes.append(f"julkaistu luku on {value_type.lower()}, laskettu tilinpäätöksestä")
        if abs(difference) <= tolerance:
            notes.append("ero pyöristystä")
        rows.append(
            {
                "unit": unit,
                "year": int(year),
                "published_as": value_type,
                "figures": ", ".join(group["figure"]),
                "published": value,
                "basis": basis,
                "recomputed": recomputed,
                "difference": difference,
                "difference_eur": difference * float(match["population"].iloc[0]),
                "explanation": "; ".join(notes),
            }
        )
    table = pd.DataFrame(rows)
    for index, row in table.iterrows():
        if abs(row["difference"]) > tolerance:
            gap = explain_gap(row, table, float(per_capita["population"].iloc[0]), tolerance)
            table.loc[index, "explanation"] = "; ".join(filter(None, [row["explanation"], gap]))
    return table


_GENITIVE = {"Ennuste": "ennusteen", "Toteutuma": "toteutuman"}


def explain_gap(row: pd.Series, table: pd.DataFrame, population: float, tolerance: float) -> str:
    """A gap beyond rounding, in words a reader can follow (Finnish).

    A figure compared with TP (an actual or a forecast) is split into the gap the same unit
    shows against its budget (TA vs the published target: the part of the unit's net cost the
    published figures leave out, or their other population) and the rest, which the data
    cannot explain and is flagged as such.
    """
    gap = -row["difference"]  # recomputed − published, €/asukas
    words = "suurempi" if gap > 0 else "pienempi"
    text = (
        f"laskettu on {format_number(abs(gap), 2)} €/as ({format_number(abs(gap) * population)}"
        f" €) {words} kuin julkaistu; julkaistu luku vastaisi "
        f"{format_number(row['recomputed'] * population / row['published'])} asukasta"
    )
    budget = table[
        (table["unit"] == row["unit"])
        & (table["published_as"] == "Tavoite")
        & (table["year"] > row["year"])
    ]
    if row["published_as"] == "Tavoite" or budget.empty:
        return text + "; ero ei selity pyöristyksellä eikä aineistolla: selittämätön"
    target = budget.sort_values("year").iloc[0]
    structural = -target["difference"]
    rest = gap - structural
    text += (
        f"; talousarvion {target['year']} täsmäytyksessä vastaava ero on "
        f"{format_number(structural, 2)} €/as ({format_number(structural * population)} €): "
        "sen suuruinen osa palvelualueen toimintakatteesta ei näy julkaistuissa luvuissa "
        "(rakenteellinen ero)"
    )
    if abs(rest) <= tolerance:
        return text + "; sama rakenteellinen ero selittää eron"
    return text + (
        f"; loput {format_number(rest, 2)} €/as ({format_number(rest * population)} €) on "
        f"tilinpäätöksen ja julkaistun {_GENITIVE.get(row['published_as'], 'luvun')} erotus, "
        "jota aineisto ei erittele: selittämätön"
    )


# --- Early-education occupancy -------------------------------------------------------------


def occupancy_summary(occupancy: pd.DataFrame) -> dict[str, float]:
    """Period average (mean of the monthly rates), minimum and maximum month."""
    rates = occupancy["occupancy_pct"].astype(float)
    return {
        "average_pct": float(rates.mean()),
        "min_pct": float(rates.min()),
        "max_pct": float(rates.max()),
        "months": int(len(rates)),
    }


# --- All indicators of a period --------------------------------------------------------------


def indicator_tables(
    tables: Mapping[str, pd.DataFrame], config: EntityConfig, year: int
) -> dict[str, pd.DataFrame]:
    """Every indicator table the period's processed data allows (missing inputs → left out).

    ``tables`` holds the period's datasets by catalog name; an absent one reads as empty.
    """
    tables = tables if isinstance(tables, Tables) else Tables(tables)
    out: dict[str, pd.DataFrame] = {}
    statement, population = tables[INCOME_STATEMENT.name], tables[POPULATION.name]
    key_figures = tables[KEY_FIGURES.name]
    if not statement.empty:
        out[BUDGET_REALISATION.name] = budget_realisation(statement)
        if not population.empty:
            residents, _ = latest_population(population)
            per_capita = per_capita_costs(
                statement_net_costs(statement, config.net_line), residents
            )
            out[PER_CAPITA.name] = per_capita
            if not key_figures.empty:
                out[KEY_FIGURE_RECONCILIATION.name] = key_figure_reconciliation(
                    per_capita, key_figures, config
                )
    other_metrics = tables[OTHER_METRICS.name]
    if not population.empty and not other_metrics.empty and not key_figures.empty:
        residents, _ = latest_population(population)
        references = tables[NATIONAL_REFERENCES.name]
        out[HYTE.name] = hyte_coefficient(
            other_metrics,
            key_figures,
            references if not references.empty else pd.DataFrame(columns=["metric"]),
            residents,
            year,
        )
    out.update(_unit_cost_indicators(tables, config))
    out.update(_service_indicators(tables, year))
    return {name: frame for name, frame in out.items() if not frame.empty}


def _unit_cost_indicators(tables: Tables, config: EntityConfig) -> dict[str, pd.DataFrame]:
    """Service volumes (given or derived), net cost per function and unit costs (TP, TA)."""
    key_figures, statement = tables[KEY_FIGURES.name], tables[INCOME_STATEMENT.name]
    if not config.unit_cost_figures or key_figures.empty:
        return {}
    volumes = unit_cost_volumes(
        tables[SERVICE_VOLUMES.name], key_figures, tables[POPULATION.name], config
    )
    out = {UNIT_COST_VOLUMES.name: volumes}
    if not statement.empty:
        net_costs = statement_net_costs(statement, config.net_line)
        costs = function_costs(net_costs, key_figures, config, tables[FUNCTION_NET_COSTS.name])
        out[FUNCTION_COSTS.name] = costs
        out[UNIT_COSTS.name] = unit_costs(costs, volumes, key_figures, config)
    return out


def _service_indicators(tables: Tables, year: int) -> dict[str, pd.DataFrame]:
    """Surveys, goals, risks, occupancy and projects: each from its own raw table."""
    out: dict[str, pd.DataFrame] = {}
    if SURVEYS.name in tables:
        shares = survey_shares(tables[SURVEYS.name])
        national = references_until(tables[NATIONAL_REFERENCES.name], year)
        shares["check_note"] = plausibility_notes(shares, national)
        out[SURVEY_SHARES.name] = shares
    if GOALS.name in tables and GOAL_REALISATIONS.name in tables:
        out[GOAL_STATUSES.name] = latest_status(tables[GOALS.name], tables[GOAL_REALISATIONS.name])
    if RISKS.name in tables:
        matrix = risk_matrix(tables[RISKS.name])
        out[RISK_MATRIX.name] = matrix.stack().rename("risks").reset_index().astype("int64")
    if not tables[OCCUPANCY.name].empty:
        out[OCCUPANCY_SUMMARY.name] = pd.DataFrame([occupancy_summary(tables[OCCUPANCY.name])])
    if PROJECTS.name in tables:
        details = project_table(tables[PROJECTS.name], year)
        out[PROJECT_DETAILS.name] = details
        out[PROJECT_TOTALS_BY_FUNDER.name] = totals_by(details, "funder").reset_index()
        out[PROJECT_TOTALS_BY_GOAL.name] = totals_by(details, "strategic_goal").reset_index()
    return out
