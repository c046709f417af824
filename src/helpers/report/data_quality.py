"""Aineiston laatu: the real errors printed in the source first, then how many printed values
differ from the recomputed ones only by rounding (listed in an appendix)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog
from helpers.audit import DEPARTMENT_SUM_CHECK, ERROR, OK, ROUNDING
from helpers.report.formats import as_printed
from helpers.report.model import Link, ReportData, Section, Table, make_table

ANCHOR, TITLE = "laatu", "Aineiston laatu"
ROUNDING_ANCHOR, ROUNDING_TITLE = "liite-pyoristyserot", "Pyöristyserot"
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
    # Errors in the printed department rows, which the report shows as printed.
    department_errors: int
    error_table: Table | None
    rounding_link: Link | None  # the appendix that lists the rounding differences


@dataclass(frozen=True)
class RoundingDifferences:
    template: ClassVar[str] = "rounding.html.j2"
    table: Table


def findings_table(audit: pd.DataFrame, severity: str, caption: str) -> Table:
    part = audit[audit["severity"] == severity]
    table = part.set_index("item")[list(COLUMNS)].rename(columns=COLUMNS)
    table.index.name = "Kohde"
    return make_table(table, FORMATS, caption=caption)


def data_quality_section(data: ReportData) -> Section:
    """The errors of the printed source as a table, the rounding differences as a count."""
    audit = data.dataset(catalog.AUDIT.name)
    if audit.empty:
        return Section(ANCHOR, TITLE, None)
    counts = audit["severity"].value_counts()
    ok, rounding, errors = (int(counts.get(s, 0)) for s in (OK, ROUNDING, ERROR))
    content = DataQuality(
        checked=len(audit),
        ok=ok,
        rounding=rounding,
        errors=errors,
        department_errors=int(
            ((audit["severity"] == ERROR) & (audit["check"] == DEPARTMENT_SUM_CHECK)).sum()
        ),
        error_table=(
            findings_table(audit, ERROR, "Virheet: painettu luku poikkeaa laskennasta")
            if errors
            else None
        ),
        rounding_link=Link(ROUNDING_ANCHOR, ROUNDING_TITLE) if rounding else None,
    )
    return Section(ANCHOR, TITLE, content)


def rounding_appendix(data: ReportData) -> Section:
    """Liite: every printed value that differs from the recomputed one only by rounding."""
    audit = data.dataset(catalog.AUDIT.name)
    if audit.empty or not (audit["severity"] == ROUNDING).any():
        return Section(ROUNDING_ANCHOR, ROUNDING_TITLE, None, appendix=True)
    table = findings_table(audit, ROUNDING, "Pyöristyserot ja määrittelemättömät prosentit")
    return Section(ROUNDING_ANCHOR, ROUNDING_TITLE, RoundingDifferences(table), appendix=True)
