"""What a raw table specification is, and the pandera schemas built from one.

Each raw file is described once, by a ``TableSpec`` (declared in ``helpers.catalog``'s
``entity_files`` and ``period_files``): its printed column labels, the English column names of
its processed table, value kinds, required cells, allowed values and keys. From that one
description come the parser, the pandera schema of the parsed raw table, the pandera schema of
the processed table and the documentation check in the tests.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from helpers.errors import InputDataError
from helpers.finnish import format_date

# Value kinds of a raw column (BOOLEAN only for columns the clean stage adds).
TEXT, NUMBER, INTEGER, DATE, MONTH = "text", "number", "integer", "date", "month"
BOOLEAN = "boolean"
# Where the file lives: data/raw/<entity>/, data/raw/<entity>/<period_end>/ or data/raw/.
ENTITY, PERIOD, NATIONAL = "entity", "period", "national"

GOAL_STATUSES = ("Toteutuu", "Toteutuu osittain", "Ei toteudu", "Ei tietoa")


@dataclass(frozen=True)
class Field:
    """One printed column. ``label`` may hold ``{year}``, ``{prev}`` and ``{month}``, filled in
    from the period, so that a file of another period is rejected by its headers."""

    label: str
    name: str
    kind: str = TEXT
    required: bool = True
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    doc: str = ""
    unit: str | None = None  # sign a number may end with (€, %); default from the label

    def printed_label(self, period_end: dt.date) -> str:
        return self.label.format(
            year=period_end.year, prev=period_end.year - 1, month=period_end.month
        )


@dataclass(frozen=True)
class TableSpec:
    name: str  # processed table name (parquet file stem)
    stem: str  # raw file stem
    scope: str  # ENTITY or PERIOD
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    as_of: str | None = None  # date field: rows after the period end are not yet known
    total_label: tuple[str, str] | None = None  # (field, label) of a printed total row
    doc: str = ""
    # Columns the clean stage adds after reading (name, kind, meaning), e.g. the
    # disclosure-control flag.
    added: tuple[tuple[str, str, str], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def dtype_of(kind: str):
    return {
        TEXT: pd.StringDtype(),
        NUMBER: pd.Float64Dtype(),
        INTEGER: pd.Int64Dtype(),
        DATE: "datetime64[ns]",
        MONTH: "datetime64[ns]",
        BOOLEAN: pd.BooleanDtype(),
    }[kind]


def _checks(field: Field) -> list[pa.Check]:
    checks = []
    if field.allowed:
        checks.append(pa.Check.isin(list(field.allowed)))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum))
    return checks


@functools.cache  # one schema object per table: see ``already_validated``
def processed_schema(spec: TableSpec, with_added: bool = True) -> pa.DataFrameSchema:
    """Schema of the processed (parsed, renamed) table, with its provenance columns and, unless
    ``with_added`` is false (the table as read, before the clean stage), the added columns."""
    columns = {
        f.name: pa.Column(dtype_of(f.kind), checks=_checks(f), nullable=not f.required)
        for f in spec.fields
    }
    columns["source_file"] = pa.Column(pd.StringDtype())
    columns["source_row"] = pa.Column(pd.Int64Dtype(), pa.Check.ge(1))
    for name, kind, _doc in spec.added if with_added else ():
        columns[name] = pa.Column(dtype_of(kind), nullable=False)
    return pa.DataFrameSchema(
        columns, unique=list(spec.key) or None, strict=True, ordered=True, coerce=False
    )


def validate(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    file: str,
    labels: dict,
    row_column: str = "source_row",
) -> None:
    """Validate with pandera; the first failure becomes an ``InputDataError`` naming the
    file, the row (from ``row_column``) and the printed column label.

    A check built with ``error="..."`` reports that text followed by the value; a duplicate
    key is reported on its second occurrence with the row of the first.
    """
    try:
        schema.validate(frame, lazy=True)
        _remember(frame, schema)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        duplicates = cases["check"].astype(str).str.contains("uniqueness")
        if duplicates.all():
            raise _duplicate_error(frame, list(schema.unique), file, labels, row_column) from None
        first = cases[~duplicates].iloc[0]
        column = first["column"] if isinstance(first["column"], str) else None
        index = first["index"]
        row = None
        if index is not None and not pd.isna(index) and int(index) in frame.index:
            row = int(frame.loc[int(index), row_column])
        check = str(first["check"])
        value = first["failure_case"]
        if check == "column_in_dataframe":  # pandera names the missing column as the value
            column = str(value)
        label = labels.get(column, column)
        if check == "column_in_dataframe":
            reason = "column is missing"
        elif check == "not_nullable":
            reason = "value is missing"
        elif check.startswith("isin"):
            reason = f"value '{value}' is not allowed in '{label}'"
        elif "(" in check or check.startswith("dtype"):  # a built-in check such as ge(1)
            reason = f"value '{value}' fails the check {check}"
        else:  # a check with its own error text
            reason = f"{check} '{value}'"
        raise InputDataError(reason, file=file, row=row, column=label) from None


def _duplicate_error(
    frame: pd.DataFrame, key: list[str], file: str, labels: dict, row_column: str
) -> InputDataError:
    repeated = frame[frame.duplicated(subset=key, keep="first")].iloc[0]
    same = (frame[key] == repeated[key]).all(axis=1)
    first_row = int(frame.loc[same, row_column].iloc[0])

    def shown(value: object) -> str:
        if isinstance(value, pd.Timestamp):
            return format_date(value)
        return str(value)

    values = ", ".join(f"{labels.get(k, k)} '{shown(repeated[k])}'" for k in key)
    return InputDataError(
        f"duplicate row: {values} is already on row {first_row}",
        file=file,
        row=int(repeated[row_column]),
        column=labels.get(key[-1], key[-1]),
    )


def raw_statement_schema(
    units: list[str], lines: list[str], amounts: list[str]
) -> pa.DataFrameSchema:
    """The parsed income-statement export (printed column labels): known units and lines,
    one row per unit and line, every amount present."""
    columns = {
        "Yksikkö": pa.Column(str, pa.Check.isin(units, error="unknown unit")),
        "Rivi": pa.Column(str, pa.Check.isin(lines, error="unknown income-statement line")),
    }
    columns.update({label: pa.Column("Float64", nullable=False) for label in amounts})
    return pa.DataFrameSchema(columns, unique=["Yksikkö", "Rivi"], strict=False)


# Copies of the frames ``validate`` passed, with their schema: the catalog checks a table the
# clean stage kept as read against the same schema again, and pandera costs ~10 ms a column.
# Only small frames are kept (a copy each); the oldest go first.
REMEMBERED_ROWS = 100_000
_VALIDATED: collections.deque[tuple[pa.DataFrameSchema, pd.DataFrame]] = collections.deque(
    maxlen=64
)


def _remember(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> None:
    if len(frame) <= REMEMBERED_ROWS:
        _VALIDATED.append((schema, frame.copy(deep=True)))


def already_validated(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> bool:
    """Whether ``validate`` passed this very schema object on a frame equal to ``frame``:
    the same column names in the same order, the same dtypes and the same values (a copy
    taken at validation is compared, so a frame changed since then is checked again)."""
    return any(
        known is schema
        and list(copy.columns) == list(frame.columns)
        and copy.dtypes.equals(frame.dtypes)
        and copy.index.equals(frame.index)
        and copy.equals(frame)
        for known, copy in _VALIDATED
    )
