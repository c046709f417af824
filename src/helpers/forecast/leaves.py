"""Forecast of the lines that are not sums: every method, the chosen one, its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.forecast.choice import choose_methods
from helpers.forecast.intervals import error_widths, method_interval
from helpers.forecast.methods import (
    ACTUAL,
    BUDGET,
    METHODS,
    MONTHS_IN_YEAR,
    method_estimates,
    seasonal_shares,
)

LEAF_INPUTS = ["unit", "line", "prior_year", "prior_ytd", "budget", "actual"]
LEAF_COLUMNS = [
    *LEAF_INPUTS,
    *METHODS,
    "method",
    "reason",
    "flag",
    "method_forecast",
    "low",
    "high",
    "interval_basis",
    "share",
    "seasonal_share",
]


def _with_shares(leaves: pd.DataFrame, monthly, months: int, year: int) -> pd.DataFrame:
    """Last year's share and the multi-year seasonal shares beside each line."""
    prior = leaves["prior_year"].where(leaves["prior_year"] != 0)
    frame = leaves.assign(share=leaves["prior_ytd"] / prior)
    seasonal = seasonal_shares(monthly, months, year)  # empty without a monthly history
    if seasonal.empty:
        return frame.assign(
            seasonal_share=np.nan, seasonal_years=0, share_min=np.nan, share_max=np.nan
        )
    frame = frame.merge(seasonal, on=["unit", "line"], how="left")
    return frame.fillna({"seasonal_years": 0}).astype({"seasonal_years": "int64"})


def forecast_leaves(
    leaves: pd.DataFrame, months: int, year: int, monthly: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Forecast every row of ``leaves`` (columns ``LEAF_INPUTS``: last year's total and actual
    to date, the budget and the actual to date after ``months`` months of ``year``).

    ``monthly`` (unit, line, month, amount) is the optional monthly history; only complete
    years before ``year`` are used. Columns of the result: ``LEAF_COLUMNS`` – one per method,
    the chosen ``method`` with its Finnish ``reason`` and ``flag`` (``ei kertymää``), its
    point ``method_forecast`` and interval ``low`` … ``high`` with ``interval_basis``.
    """
    if not 1 <= months <= MONTHS_IN_YEAR:
        raise ValueError(f"months must be 1–12, got {months}")
    elapsed = months / MONTHS_IN_YEAR
    frame = _with_shares(leaves.reset_index(drop=True), monthly, months, year)
    frame = pd.concat([frame, method_estimates(frame, elapsed)], axis=1)
    frame = pd.concat([frame, choose_methods(frame, elapsed, year - 1)], axis=1)
    frame["method_forecast"] = chosen_values(frame)
    widths = pd.DataFrame()
    if monthly is not None and not monthly.empty:
        widths = error_widths(monthly, months, year)
    interval = method_interval(frame, frame["method_forecast"], frame["method"], widths, elapsed)
    frame[["low", "high"]] = interval[["low", "high"]]
    frame["interval_basis"] = interval["basis"]
    return frame[LEAF_COLUMNS]


def chosen_values(frame: pd.DataFrame) -> pd.Series:
    """Each row's value by its ``method``: a method column, the budget or the actual."""
    values = frame["budget"].where(frame["method"] == BUDGET, np.nan)
    values = values.where(frame["method"] != ACTUAL, frame["actual"])
    for method in METHODS:
        values = values.where(frame["method"] != method, frame[method])
    return values.astype("float64")
