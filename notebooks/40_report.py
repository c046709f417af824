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
# # 40 Raportti (report)
#
# Builds the management report. The HTML export hides this code; only outputs are shown.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"

# %%
from pathlib import Path

from IPython.display import HTML, display

from helpers.clean import AUDIT, INCOME_STATEMENT
from helpers.config import load_entity_config, parse_period_end, period_dir
from helpers.report import NO_DATA, data_quality_section, income_statement_section, title_block
from helpers.store import read_processed

config = load_entity_config(Path(raw_dir), entity)
day = parse_period_end(period_end)
processed = period_dir(Path(processed_dir), entity, period_end)
statement = read_processed(processed, INCOME_STATEMENT)
audit = read_processed(processed, AUDIT)

# %%
display(HTML(title_block(config, day)))

# %%
display(HTML("<h2>Talousarvion toteutuminen</h2>"))
if statement.empty:
    display(HTML(NO_DATA))
for unit in config.units if not statement.empty else ():
    display(HTML(income_statement_section(statement, config, unit.label)))

# %%
display(HTML(data_quality_section(audit)))
