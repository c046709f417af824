"""The stage notebooks' opening: folders from the project root, what a stage needs and
writes (from the catalog), and the guard that names a missing input and its command."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.config import PROJECT_ROOT
from helpers.notebook_stage import (
    MissingInput,
    missing_input,
    needs_and_writes,
    project_path,
    stage_paths,
)

RAW = PROJECT_ROOT / "data" / "raw"


def test_relative_folders_are_taken_from_the_project_root_not_the_working_folder(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert project_path("data/raw") == PROJECT_ROOT / "data" / "raw"
    assert project_path(tmp_path / "x") == tmp_path / "x"
    where = stage_paths("20_indicators", "heinola", "2024-06-30", "data/raw", "data/processed")
    assert where.raw == RAW
    assert where.processed == PROJECT_ROOT / "data" / "processed" / "heinola" / "2024-06-30"
    assert where.report_dir == PROJECT_ROOT / "reports" / "heinola" / "2024-06-30"


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="unknown stage '25_x'"):
        stage_paths("25_x", "heinola", "2024-06-30", RAW, "x")
    with pytest.raises(ValueError, match="last day of a month"):
        stage_paths("10_clean", "heinola", "2024-06-15", RAW, "x")
    with pytest.raises(ValueError, match="lowercase slug"):
        stage_paths("10_clean", "../etc", "2024-06-30", RAW, "x")


def touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")


def problem(stage: str, processed: Path, raw: Path = RAW, period: str = "2024-06-30") -> str:
    found = missing_input(stage_paths(stage, "heinola", period, raw, processed))
    return "" if found is None else str(found)


def test_no_processed_data_names_the_clean_stage_and_its_command(tmp_path):
    text = problem("20_indicators", tmp_path)
    assert "vaiheen 10_clean (puhdistus)" in text
    assert f"{tmp_path}/heinola/2024-06-30/audit.parquet puuttuu" in text
    assert (
        "Aja ensin: .venv/bin/kuntaraportti notebook 10_clean -p entity heinola "
        f"-p period_end 2024-06-30 -p processed_dir {tmp_path}"
    ) in text
    # make report writes to data/processed only: not offered for another folder.
    assert "make report" not in text


def test_default_folders_also_offer_make_report():
    where = stage_paths("40_report", "heinola", "2000-01-31", RAW, "data/processed")
    text = str(missing_input(where))
    assert "Aja ensin: .venv/bin/kuntaraportti notebook 10_clean -p entity heinola" in text
    assert "make report ENTITY=heinola PERIOD=2000-01-31" in text


def test_later_stages_need_every_earlier_stage_when_there_is_a_statement(tmp_path):
    period = tmp_path / "heinola" / "2024-06-30"
    touch(period, "audit.parquet", "income_statement.parquet")
    assert problem("20_indicators", tmp_path) == ""
    assert "vaiheen 20_indicators (tunnusluvut)" in problem("30_forecast", tmp_path)
    assert "budget_realisation.parquet puuttuu" in problem("40_report", tmp_path)
    touch(period, "budget_realisation.parquet")
    assert problem("30_forecast", tmp_path) == ""
    assert "vaiheen 30_forecast (ennuste)" in problem("40_report", tmp_path)
    assert "notebook 30_forecast" in problem("40_report", tmp_path)
    touch(period, "forecast.parquet")
    assert problem("40_report", tmp_path) == ""


def test_without_a_statement_the_later_stages_may_rightly_have_written_nothing(tmp_path):
    touch(tmp_path / "heinola" / "2024-06-30", "audit.parquet")
    assert problem("40_report", tmp_path) == ""


def test_clean_stage_needs_the_entity_configuration_and_a_period_with_data(tmp_path):
    raw = tmp_path / "raw"
    touch(raw / "other", "entity.yml")
    text = problem("10_clean", tmp_path / "processed", raw)
    assert "yksikön asetukset puuttuvat" in text and "heinola/entity.yml" in text
    assert "Yksiköt, joilla on aineistoa: other" in text
    text = problem("10_clean", tmp_path, RAW, period="2023-12-31")
    assert "kaudelle 2023-12-31 ei ole raakatietoja" in text
    # data/raw/heinola has the 2024-06-30 folder; entity.yml lists 2024-03-31 too.
    assert "Kaudet, joilta on aineistoa: 2024-03-31, 2024-06-30" in text
    assert problem("10_clean", tmp_path) == ""


def test_missing_input_shows_only_its_message_in_ipython():
    error = MissingInput("aja ensin: x")
    assert error._render_traceback_() == ["MissingInput: aja ensin: x"]


def test_needs_and_writes_come_from_the_catalog():
    clean = needs_and_writes(
        stage_paths("10_clean", "heinola", "2024-06-30", RAW, "data/processed")
    )
    needs, writes = clean.split("**Kirjoittaa:**")
    assert "`data/raw/heinola/entity.yml`" in needs
    assert (
        "kansiosta `data/raw/heinola/2024-06-30/`: `talousarvio_yhteenveto`, `tuloslaskelma`"
        in needs
    )
    assert "`vaesto`" in needs and "`kansalliset_vertailutiedot`" in needs
    assert "kansioon `data/processed/heinola/2024-06-30/`" in writes
    assert "`income_statement`" in writes and "`audit.csv`" in writes
    forecast = needs_and_writes(
        stage_paths("30_forecast", "heinola", "2024-06-30", RAW, "data/processed")
    )
    needs, writes = forecast.split("**Kirjoittaa:**")
    assert "10_clean (puhdistus): `income_statement`" in needs
    assert "20_indicators (tunnusluvut): `budget_realisation`" in needs
    assert "`forecast`" not in needs and "`forecast_backtest`" in writes
    assert "`budget_realisation`" not in writes
    report = needs_and_writes(
        stage_paths("40_report", "heinola", "2024-06-30", RAW, "data/processed", "/tmp/r")
    )
    assert report.endswith("- `/tmp/r/tables.xlsx` (raportin taulukot)")
