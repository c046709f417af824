"""Finnish labels of the processed datasets in the analysts' notebooks
(``helpers.notebook_labels``), stage by stage: a raw dataset's columns keep the header its
export prints, computed columns and datasets have Finnish labels and titles listed here."""

from __future__ import annotations

import pytest

from helpers import catalog
from helpers.catalog.model import (
    CLEAN_STAGE,
    FORECAST_STAGE,
    INDICATOR_STAGE,
    UnknownDatasetError,
    stage_outputs,
)
from helpers.notebook_labels import DATASET_TITLES, column_label, dataset_title

COMPUTED_STAGES = (INDICATOR_STAGE, FORECAST_STAGE)


# --- 10_clean: the raw exports' own headers -----------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "column", "label"),
    [
        ("population", "population", "Asukasluku"),  # the export prints "Asukasluku"
        ("risks", "risk", "Tunnistettu riski"),
        ("projects", "project", "Hankkeen nimi"),  # not the computed "Hanke"
        ("goals", "goal_id", "Tunnus"),  # not the computed "Tavoite-id"
        ("investments", "line", "Selite"),  # not the shared "Rivi"
    ],
)
def test_a_raw_datasets_column_keeps_its_export_header(dataset, column, label):
    assert catalog.dataset(dataset).stage == CLEAN_STAGE
    assert column_label(column, dataset) == label


@pytest.mark.parametrize(
    ("column", "pattern", "label"),
    [
        ("prior_year", "TP {prev}", "TP (ed. vuosi)"),
        ("budget", "TA {year}", "TA (talousarvio)"),
        ("actual", "Toteuma 1-{month}", "TOT (toteuma)"),
    ],
)
def test_a_header_that_is_a_pattern_falls_back_to_the_computed_label(column, pattern, label):
    # investments.csv prints "TA 2024"; the label must not read "TA {year}".
    fields = {f.name: f.label for f in catalog.dataset("investments").raw.fields}
    assert fields[column] == pattern
    assert column_label(column, "investments") == label


def test_every_raw_column_without_a_pattern_is_labelled_by_its_header():
    for dataset in stage_outputs(CLEAN_STAGE):
        for field in dataset.raw.fields if dataset.raw else ():
            if "{" not in field.label:
                assert column_label(field.name, dataset.name) == field.label, (dataset.name, field)


# --- 20_indicators and 30_forecast: computed datasets -------------------------------------


@pytest.mark.parametrize(
    ("dataset", "column", "label"),
    [
        ("budget_realisation", "realisation_pct", "TOT-%"),
        ("budget_realisation", "pace_deviation_points", "Ero vuoden kulumaan, %-yks."),
        ("per_capita", "eur_per_resident", "€/asukas"),
        ("survey_shares", "ci_low", "95 %:n luottamusväli, alaraja"),
        ("unit_costs", "volume_status", "Määrän peruste"),
        ("forecast", "deviation_eur", "Poikkeama TA:sta, €"),
        ("forecast_management", "management_amount", "Johdon arvio, €"),
        ("forecast_backtest", "coverage_pct", "Väli osui"),
    ],
)
def test_computed_columns_have_their_finnish_label(dataset, column, label):
    assert catalog.dataset(dataset).stage in COMPUTED_STAGES
    assert column_label(column, dataset) == label


@pytest.mark.parametrize("stage", COMPUTED_STAGES)
def test_every_computed_dataset_has_a_finnish_title_of_its_own(stage):
    # The catalog's description is English (it documents data/raw/README.md); the notebooks
    # show the board's language for every dataset a stage computes.
    untitled = [d.name for d in stage_outputs(stage) if d.name not in DATASET_TITLES]
    assert untitled == []


@pytest.mark.parametrize(
    ("dataset", "title"),
    [
        ("budget_realisation", "Talousarvion toteutuma"),
        ("per_capita", "Nettokustannus asukasta kohden"),
        ("unit_costs", "Yksikkökustannukset"),
        ("project_totals_by_goal", "Hankkeet strategisen päämäärän mukaan"),
        ("forecast", "Vuosiennuste"),
        ("forecast_management", "Johdon arvio ja malli"),
        ("income_statement", "Tuloslaskelma"),
        ("audit", "Tarkastushavainnot"),
    ],
)
def test_dataset_titles_per_stage(dataset, title):
    assert dataset_title(dataset) == title


def test_an_untitled_raw_dataset_falls_back_to_the_catalogs_description():
    assert "risks" not in DATASET_TITLES
    assert dataset_title("risks") == catalog.dataset("risks").description


# --- names nobody declared ----------------------------------------------------------------


def test_an_unknown_column_reads_as_its_own_name():
    assert column_label("no_such_column") == "no_such_column"
    assert column_label("no_such_column", "forecast") == "no_such_column"


def test_an_unknown_dataset_is_an_error_not_a_silent_label():
    with pytest.raises(UnknownDatasetError, match="unknown dataset 'forcast'"):
        dataset_title("forcast")
    with pytest.raises(UnknownDatasetError, match="unknown dataset 'forcast'"):
        column_label("budget", "forcast")
