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
# Builds the management report. The HTML export hides this code and these notes; only the
# outputs are shown.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "../data/raw"
processed_dir = "../data/processed"
report_dir = None  # where tables.xlsx goes; None: ../reports/<entity>/<period_end>

# %%
from pathlib import Path

from IPython.display import HTML, display

from helpers import catalog
from helpers.config import WORKBOOK, load_entity_config, parse_period_end, period_dir
from helpers.report import ReportData, build_report, report_tables
from helpers.report.templates import render_section, table_of_contents, title_block
from helpers.report.workbook import write_workbook

config = load_entity_config(Path(raw_dir), entity)
day = parse_period_end(period_end)
tables = catalog.read_all(period_dir(Path(processed_dir), entity, period_end))
data = ReportData(config, day, tables)
sections = build_report(data)

# %%
display(HTML(title_block(config, day) + table_of_contents(sections)))

# %%
for section in sections:
    display(HTML(render_section(section)))

# %% tags=["analyst-only"]
# Every table shown above, one sheet each, for analysts: tables.xlsx beside the report.
# (The board's page leaves out this cell's output: templates/report/conf.json.)
folder = Path(report_dir) if report_dir else period_dir(Path("../reports"), entity, period_end)
folder.mkdir(parents=True, exist_ok=True)
write_workbook(report_tables(sections), folder / WORKBOOK, stamp=day.isoformat())
print(f"{WORKBOOK} written to {folder.resolve()}")
