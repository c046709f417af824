"""Backtests: every method and the default rule forecast past years from their own month.

For each held-out year Y (a complete year with at least ``MIN_SEASONAL_YEARS`` complete years
before it) and each cut-off month M, the year is rebuilt as a statement would print it at
M (last year's total and actual to M, the budget, the actual to M) and forecast by the same
code the report uses, in two regimes:

* ``history``: the monthly history of the years before Y is given (seasonal profiles, the
  methods' own past errors for the interval);
* ``statement``: only the statement (last year's profile and the documented interval rule),
  which is what the embedded Heinola data have.

Scores per regime and method, over the cases where every method has a value: MAPE (mean
|forecast − total| ÷ |total|, in %), MASE (mean |forecast − total| ÷ the mean absolute
change of the yearly total over the years before Y: below 1 beats "same as the typical
yearly change") and the share of held-out years inside the stated 80 % interval. The
budget-pace method and the default rule need each year's budget; without budgets they are
not scored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.forecast.choice import MIN_SEASONAL_YEARS
from helpers.forecast.intervals import error_widths, method_interval
from helpers.forecast.leaves import LEAF_INPUTS, forecast_leaves
from helpers.forecast.methods import METHODS, MONTHS_IN_YEAR, cumulative_shares

DEFAULT = "default"
UNIT_TOTAL = "default_unit_total"
REGIMES = ("history", "statement")
CASE_COLUMNS = [
    "unit",
    "line",
    "total",
    "scale",
    "regime",
    "year",
    "month",
    "method",
    "forecast",
    "low",
    "high",
]
SCORE_COLUMNS = ["regime", "method", "mape_pct", "mase", "coverage_pct", "cases", "years"]


def year_as_statement(
    shares: pd.DataFrame, budgets: pd.DataFrame | None, year: int
) -> pd.DataFrame:
    """``LEAF_INPUTS`` plus the true ``total`` of ``year`` from cumulative shares at a month."""
    now = shares[shares["year"] == year].set_index(["unit", "line"])
    before = shares[shares["year"] == year - 1].set_index(["unit", "line"])
    frame = pd.DataFrame(
        {
            "prior_year": before["total"].reindex(now.index),
            "prior_ytd": before["ytd"].reindex(now.index),
            "actual": now["ytd"],
            "total": now["total"],
        }
    )
    frame["budget"] = np.nan
    if budgets is not None and not budgets.empty:
        plan = budgets[budgets["year"] == year].set_index(["unit", "line"])["amount"]
        frame["budget"] = plan.astype("float64")  # aligned on (unit, line) by assignment
    return frame.reset_index()[[*LEAF_INPUTS, "total"]]


def _mase_scale(shares: pd.DataFrame, year: int) -> pd.Series:
    """Per unit × line: the mean absolute change of the yearly total before ``year``."""
    totals = shares[shares["year"] < year].sort_values("year")
    change = totals.groupby(["unit", "line"])["total"].diff().abs()
    return change.groupby([totals["unit"], totals["line"]]).mean()


def _cases_for(frame, fc, widths, month, year, regime) -> list[pd.DataFrame]:
    """One frame per method (and the default) of forecasts, intervals and truths."""
    elapsed = month / MONTHS_IN_YEAR
    base = frame[["unit", "line", "total", "scale"]].assign(regime=regime, year=year, month=month)
    out = []
    for method in METHODS:
        chosen = pd.Series(method, index=fc.index)
        interval = method_interval(fc, fc[method], chosen, widths, elapsed)
        out.append(
            base.assign(
                method=method, forecast=fc[method], low=interval["low"], high=interval["high"]
            )
        )
    out.append(
        base.assign(method=DEFAULT, forecast=fc["method_forecast"], low=fc["low"], high=fc["high"])
    )
    return out


def backtest_cases(
    monthly: pd.DataFrame,
    budgets: pd.DataFrame | None = None,
    months: range | list[int] = range(1, MONTHS_IN_YEAR),
) -> pd.DataFrame:
    """Every (regime, held-out year, month, unit × line, method) forecast with its interval
    and the true total. ``budgets`` has unit, line, year, amount (optional)."""
    monthly = monthly.assign(amount=monthly["amount"].astype("float64"))
    complete = sorted(cumulative_shares(monthly, 12)["year"].unique())
    held_out = [y for y in complete if sum(h < y for h in complete) >= MIN_SEASONAL_YEARS]
    if not held_out:
        return pd.DataFrame(columns=[*CASE_COLUMNS])
    frames = []
    for month in months:
        shares = cumulative_shares(monthly, month)
        for year in held_out:
            frame = year_as_statement(shares, budgets, year)
            scale = _mase_scale(shares, year)
            keys = pd.MultiIndex.from_frame(frame[["unit", "line"]])
            frame["scale"] = scale.reindex(keys).to_numpy()
            history = monthly[monthly["month"].dt.year < year]
            for regime in REGIMES:
                given = history if regime == "history" else None
                fc = forecast_leaves(frame[LEAF_INPUTS], month, year, given)
                widths = error_widths(history, month, year) if given is not None else pd.DataFrame()
                frames += _cases_for(frame, fc, widths, month, year, regime)
    cases = pd.concat(frames)  # numbered afresh below
    if budgets is None or budgets.empty:  # budget pace and the default rule need budgets
        cases = cases[~cases["method"].isin(["budget_pace", DEFAULT])]
    return cases.reset_index(drop=True)


def unit_totals(cases: pd.DataFrame) -> pd.DataFrame:
    """The default rule's forecasts summed per unit (all its lines), with the interval's
    halves combined as the root of the sum of squares, as the report does for totals."""
    default = cases[cases["method"] == DEFAULT].assign(
        lo2=lambda f: (f["forecast"] - f["low"]) ** 2,
        hi2=lambda f: (f["high"] - f["forecast"]) ** 2,
    )
    keys = ["regime", "year", "month", "unit"]
    sums = default.groupby(keys).agg(
        forecast=("forecast", "sum"),
        total=("total", "sum"),
        lo2=("lo2", "sum"),
        hi2=("hi2", "sum"),
        scale=("scale", "sum"),
    )
    sums["low"] = sums["forecast"] - np.sqrt(sums["lo2"])
    sums["high"] = sums["forecast"] + np.sqrt(sums["hi2"])
    return sums.drop(columns=["lo2", "hi2"]).reset_index().assign(method=UNIT_TOTAL)


def _comparable(cases: pd.DataFrame) -> pd.DataFrame:
    """Per regime, the cases where every method the regime has has a finite forecast and
    the total is not zero (a method with no value at all in a regime is left out)."""
    finite = np.isfinite(cases["forecast"].astype("float64"))
    used = finite.groupby([cases["regime"], cases["method"]]).transform("any")
    cases = cases[used & (cases["total"] != 0)]
    finite = finite[cases.index]
    keys = ["regime", "year", "month", "unit", "line"]
    complete = finite.groupby([cases[k] for k in keys]).transform("all")
    return cases[complete]


def scores(cases: pd.DataFrame) -> pd.DataFrame:
    """MAPE, MASE and interval coverage per regime and method (``SCORE_COLUMNS``)."""
    if cases.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    lines = _comparable(cases)
    frame = pd.concat([lines, unit_totals(lines)], ignore_index=True)
    error = (frame["forecast"] - frame["total"]).abs()
    frame = frame.assign(
        ape=error / frame["total"].abs() * 100,
        ase=error / frame["scale"].where(frame["scale"] > 0),
        inside=(frame["low"] <= frame["total"]) & (frame["total"] <= frame["high"]),
    )
    grouped = frame.groupby(["regime", "method"], sort=False)
    out = pd.DataFrame(
        {
            "mape_pct": grouped["ape"].mean(),
            "mase": grouped["ase"].mean(),
            "coverage_pct": grouped["inside"].mean() * 100,
            "cases": grouped["ape"].size(),
            "years": grouped["year"].nunique(),
        }
    ).reset_index()
    return out[SCORE_COLUMNS]


def backtest(
    monthly: pd.DataFrame, month: int, budgets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The scores (``SCORE_COLUMNS``) of backtests at one cut-off ``month``, as the period's
    forecast stage shows them; empty when the history has too few complete years."""
    if monthly is None or monthly.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    return scores(backtest_cases(monthly, budgets, months=[month]))
