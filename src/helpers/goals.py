"""Goal statuses, realisation texts by reporting date, and the risk matrix."""

from __future__ import annotations

import pandas as pd

from helpers.finnish import format_day_month
from helpers.schemas import GOAL_STATUSES

NO_STATUS = "Ei tietoa"
NO_UNIT = "Palvelualue ei määritelty"


def latest_status(goals: pd.DataFrame, realisations: pd.DataFrame) -> pd.DataFrame:
    """Each goal with its latest printed status (``Ei tietoa`` when none is known yet)."""
    with_status = realisations.dropna(subset=["status"]).sort_values("date")
    latest = with_status.groupby("goal_id")["status"].last()
    out = goals.copy()
    out["status"] = out["goal_id"].map(latest).astype("string").fillna(NO_STATUS)
    return out


def status_counts(goals_with_status: pd.DataFrame, by: str, config=None) -> pd.DataFrame:
    """Counts of Toteutuu / Toteutuu osittain / Ei toteudu / Ei tietoa per ``by``.

    ``by="unit"`` groups goals by their service area (codes and aliases from the config);
    goals printed without a service area are counted under ``Palvelualue ei määritelty``.
    """
    frame = goals_with_status.copy()
    if by == "unit":

        def unit_name(code):
            unit = config.unit_by_code(code) if config is not None and pd.notna(code) else None
            return unit.name if unit else NO_UNIT

        frame["unit"] = frame["unit_code"].map(unit_name)
    table = pd.crosstab(frame[by], frame["status"])
    table = table.reindex(columns=list(GOAL_STATUSES), fill_value=0)
    table["Yhteensä"] = table.sum(axis=1)
    return table


def realisations_side_by_side(goals: pd.DataFrame, realisations: pd.DataFrame) -> pd.DataFrame:
    """One row per goal with a column of realisation text per reporting date and the status."""
    texts = realisations.pivot_table(
        index="goal_id", columns="date", values="realisation", aggfunc="first"
    )
    texts.columns = [f"Toteuma {format_day_month(d)}" for d in texts.columns]
    with_status = latest_status(goals, realisations).set_index("goal_id")
    out = with_status[["level", "unit_code", "strategic_goal", "goal", "metric", "status"]]
    return out.join(texts).reset_index()


def risk_matrix(risks: pd.DataFrame) -> pd.DataFrame:
    """Risk counts by significance (rows, high first) × probability (columns, 1 upward)."""
    top = int(max(3, risks["probability"].max(), risks["significance"].max()))
    levels = list(range(1, top + 1))
    table = pd.crosstab(risks["significance"], risks["probability"])
    return table.reindex(index=levels[::-1], columns=levels, fill_value=0)
