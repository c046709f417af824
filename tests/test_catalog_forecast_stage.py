"""The forecast stage's datasets, declared column by column."""

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.catalog import forecast_stage, indicator_stage
from helpers.catalog.model import FORECAST_STAGE, stage_outputs

SCHEMA_ERRORS = (pa.errors.SchemaError, pa.errors.SchemaErrors)


def test_forecast_stage_outputs_in_declaration_order():
    assert [d.name for d in stage_outputs(FORECAST_STAGE)] == [
        "forecast",
        "forecast_management",
        "forecast_per_capita",
        "forecast_unit_costs",
        "forecast_backtest",
    ]


def test_forecast_per_capita_and_unit_costs_have_the_indicator_columns():
    assert forecast_stage.FORECAST_PER_CAPITA.columns == indicator_stage.PER_CAPITA.columns
    assert forecast_stage.FORECAST_UNIT_COSTS.columns == indicator_stage.UNIT_COSTS.columns


def test_forecast_columns_start_with_the_row_and_its_methods():
    columns = [c.name for c in forecast_stage.FORECAST.columns]
    assert columns[:8] == [
        "unit",
        "line",
        "budget",
        "actual",
        "seasonal",
        "profile",
        "run_rate",
        "budget_pace",
    ]
    assert columns.index("forecast") == columns.index("method_forecast") + 2  # + adjustment
    assert {"interval_low", "interval_high", "deviation_eur", "deviation_label"} <= set(columns)


def backtest(**changes) -> pd.DataFrame:
    data = {
        "regime": ["history", "statement"],
        "method": ["seasonal", "default"],
        "mape_pct": [2.5, 4.0],
        "mase": [0.8, float("nan")],
        "coverage_pct": [80.0, 75.0],
        "cases": [12, 8],
        "years": [3, 2],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_backtest_counts_cases_and_years_as_whole_numbers(heinola):
    schema = forecast_stage.FORECAST_BACKTEST.schema(heinola)
    schema.validate(backtest())
    with pytest.raises(SCHEMA_ERRORS, match="cases"):
        schema.validate(backtest(cases=[12.0, 8.0]))
    with pytest.raises(SCHEMA_ERRORS, match="years"):
        schema.validate(backtest(years=["3", "2"]))


def management(**changes) -> pd.DataFrame:
    """Management's estimate of the department's net margin beside the model's (by hand:
    difference = model − management, threshold = max(1 % of |budget|, 10 000 €))."""
    data = {
        "unit": ["Hyvinvointilautakunnan toimiala"],
        "line": ["Toimintakate"],
        "budget": [-29922850.0],
        "model_forecast": [-30100000.0],
        "interval_low": [-30500000.0],
        "interval_high": [-29700000.0],
        "model_deviation": [-177150.0],
        "model_direction": ["talousarvion mukainen"],
        "management_amount": [-30012850.0],
        "management_direction": [None],
        "difference_eur": [-87150.0],
        "threshold_eur": [299228.5],
        "in_interval": [True],
        "disagreement": [False],
        "text": ["Talousarvio toteutuu suunnitellusti."],
        "date": [pd.Timestamp(dt.date(2024, 6, 30))],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_management_comparison_is_dated_and_flagged(heinola):
    schema = forecast_stage.FORECAST_MANAGEMENT.schema(heinola)
    schema.validate(management())
    with pytest.raises(SCHEMA_ERRORS, match="date"):
        schema.validate(management(date=["30.6.2024"]))  # a printed date, not parsed
    with pytest.raises(SCHEMA_ERRORS, match="disagreement"):
        schema.validate(management(disagreement=["ei"]))
