"""Finnish number and date conventions: parsing finance-system exports and formatting for print."""

from __future__ import annotations

import datetime as dt
import math
import re

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

LOCALE = "fi_FI"

# Characters finance systems and spreadsheets use as thousands separators in the Finnish locale.
_THOUSANDS = "\u0020\u00a0\u202f\u2009"
_MINUS_SIGNS = "\u2212\u2013\u002d"  # Unicode minus, en dash (seen in PDFs), ASCII hyphen-minus
_NUMBER = re.compile(r"^([+-])?(\d+)(?:,(\d+))?$")
_GROUPED = re.compile(r"^\d{1,3}(?:[ ]\d{3})+$")


def parse_number(text: object) -> float | None:
    """Parse a Finnish-format number such as ``-15 134 455``, ``50,58`` or ``− 9 940``.

    Accepts space, no-break space, narrow no-break space and thin space as thousands separators,
    a decimal comma, and ASCII or Unicode minus (also separated from the digits by a space, as the
    published PDFs print it). Blank text gives ``None``. Anything else raises ``ValueError``:
    a decimal point is rejected because ``1.234`` is ambiguous between the two locales.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, int | float):
        return float(text)
    raw = str(text).strip().lstrip("\ufeff")
    if raw == "":
        return None
    cleaned = raw
    for sep in _THOUSANDS:
        cleaned = cleaned.replace(sep, " ")
    sign = ""
    if cleaned[0] in _MINUS_SIGNS:
        sign, cleaned = "-", cleaned[1:].lstrip()
    elif cleaned[0] == "+":
        cleaned = cleaned[1:].lstrip()
    integer, _, decimals = cleaned.partition(",")
    if " " in integer and not _GROUPED.match(integer):
        raise ValueError(f"not a Finnish number (misplaced thousands separator): {raw!r}")
    integer = integer.replace(" ", "")
    match = _NUMBER.match(f"{sign}{integer}" + (f",{decimals}" if decimals else ""))
    if not match or (decimals == "" and "," in cleaned):
        raise ValueError(f"not a Finnish number: {raw!r}")
    value = float(f"{integer}.{decimals}" if decimals else integer)
    return -value if sign else value


def format_number(value: float | None, decimals: int = 0, missing: str = "") -> str:
    """Format like the printed report: ``-15 134 455``, ``50,58`` (no-break space groups).

    Uses ASCII hyphen-minus, as the source report and Excel's Finnish locale do, so a number
    copied from the HTML pastes into a spreadsheet as a number.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # "+ 0.0" turns a rounded -0.0 into 0.0 so that nothing prints as "-0".
    text = format_decimal(round(value, decimals) + 0.0, format=pattern, locale=LOCALE)
    return text.replace("\u2212", "-")


def format_percent(value: float | None, decimals: int = 2, missing: str = "") -> str:
    """``50.578`` → ``50,58 %`` (Finnish style puts a no-break space before the sign)."""
    text = format_number(value, decimals, missing="")
    return f"{text}\u00a0%" if text else missing


# CLDR patterns of the short forms Finnish reports print: 30.6.2024 and 30.6.
DATE_PATTERN, DAY_MONTH_PATTERN = "d.M.y", "d.M."


def format_date(day: dt.date) -> str:
    """``2024-06-30`` → ``30.6.2024``, the short form Finnish reports use."""
    return babel_format_date(day, DATE_PATTERN, locale="fi")


def format_day_month(day: dt.date) -> str:
    """``2024-06-30`` → ``30.6.``, a date within the report's own year."""
    return babel_format_date(day, DAY_MONTH_PATTERN, locale="fi")


def parse_date(text: str) -> dt.date:
    """Parse ``30.6.2024`` or ``30.06.2024`` (also ISO ``2024-06-30``); ``ValueError`` otherwise."""
    raw = str(text).strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"not a date (expected d.m.yyyy): {raw!r}") from None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"not a date (expected d.m.yyyy): {raw!r}") from None
