"""Tunnusluvut: net cost per resident, the reconciliation with published key figures, the
HYTE coefficient, the published key figures and external funding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers.report.formats import as_printed, decimal, euros, year
from helpers.report.model import ReportData, Section, Table, make_table

ANCHOR, TITLE = "tunnusluvut", "Tunnusluvut"
RECONCILIATION_COLUMNS = {
    "figures": "Julkaistu tunnusluku",
    "published_as": "Laji",
    "year": "Vuosi",
    "published": "Julkaistu €/as",
    "basis": "Laskentaperuste",
    "recomputed": "Laskettu €/as",
    "difference": "Ero",
    "explanation": "Selitys",
}


@dataclass(frozen=True)
class Hyte:
    """The HYTE coefficient (€/resident and €) against its references."""

    value: float
    value_eur: float
    population: int
    comparisons: Table


@dataclass(frozen=True)
class KeyFigures:
    template: ClassVar[str] = "key_figures.html.j2"
    population: int
    per_capita: Table
    reconciliation: Table | None
    hyte: Hyte | None
    published: Table | None
    external_funding: Table | None


def per_capita_table(per_capita: pd.DataFrame, data: ReportData) -> Table:
    """Net cost per resident of each unit, one column per basis (TP, TA, forecast)."""
    wide = per_capita.pivot_table(
        index="unit", columns="basis", values="eur_per_resident", sort=False
    )
    wide.index = [data.unit_name(u) for u in wide.index]
    wide.index.name = "Nettokustannus, €/asukas"
    return make_table(wide, {c: decimal(2) for c in wide.columns}, caption="Euroa asukasta kohden")


def reconciliation_table(data: ReportData) -> Table | None:
    reconciliation = data.dataset("key_figure_reconciliation")
    if reconciliation.empty:
        return None
    table = reconciliation.assign(Yksikkö=reconciliation["unit"].map(data.unit_name))
    table = table.set_index("Yksikkö")[list(RECONCILIATION_COLUMNS)]
    table = table.rename(columns=RECONCILIATION_COLUMNS)
    return make_table(
        table,
        {
            "Vuosi": year,
            "Julkaistu €/as": decimal(2),
            "Laskettu €/as": decimal(2),
            "Ero": decimal(2),
        },
        caption="Täsmäytys julkaistuihin tunnuslukuihin",
    )


def hyte_figures(data: ReportData) -> Hyte | None:
    hyte = data.dataset("hyte")
    if hyte.empty:
        return None
    table = hyte.set_index("comparison")[["reference", "difference", "euro_effect"]].rename(
        columns={
            "reference": "Vertailuarvo, €/as",
            "difference": "Ero, €/as",
            "euro_effect": "Ero euroina",
        }
    )
    table.index.name = "Vertailu"
    comparisons = make_table(
        table,
        {"Vertailuarvo, €/as": decimal(2), "Ero, €/as": decimal(2), "Ero euroina": euros},
        caption="HYTE-kerroin verrattuna tavoitteeseen, edelliseen vuoteen ja kuntien keskiarvoon",
    )
    return Hyte(
        float(hyte["value"].iloc[0]),
        float(hyte["value_eur"].iloc[0]),
        int(hyte["population"].iloc[0]),
        comparisons,
    )


def published_table(data: ReportData) -> Table | None:
    figures = data.dataset("key_figures")
    if figures.empty:
        return None
    wide = figures.assign(
        column=figures["value_type"] + " " + figures["year"].astype(str)
    ).pivot_table(index=["figure", "unit_of_measure"], columns="column", values="value", sort=False)
    wide.index = [f"{f} ({u})" for f, u in wide.index]
    wide.index.name = "Tunnusluku"
    return make_table(wide, {c: as_printed for c in wide.columns}, caption="Julkaistut tunnusluvut")


def external_funding_table(data: ReportData) -> Table | None:
    """External funding in euros per service area and year, as published."""
    funding = data.dataset("external_funding")
    if funding.empty:
        return None
    wide = funding.pivot_table(index="service_area", columns="year", values="amount", sort=False)
    wide.columns = [str(c) for c in wide.columns]
    wide.index.name = "Ulkopuolinen rahoitus, €"
    return make_table(
        wide, {c: euros for c in wide.columns}, caption="Ulkopuolinen rahoitus palvelualueittain"
    )


def key_figure_section(data: ReportData) -> Section:
    per_capita = pd.concat(
        [data.dataset("per_capita"), data.dataset("forecast_per_capita")], ignore_index=True
    )
    if per_capita.empty:
        return Section(ANCHOR, TITLE, None)
    content = KeyFigures(
        population=int(per_capita["population"].iloc[0]),
        per_capita=per_capita_table(per_capita, data),
        reconciliation=reconciliation_table(data),
        hyte=hyte_figures(data),
        published=published_table(data),
        external_funding=external_funding_table(data),
    )
    return Section(ANCHOR, TITLE, content)
