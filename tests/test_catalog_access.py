"""Reading and writing a period's datasets through the catalog: declared names only, each
stage only its own outputs, validated before anything is written."""

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers import catalog
from helpers.catalog.access import (
    Tables,
    read,
    read_all,
    validate,
    validate_stage,
    write_frames,
    write_stage,
)
from helpers.catalog.model import UnknownDatasetError

MATRIX = pd.DataFrame({"significance": [1, 3], "probability": [2, 3], "risks": [4, 1]})
OCCUPANCY = pd.DataFrame(
    {"average_pct": [88.5], "min_pct": [79.47], "max_pct": [95.0], "months": [6]}
)


def test_unknown_dataset_is_an_error_not_an_empty_frame(tmp_path):
    tables = Tables({})
    assert tables["budget_realisation"].empty  # declared but absent: "ei tietoa"
    with pytest.raises(UnknownDatasetError, match="unknown dataset 'budget_realisaton'"):
        tables["budget_realisaton"]
    with pytest.raises(UnknownDatasetError):
        tables.get("budget_realisaton")  # Mapping.get must not swallow a typo
    with pytest.raises(UnknownDatasetError):
        read(tmp_path, "forecst")
    with pytest.raises(UnknownDatasetError):
        Tables({"not_a_dataset": pd.DataFrame()})


def test_tables_hold_what_they_were_given_by_name():
    tables = Tables({"risk_matrix": MATRIX})
    assert tables["risk_matrix"] is MATRIX
    assert tables.get(catalog.RISK_MATRIX.name) is MATRIX
    assert list(tables) == ["risk_matrix"] and len(tables) == 1
    assert "risk_matrix" in tables
    assert "hyte" not in tables  # declared, absent
    assert 3 not in tables
    with pytest.raises(UnknownDatasetError):
        "risk_matrx" in tables  # noqa: B015 - a typo in a membership test is an error too


def test_read_of_an_absent_dataset_is_an_empty_frame(tmp_path):
    frame = read(tmp_path, catalog.RISK_MATRIX)
    assert frame.empty and list(frame.columns) == []


def test_written_dataset_reads_back_the_same(tmp_path, heinola):
    written = write_stage(tmp_path, {"risk_matrix": MATRIX}, heinola, stage=catalog.INDICATOR_STAGE)
    assert written == [tmp_path / "risk_matrix.parquet"]
    pd.testing.assert_frame_equal(read(tmp_path, "risk_matrix"), MATRIX)
    pd.testing.assert_frame_equal(read(tmp_path, catalog.RISK_MATRIX), MATRIX)


def test_read_all_takes_only_declared_datasets_the_period_has(tmp_path):
    write_frames(tmp_path, {"risk_matrix": MATRIX}, stage=catalog.INDICATOR_STAGE)
    MATRIX.to_parquet(tmp_path / "old_copy.parquet")  # not a dataset: left alone
    (tmp_path / "audit.csv").write_text("file;item\n", encoding="utf-8")
    tables = read_all(tmp_path)
    assert isinstance(tables, Tables)
    assert list(tables) == ["risk_matrix"]
    pd.testing.assert_frame_equal(tables["risk_matrix"], MATRIX)
    assert tables["audit"].empty


def test_read_all_of_a_missing_folder_is_empty(tmp_path):
    assert len(read_all(tmp_path / "2024-06-30")) == 0


def test_validate_returns_the_frame_and_rejects_a_wrong_kind(heinola):
    pd.testing.assert_frame_equal(validate("risk_matrix", MATRIX, heinola), MATRIX)
    frame = pd.DataFrame({"significance": [1], "probability": [2], "risks": ["three"]})
    with pytest.raises(pa.errors.SchemaError, match="risks"):  # a count as text
        validate(catalog.RISK_MATRIX, frame, heinola)


def test_validate_stage_checks_ownership_and_schema(heinola):
    validate_stage(
        {"risk_matrix": MATRIX, "occupancy_summary": OCCUPANCY},
        heinola,
        stage=catalog.INDICATOR_STAGE,
    )
    with pytest.raises(ValueError, match="stage 10_clean may not write 'risk_matrix' "):
        validate_stage({"risk_matrix": MATRIX}, heinola, stage=catalog.CLEAN_STAGE)
    with pytest.raises(UnknownDatasetError):
        validate_stage({"risk_matrx": MATRIX}, heinola, stage=catalog.INDICATOR_STAGE)
    with pytest.raises(pa.errors.SchemaError, match="months"):
        validate_stage(
            {"occupancy_summary": OCCUPANCY.assign(months=[6.5])},
            heinola,
            stage=catalog.INDICATOR_STAGE,
        )


def test_a_stage_may_write_only_its_own_datasets(tmp_path, heinola):
    with pytest.raises(ValueError) as caught:
        write_stage(tmp_path, {"risk_matrix": MATRIX}, heinola, stage=catalog.FORECAST_STAGE)
    assert str(caught.value) == (
        "stage 30_forecast may not write 'risk_matrix' (it belongs to 20_indicators)"
    )
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="may not write"):
        write_frames(tmp_path, {"risk_matrix": MATRIX}, stage=catalog.CLEAN_STAGE)
    assert not list(tmp_path.iterdir())


def test_nothing_is_written_when_one_output_is_invalid(tmp_path, heinola):
    bad = OCCUPANCY.assign(average_pct=["x"])
    with pytest.raises(pa.errors.SchemaError):
        write_stage(
            tmp_path,
            {"risk_matrix": MATRIX, "occupancy_summary": bad},
            heinola,
            stage=catalog.INDICATOR_STAGE,
        )
    assert not list(tmp_path.iterdir())


def test_nothing_is_written_when_one_output_belongs_to_another_stage(tmp_path, heinola):
    # "occupancy_summary" sorts before "surveys": a check per write would leave it behind.
    with pytest.raises(ValueError, match="may not write 'surveys'"):
        write_stage(
            tmp_path,
            {"occupancy_summary": OCCUPANCY, "surveys": pd.DataFrame()},
            heinola,
            stage=catalog.INDICATOR_STAGE,
        )
    assert not list(tmp_path.iterdir())


def test_write_frames_creates_the_folder_and_leaves_no_partial_file(tmp_path):
    folder = tmp_path / "heinola" / "2024-06-30"
    written = write_frames(
        folder,
        {"risk_matrix": MATRIX, "occupancy_summary": OCCUPANCY},
        stage=catalog.INDICATOR_STAGE,
    )
    assert written == [folder / "occupancy_summary.parquet", folder / "risk_matrix.parquet"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "occupancy_summary.parquet",
        "risk_matrix.parquet",
    ]
