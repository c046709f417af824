"""The management report: Finnish sections as HTML fragments built from the processed tables.

Every section takes the period's processed tables and returns escaped HTML; a section whose
tables are missing for the period says "Ei tietoa". The notebook ``40_report`` only loads the
tables and displays ``build_report``'s sections.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from helpers import catalog, charts
from helpers.config import EntityConfig
from helpers.finnish import format_date, format_number, format_percent
from helpers.forecast import METHOD_NAMES
from helpers.goals import realisations_side_by_side, status_counts
from helpers.income_statement import statement_table
from helpers.indicators import PACE_THRESHOLD_POINTS
from helpers.narrative import unit_narrative
from helpers.render import (
    as_printed,
    decimal,
    euros,
    integer,
    paragraphs,
    percent_value,
    table_html,
)
from helpers.surveys import MIN_CELL

NO_DATA = '<p class="no-data">Ei tietoa: tälle ajankohdalle ei ole aineistoa.</p>'


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    body: str

    def html(self) -> str:
        return (
            f'<section id="{self.anchor}"><h2>{html.escape(self.title)}</h2>{self.body}</section>'
        )


@dataclass(frozen=True)
class ReportData:
    config: EntityConfig
    period_end: dt.date
    tables: dict[str, pd.DataFrame]
    # Every table the report shows, as (caption, frame), for the analysts' tables.xlsx.
    shown: list[tuple[str, pd.DataFrame]] = field(default_factory=list)

    def table(self, frame: pd.DataFrame, formats, caption: str, **options) -> str:
        """Render a report table and remember it for the workbook."""
        self.shown.append((caption, frame))
        return table_html(frame, formats, caption=caption, **options)

    def get(self, name: str) -> pd.DataFrame:
        return catalog.Tables(self.tables)[name]

    def unit_name(self, label: str) -> str:
        unit = self.config.unit_by_label(label)
        return unit.name if unit else label

    @property
    def date_text(self) -> str:
        return format_date(self.period_end)


def title_block(config: EntityConfig, period_end: dt.date) -> str:
    """Report title with the reporting period, e.g. ``1.1.–30.6.2024``."""
    start = dt.date(period_end.year, 1, 1)
    period = f"{start.day}.{start.month}.–{format_date(period_end)}"
    return (
        f"<h1>{html.escape(config.report_title)} {html.escape(period)}</h1>"
        f'<p class="report-meta">{html.escape(config.municipality)} · '
        f"{html.escape(config.department)}</p>"
    )


def table_of_contents(sections: list[Section]) -> str:
    items = "".join(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>' for s in sections)
    return f'<nav class="toc"><strong>Sisällys</strong><ol>{items}</ol></nav>'


# --- Budget realisation ---------------------------------------------------------------------


def income_statement_section(data: ReportData, unit_label: str, heading_level: int = 3) -> str:
    """A unit's income statement (TULOSLASKELMA, NETTOSITOVUUS) in the printed layout."""
    config = data.config
    unit = config.unit_by_label(unit_label)
    table = statement_table(data.get("income_statement"), config, unit_label)
    formats = {col: euros for col in table.columns}
    formats[table.columns[-1]] = percent_value
    subtotals = frozenset(line.name for line in config.lines if line.is_subtotal)
    name = unit.name if unit else unit_label
    return f"<h{heading_level}>{html.escape(name)}</h{heading_level}>" + data.table(
        table,
        formats,
        caption=f"{name}: tuloslaskelma, nettositovuus (euroa)",
        emphasize=subtotals,
    )


def _assessments(data: ReportData, unit_label: str, topic: str) -> str:
    assessments = data.get("assessments")
    if assessments.empty:
        return ""
    rows = assessments[(assessments["unit"] == unit_label) & (assessments["topic"] == topic)]
    heading = f"Oma arvio: {data.unit_name(unit_label)} ({data.date_text})"
    return "".join(
        f'<div class="assessment"><strong>{html.escape(heading)}</strong>{paragraphs(text)}</div>'
        for text in rows["text"]
    )


def _narrative(data: ReportData, unit_label: str) -> str:
    sentences = unit_narrative(
        unit_label,
        data.get("budget_realisation"),
        data.get("forecast"),
        data.get("forecast_adjustments"),
        net_line=data.config.net_line,
    )
    if not sentences:
        return ""
    return (
        '<div class="assessment computed"><strong>Laskennallinen arvio</strong>'
        + "".join(f"<p>{html.escape(s)}</p>" for s in sentences)
        + "</div>"
    )


def realisation_overview(data: ReportData) -> str:
    """Toimintakate of every unit: budget, actual, TOT-%, pace and change from last year."""
    realisation = data.get("budget_realisation")
    net = realisation[realisation["line"] == data.config.net_line].set_index("unit")
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
    table.index.name = "Toimintakate"
    formats = {c: euros for c in ("TA", "TOT", "Jäljellä", "Muutos ed. vuodesta, €")}
    formats.update({c: decimal(2) for c in table.columns if c not in formats})
    elapsed = float(net["elapsed_pct"].iloc[0])
    caption = (
        f"Toimintakatteen toteutuminen {data.date_text} (euroa); vuodesta on kulunut "
        f"{format_number(elapsed, 0)} %"
    )
    overview = data.table(table, formats, caption=caption)
    ahead = realisation[realisation["ahead_of_pace"]]
    flagged = ""
    if not ahead.empty:
        listing = ahead.assign(Yksikkö=ahead["unit"].map(data.unit_name)).set_index("Yksikkö")
        listing = listing[["line", "budget", "actual", "realisation_pct"]].rename(
            columns={"line": "Rivi", "budget": "TA", "actual": "TOT", "realisation_pct": "TOT-%"}
        )
        flagged = data.table(
            listing,
            {"TA": euros, "TOT": euros, "TOT-%": decimal(2)},
            caption=f"Rivit, joiden toteuma on yli {format_number(PACE_THRESHOLD_POINTS, 0)} "
            "%-yksikköä vuoden kulumaa "
            f"({format_number(elapsed, 0)} %) edellä",
        )
    units = [u.label for u in data.config.units]
    names = {u.label: u.name for u in data.config.units}
    chart = charts.realisation_chart(
        realisation, units, names, ["Toimintatuotot", "Toimintakulut"], elapsed
    )
    return overview + chart + flagged


def budget_section(data: ReportData) -> Section:
    statement = data.get("income_statement")
    if statement.empty:
        return Section("talous", "Talousarvion toteutuminen", NO_DATA)
    parts = [realisation_overview(data)]
    for unit in data.config.units:
        parts.append(income_statement_section(data, unit.label))
        parts.append(_narrative(data, unit.label))
        parts.append(_assessments(data, unit.label, "Talousarvion toteutuminen"))
    return Section("talous", "Talousarvion toteutuminen", "".join(parts))


# --- Forecast ------------------------------------------------------------------------------

DIRECTION = {"above": "koko vaihteluväli yli talousarvion", "below": "koko vaihteluväli alle"}
NOTABLE_LINES = 10
FORECAST_CHART_LINES = ("Toimintatuotot", "Toimintakulut", "Toimintakate")


def _unit_forecast(data: ReportData, unit) -> str:
    forecast = data.get("forecast")
    rows = forecast[forecast["unit"] == unit.label]
    table = rows.set_index("line")[
        [
            "budget",
            "actual",
            "profile",
            "run_rate",
            "budget_pace",
            "method",
            "adjustment",
            "forecast",
            "deviation_eur",
            "reason",
        ]
    ].copy()
    table["method"] = table["method"].map(METHOD_NAMES)
    table = table.rename(
        columns={
            "budget": "TA",
            "actual": "TOT",
            "profile": "Profiili",
            "run_rate": "Vauhti",
            "budget_pace": "TA-loppuvuosi",
            "method": "Menetelmä",
            "adjustment": "Oikaisu",
            "forecast": "Ennuste",
            "deviation_eur": "Ero TA:sta",
            "reason": "Peruste",
        }
    )
    if rows["seasonal"].notna().any():
        table.insert(2, "Kausiprofiili", rows.set_index("line")["seasonal"])
    table.index.name = "Rivi"
    formats = {c: euros for c in table.columns if c not in ("Menetelmä", "Peruste")}
    subtotals = frozenset(line.name for line in data.config.lines if line.is_subtotal)
    chart_rows = rows[rows["line"].isin(FORECAST_CHART_LINES)]
    return (
        f"<h3>{html.escape(unit.name)}</h3>"
        + charts.forecast_chart(chart_rows, unit.name)
        + data.table(
            table, formats, caption=f"{unit.name}: ennuste riveittäin (euroa)", emphasize=subtotals
        )
    )


def forecast_section(data: ReportData) -> Section:
    forecast = data.get("forecast")
    if forecast.empty:
        return Section("ennuste", "Ennuste vuoden loppuun", NO_DATA)
    year = data.period_end.year
    net = forecast[forecast["line"] == data.config.net_line].set_index("unit")
    table = pd.DataFrame(
        {
            f"TA {year}": net["budget"],
            f"TOT {data.date_text}": net["actual"],
            "Menetelmien ennuste": net["method_forecast"],
            "Oikaisut": net["adjustment"],
            "Ennuste": net["forecast"],
            "Ero TA:sta, €": net["deviation_eur"],
            "Ero TA:sta, %": net["deviation_pct"],
            "Vaihteluväli, alin": net["range_low"],
            "Vaihteluväli, ylin": net["range_high"],
        }
    )
    table.index = [data.unit_name(u) for u in table.index]
    table.index.name = "Toimintakate"
    formats = {c: euros for c in table.columns}
    formats["Ero TA:sta, %"] = decimal(1)
    method = (
        "<p>Ennuste lasketaan jokaiselle riville usealla menetelmällä: edellisen vuoden "
        "kausiprofiili (toteuma ÷ edellisen vuoden vastaava osuus koko vuodesta), lineaarinen "
        "vauhti ja talousarvion mukainen loppuvuosi; kun kuukausitoteumia on useammalta "
        "vuodelta, myös monivuotinen kausiprofiili. Oletusmenetelmä on kausiprofiili, ellei "
        "profiili puutu tai poikkea vuoden kulumasta yli 25 %-yksikköä, jolloin käytetään "
        "lineaarista vauhtia. Tiedossa olevat erilliset erät lisätään oikaisuina. "
        "Välisummat ovat osiensa summia.</p>"
    )
    parts = [method, data.table(table, formats, caption="Toimintakatteen ennuste (euroa)")]
    adjustments = data.get("forecast_adjustments")
    if not adjustments.empty:
        listing = adjustments.assign(Yksikkö=adjustments["unit"].map(data.unit_name))
        listing = listing.set_index("Yksikkö")[["line", "amount", "reason"]].rename(
            columns={"line": "Rivi", "amount": "Euroa", "reason": "Peruste"}
        )
        parts.append(
            data.table(
                listing,
                {"Euroa": euros},
                caption="Ennusteen oikaisut (mukana myös toimialan luvuissa)",
            )
        )
    notable = forecast[(forecast["outside_budget"] != "") & (forecast["method"] != "summa")]
    notable = notable.reindex(
        notable["deviation_eur"].abs().sort_values(ascending=False).index
    ).head(NOTABLE_LINES)
    if not notable.empty:
        notable = notable.assign(
            Yksikkö=notable["unit"].map(data.unit_name),
            Menetelmä=notable["method"].map(METHOD_NAMES),
            Suunta=notable["outside_budget"].map(DIRECTION),
        ).set_index("Yksikkö")
        parts.append(
            data.table(
                notable[
                    ["line", "budget", "forecast", "deviation_eur", "Menetelmä", "Suunta"]
                ].rename(
                    columns={
                        "line": "Rivi",
                        "budget": "TA",
                        "forecast": "Ennuste",
                        "deviation_eur": "Ero, €",
                    }
                ),
                {"TA": euros, "Ennuste": euros, "Ero, €": euros},
                caption=f"Suurimmat poikkeamat ({NOTABLE_LINES}): rivit, joilla kaikki "
                "ennustemenetelmät päätyvät talousarvion samalle puolelle",
            )
        )
    scores = data.get("forecast_backtest")
    if not scores.empty:
        shown = (
            scores.assign(Menetelmä=scores["method"].map(METHOD_NAMES))
            .set_index("Menetelmä")[["mape_pct", "cases", "years"]]
            .rename(
                columns={
                    "mape_pct": "Keskimääräinen absoluuttinen virhe, %",
                    "cases": "Tapauksia",
                    "years": "Vuosia",
                }
            )
        )
        parts.append(
            data.table(
                shown,
                {
                    "Keskimääräinen absoluuttinen virhe, %": decimal(1),
                    "Tapauksia": integer,
                    "Vuosia": integer,
                },
                caption="Menetelmien osuvuus aiempina vuosina (MAPE)",
            )
        )
    for unit in data.config.units:
        parts.append(_unit_forecast(data, unit))
    return Section("ennuste", "Ennuste vuoden loppuun", "".join(parts))


# --- Investments ---------------------------------------------------------------------------


def investment_section(data: ReportData) -> Section:
    investments = data.get("investments")
    if investments.empty:
        return Section("investoinnit", "Investoinnit", NO_DATA)
    year = data.period_end.year
    table = investments.set_index("line")[["prior_year", "budget", "actual"]].copy()
    table["Poikkeama (TA − toteuma)"] = table["budget"] - table["actual"]
    table["Toteuma %"] = table["actual"] / table["budget"].where(table["budget"] != 0) * 100
    table = table.rename(
        columns={
            "prior_year": f"TP {year - 1}",
            "budget": f"TA {year}",
            "actual": f"Toteuma 1–{data.period_end.month}",
        }
    )
    table.index.name = "Irtain omaisuus"
    formats = {c: euros for c in table.columns}
    formats["Toteuma %"] = decimal(2)
    items = data.get("investment_items")
    items_html = ""
    if not items.empty:
        listing = items.set_index("item")[["service_area", "reserved", "spent", "state"]].rename(
            columns={
                "service_area": "Palvelualue",
                "reserved": "Varattu, €",
                "spent": "Käytetty, €",
                "state": "Tila",
            }
        )
        listing.index.name = "Kohde"
        items_html = data.table(
            listing, {"Varattu, €": euros, "Käytetty, €": euros}, caption="Investointikohteet"
        )
    texts = _assessments(data, data.config.department_unit.label, "Investoinnit")
    for unit in data.config.service_areas:
        texts += _assessments(data, unit.label, "Investoinnit")
    return Section(
        "investoinnit",
        "Investoinnit",
        data.table(table, formats, caption="Investoinnit (euroa); poikkeama laskettu uudelleen")
        + items_html
        + texts,
    )


# --- Goals ---------------------------------------------------------------------------------


def _goal_table(data: ReportData, side: pd.DataFrame, caption: str) -> str:
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
    return data.table(table, {}, caption=caption, badges=frozenset({"Tila"}))


def goal_section(data: ReportData, anchor: str, title: str, level: str) -> Section:
    """Goals of one level: status counts (traffic lights) and realisations by reporting date."""
    goals, realisations = data.get("goals"), data.get("goal_realisations")
    if realisations.empty or data.get("goal_statuses").empty or not (goals["level"] == level).any():
        return Section(anchor, title, NO_DATA)
    side = realisations_side_by_side(goals, realisations)
    side = side[side["level"] == level]
    statuses = data.get("goal_statuses")
    statuses = statuses[statuses["level"] == level]
    counts = status_counts(statuses, "strategic_goal")
    counts.index.name = "Strateginen päämäärä"
    body = data.table(
        counts, {c: integer for c in counts.columns}, caption=f"{title}: tavoitteiden tila"
    )
    if level == "Käyttösuunnitelma":
        by_unit = status_counts(statuses, "unit", data.config)
        by_unit.index.name = "Palvelualue"
        body += data.table(
            by_unit,
            {c: integer for c in by_unit.columns},
            caption="Tavoitteiden tila palvelualueittain",
        ) + charts.goal_status_chart(by_unit)
    body += _goal_table(data, side, f"{title}: toteuma raportointipäivittäin")
    if level == "Strateginen mittari":
        body += _wellbeing_index(data)
    return Section(anchor, title, body)


def strategic_section(data: ReportData) -> Section:
    return goal_section(data, "strategiset", "Strategiset mittarit", "Strateginen mittari")


def council_section(data: ReportData) -> Section:
    return goal_section(
        data, "valtuusto", "Valtuuston sitovat tavoitteet", "Valtuuston sitovuustaso"
    )


def plan_section(data: ReportData) -> Section:
    return goal_section(
        data, "kayttosuunnitelma", "Käyttösuunnitelman tavoitteet", "Käyttösuunnitelma"
    )


def _wellbeing_index(data: ReportData) -> str:
    index = data.get("wellbeing_index")
    if index.empty:
        return ""
    table = index.set_index("year")[["index", "note"]].rename(
        columns={"index": "Indeksi", "note": "Huomautus"}
    )
    table.index.name = "Vuosi"
    return data.table(table, {"Indeksi": decimal(1)}, caption="Hyvinvointi-indeksi (2020 = 100)")


# --- Key figures ---------------------------------------------------------------------------


def key_figure_section(data: ReportData) -> Section:
    per_capita = pd.concat(
        [data.get("per_capita"), data.get("forecast_per_capita")], ignore_index=True
    )
    if per_capita.empty:
        return Section("tunnusluvut", "Tunnusluvut", NO_DATA)
    parts = []
    population = int(per_capita["population"].iloc[0])
    wide = per_capita.pivot_table(
        index="unit", columns="basis", values="eur_per_resident", sort=False
    )
    wide.index = [data.unit_name(u) for u in wide.index]
    wide.index.name = "Nettokustannus, €/asukas"
    parts.append(
        f"<p>Nettokustannus asukasta kohden = −toimintakate ÷ asukasluku "
        f"({format_number(population)} asukasta, viimeisin tiedossa oleva luku).</p>"
        + data.table(wide, {c: decimal(2) for c in wide.columns}, caption="Euroa asukasta kohden")
        + '<p class="note">Yksikkökustannuksia (€/oppilas, €/lapsi, €/opetustunti) ei lasketa: '
        "oppilas- ja lapsimääriä ei ole aineistossa. Julkaistut luvut näkyvät alla.</p>"
    )
    reconciliation = data.get("key_figure_reconciliation")
    if not reconciliation.empty:
        table = reconciliation.assign(Yksikkö=reconciliation["unit"].map(data.unit_name))
        table = table.set_index("Yksikkö")[
            [
                "figures",
                "published_as",
                "year",
                "published",
                "basis",
                "recomputed",
                "difference",
                "explanation",
            ]
        ].rename(
            columns={
                "figures": "Julkaistu tunnusluku",
                "published_as": "Laji",
                "year": "Vuosi",
                "published": "Julkaistu €/as",
                "basis": "Laskentaperuste",
                "recomputed": "Laskettu €/as",
                "difference": "Ero",
                "explanation": "Selitys",
            }
        )
        parts.append(
            data.table(
                table,
                {
                    "Vuosi": lambda v: str(int(v)),
                    "Julkaistu €/as": decimal(2),
                    "Laskettu €/as": decimal(2),
                    "Ero": decimal(2),
                },
                caption="Täsmäytys julkaistuihin tunnuslukuihin",
            )
        )
    parts.append(_hyte_table(data))
    figures = data.get("key_figures")
    if not figures.empty:
        wide = figures.assign(
            column=figures["value_type"] + " " + figures["year"].astype(str)
        ).pivot_table(
            index=["figure", "unit_of_measure"], columns="column", values="value", sort=False
        )
        wide.index = [f"{f} ({u})" for f, u in wide.index]
        wide.index.name = "Tunnusluku"
        parts.append(
            data.table(
                wide, {c: as_printed for c in wide.columns}, caption="Julkaistut tunnusluvut"
            )
        )
    funding = data.get("external_funding")
    if not funding.empty:
        wide = funding.pivot_table(
            index="service_area", columns="year", values="amount", sort=False
        )
        wide.columns = [str(c) for c in wide.columns]
        wide.index.name = "Ulkopuolinen rahoitus, €"
        parts.append(
            data.table(
                wide,
                {c: euros for c in wide.columns},
                caption="Ulkopuolinen rahoitus palvelualueittain",
            )
        )
    return Section("tunnusluvut", "Tunnusluvut", "".join(parts))


def _hyte_table(data: ReportData) -> str:
    hyte = data.get("hyte")
    if hyte.empty:
        return "<h3>HYTE-kerroin</h3>" + NO_DATA
    value = float(hyte["value"].iloc[0])
    table = hyte.set_index("comparison")[["reference", "difference", "euro_effect"]].rename(
        columns={
            "reference": "Vertailuarvo, €/as",
            "difference": "Ero, €/as",
            "euro_effect": "Ero euroina",
        }
    )
    table.index.name = "Vertailu"
    intro = (
        f"<p>HYTE-kerroin {format_number(value, 2)} €/asukas eli "
        f"{format_number(float(hyte['value_eur'].iloc[0]))} € "
        f"({format_number(int(hyte['population'].iloc[0]))} asukasta).</p>"
    )
    return (
        "<h3>HYTE-kerroin</h3>"
        + intro
        + data.table(
            table,
            {"Vertailuarvo, €/as": decimal(2), "Ero, €/as": decimal(2), "Ero euroina": euros},
            caption="HYTE-kerroin verrattuna tavoitteeseen, edelliseen vuoteen ja "
            "kuntien keskiarvoon",
        )
    )


# --- Services: surveys, early education, student welfare, visitors -------------------------


def services_section(data: ReportData) -> Section:
    parts = []
    shares = data.get("survey_shares")
    if not shares.empty:
        table = shares.set_index(["survey", "measure"])
        table.index = [f"{s}: {m}" for s, m in table.index]
        table.index.name = "Kysely ja mittari"
        shown = table[
            [
                "respondents",
                "count",
                "share_pct",
                "ci_low",
                "ci_high",
                "reference_type",
                "reference_value",
                "judgement",
            ]
        ].rename(
            columns={
                "respondents": "Vastaajia",
                "count": "Lukumäärä",
                "share_pct": "Osuus %",
                "ci_low": "95 %:n luottamusväli, alaraja",
                "ci_high": "yläraja",
                "reference_type": "Vertailu",
                "reference_value": "Vertailuarvo %",
                "judgement": "Arvio",
            }
        )
        derived = bool(shares["count_derived"].any())
        suppressed = bool(shares["suppressed"].any())
        parts.append(
            "<h3>Harrastemalli ja hyvinvointikyselyt</h3>"
            + data.table(
                shown,
                {
                    "Vastaajia": integer,
                    "Lukumäärä": integer,
                    "Osuus %": decimal(1),
                    "95 %:n luottamusväli, alaraja": decimal(1),
                    "yläraja": decimal(1),
                    "Vertailuarvo %": decimal(0),
                },
                caption="Kyselyiden osuudet ja 95 %:n luottamusvälit (Wilson)",
                badges=frozenset({"Arvio"}),
            )
            + (
                '<p class="note">Kun lukumäärää ei ole julkaistu, se on johdettu osuudesta ja '
                "vastaajamäärästä (pyöristetty).</p>"
                if derived
                else ""
            )
            + (
                f'<p class="note">Osuuksia, joiden solussa on alle {MIN_CELL} vastaajaa, ei '
                "näytetä tietosuojan vuoksi (merkintä ”tieto suojattu”).</p>"
                if suppressed
                else ""
            )
        )
    others = data.get("surveys")
    if not others.empty:
        values = others.dropna(subset=["value"])
        if not values.empty:
            table = values.set_index("survey")[
                ["measure", "when", "value", "scale", "reference_value", "reference_type"]
            ]
            table = table.rename(
                columns={
                    "measure": "Mittari",
                    "when": "Ajankohta",
                    "value": "Tulos",
                    "scale": "Asteikko",
                    "reference_value": "Vertailuarvo",
                    "reference_type": "Vertailu",
                }
            )
            table.index.name = "Kysely"
            parts.append(
                data.table(
                    table,
                    {"Tulos": decimal(2), "Vertailuarvo": decimal(2)},
                    caption="Keskiarvoina raportoidut kyselytulokset",
                )
            )
    occupancy = data.get("occupancy")
    parts.append("<h3>Varhaiskasvatuksen käyttöaste</h3>")
    if occupancy.empty:
        parts.append(NO_DATA)
    else:
        summary = data.get("occupancy_summary").iloc[0]
        table = (
            occupancy.assign(Kuukausi=occupancy["month"].map(lambda d: f"{d.month}/{d.year}"))
            .set_index("Kuukausi")[["occupancy_pct"]]
            .rename(columns={"occupancy_pct": "Käyttöaste %"})
        )
        parts.append(
            f'<div class="key-numbers"><div>Jakson keskiarvo<strong>'
            f"{format_percent(summary['average_pct'])}</strong></div>"
            f"<div>Alin kuukausi<strong>{format_percent(summary['min_pct'])}</strong></div>"
            f"<div>Ylin kuukausi<strong>{format_percent(summary['max_pct'])}</strong></div></div>"
            + charts.occupancy_chart(occupancy, summary["average_pct"])
            + data.table(table, {"Käyttöaste %": decimal(2)}, caption="Käyttöaste kuukausittain")
        )
    free = data.get("free_places")
    if not free.empty:
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
        parts.append(
            data.table(
                table,
                {c: decimal(2) for c in table.columns},
                caption="Vapaat paikat, % kaikista paikoista",
            )
        )
    meetings = data.get("welfare_group_meetings")
    if not meetings.empty:
        table = (
            meetings.assign(
                Jakso=[
                    f"{format_date(a.date())}–{format_date(b.date())}"
                    for a, b in zip(meetings["start"], meetings["end"], strict=True)
                ]
            )
            .set_index("Jakso")[["meetings"]]
            .rename(columns={"meetings": "Kokoontumiset"})
        )
        parts.append(
            "<h3>Yhteisöllinen opiskeluhuolto</h3>"
            + data.table(
                table,
                {"Kokoontumiset": integer},
                caption="Yhteisöllisten opiskeluhuoltoryhmien kokoontumiset",
            )
        )
    visitors = data.get("visitors")
    if not visitors.empty:
        table = visitors.assign(
            Jakso=[
                f"{format_date(a.date())}–{format_date(b.date())}"
                for a, b in zip(visitors["start"], visitors["end"], strict=True)
            ],
            Tarkkuus=visitors["precision"],
        ).set_index("venue")[["Jakso", "Tarkkuus", "visitors"]]
        table = table.rename(columns={"visitors": "Kävijöitä"})
        table.index.name = "Kohde"
        parts.append(
            "<h3>Kävijämäärät</h3>"
            + data.table(table, {"Kävijöitä": integer}, caption="Kävijämäärät")
        )
    return Section("palvelut", "Palvelut, kyselyt ja käyttöasteet", "".join(parts))


# --- Risks and projects --------------------------------------------------------------------


def risk_section(data: ReportData) -> Section:
    risks = data.get("risks")
    if risks.empty:
        return Section("riskit", "Riskienhallinta", NO_DATA)
    table = risks.set_index("risk")[
        ["risk_class", "probability", "significance", "control", "control_realisation"]
    ].rename(
        columns={
            "risk_class": "Riskiluokka",
            "probability": "Todennäköisyys",
            "significance": "Merkittävyys",
            "control": "Hallintakeino",
            "control_realisation": "Hallintakeinon toteutuminen",
        }
    )
    table.index.name = "Tunnistettu riski"
    return Section(
        "riskit",
        "Riskienhallinta",
        charts.risk_matrix_chart(
            data.get("risk_matrix")
            .pivot(index="significance", columns="probability", values="risks")
            .sort_index(ascending=False)
        )
        + data.table(
            table,
            {"Todennäköisyys": integer, "Merkittävyys": integer},
            caption="Riskit ja niiden hallinta",
        ),
    )


def project_section(data: ReportData) -> Section:
    projects = data.get("project_details")
    if projects.empty:
        return Section("hankkeet", "Hankkeet", NO_DATA)
    money = {
        "Kokonaisrahoitus, €": euros,
        "Kaupungin osuus, €": euros,
        "Ulkopuolinen rahoitus, €": euros,
    }

    def totals(name: str, index_name: str) -> str:
        table = data.get(name).rename(
            columns={
                "projects": "Hankkeita",
                "total_funding": "Kokonaisrahoitus, €",
                "city_share_eur": "Kaupungin osuus, €",
                "external_eur": "Ulkopuolinen rahoitus, €",
            }
        )
        table = table.set_index(table.columns[0])
        table.index.name = index_name
        return data.table(
            table, {"Hankkeita": integer, **money}, caption=f"Hankkeet: {index_name.lower()}"
        )

    year = data.period_end.year
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
            "ends_this_year": f"Päättyy {year}",
            "status_text": "Tilannekatsaus",
        }
    )
    listing.index.name = "Hanke"
    ending = int(projects["ends_this_year"].sum())
    intro = (
        f"<p>Hankkeita on {len(projects)}, kokonaisrahoitus "
        f"{format_number(float(projects['total_funding'].sum()))} €, josta kaupungin oma osuus "
        f"{format_number(float(projects['city_share_eur'].sum()))} €. Vuonna {year} päättyy "
        f"{ending} hanketta.</p>"
    )
    return Section(
        "hankkeet",
        "Hankkeet",
        intro
        + totals("project_totals_by_funder", "Rahoittaja")
        + totals("project_totals_by_goal", "Strateginen päämäärä")
        + data.table(
            listing,
            {
                "Kokonaisrahoitus, €": euros,
                "Kaupungin osuus %": decimal(0),
                "Kaupungin osuus, €": euros,
            },
            caption="Hankkeet",
        ),
    )


# --- Data quality and sources --------------------------------------------------------------


def data_quality_section(data: ReportData) -> str:
    """How many printed values were recomputed, and every difference found."""
    audit_rows = data.get("audit")
    if audit_rows.empty:
        return NO_DATA
    counts = audit_rows["severity"].value_counts()
    summary = (
        f"<p>Raportin painetuista johdetuista luvuista ja summista tarkistettiin "
        f"{len(audit_rows)}: {counts.get('ok', 0)} täsmää, {counts.get('info', 0)} eroaa "
        f"pyöristyksen verran ja {counts.get('error', 0)} on virheellisiä. Raportin luvut on "
        f"laskettu uudelleen lähtöaineistosta.</p>"
    )
    columns = {
        "file": "Tiedosto",
        "check": "Tarkistus",
        "printed": "Painettu",
        "recomputed": "Laskettu",
        "difference": "Ero",
    }
    formats = {"Painettu": as_printed, "Laskettu": as_printed, "Ero": as_printed}

    def listing(severity: str, caption: str) -> str:
        part = audit_rows[audit_rows["severity"] == severity]
        table = part.set_index("item")[list(columns)].rename(columns=columns)
        table.index.name = "Kohde"
        return data.table(table, formats, caption=caption)

    parts = [summary]
    if counts.get("error", 0):
        parts.append(listing("error", "Virheet: painettu luku poikkeaa laskennasta"))
    if counts.get("info", 0):
        parts.append(
            "<details><summary>Pyöristyserot ("
            + str(counts["info"])
            + ")</summary>"
            + listing("info", "Pyöristyserot ja määrittelemättömät prosentit")
            + "</details>"
        )
    return "".join(parts)


def sources_section(data: ReportData) -> Section:
    files = sorted(
        {
            str(f)
            for frame in data.tables.values()
            if "source_file" in frame
            for f in frame["source_file"].dropna()
        }
        | ({"tuloslaskelma.csv"} if not data.get("income_statement").empty else set())
    )
    items = "".join(f"<li>{html.escape(f)}</li>" for f in files)
    return Section(
        "lahteet",
        "Lähteet ja menetelmät",
        "<p>Raportti on laskettu toistettavasti lähtöaineistosta (talousjärjestelmän "
        "raportit, tavoitteiden toteumat, kyselyt ja tilastot). Talousluvut ovat euroja; "
        "tuotot ovat positiivisia ja kulut negatiivisia kuten taloushallinnon raporteissa. "
        "Jäljellä = TA − TOT ja TOT-% = TOT ÷ TA × 100 lasketaan aina uudelleen. "
        "Asukaskohtaiset luvut lasketaan toimintakatteesta ja Tilastokeskuksen "
        "asukasluvusta. Kyselyosuuksien luottamusvälit ovat Wilsonin 95 %:n välejä.</p>"
        f"<p>Lähdetiedostot:</p><ul>{items}</ul>",
    )


# --- The whole report ----------------------------------------------------------------------


def summary_section(data: ReportData) -> Section:
    """Key numbers of the department: realisation against pace and the year-end forecast."""
    realisation = data.get("budget_realisation")
    forecast = data.get("forecast")
    department = data.config.department_unit.label
    if realisation.empty:
        return Section("yhteenveto", "Yhteenveto", NO_DATA)
    net = realisation[
        (realisation["unit"] == department) & (realisation["line"] == data.config.net_line)
    ]
    row = net.iloc[0]
    boxes = [
        ("Toimintakate, toteuma", f"{format_number(row['actual'])} €"),
        ("Toteuma talousarviosta", format_percent(row["realisation_pct"])),
        ("Vuodesta kulunut", format_percent(row["elapsed_pct"], 0)),
    ]
    if not forecast.empty:
        fc = forecast[(forecast["unit"] == department) & (forecast["line"] == data.config.net_line)]
        if not fc.empty:
            forecast_row = fc.iloc[0]
            deviation = float(forecast_row["deviation_eur"])
            # Net cost is negative: a positive deviation means less cost than budgeted.
            side = "alle talousarvion" if deviation > 0 else "yli talousarvion"
            boxes.append(("Ennuste vuoden lopussa", f"{format_number(forecast_row['forecast'])} €"))
            boxes.append(
                ("Nettokustannus ennusteessa", f"{format_number(abs(deviation))} € {side}")
            )
    body = (
        '<div class="key-numbers">'
        + "".join(
            f"<div>{html.escape(label)}<strong>{html.escape(value)}</strong></div>"
            for label, value in boxes
        )
        + "</div>"
    )
    body += _narrative(data, department)
    body += _assessments(data, department, "Talousarvion toteutuminen")
    return Section("yhteenveto", "Yhteenveto", body)


# The order of the printed report: goals, budget, investments, unit goals, key figures, ...
SECTION_BUILDERS: tuple[Callable[[ReportData], Section], ...] = (
    summary_section,
    strategic_section,
    council_section,
    budget_section,
    forecast_section,
    investment_section,
    plan_section,
    key_figure_section,
    services_section,
    risk_section,
    project_section,
)


def build_report(data: ReportData) -> list[Section]:
    """All sections in the order of the source report, ending with data quality and sources."""
    sections = [builder(data) for builder in SECTION_BUILDERS]
    sections.append(Section("laatu", "Aineiston laatu", data_quality_section(data)))
    sections.append(sources_section(data))
    return sections
