"""The clean stage's datasets: the two statements, the audit, and every raw table adopted
from its ``TableSpec`` under the spec's own name."""

from __future__ import annotations

from collections.abc import Callable

import pandera.pandas as pa

from helpers.audit import SEVERITIES
from helpers.catalog import entity_files, period_files
from helpers.catalog.model import CLEAN_STAGE, DATASETS, Dataset, declare
from helpers.config import EntityConfig
from helpers.income_statement import MEASURES
from helpers.schemas import TableSpec
from helpers.statement_conventions import ORIGINS


def _statement_schema(lines: Callable[[EntityConfig], list[str]]):
    def build(config: EntityConfig) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            {
                "unit": pa.Column(str, pa.Check.isin([u.label for u in config.units])),
                "line": pa.Column(str, pa.Check.isin(lines(config))),
                "measure": pa.Column(str, pa.Check.isin(list(MEASURES))),
                "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
                "months": pa.Column(int, pa.Check.in_range(1, 12)),
                "amount": pa.Column(float, nullable=False),
                "header": pa.Column(str),
                "origin": pa.Column(str, pa.Check.isin(list(ORIGINS))),
                "amount_low": pa.Column(float, nullable=True),
                "amount_high": pa.Column(float, nullable=True),
            },
            unique=["unit", "line", "measure"],
            strict=True,
        )

    return build


def _audit_schema(_config: EntityConfig) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "file": pa.Column(str),
            "item": pa.Column(str),
            "check": pa.Column(str),
            "printed": pa.Column(float, nullable=True),  # blank for a suppressed survey figure
            "recomputed": pa.Column(float, nullable=True),
            "difference": pa.Column(float, nullable=True),
            "tolerance": pa.Column(float, pa.Check.ge(0)),
            "severity": pa.Column(str, pa.Check.isin(SEVERITIES)),
            "note": pa.Column(str),
        },
        strict=True,
        ordered=True,
    )


INCOME_STATEMENT = declare(
    Dataset(
        "income_statement",
        CLEAN_STAGE,
        "`unit` (as exported), `line`, `measure` (`tp` last year's full-year actual, "
        "`tot_prior` last year's actual to the same date, `ta` budget incl. changes, `tot` "
        "actual to date; a measure the export lacks has no rows), `year`, `months` (12 or the "
        "months to date), `amount` (euros, income positive and costs negative whatever the "
        "export's `sign_convention`; subtotals checked against their parts, see below), "
        "`header` (the column label the export printed, or the suite's own for a recomputed "
        "measure), `origin` (`printed`; `computed`: a subtotal or department sum the suite "
        "added or replaced, or TA = TOT + Jäljellä; `derived`: TA from TOT and a printed "
        "TOT-%), `amount_low` and `amount_high` (the range a derived amount's printed "
        "rounding allows; empty otherwise)",
        raw_stem="tuloslaskelma",
        schema_factory=_statement_schema(lambda config: list(config.line_names)),
    )
)
BUDGET_SUMMARY = declare(
    Dataset(
        "budget_summary",
        CLEAN_STAGE,
        "as `income_statement`, lines TULOT, MENOT, NETTO",
        raw_stem="talousarvio_yhteenveto",
        schema_factory=_statement_schema(lambda config: list(config.summary_lines)),
    )
)
AUDIT = declare(
    Dataset(
        "audit",
        CLEAN_STAGE,
        "`file`, `item`, `check`, `printed`, `recomputed`, `difference` (printed − "
        "recomputed; the three are blank for a survey figure of a group smaller than 5), "
        "`tolerance`, `severity` (`ok`, `info` within the rounding tolerance, `error`), `note`",
        raw_stem="*",
        schema_factory=_audit_schema,
        also_written="audit.csv",
    )
)


def _adopt(spec: TableSpec) -> Dataset:
    """The clean-stage dataset a raw table is parsed into, named and described by its spec."""
    return declare(Dataset(spec.name, CLEAN_STAGE, spec.doc, raw=spec))


# Every raw table, in the order the clean stage reads them (and the README lists them).
POPULATION = _adopt(entity_files.POPULATION)
KEY_FIGURES = _adopt(entity_files.KEY_FIGURES)
EXTERNAL_FUNDING = _adopt(entity_files.EXTERNAL_FUNDING)
WELLBEING_INDEX = _adopt(entity_files.WELLBEING_INDEX)
OCCUPANCY = _adopt(entity_files.OCCUPANCY)
FREE_PLACES = _adopt(entity_files.FREE_PLACES)
WELFARE_GROUP_MEETINGS = _adopt(entity_files.WELFARE_GROUP_MEETINGS)
SURVEYS = _adopt(entity_files.SURVEYS)
VISITORS = _adopt(entity_files.VISITORS)
OTHER_METRICS = _adopt(entity_files.OTHER_METRICS)
GOALS = _adopt(entity_files.GOALS)
GOAL_REALISATIONS = _adopt(entity_files.GOAL_REALISATIONS)
ASSESSMENTS = _adopt(period_files.ASSESSMENTS)
PROJECTS = _adopt(period_files.PROJECTS)
INVESTMENTS = _adopt(period_files.INVESTMENTS)
INVESTMENT_ITEMS = _adopt(period_files.INVESTMENT_ITEMS)
RISKS = _adopt(period_files.RISKS)
FORECAST_ADJUSTMENTS = _adopt(period_files.FORECAST_ADJUSTMENTS)
MANAGEMENT_ESTIMATES = _adopt(period_files.MANAGEMENT_ESTIMATES)
MONTHLY_ACTUALS = _adopt(entity_files.MONTHLY_ACTUALS)
NATIONAL_REFERENCES = _adopt(entity_files.NATIONAL_REFERENCES)
SERVICE_VOLUMES = _adopt(entity_files.SERVICE_VOLUMES)
FUNCTION_NET_COSTS = _adopt(period_files.FUNCTION_NET_COSTS)
UNIT_TEXTS = _adopt(period_files.UNIT_TEXTS)
ENVIRONMENT_CHANGES = _adopt(period_files.ENVIRONMENT_CHANGES)

# The adopted raw tables by name, in that order.
RAW_DATASETS: dict[str, Dataset] = {ds.name: ds for ds in DATASETS.values() if ds.raw is not None}
# The raw table specifications, in the same order.
TABLES: tuple[TableSpec, ...] = tuple(ds.raw for ds in RAW_DATASETS.values())
