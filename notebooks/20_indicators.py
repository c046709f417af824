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
# # 20 Tunnusluvut
#
# Laskee puhdistetuista taulukoista raportin tunnusluvut: talousarvion toteutuman
# kuluneeseen aikaan verrattuna, nettokustannukset asukasta kohden ja niiden täsmäytyksen
# julkaistuihin tunnuslukuihin, HYTE-kertoimen, kyselyjen osuudet luottamusväleineen,
# tavoitteiden tilan, riskimatriisin, hankkeet ja yksikkökustannukset. Edellyttää vaiheen
# 10_clean; seuraavaksi 30_forecast.
#
# Parametrit: `kuntaraportti help-notebook 20_indicators`; suhteelliset kansiot luetaan
# projektin juuresta.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "data/raw"
processed_dir = "data/processed"

# %% [markdown]
# ## Mitä tarvitaan ja mitä syntyy
#
# Luettelo syntyy aineistoluettelosta. Jos puhdistusvaihetta ei ole ajettu tälle kaudelle,
# muistio pysähtyy tähän ja kertoo komennon, joka tekee puuttuvan aineiston.

# %%
from helpers.notebook_stage import open_stage

stage = open_stage("20_indicators", entity, period_end, raw_dir, processed_dir)

# %% [markdown]
# ## Tunnuslukujen laskenta ja kirjoitus
#
# Kaikki luvut lasketaan puhdistetuista taulukoista; taulukko, jota kaudelta ei ole, jää
# pois (raportissa "ei tietoa"). Tulokset tarkistetaan skeemojaan vasten ennen kirjoitusta.

# %%
from helpers import catalog
from helpers.indicators import indicator_tables
from helpers.notebook_display import realisation_figure, show_chart, show_tables, show_written

config = stage.config()
tables = catalog.read_inputs(stage.processed, catalog.INDICATOR_STAGE)
indicators = indicator_tables(tables, config, stage.day.year)
written = catalog.write_stage(stage.processed, indicators, config, stage=catalog.INDICATOR_STAGE)
show_written(written)

# %% [markdown]
# ## Talousarvion toteutuma
#
# Jokainen yksikkö ja rivi: TA, TOT, Jäljellä ja TOT-% sekä ero kuluneeseen aikaan. Kuvio
# vertaa tulojen ja menojen toteumaa yksiköittäin siihen, kuinka suuri osa vuodesta on
# kulunut.

# %%
realisation = indicators.get(catalog.BUDGET_REALISATION.name)
if realisation is not None:
    show_chart(realisation_figure(realisation, config))
show_tables(indicators, [catalog.BUDGET_REALISATION.name])

# %% [markdown]
# ## Kustannukset asukasta ja suoritetta kohden
#
# Nettokustannus asukasta kohden (TP ja TA), julkaistujen €/asukas-tunnuslukujen täsmäytys
# uudelleenlaskettuun, HYTE-kerroin sekä yksikkökustannukset suoritemäärineen.

# %%
cost_tables = [
    catalog.PER_CAPITA.name,
    catalog.KEY_FIGURE_RECONCILIATION.name,
    catalog.HYTE.name,
    catalog.UNIT_COST_VOLUMES.name,
    catalog.FUNCTION_COSTS.name,
    catalog.UNIT_COSTS.name,
]
show_tables(indicators, cost_tables)

# %% [markdown]
# ## Kyselyt, tavoitteet, riskit, käyttöasteet ja hankkeet
#
# Loput tunnusluvut. Kyselyjen alle viiden hengen ryhmät on salattu kaikissa tulosteissa.

# %%
show_tables(indicators, skip=[catalog.BUDGET_REALISATION.name, *cost_tables])
