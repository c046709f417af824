"""The source report's running text per unit: Kuvaus toiminnasta, Toimintaympäristö ja sen
muutokset, Toiminnan painopistealueet.

The paragraphs are printed as the units wrote them (``unit_texts``). Under the operating
environment, every change that may move euros in the rest of the year
(``environment_changes``) says whether the forecast accounts for it: a forecast adjustment or
a management estimate whose text names the change (one of its word stems) does, and nothing
else is assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import catalog
from helpers.catalog.period_files import TEXT_CHAPTERS
from helpers.report.formats import euros
from helpers.report.model import ReportData, Section

DESCRIPTION, ENVIRONMENT, PRIORITIES = TEXT_CHAPTERS
# (anchor, title); the year of the period follows the titles that carry one in print.
CHAPTER_HEADINGS = {
    DESCRIPTION: ("toiminnan-kuvaus", "Kuvaus toiminnasta"),
    ENVIRONMENT: ("toimintaymparisto", "Toimintaympäristö ja sen muutokset {year}"),
    PRIORITIES: ("painopistealueet", "Toiminnan painopistealueet {year}"),
}
NO_TEXT = "Ei tietoa: lähdeaineisto ei anna tälle luvulle tekstiä."


@dataclass(frozen=True)
class Change:
    """A change of the operating environment and what the forecast makes of it."""

    change: str
    when: str
    forecast: str  # one Finnish sentence: accounted for by what, or by nothing


@dataclass(frozen=True)
class UnitText:
    unit: str  # the unit's name as the report shows it
    paragraphs: tuple[str, ...]
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class UnitTexts:
    template: ClassVar[str] = "unit_texts.html.j2"
    units: tuple[UnitText, ...]
    no_text: str = NO_TEXT


def _names(text: object, stems: tuple[str, ...]) -> bool:
    """Whether ``text`` contains one of the word ``stems``, in any letter case."""
    if text is None or pd.isna(text):
        return False
    folded = str(text).casefold()
    return any(stem in folded for stem in stems)


def stems_of(keywords: object) -> tuple[str, ...]:
    """``"Tommola, Kirkkis"`` → ``("tommola", "kirkkis")``: the comma-separated stems."""
    if keywords is None or pd.isna(keywords):
        return ()
    return tuple(s.strip().casefold() for s in str(keywords).split(",") if s.strip())


def _direction(amount: float) -> str:
    """Income is positive and costs negative: a positive adjustment improves the margin."""
    if amount == 0:
        return "ei vaikutusta"
    return "suotuisa" if amount > 0 else "epäsuotuisa"


def forecast_coverage(
    stems: tuple[str, ...], units: set[str], adjustments: pd.DataFrame, estimates: pd.DataFrame
) -> str:
    """Whether the forecast accounts for a change, from the rows of ``units`` whose text
    names one of ``stems``: a forecast adjustment (``forecast_adjustments``: its euros are in
    the forecast), else a management estimate (``management_estimates``), else neither."""

    def naming(frame: pd.DataFrame, text_column: str) -> pd.DataFrame:
        if frame.empty or not stems:
            return frame.iloc[0:0]
        named = frame["unit"].isin(units) & frame[text_column].map(lambda t: _names(t, stems))
        return frame[named]

    adjusted = naming(adjustments, "reason")
    if not adjusted.empty:
        parts = ", ".join(
            f"{row.line} {euros(row.amount)} € ({_direction(float(row.amount))})"
            for row in adjusted.itertuples()
        )
        return f"Ennuste ottaa muutoksen huomioon: ennusteen oikaisu {parts}."
    estimated = naming(estimates, "text")
    if not estimated.empty:
        parts = ", ".join(
            f"{row.line} {euros(row.amount)} €"
            if not pd.isna(row.amount)
            else f"{row.line}: {row.direction}"
            for row in estimated.itertuples()
        )
        return (
            f"Johdon arvio ottaa muutoksen huomioon ({parts}); mallin ennusteessa sille ei ole "
            "omaa oikaisua."
        )
    return (
        "Ennuste ei ota muutosta erikseen huomioon: ennusteen oikaisut ja johdon arviot eivät "
        "mainitse sitä."
    )


def unit_changes(data: ReportData, unit_label: str) -> tuple[Change, ...]:
    """The unit's changes of the operating environment with their place in the forecast."""
    changes = data.dataset(catalog.ENVIRONMENT_CHANGES.name)
    if changes.empty:
        return ()
    units = {unit_label, data.config.department_unit.label}
    adjustments = data.dataset(catalog.FORECAST_ADJUSTMENTS.name)
    estimates = data.dataset(catalog.MANAGEMENT_ESTIMATES.name)
    return tuple(
        Change(
            row.change,
            row.when,
            forecast_coverage(stems_of(row.keywords), units, adjustments, estimates),
        )
        for row in changes[changes["unit"] == unit_label].itertuples()
    )


def chapter_units(data: ReportData, chapter: str) -> tuple[UnitText, ...]:
    """The units that have text (or, under the operating environment, changes) in
    ``chapter``, in the order the source prints them, each with its paragraphs."""
    texts = data.dataset(catalog.UNIT_TEXTS.name)
    paragraphs: dict[str, tuple[str, ...]] = {}
    if not texts.empty:
        rows = texts[texts["chapter"] == chapter]
        for label, group in rows.groupby("unit", sort=False):
            paragraphs[label] = tuple(group.sort_values("paragraph")["text"])
    labels = list(paragraphs)
    if chapter == ENVIRONMENT:
        changes = data.dataset(catalog.ENVIRONMENT_CHANGES.name)
        if not changes.empty:
            labels += [u for u in dict.fromkeys(changes["unit"]) if u not in paragraphs]
    return tuple(
        UnitText(
            data.unit_name(label),
            paragraphs.get(label, ()),
            unit_changes(data, label) if chapter == ENVIRONMENT else (),
        )
        for label in labels
    )


def chapter_section(data: ReportData, chapter: str) -> Section:
    """One chapter; a period whose source gives no text for it says so."""
    anchor, title = CHAPTER_HEADINGS[chapter]
    title = title.format(year=data.period_end.year)
    return Section(anchor, title, UnitTexts(chapter_units(data, chapter)))


def description_section(data: ReportData) -> Section:
    return chapter_section(data, DESCRIPTION)


def environment_section(data: ReportData) -> Section:
    return chapter_section(data, ENVIRONMENT)


def priorities_section(data: ReportData) -> Section:
    return chapter_section(data, PRIORITIES)
