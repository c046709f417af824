"""Management's own year-end estimates (johdon arviot) beside the model.

An estimate names a unit and a line (usually the net margin) and gives either euros
(``amount``, income positive and costs negative) or only a direction against the budget
(``direction``: suotuisa, epäsuotuisa, talousarvion mukainen, or one of the two "tai" words
when the text says e.g. "tulot eivät ainakaan alitu"). Model and management disagree when

* euros are given and they differ from the model's forecast by more than the threshold
  ``max(DISAGREEMENT_SHARE × |budget|, DISAGREEMENT_MIN_EUR)``, or
* only a direction is given and neither the model's direction nor, with the model counted
  as on budget within the same threshold, its lenient reading is one the word allows.

The directions shown (the model's, and management's when given in euros) use the forecast
table's on-budget band (``lines.budget_direction``), so a line has one direction word in the
whole report; the wider threshold only decides whether the two views disagree.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers.catalog import MANAGEMENT_ESTIMATES
from helpers.config import EntityConfig
from helpers.errors import InputDataError
from helpers.finnish import format_date
from helpers.forecast.adjustments import where_from
from helpers.forecast.direction import FAVOURABLE, ON_BUDGET, UNFAVOURABLE, favourability
from helpers.forecast.lines import budget_direction

DISAGREEMENT_SHARE = 0.01
DISAGREEMENT_MIN_EUR = 10_000.0
ESTIMATES_FILE = MANAGEMENT_ESTIMATES.raw_file_stem  # for a row without provenance
# What each direction word allows the model's direction to be.
ALLOWED_DIRECTIONS = {
    FAVOURABLE: {FAVOURABLE},
    UNFAVOURABLE: {UNFAVOURABLE},
    ON_BUDGET: {ON_BUDGET},
    f"{ON_BUDGET} tai {FAVOURABLE}": {ON_BUDGET, FAVOURABLE},
    f"{ON_BUDGET} tai {UNFAVOURABLE}": {ON_BUDGET, UNFAVOURABLE},
}
COMPARISON_COLUMNS = [
    "unit",
    "line",
    "budget",
    "model_forecast",
    "interval_low",
    "interval_high",
    "model_deviation",
    "model_direction",
    "management_amount",
    "management_direction",
    "difference_eur",
    "threshold_eur",
    "in_interval",
    "disagreement",
    "text",
    "date",
]


def threshold(budget: float) -> float:
    """The stated disagreement threshold for a line with this budget (euros)."""
    return max(DISAGREEMENT_SHARE * abs(budget), DISAGREEMENT_MIN_EUR)


def _check_sign(row: pd.Series, budget: float, where: dict) -> None:
    """An estimate in euros of the opposite sign to a sizeable budget of its line: entered
    in the export's convention (costs positive), not the suite's. Compared as it stands it
    would read as the opposite of what management wrote (a cost as income), so it stops."""
    amount = row["amount"]
    if pd.isna(amount) or pd.isna(budget) or (amount > 0) == (budget > 0):
        return
    if min(abs(amount), abs(budget)) < DISAGREEMENT_MIN_EUR or abs(amount) < abs(budget) / 2:
        return  # a small amount or budget may honestly change sign
    raise InputDataError(
        f"the estimate {_euros(amount)} € for '{row['line']}' of '{row['unit']}' has the "
        f"opposite sign to its budget {_euros(budget)} €; enter euros in the suite's "
        "convention (income positive, costs negative) whatever the export's sign_convention",
        column="Euroa",
        **where,
    )


def _euros(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _check_duplicates(estimates: pd.DataFrame) -> None:
    """One estimate per unit and line: two would silently leave one of them out."""
    twice = estimates[estimates.duplicated(["unit", "line"], keep=False)]
    if twice.empty:
        return
    first = twice.iloc[0]
    same = twice[(twice["unit"] == first["unit"]) & (twice["line"] == first["line"])]
    second = same.iloc[1]
    earlier = where_from(first)["row"]  # the row number; the file is second's
    raise InputDataError(
        f"a second estimate for '{first['line']}' of '{first['unit']}' (the first is on row "
        f"{earlier}); give one estimate per unit and line",
        column="Rivi",
        **where_from(second, ESTIMATES_FILE),
    )


def _check(row: pd.Series, forecast: pd.DataFrame, period_end: dt.date) -> None:
    where = where_from(row, ESTIMATES_FILE)
    if row["unit"] not in set(forecast["unit"]):
        raise InputDataError(f"unknown unit '{row['unit']}'", column="Yksikkö", **where)
    line = forecast[(forecast["unit"] == row["unit"]) & (forecast["line"] == row["line"])]
    if line.empty:
        raise InputDataError(
            f"unit '{row['unit']}' has no line '{row['line']}' in the income statement",
            column="Rivi",
            **where,
        )
    _check_sign(row, float(line["budget"].iloc[0]), where)
    has_amount, direction = pd.notna(row["amount"]), row["direction"]
    has_direction = pd.notna(direction) and direction != ""
    if not has_amount and not has_direction:
        raise InputDataError(
            "give the estimate in euros (Euroa) or as a direction (Suunta)",
            column="Euroa",
            **where,
        )
    if has_direction and direction not in ALLOWED_DIRECTIONS:
        raise InputDataError(
            f"unknown direction '{direction}' (allowed: {', '.join(ALLOWED_DIRECTIONS)})",
            column="Suunta",
            **where,
        )
    if pd.notna(row["date"]) and row["date"].date() > period_end:
        raise InputDataError(
            f"dated after the period end {format_date(period_end)}", column="Päivämäärä", **where
        )


def _compare_row(model: pd.Series, estimate: pd.Series | None) -> dict:
    limit = threshold(model["budget"])
    deviation = model["forecast"] - model["budget"]
    row = {
        "unit": model["unit"],
        "line": model["line"],
        "budget": model["budget"],
        "model_forecast": model["forecast"],
        "interval_low": model["interval_low"],
        "interval_high": model["interval_high"],
        "model_deviation": deviation,
        "model_direction": budget_direction(deviation, model["budget"]),
        "management_amount": np.nan,
        "management_direction": "",
        "difference_eur": np.nan,
        "threshold_eur": limit,
        "in_interval": pd.NA,
        "disagreement": False,
        "text": "",
        "date": pd.NaT,
    }
    if estimate is None:
        return row
    row.update(text=estimate["text"], date=estimate["date"])
    amount = estimate["amount"]
    if pd.notna(amount):
        amount = float(amount)
        row["management_amount"] = amount
        row["management_direction"] = budget_direction(amount - model["budget"], model["budget"])
        row["difference_eur"] = model["forecast"] - amount
        row["in_interval"] = bool(model["interval_low"] <= amount <= model["interval_high"])
        row["disagreement"] = bool(abs(row["difference_eur"]) > limit)
        if pd.notna(estimate["direction"]) and estimate["direction"]:
            row["management_direction"] = estimate["direction"]
    else:
        row["management_direction"] = estimate["direction"]
        allowed = ALLOWED_DIRECTIONS[estimate["direction"]]
        readings = {row["model_direction"], favourability(deviation, limit)}
        row["disagreement"] = not readings & allowed
    return row


def compare_management(
    forecast: pd.DataFrame,
    estimates: pd.DataFrame | None,
    config: EntityConfig,
    period_end: dt.date,
) -> pd.DataFrame:
    """Model and management side by side (``COMPARISON_COLUMNS``): every unit's net margin,
    with or without an estimate, plus every other line management has an estimate for.

    A bad estimate (unknown unit or line, neither euros nor a direction, an unknown
    direction word, a date after the period, euros of the opposite sign to a sizeable
    budget, a second estimate of one unit and line) is an ``InputDataError`` naming the
    file, row and column.
    """
    estimates = pd.DataFrame() if estimates is None else estimates
    for _, row in estimates.iterrows():
        _check(row, forecast, period_end)
    if not estimates.empty:
        _check_duplicates(estimates)
    by_key = {(r["unit"], r["line"]): r for _, r in estimates.iterrows()}
    model = forecast.set_index(["unit", "line"], drop=False)
    rows = []
    for unit in config.units:
        for line in config.line_names:
            key = (unit.label, line)
            if key not in model.index or (line != config.net_line and key not in by_key):
                continue
            rows.append(_compare_row(model.loc[key], by_key.get(key)))
    out = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    out["in_interval"] = out["in_interval"].astype("boolean")
    out["disagreement"] = out["disagreement"].astype(bool)
    out["date"] = pd.to_datetime(out["date"])
    return out
