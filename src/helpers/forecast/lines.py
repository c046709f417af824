"""``forecast_lines``: the processed ``forecast`` table of a period."""

from __future__ import annotations

import pandas as pd

from helpers.config import EntityConfig
from helpers.forecast.direction import ON_BUDGET, favourability, favourability_labels, interval_side
from helpers.forecast.hierarchy import assemble, forecast_leaf_table
from helpers.forecast.intervals import INTERVAL_NAME
from helpers.forecast.methods import METHODS, MONTHS_IN_YEAR

# A deviation within this share of the budget is labelled "talousarvion mukainen"
# (the narrative's threshold for "in line with the budget").
ON_BUDGET_SHARE = 0.005


def budget_direction(deviation: float, budget: float) -> str:
    """The direction word of one deviation from the budget, with the on-budget band of the
    forecast table (``ON_BUDGET_SHARE`` of the budget): every table and sentence of the
    report that names a direction uses this one rule, so one line never reads two ways."""
    return favourability(deviation, abs(budget) * ON_BUDGET_SHARE)


FORECAST_COLUMNS = [
    "unit",
    "line",
    "budget",
    "actual",
    *METHODS,
    "method",
    "reason",
    "flag",
    "method_forecast",
    "adjustment",
    "forecast",
    "department_only",
    "interval_low",
    "interval_high",
    "interval_name",
    "interval_basis",
    "range_low",
    "range_high",
    "deviation_eur",
    "deviation_pct",
    "deviation_label",
    "pace_deviation",
    "pace_label",
    "interval_side",
    "outside_budget",
]
NUMERIC = [
    "budget",
    "actual",
    *METHODS,
    "method_forecast",
    "adjustment",
    "forecast",
    "department_only",
    "interval_low",
    "interval_high",
    "range_low",
    "range_high",
    "deviation_eur",
    "deviation_pct",
    "pace_deviation",
]


def forecast_lines(
    statement: pd.DataFrame,
    config: EntityConfig,
    monthly: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Forecast every unit × line of the statement (columns ``FORECAST_COLUMNS``).

    * one column per method, the chosen ``method`` with its Finnish ``reason`` and ``flag``
      (``ei kertymää`` when nothing is booked though the budget expects money);
    * ``method_forecast`` (the chosen method's value), ``adjustment`` (known items),
      ``forecast`` = method_forecast + adjustment; ``department_only`` is the part of a
      department row that no service area carries;
    * ``interval_low`` … ``interval_high``: the ``interval_name`` (80 %) forecast interval,
      always around the forecast, with ``interval_basis`` saying where its width comes from;
      ``range_low`` / ``range_high`` repeat it under the columns' old names;
    * ``deviation_eur`` = forecast − budget, ``deviation_pct`` of |budget|, and
      ``deviation_label`` suotuisa / epäsuotuisa / talousarvion mukainen;
    * ``pace_deviation`` = actual − budget × elapsed with ``pace_label``;
    * ``interval_side``: suotuisa / epäsuotuisa when the whole interval lies on one side of the
      budget, and the same as ``outside_budget`` (``above`` / ``below``) for older readers.

    Subtotals are sums of their parts and the department the sum of its service areas plus
    its own amounts, for the point, every method and the interval (``hierarchy``).
    Adjustments on a subtotal or on a line the unit does not print are an ``InputDataError``.
    """
    table, wide, months = forecast_leaf_table(statement, config, monthly, adjustments)
    full = assemble(table, wide, config)
    full["forecast"] = full["method_forecast"] + full["adjustment"]
    full["interval_low"] = full["forecast"] - full["half_low"]
    full["interval_high"] = full["forecast"] + full["half_high"]
    full["interval_name"] = INTERVAL_NAME
    full["range_low"], full["range_high"] = full["interval_low"], full["interval_high"]
    return _deviations(full, months / MONTHS_IN_YEAR)[FORECAST_COLUMNS]


def _deviations(full: pd.DataFrame, elapsed: float) -> pd.DataFrame:
    present = [c for c in NUMERIC if c in full.columns]
    full[present] = full[present].astype("float64")
    full["deviation_eur"] = full["forecast"] - full["budget"]
    # A zero budget divides as NaN (no percentage), never by zero.
    full["deviation_pct"] = (
        full["deviation_eur"] / full["budget"].abs().where(full["budget"] != 0) * 100
    )
    band = full["budget"].abs() * ON_BUDGET_SHARE
    full["deviation_label"] = favourability_labels(full["deviation_eur"], band)
    full["pace_deviation"] = full["actual"] - full["budget"] * elapsed
    full["pace_label"] = favourability_labels(full["pace_deviation"], band * elapsed)
    # A forecast within the on-budget band is on budget even when its interval (at the year
    # end a single point) lies wholly on one side: never listed as a deviation.
    full["interval_side"] = interval_side(
        full["interval_low"], full["interval_high"], full["budget"]
    ).where(full["deviation_label"] != ON_BUDGET, "")
    full["outside_budget"] = full["interval_side"].map(
        {"suotuisa": "above", "epäsuotuisa": "below", "": ""}
    )
    return full
