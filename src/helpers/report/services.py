"""Palvelut, kyselyt ja käyttöasteet: survey shares with confidence intervals, survey
averages, early-education occupancy and free places, student welfare groups, visitors."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

import pandas as pd

from helpers import catalog, charts
from helpers.finnish import format_date, format_percent
from helpers.report.formats import decimal, integer
from helpers.report.model import KeyNumber, ReportData, Section, Table, make_table
from helpers.report.survey_shares import SurveyShares, survey_shares

ANCHOR, TITLE = "palvelut", "Palvelut, kyselyt ja käyttöasteet"
OCCUPANCY_TITLE = "Käyttöaste"  # when entity.yml names no occupancy_title
AVERAGE_COLUMNS = {
    "measure": "Mittari",
    "when": "Ajankohta",
    "value": "Tulos",
    "scale": "Asteikko",
    "reference_value": "Vertailuarvo",
    "reference_type": "Vertailu",
}


@dataclass(frozen=True)
class Occupancy:
    key_numbers: tuple[KeyNumber, ...]
    chart: charts.Chart
    table: Table


@dataclass(frozen=True)
class Services:
    template: ClassVar[str] = "services.html.j2"
    shares: SurveyShares | None  # shares, their complements and intervals
    averages: Table | None
    occupancy_title: str  # entity.yml occupancy_title: whose occupancy it is
    occupancy: Occupancy | None  # with free_places, under occupancy_title when either is there
    free_places: Table | None
    welfare_groups: Table | None
    visitors: Table | None


def survey_averages(data: ReportData) -> Table | None:
    surveys = data.dataset(catalog.SURVEYS.name)
    values = surveys.dropna(subset=["value"]) if not surveys.empty else surveys
    if values.empty:
        return None
    table = values.set_index("survey")[list(AVERAGE_COLUMNS)].rename(columns=AVERAGE_COLUMNS)
    table.index.name = "Kysely"
    return make_table(
        table,
        {"Tulos": decimal(2), "Vertailuarvo": decimal(2)},
        caption="Keskiarvoina raportoidut kyselytulokset",
    )


def occupancy(data: ReportData) -> Occupancy | None:
    monthly = data.dataset(catalog.OCCUPANCY.name)
    if monthly.empty:
        return None
    summary = data.dataset(catalog.OCCUPANCY_SUMMARY.name).iloc[0]
    table = (
        monthly.assign(Kuukausi=monthly["month"].map(lambda d: f"{d.month}/{d.year}"))
        .set_index("Kuukausi")[["occupancy_pct"]]
        .rename(columns={"occupancy_pct": "Käyttöaste %"})
    )
    return Occupancy(
        (
            KeyNumber("Jakson keskiarvo", format_percent(summary["average_pct"])),
            KeyNumber("Alin kuukausi", format_percent(summary["min_pct"])),
            KeyNumber("Ylin kuukausi", format_percent(summary["max_pct"])),
        ),
        charts.occupancy_chart(monthly, summary["average_pct"]),
        make_table(table, {"Käyttöaste %": decimal(2)}, caption="Käyttöaste kuukausittain"),
    )


def free_places(data: ReportData) -> Table | None:
    free = data.dataset(catalog.FREE_PLACES.name)
    if free.empty:
        return None
    table = (
        free.assign(Päivä=free["date"].map(lambda d: format_date(d.date())))
        .set_index("Päivä")[["free_early_education_pct", "free_pre_school_pct"]]
        .rename(
            columns={
                "free_early_education_pct": "Vapaat varhaiskasvatuspaikat %",
                "free_pre_school_pct": "Vapaat esiopetuspaikat %",
            }
        )
    )
    return make_table(
        table, {c: decimal(2) for c in table.columns}, caption="Vapaat paikat, % kaikista paikoista"
    )


def periods(frame: pd.DataFrame) -> list[str]:
    """``1.1.2024–30.6.2024`` for each row's ``start`` and ``end``."""
    return [
        f"{format_date(a.date())}–{format_date(b.date())}"
        for a, b in zip(frame["start"], frame["end"], strict=True)
    ]


def welfare_groups(data: ReportData) -> Table | None:
    meetings = data.dataset(catalog.WELFARE_GROUP_MEETINGS.name)
    if meetings.empty:
        return None
    table = (
        meetings.assign(Jakso=periods(meetings))
        .set_index("Jakso")[["meetings"]]
        .rename(columns={"meetings": "Kokoontumiset"})
    )
    return make_table(
        table,
        {"Kokoontumiset": integer},
        caption="Yhteisöllisten opiskeluhuoltoryhmien kokoontumiset",
    )


def visitors(data: ReportData) -> Table | None:
    counts = data.dataset(catalog.VISITORS.name)
    if counts.empty:
        return None
    table = counts.assign(Jakso=periods(counts), Tarkkuus=counts["precision"])
    table = table.set_index("venue")[["Jakso", "Tarkkuus", "visitors"]]
    table = table.rename(columns={"visitors": "Kävijöitä"})
    table.index.name = "Kohde"
    return make_table(table, {"Kävijöitä": integer}, caption="Kävijämäärät")


def services_section(data: ReportData) -> Section:
    """The section, or "ei tietoa" (``content`` None) when the entity has none of its data."""
    content = Services(
        shares=survey_shares(data),
        averages=survey_averages(data),
        occupancy_title=data.config.occupancy_title or OCCUPANCY_TITLE,
        occupancy=occupancy(data),
        free_places=free_places(data),
        welfare_groups=welfare_groups(data),
        visitors=visitors(data),
    )
    parts = [getattr(content, f.name) for f in fields(content) if f.name != "occupancy_title"]
    if all(part is None for part in parts):
        return Section(ANCHOR, TITLE, None)
    return Section(ANCHOR, TITLE, content)
