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
# own estimates beside the model, the forecast's cost per resident and per pupil, child,
# student or lesson (unit costs) and, when monthly history is given, a backtest of the
# methods. Subtotals and the department are sums of their parts.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "../data/raw"
processed_dir = "../data/processed"

# %%
from pathlib import Path

from IPython.display import display

from helpers import catalog
from helpers.config import load_entity_config, parse_period_end, period_dir
from helpers.forecast import backtest, compare_management, forecast_lines
from helpers.indicators import forecast_net_costs, latest_population, per_capita_costs
from helpers.unit_costs import forecast_unit_costs

config = load_entity_config(Path(raw_dir), entity)
day = parse_period_end(period_end)
processed = period_dir(Path(processed_dir), entity, period_end)
statement = catalog.read(processed, catalog.INCOME_STATEMENT)
population = catalog.read(processed, catalog.POPULATION)
monthly = catalog.read(processed, catalog.MONTHLY_ACTUALS)
adjustments = catalog.read(processed, catalog.FORECAST_ADJUSTMENTS)
estimates = catalog.read(processed, catalog.MANAGEMENT_ESTIMATES)
outputs = {}

# %%
# A period without an income statement has nothing to forecast; the report says "ei tietoa".
if not statement.empty:
    forecast = forecast_lines(statement, config, monthly, adjustments)
    outputs[catalog.FORECAST.name] = forecast
    net_costs = forecast_net_costs(forecast, day.year, config.net_line)
    if not population.empty:
        residents, _ = latest_population(population)
        outputs[catalog.FORECAST_PER_CAPITA.name] = per_capita_costs(net_costs, residents)
    # Unit costs of the forecast divide by the volumes the indicator stage derived.
    volumes = catalog.read(processed, catalog.UNIT_COST_VOLUMES)
    if not volumes.empty:
        unit_costs = forecast_unit_costs(
            net_costs,
            volumes,
            catalog.read(processed, catalog.KEY_FIGURES),
            config,
            catalog.read(processed, catalog.FUNCTION_NET_COSTS),
        )
        if not unit_costs.empty:
            outputs[catalog.FORECAST_UNIT_COSTS.name] = unit_costs
    management = compare_management(forecast, estimates, config, day)
    outputs[catalog.FORECAST_MANAGEMENT.name] = management
    display(forecast[forecast["line"] == config.net_line])
    display(management)

# %%
if not monthly.empty:
    scores = backtest(monthly, day.month)
    if not scores.empty:
        outputs[catalog.FORECAST_BACKTEST.name] = scores
        display(scores)

# %%
catalog.write_stage(processed, outputs, config, stage=catalog.FORECAST_STAGE)
