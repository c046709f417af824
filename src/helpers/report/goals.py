"""Goals of one level (strategic, council, operating plan): traffic lights and a compact list
in the main body; the realisation texts by reporting date are the appendix
``Tavoitteiden toteuma``. Rows of the goal form left empty are not goals: they are neither
counted nor listed (the section says how many there were)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog, charts
from helpers.goals import (
    defined_goals,
    realisations_side_by_side,
    status_counts,
    template_rows,
)
from helpers.report.formats import decimal, integer
from helpers.report.model import Link, ReportData, Section, Table, make_table

STRATEGIC, COUNCIL, PLAN = "Strateginen mittari", "Valtuuston sitovuustaso", "Käyttösuunnitelma"
DETAILS_ANCHOR, DETAILS_TITLE = "liite-tavoitteet", "Tavoitteiden toteuma raportointipäivittäin"
# (anchor, title, level) of each goal section, in the order of the printed report.
LEVELS = (
    ("strategiset", "Strategiset mittarit", STRATEGIC),
    ("valtuusto", "Valtuuston sitovat tavoitteet", COUNCIL),
    ("kayttosuunnitelma", "Käyttösuunnitelman tavoitteet", PLAN),
)


@dataclass(frozen=True)
class Goals:
    template: ClassVar[str] = "goals.html.j2"
    counts: Table
    by_unit: Table | None  # the operating plan's goals per service area, with a chart
    by_unit_chart: charts.Chart | None
    goals: Table  # each goal and its status, without the long texts
    empty_rows: int  # rows of the form left empty, not counted
    details: Link  # the appendix with the realisation texts
    wellbeing_index: Table | None  # beside the strategic measures


@dataclass(frozen=True)
class LevelDetails:
    title: str
    goals: Table


@dataclass(frozen=True)
class GoalDetails:
    template: ClassVar[str] = "goal_details.html.j2"
    levels: tuple[LevelDetails, ...]


def unit_names(data: ReportData, codes: pd.Series) -> pd.Series:
    """The service area of each goal by its code ("" for the department's own goals)."""

    def name(code: object) -> str:
        unit = data.config.unit_by_code(code) if pd.notna(code) else None
        return unit.name if unit else ""

    return codes.map(name)


def goal_table(data: ReportData, side: pd.DataFrame, caption: str) -> Table:
    """Each goal with its metric, its realisation at each reporting date and its status."""
    date_columns = [c for c in side.columns if c.startswith("Toteuma ")]
    table = side.assign(Palvelualue=unit_names(data, side["unit_code"]))
    table = table.set_index("strategic_goal")[
        ["Palvelualue", "goal", "metric", *date_columns, "status"]
    ].rename(columns={"goal": "Tavoite", "metric": "Mittari ja tavoitetaso", "status": "Tila"})
    if (table["Palvelualue"] == "").all():
        table = table.drop(columns="Palvelualue")
    table.index.name = "Strateginen päämäärä"
    return make_table(table, {}, caption=caption, badges=frozenset({"Tila"}))


def compact_table(data: ReportData, side: pd.DataFrame, level: str, caption: str) -> Table:
    """Each goal and its status; strategic measures are named by their metric too (their
    goals repeat), other levels' metrics are long descriptions left to the appendix."""
    columns = {"goal": "Tavoite", "status": "Tila"}
    if level == STRATEGIC:
        columns = {"goal": "Tavoite", "metric": "Mittari", "status": "Tila"}
    table = side.assign(Palvelualue=unit_names(data, side["unit_code"]))
    table = table.set_index("strategic_goal")[["Palvelualue", *columns]].rename(columns=columns)
    if (table["Palvelualue"] == "").all():
        table = table.drop(columns="Palvelualue")
    table.index.name = "Strateginen päämäärä"
    return make_table(table, {}, caption=caption, badges=frozenset({"Tila"}))


def level_goals(data: ReportData, level: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The level's goals side by side with their realisations, and their statuses; ``None``
    when the period has none."""
    goals, realisations = (
        data.dataset(catalog.GOALS.name),
        data.dataset(catalog.GOAL_REALISATIONS.name),
    )
    statuses = data.dataset(catalog.GOAL_STATUSES.name)
    if realisations.empty or statuses.empty or not (goals["level"] == level).any():
        return None
    side = realisations_side_by_side(goals, realisations)
    return side[side["level"] == level], statuses[statuses["level"] == level]


def wellbeing_index_table(data: ReportData) -> Table | None:
    index = data.dataset(catalog.WELLBEING_INDEX.name)
    if index.empty:
        return None
    table = index.set_index("year")[["index", "note"]].rename(
        columns={"index": "Indeksi", "note": "Huomautus"}
    )
    table.index.name = "Vuosi"
    return make_table(table, {"Indeksi": decimal(1)}, caption="Hyvinvointi-indeksi (2020 = 100)")


def goal_section(data: ReportData, anchor: str, title: str, level: str) -> Section:
    """Goals of one level: status counts (traffic lights) and each goal with its status."""
    found = level_goals(data, level)
    if found is None:
        return Section(anchor, title, None)
    side, all_statuses = found
    side, statuses = defined_goals(side), defined_goals(all_statuses)
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
        goals=compact_table(data, side, level, f"{title} ja niiden tila"),
        empty_rows=len(template_rows(all_statuses)),
        details=Link(DETAILS_ANCHOR, DETAILS_TITLE),
        wellbeing_index=wellbeing_index_table(data) if level == STRATEGIC else None,
    )
    return Section(anchor, title, content)


def goal_details_appendix(data: ReportData) -> Section:
    """Liite: every goal of every level with its metric and realisation texts by date."""
    levels = []
    for _, title, level in LEVELS:
        found = level_goals(data, level)
        if found is not None:
            side = defined_goals(found[0])
            caption = f"{title}: toteuma raportointipäivittäin"
            levels.append(LevelDetails(title, goal_table(data, side, caption)))
    content = GoalDetails(tuple(levels)) if levels else None
    return Section(DETAILS_ANCHOR, DETAILS_TITLE, content, appendix=True)


def strategic_section(data: ReportData) -> Section:
    return goal_section(data, *LEVELS[0])


def council_section(data: ReportData) -> Section:
    return goal_section(data, *LEVELS[1])


def plan_section(data: ReportData) -> Section:
    return goal_section(data, *LEVELS[2])
