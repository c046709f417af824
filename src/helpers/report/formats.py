"""How the report prints values: Finnish number formats, paragraphs and status badges.

Formatters turn one table value into the text a cell shows; the templates escape it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from helpers.finnish import format_number

Formatter = Callable[[object], str]

# Traffic-light statuses of goals and survey judgements → the CSS class of their badge.
BADGE_CLASSES = {
    "Toteutuu": "ok",
    "Toteutuu osittain": "partly",
    "Ei toteudu": "no",
    "toteutuu": "ok",
    "ei toteudu": "no",
    "virhe": "no",
}


def euros(value: object) -> str:
    """Whole euros as printed: ``-15 134 455``."""
    return format_number(None if pd.isna(value) else float(value), 0)


def percent_value(value: object) -> str:
    """A percentage figure without the sign, as in a ``TOT-%`` column: ``50,58``."""
    return format_number(None if pd.isna(value) else float(value), 2, missing="–")


def integer(value: object) -> str:
    return format_number(None if pd.isna(value) else float(value), 0, missing="–")


def decimal(decimals: int) -> Formatter:
    def fmt(value: object) -> str:
        return format_number(None if pd.isna(value) else float(value), decimals, missing="–")

    return fmt


def as_printed(value: object) -> str:
    """Whole numbers without decimals, others with two: ``779``, ``11 355,17``."""
    if pd.isna(value):
        return "–"
    number = float(value)
    return format_number(number, 0 if number == round(number) else 2)


def year(value: object) -> str:
    """A year as a label, without a thousands separator: ``2023``."""
    return str(int(value))


def badge_class(status: str) -> str:
    """CSS class of a traffic-light status: Toteutuu → green, osittain → amber, ..."""
    return BADGE_CLASSES.get(status, "unknown")


def paragraphs(text: object) -> tuple[str, ...]:
    """A text's non-empty lines, stripped: each is printed as its own paragraph."""
    if text is None or pd.isna(text):
        return ()
    return tuple(p.strip() for p in str(text).split("\n") if p.strip())
