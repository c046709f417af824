"""Ennuste vuoden loppuun: the year-end forecast of the net margin with its interval and
direction, management's own estimates beside the model, adjustments, the lines clearly off
the budget and each unit's chart. The working material (how the forecast is made, the
methods' past accuracy and every line of every unit) is the appendix ``Ennuste riveittäin``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog, charts
from helpers.config import Unit
from helpers.finnish import format_number
from helpers.forecast import INTERVAL_NAME, METHOD_NAMES, management, methods_paragraphs
from helpers.forecast.lines import ON_BUDGET_SHARE
from helpers.narrative import notable_lines
from helpers.report import provenance
from helpers.report.formats import decimal, euros, integer
from helpers.report.model import Link, ReportData, Section, Table, make_table

ANCHOR, TITLE = "ennuste", "Ennuste vuoden loppuun"
# After 31.12. every "forecast" is the year's actual: the section says so in its title.
YEAR_END_TITLE = "Koko vuoden toteuma"
LINES_ANCHOR, LINES_TITLE = "liite-ennuste", "Ennuste riveittäin ja menetelmät"
LOW, HIGH = f"{INTERVAL_NAME}, alaraja", f"{INTERVAL_NAME}, yläraja"
NOTABLE_LINES = 10
UNIT_COLUMNS = {
    "budget": "TA",
    "actual": "TOT",
    "profile": "Profiili",
    "run_rate": "Vauhti",
    "budget_pace": "TA-loppuvuosi",
    "method": "Menetelmä",
    "adjustment": "Oikaisu",
    "forecast": "Ennuste",
    "deviation_eur": "Ero TA:sta",
    "deviation_label": "Suunta",
    "interval_low": LOW,
    "interval_high": HIGH,
    "flag": "Huomio",
    "reason": "Peruste",
}
TEXT_COLUMNS = ("Menetelmä", "Suunta", "Huomio", "Peruste")


@dataclass(frozen=True)
class Forecast:
    template: ClassVar[str] = "forecast.html.j2"
    net_margin: Table
    chart: charts.Chart  # every unit's net margin against its budget
    management: Table | None
    adjustments: Table | None
    notable: Table | None
    lines_link: Link  # the appendix with every line, management's reasons and the methods
    year_end_note: str | None = None  # after 31.12.: the figures are actuals, not estimates


@dataclass(frozen=True)
class UnitLines:
    name: str
    chart: charts.Chart
    lines: Table


@dataclass(frozen=True)
class ForecastLines:
    template: ClassVar[str] = "forecast_lines.html.j2"
    methods: tuple[str, ...]  # how the forecast and its interval are made, from the forecast
    management: Table | None  # management's estimates with their reasons
    backtest: Table | None
    units: tuple[UnitLines, ...]


def net_margin_table(data: ReportData, forecast: pd.DataFrame) -> Table:
    """Every unit's net margin: budget, actual, methods, adjustments, forecast and its
    difference from the budget with a word for its direction (the chart beside it shows the
    interval; the appendix's line tables give its ends)."""
    net = forecast[forecast["line"] == data.config.net_line].set_index("unit")
    statement = data.dataset(catalog.INCOME_STATEMENT.name)
    budget = f"TA {data.period_end.year}"
    if not provenance.derived_budgets(statement).empty:
        budget += f" {provenance.DERIVED_MARK}"
    table = pd.DataFrame(
        {
            budget: net["budget"],
            f"TOT {data.date_text}": net["actual"],
            "Menetelmien ennuste": net["method_forecast"],
            "Oikaisut": net["adjustment"],
            "Ennuste": net["forecast"],
            "Ero TA:sta, €": net["deviation_eur"],
            "Ero TA:sta, %": net["deviation_pct"],
            "Suunta": net["deviation_label"],
        }
    )
    table.index = [provenance.unit_title(statement, u, data.unit_name(u)) for u in table.index]
    table.index.name = data.config.net_line
    formats = {c: euros for c in table.columns if c != "Suunta"}
    formats["Ero TA:sta, %"] = decimal(1)
    return make_table(
        table,
        formats,
        caption=f"{data.config.net_line}: ennuste vuoden loppuun (euroa); suunta: suotuisa = "
        "parempi kuin talousarvio, talousarvion mukainen = ero enintään "
        f"{format_number(ON_BUDGET_SHARE * 100, 1)} % talousarviosta"
        + department_remainder_note(data, net),
        badges=frozenset({"Suunta"}),
    )


def department_remainder_note(data: ReportData, net: pd.DataFrame) -> str:
    """Why the department's forecast is not the sum of its areas' when it is not: the printed
    department lines differ from the areas' sums by rounding, and the forecast carries that
    remainder on (``forecast.hierarchy``). The difference is the one a reader gets by adding
    up the table, from its whole euros (rounded as ``format_number`` rounds them). Empty when
    they agree."""
    department = data.config.department_unit.label
    areas = [u.label for u in data.config.service_areas if u.label in net.index]
    if department not in net.index or not areas:
        return ""
    shown = {unit: round(float(net.at[unit, "forecast"])) for unit in [department, *areas]}
    remainder = shown[department] - sum(shown[area] for area in areas)
    if remainder == 0:
        return ""
    return (
        f"; toimialan ennuste eroaa palvelualueiden ennusteiden summasta "
        f"{format_number(remainder)} €, sillä toimialan painetut rivit eroavat palvelualueiden "
        "summista pyöristyksen verran, ennuste kuljettaa erotuksen mukanaan ja taulukon luvut "
        "on pyöristetty euroiksi"
    )


def management_table(data: ReportData, with_reasons: bool = False) -> Table | None:
    """Management's own year-end estimates beside the model; disagreements flagged. The main
    body leaves out the written reasons (they are in the units' own assessments)."""
    comparison = data.dataset(catalog.FORECAST_MANAGEMENT.name)
    if comparison.empty:
        return None
    table = pd.DataFrame(
        {
            "Yksikkö": comparison["unit"].map(data.unit_name),
            "Rivi": comparison["line"],
            "TA": comparison["budget"],
            "Mallin ennuste": comparison["model_forecast"],
            "Mallin suunta": comparison["model_direction"],
            "Johdon arvio, €": comparison["management_amount"],
            "Johdon arvion suunta": comparison["management_direction"],
            "Ero, €": comparison["difference_eur"],
            "Näkemykset": comparison["disagreement"].map({True: "eroavat", False: "yhtenevät"}),
            "Johdon perustelu": comparison["text"],
        }
    ).set_index("Yksikkö")
    if not with_reasons:
        table = table.drop(columns="Johdon perustelu")
    return make_table(
        table,
        {c: euros for c in ("TA", "Mallin ennuste", "Johdon arvio, €", "Ero, €")},
        caption="Mallin ennuste ja johdon oma arvio vuoden lopusta (euroa); suunnat kuten "
        "ennustetaulukossa; näkemykset eroavat, kun johdon euroarvio eroaa mallin ennusteesta "
        f"yli {format_number(management.DISAGREEMENT_SHARE * 100, 0)} % talousarviosta "
        f"(vähintään {format_number(management.DISAGREEMENT_MIN_EUR)} €) tai mallin suunta on "
        "eri kuin johdon antama suunta (ennuste, joka poikkeaa talousarviosta enintään saman "
        "rajan, käy tällöin myös talousarvion mukaisesta)",
        badges=frozenset({"Mallin suunta", "Johdon arvion suunta"}),
    )


def adjustments_table(data: ReportData) -> Table | None:
    adjustments = data.dataset(catalog.FORECAST_ADJUSTMENTS.name)
    if adjustments.empty:
        return None
    listing = adjustments.assign(Yksikkö=adjustments["unit"].map(data.unit_name))
    listing = listing.set_index("Yksikkö")[["line", "amount", "reason"]].rename(
        columns={"line": "Rivi", "amount": "Euroa", "reason": "Peruste"}
    )
    return make_table(
        listing, {"Euroa": euros}, caption="Ennusteen oikaisut (mukana myös toimialan luvuissa)"
    )


def notable_table(data: ReportData, forecast: pd.DataFrame) -> Table | None:
    """The largest deviations among lines whose every method lands on one side of the budget."""
    notable = notable_lines(forecast, NOTABLE_LINES)
    if notable.empty:
        return None
    notable = notable.assign(
        Yksikkö=notable["unit"].map(data.unit_name),
        Menetelmä=notable["method"].map(METHOD_NAMES),
        Suunta=notable["interval_side"],
    ).set_index("Yksikkö")
    table = notable[["line", "budget", "forecast", "deviation_eur", "Menetelmä", "Suunta"]]
    table = table.rename(
        columns={"line": "Rivi", "budget": "TA", "forecast": "Ennuste", "deviation_eur": "Ero, €"}
    )
    return make_table(
        table,
        {"TA": euros, "Ennuste": euros, "Ero, €": euros},
        caption=f"Suurimmat poikkeamat ({NOTABLE_LINES}): rivit, joiden koko {INTERVAL_NAME} "
        "on talousarvion samalla puolella",
        badges=frozenset({"Suunta"}),
    )


def backtest_table(data: ReportData) -> Table | None:
    """Each method's errors in earlier years and the interval's observed coverage."""
    scores = data.dataset(catalog.FORECAST_BACKTEST.name)
    if scores.empty:
        return None
    error = "Keskimääräinen absoluuttinen virhe, %"
    coverage = f"Osuus vuosista {INTERVAL_NAME}llä, %"
    shown = (
        scores.assign(
            Menetelmä=scores["method"].map(METHOD_NAMES).fillna(scores["method"]),
            Aineisto=scores["regime"].map(
                {"history": "kuukausihistoria", "statement": "vain tuloslaskelma"}
            ),
        )
        .set_index("Menetelmä")[["Aineisto", "mape_pct", "mase", "coverage_pct", "cases", "years"]]
        .rename(
            columns={
                "mape_pct": error,
                "mase": "MASE",
                "coverage_pct": coverage,
                "cases": "Tapauksia",
                "years": "Vuosia",
            }
        )
    )
    return make_table(
        shown,
        {
            error: decimal(1),
            "MASE": decimal(2),
            coverage: decimal(1),
            "Tapauksia": integer,
            "Vuosia": integer,
        },
        caption="Menetelmien osuvuus aiempina vuosina (MAPE, MASE) ja ennustevälin kattavuus",
    )


def unit_lines(data: ReportData, forecast: pd.DataFrame, unit: Unit) -> UnitLines:
    """One unit's lines: every method, the chosen one, adjustments and the forecast, with a
    chart of its income, costs and net margin against the budget."""
    rows = forecast[forecast["unit"] == unit.label]
    table = rows.set_index("line")[list(UNIT_COLUMNS)].copy()
    table["method"] = table["method"].map(METHOD_NAMES)
    table = table.rename(columns=UNIT_COLUMNS)
    if rows["seasonal"].notna().any():
        table.insert(2, "Kausiprofiili", rows.set_index("line")["seasonal"])
    table.index.name = "Rivi"
    formats = {c: euros for c in table.columns if c not in TEXT_COLUMNS}
    config = data.config
    shown = rows[rows["line"].isin((config.income_line, config.cost_line, config.net_line))]
    name = provenance.unit_title(data.dataset(catalog.INCOME_STATEMENT.name), unit.label, unit.name)
    return UnitLines(
        name,
        charts.forecast_chart(shown, list(shown["line"]), name),
        make_table(
            table,
            formats,
            caption=f"{name}: ennuste riveittäin (euroa)",
            emphasize=data.subtotals,
        ),
    )


def net_margin_chart(data: ReportData, forecast: pd.DataFrame) -> charts.Chart:
    """Every unit's net margin forecast against its budget, the department first."""
    net = forecast[forecast["line"] == data.config.net_line].set_index("unit")
    units = [u for u in data.config.units if u.label in net.index]
    rows = net.loc[[u.label for u in units]]
    return charts.forecast_chart(
        rows, [u.name for u in units], f"{data.config.net_line} yksiköittäin"
    )


def year_ended(data: ReportData) -> bool:
    """The statement covers the whole year (12 of 12 months), so the forecast of every line
    is its actual (``forecast.choice``: "vuosi päättynyt")."""
    realisation = data.dataset(catalog.BUDGET_REALISATION.name)
    return not realisation.empty and float(realisation["elapsed_pct"].max()) >= 100


def section_link(data: ReportData) -> Link:
    """The section's anchor and its title for the period (a year-end report's says that the
    figures are the year's actuals)."""
    return Link(ANCHOR, YEAR_END_TITLE if year_ended(data) else TITLE)


def year_end_note(data: ReportData) -> str | None:
    if not year_ended(data):
        return None
    return (
        f"Vuosi on päättynyt ({data.date_text}): taulukoiden ennuste on koko vuoden toteuma, "
        "ei arvio, ja sen ero talousarvioon on toteutunut ero."
    )


def forecast_section(data: ReportData) -> Section:
    forecast = data.dataset(catalog.FORECAST.name)
    link = section_link(data)
    if forecast.empty:
        return Section(link.anchor, link.title, None)
    content = Forecast(
        net_margin=net_margin_table(data, forecast),
        chart=net_margin_chart(data, forecast),
        management=management_table(data),
        adjustments=adjustments_table(data),
        notable=notable_table(data, forecast),
        lines_link=Link(LINES_ANCHOR, LINES_TITLE),
        year_end_note=year_end_note(data),
    )
    return Section(link.anchor, link.title, content)


def forecast_lines_appendix(data: ReportData) -> Section:
    """Liite: how the forecast is made, management's reasons, the methods' past accuracy and
    every unit's lines."""
    forecast = data.dataset(catalog.FORECAST.name)
    if forecast.empty:
        return Section(LINES_ANCHOR, LINES_TITLE, None, appendix=True)
    content = ForecastLines(
        methods=tuple(methods_paragraphs()),
        management=management_table(data, with_reasons=True),
        backtest=backtest_table(data),
        units=tuple(unit_lines(data, forecast, unit) for unit in data.config.units),
    )
    return Section(LINES_ANCHOR, LINES_TITLE, content, appendix=True)
