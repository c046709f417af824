"""Hankkeet: projects by funder and by strategic goal in the main body; every project with
its funding, spending and status text is the appendix ``Hankkeet kokonaisuudessaan``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from helpers import catalog
from helpers.report.formats import decimal, euros, integer
from helpers.report.model import Link, ReportData, Section, Table, make_table

ANCHOR, TITLE = "hankkeet", "Hankkeet"
LISTING_ANCHOR, LISTING_TITLE = "liite-hankkeet", "Hankkeet kokonaisuudessaan"
TOTAL_COLUMNS = {
    "projects": "Hankkeita",
    "total_funding": "Kokonaisrahoitus, €",
    "city_share_eur": "Kaupungin osuus, €",
    "external_eur": "Ulkopuolinen rahoitus, €",
}


@dataclass(frozen=True)
class Projects:
    template: ClassVar[str] = "projects.html.j2"
    year: int
    count: int
    total_funding: float
    city_share_eur: float
    ending: int  # projects that end in ``year``
    by_funder: Table
    by_goal: Table
    listing: Link  # the appendix with every project


@dataclass(frozen=True)
class ProjectListing:
    template: ClassVar[str] = "project_listing.html.j2"
    listing: Table


def totals_table(data: ReportData, name: str, index_name: str) -> Table:
    """Count, total funding, the city's share and external funding per funder or goal."""
    table = data.dataset(name).rename(columns=TOTAL_COLUMNS)
    table = table.set_index(table.columns[0])
    table.index.name = index_name
    formats = {"Hankkeita": integer} | {c: euros for c in list(TOTAL_COLUMNS.values())[1:]}
    return make_table(table, formats, caption=f"Hankkeet: {index_name.lower()}")


def listing_table(data: ReportData) -> Table:
    projects = data.dataset(catalog.PROJECT_DETAILS.name)
    listing = projects.set_index("project")[
        [
            "duration",
            "funder",
            "total_funding",
            "city_share_pct",
            "city_share_eur",
            "spending_printed",
            "ends_this_year",
            "status_text",
        ]
    ].copy()
    listing["ends_this_year"] = listing["ends_this_year"].map({True: "kyllä", False: ""})
    listing = listing.rename(
        columns={
            "duration": "Toteutusaika",
            "funder": "Rahoittaja",
            "total_funding": "Kokonaisrahoitus, €",
            "city_share_pct": "Kaupungin osuus %",
            "city_share_eur": "Kaupungin osuus, €",
            "spending_printed": "Menojen toteuma %",
            "ends_this_year": f"Päättyy {data.period_end.year}",
            "status_text": "Tilannekatsaus",
        }
    )
    listing.index.name = "Hanke"
    return make_table(
        listing,
        {
            "Kokonaisrahoitus, €": euros,
            "Kaupungin osuus %": decimal(0),
            "Kaupungin osuus, €": euros,
        },
        caption="Hankkeet",
    )


def project_section(data: ReportData) -> Section:
    projects = data.dataset(catalog.PROJECT_DETAILS.name)
    if projects.empty:
        return Section(ANCHOR, TITLE, None)
    content = Projects(
        year=data.period_end.year,
        count=len(projects),
        total_funding=float(projects["total_funding"].sum()),
        city_share_eur=float(projects["city_share_eur"].sum()),
        ending=int(projects["ends_this_year"].sum()),
        by_funder=totals_table(data, catalog.PROJECT_TOTALS_BY_FUNDER.name, "Rahoittaja"),
        by_goal=totals_table(data, catalog.PROJECT_TOTALS_BY_GOAL.name, "Strateginen päämäärä"),
        listing=Link(LISTING_ANCHOR, LISTING_TITLE),
    )
    return Section(ANCHOR, TITLE, content)


def project_listing_appendix(data: ReportData) -> Section:
    """Liite: every project with its funding, spending and status text."""
    if data.dataset(catalog.PROJECT_DETAILS.name).empty:
        return Section(LISTING_ANCHOR, LISTING_TITLE, None, appendix=True)
    return Section(
        LISTING_ANCHOR, LISTING_TITLE, ProjectListing(listing_table(data)), appendix=True
    )
