"""Staged writes (``helpers.store``): a reader sees the old set of outputs or the new one."""

import pandas as pd
import pytest

from helpers.store import read_parquet, staged_directory, write_parquet


def _leftovers(parent):
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_a_finished_stage_replaces_the_folder_as_a_whole(tmp_path):
    final = tmp_path / "2024-06-30"
    final.mkdir()
    (final / "old.parquet").write_text("previous run")
    with staged_directory(final) as staging:
        (staging / "new.parquet").write_text("this run")
        assert not (final / "new.parquet").exists()  # nothing shows before the swap
    assert sorted(p.name for p in final.iterdir()) == ["new.parquet"]
    assert _leftovers(tmp_path) == []


def test_a_failed_stage_leaves_the_previous_outputs(tmp_path):
    final = tmp_path / "2024-06-30"
    final.mkdir()
    (final / "old.parquet").write_text("previous run")
    with pytest.raises(RuntimeError), staged_directory(final) as staging:
        (staging / "half.parquet").write_text("half")
        raise RuntimeError("bad input")
    assert sorted(p.name for p in final.iterdir()) == ["old.parquet"]
    assert (final / "old.parquet").read_text() == "previous run"
    assert _leftovers(tmp_path) == []


def test_a_first_run_creates_the_folder(tmp_path):
    final = tmp_path / "reports" / "heinola" / "2024-06-30"
    with staged_directory(final) as staging:
        (staging / "index.html").write_text("ok")
    assert (final / "index.html").read_text() == "ok"


def test_parquet_round_trip_without_index_or_partial_file(tmp_path):
    frame = pd.DataFrame({"unit": ["A", "B"], "amount": [-1.5, 2.0]}, index=[7, 9])
    path = write_parquet(frame, tmp_path / "sub" / "t.parquet")
    assert [p.name for p in path.parent.iterdir()] == ["t.parquet"]
    pd.testing.assert_frame_equal(read_parquet(path), frame.reset_index(drop=True))
