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
# # 30 Ennuste
#
# Vuodenvaihteen ennuste jokaiselle yksikölle ja riville usealla menetelmällä: menetelmä
# valitaan näytön perusteella ja perustellaan, ennusteella on 80 %:n ennusteväli, tunnetut
# muutokset lisätään päälle ja johdon oma arvio näytetään mallin rinnalla. Lisäksi ennusteen
# kustannus asukasta ja suoritetta kohden sekä, kun kuukausihistoria on annettu, menetelmien
# jälkitesti. Välisummat ja toimiala ovat osiensa summia. Edellyttää vaiheet 10_clean ja
# 20_indicators; seuraavaksi 40_report.
#
# Parametrit: `kuntaraportti help-notebook 30_forecast`; suhteelliset kansiot luetaan
# projektin juuresta.

# %% tags=["parameters"]
entity = "heinola"
period_end = "2024-06-30"
raw_dir = "data/raw"
processed_dir = "data/processed"

# %% [markdown]
# ## Mitä tarvitaan ja mitä syntyy
#
# Luettelo syntyy aineistoluettelosta. Jos aiempia vaiheita ei ole ajettu tälle kaudelle,
# muistio pysähtyy tähän ja kertoo komennon, joka tekee puuttuvan aineiston.

# %%
from helpers.notebook_stage import open_stage

stage = open_stage("30_forecast", entity, period_end, raw_dir, processed_dir)

# %% [markdown]
# ## Lähtötiedot
#
# Tuloslaskelma, väestö, kuukausitoteumat, tunnetut muutokset ja johdon arviot luetaan
# aineistoluettelon kautta; puuttuva taulukko on tyhjä ("ei tietoa").

# %%
from helpers import catalog
from helpers.forecast import backtest, compare_management, forecast_lines
from helpers.indicators import forecast_net_costs, latest_population, per_capita_costs
from helpers.notebook_display import forecast_figures, show_chart, show_tables, show_written
from helpers.unit_costs import forecast_unit_costs

config, day, processed = stage.config(), stage.day, stage.processed
tables = catalog.read_inputs(processed, catalog.FORECAST_STAGE)
statement = tables[catalog.INCOME_STATEMENT.name]
population = tables[catalog.POPULATION.name]
monthly = tables[catalog.MONTHLY_ACTUALS.name]
adjustments = tables[catalog.FORECAST_ADJUSTMENTS.name]
estimates = tables[catalog.MANAGEMENT_ESTIMATES.name]
outputs = {}

# %% [markdown]
# ## Ennuste, johdon arvio ja kustannukset asukasta ja suoritetta kohden
#
# Kausi ilman tuloslaskelmaa ei anna ennustettavaa (raportissa "ei tietoa"). Yksikkö-
# kustannukset jaetaan tunnuslukuvaiheen johtamilla suoritemäärillä.

# %%
if not statement.empty:
    forecast = forecast_lines(statement, config, monthly, adjustments)
    outputs[catalog.FORECAST.name] = forecast
    net_costs = forecast_net_costs(forecast, day.year, config.net_line)
    if not population.empty:
        residents, _ = latest_population(population)
        outputs[catalog.FORECAST_PER_CAPITA.name] = per_capita_costs(net_costs, residents)
    volumes = tables[catalog.UNIT_COST_VOLUMES.name]
    if not volumes.empty:
        unit_costs = forecast_unit_costs(
            net_costs,
            volumes,
            tables[catalog.KEY_FIGURES.name],
            config,
            tables[catalog.FUNCTION_NET_COSTS.name],
        )
        if not unit_costs.empty:
            outputs[catalog.FORECAST_UNIT_COSTS.name] = unit_costs
    outputs[catalog.FORECAST_MANAGEMENT.name] = compare_management(
        forecast, estimates, config, day
    )

# %% [markdown]
# ## Menetelmien jälkitesti
#
# Kun kuukausihistoria on annettu, jokainen menetelmä ennustetaan menneiltä vuosilta samaan
# kuukauteen asti ja verrataan toteutuneeseen: näin nähdään, mihin menetelmään voi luottaa.

# %%
if not monthly.empty:
    scores = backtest(monthly, day.month)
    if not scores.empty:
        outputs[catalog.FORECAST_BACKTEST.name] = scores

# %% [markdown]
# ## Kirjoitus
#
# Tulokset tarkistetaan skeemojaan vasten ja kirjoitetaan vasta sitten.

# %%
show_written(catalog.write_stage(processed, outputs, config, stage=catalog.FORECAST_STAGE))

# %% [markdown]
# ## Ennuste yksiköittäin
#
# Kuvio kustakin yksiköstä: toteuma tähän mennessä, ennuste ja sen 80 %:n ennusteväli sekä
# talousarvio. Taulukossa kaikki rivit menetelmineen ja perusteluineen.

# %%
if catalog.FORECAST.name in outputs:
    for figure in forecast_figures(outputs[catalog.FORECAST.name], config):
        show_chart(figure)
show_tables(outputs, [catalog.FORECAST.name, catalog.FORECAST_MANAGEMENT.name])

# %% [markdown]
# ## Kustannukset asukasta ja suoritetta kohden sekä jälkitesti
#
# Ennusteen nettokustannus asukasta kohden ja yksikkökustannukset julkaistuihin tavoitteisiin
# verrattuna, sekä menetelmien virheet ja ennustevälin osumat jälkitestissä.

# %%
show_tables(
    outputs,
    [
        catalog.FORECAST_PER_CAPITA.name,
        catalog.FORECAST_UNIT_COSTS.name,
        catalog.FORECAST_BACKTEST.name,
    ],
)
