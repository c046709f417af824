# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (kuntaraportti)
#     language: python
#     name: kuntaraportti
# ---

# %% [markdown]
# # 30 Ennuste (forecast)
#
# Year-end forecast of every unit and line by several methods, the method chosen by the
# evidence and its reason, an 80 % forecast interval, known adjustments on top, management's
# own estimates beside the model, the forecast's cost per resident and, when monthly history
# is given, a backtest of the methods. Subtotals and the department are sums of their parts.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"

# %%
from pathlib import Path

from IPython.display import display

from helpers.clean import INCOME_STATEMENT
from helpers.config import load_entity_config, parse_period_end, period_dir
from helpers.forecast import backtest, compare_management, forecast_lines
from helpers.indicators import forecast_net_costs, latest_population, per_capita_costs
from helpers.store import read_processed, write_parquet

config = load_entity_config(Path(raw_dir), entity)
day = parse_period_end(period_end)
processed = period_dir(Path(processed_dir), entity, period_end)
statement = read_processed(processed, INCOME_STATEMENT)
population = read_processed(processed, "population")
monthly = read_processed(processed, "monthly_actuals")
adjustments = read_processed(processed, "forecast_adjustments")
estimates = read_processed(processed, "management_estimates")

# %%
# A period without an income statement has nothing to forecast; the report says "ei tietoa".
if not statement.empty:
    forecast = forecast_lines(statement, config, monthly, adjustments)
    write_parquet(forecast, processed / "forecast.parquet")
    if not population.empty:
        residents, _ = latest_population(population)
        per_capita = per_capita_costs(forecast_net_costs(forecast, day.year), residents)
        write_parquet(per_capita, processed / "forecast_per_capita.parquet")
    management = compare_management(forecast, estimates, config, day)
    write_parquet(management, processed / "forecast_management.parquet")
    display(forecast[forecast["line"] == config.net_line])
    display(management)

# %%
if not monthly.empty:
    scores = backtest(monthly, day.month)
    if not scores.empty:
        write_parquet(scores, processed / "forecast_backtest.parquet")
        display(scores)
