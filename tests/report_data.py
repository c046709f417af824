"""The processed tables as the report stage sees them, and helpers to read report tables."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pandas as pd
from conftest import RAW

from helpers.clean import build_processed
from helpers.forecast import compare_management, forecast_lines
from helpers.indicators import indicator_tables
from helpers.report import ReportData, Section, build_report
from helpers.report.model import Table


def report_data(raw: Path, period: str, entity: str = "heinola") -> ReportData:
    """Stages 10–30 in process (no notebooks), as 40_report receives their tables."""
    config, tables = build_processed(raw, entity, period)
    day = dt.date.fromisoformat(period)
    tables.update(indicator_tables(tables, config, day.year))
    if "income_statement" in tables:
        # As 30_forecast does: monthly history and known adjustments, then management's
        # estimates beside the model.
        forecast = forecast_lines(
            tables["income_statement"],
            config,
            tables.get("monthly_actuals"),
            tables.get("forecast_adjustments"),
        )
        tables["forecast"] = forecast
        estimates = tables.get("management_estimates", pd.DataFrame())
        tables["forecast_management"] = compare_management(forecast, estimates, config, day)
    return ReportData(config, day, tables)


@functools.cache
def embedded(period: str = "2024-06-30") -> ReportData:
    """The embedded Heinola data, built once per test session (do not modify)."""
    return report_data(RAW, period)


@functools.cache
def embedded_sections(period: str = "2024-06-30") -> dict[str, Section]:
    return {s.anchor: s for s in build_report(embedded(period))}


def plain(text: str) -> str:
    """Printed text with the no-break spaces of Finnish numbers as plain spaces."""
    return text.replace("\u00a0", " ")


def shown(table: Table) -> dict[str, dict[str, str]]:
    """A report table as its reader sees it: row label → column label → printed text."""
    return {
        row.label: {
            column.label: plain(cell.text or " ".join(cell.paragraphs))
            for column, cell in zip(table.columns, row.cells, strict=True)
        }
        for row in table.rows
    }


def with_tables(**changed: pd.DataFrame) -> ReportData:
    """The embedded period with some datasets replaced (the cached one stays untouched)."""
    data = embedded()
    tables = {name: data.dataset(name) for name in data.dataset_names()}
    return ReportData(data.config, data.period_end, tables | changed)


def rows_of(table, label):
    """Every shown row labelled ``label``, as column → text (labels repeat per basis)."""
    return [
        {c.label: plain(cell.text or " ".join(cell.paragraphs)) for c, cell in zip(
            table.columns, row.cells, strict=True)}
        for row in table.rows
        if row.label == label
    ]  # fmt: skip
