"""The indicator stage's datasets, declared column by column: their names, their columns and
what their schemas accept."""

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.catalog import indicator_stage
from helpers.catalog.model import INDICATOR_STAGE, stage_outputs

SCHEMA_ERRORS = (pa.errors.SchemaError, pa.errors.SchemaErrors)


def names(dataset) -> list[str]:
    return [c.name for c in dataset.columns]


def test_indicator_stage_outputs_in_declaration_order():
    assert [d.name for d in stage_outputs(INDICATOR_STAGE)] == [
        "budget_realisation",
        "per_capita",
        "key_figure_reconciliation",
        "hyte",
        "survey_shares",
        "goal_statuses",
        "risk_matrix",
        "occupancy_summary",
        "project_details",
        "project_totals_by_funder",
        "project_totals_by_goal",
        "unit_cost_volumes",
        "function_costs",
        "unit_costs",
    ]


def test_goal_statuses_are_the_goals_with_provenance_and_status():
    assert names(indicator_stage.GOAL_STATUSES) == [
        "goal_id",
        "level",
        "unit_code",
        "strategic_goal",
        "goal",
        "metric",
        "responsible",
        "source_file",
        "source_row",
        "status",
    ]


def test_project_details_keep_the_numbers_of_projects_as_numbers():
    kinds = {c.name: c.kind for c in indicator_stage.PROJECT_DETAILS.columns}
    assert kinds["total_funding"] == kinds["city_share_pct"] == "number"
    assert kinds["spending_printed"] == "text"  # may print two figures, '70,4 / 83,4'
    assert kinds["source_row"] == "int" and kinds["ends_this_year"] == "bool"


def test_project_totals_share_their_sums():
    total_columns = ["projects", "total_funding", "city_share_eur", "external_eur"]
    assert names(indicator_stage.PROJECT_TOTALS_BY_FUNDER) == ["funder", *total_columns]
    assert names(indicator_stage.PROJECT_TOTALS_BY_GOAL) == ["strategic_goal", *total_columns]


def realisation(**changes) -> pd.DataFrame:
    """The department's net margin at 30.6.2024 (embedded statement), worked out by hand."""
    data = {
        "unit": ["Hyvinvointilautakunnan toimiala"],
        "line": ["Toimintakate"],
        "budget": [-29922850.0],
        "actual": [-15134455.0],
        "prior_year": [-30263140.0],
        "remaining": [-14788395.0],  # TA − TOT
        "realisation_pct": [50.58],
        "prior_actual": [-15822824.0],
        "change_eur": [688369.0],  # −15 134 455 − (−15 822 824)
        "change_pct": [4.35],
        "elapsed_pct": [49.73],  # 182 of the 366 days of 2024
        "pace_deviation_points": [0.85],
        "ahead_of_pace": [True],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_budget_realisation_passes_and_rejects_a_flag_as_text(heinola):
    schema = indicator_stage.BUDGET_REALISATION.schema(heinola)
    schema.validate(realisation())
    with pytest.raises(SCHEMA_ERRORS, match="ahead_of_pace"):
        schema.validate(realisation(ahead_of_pace=["kyllä"]))
    with pytest.raises(SCHEMA_ERRORS, match="budget"):
        schema.validate(realisation(budget=["-29 922 850"]))  # a printed number, not parsed


def test_per_capita_counts_residents_as_whole_numbers(heinola):
    frame = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus"],
            "basis": ["TA 2024"],
            "net_cost": [12000000.0],
            "population": [17953],
            "eur_per_resident": [12000000.0 / 17953],
        }
    )
    schema = indicator_stage.PER_CAPITA.schema(heinola)
    schema.validate(frame)
    with pytest.raises(SCHEMA_ERRORS, match="population"):
        schema.validate(frame.assign(population=[17953.5]))


def test_occupancy_summary_counts_months_as_whole_numbers(heinola):
    frame = pd.DataFrame(
        {"average_pct": [86.0], "min_pct": [75.19], "max_pct": [95.0], "months": [6]}
    )
    schema = indicator_stage.OCCUPANCY_SUMMARY.schema(heinola)
    schema.validate(frame)
    with pytest.raises(SCHEMA_ERRORS, match="months"):
        schema.validate(frame.assign(months=[6.0]))


def test_unit_cost_volumes_date_their_population():
    columns = {c.name: c.kind for c in indicator_stage.UNIT_COST_VOLUMES.columns}
    assert columns["population_date"] == columns["statistical_date"] == "date"
    assert names(indicator_stage.UNIT_COSTS) == [c.name for c in indicator_stage.UNIT_COST_COLUMNS]


def test_a_suppressed_survey_count_is_blank_but_respondents_are_whole_numbers(heinola):
    schema = indicator_stage.SURVEY_SHARES.schema(heinola)
    row = {c.name: [None] for c in indicator_stage.SURVEY_SHARES.columns}
    row.update(
        survey=["Kouluterveyskysely"],
        measure=["Kokee olonsa hyväksi"],
        respondents=[4],
        count=[float("nan")],  # a group smaller than 5: blanked
        count_derived=[False],
        suppressed=[True],
    )
    for name in ("share_pct", "printed_pct", "ci_low", "ci_high", "reference_value"):
        row[name] = [float("nan")]
    for name in ("count_low", "count_high", "complement_pct", "complement_ci_low"):
        row[name] = [float("nan")]
    for name in ("complement_ci_high", "complement_reference_value"):
        row[name] = [float("nan")]
    frame = pd.DataFrame(row)
    schema.validate(frame)
    with pytest.raises(SCHEMA_ERRORS, match="respondents"):
        schema.validate(frame.assign(respondents=[4.0]))
