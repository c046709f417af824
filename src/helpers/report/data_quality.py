"""Aineiston laatu: how many printed values were recomputed, and every difference found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers.report.formats import as_printed
from helpers.report.model import ReportData, Section, Table, make_table

ANCHOR, TITLE = "laatu", "Aineiston laatu"
COLUMNS = {
    "file": "Tiedosto",
    "check": "Tarkistus",
    "printed": "Painettu",
    "recomputed": "Laskettu",
    "difference": "Ero",
}
FORMATS = {"Painettu": as_printed, "Laskettu": as_printed, "Ero": as_printed}


@dataclass(frozen=True)
class DataQuality:
    template: ClassVar[str] = "data_quality.html.j2"
    checked: int
    ok: int
    rounding: int  # within the rounding tolerance
    errors: int
    error_table: Table | None
    rounding_table: Table | None  # shown folded


def findings_table(audit: pd.DataFrame, severity: str, caption: str) -> Table:
    part = audit[audit["severity"] == severity]
    table = part.set_index("item")[list(COLUMNS)].rename(columns=COLUMNS)
    table.index.name = "Kohde"
    return make_table(table, FORMATS, caption=caption)


def data_quality_section(data: ReportData) -> Section:
    audit = data.dataset("audit")
    if audit.empty:
        return Section(ANCHOR, TITLE, None)
    counts = audit["severity"].value_counts()
    ok, rounding, errors = (int(counts.get(s, 0)) for s in ("ok", "info", "error"))
    content = DataQuality(
        checked=len(audit),
        ok=ok,
        rounding=rounding,
        errors=errors,
        error_table=(
            findings_table(audit, "error", "Virheet: painettu luku poikkeaa laskennasta")
            if errors
            else None
        ),
        rounding_table=(
            findings_table(audit, "info", "Pyöristyserot ja määrittelemättömät prosentit")
            if rounding
            else None
        ),
    )
    return Section(ANCHOR, TITLE, content)
