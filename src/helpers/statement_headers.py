"""Which printed column of an income-statement export carries which measure.

Every finance system prints its own headers: ``TA 2024 +muutos`` or ``TA 2024``, ``TOT 2024 6 kk``
or ``TOT 1-8kk`` or ``Käyttö 1-10/2012``, ``TOT-24 %`` or ``M %``. Each column key has built-in
header patterns, and an entity adds its own under ``headers`` in entity.yml. A pattern is the
header as printed with placeholders for the numbers in it: ``{year}`` (the column's own year),
``{yy}`` (the same in two digits), ``{prior_year}`` (the year before it) and ``{months}``;
spaces may be missing or doubled and case does not matter.

The years and months a header states must describe one period, and the period asked for; a
header that states nothing takes the period asked for.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from helpers.config import HEADER_KEYS
from helpers.errors import InputDataError
from helpers.ingest import ROW

# Column keys (entity.yml ``headers``); the first four are the measures of the tidy table.
PRIOR_YEAR = "tp"  # tilinpäätös: last year's full-year actual
PRIOR_YTD = "tot_prior"  # last year's actual at the same date
BUDGET = "ta"  # talousarvio including changes
ACTUAL_YTD = "tot"  # this year's actual to date
REMAINING = "remaining"  # printed Jäljellä (TA − TOT)
PERCENT = "percent"  # printed TOT-% (TOT / TA × 100)
CHANGE = "change"  # printed change from last year (TOT − last year's TOT)
assert set(HEADER_KEYS) == {PRIOR_YEAR, PRIOR_YTD, BUDGET, ACTUAL_YTD, REMAINING, PERCENT, CHANGE}

BUILT_IN_PATTERNS: dict[str, tuple[str, ...]] = {
    PRIOR_YEAR: ("TP {year}",),
    PRIOR_YTD: (),  # told apart from this year's TOT by its year (see identify_columns)
    BUDGET: ("TA {year}", "TA {year} + muutos"),
    ACTUAL_YTD: ("TOT {year} {months} kk",),
    REMAINING: ("Jäljellä",),
    PERCENT: ("TOT-{yy} %",),
    CHANGE: (),
}
DESCRIPTIONS = {
    PRIOR_YEAR: "last year's financial statements (TP)",
    PRIOR_YTD: "last year's actual to the same date",
    BUDGET: "the budget (TA)",
    ACTUAL_YTD: "the actual to date (TOT)",
    REMAINING: "the remaining budget (Jäljellä)",
    PERCENT: "the realisation percentage (TOT-%)",
    CHANGE: "the change from last year",
}
# The year a column describes, relative to the reporting year.
_YEAR_OFFSET = {PRIOR_YEAR: -1, PRIOR_YTD: -1}
_TOKEN = {
    "year": r"(?P<year>\d{4})",
    "prior_year": r"(?P<prior_year>\d{4})",
    "yy": r"(?P<yy>\d{2})",
    "months": r"(?P<months>\d{1,2})",
}


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern:
    """A header pattern as a regular expression: placeholders capture, spaces are optional."""
    regex = ""
    for part in re.split(r"(\{[a-z_]+\}|\s+)", pattern.strip()):
        if not part:
            continue
        if part.isspace():
            regex += r"\s*"
        elif part.startswith("{") and part.endswith("}") and part[1:-1] in _TOKEN:
            regex += r"\s*" + _TOKEN[part[1:-1]] + r"\s*"
        else:
            regex += re.escape(part)
    return re.compile(rf"^\s*{regex}\s*$", re.IGNORECASE)


def accepted_patterns(aliases: Mapping[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """Every accepted header pattern per column key: the entity's own first, then built-ins."""
    aliases = aliases or {}
    return {
        key: [*aliases.get(key, ()), *BUILT_IN_PATTERNS[key]]
        for key in HEADER_KEYS
        if aliases.get(key) or BUILT_IN_PATTERNS[key]
    }


@dataclass(frozen=True)
class _Match:
    key: str
    header: str
    year: int | None  # the column's own year, when the header states it
    months: int | None


def _match(header: str, patterns: dict[str, list[str]]) -> _Match | None:
    for key, texts in patterns.items():
        for text in texts:
            found = compile_pattern(text).match(header)
            if not found:
                continue
            groups = found.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            if year is None and groups.get("prior_year"):
                year = int(groups["prior_year"]) + 1
            if year is None and groups.get("yy"):
                year = 2000 + int(groups["yy"])
            months = int(groups["months"]) if groups.get("months") else None
            return _Match(key, header, year, months)
    return None


@dataclass(frozen=True)
class Columns:
    """Which printed header carries which column key, and the period the file covers."""

    header: dict[str, str]  # column key → printed header
    year: int
    months: int


def identify_columns(
    headers: list[str],
    path: Path,
    aliases: Mapping[str, Iterable[str]] | None = None,
    period_end: dt.date | None = None,
    skip: Iterable[str] = ("Yksikkö", "Rivi", ROW),
) -> Columns:
    """Map printed headers (other than the ``skip`` columns: unit, line and row number) to
    column keys and check the period they state.

    Only the actual to date is required. Two columns of one key are an error naming both,
    except two actuals to date of different years: the earlier is last year's same period.
    """
    patterns = accepted_patterns(aliases)
    matches: dict[str, list[_Match]] = {key: [] for key in HEADER_KEYS}
    for header in headers:
        if header in set(skip):
            continue
        found = _match(header, patterns)
        if found is None:
            raise InputDataError(
                f"unknown column; accepted headers: {_listing(patterns)} "
                "(an export's own headers are declared under 'headers' in entity.yml)",
                file=path,
                row=1,
                column=header,
            )
        matches[found.key].append(found)
    _split_actuals(matches)
    for key, found in matches.items():
        if len(found) > 1:
            raise InputDataError(
                f"two columns for {DESCRIPTIONS[key]}: '{found[0].header}' and "
                f"'{found[1].header}'; keep one",
                file=path,
                row=1,
                column=found[1].header,
            )
    chosen = {key: found[0] for key, found in matches.items() if found}
    if ACTUAL_YTD not in chosen:
        raise InputDataError(
            f"no column for {DESCRIPTIONS[ACTUAL_YTD]}; accepted headers: "
            + " | ".join(patterns[ACTUAL_YTD]),
            file=path,
            row=1,
            column=" | ".join(patterns[ACTUAL_YTD]),
        )
    year, months = _period(chosen, path, period_end)
    return Columns({k: m.header for k, m in chosen.items()}, year, months)


def _split_actuals(matches: dict[str, list[_Match]]) -> None:
    """Dated actuals to date and no other column for last year's: the latest year's are this
    year's, the others last year's same period (``TOT 2023 6 kk`` beside ``TOT 2024 6 kk``).
    Two of one year are then reported as two columns of one key, naming both."""
    actuals = matches[ACTUAL_YTD]
    if len(actuals) < 2 or matches[PRIOR_YTD] or any(m.year is None for m in actuals):
        return
    latest = max(m.year for m in actuals)
    prior = [m for m in actuals if m.year != latest]
    if prior:
        matches[PRIOR_YTD] = prior
        matches[ACTUAL_YTD] = [m for m in actuals if m.year == latest]


def _period(chosen: dict[str, _Match], path: Path, period_end: dt.date | None) -> tuple[int, int]:
    """The year and months the headers state, checked against each other and the period."""
    actual = chosen[ACTUAL_YTD]
    stated_years = {
        key: m.year - _YEAR_OFFSET.get(key, 0) for key, m in chosen.items() if m.year is not None
    }
    stated_months = {key: m.months for key, m in chosen.items() if m.months is not None}
    years, months = set(stated_years.values()), set(stated_months.values())
    if len(years) > 1 or len(months) > 1:
        shown = ", ".join(m.header for m in chosen.values() if m.year or m.months)
        raise InputDataError(
            f"the columns do not describe one period: {shown}",
            file=path,
            row=1,
            column=actual.header,
        )
    year = next(iter(years), None)
    month_count = next(iter(months), None)
    if period_end is None:
        if year is None or month_count is None:
            raise InputDataError(
                "the headers do not state the year and months the file covers",
                file=path,
                row=1,
                column=actual.header,
            )
        return year, month_count
    if (year or period_end.year, month_count or period_end.month) != (
        period_end.year,
        period_end.month,
    ):
        covers = f"{month_count} months of {year}" if month_count and year else str(year or "")
        covers = covers or f"{month_count} months"
        raise InputDataError(
            f"the file covers {covers}, but the period asked for ends {period_end.isoformat()}",
            file=path,
            row=1,
            column=actual.header,
        )
    return period_end.year, period_end.month


def _listing(patterns: dict[str, list[str]]) -> str:
    return "; ".join(f"{key}: " + " | ".join(texts) for key, texts in patterns.items())
