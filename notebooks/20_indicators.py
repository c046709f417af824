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
# Budget realisation of every unit and line against the budget and the pace of the year.

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
from helpers.config import period_dir
from helpers.indicators import budget_realisation
from helpers.store import read_processed, write_parquet

processed = period_dir(Path(processed_dir), entity, period_end)
statement = read_processed(processed, INCOME_STATEMENT)
# A period without an income statement has nothing to realise; the report says "ei tietoa".
if not statement.empty:
    realisation = budget_realisation(statement)
    write_parquet(realisation, processed / "budget_realisation.parquet")
    display(realisation[realisation["ahead_of_pace"]])
