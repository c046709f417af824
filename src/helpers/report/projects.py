"""Hankkeet: projects by funder and by strategic goal, and every project's status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from helpers.report.formats import decimal, euros, integer
from helpers.report.model import ReportData, Section, Table, make_table

ANCHOR, TITLE = "hankkeet", "Hankkeet"
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
    listing: Table


def totals_table(data: ReportData, name: str, index_name: str) -> Table:
    """Count, total funding, the city's share and external funding per funder or goal."""
    table = data.dataset(name).rename(columns=TOTAL_COLUMNS)
    table = table.set_index(table.columns[0])
    table.index.name = index_name
    formats = {"Hankkeita": integer} | {c: euros for c in list(TOTAL_COLUMNS.values())[1:]}
    return make_table(table, formats, caption=f"Hankkeet: {index_name.lower()}")


def listing_table(data: ReportData) -> Table:
    projects = data.dataset("project_details")
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
    projects = data.dataset("project_details")
    if projects.empty:
        return Section(ANCHOR, TITLE, None)
    content = Projects(
        year=data.period_end.year,
        count=len(projects),
        total_funding=float(projects["total_funding"].sum()),
        city_share_eur=float(projects["city_share_eur"].sum()),
        ending=int(projects["ends_this_year"].sum()),
        by_funder=totals_table(data, "project_totals_by_funder", "Rahoittaja"),
        by_goal=totals_table(data, "project_totals_by_goal", "Strateginen päämäärä"),
        listing=listing_table(data),
    )
    return Section(ANCHOR, TITLE, content)
