"""Known adjustments (ennusteen oikaisut): validated against the statement, then applied.

An adjustment names a unit and a line the unit prints. A subtotal cannot be adjusted (which
of its parts would carry it?), nor a line the unit does not print (the unit's statement would
no longer add up): both stop the run naming the file, row and column. An adjustment of a
service area is part of that area and so of the department (the sum of its areas); one of the
department itself is a department-level item that no service area carries.
"""

from __future__ import annotations

import pandas as pd

from helpers.catalog import FORECAST_ADJUSTMENTS
from helpers.config import EntityConfig
from helpers.errors import InputDataError

# The file a row without provenance is blamed on (processed rows carry their own).
ADJUSTMENTS_FILE = FORECAST_ADJUSTMENTS.raw_file_stem


def where_from(row: pd.Series, default_file: str = ADJUSTMENTS_FILE) -> dict:
    """The file and row an input row came from (processed tables carry both)."""
    source_row = row.get("source_row")
    file = row.get("source_file")
    return {
        "file": default_file if file is None or pd.isna(file) else file,
        "row": None if source_row is None or pd.isna(source_row) else int(source_row),
    }


def validate_adjustments(
    adjustments: pd.DataFrame, printed: set[tuple[str, str]], config: EntityConfig
) -> None:
    """Every adjustment names a known unit and a non-subtotal line that unit prints.

    ``printed`` holds the (unit, line) pairs of the statement as exported.
    """
    units = {u.label for u in config.units}
    subtotals = {line.name: line.sum_of for line in config.lines if line.is_subtotal}
    for _, row in adjustments.iterrows():
        unit, line = row["unit"], row["line"]
        if unit not in units:
            raise InputDataError(f"unknown unit '{unit}'", column="Yksikkö", **where_from(row))
        if line in subtotals:
            raise InputDataError(
                f"'{line}' is a subtotal (the sum of {', '.join(subtotals[line])}); an "
                "adjustment must name the line it concerns",
                column="Rivi",
                **where_from(row),
            )
        if (unit, line) not in printed:
            own = [name for name in config.line_names if (unit, name) in printed]
            raise InputDataError(
                f"unit '{unit}' does not print the line '{line}' "
                f"(its lines: {', '.join(own) or 'none'})",
                column="Rivi",
                **where_from(row),
            )


def adjustment_totals(adjustments: pd.DataFrame | None) -> dict[tuple[str, str], float]:
    """Adjustment euros per (unit, line)."""
    if adjustments is None or adjustments.empty:
        return {}
    sums = adjustments.groupby(["unit", "line"])["amount"].sum()  # into a dict: order is moot
    return {key: float(value) for key, value in sums.items()}
