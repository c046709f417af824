"""The forecast of a whole statement, coherent by construction.

Only lines that are not sums are forecast. Every other row is a sum of those "leaves":

* a subtotal of a unit is the sum of the unit's leaves below it (Toimintakate = Σ income and
  cost lines), so it equals the sum of its direct parts;
* a line of the department is the sum of its service areas' same line plus the department's
  own amounts: what the department prints beyond the sum of its areas. Such a department-only
  amount is forecast on its own like any line; one within rounding (a few euros in every
  column) is rounding and goes on as budgeted.

This holds for the point, for every method column (a part without a value for a method
counts with its chosen value) and for the interval, whose half-widths are combined as the
root of the sum of squares (``intervals``). Known adjustments are added to their leaf.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.config import ROUNDING_TOLERANCE_EUR, EntityConfig
from helpers.forecast.adjustments import adjustment_totals, validate_adjustments
from helpers.forecast.intervals import BASIS_SUM
from helpers.forecast.leaves import LEAF_INPUTS, forecast_leaves
from helpers.forecast.methods import METHODS, SUM
from helpers.income_statement import ACTUAL_YTD, BUDGET, PRIOR_YEAR, PRIOR_YTD

MEASURE_COLUMNS = {
    PRIOR_YEAR: "prior_year",
    PRIOR_YTD: "prior_ytd",
    BUDGET: "budget",
    ACTUAL_YTD: "actual",
}
ROUNDING_REASON = "pyöristysero (toimialan luku − palvelualueiden summa): talousarvion mukaan"


def leaf_lines(config: EntityConfig, printed: set[str] | None = None) -> dict[str, tuple[str, ...]]:
    """For every line, the lines that are not sums below it (a leaf gives itself).

    With ``printed`` (the lines the statement has), a subtotal printed without any of the
    lines below it is a leaf of its own: a note of toimintakate only is forecast from the
    toimintakate, not summed from income and cost lines it does not have (which would be 0 €).
    """
    by_name = {line.name: line for line in config.lines}

    def expand(name: str) -> tuple[str, ...]:
        line = by_name[name]
        if not line.is_subtotal:
            return (name,)
        below = tuple(leaf for part in line.sum_of for leaf in expand(part))
        if printed is not None and name in printed and not any(p in printed for p in below):
            return (name,)
        return below

    return {name: expand(name) for name in by_name}


def statement_inputs(statement: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """The statement wide (unit × line rows, ``MEASURE_COLUMNS``), its months and year; a
    measure the statement lacks is a column of NaN."""
    current = statement[statement["measure"] == ACTUAL_YTD]
    months, year = int(current["months"].iloc[0]), int(current["year"].iloc[0])
    wide = statement.pivot_table(
        index=["unit", "line"], columns="measure", values="amount", sort=False
    )
    # A measure the export does not print (no TP, no last year's column) is unknown (NaN):
    # the methods that need it give NaN and the choice falls back to what the data allow.
    wide = wide.rename(columns=MEASURE_COLUMNS).reindex(columns=list(MEASURE_COLUMNS.values()))
    wide.columns.name = None
    return wide, months, year


def _department_only(wide: pd.DataFrame, config: EntityConfig, leaves: set[str]):
    """Per leaf line: the department's amounts minus the sum of its service areas'."""
    department = config.department_unit.label
    areas = [u.label for u in config.service_areas]
    frame = wide.reset_index()
    frame = frame[frame["line"].isin(leaves)]
    in_areas = frame[frame["unit"].isin(areas)].groupby("line")[list(MEASURE_COLUMNS.values())]
    own = frame[frame["unit"] == department].set_index("line")[list(MEASURE_COLUMNS.values())]
    residual = own.sub(in_areas.sum().reindex(own.index).fillna(0.0))
    residual = residual.reset_index().assign(unit=department)[LEAF_INPUTS]
    tolerance = ROUNDING_TOLERANCE_EUR * max(1, len(areas))
    # A measure the statement lacks (NaN) says nothing about the residual: only the measures
    # it has decide whether the department's own amount is mere rounding.
    sizes = residual[list(MEASURE_COLUMNS.values())].abs()
    rounding = (sizes.isna() | (sizes <= tolerance)).all(axis=1)
    return residual, rounding


def _forecast_department_only(residual, rounding, months: int, year: int) -> pd.DataFrame:
    """Department-only amounts: forecast like lines, except rounding, which goes on as
    budgeted with no width."""
    out = forecast_leaves(residual, months, year)
    elapsed = months / 12
    # Without a budget (not in the export) a rounding remainder stays what it is to date.
    as_budgeted = residual["actual"] + residual["budget"].fillna(0.0) * (1 - elapsed)
    out.loc[rounding, "method"] = "budget_pace"
    out.loc[rounding, "reason"] = ROUNDING_REASON
    out.loc[rounding, "flag"] = ""
    # A rounding remainder has no profile of its own and counts as budgeted in every sum
    # (no monthly data reach forecast_leaves here, so "seasonal" is NaN already).
    out.loc[rounding, "profile"] = np.nan
    columns = ["run_rate", "budget_pace", "method_forecast", "low", "high"]
    out.loc[rounding, columns] = np.repeat(
        as_budgeted[rounding].to_numpy()[:, None], len(columns), axis=1
    )
    out.loc[rounding, "interval_basis"] = "pyöristysero"
    out.loc[~rounding, "reason"] = "toimialan oma erä: " + out.loc[~rounding, "reason"]
    return out.assign(department_only=True)


def forecast_leaf_table(
    statement: pd.DataFrame,
    config: EntityConfig,
    monthly: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Every leaf forecast (service areas' lines and the department's own amounts) with
    its adjustment. Returns ``(leaf table, wide statement, months)``."""
    wide, months, year = statement_inputs(statement)
    printed = set(wide.index.get_level_values("line"))
    leaves = {name for name, parts in leaf_lines(config, printed).items() if parts == (name,)}
    if adjustments is not None and not adjustments.empty:
        validate_adjustments(adjustments, set(wide.index), config)
    areas = [u.label for u in config.service_areas]
    frame = wide.reset_index()
    own = frame[frame["unit"].isin(areas) & frame["line"].isin(leaves)][LEAF_INPUTS]
    table = forecast_leaves(own, months, year, monthly).assign(department_only=False)
    residual, rounding = _department_only(wide, config, leaves)
    if not residual.empty:
        extra = _forecast_department_only(residual, rounding, months, year)
        table = pd.concat([table, extra], ignore_index=True)
    adjustment = adjustment_totals(adjustments)
    table["adjustment"] = [
        adjustment.get((u, line), 0.0) for u, line in zip(table["unit"], table["line"], strict=True)
    ]
    return table, wide, months


def _nan_sum(values: list[float]) -> float:
    """Sum of the values that are not NaN; NaN when all are."""
    present = [v for v in values if v == v]
    return float(sum(present)) if present else np.nan


def _sum_row(parts: list[dict]) -> dict:
    """A total over leaves: sums, a method's sum where any part has it (a part without it
    counts with its chosen value), half-widths as the root of the sum of squares."""
    row = {}
    for method in METHODS:
        has = any(p[method] == p[method] for p in parts)
        filled = [p[method] if p[method] == p[method] else p["method_forecast"] for p in parts]
        row[method] = float(sum(filled)) if has else np.nan
    row["method_forecast"] = float(sum(p["method_forecast"] for p in parts))
    row["adjustment"] = float(sum(p["adjustment"] for p in parts))
    row["half_low"] = float(np.sqrt(sum((p["method_forecast"] - p["low"]) ** 2 for p in parts)))
    row["half_high"] = float(np.sqrt(sum((p["high"] - p["method_forecast"]) ** 2 for p in parts)))
    row["department_only"] = float(
        sum(p["method_forecast"] + p["adjustment"] for p in parts if p["department_only"])
    )
    flagged = list(dict.fromkeys(p["unit"] for p in parts if p["flag"]))
    reason = "osien summa"
    if flagged:
        reason += f"; ei kertymää: {', '.join(flagged)}"
    own_items = [p["reason"] for p in parts if p["department_only"]]
    own_items = [text for text in own_items if text != ROUNDING_REASON]
    if len(own_items) == 1:
        reason += f"; {own_items[0]}"
    elif own_items:
        reason += "; sisältää toimialan omia eriä"
    row.update(method=SUM, reason=reason, flag="", interval_basis=BASIS_SUM)
    return row


def _leaf_row(leaf: dict) -> dict:
    row = dict(leaf)
    row["half_low"] = leaf["method_forecast"] - leaf["low"]
    row["half_high"] = leaf["high"] - leaf["method_forecast"]
    row["department_only"] = 0.0
    return row


def assemble(table: pd.DataFrame, wide: pd.DataFrame, config: EntityConfig) -> pd.DataFrame:
    """One row per unit × line of the statement: service areas' leaves as forecast, every
    other row summed over its leaves (see the module docstring)."""
    below = leaf_lines(config, set(wide.index.get_level_values("line")))
    records = table.to_dict("records")
    budget, actual = wide["budget"].to_dict(), wide["actual"].to_dict()
    rows = []
    for unit in config.units:
        mine = records if unit.is_department else [r for r in records if r["unit"] == unit.label]
        for line in config.line_names:
            key = (unit.label, line)
            if key not in budget:
                continue
            parts = [r for r in mine if r["line"] in below[line]]
            single = not unit.is_department and below[line] == (line,) and len(parts) == 1
            row = _leaf_row(parts[0]) if single else _sum_row(parts)
            if unit.is_department and below[line] == (line,):
                row["reason"] = "palvelualueiden summa" + row["reason"].removeprefix("osien summa")
            row.update(unit=unit.label, line=line, budget=budget[key], actual=actual[key])
            rows.append(row)
    return pd.DataFrame(rows)
