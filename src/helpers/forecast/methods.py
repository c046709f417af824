"""The forecast methods and the seasonal shares they rest on.

Every amount is in the internal sign convention (income positive, costs negative). For one
line with ``actual`` booked after ``elapsed`` of the year (months ÷ 12):

* ``seasonal`` – actual ÷ the average cumulative share reached by the same month in the
  complete prior years of the monthly history;
* ``profile`` – actual ÷ last year's share at the same date (last year's actual to date ÷
  last year's full-year actual, both printed in the income statement);
* ``run_rate`` – actual ÷ elapsed: straight-line pace;
* ``budget_pace`` – actual + budget × (1 − elapsed): the rest of the year as budgeted.

A share that is not positive cannot scale an actual to a year: that method gives NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METHODS = ("seasonal", "profile", "run_rate", "budget_pace")
# Point forecasts that are not methods of their own: the budget for a line with nothing
# booked yet ("ei kertymää"), the actual once the year is complete, and subtotals.
BUDGET, ACTUAL, SUM = "budget", "actual", "summa"
METHOD_NAMES = {
    "seasonal": "monivuotinen kausiprofiili",
    "profile": "edellisen vuoden profiili",
    "run_rate": "lineaarinen vauhti",
    "budget_pace": "talousarvion mukainen loppuvuosi",
    BUDGET: "talousarvio (ei kertymää)",
    ACTUAL: "koko vuoden toteuma",
    SUM: "osien summa",
    "default": "oletussääntö",
    "default_unit_total": "oletussääntö, yksikön rivien summa",
}
MONTHS_IN_YEAR = 12


def scale_by_share(actual, share):
    """actual ÷ share where the share is positive, else NaN (scalars or arrays)."""
    share = np.asarray(share, dtype="float64")
    usable = np.isfinite(share) & (share > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(usable, np.asarray(actual, dtype="float64") / share, np.nan)


def run_rate(actual, elapsed: float):
    """Straight-line pace: the actual to date scaled to twelve months."""
    return np.asarray(actual, dtype="float64") / elapsed


def budget_pace(actual, budget, elapsed: float):
    """The actual to date plus the budget's share of the months still to come."""
    return np.asarray(actual, dtype="float64") + np.asarray(budget, dtype="float64") * (1 - elapsed)


def method_estimates(leaves: pd.DataFrame, elapsed: float) -> pd.DataFrame:
    """One column per method for ``leaves`` (columns ``actual``, ``budget``, ``share`` and
    ``seasonal_share``; a missing share is NaN)."""
    return pd.DataFrame(
        {
            "seasonal": scale_by_share(leaves["actual"], leaves["seasonal_share"]),
            "profile": scale_by_share(leaves["actual"], leaves["share"]),
            "run_rate": run_rate(leaves["actual"], elapsed),
            "budget_pace": budget_pace(leaves["actual"], leaves["budget"], elapsed),
        },
        index=leaves.index,
    )


# --- Monthly history -----------------------------------------------------------------------


def cumulative_shares(monthly: pd.DataFrame, month: int) -> pd.DataFrame:
    """Per unit × line × complete year: the share of the year's total reached by ``month``.

    ``monthly`` has columns unit, line, month (a timestamp of the month's first day), amount.
    Only years with all twelve months count. Columns of the result: unit, line, year, ytd,
    total, share (NaN when the year's total is zero).
    """
    columns = ["unit", "line", "year", "ytd", "total", "share"]
    if monthly is None or monthly.empty:
        return pd.DataFrame(columns=columns)
    month_of = monthly["month"].dt.month
    frame = pd.DataFrame(
        {
            "unit": monthly["unit"],
            "line": monthly["line"],
            "year": monthly["month"].dt.year,
            "total": monthly["amount"].astype("float64"),
            "m": month_of,
        }
    )
    frame["ytd"] = frame["total"].where(month_of <= month, 0.0)
    out = frame.groupby(["unit", "line", "year"]).agg(
        ytd=("ytd", "sum"), total=("total", "sum"), n=("m", "nunique")
    )
    out = out[out["n"] == 12].reset_index()
    if out.empty:
        return pd.DataFrame(columns=columns)
    out["share"] = out["ytd"] / out["total"].where(out["total"] != 0)
    return out[columns]


def seasonal_shares(monthly: pd.DataFrame, month: int, before_year: int) -> pd.DataFrame:
    """Per unit × line, over the complete years before ``before_year``: the average share
    at ``month`` (``seasonal_share``), the years it rests on (``seasonal_years``) and the
    smallest and largest yearly share (``share_min``, ``share_max``), which tell whether the
    profile is stable."""
    shares = cumulative_shares(monthly, month)
    shares = shares[(shares["year"] < before_year) & shares["share"].notna()]
    columns = ["unit", "line", "seasonal_share", "seasonal_years", "share_min", "share_max"]
    if shares.empty:
        return pd.DataFrame(columns=columns)
    return (
        shares.groupby(["unit", "line"], sort=False)
        .agg(
            seasonal_share=("share", "mean"),
            seasonal_years=("year", "nunique"),
            share_min=("share", "min"),
            share_max=("share", "max"),
        )
        .reset_index()[columns]
    )
