"""Sections of the management report as HTML fragments (Finnish, escaped, numbers formatted)."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from helpers.config import EntityConfig
from helpers.finnish import format_date, format_number
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


NO_DATA = '<p class="no-data">Ei tietoa: tälle ajankohdalle ei ole aineistoa.</p>'
SEVERITY_NAMES = {"ok": "täsmää", "info": "pyöristysero", "error": "virhe"}


def _audit_value(value: object) -> str:
    if pd.isna(value):
        return "–"
    number = float(value)
    return format_number(number, 0 if number == round(number) and abs(number) >= 100 else 2)


def data_quality_section(audit_rows: pd.DataFrame) -> str:
    """Tarkastus: how many printed values were recomputed, and every difference found."""
    if audit_rows.empty:
        return "<h2>Aineiston laatu</h2>" + NO_DATA
    counts = audit_rows["severity"].value_counts()
    summary = (
        f"<p>Raportin painetuista johdetuista luvuista ja summista tarkistettiin "
        f"{len(audit_rows)}: {counts.get('ok', 0)} täsmää, {counts.get('info', 0)} eroaa "
        f"pyöristyksen verran ja {counts.get('error', 0)} on virheellisiä. Raportin luvut on "
        f"laskettu uudelleen lähtöaineistosta.</p>"
    )
    columns = {
        "file": "Tiedosto",
        "check": "Tarkistus",
        "printed": "Painettu",
        "recomputed": "Laskettu",
        "difference": "Ero",
    }
    formats = {"Painettu": _audit_value, "Laskettu": _audit_value, "Ero": _audit_value}

    def listing(severity: str, caption: str) -> str:
        part = audit_rows[audit_rows["severity"] == severity]
        table = part.set_index("item")[list(columns)].rename(columns=columns)
        table.index.name = "Kohde"
        return table_html(table, formats, caption=caption)

    html_parts = ["<h2>Aineiston laatu</h2>", summary]
    if counts.get("error", 0):
        html_parts.append(listing("error", "Virheet: painettu luku poikkeaa laskennasta"))
    if counts.get("info", 0):
        html_parts.append(
            "<details><summary>Pyöristyserot ("
            + str(counts["info"])
            + ")</summary>"
            + listing("info", "Pyöristyserot ja määrittelemättömät prosentit")
            + "</details>"
        )
    return "".join(html_parts)
