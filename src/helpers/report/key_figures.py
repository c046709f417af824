"""Tunnusluvut: net cost per resident and its reconciliation with the published key figures,
unit costs (``unit_cost_tables``), the HYTE coefficient explained, the published key figures
(without those printed in a unit that breaks their series,
``audit.inconsistent_key_figure_units``) and external funding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog
from helpers.audit import inconsistent_key_figure_units
from helpers.finnish import format_date, format_number
from helpers.hyte import HYTE_METRIC, references_until
from helpers.report import provenance
from helpers.report.formats import decimal, euros, year
from helpers.report.model import Link, ReportData, Section, Table, make_table
from helpers.report.unit_cost_tables import UnitCosts, unit_cost_content
from helpers.unit_costs import PER_RESIDENT, as_printed

ANCHOR, TITLE = "tunnusluvut", "Tunnusluvut"
WORKINGS_ANCHOR, WORKINGS_TITLE = "liite-tunnusluvut", "Tunnuslukujen täsmäytys ja suoritemäärät"
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


# The euros shared among all municipalities by the HYTE part of the state subsidy, as named
# in the national reference table (data/raw/kansalliset_vertailutiedot.csv).
NATIONAL_POT = "HYTE-lisäosa kunnille yhteensä"


@dataclass(frozen=True)
class National:
    """A national figure of the HYTE coefficient, with its source."""

    year: int
    value: float
    low: float | None
    high: float | None
    source: str

    @property
    def range_text(self) -> str:
        """``7,5–22`` as printed, or empty when the range is not known."""
        if self.low is None or self.high is None:
            return ""
        return f"{as_printed(self.low)}–{as_printed(self.high)}"


@dataclass(frozen=True)
class Hyte:
    """The HYTE coefficient: what it is worth in euros, how it compares, and the sources."""

    year: int
    value: float  # €/asukas, as reported
    value_eur: float  # value × population
    population: int
    source: str  # where the municipality's coefficient is reported
    comparisons: Table
    sentences: tuple[str, ...]  # the comparison with the target and the previous year, in words
    mean: National | None  # the municipalities' mean and range
    pot: National | None  # euros shared nationally

    @property
    def value_text(self) -> str:
        """The coefficient as reported: ``20,3``."""
        return as_printed(self.value)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every outside figure's source, once."""
        return tuple(dict.fromkeys(n.source for n in (self.mean, self.pot) if n is not None))


@dataclass(frozen=True)
class KeyFigures:
    template: ClassVar[str] = "key_figures.html.j2"
    population: int
    per_capita: Table
    workings: Link | None  # the appendix with the reconciliation, cost base and volumes
    unit_costs: UnitCosts | None
    hyte: Hyte | None
    published: Table | None
    omitted: tuple[str, ...]  # published figures left out: printed in a unit outside the series
    external_funding: Table | None


def per_capita_table(per_capita: pd.DataFrame, data: ReportData) -> Table:
    """Net cost per resident of each unit, one column per basis (TP, TA, forecast)."""
    wide = per_capita.pivot_table(
        index="unit", columns="basis", values="eur_per_resident", sort=False
    )
    statement = data.dataset(catalog.INCOME_STATEMENT.name)
    wide.index = [provenance.unit_title(statement, u, data.unit_name(u)) for u in wide.index]
    wide.index.name = "Nettokustannus, €/asukas"
    return make_table(wide, {c: decimal(2) for c in wide.columns}, caption="Euroa asukasta kohden")


def reconciliation_table(data: ReportData) -> Table | None:
    reconciliation = data.dataset(catalog.KEY_FIGURE_RECONCILIATION.name)
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


def hyte_sentence(comparison: str, reference: float, difference: float, effect: float) -> str:
    """``Kerroin on 0,30 €/asukas (5 386 €) pienempi kuin tavoite 2024 (20,6 €/asukas).``"""
    against = f"{comparison} ({as_printed(reference)} {PER_RESIDENT})"
    if round(difference, 2) == 0:
        return f"Kerroin on sama kuin {against}."
    words = "pienempi" if difference < 0 else "suurempi"
    return (
        f"Kerroin on {format_number(abs(difference), 2)} {PER_RESIDENT} "
        f"({format_number(abs(effect))} €) {words} kuin {against}."
    )


def national_hyte(data: ReportData, metric: str) -> National | None:
    """The latest national figure ``metric`` of kansalliset_vertailutiedot, with its source."""
    national = references_until(
        data.dataset(catalog.NATIONAL_REFERENCES.name), data.period_end.year
    )
    rows = national[national["metric"] == metric] if not national.empty else national
    if rows.empty:
        return None
    row = rows.sort_values("year").iloc[-1]
    low, high = (None if pd.isna(row[c]) else float(row[c]) for c in ("low", "high"))
    return National(int(row["year"]), float(row["value"]), low, high, str(row["source"]))


def hyte_source(data: ReportData, year: int) -> str:
    """Where the period's coefficient is reported: muut_mittarit's ``Lähde`` and date."""
    metrics = data.dataset(catalog.OTHER_METRICS.name)
    if metrics.empty:
        return ""
    rows = metrics[metrics["metric"].str.startswith(HYTE_METRIC)]
    rows = rows[rows["metric"].str.contains(str(year))]
    if rows.empty:
        return ""
    row = rows.sort_values("date").iloc[-1]
    when = "" if pd.isna(row["date"]) else f", {format_date(row['date'])}"
    return f"{row['section']}{when}"


def hyte_figures(data: ReportData) -> Hyte | None:
    hyte = data.dataset(catalog.HYTE.name)
    if hyte.empty:
        return None
    table = hyte.set_index("comparison")[["reference", "difference", "euro_effect"]].rename(
        columns={
            "reference": "Vertailuarvo, €/as",
            "difference": "Kerroin − vertailuarvo, €/as",
            "euro_effect": "Ero euroina",
        }
    )
    table.index.name = "Vertailu"
    comparisons = make_table(
        table,
        {
            "Vertailuarvo, €/as": decimal(2),
            "Kerroin − vertailuarvo, €/as": decimal(2),
            "Ero euroina": euros,
        },
        caption="HYTE-kerroin verrattuna tavoitteeseen, edelliseen vuoteen ja kuntien keskiarvoon",
    )
    # The municipality's own references (target, previous year) in words; the national
    # mean and range are told in the explanation with their source.
    national = data.dataset(catalog.NATIONAL_REFERENCES.name)
    outside = set(national["source"]) if not national.empty else set()
    own = hyte[~hyte["source"].isin(outside)]
    year = data.period_end.year
    return Hyte(
        year=year,
        value=float(hyte["value"].iloc[0]),
        value_eur=float(hyte["value_eur"].iloc[0]),
        population=int(hyte["population"].iloc[0]),
        source=hyte_source(data, year),
        comparisons=comparisons,
        sentences=tuple(
            hyte_sentence(r["comparison"], r["reference"], r["difference"], r["euro_effect"])
            for _, r in own.iterrows()
        ),
        mean=national_hyte(data, HYTE_METRIC),
        pot=national_hyte(data, NATIONAL_POT),
    )


def omitted_figures(key_figures: pd.DataFrame) -> pd.DataFrame:
    """Published key figures printed in a unit their series does not use (the audit's
    ``inconsistent_key_figure_units``): not comparable, so never shown as a key figure."""
    if key_figures.empty:
        return pd.DataFrame(columns=["figure", "unit_of_measure", "year", "value", "series_unit"])
    return inconsistent_key_figure_units(key_figures)


def omitted_notes(omitted: pd.DataFrame) -> tuple[str, ...]:
    """Why each left-out figure is left out, in words a board member can follow."""
    return tuple(
        f"{r['figure']} {int(r['year'])} ({as_printed(r['value'])} {r['unit_of_measure']}): "
        f"muina vuosina luku on {r['series_unit']}, joten {r['unit_of_measure']}-luku ei ole "
        "sama mittari eikä vertailukelpoinen. Se on jätetty pois tunnuslukujen vertailusta ja "
        "kirjattu tietojen laatuun tarkistettavaksi lähteestä."
        for _, r in omitted.iterrows()
    )


def published_table(data: ReportData, omitted: pd.DataFrame) -> Table | None:
    """The published key figures as printed (their own decimals), without ``omitted``."""
    figures = data.dataset(catalog.KEY_FIGURES.name)
    if figures.empty:
        return None
    left_out = set(zip(omitted["figure"], omitted["unit_of_measure"], omitted["year"], strict=True))
    keep = [
        (f, u, y) not in left_out
        for f, u, y in zip(
            figures["figure"], figures["unit_of_measure"], figures["year"], strict=True
        )
    ]
    figures = figures[keep]
    wide = figures.assign(
        column=figures["value_type"] + " " + figures["year"].astype(str)
    ).pivot_table(index=["figure", "unit_of_measure"], columns="column", values="value", sort=False)
    # Columns by year (2022 actual, 2023 forecast, 2024 target), whatever was left out.
    wide = wide[sorted(wide.columns, key=lambda c: (c.rpartition(" ")[2], c))]
    wide.index = [f"{f} ({u})" for f, u in wide.index]
    wide.index.name = "Tunnusluku"
    return make_table(wide, {c: _printed for c in wide.columns}, caption="Julkaistut tunnusluvut")


def _printed(value: object) -> str:
    return "–" if pd.isna(value) else as_printed(float(value))


def external_funding_table(data: ReportData) -> Table | None:
    """External funding in euros per service area and year, as published."""
    funding = data.dataset(catalog.EXTERNAL_FUNDING.name)
    if funding.empty:
        return None
    # The column says what each year's figure is, as printed: Toteutuma / Ennuste / Tavoite.
    labelled = funding.assign(column=funding["value_type"] + " " + funding["year"].astype(str))
    wide = labelled.pivot_table(index="service_area", columns="column", values="amount", sort=False)
    wide.index.name = "Ulkopuolinen rahoitus, €"
    return make_table(
        wide, {c: euros for c in wide.columns}, caption="Ulkopuolinen rahoitus palvelualueittain"
    )


@dataclass(frozen=True)
class KeyFigureWorkings:
    """Liite: the working tables behind the key figures."""

    template: ClassVar[str] = "key_figure_workings.html.j2"
    reconciliation: Table | None  # €/asukas: published, computed, difference, explanation
    cost_base: Table | None  # each function's net cost and the rule that split it
    volumes: Table | None  # the service volumes, given or derived


def _left_out(data: ReportData) -> set[tuple]:
    """The published figures printed in a unit outside their series: (figure, unit, year)."""
    omitted = omitted_figures(data.dataset(catalog.KEY_FIGURES.name))
    return set(zip(omitted["figure"], omitted["unit_of_measure"], omitted["year"], strict=True))


def key_figure_appendix(data: ReportData) -> Section:
    """Liite: the €/asukas reconciliation, the unit costs' cost base and service volumes."""
    reconciliation = reconciliation_table(data)
    unit_costs = unit_cost_content(data, _left_out(data))
    if reconciliation is None and unit_costs is None:
        return Section(WORKINGS_ANCHOR, WORKINGS_TITLE, None, appendix=True)
    content = KeyFigureWorkings(
        reconciliation,
        unit_costs.cost_base if unit_costs else None,
        unit_costs.volumes if unit_costs else None,
    )
    return Section(WORKINGS_ANCHOR, WORKINGS_TITLE, content, appendix=True)


def key_figure_section(data: ReportData) -> Section:
    per_capita = pd.concat(
        [data.dataset(catalog.PER_CAPITA.name), data.dataset(catalog.FORECAST_PER_CAPITA.name)],
        ignore_index=True,
    )
    if per_capita.empty:
        return Section(ANCHOR, TITLE, None)
    omitted = omitted_figures(data.dataset(catalog.KEY_FIGURES.name))
    unit_costs = unit_cost_content(data, _left_out(data))
    # The appendix exists only with a reconciliation or unit costs: never a dead link.
    has_workings = unit_costs is not None or reconciliation_table(data) is not None
    content = KeyFigures(
        population=int(per_capita["population"].iloc[0]),
        per_capita=per_capita_table(per_capita, data),
        workings=Link(WORKINGS_ANCHOR, WORKINGS_TITLE) if has_workings else None,
        unit_costs=unit_costs,
        hyte=hyte_figures(data),
        published=published_table(data, omitted),
        omitted=omitted_notes(omitted),
        external_funding=external_funding_table(data),
    )
    return Section(ANCHOR, TITLE, content)
