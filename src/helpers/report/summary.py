"""Yhteenveto: the department's key numbers, computed sentences and its own assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers.finnish import format_number, format_percent
from helpers.forecast.direction import ON_BUDGET, favourability
from helpers.forecast.lines import ON_BUDGET_SHARE
from helpers.report import assessments
from helpers.report.model import Assessment, KeyNumber, ReportData, Section

ANCHOR, TITLE = "yhteenveto", "Yhteenveto"


@dataclass(frozen=True)
class Summary:
    template: ClassVar[str] = "summary.html.j2"
    key_numbers: tuple[KeyNumber, ...]
    narrative: Assessment | None
    assessments: tuple[Assessment, ...]


def forecast_key_numbers(data: ReportData) -> list[KeyNumber]:
    """The department's year-end forecast and how far it is from the budget."""
    forecast = data.dataset("forecast")
    if forecast.empty:
        return []
    department, net_line = data.config.department_unit.label, data.config.net_line
    rows = forecast[(forecast["unit"] == department) & (forecast["line"] == net_line)]
    if rows.empty:
        return []
    row = rows.iloc[0]
    deviation, budget = float(row["deviation_eur"]), float(row["budget"])
    if pd.isna(budget):  # TA neither printed nor derivable: no deviation to state
        return [
            KeyNumber("Ennuste vuoden lopussa", f"{format_number(row['forecast'])} €"),
            KeyNumber("Ero talousarvioon", "ei tietoa (ei talousarviota)"),
        ]
    # Inside the suite a net cost is negative and a net income positive; a positive deviation
    # (forecast − budget) is favourable for both: less net cost, or more net income.
    net_income = budget > 0 if budget else float(row["forecast"]) > 0
    above = (deviation > 0) == net_income
    side = "yli talousarvion" if above else "alle talousarvion"
    # The same band as the forecast table's Suunta: within 0,5 % of the budget is on budget.
    label = favourability(deviation, abs(budget) * ON_BUDGET_SHARE)
    what = "Nettotuotto ennusteessa" if net_income else "Nettokustannus ennusteessa"
    gap = f"{format_number(abs(deviation))} € {side}"
    text = f"{label} ({gap})" if label == ON_BUDGET else f"{gap} ({label})"
    return [
        KeyNumber("Ennuste vuoden lopussa", f"{format_number(row['forecast'])} €"),
        KeyNumber(what, text if deviation else label),
    ]


def summary_section(data: ReportData) -> Section:
    """Key numbers of the department: realisation against pace and the year-end forecast."""
    realisation = data.dataset("budget_realisation")
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
    return Section(
        ANCHOR,
        TITLE,
        Summary(
            tuple(numbers),
            assessments.computed(data, department),
            assessments.written(data, department, assessments.BUDGET_TOPIC),
        ),
    )
