"""Finnish number and date conventions: parsing finance-system exports and formatting for print."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

LOCALE = "fi_FI"

# Characters finance systems and spreadsheets use as thousands separators in the Finnish locale.
_THOUSANDS = "\u0020\u00a0\u202f\u2009"
_MINUS_SIGNS = "\u2212\u2013\u002d"  # Unicode minus, en dash (seen in PDFs), ASCII hyphen-minus
_NUMBER = re.compile(r"^\d+(?:,\d+)?$")  # after its one sign is taken off
_GROUPED = re.compile(r"^\d{1,3}(?:[ ]\d{3})+$")
_EXPONENT = re.compile(r"\d[eE][+-]?\d")
# Characters that may be a space or an invisible format character: neither ASCII nor the
# Latin letters of U+00C0–U+024F (ä, ö, å, é, ...), which are neither.
_LONG_TEXT = 100_000  # characters: a whole file, checked on its bytes first
_MAYBE_SPACE_OR_FORMAT = re.compile(r"[^\x00-\x7f\u00c0-\u024f]+")
# Unit signs a cell may end with, and what they are called in a message.
UNIT_SIGNS = {"€": "currency sign", "%": "percent sign", "$": "currency sign", "£": "currency sign"}
EXPECTED_NUMBER = (
    "expected digits with a decimal comma and spaces between thousands, e.g. -1 234,56"
)


def normalise_text(text: str) -> str:
    """Text that looks the same compares the same: Unicode NFC, invisible format characters
    (zero-width space, soft hyphen, byte-order mark, direction marks) removed, and every other
    space character (no-break, narrow, thin) as a plain space."""
    if text.isascii() or (len(text) > _LONG_TEXT and _latin_letters_only(text)):
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Look up each distinct candidate character once: a million-row export has a handful.
    table = {}
    for ch in set("".join(_MAYBE_SPACE_OR_FORMAT.findall(text))):
        category = unicodedata.category(ch)
        if category == "Zs":  # never the ASCII space: the pattern finds no ASCII
            table[ord(ch)] = " "
        elif category == "Cf":
            table[ord(ch)] = None
    return text.translate(table) if table else text


def _latin_letters_only(text: str) -> bool:
    """Whether every non-ASCII character is in U+00C0–U+027F (ä, ö, å, é, ...): letters that
    are already in NFC, never spaces or format characters, and compose with nothing here.
    Told from the UTF-8 lead bytes in one pass (a whole export at once)."""
    import numpy as np

    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    # 0xC2 leads U+0080–U+00BF (no-break space, soft hyphen); 0xCA and up lead U+0280 onwards.
    return not ((data == 0xC2).any() or (data >= 0xCA).any())


def parse_number(text: object, unit: str | None = None) -> float | None:
    """Parse a Finnish-format number such as ``-15 134 455``, ``50,58`` or ``− 9 940``.

    Accepts space, no-break space, narrow no-break space and thin space as thousands separators,
    a decimal comma, ASCII or Unicode minus or an en dash (also separated from the digits by a
    space, as the published PDFs print it), and accounting parentheses for a negative number:
    ``(19 709 683)`` is ``-19 709 683``. A trailing ``unit`` sign (``€`` or ``%``) is accepted
    when the caller names it: ``691 408 €`` in a euro column. Blank text gives ``None``.
    Anything else raises ``ValueError`` saying what was found and what is expected: a decimal
    point is rejected because ``1.234`` is ambiguous between the two locales.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, int | float):
        return float(text)
    raw = normalise_text(str(text)).strip()
    if raw == "":
        return None
    cleaned = _strip_unit(raw, raw, unit)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = _strip_unit(cleaned[1:-1].strip(), raw, unit)
        if cleaned[:1] and cleaned[0] in _MINUS_SIGNS + "+":
            raise _not_a_number(raw, "both parentheses and a minus sign")
    if not cleaned:
        raise _not_a_number(raw, None)
    minus = cleaned[0] in _MINUS_SIGNS
    if minus or cleaned[0] == "+":  # one sign; a second one fails _NUMBER below
        cleaned = cleaned[1:].lstrip()
    integer, _, decimals = cleaned.partition(",")
    if " " in integer and not _GROUPED.match(integer) and integer.replace(" ", "").isdigit():
        raise _not_a_number(raw, "misplaced thousands separator")
    integer = integer.replace(" ", "")
    match = _NUMBER.match(integer + (f",{decimals}" if decimals else ""))
    if not match or (decimals == "" and "," in cleaned):
        raise _not_a_number(raw, _what_is_wrong(cleaned))
    value = float(f"{integer}.{decimals}" if decimals else integer)
    return -value if minus or negative else value


def _strip_unit(cleaned: str, raw: str, unit: str | None) -> str:
    """``cleaned`` without its trailing ``unit`` sign; another sign is an error naming it."""
    last = cleaned[-1:]
    if last in UNIT_SIGNS:
        if last != unit:
            allowed = f"a plain number or one ending in '{unit}'" if unit else "a plain number"
            raise _not_a_number(raw, f"{UNIT_SIGNS[last]} '{last}' found; expected {allowed}")
        cleaned = cleaned[:-1].rstrip()
    return cleaned


def _what_is_wrong(cleaned: str) -> str | None:
    """The recognisable cause of an unparseable number, or ``None``."""
    if _EXPONENT.search(cleaned):
        return (
            "exponent notation found: the exact number is lost; export the column as a "
            "number with all its digits"
        )
    if any(ch.isalpha() for ch in cleaned):
        return None  # text such as "n. 691 408" or "ei tietoa"
    if "." in cleaned:
        return "decimal point '.' found; expected a decimal comma and spaces between thousands"
    found = [sign for sign in UNIT_SIGNS if sign in cleaned]
    if found:
        return f"{UNIT_SIGNS[found[0]]} '{found[0]}' found; expected a plain number"
    if cleaned[-1:] in _MINUS_SIGNS and cleaned[:-1].strip().replace(" ", "").isdigit():
        return "minus sign after the number; expected it in front, e.g. -1 234"
    if "(" in cleaned or ")" in cleaned:
        return "unbalanced parentheses; a negative number is written -1 234 or (1 234)"
    return None


def _not_a_number(raw: str, reason: str | None) -> ValueError:
    if reason is None:
        return ValueError(f"not a Finnish number: {raw!r}; {EXPECTED_NUMBER}")
    if reason.startswith("misplaced"):
        return ValueError(f"not a Finnish number ({reason}): {raw!r}; {EXPECTED_NUMBER}")
    return ValueError(f"not a Finnish number ({reason}): {raw!r}")


# Babel prints a float x as Decimal(repr(x)) rounded half-even to the pattern's decimals.
# For the already rounded x = round(value, d), repr(x) has at most d decimals (the d-decimal
# number round() chose is itself a string that reads back as x, and repr is the shortest).
# Python's f"{x:.{d}f}" prints the exact binary value of x rounded to d decimals; the two agree
# when x is within half a unit of the d-th decimal of one d-decimal number only, i.e. when the
# float spacing at x is below 10**-d: |x| < 2**52 * 10**-d. This bound keeps well inside it
# (spacing at most 0.23 * 10**-d); larger numbers, inf and NaN go to babel.
_EXACT_BELOW = 1e15
# Python's grouping comma and decimal point as babel's fi_FI prints them.
_FINNISH_SEPARATORS = str.maketrans({",": "\u00a0", ".": ","})


def format_number(value: float | None, decimals: int = 0, missing: str = "") -> str:
    """Format like the printed report: ``-15 134 455``, ``50,58`` (no-break space groups).

    Uses ASCII hyphen-minus, as the source report and Excel's Finnish locale do, so a number
    copied from the HTML pastes into a spreadsheet as a number.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    # "+ 0.0" turns a rounded -0.0 into 0.0 so that nothing prints as "-0".
    rounded = round(value, decimals) + 0.0
    if decimals >= 0 and abs(rounded) < _EXACT_BELOW / 10**decimals:  # never inf or NaN
        # What babel prints (below), a hundred times faster: see _EXACT_BELOW.
        return f"{rounded:,.{decimals}f}".translate(_FINNISH_SEPARATORS)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(rounded, format=pattern, locale=LOCALE)
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
