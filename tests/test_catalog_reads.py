"""helpers.catalog.reads: which datasets each stage reads, the guard on undeclared reads, and
which stages an edit of each kind of raw file re-keys (the runner re-runs exactly those)."""

import datetime as dt
import shutil

import pandas as pd
import pytest
from conftest import RAW

from helpers import catalog
from helpers.clean import build_processed, write_processed
from helpers.config import period_dir
from helpers.indicators import indicator_tables
from helpers.runner.keys import covered_inputs, input_hashes, stage_key

DAY = dt.date(2024, 6, 30)
LATER = (catalog.INDICATOR_STAGE, catalog.FORECAST_STAGE)


def test_each_stage_reads_only_datasets_of_earlier_stages():
    for stage in catalog.STAGES:
        earlier = catalog.STAGES[: catalog.STAGES.index(stage)]
        assert all(d.stage in earlier for d in catalog.stage_reads(stage)), stage
    assert catalog.stage_reads(catalog.CLEAN_STAGE) == ()  # it reads raw files only
    report = {d.name for d in catalog.stage_reads(catalog.REPORT_STAGE)}
    assert {catalog.ASSESSMENTS.name, catalog.FORECAST.name, catalog.AUDIT.name} <= report
    indicators = {d.name for d in catalog.stage_reads(catalog.INDICATOR_STAGE)}
    assert catalog.ASSESSMENTS.name not in indicators and catalog.POPULATION.name in indicators
    with pytest.raises(ValueError, match="unknown stage"):
        catalog.stage_reads("50_extra")


def test_stage_writes_name_the_files_with_the_extra_ones():
    clean = catalog.stage_writes(catalog.CLEAN_STAGE)
    assert "audit.parquet" in clean and catalog.AUDIT.also_written in clean
    assert catalog.stage_writes(catalog.REPORT_STAGE) == ()


def test_read_inputs_refuses_a_dataset_the_stage_does_not_declare(tmp_path):
    frame = pd.DataFrame({"x": [1]})
    frame.to_parquet(tmp_path / catalog.POPULATION.file_name)
    frame.to_parquet(tmp_path / catalog.ASSESSMENTS.file_name)
    tables = catalog.read_inputs(tmp_path, catalog.INDICATOR_STAGE)
    assert list(tables) == [catalog.POPULATION.name]  # the assessments are not even read
    assert tables[catalog.POPULATION.name]["x"].tolist() == [1]
    assert tables[catalog.RISKS.name].empty  # declared, absent this period: empty
    with pytest.raises(catalog.UndeclaredReadError, match="20_indicators reads 'assessments'"):
        tables[catalog.ASSESSMENTS.name]
    with pytest.raises(catalog.UndeclaredReadError):
        catalog.ASSESSMENTS.name in tables  # noqa: B015  (the check itself raises)
    with pytest.raises(catalog.UnknownDatasetError):
        tables["no_such_table"]


def later_stage_keys(raw, out):
    """The keys of the indicator and forecast stages after the real clean and indicator
    code ran on ``raw`` (the notebook and package part left out: it is the same here)."""
    config, tables = build_processed(raw, "heinola", DAY)
    write_processed(tables, out, "heinola", DAY)
    folder = period_dir(out, "heinola", DAY)
    read = catalog.read_inputs(folder, catalog.INDICATOR_STAGE)
    indicators = indicator_tables(read, config, 2024)
    catalog.write_stage(folder, indicators, config, stage=catalog.INDICATOR_STAGE)
    inputs = input_hashes(raw, "heinola", DAY)
    keys = {}
    for stage in LATER:
        reads = [d.file_name for d in catalog.stage_reads(stage)]
        keys[stage] = stage_key("", covered_inputs(stage, inputs, "heinola", folder, reads))
    return keys


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return later_stage_keys(RAW, tmp_path_factory.mktemp("baseline"))


def _first_row(text, change):
    head, first, *rest = text.split("\n")
    return "\n".join([head, change(first), *rest])


# Each kind of raw file, one edit, and the later stages that read what it feeds (worked out
# from the declarations: the clean stage reads every raw file and the report reads every
# dataset, so both always run after an edit).
EDITS = {
    "period text: an assessment": (
        "heinola/2024-06-30/arviot.csv",
        lambda t: _first_row(t, lambda row: row + " Tilanne tarkentuu syksyllä."),
        [],
    ),
    "entity number: the population": (
        "heinola/vaesto.csv",
        lambda t: t.replace("17 953", "17 954", 1),
        [catalog.INDICATOR_STAGE, catalog.FORECAST_STAGE],
    ),
    "national reference": (
        "kansalliset_vertailutiedot.csv",
        lambda t: t.replace("18,23", "18,24", 1),
        [catalog.INDICATOR_STAGE],
    ),
    "period number: management's estimate": (
        "heinola/2024-06-30/johdon_arviot.csv",
        lambda t: t.replace("-30 012 850", "-30 012 851", 1),
        [catalog.FORECAST_STAGE],
    ),
    "period number: a risk's likelihood": (
        "heinola/2024-06-30/riskit.csv",
        lambda t: _first_row(t, lambda row: row.replace(";1;1;", ";2;1;", 1)),
        [catalog.INDICATOR_STAGE],
    ),
    "the entity's configuration": (
        "heinola/entity.yml",
        lambda t: t + "\n# edited\n",
        [catalog.INDICATOR_STAGE, catalog.FORECAST_STAGE],
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_rekeys_exactly_the_stages_that_read_it(kind, baseline, tmp_path):
    name, edit, expected = EDITS[kind]
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / name
    before = path.read_text(encoding="utf-8")
    path.write_text(edit(before), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != before  # the edit applied
    keys = later_stage_keys(raw, tmp_path / "processed")
    assert [stage for stage in LATER if keys[stage] != baseline[stage]] == expected
