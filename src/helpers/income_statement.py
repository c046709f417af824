"""The income statement (tuloslaskelma): raw export → tidy table → report table.

Heinola's export prints one row per unit and line with the columns ``TP 2023``,
``TOT 2023 6 kk``, ``TA 2024 +muutos``, ``TOT 2024 6 kk`` and the derived ``Jäljellä`` and
``TOT-24 %``; other exports print other headers (``helpers.statement_headers``), other signs
and fewer columns (``helpers.statement_conventions``). Only the actual to date is required.
The tidy table holds every amount in the suite's own sign convention with the header it was
printed under and its origin (printed, computed or derived).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.bulk import max_decimals
from helpers.config import ROUNDING_TOLERANCE_EUR, EntityConfig
from helpers.errors import InputDataError
from helpers.ingest import ROW, parse_numeric_columns, read_table
from helpers.schemas import raw_statement_schema, validate
from helpers.statement_conventions import (
    DERIVED,
    PRINTED,
    derive_missing,
    to_internal_signs,
)
from helpers.statement_headers import (
    ACTUAL_YTD,
    BUDGET,
    CHANGE,
    PERCENT,
    PRIOR_YEAR,
    PRIOR_YTD,
    REMAINING,
    Columns,
    identify_columns,
)
from helpers.subtotals import set_subtotal, wide_statement

UNIT_COLUMN = "Yksikkö"
LINE_COLUMN = "Rivi"

# Measures of the tidy table, in print order (constants defined in statement_headers).
MEASURES = (PRIOR_YEAR, PRIOR_YTD, BUDGET, ACTUAL_YTD)
# Printed derived columns, as the ``printed`` frame of read_income_statement names them.
PRINTED_REMAINING = "remaining_printed"
PRINTED_PERCENT = "percent_printed"
PRINTED_CHANGE = "change_printed"
PRINTED_COLUMNS = {REMAINING: PRINTED_REMAINING, PERCENT: PRINTED_PERCENT, CHANGE: PRINTED_CHANGE}
TIDY_COLUMNS = [
    "unit",
    "line",
    "measure",
    "year",
    "months",
    "amount",
    "header",
    "origin",
    "amount_low",
    "amount_high",
]
__all__ = ["Columns", "identify_columns", "read_income_statement", "recompute_subtotals"]


def read_income_statement(
    path: Path, config: EntityConfig, period_end: dt.date, lines: Iterable[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate an income-statement export for ``period_end``.

    Returns ``(tidy, printed)``: ``tidy`` has one row per unit × line × measure with the amount
    in euros in the suite's sign convention (``TIDY_COLUMNS``); ``printed`` keeps the printed
    derived columns (Jäljellä, TOT-%, change) per unit × line, with the decimals each column
    is printed with, for the audit. ``lines`` are the allowed line labels (default: the
    statement's lines; the TULOT / MENOT / NETTO summary passes its own).
    """
    raw = read_table(path, required=(UNIT_COLUMN, LINE_COLUMN))
    columns = identify_columns(list(raw.columns), path, config.header_aliases, period_end)
    amount_keys = [m for m in MEASURES if m in columns.header]
    printed_keys = [k for k in PRINTED_COLUMNS if k in columns.header]
    headers = [columns.header[k] for k in amount_keys + printed_keys]
    decimals = {k: printed_decimals(raw[columns.header[k]]) for k in amount_keys + printed_keys}
    parsed = parse_numeric_columns(raw, headers[: len(amount_keys)], path, required=True, unit="€")
    for key in printed_keys:
        unit = "%" if key == PERCENT else "€"
        parsed = parse_numeric_columns(parsed, [columns.header[key]], path, unit=unit)
    line_names = list(lines or config.line_names)
    schema = raw_statement_schema(
        [u.label for u in config.units], line_names, headers[: len(amount_keys)]
    )
    validate(parsed, schema, str(path), {}, row_column=ROW)
    values = pd.DataFrame({"unit": parsed[UNIT_COLUMN], "line": parsed[LINE_COLUMN]})
    for key in amount_keys + printed_keys:
        values[key] = parsed[columns.header[key]].astype("float64")
    values = to_internal_signs(values, amount_keys + printed_keys, config.sign_convention)
    values = derive_missing(values, decimals)
    tidy = _melt(values, columns, config, line_names)
    printed = values[["unit", "line"]].copy()
    for key, name in PRINTED_COLUMNS.items():
        printed[name] = values.get(key, np.nan)
        printed[name.replace("_printed", "_decimals")] = decimals.get(key, 0)
    printed["row"] = parsed[ROW].to_numpy()
    return tidy, printed


def printed_decimals(texts: pd.Series) -> int:
    """The decimals a column is printed with: the most significant decimals any of its cells
    shows. Trailing zeros every cell has say nothing (``130,90``, ``75,40`` is a one-decimal
    percentage padded to two; an xlsx cell has lost them anyway)."""
    return max_decimals(texts)


def _melt(
    values: pd.DataFrame, columns: Columns, config: EntityConfig, line_names: list[str]
) -> pd.DataFrame:
    """One row per unit × line × measure that has an amount, ordered by unit and line (the
    config's order) and measure; absent measures have no rows. The unit and line texts are
    taken once, after ordering (a million-row export has four million tidy rows)."""
    frames = []
    for index, measure in enumerate(MEASURES):
        if measure not in values:
            continue
        offset = 1 if measure in (PRIOR_YEAR, PRIOR_YTD) else 0
        part = pd.DataFrame(
            {
                "source": np.arange(len(values)),
                "measure_index": index,
                "measure": measure,
                "year": columns.year - offset,
                "months": 12 if measure in (PRIOR_YEAR, BUDGET) else columns.months,
                "amount": values[measure].to_numpy(),
                "header": columns.header.get(measure)
                or standard_label(measure, columns.year - offset, columns.months),
                "origin": values.get(f"{measure}_origin", PRINTED),
                "amount_low": values.get(f"{measure}_low", np.nan),
                "amount_high": values.get(f"{measure}_high", np.nan),
            },
            index=values.index,
        )
        frames.append(part[part["amount"].notna()])
    tidy = pd.concat(frames, ignore_index=True)
    rank = np.empty(len(values), dtype=np.int64)
    rank[np.lexsort((_position(values["line"], line_names), _units(values, config)))] = np.arange(
        len(values)
    )
    tidy = tidy.iloc[np.lexsort((tidy["measure_index"], rank[tidy["source"]]))]
    source = tidy["source"].to_numpy()
    tidy = tidy.reset_index(drop=True)
    tidy["unit"] = values["unit"].array.take(source)
    tidy["line"] = values["line"].array.take(source)
    return _typed(tidy)


def _units(frame: pd.DataFrame, config: EntityConfig) -> np.ndarray:
    return _position(frame["unit"], [u.label for u in config.units])


def standard_label(measure: str, year: int, months: int) -> str:
    """The suite's own label of a measure the export does not print under a header of its own."""
    return {
        PRIOR_YEAR: f"TP {year}",
        PRIOR_YTD: f"TOT {year} {months} kk",
        BUDGET: f"TA {year}",
        ACTUAL_YTD: f"TOT {year} {months} kk",
    }[measure]


def _typed(ordered: pd.DataFrame) -> pd.DataFrame:
    """The tidy columns, with the amounts as floats and the year and months as integers."""
    for column in ("amount", "amount_low", "amount_high"):
        ordered[column] = ordered[column].astype("float64")
    for column in ("year", "months"):
        ordered[column] = ordered[column].astype("int64")
    return ordered[TIDY_COLUMNS]


def _position(values: pd.Series, order: list[str]) -> np.ndarray:
    """Each value's position in ``order``; a value not in it sorts last. (Factorised first:
    a million strings are looked up as their few distinct values.)"""
    codes, uniques = pd.factorize(values)
    first = {}
    for index, name in enumerate(order):
        first.setdefault(name, index)
    positions = np.array([first.get(u, len(order)) for u in uniques] + [len(order)])
    return positions[codes]  # code -1 (missing) takes the last entry


_KEYS = ["unit", "measure", "year", "months"]


def check_complete(
    tidy: pd.DataFrame,
    path: Path,
    units: Iterable[str],
    lines: Iterable[str],
    unit_of_lines: str | None = None,
) -> None:
    """Every unit of ``units`` has rows, and every line of ``lines`` has a row (of the unit
    ``unit_of_lines``, or of any unit). A single unit may omit a line, as printed statements
    omit zero lines; a unit or a line missing altogether is an error naming it."""
    for unit in units:
        if not (tidy["unit"] == unit).any():
            raise InputDataError(
                f"no rows for the unit '{unit}' (entity.yml lists it: every unit must be in "
                "the export)",
                file=path,
                column=UNIT_COLUMN,
            )
    rows = tidy if unit_of_lines is None else tidy[tidy["unit"] == unit_of_lines]
    of_unit = f" of the unit '{unit_of_lines}'" if unit_of_lines else ""
    for line in lines:
        if not (rows["line"] == line).any():
            raise InputDataError(
                f"no rows for the line '{line}'{of_unit} (entity.yml lists it)",
                file=path,
                column=LINE_COLUMN,
            )


def recompute_subtotals(
    tidy: pd.DataFrame, config: EntityConfig, tolerance: float = ROUNDING_TOLERANCE_EUR
) -> pd.DataFrame:
    """Check every subtotal line against the sum of its parts and give every unit every subtotal.

    The finance system sums unrounded cents and then rounds each line, so an exported subtotal
    may differ from the sum of the rounded lines by a euro or two; within ``tolerance`` the
    exported (more precise) value is kept, beyond it the recomputed sum replaces it (origin
    ``computed``; the audit reports both cases). A derived amount (TA from a TOT-%) is kept
    when its range meets the range of the sum of its parts. A unit that does not print a line
    that other units print (a service area with no financial items) counts it as zero, so the
    department can be compared with its service areas. A line no unit prints is not in the
    export, and a part the unit prints without this measure is unknown: either leaves the
    subtotal as exported (or out, when the export has none).
    """
    tidy = with_provenance(tidy)
    wide = wide_statement(tidy, config)
    for line in config.lines:
        if line.is_subtotal:
            parts = [wide.lines.index(part) for part in line.sum_of]
            set_subtotal(wide, wide.lines.index(line.name), parts, tolerance)
    subtotals = [line.is_subtotal for line in config.lines]
    subtotals += [False] * (len(wide.lines) - len(subtotals))
    keep = ~np.isnan(wide.amount) & (wide.prints | np.array(subtotals)[None, :])
    groups, lines = np.nonzero(keep)
    # Sorted here (unit, line, measure in the config's order), so each text column is taken
    # from the tidy table once.
    first = wide.first_rows
    units = _position(tidy["unit"], [u.label for u in config.units])[first]
    measures = _position(tidy["measure"], list(MEASURES))[first]
    order = np.lexsort((measures[groups], lines, units[groups]))
    groups, lines = groups[order], lines[order]
    rows = first[groups]
    out = tidy[_KEYS].iloc[rows].reset_index(drop=True)
    out["line"] = pd.Series(pd.array(wide.lines, dtype=tidy["line"].dtype)).take(lines).array
    derived = wide.origin[groups, lines] == DERIVED
    out["amount"] = wide.amount[groups, lines]
    out["origin"] = wide.origin[groups, lines]
    out["amount_low"] = np.where(derived, wide.low[groups, lines], np.nan)
    out["amount_high"] = np.where(derived, wide.high[groups, lines], np.nan)
    headers = tidy.drop_duplicates("measure")
    out["header"] = headers["header"].array.take(
        _position(out["measure"], list(headers["measure"]))
    )
    return _typed(out)


def with_provenance(tidy: pd.DataFrame) -> pd.DataFrame:
    """A tidy statement built without provenance (in tests, from a ledger) as printed values
    under the suite's standard labels."""
    if {"header", "origin", "amount_low", "amount_high"} <= set(tidy.columns):
        return tidy
    out = tidy.copy()
    out["header"] = [
        standard_label(m, int(y), int(n))
        for m, y, n in zip(out["measure"], out["year"], out["months"], strict=True)
    ]
    out["origin"] = PRINTED
    out["amount_low"] = np.nan
    out["amount_high"] = np.nan
    return out


def remaining(budget: pd.Series, actual: pd.Series) -> pd.Series:
    """Jäljellä: the budget not yet used (TA − TOT), in the export's sign convention."""
    return budget - actual


def realisation_percent(actual: pd.Series, budget: pd.Series) -> pd.Series:
    """TOT-%: the actual as a percentage of the budget; undefined (NaN) for a zero budget."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (actual / budget.where(budget != 0)) * 100.0


def statement_table(tidy: pd.DataFrame, config: EntityConfig, unit: str) -> pd.DataFrame:
    """One unit's statement: lines in order, the measures it has, then Jäljellä and TOT-%.

    Column labels are the headers the export printed (``TP 2023``, ``TA 2024 +muutos``,
    ``TOT 1-8kk``); a measure the export lacks has no column (the report says "ei tietoa"),
    and Jäljellä and TOT-% need both TA and TOT.
    """
    part = tidy[tidy["unit"] == unit]
    if part.empty:
        raise KeyError(f"no income statement for unit {unit!r}")
    labels = column_labels(part)
    wide = part.pivot(index="line", columns="measure", values="amount")
    order = [name for name in config.line_names if name in wide.index]
    wide = wide.loc[order, [m for m in MEASURES if m in wide.columns]]
    table = wide.rename(columns=labels)
    if BUDGET in wide and ACTUAL_YTD in wide:
        year = int(part.loc[part["measure"] == ACTUAL_YTD, "year"].iloc[0])
        table["Jäljellä"] = remaining(wide[BUDGET], wide[ACTUAL_YTD])
        table[f"TOT-{str(year)[-2:]} %"] = realisation_percent(wide[ACTUAL_YTD], wide[BUDGET])
    table.index.name = "Selite"
    table.columns.name = None
    return table


def column_labels(part: pd.DataFrame) -> dict[str, str]:
    """Column labels for the measures present in ``part``: the headers the export printed."""
    meta = part.drop_duplicates("measure").set_index("measure")
    if "header" in meta:
        return meta["header"].to_dict()
    return {
        measure: standard_label(measure, int(row["year"]), int(row["months"]))
        for measure, row in meta.iterrows()
    }
