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
# # 40 Raportti
#
# Kokoaa johdon raportin kaikkien vaiheiden tuloksista. Muistiossa raportti näkyy samoin kuin
# HTML-tiedostossa; HTML-vienti piilottaa tämän koodin ja nämä muistiinpanot, vain tulosteet
# näkyvät. Edellyttää vaiheet 10_clean, 20_indicators ja 30_forecast.
#
# Parametrit: `kuntaraportti help-notebook 40_report`; suhteelliset kansiot luetaan
# projektin juuresta.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "data/raw"
processed_dir = "data/processed"
report_dir = None  # where tables.xlsx goes; None: reports/<entity>/<period_end>

# %% [markdown]
# ## Mitä tarvitaan ja mitä syntyy
#
# Luettelo syntyy aineistoluettelosta. Jos jokin aiempi vaihe puuttuu tältä kaudelta,
# muistio pysähtyy tähän ja kertoo komennon, joka tekee puuttuvan aineiston: raportti ei
# koskaan synny puutteellisista tiedoista hiljaa.

# %% tags=["analyst-only"]
from helpers.notebook_stage import open_stage

stage = open_stage("40_report", entity, period_end, raw_dir, processed_dir, report_dir)

# %% [markdown]
# ## Raportin osat
#
# Jokainen osa (talous, ennuste, tunnusluvut, tavoitteet, hankkeet, riskit…) rakennetaan
# aineistoista; osa, jolta kaudella ei ole tietoa, sanoo "ei tietoa".

# %%
from helpers import catalog
from helpers.config import WORKBOOK
from helpers.notebook_display import show, show_written
from helpers.notebook_report import report_box, report_styles_html
from helpers.report import ReportData, build_report, report_tables
from helpers.report.templates import render_section, table_of_contents, title_block
from helpers.report.workbook import write_workbook

config = stage.config()
data = ReportData(config, stage.day, catalog.read_inputs(stage.processed, catalog.REPORT_STAGE))
sections = build_report(data)

# %% [markdown]
# ## Raportin tyylit muistiossa
#
# Raportin oma tyylitiedosto (`templates/report/report.css`) rajattuna raportin
# laatikkoon, jotta raportti näyttää muistiossa samalta kuin HTML-tiedostossa eikä muuta
# JupyterLabin muuta ulkoasua. Johdon HTML-sivu jättää tämän tulosteen pois (sillä on
# tyylit jo sivun alussa).

# %% tags=["analyst-only"]
show(report_styles_html())

# %% [markdown]
# ## Otsikko ja sisällys
#
# Raportin otsikko, kausi ja sisällysluettelo, kuten johdon sivun alussa.

# %%
show(report_box(title_block(config, stage.day) + table_of_contents(sections)))

# %% [markdown]
# ## Raportti
#
# Osat järjestyksessä, samoilla malleilla (Jinja) kuin johdon HTML-sivu ja PDF.

# %%
for section in sections:
    show(report_box(render_section(section)))

# %% [markdown]
# ## Taulukot Exceliin
#
# Jokainen yllä näkyvä taulukko omalle välilehdelleen analyytikoille (tables.xlsx raportin
# rinnalle). Johdon sivu jättää tämän solun tulosteen pois: templates/report/conf.json.

# %% tags=["analyst-only"]
folder = stage.report_dir
folder.mkdir(parents=True, exist_ok=True)
write_workbook(report_tables(sections), folder / WORKBOOK, stamp=stage.day.isoformat())
show_written([folder / WORKBOOK])
