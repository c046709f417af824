"""Yhteenveto on one A4 page, built from the numbers: key figures, each unit's year-end
outlook (the model's forecast and management's own estimate side by side, with words, not
only colours), then one bullet per finding, each linking to the section it summarises."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog
from helpers.finnish import format_number, format_percent
from helpers.forecast.direction import ON_BUDGET
from helpers.forecast.lines import budget_direction
from helpers.report import (
    goals,
    investments,
    projects,
    provenance,
    risks,
    services,
    summary_points,
)
from helpers.report.forecast import section_link, year_ended
from helpers.report.formats import euros
from helpers.report.model import (
    KeyNumber,
    Link,
    ReportData,
    Section,
    Table,
    make_table,
)

ANCHOR, TITLE = "yhteenveto", "Yhteenveto"
MODEL, MANAGEMENT = "Mallin näkymä", "Johdon arvio"
NO_OVERALL = "ei kokonaisarviota"


@dataclass(frozen=True)
class Point:
    """One bullet: a heading, its findings and the section they come from."""

    heading: str
    items: tuple[str, ...]
    link: Link


@dataclass(frozen=True)
class Summary:
    template: ClassVar[str] = "summary.html.j2"
    key_numbers: tuple[KeyNumber, ...]
    outlook: Table | None
    points: tuple[Point, ...]


def forecast_key_numbers(data: ReportData) -> list[KeyNumber]:
    """The department's year-end forecast and how far it is from the budget."""
    forecast = data.dataset(catalog.FORECAST.name)
    if forecast.empty:
        return []
    department, net_line = data.config.department_unit.label, data.config.net_line
    rows = forecast[(forecast["unit"] == department) & (forecast["line"] == net_line)]
    if rows.empty:
        return []
    row = rows.iloc[0]
    deviation, budget = float(row["deviation_eur"]), float(row["budget"])
    ended = year_ended(data)
    year_end = KeyNumber(
        "Toteuma vuoden lopussa" if ended else "Ennuste vuoden lopussa",
        f"{format_number(row['forecast'])} €",
    )
    if pd.isna(budget):  # TA neither printed nor derivable: no deviation to state
        return [
            year_end,
            KeyNumber("Ero talousarvioon", "ei tietoa (ei talousarviota)"),
        ]
    # Inside the suite a net cost is negative and a net income positive; a positive deviation
    # (forecast − budget) is favourable for both: less net cost, or more net income.
    net_income = budget > 0 if budget else float(row["forecast"]) > 0
    above = (deviation > 0) == net_income
    side = "yli talousarvion" if above else "alle talousarvion"
    label = budget_direction(deviation, budget)
    what = ("Nettotuotto" if net_income else "Nettokustannus") + (
        " toteumassa" if ended else " ennusteessa"
    )
    gap = f"{format_number(abs(deviation))} € {side}"
    text = f"{label} ({gap})" if label == ON_BUDGET else f"{gap} ({label})"
    return [year_end, KeyNumber(what, text if deviation else label)]


def management_view(data: ReportData, unit: str) -> tuple[float, str]:
    """Management's estimate for a unit's net margin (euros, or NaN) and its direction; when
    only some lines were estimated, which lines and in which direction."""
    comparison = data.dataset(catalog.FORECAST_MANAGEMENT.name)
    if comparison.empty:
        return float("nan"), NO_OVERALL
    stated = comparison["management_direction"].fillna("") != ""
    own = comparison[(comparison["unit"] == unit) & stated]
    net = own[own["line"] == data.config.net_line]
    if not net.empty:
        row = net.iloc[0]
        return float(row["management_amount"]), str(row["management_direction"])
    if own.empty:
        return float("nan"), NO_OVERALL
    by_direction = own.groupby("management_direction", sort=False)["line"]
    lines = "; ".join(f"{d}: {', '.join(names)}" for d, names in by_direction)
    return float("nan"), f"{NO_OVERALL}; {lines}"


def outlook_table(data: ReportData) -> Table | None:
    """Every unit's net margin at year end: budget, the model's forecast and its direction,
    management's estimate and its direction (badges with words)."""
    fc = data.dataset(catalog.FORECAST.name)
    if fc.empty:
        return None
    net = fc[fc["line"] == data.config.net_line].set_index("unit")
    statement = data.dataset(catalog.INCOME_STATEMENT.name)
    units = [u.label for u in data.config.units if u.label in net.index]
    views = [management_view(data, unit) for unit in units]
    table = pd.DataFrame(
        {
            f"TA {data.period_end.year}": net.loc[units, "budget"].to_numpy(),
            "Ennuste": net.loc[units, "forecast"].to_numpy(),
            "Ero TA:sta, €": net.loc[units, "deviation_eur"].to_numpy(),
            MODEL: net.loc[units, "deviation_label"].to_numpy(),
            "Johdon arvio, €": [amount for amount, _ in views],
            MANAGEMENT: [direction for _, direction in views],
        },
        index=[provenance.unit_title(statement, u, data.unit_name(u)) for u in units],
    )
    table.index.name = "Yksikkö"
    money = ("TA", "Ennuste", "Ero TA:sta, €", "Johdon arvio, €")
    return make_table(
        table,
        {c: euros for c in table.columns if c.startswith(money)},
        caption=f"{data.config.net_line}: näkymä vuoden loppuun (euroa); ero TA:sta on "
        "positiivinen, kun nettokustannus jää talousarviota pienemmäksi (suotuisa)",
        emphasize=frozenset({data.config.department_unit.name}),
        badges=frozenset({MODEL, MANAGEMENT}),
    )


Finder = Callable[[ReportData], tuple[str, ...]]


def findings(data: ReportData) -> list[tuple[str, Finder, Link]]:
    """Every bullet of the summary: heading, what computes it, and the section it links to."""
    forecast_link = section_link(data)
    goal_bullets = [
        (title, functools.partial(summary_points.goal_counts, level=level), Link(anchor, title))
        for anchor, title, level in goals.LEVELS
    ]
    return [
        ("Suurimmat suotuisat poikkeamat", summary_points.favourable_deviations, forecast_link),
        (
            "Suurimmat epäsuotuisat poikkeamat",
            summary_points.unfavourable_deviations,
            forecast_link,
        ),
        ("Tiedossa, mutta ei talousarviossa", summary_points.known_unbudgeted, forecast_link),
        (
            "Malli ja johdon arvio eroavat (yli kynnyksen)",
            summary_points.disagreements,
            forecast_link,
        ),
        *goal_bullets,
        ("Kyselytavoitteet", summary_points.survey_targets, Link(services.ANCHOR, services.TITLE)),
        ("Investoinnit", summary_points.investments, Link(investments.ANCHOR, investments.TITLE)),
        (
            "Suurimmat riskit (todennäköisyys × merkittävyys)",
            summary_points.top_risks,
            Link(risks.ANCHOR, risks.TITLE),
        ),
        (
            f"Hankkeet, joiden menot ylittävät "
            f"{format_number(summary_points.FULL_SPENDING_PCT)} % rahoituksesta",
            summary_points.overspent_projects,
            Link(projects.ANCHOR, projects.TITLE),
        ),
    ]


def points(data: ReportData) -> tuple[Point, ...]:
    """The findings of the period; a finding without data is left out."""
    found = ((heading, finder(data), link) for heading, finder, link in findings(data))
    return tuple(Point(heading, items, link) for heading, items, link in found if items)


def summary_section(data: ReportData) -> Section:
    """Key numbers, each unit's outlook and the findings of the period on one page."""
    realisation = data.dataset(catalog.BUDGET_REALISATION.name)
    if realisation.empty:
        return Section(ANCHOR, TITLE, None)
    department, net_line = data.config.department_unit.label, data.config.net_line
    own = realisation[realisation["unit"] == department]
    row = own[own["line"] == net_line].iloc[0]
    numbers = [
        KeyNumber(f"{net_line}, toteuma", f"{format_number(row['actual'])} €"),
        KeyNumber("Toteuma talousarviosta", format_percent(row["realisation_pct"])),
        KeyNumber("Vuodesta kulunut", format_percent(row["elapsed_pct"], 0)),
        *forecast_key_numbers(data),
    ]
    content = Summary(
        tuple(numbers),
        outlook_table(data),
        points(data),
    )
    return Section(ANCHOR, TITLE, content)
