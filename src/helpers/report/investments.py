"""Investoinnit: investment lines against the budget, the items, and written assessments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from helpers import catalog
from helpers.income_statement import realisation_percent, remaining
from helpers.report import assessments
from helpers.report.formats import decimal, euros
from helpers.report.model import Assessment, ReportData, Section, Table, make_table

ANCHOR, TITLE = "investoinnit", "Investoinnit"


@dataclass(frozen=True)
class Investments:
    template: ClassVar[str] = "investments.html.j2"
    # Field order is the workbook's sheet order: the items have always come first there.
    items: Table | None
    lines: Table
    assessments: tuple[Assessment, ...]


def lines_table(data: ReportData) -> Table:
    """Each investment line: last year, budget, actual, deviation and realisation %,
    recomputed with the income statement's own rules (as the audit does)."""
    year = data.period_end.year
    investments = data.dataset(catalog.INVESTMENTS.name)
    table = investments.set_index("line")[["prior_year", "budget", "actual"]].copy()
    table["Poikkeama (TA − toteuma)"] = remaining(table["budget"], table["actual"])
    table["Toteuma %"] = realisation_percent(table["actual"], table["budget"])
    table = table.rename(
        columns={
            "prior_year": f"TP {year - 1}",
            "budget": f"TA {year}",
            "actual": f"Toteuma 1–{data.period_end.month}",
        }
    )
    table.index.name = "Irtain omaisuus"
    formats = {c: euros for c in table.columns}
    formats["Toteuma %"] = decimal(2)
    return make_table(
        table,
        formats,
        caption=f"{data.config.department_unit.name}: investoinnit (euroa); poikkeama laskettu "
        "uudelleen",
    )


def items_table(data: ReportData) -> Table | None:
    items = data.dataset(catalog.INVESTMENT_ITEMS.name)
    if items.empty:
        return None
    # An item the text assigns to no service area is the department's own: every row names
    # its unit.
    department = f"{data.config.department_unit.name} (palvelualuetta ei eritelty)"
    items = items.assign(service_area=items["service_area"].fillna(department))
    listing = items.set_index("item")[["service_area", "reserved", "spent", "state"]].rename(
        columns={
            "service_area": "Palvelualue",
            "reserved": "Varattu, €",
            "spent": "Käytetty, €",
            "state": "Tila",
        }
    )
    listing.index.name = "Kohde"
    return make_table(
        listing, {"Varattu, €": euros, "Käytetty, €": euros}, caption="Investointikohteet"
    )


def investment_section(data: ReportData) -> Section:
    if data.dataset(catalog.INVESTMENTS.name).empty:
        return Section(ANCHOR, TITLE, None)
    units = (data.config.department_unit, *data.config.service_areas)
    texts = tuple(
        text
        for unit in units
        for text in assessments.written(data, unit.label, assessments.INVESTMENT_TOPIC)
    )
    return Section(ANCHOR, TITLE, Investments(items_table(data), lines_table(data), texts))
