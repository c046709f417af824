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
# # 10 Puhdistus
#
# Lukee kauden raakatiedot (taloushallinnon viennit, tunnusluvut, kyselyt, tavoitteet…),
# tarkistaa ne, laskee painetut johdetut luvut (summat, Jäljellä, TOT-%) uudelleen ja kirjoittaa
# siistit taulukot seuraavien vaiheiden luettaviksi. Tämä on ketjun ensimmäinen vaihe: sen
# jälkeen 20_indicators, 30_forecast ja 40_report.
#
# Parametrit (alla oleva solu; `kuntaraportti help-notebook 10_clean` kertoo sallitut arvot):
# suhteelliset kansiot luetaan projektin juuresta, joten muistio toimii mistä tahansa
# kansiosta ajettuna.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "data/raw"
processed_dir = "data/processed"

# %% [markdown]
# ## Mitä tarvitaan ja mitä syntyy
#
# Luettelo syntyy aineistoluettelosta (`helpers.catalog`). Jos yksikön asetukset tai kauden
# raakatiedot puuttuvat, muistio pysähtyy tähän ja kertoo, mitä puuttuu.

# %%
from helpers.notebook_stage import open_stage

stage = open_stage("10_clean", entity, period_end, raw_dir, processed_dir)

# %% [markdown]
# ## Luku, tarkistus ja kirjoitus
#
# Jokainen raakataulukko luetaan ja tarkistetaan skeemaansa vasten; virheellinen tiedosto
# pysäyttää ajon ja nimeää tiedoston, rivin ja sarakkeen. Kauden kansio korvataan kokonaan
# vasta, kun kaikki taulukot ovat kunnossa, joten keskeneräisiä tuloksia ei jää.

# %%
from helpers.clean import build_processed, write_processed
from helpers.notebook_display import show_table, show_written, tables_overview

config, tables = build_processed(stage.raw, entity, period_end)
target = write_processed(tables, stage.processed_root, entity, period_end)
show_written(sorted(target.iterdir()))

# %% [markdown]
# ## Taulukot
#
# Rivimäärä kustakin kirjoitetusta taulukosta: tyhjä taulukko tarkoittaa, ettei kaudelta ole
# tietoa (raportti sanoo silloin "ei tietoa").

# %%
show_table(tables_overview(tables), title="Kirjoitetut taulukot")

# %% [markdown]
# ## Tarkastushavainnot
#
# Painetut luvut, jotka eivät täsmää uudelleenlaskettuun (vakavuus `info` = pyöristyksen
# rajoissa, `error` = virhe). Täysi luettelo on tiedostossa `audit.csv`.

# %%
audit = tables["audit"]
show_table(audit[audit["severity"] != "ok"], "audit")
