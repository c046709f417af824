"""80 % forecast intervals: from a method's own past errors, or from a documented rule.

Lines (unit × line):

* With monthly history, the method is run on each complete past year at the same month
  (seasonal: the other years' average share; profile: the year before's share; run rate as
  is) and its relative errors ``(total − forecast) ÷ |forecast|`` are collected. With at least
  ``MIN_BACKTEST_ERRORS`` of them the interval is ``point ± t × RMS(errors) × |point|``, where
  ``t`` is Student's t quantile for the level with as many degrees of freedom as errors (the
  prediction interval of one more error of zero mean and unknown spread).
* Otherwise (only last year's profile, or budget pace, whose past budgets are not in the
  history) the documented rule: ``point ± z × cv × remaining``, with ``z`` the normal
  quantile for the level, ``remaining`` the larger of the forecast's rest of the year
  (|point − actual|) and the budget's (|budget| × (1 − elapsed)), and ``cv`` =
  ``RULE_CV_BASE + RULE_CV_SLOPE[method] × |share − elapsed|``: the more unevenly the line's
  money came in last year (its share at this date against the share of the year elapsed),
  the wider the interval, and much more so for methods that ignore the profile.
* Nothing booked ("ei kertymää"): from nothing to the budget or last year's total,
  whichever is farther from zero (on the budget's side).
* A complete year: the actual, no width.

Totals (subtotals, and the department = Σ units) combine the lines' half-widths below and
above the point separately as the root of the sum of squares, which assumes the lines'
errors are independent; summing the extremes would claim that every line misses in the
same direction at once. Known adjustments move the interval with the point.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers.forecast.methods import ACTUAL, BUDGET, MONTHS_IN_YEAR, cumulative_shares

LEVEL = 0.80
INTERVAL_NAME = "80 %:n ennusteväli"
Z = float(stats.norm.ppf(0.5 + LEVEL / 2))  # 1.2816
# The rule (lines without a history of their own errors): the relative uncertainty (one
# standard deviation) of the rest of the year is RULE_CV_BASE + RULE_CV_SLOPE[method] × the
# unevenness of the line, |last year's share at this date − the share of the year elapsed|.
# An even line is predictable by any method; the more unevenly its money came last year,
# the less a profile and the much less a straight line or the budget can be trusted.
# Fitted with `make forecast-eval` on the synthetic ledger (statement-only regime).
RULE_CV_BASE = 0.06
RULE_CV_SLOPE = {"seasonal": 0.4, "profile": 0.4, "budget_pace": 2.5, "run_rate": 4.0}
# Unevenness assumed when last year's share is unknown.
UNKNOWN_UNEVENNESS = 0.25
MIN_BACKTEST_ERRORS = 2
BACKTESTED = ("seasonal", "profile", "run_rate")

BASIS_BACKTEST = "menetelmän oma virhe {n} aiemmalta vuodelta"
BASIS_RULE = "sääntö: ±{pct} loppuvuoden määrästä"
BASIS_NO_ACCRUAL = "ei kertymää: nollasta talousarvioon tai edellisen vuoden tasoon"
BASIS_ACTUAL = "toteuma, ei epävarmuutta"
BASIS_SUM = "osien välit yhdistettynä (riippumattomat virheet)"


def backtest_forecasts(monthly: pd.DataFrame, month: int, before_year: int) -> pd.DataFrame:
    """Each backtested method run on every complete year before ``before_year`` at ``month``.

    Columns: unit, line, year, method, forecast, total, ytd. The seasonal method of a year
    uses the average share of the *other* past years (leave one out), the profile the share
    of the year before; years whose share is missing or not positive give no row.
    """
    shares = cumulative_shares(monthly, month)
    shares = shares[shares["year"] < before_year].copy()
    columns = ["unit", "line", "year", "method", "forecast", "total", "ytd"]
    if shares.empty:
        return pd.DataFrame(columns=columns)
    keys = ["unit", "line"]
    valid = shares["share"].where(shares["share"].notna())
    group = valid.groupby([shares["unit"], shares["line"]])
    others = (group.transform("sum") - valid.fillna(0)) / (
        group.transform("count") - valid.notna().astype(int)
    )
    shares = shares.sort_values([*keys, "year"])
    previous = shares.groupby(keys)["share"].shift(1)
    consecutive = shares.groupby(keys)["year"].diff() == 1
    divisors = {
        "seasonal": others,  # aligned by index labels wherever it is used
        "profile": previous.where(consecutive),
        "run_rate": pd.Series(month / MONTHS_IN_YEAR, index=shares.index),
    }
    frames = []
    for method, divisor in divisors.items():
        usable = np.isfinite(divisor) & (divisor > 0)
        part = shares.loc[usable, [*keys, "year", "total", "ytd"]].copy()
        part["method"] = method
        part["forecast"] = part["ytd"] / divisor[usable]
        frames.append(part)
    return pd.concat(frames, ignore_index=True)[columns]


def error_widths(monthly: pd.DataFrame, month: int, before_year: int) -> pd.DataFrame:
    """Relative half-widths from the methods' own past errors.

    Columns: unit, line, method, errors (how many years), half_rel (t × RMS of the relative
    errors). Only rows with at least ``MIN_BACKTEST_ERRORS`` errors.
    """
    runs = backtest_forecasts(monthly, month, before_year)
    runs = runs[runs["forecast"] != 0]
    columns = ["unit", "line", "method", "errors", "half_rel"]
    if runs.empty:
        return pd.DataFrame(columns=columns)
    runs = runs.assign(sq=((runs["total"] - runs["forecast"]) / runs["forecast"].abs()) ** 2)
    out = (
        runs.groupby(["unit", "line", "method"], sort=False)
        .agg(errors=("sq", "size"), ms=("sq", "mean"))
        .reset_index()
    )
    out = out[out["errors"] >= MIN_BACKTEST_ERRORS]
    quantile = stats.t.ppf(0.5 + LEVEL / 2, out["errors"])
    out["half_rel"] = quantile * np.sqrt(out["ms"])
    return out[columns].reset_index(drop=True)


def unevenness(share, elapsed: float) -> np.ndarray:
    """|share at this date − elapsed share of the year|; ``UNKNOWN_UNEVENNESS`` when the
    share is unknown."""
    share = np.asarray(share, dtype="float64")
    return np.where(np.isfinite(share), np.abs(share - elapsed), UNKNOWN_UNEVENNESS)


def rule_cv(method, share, elapsed: float) -> np.ndarray:
    """The rule's relative uncertainty of the rest of the year for each row's method."""
    slope = np.array([RULE_CV_SLOPE.get(m, 0.0) for m in np.atleast_1d(method)])
    return RULE_CV_BASE + slope * unevenness(share, elapsed)


def rule_half_width(point, actual, budget, cv, elapsed: float) -> np.ndarray:
    """The rule's half-width: z × cv × the larger of the forecast's and the budget's rest of
    the year."""
    point, actual, budget = (np.asarray(v, dtype="float64") for v in (point, actual, budget))
    # fmax: without a budget (NaN) the forecast's own rest of the year sets the width.
    remaining = np.fmax(np.abs(point - actual), np.abs(budget) * (1 - elapsed))
    return Z * np.asarray(cv) * remaining


def no_accrual_bounds(budget, prior_year) -> tuple[np.ndarray, np.ndarray]:
    """From nothing to the budget or last year's total (if on the budget's side), whichever
    is farther from zero."""
    budget = np.asarray(budget, dtype="float64")
    prior = np.nan_to_num(np.asarray(prior_year, dtype="float64"))
    same_side = np.sign(prior) == np.sign(budget)
    far = np.where(same_side & (np.abs(prior) > np.abs(budget)), prior, budget)
    return np.minimum(0.0, far), np.maximum(0.0, far)


def method_interval(
    frame: pd.DataFrame, point: pd.Series, method: pd.Series, widths: pd.DataFrame, elapsed: float
) -> pd.DataFrame:
    """Low and high ends and their basis for each row's ``point`` made by ``method``.

    ``frame`` has unit, line, actual, budget, prior_year; ``widths`` comes from
    ``error_widths``. Columns of the result: low, high, basis.
    """
    profile_share = frame["share"].where(np.isfinite(frame["share"]), frame["seasonal_share"])
    share = frame["seasonal_share"].where(method == "seasonal", profile_share)
    cv = rule_cv(method.to_numpy(), share, elapsed)
    half = rule_half_width(point, frame["actual"], frame["budget"], cv, elapsed)
    basis = np.array([BASIS_RULE.format(pct=_pct(Z * c)) for c in cv], dtype=object)
    if not widths.empty:
        own = frame[["unit", "line"]].assign(method=method.to_numpy())
        own = own.merge(widths, on=["unit", "line", "method"], how="left")
        known = own["half_rel"].notna().to_numpy()
        half = np.where(known, own["half_rel"].to_numpy() * np.abs(point.to_numpy()), half)
        counts = own["errors"].fillna(0).astype(int).to_numpy()
        basis = np.where(known, [BASIS_BACKTEST.format(n=n) for n in counts], basis)
    low, high = point.to_numpy() - half, point.to_numpy() + half
    empty = method.to_numpy() == BUDGET
    zero_low, zero_high = no_accrual_bounds(frame["budget"], frame["prior_year"])
    low, high = np.where(empty, zero_low, low), np.where(empty, zero_high, high)
    basis = np.where(empty, BASIS_NO_ACCRUAL, basis)
    done = method.to_numpy() == ACTUAL
    low, high = np.where(done, point, low), np.where(done, point, high)
    basis = np.where(done, BASIS_ACTUAL, basis)
    return pd.DataFrame({"low": low, "high": high, "basis": basis}, index=frame.index)


def _pct(value: float) -> str:
    return f"{round(value * 100)} %"


def combine_halves(halves: pd.Series) -> float:
    """Half-widths of independent parts combined: the root of the sum of their squares."""
    return float(np.sqrt(np.square(halves.to_numpy(dtype="float64")).sum()))
