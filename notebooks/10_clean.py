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
# # 10 Puhdistus (clean)
#
# Reads the period's raw exports, validates them, recomputes printed derived values and writes
# tidy tables to `data/processed/<entity>/<period_end>/`.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "../data/raw"
processed_dir = "../data/processed"

# %%
from helpers.clean import build_processed, write_processed

config, tables = build_processed(raw_dir, entity, period_end)
target = write_processed(tables, processed_dir, entity, period_end)

# %%
{name: frame.shape for name, frame in tables.items()}

# %% [markdown]
# Audit findings that are not exact matches (the full list is in `audit.csv`):

# %%
audit = tables["audit"]
audit[audit["severity"] != "ok"]
