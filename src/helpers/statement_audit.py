"""The audit of an income statement: its printed subtotals, its printed Jäljellä, TOT-% and
change columns, the department against its service areas, and the TULOT / MENOT / NETTO
summary against the statement.

Column-wise: a million-row export gives a few million findings, so each check is computed
on whole columns (``audit.finding_frame``) and returned as a typed audit frame, in the order
the rows are printed. The values, severities and notes are those ``audit.finding`` gives row
by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.audit import (
    DEPARTMENT_SUM_CHECK,
    audit_frame,
    finding,
    finding_frame,
    percent_tolerance,
)
from helpers.bulk import LARGE, codes, release_freed_memory
from helpers.config import ROUNDING_TOLERANCE_EUR, EntityConfig
from helpers.income_statement import (
    ACTUAL_YTD,
    BUDGET,
    PRINTED_CHANGE,
    PRINTED_PERCENT,
    PRINTED_REMAINING,
    PRIOR_YTD,
    column_labels,
    realisation_percent,
    remaining,
)
from helpers.statement_conventions import COMPUTED, DERIVED, PRINTED


class _Cells:
    """The texts of the tidy tables ``tables`` numbered in one code space (each column read
    once), and the processed amounts as a flat unit × measure × line array.

    ``processed`` is keyed by unit, line and measure (one row each, as every tidy statement
    is); its amounts are read as ``pivot_table`` reads them: a row whose amount is missing
    counts as absent.
    """

    KEYS = ("unit", "measure", "line")

    def __init__(self, **tables: pd.DataFrame) -> None:
        found = {
            (table, key): codes(frame[key])
            for table, frame in tables.items()
            for key in self.KEYS
            if key in frame
        }
        self.names, self.sizes, self._positions, self._texts = {}, {}, {}, {}
        for key in self.KEYS:
            distinct: dict = {}
            for (_, of_key), (_, uniques) in found.items():
                if of_key == key:
                    distinct.update(dict.fromkeys(uniques))
            self.names[key] = pd.Index(list(distinct), dtype=object)
            self.sizes[key] = len(distinct)
        for (table, key), (column_codes, uniques) in found.items():
            lookup = np.append(self.names[key].get_indexer(uniques), -1).astype(np.int32)
            self._positions[table, key] = lookup[column_codes]  # code -1 (missing) → -1

    def positions(self, table: str, key: str) -> np.ndarray:
        """Each row's position in ``names[key]`` (-1: a missing text)."""
        return self._positions[table, key]

    def texts(self, key: str, positions: np.ndarray) -> pa.Array:
        """The texts at ``positions`` of ``names[key]``, as a pyarrow array."""
        if key not in self._texts:
            self._texts[key] = pa.array(self.names[key], type=pa.large_string())
        return self._texts[key].take(positions)

    @property
    def size(self) -> int:
        return self.sizes["unit"] * self.sizes["measure"] * self.sizes["line"]

    def flat(self, unit: np.ndarray, measure: np.ndarray, line: np.ndarray) -> np.ndarray:
        """The cell of each unit, measure and line (-1 where any of them is missing)."""
        cell = unit.astype(np.int64) * self.sizes["measure"] + measure
        cell = cell * self.sizes["line"] + line
        return np.where((unit < 0) | (measure < 0) | (line < 0), -1, cell)

    def cells(self, table: str) -> np.ndarray:
        return self.flat(*(self.positions(table, key) for key in self.KEYS))

    def amounts(self, processed: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """``(amount, derived)``: every cell's processed amount (NaN: none) and whether its
        origin is ``derived`` (read from every row, whatever its amount)."""
        cell = self.cells("processed")
        amount = np.full(self.size, np.nan)
        values = processed["amount"].to_numpy(dtype="float64", na_value=np.nan)
        # + 0.0: -0.0 becomes 0.0, as pandas' mean of one value makes it (0 + x); a missing
        # amount stays NaN, i.e. absent.
        keyed = cell >= 0  # (a row with a missing text has no key, as in a pivot table)
        amount[cell[keyed]] = values[keyed] + 0.0
        derived = np.zeros(self.size, dtype=bool)
        derived[cell[keyed]] = (processed["origin"] == DERIVED).to_numpy(dtype=bool)[keyed]
        return amount, derived


def _labels(exported: pd.DataFrame, cells: _Cells) -> pa.Array:
    """Each measure position's printed header (as ``column_labels`` gives it)."""
    labels = column_labels(exported)
    return pa.array([labels.get(m, "") for m in cells.names["measure"]], pa.large_string())


def statement_audit(
    exported: pd.DataFrame,
    processed: pd.DataFrame,
    printed: pd.DataFrame,
    config: EntityConfig,
    file: str,
) -> pd.DataFrame:
    """``statement_checks`` then ``department_checks`` of one statement, as the clean stage
    audits it (the tables' texts numbered once for both)."""
    cells = _Cells(exported=exported, processed=processed, printed=printed)
    amount, derived = cells.amounts(processed)
    parts = []
    for check in (
        lambda: _subtotal_checks(exported, amount, derived, cells, config, file),
        lambda: _printed_column_checks(exported, printed, amount, cells, file),
        lambda: _department_checks(exported, amount, cells, config, file),
    ):
        if len(exported) > LARGE:
            # The texts below come from pyarrow's pool, which cannot reuse the heap freed
            # since (~350 MB for a million-row statement): give it back first.
            release_freed_memory()
        parts.append(check())
    return audit_frame(parts)


def statement_checks(
    exported: pd.DataFrame,
    processed: pd.DataFrame,
    printed: pd.DataFrame,
    config: EntityConfig,
    file: str,
) -> pd.DataFrame:
    """Line sums of every printed subtotal, and the printed Jäljellä, TOT-% and change columns.

    Only printed values are compared: a value the suite computed or derived is never shown as
    printed, and a printed column that served to recompute a missing measure (TA from
    Jäljellä or TOT-%, last year's actual from the change) is not checked against it.
    """
    cells = _Cells(exported=exported, processed=processed, printed=printed)
    amount, derived = cells.amounts(processed)
    return audit_frame(
        [
            _subtotal_checks(exported, amount, derived, cells, config, file),
            _printed_column_checks(exported, printed, amount, cells, file),
        ]
    )


def _subtotal_checks(
    exported: pd.DataFrame,
    amount: np.ndarray,
    derived: np.ndarray,
    cells: _Cells,
    config: EntityConfig,
    file: str,
) -> pd.DataFrame:
    """Every printed subtotal against the sum of its parts (as processed: a part the export
    does not print is the suite's own sum of its parts). A part the unit lacks counts as zero
    when other units have it; a part no unit has, or a derived part, leaves nothing to check.
    Subtotal lines in the config's order, each in the export's row order."""
    lines, measures = cells.sizes["line"], cells.sizes["measure"]
    by_line = amount.reshape(-1, lines)  # unit × measure, line
    has_line = ~np.isnan(by_line).all(axis=0)
    keyed = ~np.isnan(by_line).all(axis=1)  # a unit and measure with some amount
    is_derived = derived.reshape(-1, lines)
    unit, measure = cells.positions("exported", "unit"), cells.positions("exported", "measure")
    line = cells.positions("exported", "line")
    own = (exported["origin"] == PRINTED).to_numpy(dtype=bool) & (unit >= 0) & (measure >= 0)
    key = np.where(own, unit * measures + measure, 0)
    labels = _labels(exported, cells)
    values = exported["amount"].to_numpy(dtype="float64", na_value=np.nan)
    frames = []
    for subtotal in config.lines:
        position = cells.names["line"].get_indexer([subtotal.name, *subtotal.sum_of])
        if not subtotal.is_subtotal or (position < 0).any() or not has_line[position[1:]].all():
            continue  # (a subtotal line the export lacks has no printed row to check)
        parts = position[1:]
        # Summed part by part from the left, as pandas sums a row of the parts' table.
        sums = _zero_if_missing(by_line[:, parts[0]])
        for part in parts[1:]:
            sums = sums + _zero_if_missing(by_line[:, part])
        rows = np.flatnonzero(own & (line == position[0]))
        rows = rows[keyed[key[rows]] & ~is_derived[key[rows]][:, parts].any(axis=1)]
        frames.append(
            finding_frame(
                file,
                _join(
                    cells.texts("unit", unit[rows]),
                    f" / {subtotal.name} / ",
                    labels.take(measure[rows]),
                ),
                f"{subtotal.name} = " + " + ".join(subtotal.sum_of),
                values[rows],
                sums[key[rows]],
                ROUNDING_TOLERANCE_EUR,
            )
        )
    return audit_frame(frames)


# The printed columns' checks, in the order each printed row gets them.
_PRINTED_CHECKS = (
    (PRINTED_REMAINING, " / Jäljellä", "Jäljellä = TA − TOT"),
    (PRINTED_PERCENT, " / TOT-%", "TOT-% = TOT / TA × 100"),
    (PRINTED_CHANGE, " / muutos", "muutos = TOT − edellisen vuoden TOT"),
)


def _printed_column_checks(
    exported: pd.DataFrame, printed: pd.DataFrame, amount: np.ndarray, cells: _Cells, file: str
) -> pd.DataFrame:
    """Per printed row, in order: Jäljellä (TA printed), TOT-% (TA printed or computed) and
    the change (last year's actual printed), each only where the export prints it."""
    unit, line = cells.positions("printed", "unit"), cells.positions("printed", "line")

    def at(table: np.ndarray, measure: str, missing):
        position = cells.names["measure"].get_indexer([measure])[0]
        cell = cells.flat(unit, np.full(len(unit), position, dtype=np.int32), line)
        return np.where(cell >= 0, table[np.maximum(cell, 0)], missing)

    origin = _origins(exported, cells)  # codes: 0 none, 1 printed, 2 computed, 3 other
    budget, actual = at(amount, BUDGET, np.nan), at(amount, ACTUAL_YTD, np.nan)
    budget_origin = at(origin, BUDGET, 0)
    checked = {
        PRINTED_REMAINING: (budget_origin == 1, lambda: remaining(budget, actual)),
        PRINTED_PERCENT: (
            (budget_origin == 1) | (budget_origin == 2),
            lambda: realisation_percent(pd.Series(actual), pd.Series(budget)).to_numpy(),
        ),
        PRINTED_CHANGE: (
            at(origin, PRIOR_YTD, 0) == 1,
            lambda: actual - at(amount, PRIOR_YTD, np.nan),
        ),
    }
    rows, kinds, values, recomputed, decimals = [], [], [], [], []
    for kind, (column, _, _) in enumerate(_PRINTED_CHECKS):
        known, recompute = checked[column]
        value = printed[column].to_numpy(dtype="float64", na_value=np.nan)
        of_kind = np.flatnonzero(~np.isnan(value) & known)
        rows.append(of_kind)
        kinds.append(np.full(len(of_kind), kind, dtype=np.int8))
        values.append(value[of_kind])
        recomputed.append(recompute()[of_kind])
        decimals.append(printed[column.replace("_printed", "_decimals")].to_numpy()[of_kind])
    # Row by row, each row's checks in the order above.
    order = np.argsort(np.concatenate(rows) * len(_PRINTED_CHECKS) + np.concatenate(kinds))
    row, kind = np.concatenate(rows)[order], np.concatenate(kinds)[order]
    decimals = np.concatenate(decimals)[order].astype(np.int64)
    tolerance = np.full(len(order), ROUNDING_TOLERANCE_EUR)
    percent = kind == 1
    for places in np.unique(decimals[percent]):
        tolerance[percent & (decimals == places)] = percent_tolerance(int(places))
    del rows, kinds, percent
    suffix, check = (pa.array(texts, pa.large_string()).take(kind) for texts in _texts_of_checks())
    return finding_frame(
        file,
        _join(cells.texts("unit", unit[row]), " / ", cells.texts("line", line[row]), suffix),
        check,
        np.concatenate(values)[order],
        np.concatenate(recomputed)[order],
        tolerance,
        decimals=decimals,
    )


def _texts_of_checks() -> tuple[list[str], list[str]]:
    """The printed checks' item suffixes and check texts, in ``_PRINTED_CHECKS``' order."""
    return [c[1] for c in _PRINTED_CHECKS], [c[2] for c in _PRINTED_CHECKS]


def _origins(exported: pd.DataFrame, cells: _Cells) -> np.ndarray:
    """Each cell's origin in the export as a code: 0 no such row, 1 printed, 2 computed, 3
    another origin."""
    cell = cells.cells("exported")
    origin_codes, names = codes(exported["origin"])
    code_of = {PRINTED: 1, COMPUTED: 2}
    lookup = np.array([code_of.get(name, 3) for name in names] + [3], dtype=np.int8)
    table = np.zeros(cells.size, dtype=np.int8)
    table[cell[cell >= 0]] = lookup[origin_codes[cell >= 0]]
    return table


def _zero_if_missing(values: np.ndarray) -> np.ndarray:
    """NaN as 0, as ``fillna(0.0)`` (an infinite amount stays infinite, unlike
    ``np.nan_to_num``)."""
    return np.where(np.isnan(values), 0.0, values)


def _join(*parts) -> pa.Array:
    """Texts joined element by element (pyarrow arrays of texts, or one text for every row)."""
    arrays = [pa.scalar(p, pa.large_string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*arrays, pa.scalar("", pa.large_string()))


def department_checks(
    exported: pd.DataFrame, processed: pd.DataFrame, config: EntityConfig, file: str
) -> pd.DataFrame:
    """The department's every printed line and column against the sum of its service areas,
    in the export's row order.

    A department printed without rows of its own is that sum (computed): nothing to check.
    """
    cells = _Cells(exported=exported, processed=processed)
    return _department_checks(exported, cells.amounts(processed)[0], cells, config, file)


def _department_checks(
    exported: pd.DataFrame, amount: np.ndarray, cells: _Cells, config: EntityConfig, file: str
) -> pd.DataFrame:
    department = config.department_unit.label
    areas = [u.label for u in config.service_areas]
    by_unit = amount.reshape(cells.sizes["unit"], -1)  # unit, measure × line
    unit_known = ~np.isnan(by_unit).all(axis=1)
    area = cells.names["unit"].get_indexer(areas)
    unit, measure = cells.positions("exported", "unit"), cells.positions("exported", "measure")
    line = cells.positions("exported", "line")
    of_department = cells.names["unit"].get_indexer([department])[0]
    printed = (exported["origin"] == PRINTED).to_numpy(dtype=bool)
    # (a text missing, or the department not in any table: no such key)
    own = printed & (unit == of_department) & (of_department >= 0) & (measure >= 0) & (line >= 0)
    if not own.any() or not unit_known[area[area >= 0]].any():
        return audit_frame([])
    cell = measure * cells.sizes["line"] + line  # within a unit's row of by_unit
    rows = np.flatnonzero(own)
    rows = rows[~np.isnan(by_unit[:, cell[rows]]).all(axis=0)]  # some unit has an amount
    # The areas' amounts of each row (0 where an area has none), summed as pandas sums a
    # Series of them.
    of_areas = np.zeros((len(area), len(rows)))
    of_areas[area >= 0] = by_unit[np.ix_(area[area >= 0], cell[rows])]
    of_areas = np.ascontiguousarray(_zero_if_missing(of_areas).T)
    totals = np.array([pd.Series(row).sum() for row in of_areas])
    labels = _labels(exported, cells)
    return finding_frame(
        file,
        _join(
            f"{department} / ", cells.texts("line", line[rows]), " / ", labels.take(measure[rows])
        ),
        DEPARTMENT_SUM_CHECK,
        exported["amount"].to_numpy(dtype="float64", na_value=np.nan)[rows],
        totals,
        ROUNDING_TOLERANCE_EUR * len(areas),
    )


def summary_checks(
    summary: pd.DataFrame,
    summary_printed: pd.DataFrame,
    processed: pd.DataFrame,
    config: EntityConfig,
    file: str,
) -> pd.DataFrame:
    """TULOT / MENOT / NETTO against the statement lines they summarise, and their own
    Jäljellä and TOT-%."""
    rows = []
    labels = column_labels(summary)
    # The summary's units' rows only: a million-row statement's index costs seconds.
    of_units = processed[processed["unit"].isin(set(summary["unit"]))]
    statement = of_units.set_index(["unit", "line", "measure"])["amount"]
    for _, row in summary[summary["origin"] == PRINTED].iterrows():
        line = config.summary_lines.get(row["line"])
        key = (row["unit"], line, row["measure"])
        if line is None or key not in statement.index:
            continue
        rows.append(
            finding(
                file,
                f"{row['unit']} / {row['line']} / {labels[row['measure']]}",
                f"{row['line']} = tuloslaskelman {line}",
                row["amount"],
                statement[key],
                ROUNDING_TOLERANCE_EUR,
            )
        )
    # The summary has no subtotal lines of its own, so only its printed columns are checked.
    return audit_frame([*rows, statement_checks(summary, summary, summary_printed, config, file)])
