"""The clean stage's datasets: the two statements and the audit with their schemas, and every
raw table adopted under its spec's name."""

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.catalog import clean_stage, entity_files, period_files
from helpers.catalog.model import CLEAN_STAGE, stage_outputs

SCHEMA_ERRORS = (pa.errors.SchemaError, pa.errors.SchemaErrors)
# The raw tables in the order the clean stage reads them (and data/raw/README.md lists them).
RAW_ORDER = [
    "population",
    "key_figures",
    "external_funding",
    "wellbeing_index",
    "occupancy",
    "free_places",
    "welfare_group_meetings",
    "surveys",
    "visitors",
    "other_metrics",
    "goals",
    "goal_realisations",
    "assessments",
    "projects",
    "investments",
    "investment_items",
    "risks",
    "forecast_adjustments",
    "management_estimates",
    "monthly_actuals",
    "national_references",
    "service_volumes",
    "function_net_costs",
    "unit_texts",
    "environment_changes",
]


def test_clean_stage_outputs_statements_audit_then_raw_tables():
    names = [d.name for d in stage_outputs(CLEAN_STAGE)]
    assert names == ["income_statement", "budget_summary", "audit", *RAW_ORDER]
    assert list(clean_stage.RAW_DATASETS) == RAW_ORDER
    assert [spec.name for spec in clean_stage.TABLES] == RAW_ORDER


def test_statements_and_audit_name_their_raw_files():
    assert clean_stage.INCOME_STATEMENT.raw_file_stem == "tuloslaskelma"
    assert clean_stage.BUDGET_SUMMARY.raw_file_stem == "talousarvio_yhteenveto"
    assert clean_stage.AUDIT.raw_file_stem == "*"  # it audits every raw file
    assert clean_stage.AUDIT.also_written == "audit.csv"
    assert clean_stage.INCOME_STATEMENT.raw is None and clean_stage.AUDIT.raw is None


def test_a_raw_table_is_adopted_with_its_spec_and_its_doc():
    assert clean_stage.POPULATION.raw is entity_files.POPULATION
    assert clean_stage.RISKS.raw is period_files.RISKS
    assert clean_stage.RISKS.description == period_files.RISKS.doc
    assert clean_stage.RISKS.stage == CLEAN_STAGE
    assert clean_stage.RISKS.file_name == "risks.parquet"


UNIT = "Hyvinvointilautakunnan toimiala"


def statement(**changes) -> pd.DataFrame:
    """Two rows of the embedded statement: Toimintakate TOT 2024 6 kk and TA 2024."""
    data = {
        "unit": [UNIT, UNIT],
        "line": ["Toimintakate", "Toimintakate"],
        "measure": ["tot", "ta"],
        "year": [2024, 2024],
        "months": [6, 12],
        "amount": [-15134455.0, -29922850.0],
        "header": ["TOT 2024 6 kk", "TA 2024 +muutos"],
        "origin": ["printed", "printed"],
        "amount_low": [float("nan"), float("nan")],
        "amount_high": [float("nan"), float("nan")],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_a_statement_of_the_entity_passes(heinola):
    clean_stage.INCOME_STATEMENT.schema(heinola).validate(statement())


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("unit", [UNIT, "Tekninen toimiala"]),  # not a unit of entity.yml
        ("line", ["Toimintakate", "NETTO"]),  # a budget-summary line
        ("measure", ["tot", "tot_2024"]),
        ("months", [6, 13]),
        ("months", [0, 12]),
        ("year", [1999, 2024]),
        ("amount", [-15134455.0, float("nan")]),
        ("origin", ["printed", "estimated"]),
    ],
)
def test_a_statement_value_outside_the_entity_is_rejected(heinola, column, values):
    with pytest.raises(SCHEMA_ERRORS, match=column):
        clean_stage.INCOME_STATEMENT.schema(heinola).validate(statement(**{column: values}))


def test_a_statement_has_one_amount_per_unit_line_and_measure(heinola):
    with pytest.raises(SCHEMA_ERRORS):
        clean_stage.INCOME_STATEMENT.schema(heinola).validate(statement(measure=["tot", "tot"]))
    with pytest.raises(SCHEMA_ERRORS, match="extra"):
        clean_stage.INCOME_STATEMENT.schema(heinola).validate(statement(extra=[1, 2]))


def test_the_budget_summary_takes_the_summary_lines_only(heinola):
    schema = clean_stage.BUDGET_SUMMARY.schema(heinola)
    schema.validate(statement(line=["NETTO", "TULOT"]))
    with pytest.raises(SCHEMA_ERRORS, match="line"):
        schema.validate(statement())  # Toimintakate is a statement line, not a summary line


def audit(**changes) -> pd.DataFrame:
    data = {
        "file": ["investoinnit.csv", "kyselyt.csv"],
        "item": ["HYVINVOINTI Menot", "Kouluterveyskysely"],
        "check": ["Toteuma %", "Osuus %"],
        "printed": [3.68, float("nan")],  # blank: a suppressed survey figure
        "recomputed": [3.6815, float("nan")],
        "difference": [-0.0015, float("nan")],
        "tolerance": [0.005, 0.0],
        "severity": ["info", "ok"],
        "note": ["", "suppressed"],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_an_audit_passes_and_is_checked_column_by_column(heinola):
    schema = clean_stage.AUDIT.schema(heinola)
    schema.validate(audit())
    with pytest.raises(SCHEMA_ERRORS, match="severity"):
        schema.validate(audit(severity=["info", "warning"]))
    with pytest.raises(SCHEMA_ERRORS, match="tolerance"):
        schema.validate(audit(tolerance=[0.005, -0.5]))
    with pytest.raises(SCHEMA_ERRORS):
        schema.validate(audit()[["item", "file", *list(audit().columns[2:])]])


def test_a_raw_dataset_schema_is_its_processed_spec_schema(heinola):
    schema = clean_stage.POPULATION.schema(heinola)
    assert list(schema.columns) == ["date", "population", "source", "source_file", "source_row"]
    surveys = clean_stage.SURVEYS.schema(heinola)
    assert list(surveys.columns)[-1] == "suppressed"  # the column the clean stage adds
