"""Year-end forecast of every unit × line: methods, choice by evidence, a coherent hierarchy,
80 % intervals, favourable / unfavourable labels, management's estimates and evaluation.

Modules: ``methods`` (the four methods and seasonal shares), ``choice`` (which method and
why), ``intervals`` (widths from past errors or the rule; totals by root-sum-square),
``leaves`` and ``hierarchy`` (lines that are not sums, then every sum over them), ``lines``
(the processed ``forecast`` table), ``adjustments``, ``direction`` (suotuisa /
epäsuotuisa), ``management`` (johdon arviot beside the model), ``evaluation`` (backtests)
and ``text`` (the Finnish methods text for "Lähteet ja menetelmät").
"""

from helpers.forecast.choice import MIN_SEASONAL_YEARS, NO_ACCRUAL, Evidence, choose_method
from helpers.forecast.direction import (
    FAVOURABLE,
    ON_BUDGET,
    UNFAVOURABLE,
    favourability,
    favourability_labels,
)
from helpers.forecast.evaluation import backtest, backtest_cases, scores
from helpers.forecast.intervals import INTERVAL_NAME, LEVEL
from helpers.forecast.lines import FORECAST_COLUMNS, forecast_lines
from helpers.forecast.management import COMPARISON_COLUMNS, compare_management
from helpers.forecast.methods import METHOD_NAMES, METHODS, cumulative_shares, seasonal_shares
from helpers.forecast.text import methods_paragraphs, methods_text

__all__ = [
    "COMPARISON_COLUMNS",
    "FAVOURABLE",
    "FORECAST_COLUMNS",
    "INTERVAL_NAME",
    "LEVEL",
    "METHODS",
    "METHOD_NAMES",
    "MIN_SEASONAL_YEARS",
    "NO_ACCRUAL",
    "ON_BUDGET",
    "UNFAVOURABLE",
    "Evidence",
    "backtest",
    "backtest_cases",
    "compare_management",
    "choose_method",
    "cumulative_shares",
    "favourability",
    "favourability_labels",
    "forecast_lines",
    "methods_paragraphs",
    "methods_text",
    "scores",
    "seasonal_shares",
]
