"""Talousarvion toteutuminen: the net margin of every unit against the budget and the pace
of the year, and each unit's assessments, in the main body; each unit's income statement and
the lines running ahead of the year's pace are the appendix ``Tuloslaskelmat yksiköittäin``,
linked from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog, charts
from helpers.finnish import format_number
from helpers.income_statement import MEASURES, column_labels, statement_table
from helpers.indicators import PACE_THRESHOLD_POINTS
from helpers.narrative import pace_label
from helpers.report import assessments, provenance
from helpers.report.formats import decimal, euros, percent_value
from helpers.report.model import Assessment, Link, ReportData, Section, Table, make_table
from helpers.statement_headers import ACTUAL_YTD, BUDGET, PRIOR_YTD

ANCHOR, TITLE = "talous", "Talousarvion toteutuminen"
STATEMENTS_ANCHOR, STATEMENTS_TITLE = "liite-tuloslaskelmat", "Tuloslaskelmat yksiköittäin"
PACE_DIRECTION = "Suunta"  # the pace's direction in words (suotuisa / epäsuotuisa)
# The change from the same period last year (TOT − last year's TOT), in euros and per cent.
CHANGE_EUR = "Muutos ed. vuoden samasta ajasta, €"
CHANGE_PCT = "Muutos ed. vuoden samasta ajasta, %"


@dataclass(frozen=True)
class UnitBudget:
    """A unit in the main body: the computed narrative and management's own assessment."""

    name: str
    narrative: Assessment | None
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class Budget:
    template: ClassVar[str] = "budget.html.j2"
    overview: Table
    overview_notes: tuple[str, ...]  # what the source did not print or the suite derived
    chart: charts.Chart
    units: tuple[UnitBudget, ...]
    statements: Link  # the appendix with every unit's statement and the lines ahead of pace


@dataclass(frozen=True)
class UnitStatement:
    name: str
    statement: Table
    notes: tuple[str, ...]  # how the unit's figures came about (computed, derived TA)


@dataclass(frozen=True)
class Statements:
    """Liite: the lines running ahead of the year's pace, then every unit's statement."""

    template: ClassVar[str] = "statements.html.j2"
    ahead_of_pace: Table | None
    units: tuple[UnitStatement, ...]


def overview_table(data: ReportData, net: pd.DataFrame, elapsed: float) -> Table:
    """The net margin of every unit: TA, TOT, TOT-%, pace and the change from the same
    period last year, every header with its unit (€, %, %-yks.).

    What the source did not print reads "ei tietoa", and so does every comparison that needs
    it: no TA, no Jäljellä, TOT-% or pace; no last year's actual, no change from it.
    """
    statement = data.dataset(catalog.INCOME_STATEMENT.name)
    budget = "TA, €"
    if not provenance.derived_budgets(statement).empty:
        budget = f"TA {provenance.DERIVED_MARK}, €"
    table = pd.DataFrame(
        {
            budget: net["budget"],
            "TOT, €": net["actual"],
            "Jäljellä, €": net["remaining"],
            "TOT-%": net["realisation_pct"],
            "Ero kuluneeseen aikaan, %-yks.": net["pace_deviation_points"],
            PACE_DIRECTION: [
                pace_label(p, b)
                for p, b in zip(net["pace_deviation_points"], net["budget"], strict=True)
            ],
            CHANGE_EUR: net["change_eur"],
            CHANGE_PCT: net["change_pct"],
        }
    )
    no_budget, no_prior = net["budget"].isna(), net["prior_actual"].isna()
    unknown = pd.DataFrame({column: no_budget for column in list(table.columns)[:6]})
    unknown["TOT, €"] = net["actual"].isna()
    unknown[CHANGE_EUR] = unknown[CHANGE_PCT] = no_prior
    labels = [provenance.unit_title(statement, u, data.unit_name(u)) for u in table.index]
    table.index = unknown.index = labels
    table.index.name = data.config.net_line
    formats = {c: euros for c in (budget, "TOT, €", "Jäljellä, €", CHANGE_EUR)}
    formats.update(
        {c: decimal(2) for c in table.columns if c not in formats and c != PACE_DIRECTION}
    )
    caption = (
        f"Toimintakatteen toteutuminen {data.date_text}; vuodesta on kulunut "
        f"{format_number(elapsed, 0)} %. {change_basis(statement)}"
    )
    return make_table(
        table, formats, caption=caption, unknown=unknown, badges=frozenset({PACE_DIRECTION})
    )


def change_basis(statement: pd.DataFrame) -> str:
    """What the change columns compare, in the statement's own column labels: ``Muutos ed.
    vuoden samasta ajasta: TOT 2024 6 kk − TOT 2023 6 kk, euroina ja prosentteina
    TOT 2023 6 kk:n määrästä.``"""
    labels = column_labels(statement)
    current = labels.get(ACTUAL_YTD) or provenance.absent_label(statement, ACTUAL_YTD)
    prior = labels.get(PRIOR_YTD) or provenance.absent_label(statement, PRIOR_YTD)
    return (
        f"Muutos ed. vuoden samasta ajasta: {current} − {prior}, euroina ja prosentteina "
        f"{prior}:n määrästä."
    )


def overview_notes(data: ReportData) -> tuple[str, ...]:
    """Notes under the overview: the measures the source lacks and where the department's
    and the TA's numbers come from."""
    statement = data.dataset(catalog.INCOME_STATEMENT.name)
    department = data.config.department_unit
    notes = [
        provenance.absent_note(statement),
        provenance.computed_note(statement, department.label, department.name),
    ]
    if not provenance.derived_budgets(statement).empty:
        notes.append(
            f"TA {provenance.DERIVED_MARK}: lähde ei tulosta talousarviota; se on johdettu "
            "toteumasta ja painetusta toteumaprosentista, ja sen pyöristyksen sallima väli "
            "kerrotaan kunkin yksikön tuloslaskelman alla."
        )
    return tuple(note for note in notes if note)


def ahead_of_pace_table(
    data: ReportData, realisation: pd.DataFrame, elapsed: float
) -> Table | None:
    """Lines whose realisation runs ahead of the year's pace by more than the threshold."""
    ahead = realisation[realisation["ahead_of_pace"]]
    if ahead.empty:
        return None
    statement = data.dataset(catalog.INCOME_STATEMENT.name)
    names = [provenance.unit_title(statement, u, data.unit_name(u)) for u in ahead["unit"]]
    listing = ahead.assign(Yksikkö=names).set_index("Yksikkö")
    listing = listing[["line", "budget", "actual", "realisation_pct"]].rename(
        columns={
            "line": "Rivi",
            "budget": "TA, €",
            "actual": "TOT, €",
            "realisation_pct": "TOT-%",
        }
    )
    return make_table(
        listing,
        {"TA, €": euros, "TOT, €": euros, "TOT-%": decimal(2)},
        caption=f"Rivit, joiden toteuma-% on kuluneeseen aikaan ({format_number(elapsed, 0)} %) "
        f"nähden yli {format_number(PACE_THRESHOLD_POINTS, 0)} %-yksikköä suurempi",
    )


def statement(data: ReportData, unit_label: str) -> Table:
    """A unit's income statement (TULOSLASKELMA, NETTOSITOVUUS) in the printed layout, with
    the columns the source did not print shown as "ei tietoa"."""
    tidy = data.dataset(catalog.INCOME_STATEMENT.name)
    table = statement_table(tidy, data.config, unit_label)
    labels = column_labels(tidy[tidy["unit"] == unit_label])
    for measure in provenance.absent_measures(tidy):
        position = sum(1 for m in MEASURES[: MEASURES.index(measure)] if labels.get(m) in table)
        label = provenance.absent_label(tidy, measure)
        table.insert(position, label, float("nan"))
        labels[measure] = label
    amounts = [labels[m] for m in MEASURES if labels.get(m) in table]
    unknown = pd.DataFrame(False, index=table.index, columns=table.columns)
    unknown[amounts] = table[amounts].isna()
    if "Jäljellä" in table:  # Jäljellä and TOT-% need both TA and TOT
        needs = unknown[[labels[BUDGET], labels[ACTUAL_YTD]]].any(axis=1)
        unknown[["Jäljellä", table.columns[-1]]] = pd.concat([needs, needs], axis=1).to_numpy()
    if not provenance.derived_budgets(tidy, unit_label).empty:
        table = table.rename(
            columns={labels[BUDGET]: f"{labels[BUDGET]} {provenance.DERIVED_MARK}"}
        )
        unknown.columns = table.columns
    formats = {col: euros for col in table.columns}
    if "Jäljellä" in table:  # then TOT-% is the last column (statement_table)
        formats[table.columns[-1]] = percent_value
    title = provenance.unit_title(tidy, unit_label, data.unit_name(unit_label))
    return make_table(
        table,
        formats,
        caption=f"{title}: tuloslaskelma, nettositovuus (euroa)",
        emphasize=data.subtotals,
        unknown=unknown,
    )


def unit_notes(data: ReportData, unit_label: str) -> tuple[str, ...]:
    """Notes under a unit's statement: a computed department, a derived TA and its range."""
    tidy = data.dataset(catalog.INCOME_STATEMENT.name)
    name = data.unit_name(unit_label)
    notes = (
        provenance.computed_note(tidy, unit_label, name),
        provenance.derived_note(tidy, unit_label),
    )
    return tuple(note for note in notes if note)


def unit_title(data: ReportData, unit_label: str) -> str:
    statement_rows = data.dataset(catalog.INCOME_STATEMENT.name)
    return provenance.unit_title(statement_rows, unit_label, data.unit_name(unit_label))


def budget_section(data: ReportData) -> Section:
    if data.dataset(catalog.INCOME_STATEMENT.name).empty:
        return Section(ANCHOR, TITLE, None)
    config = data.config
    realisation = data.dataset(catalog.BUDGET_REALISATION.name)
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
            unit_title(data, unit.label),
            assessments.computed(data, unit.label),
            assessments.written(data, unit.label, assessments.BUDGET_TOPIC),
        )
        for unit in config.units
    )
    content = Budget(
        overview_table(data, net, elapsed),
        overview_notes(data),
        chart,
        units,
        Link(STATEMENTS_ANCHOR, STATEMENTS_TITLE),
    )
    return Section(ANCHOR, TITLE, content)


def statements_appendix(data: ReportData) -> Section:
    """Liite: the lines ahead of the year's pace and every unit's income statement."""
    if data.dataset(catalog.INCOME_STATEMENT.name).empty:
        return Section(STATEMENTS_ANCHOR, STATEMENTS_TITLE, None, appendix=True)
    realisation = data.dataset(catalog.BUDGET_REALISATION.name)
    net = realisation[realisation["line"] == data.config.net_line]
    elapsed = float(net["elapsed_pct"].iloc[0])
    units = tuple(
        UnitStatement(
            unit_title(data, unit.label), statement(data, unit.label), unit_notes(data, unit.label)
        )
        for unit in data.config.units
    )
    content = Statements(ahead_of_pace_table(data, realisation, elapsed), units)
    return Section(STATEMENTS_ANCHOR, STATEMENTS_TITLE, content, appendix=True)
