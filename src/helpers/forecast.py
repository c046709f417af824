"""Year-end forecast of every unit × line from the period's actuals.

Methods (all in the export's sign convention):

* ``profile`` – this year's actual ÷ last year's share at the same date
  (last year's actual to date ÷ last year's full-year actual);
* ``run_rate`` – the actual to date scaled linearly to twelve months;
* ``budget`` – the actual to date plus the budget's pro-rata share of the months left.

The default is ``profile`` when last year's share is usable (same sign, not far from the
elapsed share of the year) and ``run_rate`` otherwise; the reason is stored with each row.
Subtotal lines are forecast as the sum of their parts, so the statement stays consistent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.config import EntityConfig
from helpers.income_statement import ACTUAL_YTD, BUDGET, PRIOR_YEAR, PRIOR_YTD

METHODS = ("profile", "run_rate", "budget")
# Last year's share at the same date may differ from the elapsed share by this much
# (as a fraction of the year) before the profile is judged unstable.
MAX_PROFILE_DEVIATION = 0.25


def _profile_share(prior_ytd: float, prior_year: float) -> float:
    if prior_year == 0 or np.isnan(prior_year) or np.isnan(prior_ytd):
        return np.nan
    return prior_ytd / prior_year


def choose_method(share: float, elapsed: float) -> tuple[str, str]:
    """The default method for one line and the reason, in Finnish, shown in the report."""
    if np.isnan(share):
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


def forecast_lines(statement: pd.DataFrame, config: EntityConfig) -> pd.DataFrame:
    """Forecast every unit × line; columns unit, line, budget, actual, one per method,
    method, reason, forecast, deviation_eur (forecast − budget), deviation_pct,
    range_low, range_high, outside_budget (``above``/``below``/``""``)."""
    wide = statement.pivot_table(
        index=["unit", "line"], columns="measure", values="amount", sort=False
    )
    months = int(statement.loc[statement["measure"] == ACTUAL_YTD, "months"].iloc[0])
    elapsed = months / 12
    subtotal = {line.name: line.sum_of for line in config.lines if line.is_subtotal}
    rows = []
    for (unit, line), values in wide.iterrows():
        if line in subtotal:
            continue
        share = _profile_share(values[PRIOR_YTD], values[PRIOR_YEAR])
        method, reason = choose_method(share, elapsed)
        actual = values[ACTUAL_YTD]
        rows.append(
            {
                "unit": unit,
                "line": line,
                "budget": values[BUDGET],
                "actual": actual,
                "profile": actual / share if share > 0 else np.nan,  # NaN > 0 is False
                "run_rate": actual / elapsed,
                "budget_pace": actual + values[BUDGET] * (1 - elapsed),
                "method": method,
                "reason": reason,
            }
        )
    base = pd.DataFrame(rows)
    base["forecast"] = np.where(base["method"] == "profile", base["profile"], base["run_rate"])
    full = _add_subtotals(base, config)
    methods = full[["profile", "run_rate", "budget_pace"]]
    full["range_low"] = methods.min(axis=1)
    full["range_high"] = methods.max(axis=1)
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


def _add_subtotals(base: pd.DataFrame, config: EntityConfig) -> pd.DataFrame:
    numeric = ["budget", "actual", "profile", "run_rate", "budget_pace", "forecast"]
    frames = []
    for unit, part in base.groupby("unit", sort=False):
        part = part.set_index("line")
        for line in config.lines:
            if not line.is_subtotal:
                continue
            parts = part.reindex([p for p in line.sum_of if p in part.index])
            total = {c: parts[c].sum(min_count=1) for c in ("budget", "actual", "forecast")}
            # A method's subtotal uses each part's own value, or its default where missing.
            for c in ("profile", "run_rate", "budget_pace"):
                total[c] = parts[c].fillna(parts["forecast"]).sum(min_count=1)
            total.update(unit=unit, method="summa", reason="osien summa")
            part.loc[line.name] = pd.Series(total)
        order = [n for n in config.line_names if n in part.index]
        frames.append(part.loc[order].reset_index(names="line"))
    out = pd.concat(frames, ignore_index=True)
    out[numeric] = out[numeric].astype("float64")
    return out[["unit", "line", *numeric, "method", "reason"]]
