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
# # 20 Tunnusluvut (indicators)
#
# Budget realisation against the pace of the year, per-capita costs and their reconciliation
# with the published key figures, the HYTE coefficient, survey shares with confidence
# intervals and project totals.

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
from helpers.indicators import indicator_tables

config = load_entity_config(Path(raw_dir), entity)
processed = period_dir(Path(processed_dir), entity, period_end)
tables = catalog.read_all(processed)
indicators = indicator_tables(tables, config, parse_period_end(period_end).year)
catalog.write_stage(processed, indicators, config, stage=catalog.INDICATOR_STAGE)

# %%
for name, frame in indicators.items():
    print(name)
    display(frame.head(10))
