"""Year-end forecast of every unit × line from the period's actuals.

Methods (all in the export's sign convention, income positive and costs negative):

* ``seasonal`` – the actual to date ÷ the average cumulative share at the same month over
  several prior years of monthly actuals (only when monthly history is given);
* ``profile`` – the actual to date ÷ last year's share at the same date
  (last year's actual to date ÷ last year's full-year actual, both from the statement);
* ``run_rate`` – the actual to date scaled linearly to twelve months;
* ``budget_pace`` – the actual to date plus the budget's pro-rata share of the months left,
  i.e. the rest of the year goes as budgeted.

Default rule, per line: ``seasonal`` when at least ``MIN_SEASONAL_YEARS`` prior years of
monthly actuals give a usable share; else ``profile`` when last year's share is usable (same
sign, within ``MAX_PROFILE_DEVIATION`` of the elapsed share of the year); else ``run_rate``.
The reason is stored with each row. Known adjustments (unit, line, amount, reason) are added
on top and shown separately; an adjustment of a service area also reaches the department.
Subtotal lines are forecast as the sum of their parts, so the statement stays consistent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.config import EntityConfig
from helpers.income_statement import ACTUAL_YTD, BUDGET, PRIOR_YEAR, PRIOR_YTD

METHODS = ("seasonal", "profile", "run_rate", "budget_pace")
METHOD_NAMES = {
    "seasonal": "monivuotinen kausiprofiili",
    "profile": "edellisen vuoden profiili",
    "run_rate": "lineaarinen vauhti",
    "budget_pace": "talousarvion mukainen loppuvuosi",
    "summa": "osien summa",
}
# Last year's share at the same date may differ from the elapsed share by this much
# (as a fraction of the year) before the profile is judged unstable.
MAX_PROFILE_DEVIATION = 0.25
MIN_SEASONAL_YEARS = 2


def usable_share(share: float, elapsed: float) -> bool:
    """A cumulative share that can scale the actual to a year: positive and near the pace."""
    return bool(np.isfinite(share) and share > 0 and abs(share - elapsed) <= MAX_PROFILE_DEVIATION)


def choose_method(
    share: float, elapsed: float, seasonal_share: float = np.nan, seasonal_years: int = 0
) -> tuple[str, str]:
    """The default method for one line and the reason, in Finnish, shown in the report."""
    if seasonal_years >= MIN_SEASONAL_YEARS and usable_share(seasonal_share, elapsed):
        return "seasonal", f"kuukausitoteumien kausiprofiili {seasonal_years} vuodelta"
    if not np.isfinite(share):
        return "run_rate", "ei edellisen vuoden vertailutietoa: lineaarinen vauhti"
    if share <= 0:
        return (
            "run_rate",
            "edellisen vuoden kertymä poikkeava (etumerkki tai nolla): lineaarinen vauhti",
        )
    if abs(share - elapsed) > MAX_PROFILE_DEVIATION:
        return "run_rate", (
            f"edellisen vuoden kertymä {share * 100:.0f} % poikkeaa vuoden kulusta: "
            "lineaarinen vauhti"
        )
    return "profile", "edellisen vuoden kausiprofiili"


# --- Monthly history -----------------------------------------------------------------------


def cumulative_shares(monthly: pd.DataFrame, month: int) -> pd.DataFrame:
    """Per unit × line × complete year: the share of the year's total reached by ``month``.

    ``monthly`` has columns unit, line, month (a timestamp of the month's first day), amount.
    Columns of the result: unit, line, year, ytd, total, share.
    """
    frame = monthly.assign(year=monthly["month"].dt.year, m=monthly["month"].dt.month)
    complete = frame.groupby(["unit", "line", "year"])["m"].transform("nunique") == 12
    frame = frame[complete]
    if frame.empty:
        return pd.DataFrame(columns=["unit", "line", "year", "ytd", "total", "share"])
    keys = ["unit", "line", "year"]
    total = frame.groupby(keys)["amount"].sum().rename("total")
    ytd = frame[frame["m"] <= month].groupby(keys)["amount"].sum().rename("ytd")
    out = pd.concat([ytd, total], axis=1).fillna({"ytd": 0.0}).reset_index()
    out["share"] = out["ytd"] / out["total"].where(out["total"] != 0)
    return out


def seasonal_shares(monthly: pd.DataFrame, month: int, before_year: int) -> pd.DataFrame:
    """Average cumulative share at ``month`` over the complete years before ``before_year``.

    Columns: unit, line, seasonal_share, seasonal_years.
    """
    shares = cumulative_shares(monthly, month)
    shares = shares[(shares["year"] < before_year) & shares["share"].notna()]
    return (
        shares.groupby(["unit", "line"])
        .agg(seasonal_share=("share", "mean"), seasonal_years=("year", "nunique"))
        .reset_index()
    )


def backtest(monthly: pd.DataFrame, month: int) -> pd.DataFrame:
    """Score the methods on past years: forecast each complete year from its own actual at
    ``month`` (with only the years before it as history) and compare with its real total.

    Returns one row per method with the mean absolute percentage error (``mape_pct``) and
    the number of unit × line × year cases; empty when the history has fewer than two
    complete years. The budget method is not scored: past budgets are not in the history.
    """
    shares = cumulative_shares(monthly, month)
    years = sorted(shares["year"].unique())
    rows = []
    for year in years[1:]:
        target = shares[shares["year"] == year].set_index(["unit", "line"])
        history = shares[shares["year"] < year]
        last = history[history["year"] == year - 1].set_index(["unit", "line"])["share"]
        seasonal = history.groupby(["unit", "line"])["share"].mean()
        for key, row in target.iterrows():
            if row["total"] == 0:
                continue
            forecasts = {
                "seasonal": row["ytd"] / seasonal.get(key, np.nan),
                "profile": row["ytd"] / last.get(key, np.nan),
                "run_rate": row["ytd"] * 12 / month,
            }
            for method, value in forecasts.items():
                if np.isfinite(value):
                    error = abs(value - row["total"]) / abs(row["total"]) * 100
                    rows.append({"method": method, "year": year, "ape": error})
    if not rows:
        return pd.DataFrame(columns=["method", "mape_pct", "cases", "years"])
    scores = pd.DataFrame(rows).groupby("method", sort=False)
    return pd.DataFrame(
        {
            "mape_pct": scores["ape"].mean(),
            "cases": scores["ape"].size(),
            "years": scores["year"].nunique(),
        }
    ).reset_index()


# --- Forecast ------------------------------------------------------------------------------


def _adjustments_by_line(
    adjustments: pd.DataFrame | None, config: EntityConfig
) -> dict[tuple[str, str], float]:
    """Adjustment euros per (unit, line); a service area's adjustment also reaches the
    department, which is the sum of its service areas."""
    totals: dict[tuple[str, str], float] = {}
    if adjustments is None or adjustments.empty:
        return totals
    department = config.department_unit.label
    for _, row in adjustments.iterrows():
        targets = {row["unit"], department}
        for unit in targets:
            key = (unit, row["line"])
            totals[key] = totals.get(key, 0.0) + float(row["amount"])
    return totals


def forecast_lines(
    statement: pd.DataFrame,
    config: EntityConfig,
    monthly: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Forecast every unit × line.

    Columns: unit, line, budget, actual, seasonal, profile, run_rate, budget_pace (one per
    method), method, reason, method_forecast (the default method's value), adjustment,
    forecast (method_forecast + adjustment), range_low, range_high (over the methods, plus
    the adjustment), deviation_eur (forecast − budget), deviation_pct, outside_budget
    (``above`` / ``below`` when the whole range lies on one side of the budget, else ``""``).
    """
    wide = statement.pivot_table(
        index=["unit", "line"], columns="measure", values="amount", sort=False
    )
    months = int(statement.loc[statement["measure"] == ACTUAL_YTD, "months"].iloc[0])
    year = int(statement.loc[statement["measure"] == ACTUAL_YTD, "year"].iloc[0])
    elapsed = months / 12
    seasonal = pd.DataFrame(columns=["unit", "line", "seasonal_share", "seasonal_years"])
    if monthly is not None and not monthly.empty:
        seasonal = seasonal_shares(monthly, months, year)
    seasonal = seasonal.set_index(["unit", "line"])
    adjustment_of = _adjustments_by_line(adjustments, config)
    subtotals = {line.name for line in config.lines if line.is_subtotal}
    rows = []
    for (unit, line), values in wide.iterrows():
        if line in subtotals:
            continue
        prior_ytd, prior_year = values[PRIOR_YTD], values[PRIOR_YEAR]
        share = prior_ytd / prior_year if prior_year else np.nan
        s_share, s_years = np.nan, 0
        if (unit, line) in seasonal.index:
            s_share = float(seasonal.loc[(unit, line), "seasonal_share"])
            s_years = int(seasonal.loc[(unit, line), "seasonal_years"])
        method, reason = choose_method(share, elapsed, s_share, s_years)
        actual = values[ACTUAL_YTD]
        estimates = {
            "seasonal": actual / s_share if np.isfinite(s_share) and s_share > 0 else np.nan,
            "profile": actual / share if np.isfinite(share) and share > 0 else np.nan,
            "run_rate": actual / elapsed,
            "budget_pace": actual + values[BUDGET] * (1 - elapsed),
        }
        rows.append(
            {
                "unit": unit,
                "line": line,
                "budget": values[BUDGET],
                "actual": actual,
                **estimates,
                "method": method,
                "reason": reason,
                "method_forecast": estimates[method],
                "adjustment": adjustment_of.get((unit, line), 0.0),
            }
        )
    full = _add_subtotals(pd.DataFrame(rows), config, wide)
    full["forecast"] = full["method_forecast"] + full["adjustment"]
    methods = full[list(METHODS)]
    full["range_low"] = methods.min(axis=1) + full["adjustment"]
    full["range_high"] = methods.max(axis=1) + full["adjustment"]
    full["deviation_eur"] = full["forecast"] - full["budget"]
    with np.errstate(divide="ignore", invalid="ignore"):
        full["deviation_pct"] = (
            full["deviation_eur"] / full["budget"].abs().where(full["budget"] != 0) * 100
        )
    full["outside_budget"] = np.select(
        [full["range_low"] > full["budget"], full["range_high"] < full["budget"]],
        ["above", "below"],
        "",
    )
    return full


NUMERIC = ["budget", "actual", *METHODS, "method_forecast", "adjustment"]


def _add_subtotals(base: pd.DataFrame, config: EntityConfig, wide: pd.DataFrame) -> pd.DataFrame:
    """Subtotal lines: budget and actual as in the statement, forecasts as sums of parts."""
    frames = []
    for unit, part in base.groupby("unit", sort=False):
        part = part.set_index("line")
        for line in config.lines:
            if not line.is_subtotal:
                continue
            parts = part.reindex([p for p in line.sum_of if p in part.index])
            total = {
                "budget": wide.loc[(unit, line.name), BUDGET],
                "actual": wide.loc[(unit, line.name), ACTUAL_YTD],
                "adjustment": parts["adjustment"].sum(),
                "method_forecast": parts["method_forecast"].sum(min_count=1),
            }
            # A method's subtotal uses each part's own value, or the part's default where the
            # method has none; a method no part has stays empty.
            for c in METHODS:
                filled = parts[c].fillna(parts["method_forecast"]).sum(min_count=1)
                total[c] = filled if parts[c].notna().any() else np.nan
            total.update(unit=unit, method="summa", reason="osien summa")
            part.loc[line.name] = pd.Series(total)
        order = [n for n in config.line_names if n in part.index]
        frames.append(part.loc[order].reset_index(names="line"))
    out = pd.concat(frames, ignore_index=True)
    out[NUMERIC] = out[NUMERIC].astype("float64")
    return out[["unit", "line", *NUMERIC, "method", "reason"]]
