"""Goals of one level (strategic, council, operating plan): traffic lights and realisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import charts
from helpers.goals import realisations_side_by_side, status_counts
from helpers.report.formats import decimal, integer
from helpers.report.model import ReportData, Section, Table, make_table

STRATEGIC, COUNCIL, PLAN = "Strateginen mittari", "Valtuuston sitovuustaso", "Käyttösuunnitelma"


@dataclass(frozen=True)
class Goals:
    template: ClassVar[str] = "goals.html.j2"
    counts: Table
    by_unit: Table | None  # the operating plan's goals per service area, with a chart
    by_unit_chart: charts.Chart | None
    goals: Table
    wellbeing_index: Table | None  # beside the strategic measures


def goal_table(data: ReportData, side: pd.DataFrame, caption: str) -> Table:
    """Each goal with its metric, its realisation at each reporting date and its status."""
    date_columns = [c for c in side.columns if c.startswith("Toteuma ")]

    def unit_name(code: object) -> str:
        unit = data.config.unit_by_code(code) if pd.notna(code) else None
        return unit.name if unit else ""

    table = side.assign(Palvelualue=side["unit_code"].map(unit_name))
    table = table.set_index("strategic_goal")[
        ["Palvelualue", "goal", "metric", *date_columns, "status"]
    ].rename(columns={"goal": "Tavoite", "metric": "Mittari ja tavoitetaso", "status": "Tila"})
    if (table["Palvelualue"] == "").all():
        table = table.drop(columns="Palvelualue")
    table.index.name = "Strateginen päämäärä"
    return make_table(table, {}, caption=caption, badges=frozenset({"Tila"}))


def wellbeing_index_table(data: ReportData) -> Table | None:
    index = data.dataset("wellbeing_index")
    if index.empty:
        return None
    table = index.set_index("year")[["index", "note"]].rename(
        columns={"index": "Indeksi", "note": "Huomautus"}
    )
    table.index.name = "Vuosi"
    return make_table(table, {"Indeksi": decimal(1)}, caption="Hyvinvointi-indeksi (2020 = 100)")


def goal_section(data: ReportData, anchor: str, title: str, level: str) -> Section:
    """Goals of one level: status counts (traffic lights) and realisations by reporting date."""
    goals, realisations = data.dataset("goals"), data.dataset("goal_realisations")
    statuses = data.dataset("goal_statuses")
    if realisations.empty or statuses.empty or not (goals["level"] == level).any():
        return Section(anchor, title, None)
    side = realisations_side_by_side(goals, realisations)
    side = side[side["level"] == level]
    statuses = statuses[statuses["level"] == level]
    counts = status_counts(statuses, "strategic_goal")
    counts.index.name = "Strateginen päämäärä"
    by_unit = chart = None
    if level == PLAN:
        by_unit_counts = status_counts(statuses, "unit", data.config)
        by_unit_counts.index.name = "Palvelualue"
        by_unit = make_table(
            by_unit_counts,
            {c: integer for c in by_unit_counts.columns},
            caption="Tavoitteiden tila palvelualueittain",
        )
        chart = charts.goal_status_chart(by_unit_counts)
    content = Goals(
        counts=make_table(
            counts, {c: integer for c in counts.columns}, caption=f"{title}: tavoitteiden tila"
        ),
        by_unit=by_unit,
        by_unit_chart=chart,
        goals=goal_table(data, side, f"{title}: toteuma raportointipäivittäin"),
        wellbeing_index=wellbeing_index_table(data) if level == STRATEGIC else None,
    )
    return Section(anchor, title, content)


def strategic_section(data: ReportData) -> Section:
    return goal_section(data, "strategiset", "Strategiset mittarit", STRATEGIC)


def council_section(data: ReportData) -> Section:
    return goal_section(data, "valtuusto", "Valtuuston sitovat tavoitteet", COUNCIL)


def plan_section(data: ReportData) -> Section:
    return goal_section(data, "kayttosuunnitelma", "Käyttösuunnitelman tavoitteet", PLAN)
