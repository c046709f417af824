"""Raw string columns to typed columns: Finnish numbers in bulk, dates and months once per
distinct text. The first bad cell in row order is an ``InputDataError`` naming the file, its
row (from the ``ROW`` column the readers of ``helpers.ingest`` add) and its column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.bulk import CellError, map_unique, parse_numbers
from helpers.errors import InputDataError
from helpers.finnish import parse_date, parse_number
from helpers.schemas import DATE, INTEGER, MONTH, NUMBER, Field, dtype_of

# The column every reader adds: the row number an analyst sees in the file.
ROW = "_row"
# Dates outside these bounds are typos (2042 for 2024, 0202 for 2020), not values "not yet
# known": the latest plausible date is the end of the year FUTURE_HORIZON_YEARS after the
# period's year (or after the current year, when an old period is run again later).
EARLIEST_YEAR = 1900
FUTURE_HORIZON_YEARS = 1


def parse_numeric_columns(
    frame: pd.DataFrame,
    columns: Iterable[str],
    path: Path,
    required: bool = False,
    unit: str | None = None,
) -> pd.DataFrame:
    """Turn Finnish-format number columns into floats; a bad cell names its row and column.

    ``unit`` (``€`` or ``%``) is the sign a cell of these columns may end with."""
    out = frame.copy(deep=False)  # copy-on-write: the parsed columns replace, never alter
    for column in columns:
        parse = lambda text: parse_number(text, unit)  # noqa: E731
        out[column] = _number_column(frame, column, path, required, parse)
    return out


def _number_column(
    frame: pd.DataFrame, column: str, path: Path, required: bool, parse_cell
) -> pd.array:
    """A column of Finnish number texts as ``Float64`` (``NA`` where blank), parsed in bulk;
    the first bad or (when ``required``) missing cell in row order is an error naming it."""
    values, failed, error = parse_numbers(frame[column], parse_cell)
    missing = np.flatnonzero(np.isnan(values)) if required else np.array([], dtype=int)
    if failed is not None and not (len(missing) and missing[0] < failed):
        row = int(frame[ROW].iloc[failed])
        raise InputDataError(str(error), file=path, row=row, column=column) from None
    if len(missing):
        row = int(frame[ROW].iloc[missing[0]])
        raise InputDataError("value is missing", file=path, row=row, column=column)
    return pd.array(values, dtype="Float64")  # NaN (blank) becomes NA


def number_unit(field: Field, label: str) -> str | None:
    """The sign a number cell may end with: the field's own, else ``%`` for a label ending in
    ``%`` and ``€`` for a label naming euros."""
    if field.unit:
        return field.unit
    if label.endswith("%"):
        return "%"
    return "€" if "€" in label else None


def date_window(period_end: dt.date, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The earliest and latest plausible date of a run for ``period_end`` (see
    ``EARLIEST_YEAR`` and ``FUTURE_HORIZON_YEARS``)."""
    year = max(period_end.year, (today or dt.date.today()).year)
    return dt.date(EARLIEST_YEAR, 1, 1), dt.date(year + FUTURE_HORIZON_YEARS, 12, 31)


def _parse_date_cell(kind: str, text: str, window: tuple[dt.date, dt.date]) -> pd.Timestamp:
    if kind == DATE:
        day = parse_date(text)
        shown, first, last = (f"{d.day}.{d.month}.{d.year:04d}" for d in (day, *window))
    else:
        month, _, year = text.partition(".")
        if not (month.isdigit() and len(year) == 4 and year.isdigit() and 1 <= int(month) <= 12):
            raise ValueError(f"not a month (expected m.yyyy, a four-digit year): {text!r}")
        day = dt.date(int(year), int(month), 1)
        shown, first, last = (f"{d.month}.{d.year:04d}" for d in (day, *window))
    if not window[0] <= day <= window[1]:
        raise ValueError(
            f"implausible {kind} {shown}: expected one from {first} to {last}; "
            "is the year mistyped?"
        )
    return pd.Timestamp(day)


def _parse_cell(field: Field, label: str, text: str, window: tuple[dt.date, dt.date]) -> object:
    if text == "":
        return None
    if field.kind == NUMBER:
        return parse_number(text, number_unit(field, label))
    if field.kind == INTEGER:
        value = parse_number(text, number_unit(field, label))
        if value is not None and value != int(value):
            raise ValueError(f"not a whole number: {text!r}")
        return None if value is None else int(value)
    if field.kind in (DATE, MONTH):
        return _parse_date_cell(field.kind, text, window)
    return text


def parse_field(
    raw: pd.DataFrame, field: Field, label: str, window: tuple[dt.date, dt.date], path: Path
):
    """One raw column parsed to its kind: numbers in bulk, other kinds once per distinct text;
    the first bad cell in row order is an error naming its row and column."""
    parse = lambda text: _parse_cell(field, label, text, window)  # noqa: E731
    if field.kind in (NUMBER, INTEGER):
        values, failed, error = parse_numbers(raw[label], parse)
        if field.kind == INTEGER:  # a plain cell with decimals (others raised in _parse_cell)
            fraction = np.flatnonzero(~np.isnan(values) & (values != np.round(values)))
            if len(fraction) and (failed is None or fraction[0] < failed):
                failed = int(fraction[0])
                error = ValueError(f"not a whole number: {str(raw[label].iloc[failed])!r}")
        if failed is not None:
            row = int(raw[ROW].iloc[failed])
            raise InputDataError(str(error), file=path, row=row, column=label)
        return pd.array(values, dtype="Float64").astype(dtype_of(field.kind))
    texts = raw[label].fillna("").astype(str)
    try:
        values = map_unique(texts, parse)
    except CellError as exc:
        row = int(raw[ROW].iloc[exc.position])
        raise InputDataError(str(exc), file=path, row=row, column=label) from None
    if field.kind in (DATE, MONTH):
        dates = pd.to_datetime(pd.Series(values, index=raw.index, dtype=object))
        return dates.astype("datetime64[ns]")
    return pd.array(values, dtype=dtype_of(field.kind))
