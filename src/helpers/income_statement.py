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

from helpers.bulk import categorical, codes, like, max_decimals, plain_texts, text_dtype
from helpers.config import ROUNDING_TOLERANCE_EUR, EntityConfig
from helpers.errors import InputDataError
from helpers.ingest import ROW, parse_numeric_columns, read_table
from helpers.schemas import raw_statement_schema, validate
from helpers.statement_conventions import (
    DERIVED,
    PRINTED,
    check_change_is_not_remaining,
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
from helpers.subtotals import WideStatement, known_cells, set_subtotal, wide_statement

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
# The tidy table's text columns, held as categorical columns (codes into their few distinct
# texts) by read_income_statement and recompute_subtotals; ``plain_texts`` turns them back.
TEXT_COLUMNS = ("unit", "line", "measure", "header", "origin")
__all__ = [
    "Columns",
    "identify_columns",
    "plain_texts",
    "read_income_statement",
    "recompute_subtotals",
]


def read_income_statement(
    path: Path, config: EntityConfig, period_end: dt.date, lines: Iterable[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate an income-statement export for ``period_end``.

    Returns ``(tidy, printed)``: ``tidy`` has one row per unit × line × measure with the amount
    in euros in the suite's sign convention (``TIDY_COLUMNS``; the texts ``TEXT_COLUMNS`` as
    categorical columns, see ``plain_texts``); ``printed`` keeps the printed
    derived columns (Jäljellä, TOT-%, change) per unit × line, with the decimals each column
    is printed with, for the audit. ``lines`` are the allowed line labels (default: the
    statement's lines; the TULOT / MENOT / NETTO summary passes its own).
    """
    line_names = list(lines or config.line_names)
    values, columns, decimals, rows = _statement_values(path, config, period_end, line_names)
    tidy = _melt(values, columns, config, line_names)
    printed = values[["unit", "line"]].copy()
    for key, name in PRINTED_COLUMNS.items():
        printed[name] = values.get(key, np.nan)
        printed[name.replace("_printed", "_decimals")] = decimals.get(key, 0)
    printed["row"] = rows
    return tidy, printed


def _statement_values(
    path: Path, config: EntityConfig, period_end: dt.date, line_names: list[str]
) -> tuple[pd.DataFrame, Columns, dict[str, int], np.ndarray]:
    """The export's amounts validated, in the suite's sign convention, with the missing ones
    derived: ``(values, columns, decimals, rows)``, ``values`` holding ``unit``, ``line`` and
    one float column per measure and printed column, ``rows`` the file's row numbers. (The
    raw texts are freed on return, before the tidy table is built.)"""
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
    units = [u.label for u in config.units]
    if not statement_passes(parsed, units, line_names, headers[: len(amount_keys)]):
        # Pandera locates the first failing row (its schema is built only here: copying the
        # allowed units into its checks costs half a second for a million-row export).
        schema = raw_statement_schema(units, line_names, headers[: len(amount_keys)])
        validate(parsed, schema, str(path), {}, row_column=ROW)
    values = pd.DataFrame({"unit": parsed[UNIT_COLUMN], "line": parsed[LINE_COLUMN]})
    for key in amount_keys + printed_keys:
        values[key] = parsed[columns.header[key]].astype("float64")
    values = to_internal_signs(values, amount_keys + printed_keys, config)
    rows = parsed[ROW].to_numpy()
    check_change_is_not_remaining(values, decimals, path, columns.header, rows)
    return derive_missing(values, decimals), columns, decimals, rows


def statement_passes(
    parsed: pd.DataFrame, units: list[str], lines: list[str], amounts: list[str]
) -> bool:
    """Whether ``parsed`` passes ``raw_statement_schema(units, lines, amounts)`` (known units
    and lines, no missing amount, one row per unit and line), checked on whole columns: a
    million rows in a fraction of a second. ``False`` says only that some check may fail;
    pandera then names the row."""
    texts = {UNIT_COLUMN: units, LINE_COLUMN: lines}
    if not all(pd.api.types.is_string_dtype(parsed[c]) for c in texts):
        return False
    pair = []
    for column, allowed in texts.items():
        column_codes, uniques = codes(parsed[column])
        if (column_codes < 0).any() or not set(uniques) <= set(allowed):
            return False
        pair.append(column_codes)
    for label in amounts:
        if str(parsed[label].dtype) != "Float64" or parsed[label].isna().any():
            return False
    pairs = pair[0] * (int(pair[1].max()) + 1) + pair[1]
    pairs.sort()  # a repeated unit and line: equal neighbours (sorting beats np.unique)
    return not (pairs[1:] == pairs[:-1]).any()


def printed_decimals(texts: pd.Series) -> int:
    """The decimals a column is printed with: the most significant decimals any of its cells
    shows. Trailing zeros every cell has say nothing (``130,90``, ``75,40`` is a one-decimal
    percentage padded to two; an xlsx cell has lost them anyway)."""
    return max_decimals(texts)


def _melt(
    values: pd.DataFrame, columns: Columns, config: EntityConfig, line_names: list[str]
) -> pd.DataFrame:
    """One row per unit × line × measure that has an amount, ordered by unit and line (the
    config's order) and measure; absent measures have no rows. Built on integer positions,
    the texts as categorical columns: a million-row export has four million tidy rows, and
    their units and lines are codes into a few thousand texts."""
    present = [m for m in MEASURES if m in values]
    unit_codes, unit_names = codes(values["unit"])
    line_codes, line_names_read = codes(values["line"])
    units = _ranks(unit_names, [u.label for u in config.units])[unit_codes]
    order = np.lexsort((_ranks(line_names_read, line_names)[line_codes], units))
    amounts = np.column_stack([values[m].to_numpy(dtype=float, na_value=np.nan) for m in present])
    has = ~np.isnan(amounts[order])
    source = np.repeat(order, len(present)).reshape(has.shape)[has]
    measure = np.tile(np.arange(len(present)), len(order)).reshape(has.shape)[has]
    cells = source * len(present) + measure  # positions in the (C-ordered) row × measure arrays
    origin_names, origin_codes = _origin_codes(values, present)
    spans = [_year_and_months(m, columns) for m in present]
    headers = [
        columns.header.get(m) or standard_label(m, *span)
        for m, span in zip(present, spans, strict=True)
    ]
    bounds = {}
    for bound in ("low", "high"):
        stacked = np.column_stack(
            [values.get(f"{m}_{bound}", pd.Series(np.nan, index=values.index)) for m in present]
        ).astype(float)
        bounds[bound] = np.take(stacked, cells)
    tidy = pd.DataFrame(  # copy=False: the columns are not copied into one block
        {
            "unit": categorical(unit_names, unit_codes[source], values["unit"].dtype),
            "line": categorical(line_names_read, line_codes[source], values["line"].dtype),
            "measure": categorical(present, measure),
            "year": np.array([year for year, _ in spans], dtype=np.int64)[measure],
            "months": np.array([months for _, months in spans], dtype=np.int64)[measure],
            "amount": np.take(amounts, cells),
            "header": categorical(headers, measure),
            "origin": categorical(origin_names, np.take(origin_codes, cells)),
            "amount_low": bounds["low"],
            "amount_high": bounds["high"],
        },
        copy=False,
    )
    return _typed(tidy)


def _origin_codes(values: pd.DataFrame, present: list[str]) -> tuple[list[str], np.ndarray]:
    """The origin texts of ``values`` (``{measure}_origin``, printed where absent) as codes
    into their few distinct texts: one column per measure of ``present``."""
    names: list[str] = []
    origin_codes = np.zeros((len(values), len(present)), dtype=np.int64)
    for position, measure in enumerate(present):
        origin = values.get(f"{measure}_origin")
        if origin is None:  # a printed measure
            column_codes, uniques = np.zeros(len(values), dtype=np.int64), [PRINTED]
        else:
            column_codes, uniques = codes(origin)
        names += [u for u in uniques if u not in names]
        lookup = np.array([names.index(u) for u in uniques] + [0], dtype=np.int64)
        origin_codes[:, position] = lookup[column_codes]  # a missing origin: no amount
    return names or [PRINTED], origin_codes


def _year_and_months(measure: str, columns: Columns) -> tuple[int, int]:
    """The year and months a measure covers: TP and TOT of last year, TA and TOT of this."""
    offset = 1 if measure in (PRIOR_YEAR, PRIOR_YTD) else 0
    months = 12 if measure in (PRIOR_YEAR, BUDGET) else columns.months
    return columns.year - offset, months


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
    omit zero lines; a unit or a line missing altogether is an error naming it. The texts
    present are found once (a million-row export has tens of thousands of units)."""
    present = set(codes(tidy["unit"])[1])
    for unit in units:
        if unit not in present:
            raise InputDataError(
                f"no rows for the unit '{unit}' (entity.yml lists it: every unit must be in "
                "the export)",
                file=path,
                column=UNIT_COLUMN,
            )
    rows = tidy if unit_of_lines is None else tidy[tidy["unit"] == unit_of_lines]
    of_unit = f" of the unit '{unit_of_lines}'" if unit_of_lines else ""
    present = set(codes(rows["line"])[1])
    for line in lines:
        if line not in present:
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
    # A cell has an amount only where its unit printed the line or it is a subtotal (which
    # set_subtotal marks printed), so the known amounts are exactly the cells to keep.
    # Sorted here (unit, line, measure in the config's order) on the groups' key codes, so
    # each text column is taken from the tidy table once.
    units = _ranks(wide.key_values["unit"], [u.label for u in config.units])[wide.keys["unit"]]
    measures = _ranks(wide.key_values["measure"], list(MEASURES))[wide.keys["measure"]]
    groups, lines = known_cells(~np.isnan(wide.amount), units, measures)
    return _typed(_cells_table(tidy, wide, groups, lines))


def _cells_table(
    tidy: pd.DataFrame, wide: WideStatement, groups: np.ndarray, lines: np.ndarray
) -> pd.DataFrame:
    """The tidy table of the cells ``(groups, lines)`` of ``wide``, in that order. The
    arrays of ``wide`` are let go as soon as they are read (a million-row statement's are
    ~130 MB)."""
    out = {key: tidy[key].array.take(wide.first_rows[groups]) for key in _KEYS}
    # Each measure's header is the one on its first row in the tidy table.
    measure_codes = wide.keys["measure"]
    header_rows = np.full(len(wide.key_values["measure"]), len(tidy), dtype=np.int64)
    np.minimum.at(header_rows, measure_codes, wide.first_rows)
    out["header"] = tidy["header"].array.take(header_rows[measure_codes[groups]])
    cells = groups * len(wide.lines) + lines  # positions in the (C-ordered) arrays
    del groups
    out["line"] = like(categorical(wide.lines, lines, text_dtype(tidy["line"])), tidy["line"])
    del lines
    origin = np.take(wide.origin, cells)
    derived = origin == wide.origins.index(DERIVED)
    out["origin"] = like(categorical(wide.origins, origin), tidy["origin"])
    del origin
    out["amount"] = np.take(wide.amount, cells)
    wide.amount = wide.origin = None
    for name in ("low", "high"):
        out[f"amount_{name}"] = np.where(derived, np.take(getattr(wide, name), cells), np.nan)
        setattr(wide, name, None)
    # copy=False: the columns are not copied into blocks of one dtype.
    return pd.DataFrame({name: out[name] for name in TIDY_COLUMNS}, copy=False)


def _ranks(values: pd.Index, order: list[str]) -> np.ndarray:
    """Each value's position in ``order`` (a value not in it sorts last), with one more entry
    for a missing value (code -1). Looked up by pandas' hash table: a million-row export's
    tens of thousands of units."""
    known = pd.Index(order, dtype=object)
    firsts = np.flatnonzero(~known.duplicated())  # a name listed twice keeps its first position
    found = known[firsts].get_indexer(pd.Index(values, dtype=object))
    ranks = np.append(firsts, len(order))[found]  # -1 (not in order) takes the last entry
    return np.append(ranks, len(order)).astype(np.int64)


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
