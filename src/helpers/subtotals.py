"""Subtotals of the income statement on plain arrays: one row per unit × measure, one column
per line, so a million-row statement is checked in well under a second.

``helpers.income_statement.recompute_subtotals`` builds the arrays (``wide_statement``), sets
each subtotal line in print order (``set_subtotal``) and turns the result back into the tidy
table. The rules are documented there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.bulk import codes, integer_codes
from helpers.config import EntityConfig
from helpers.statement_conventions import COMPUTED, DERIVED

KEYS = ["unit", "measure", "year", "months"]


@dataclass
class WideStatement:
    """``amount``, ``low``, ``high`` (float, NaN when absent) and ``origin`` (codes into
    ``origins``, -1 for a cell the tidy table lacks; a subtotal left unknown keeps a code that
    nothing reads) of every group (unit × measure × year × months) and line;
    ``prints`` says which lines the group's unit prints for any measure; ``first_rows`` is
    each group's first row in the tidy table; ``keys`` holds, per key column, each group's
    code into ``key_values`` (that column's distinct values in order of appearance)."""

    lines: list[str]
    amount: np.ndarray
    low: np.ndarray
    high: np.ndarray
    origin: np.ndarray
    origins: list[str]
    prints: np.ndarray
    first_rows: np.ndarray
    keys: dict
    key_values: dict


def wide_statement(tidy: pd.DataFrame, config: EntityConfig) -> WideStatement:
    """The tidy statement (with provenance columns) as group × line arrays: the config's lines
    in print order, then any other line the table holds. Each cell appears once: the schema
    refuses a repeated unit and line before this."""
    lines, line = _line_positions(tidy["line"], config.line_names)
    group, first_rows = _groups(tidy)
    shape = (len(first_rows), len(lines))
    at = group * len(lines) + line  # each row's cell in the (C-ordered) arrays
    del group
    amount = tidy["amount"].to_numpy(dtype=float, na_value=np.nan)
    arrays = {}
    for name, values in (
        ("amount", amount),
        ("low", _filled(tidy["amount_low"], amount)),
        ("high", _filled(tidy["amount_high"], amount)),
    ):
        arrays[name] = np.full(shape, np.nan)
        np.put(arrays[name], at, values)
    del values
    origin = np.full(shape, -1, dtype=np.int8)
    origin_codes, origin_uniques = codes(tidy["origin"])
    origins = list(dict.fromkeys([*origin_uniques, COMPUTED, DERIVED]))
    lookup = np.array([origins.index(name) for name in origin_uniques] + [-1], dtype=np.int8)
    np.put(origin, at, lookup[origin_codes])
    del origin_codes, at
    unit, unit_count = _raw_codes(tidy["unit"])
    printed = np.zeros((unit_count + 1, len(lines)), dtype=bool)
    printed[unit, line] = True  # a missing unit (-1) marks the last row
    prints = printed[unit[first_rows]]
    keys, key_values = {}, {}
    for key in KEYS:
        # Numbered on the groups' first rows: a value first appears on its group's first row,
        # so the order of first appearance is that of the whole table.
        keys[key], key_values[key] = codes(tidy[key].take(first_rows))
    return WideStatement(
        lines,
        **arrays,
        origin=origin,
        origins=origins,
        prints=prints,
        first_rows=first_rows,
        keys=keys,
        key_values=key_values,
    )


def _line_positions(values: pd.Series, known: list[str]) -> tuple[list[str], np.ndarray]:
    """The lines (``known`` ones in their order, then the others in order of first
    appearance) and each row's position among them. A categorical whose categories are all
    known lines is mapped by its own codes (no order of appearance needed)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and set(values.cat.categories) <= set(known):
        category_codes = values.cat.codes.to_numpy()
        if not (category_codes < 0).any():
            lines = list(dict.fromkeys(known))
            lookup = [lines.index(name) for name in values.cat.categories]
            return lines, np.array(lookup, dtype=np.int32)[category_codes]
    line_codes, line_uniques = codes(values)
    lines = list(dict.fromkeys([*known, *line_uniques]))
    lookup = [lines.index(name) for name in line_uniques]
    return lines, np.array(lookup, dtype=np.int32)[line_codes]


def _groups(tidy: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group (unit × measure × year × months, numbered in order of first
    appearance) and each group's first row. The key is built on each column's own codes (any
    one-to-one numbering gives the same groups in the same order): first measure, year and
    months, whose few combinations are renumbered, then the unit, so the lookup table of the
    whole key stays as small as the units times those combinations."""
    if len(tidy) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    combined = np.zeros(len(tidy), dtype=np.int64)
    for key in KEYS[1:]:
        key_codes, count = _raw_codes(tidy[key])
        combined *= count + 1
        combined += key_codes + 1  # -1 (missing) is a value of its own
    combined, _ = integer_codes(combined)  # the few combinations, numbered 0, 1, ...
    unit_codes, _ = _raw_codes(tidy[KEYS[0]])
    combined += (unit_codes + 1) * (int(combined.max()) + 1)
    group, _ = integer_codes(combined)
    del combined
    # New groups are numbered one above the largest so far: the running maximum rises
    # exactly on each group's first row.
    highest = np.maximum.accumulate(group)
    first_rows = np.concatenate(([0], np.flatnonzero(highest[1:] != highest[:-1]) + 1))
    return group, first_rows


def _raw_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """One-to-one codes of a column (-1 where missing) and how many there can be: a
    categorical's own codes, a small integer range shifted to zero, or ``codes``."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), len(values.cat.categories)
    if pd.api.types.is_integer_dtype(values.dtype) and len(values) and not values.hasnans:
        numbers = values.to_numpy()
        low, high = int(numbers.min()), int(numbers.max())
        if high - low <= len(numbers):
            return numbers - low, high - low + 1
    column_codes, uniques = codes(values)
    return column_codes, len(uniques)


def _filled(values: pd.Series, fallback: np.ndarray) -> np.ndarray:
    array = values.to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(array), fallback, array)


def set_subtotal(wide: WideStatement, total: int, parts: list[int], tolerance: float) -> None:
    """Set the subtotal column ``total`` (the sum of the columns ``parts``) in place."""
    values = wide.amount[:, parts]
    # A part this unit prints (for some measure) but not for this measure: sum unknown.
    complete = ~(np.isnan(values) & wide.prints[:, parts]).any(axis=1)
    # A line no unit has is not in this export (a toimintakate-only note): not zero, unknown.
    if not all((~np.isnan(wide.amount[:, p])).any() for p in parts):
        complete[:] = False
    computed = np.nansum(values, axis=1)
    low = np.nansum(wide.low[:, parts], axis=1)
    high = np.nansum(wide.high[:, parts], axis=1)
    derived, computed_code = wide.origins.index(DERIVED), wide.origins.index(COMPUTED)
    any_derived = (wide.origin[:, parts] == derived).any(axis=1)
    exported = wide.amount[:, total]
    exported_origin = wide.origin[:, total]
    with np.errstate(invalid="ignore"):
        meets = (wide.low[:, total] <= high) & (wide.high[:, total] >= low)
        agrees = np.where(
            exported_origin == derived, meets, np.abs(exported - computed) <= tolerance
        )
    keep = ~np.isnan(exported) & (agrees | ~complete)
    replace = ~keep & complete
    new_origin = np.where(any_derived, derived, computed_code)
    wide.amount[:, total] = np.where(keep, exported, np.where(replace, computed, np.nan))
    # A total left unknown (NaN) keeps new_origin: no origin of a cell without an amount is
    # read (here only where a sum is complete, in recompute_subtotals only known cells).
    wide.origin[:, total] = np.where(keep, exported_origin, new_origin)
    wide.low[:, total] = np.where(keep, wide.low[:, total], low)
    wide.high[:, total] = np.where(keep, wide.high[:, total], high)
    # Every unit has every subtotal: one left empty is unknown, not zero, in a larger one.
    wide.prints[:, total] = True


def known_cells(
    known: np.ndarray, units: np.ndarray, measures: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The cells ``(groups, lines)`` where the group × line array ``known`` is true, ordered
    as ``sorted_cells`` orders them. Without a sort when the groups come unit by unit (ranks
    ``units`` rising, the same number of groups per unit) with the measures' ranks
    ``measures`` not falling within each unit, as a read statement's do: then each unit's
    block of groups read line by line is that order."""
    count, width = known.shape
    rising = np.diff(units)
    starts = np.flatnonzero(np.concatenate(([True], rising != 0)))
    per_unit = int(starts[1]) if len(starts) > 1 else count
    if (
        count == 0
        or (rising < 0).any()
        or not np.array_equal(starts, np.arange(0, count, per_unit))
        or (np.diff(measures.reshape(-1, per_unit), axis=1) < 0).any()
    ):
        groups, lines = np.nonzero(known)
        return sorted_cells(groups, lines, units, measures, width)
    blocks = known.reshape(-1, per_unit, width).transpose(0, 2, 1)  # unit, line, group
    unit, lines, group = np.nonzero(blocks)
    return unit * per_unit + group, lines


def sorted_cells(
    groups: np.ndarray, lines: np.ndarray, units: np.ndarray, measures: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """The cells ``(groups, lines)`` (in group, line order) sorted by the group's unit rank
    ``units``, the line, the group's measure rank ``measures``, then the group: each cell as
    one integer key, so one sort of integers instead of a three-key ``np.lexsort``."""
    if len(groups) == 0:
        return groups, lines
    count = int(groups.max()) + 1
    spans = [int(units.max()) + 1, width, int(measures.max()) + 1, count]
    if np.prod(spans, dtype=object) >= 2**62:  # the key would overflow: sort on three keys
        order = np.lexsort((measures[groups], lines, units[groups]))
        return groups[order], lines[order]
    key = (units[groups] * width + lines) * spans[2] + measures[groups]
    key = np.sort(key * count + groups)
    return key % count, key // (count * spans[2]) % width
