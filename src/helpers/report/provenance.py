"""Where the statement's numbers come from, in words the board reads.

The processed income statement keeps each amount's ``header`` (the column label the export
printed) and ``origin``: ``printed``, ``computed`` (a department summed from its units, a
subtotal the suite replaced, TA = TOT + Jäljellä) or ``derived`` (TA from TOT and a printed
TOT-%, with the range ``amount_low`` … ``amount_high`` the printed rounding allows). A
measure the export does not print has no rows at all. These functions turn that into the
labels and notes of the report: "ei tietoa" for what the source lacks, never 0 or a stand-in.
"""

from __future__ import annotations

import pandas as pd

from helpers.finnish import format_number
from helpers.income_statement import MEASURES, standard_label
from helpers.report.model import NO_DATA
from helpers.statement_conventions import DERIVED, PRINTED
from helpers.statement_headers import (
    ACTUAL_YTD,
    BUDGET,
    CHANGE,
    PERCENT,
    PRIOR_YEAR,
    PRIOR_YTD,
    REMAINING,
)

COMPUTED_TOTAL = "yhteensä (laskettu yksiköiden summana)"
DERIVED_MARK = "(johdettu)"
COMPUTED_MARK = "(laskettu)"
# What each measure is, for the notes ("the source does not print last year's TP").
MEASURE_NAMES = {
    PRIOR_YEAR: "edellisen vuoden tilinpäätöstä",
    PRIOR_YTD: "edellisen vuoden toteumaa samalta ajalta",
    BUDGET: "talousarviota",
    ACTUAL_YTD: "toteumaa",
}


def absent_measures(statement: pd.DataFrame) -> list[str]:
    """The measures (``MEASURES`` order) the statement has no amount of at all."""
    present = set(statement["measure"])
    return [m for m in MEASURES if m not in present]


def absent_label(statement: pd.DataFrame, measure: str) -> str:
    """The column label an absent measure would have had: ``TP 2023``, ``TOT 2023 8 kk``."""
    current = statement[statement["measure"] == ACTUAL_YTD]
    year, months = int(current["year"].iloc[0]), int(current["months"].iloc[0])
    earlier = measure in (PRIOR_YEAR, PRIOR_YTD)
    return standard_label(measure, year - 1 if earlier else year, months)


def absent_note(statement: pd.DataFrame) -> str | None:
    """A sentence naming what the source did not print, or ``None`` when it printed all."""
    absent = absent_measures(statement)
    if not absent:
        return None
    named = [f"{MEASURE_NAMES[m]} ({absent_label(statement, m)})" for m in absent]
    listing = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " eikä " + named[-1]
    its, from_it = ("sen", "siitä") if len(named) == 1 else ("niiden", "niistä")
    return (
        f"Lähde ei tulosta {listing}: taulukoissa {its} paikalla lukee ”{NO_DATA}”, eikä "
        f"{from_it} laskettuja vertailuja (kuten muutosta edellisestä vuodesta) esitetä."
    )


def is_computed_unit(statement: pd.DataFrame, unit: str) -> bool:
    """True when the export printed no row of ``unit``: every amount of it is the suite's
    (a department summed from its service areas). No statement: nothing is computed."""
    if statement.empty:
        return False
    origins = statement.loc[statement["unit"] == unit, "origin"]
    return not origins.empty and not (origins == PRINTED).any()


def unit_title(statement: pd.DataFrame, unit: str, name: str) -> str:
    """A unit's name as the report shows it; a computed department says so."""
    if is_computed_unit(statement, unit):
        return f"{name} {COMPUTED_TOTAL}"
    return name


def derived_budgets(statement: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """The derived TA rows (of ``unit``, or of every unit): unit, line, amount, low, high."""
    rows = statement[(statement["measure"] == BUDGET) & (statement["origin"] == DERIVED)]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    return rows[["unit", "line", "amount", "amount_low", "amount_high"]]


def _euros(value: float) -> str:
    return f"{format_number(value)} €"


def derived_note(statement: pd.DataFrame, unit: str) -> str | None:
    """How a unit's derived TA was obtained and the range its printed rounding allows."""
    rows = derived_budgets(statement, unit)
    if rows.empty:
        return None
    ranges = "; ".join(
        f"{row.line} {_euros(row.amount)} (väli {_euros(row.amount_low)} … "
        f"{_euros(row.amount_high)})"
        for row in rows.itertuples(index=False)
    )
    return (
        f"TA {DERIVED_MARK}: lähde ei tulosta talousarviota, joten se on johdettu toteumasta "
        "ja painetusta toteumaprosentista (TA = TOT ÷ TOT-% × 100). Painetun prosentin ja "
        f"toteuman pyöristys sallii välin: {ranges}."
    )


def computed_note(statement: pd.DataFrame, unit: str, name: str) -> str | None:
    """Why a unit's figures carry no printed row: the source did not print the department."""
    if not is_computed_unit(statement, unit):
        return None
    return (
        f"Lähde ei tulosta rivejä {name}: luvut ovat palvelualueiden summia, jotka raportti "
        "on laskenut."
    )


def origin_of(statement: pd.DataFrame) -> dict[str, str]:
    """Per measure the header the export printed it under, for the sources section;
    measures the suite computed or derived are marked so."""
    labels = {}
    for measure in MEASURES:
        rows = statement[statement["measure"] == measure]
        if rows.empty:
            continue
        printed = rows[rows["origin"] == PRINTED]
        if not printed.empty:
            labels[measure] = str(printed["header"].iloc[0])
        elif (rows["origin"] == DERIVED).any():
            labels[measure] = f"{rows['header'].iloc[0]} {DERIVED_MARK}"
        else:
            labels[measure] = f"{rows['header'].iloc[0]} {COMPUTED_MARK}"
    return labels


# What each column of a statement is, for the sources section.
COLUMN_MEANINGS = {
    PRIOR_YEAR: "edellisen vuoden tilinpäätös",
    PRIOR_YTD: "edellisen vuoden toteuma samalta ajalta",
    BUDGET: "talousarvio",
    ACTUAL_YTD: "kuluvan vuoden toteuma",
    REMAINING: "jäljellä oleva talousarvio: tarkistetaan, raportti laskee Jäljellä uudelleen",
    PERCENT: "toteumaprosentti: tarkistetaan painetulla tarkkuudella, raportti laskee TOT-% "
    "uudelleen",
    CHANGE: "muutos edellisestä vuodesta: tarkistetaan",
}
SIGN_TEXTS = {
    "income_positive": "Lähde tulostaa tuotot positiivisina ja kulut negatiivisina kuten raportti.",
    "costs_positive": "Lähde tulostaa tuotot negatiivisina ja kulut positiivisina "
    "(entity.yml: sign_convention: costs_positive): raportti kääntää etumerkit ja tarkistaa, "
    "että talousarvion tuotot ovat silloin positiivisia ja kulut negatiivisia.",
    "all_positive": "Lähde tulostaa tuotot, kulut ja nettokustannuksen positiivisina "
    "(entity.yml: sign_convention: all_positive): raportti kääntää kulujen ja nettorivin "
    "etumerkit ja tarkistaa, että talousarvion tuotot ovat silloin positiivisia ja kulut "
    "negatiivisia.",
}
# The same for a statement of the net margin alone (no income or cost line, e.g. a table of
# each unit's toimintakate): the check is then on the department's net cost.
NET_ONLY_SIGN_TEXTS = {
    "income_positive": "Lähde tulostaa nettokustannukset negatiivisina kuten raportti.",
    "costs_positive": "Lähde tulostaa nettokustannukset positiivisina "
    "(entity.yml: sign_convention: costs_positive): raportti kääntää etumerkit ja tarkistaa, "
    "että toimialan toimintakate on silloin nettokustannus (negatiivinen).",
}
# How a measure the source did not print under a header of its own was obtained.
NOT_PRINTED = {
    DERIVED_MARK: "lähde ei tulosta, johdettu toteumasta ja painetusta toteumaprosentista",
    COMPUTED_MARK: "lähde ei tulosta, laskettu painetuista sarakkeista",
}


def _filled(pattern: str, year: int, months: int) -> str:
    """A header pattern of entity.yml with its placeholders as this statement's numbers."""
    for name, value in (
        ("{prior_year}", year - 1),
        ("{year}", year),
        ("{yy}", f"{year % 100:02d}"),
        ("{months}", months),
    ):
        pattern = pattern.replace(name, str(value))
    return pattern


def source_columns(statement: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The statement's columns as the source printed them, each with what it is: the
    measures (computed or derived ones marked, absent ones "ei tietoa") and the printed
    derived columns declared under entity.yml ``headers``."""
    current = statement[statement["measure"] == ACTUAL_YTD]
    year, months = int(current["year"].iloc[0]), int(current["months"].iloc[0])
    labels = origin_of(statement)
    items = []
    for measure in MEASURES:
        if measure in labels:
            how = [text for mark, text in NOT_PRINTED.items() if labels[measure].endswith(mark)]
            meaning = ", ".join([COLUMN_MEANINGS[measure], *how])
            items.append(f"{labels[measure]}: {meaning}")
        else:
            label = absent_label(statement, measure)
            items.append(f"{label}: {COLUMN_MEANINGS[measure]}, ei lähteessä ({NO_DATA})")
    for key in (REMAINING, PERCENT, CHANGE):
        for pattern in aliases.get(key, ()):
            items.append(f"{_filled(pattern, year, months)}: {COLUMN_MEANINGS[key]}")
    return tuple(items)


def sign_text(convention: str, net_only: bool = False) -> str:
    """How the source printed its signs and what the report did about it; ``net_only`` for a
    statement without income and cost lines (all_positive needs both, so it has no such text)."""
    return NET_ONLY_SIGN_TEXTS[convention] if net_only else SIGN_TEXTS[convention]
