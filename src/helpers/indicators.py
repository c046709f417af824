"""Indicators computed from the processed tables."""

from __future__ import annotations

import pandas as pd

from helpers.income_statement import (
    ACTUAL_YTD,
    BUDGET,
    PRIOR_YEAR,
    PRIOR_YTD,
    realisation_percent,
    remaining,
)

# A line whose realisation runs this many percentage points ahead of the year's pace is flagged.
PACE_THRESHOLD_POINTS = 5.0


def year_elapsed_percent(months: int) -> float:
    """Share of the budget year elapsed at the period end: 6 months → 50 %."""
    return months / 12 * 100.0


def budget_realisation(
    statement: pd.DataFrame, threshold_points: float = PACE_THRESHOLD_POINTS
) -> pd.DataFrame:
    """Realisation of every unit × line against the budget and the pace of the year.

    Columns: unit, line, budget, actual, remaining (TA − TOT), realisation_pct (TOT-%),
    prior_actual (same date last year), change_eur and change_pct against it,
    elapsed_pct, pace_deviation_points (TOT-% − elapsed %), ahead_of_pace (bool).
    """
    wide = statement.pivot_table(
        index=["unit", "line"], columns="measure", values="amount", sort=False
    )
    months = int(statement.loc[statement["measure"] == ACTUAL_YTD, "months"].iloc[0])
    out = pd.DataFrame(index=wide.index)
    out["budget"] = wide[BUDGET]
    out["actual"] = wide[ACTUAL_YTD]
    out["prior_year"] = wide[PRIOR_YEAR]
    out["remaining"] = remaining(wide[BUDGET], wide[ACTUAL_YTD])
    out["realisation_pct"] = realisation_percent(wide[ACTUAL_YTD], wide[BUDGET])
    out["prior_actual"] = wide[PRIOR_YTD]
    out["change_eur"] = wide[ACTUAL_YTD] - wide[PRIOR_YTD]
    # Relative to last year's amount in its own sign: costs growing from -100 to -110 is +10 %.
    out["change_pct"] = realisation_percent(wide[ACTUAL_YTD], wide[PRIOR_YTD]) - 100.0
    out["elapsed_pct"] = year_elapsed_percent(months)
    out["pace_deviation_points"] = out["realisation_pct"] - out["elapsed_pct"]
    out["ahead_of_pace"] = out["pace_deviation_points"] > threshold_points
    return out.reset_index()
