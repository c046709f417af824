"""Sections of the management report as HTML fragments (Finnish, escaped, numbers formatted)."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from helpers.config import EntityConfig
from helpers.finnish import format_date
from helpers.income_statement import statement_table
from helpers.render import euros, percent_value, table_html


def title_block(config: EntityConfig, period_end: dt.date) -> str:
    """Report title with the reporting period, e.g. ``1.1.–30.6.2024``."""
    start = dt.date(period_end.year, 1, 1)
    period = f"{start.day}.{start.month}.–{format_date(period_end)}"
    return (
        f"<h1>{html.escape(config.report_title)} {html.escape(period)}</h1>"
        f'<p class="report-meta">{html.escape(config.municipality)} · '
        f"{html.escape(config.department)}</p>"
    )


def income_statement_section(
    statement: pd.DataFrame, config: EntityConfig, unit_label: str, heading_level: int = 3
) -> str:
    """A unit's income statement (TULOSLASKELMA, NETTOSITOVUUS) in the printed layout."""
    unit = config.unit_by_label(unit_label)
    table = statement_table(statement, config, unit_label)
    formats = {col: euros for col in table.columns}
    formats[table.columns[-1]] = percent_value
    subtotals = frozenset(line.name for line in config.lines if line.is_subtotal)
    name = unit.name if unit else unit_label
    return f"<h{heading_level}>{html.escape(name)}</h{heading_level}>" + table_html(
        table,
        formats,
        caption=f"Tuloslaskelma, nettositovuus (euroa) – {name}",
        emphasize=subtotals,
    )
