"""Talousarvion toteutuminen: the net margin of every unit against the budget and the pace
of the year, the lines running ahead of it, and each unit's income statement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import charts
from helpers.finnish import format_number
from helpers.income_statement import statement_table
from helpers.indicators import PACE_THRESHOLD_POINTS
from helpers.report import assessments
from helpers.report.formats import decimal, euros, percent_value
from helpers.report.model import Assessment, ReportData, Section, Table, make_table

ANCHOR, TITLE = "talous", "Talousarvion toteutuminen"


@dataclass(frozen=True)
class UnitBudget:
    name: str
    statement: Table
    narrative: Assessment | None
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class Budget:
    template: ClassVar[str] = "budget.html.j2"
    overview: Table
    chart: charts.Chart
    ahead_of_pace: Table | None
    units: tuple[UnitBudget, ...]


def overview_table(data: ReportData, net: pd.DataFrame, elapsed: float) -> Table:
    """The net margin of every unit: TA, TOT, TOT-%, pace and the change from last year."""
    table = pd.DataFrame(
        {
            "TA": net["budget"],
            "TOT": net["actual"],
            "Jäljellä": net["remaining"],
            "TOT-%": net["realisation_pct"],
            "Ero vuoden kulumaan, %-yks.": net["pace_deviation_points"],
            "Muutos ed. vuodesta, €": net["change_eur"],
            "Muutos ed. vuodesta, %": net["change_pct"],
        }
    )
    table.index = [data.unit_name(u) for u in table.index]
    table.index.name = data.config.net_line
    formats = {c: euros for c in ("TA", "TOT", "Jäljellä", "Muutos ed. vuodesta, €")}
    formats.update({c: decimal(2) for c in table.columns if c not in formats})
    caption = (
        f"Toimintakatteen toteutuminen {data.date_text} (euroa); vuodesta on kulunut "
        f"{format_number(elapsed, 0)} %"
    )
    return make_table(table, formats, caption=caption)


def ahead_of_pace_table(
    data: ReportData, realisation: pd.DataFrame, elapsed: float
) -> Table | None:
    """Lines whose realisation runs ahead of the year's pace by more than the threshold."""
    ahead = realisation[realisation["ahead_of_pace"]]
    if ahead.empty:
        return None
    listing = ahead.assign(Yksikkö=ahead["unit"].map(data.unit_name)).set_index("Yksikkö")
    listing = listing[["line", "budget", "actual", "realisation_pct"]].rename(
        columns={"line": "Rivi", "budget": "TA", "actual": "TOT", "realisation_pct": "TOT-%"}
    )
    return make_table(
        listing,
        {"TA": euros, "TOT": euros, "TOT-%": decimal(2)},
        caption=f"Rivit, joiden toteuma on yli {format_number(PACE_THRESHOLD_POINTS, 0)} "
        f"%-yksikköä vuoden kulumaa ({format_number(elapsed, 0)} %) edellä",
    )


def statement(data: ReportData, unit_label: str) -> Table:
    """A unit's income statement (TULOSLASKELMA, NETTOSITOVUUS) in the printed layout."""
    table = statement_table(data.dataset("income_statement"), data.config, unit_label)
    formats = {col: euros for col in table.columns}
    formats[table.columns[-1]] = percent_value
    return make_table(
        table,
        formats,
        caption=f"{data.unit_name(unit_label)}: tuloslaskelma, nettositovuus (euroa)",
        emphasize=data.subtotals,
    )


def budget_section(data: ReportData) -> Section:
    if data.dataset("income_statement").empty:
        return Section(ANCHOR, TITLE, None)
    config = data.config
    realisation = data.dataset("budget_realisation")
    net = realisation[realisation["line"] == config.net_line].set_index("unit")
    elapsed = float(net["elapsed_pct"].iloc[0])
    chart = charts.realisation_chart(
        realisation,
        [u.label for u in config.units],
        {u.label: u.name for u in config.units},
        [config.income_line, config.cost_line],
        elapsed,
    )
    units = tuple(
        UnitBudget(
            data.unit_name(unit.label),
            statement(data, unit.label),
            assessments.computed(data, unit.label),
            assessments.written(data, unit.label, assessments.BUDGET_TOPIC),
        )
        for unit in config.units
    )
    content = Budget(
        overview_table(data, net, elapsed),
        chart,
        ahead_of_pace_table(data, realisation, elapsed),
        units,
    )
    return Section(ANCHOR, TITLE, content)
