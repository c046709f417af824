"""Assessments shown under a unit's figures: written by the unit, or computed sentences."""

from __future__ import annotations

from helpers import catalog
from helpers.narrative import unit_narrative
from helpers.report.formats import paragraphs
from helpers.report.model import Assessment, ReportData

BUDGET_TOPIC = "Talousarvion toteutuminen"
INVESTMENT_TOPIC = "Investoinnit"


def written(data: ReportData, unit_label: str, topic: str) -> tuple[Assessment, ...]:
    """The unit's own assessments of ``topic`` for the period (``Oma arvio``)."""
    assessments = data.dataset(catalog.ASSESSMENTS.name)
    if assessments.empty:
        return ()
    rows = assessments[(assessments["unit"] == unit_label) & (assessments["topic"] == topic)]
    heading = f"Oma arvio: {data.unit_name(unit_label)} ({data.date_text})"
    return tuple(Assessment(heading, paragraphs(text)) for text in rows["text"])


def computed(data: ReportData, unit_label: str) -> Assessment | None:
    """Sentences computed from the unit's realisation and forecast (``helpers.narrative``)."""
    sentences = unit_narrative(
        unit_label,
        data.dataset(catalog.BUDGET_REALISATION.name),
        data.dataset(catalog.FORECAST.name),
        data.dataset(catalog.FORECAST_ADJUSTMENTS.name),
        net_line=data.config.net_line,
    )
    if not sentences:
        return None
    return Assessment("Laskennallinen arvio", tuple(sentences), computed=True)
