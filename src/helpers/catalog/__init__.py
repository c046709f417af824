"""The catalog: every dataset of a period named once, with its file, stage, schema and meaning.

Stages read and write processed data only through this package. Asking for a dataset the
catalog does not know is an error (a typo must never read as "no data"); a dataset the
catalog knows but the period lacks reads as an empty frame ("ei tietoa" downstream). Every
write is validated against the dataset's schema and checked against the stage that owns it.

Where things are declared:

- ``entity_files`` and ``period_files``: one ``TableSpec`` per raw file (printed labels,
  kinds, keys), which the clean stage adopts as a dataset under the spec's name;
- ``clean_stage``, ``indicator_stage``, ``forecast_stage``: each stage's datasets, computed
  ones column by column;
- ``model``: what a dataset is, and the registry (``DATASETS``) holding each name once;
- ``reads``: which datasets each later stage reads (the runner's keys cover these alone);
- ``access``: reading and writing through the registry; ``readme``: data/raw/README.md's
  table of processed datasets, generated from the declarations (``python -m helpers.catalog``).

Import from ``helpers.catalog`` itself; the modules are its layout, not its interface.
"""

from helpers.catalog.access import (
    Tables,
    UndeclaredReadError,
    read,
    read_all,
    validate,
    validate_stage,
    write_frames,
    write_stage,
)
from helpers.catalog.clean_stage import (
    ASSESSMENTS,
    AUDIT,
    BUDGET_SUMMARY,
    ENVIRONMENT_CHANGES,
    EXTERNAL_FUNDING,
    FORECAST_ADJUSTMENTS,
    FREE_PLACES,
    FUNCTION_NET_COSTS,
    GOAL_REALISATIONS,
    GOALS,
    INCOME_STATEMENT,
    INVESTMENT_ITEMS,
    INVESTMENTS,
    KEY_FIGURES,
    MANAGEMENT_ESTIMATES,
    MONTHLY_ACTUALS,
    NATIONAL_REFERENCES,
    OCCUPANCY,
    OTHER_METRICS,
    POPULATION,
    PROJECTS,
    RAW_DATASETS,
    RISKS,
    SERVICE_VOLUMES,
    SURVEYS,
    TABLES,
    UNIT_TEXTS,
    VISITORS,
    WELFARE_GROUP_MEETINGS,
    WELLBEING_INDEX,
)
from helpers.catalog.forecast_stage import (
    FORECAST,
    FORECAST_BACKTEST,
    FORECAST_MANAGEMENT,
    FORECAST_PER_CAPITA,
    FORECAST_UNIT_COSTS,
)
from helpers.catalog.indicator_stage import (
    BUDGET_REALISATION,
    FUNCTION_COSTS,
    GOAL_STATUSES,
    HYTE,
    KEY_FIGURE_RECONCILIATION,
    OCCUPANCY_SUMMARY,
    PER_CAPITA,
    PROJECT_DETAILS,
    PROJECT_TOTALS_BY_FUNDER,
    PROJECT_TOTALS_BY_GOAL,
    RISK_MATRIX,
    SURVEY_SHARES,
    UNIT_COST_VOLUMES,
    UNIT_COSTS,
)
from helpers.catalog.model import (
    CLEAN_STAGE,
    DATASETS,
    FORECAST_STAGE,
    INDICATOR_STAGE,
    REPORT_STAGE,
    STAGES,
    Column,
    Dataset,
    UnknownDatasetError,
    dataset,
    stage_outputs,
)
from helpers.catalog.readme import README_BEGIN, README_END, readme_table, rewrite_readme
from helpers.catalog.reads import read_inputs, stage_reads, stage_writes

__all__ = [
    "ASSESSMENTS",
    "AUDIT",
    "BUDGET_REALISATION",
    "BUDGET_SUMMARY",
    "CLEAN_STAGE",
    "DATASETS",
    "ENVIRONMENT_CHANGES",
    "EXTERNAL_FUNDING",
    "FORECAST",
    "FORECAST_ADJUSTMENTS",
    "FORECAST_BACKTEST",
    "FORECAST_MANAGEMENT",
    "FORECAST_PER_CAPITA",
    "FORECAST_STAGE",
    "FORECAST_UNIT_COSTS",
    "FREE_PLACES",
    "FUNCTION_COSTS",
    "FUNCTION_NET_COSTS",
    "GOAL_REALISATIONS",
    "GOAL_STATUSES",
    "GOALS",
    "HYTE",
    "INCOME_STATEMENT",
    "INDICATOR_STAGE",
    "INVESTMENT_ITEMS",
    "INVESTMENTS",
    "KEY_FIGURE_RECONCILIATION",
    "KEY_FIGURES",
    "MANAGEMENT_ESTIMATES",
    "MONTHLY_ACTUALS",
    "NATIONAL_REFERENCES",
    "OCCUPANCY",
    "OCCUPANCY_SUMMARY",
    "OTHER_METRICS",
    "PER_CAPITA",
    "POPULATION",
    "PROJECT_DETAILS",
    "PROJECT_TOTALS_BY_FUNDER",
    "PROJECT_TOTALS_BY_GOAL",
    "PROJECTS",
    "RAW_DATASETS",
    "README_BEGIN",
    "README_END",
    "REPORT_STAGE",
    "RISK_MATRIX",
    "RISKS",
    "SERVICE_VOLUMES",
    "STAGES",
    "SURVEY_SHARES",
    "SURVEYS",
    "TABLES",
    "UNIT_TEXTS",
    "UNIT_COST_VOLUMES",
    "UNIT_COSTS",
    "VISITORS",
    "WELFARE_GROUP_MEETINGS",
    "WELLBEING_INDEX",
    "Column",
    "Dataset",
    "Tables",
    "UndeclaredReadError",
    "UnknownDatasetError",
    "dataset",
    "read",
    "read_all",
    "read_inputs",
    "readme_table",
    "rewrite_readme",
    "stage_outputs",
    "stage_reads",
    "stage_writes",
    "validate",
    "validate_stage",
    "write_frames",
    "write_stage",
]
