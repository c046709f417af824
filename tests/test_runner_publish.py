"""helpers.runner.publish: the processed data, the report and reports/index.html are
replaced together or not at all (issue 15 point 14), and the index follows the set of
reports (issue 14 point 7)."""

import os
import pathlib

import pytest
from runner_support import (
    TINY_ENTITY,
    TINY_PERIOD,
    quiet,
    tiny_processed,
    tiny_report,
    tiny_suite,
)

from helpers.runner.exceptions import OutputNotWritable
from helpers.runner.export import reports_index_html
from helpers.runner.period import run_period
from helpers.runner.publish import listed_reports, publish, refresh_index, swap_all


def folder_with(path, text):
    path.mkdir(parents=True)
    (path / "f.txt").write_text(text, encoding="utf-8")
    return path


def content(path):
    return (path / "f.txt").read_text(encoding="utf-8")


def test_swap_all_replaces_every_folder(tmp_path):
    pairs = [
        (folder_with(tmp_path / "new-a", "A2"), folder_with(tmp_path / "a", "A1")),
        (folder_with(tmp_path / "new-b", "B2"), tmp_path / "sub" / "b"),  # no previous
    ]
    swap_all(pairs)
    assert content(tmp_path / "a") == "A2" and content(tmp_path / "sub" / "b") == "B2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "sub"]  # no .previous left


def test_a_failing_second_swap_puts_the_first_back(tmp_path, monkeypatch):
    pairs = [
        (folder_with(tmp_path / "new-a", "A2"), folder_with(tmp_path / "a", "A1")),
        (folder_with(tmp_path / "new-b", "B2"), folder_with(tmp_path / "b", "B1")),
    ]
    real_rename = pathlib.Path.rename

    def rename(self, target):
        if self.name == "new-b":
            raise PermissionError(13, "Permission denied", str(target))
        return real_rename(self, target)

    monkeypatch.setattr(pathlib.Path, "rename", rename)
    with pytest.raises(PermissionError):
        swap_all(pairs)
    assert content(tmp_path / "a") == "A1" and content(tmp_path / "b") == "B1"
    assert content(tmp_path / "new-a") == "A2"  # the staged folders stay for the caller


def make_unwritable(folder, monkeypatch):
    """``folder`` (only it, not its subfolders) becomes read-only. chmod does not bind root,
    so as root writing a file directly in it raises PermissionError instead."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    real_write_text = pathlib.Path.write_text

    def write_text(self, *args, **kwargs):
        if self.parent == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)


def test_publish_writes_the_index_before_swapping_anything(tmp_path, monkeypatch):
    reports, processed = tmp_path / "reports", tmp_path / "processed"
    old_report = folder_with(reports / "acme" / "2024-06-30", "old report")
    old_data = folder_with(processed / "acme" / "2024-06-30", "old data")
    swaps = [
        (folder_with(processed / ".runs" / "new-data", "new data"), old_data),
        (folder_with(reports / "acme" / ".2024-06-30.staging", "new report"), old_report),
    ]
    make_unwritable(reports, monkeypatch)
    try:
        with pytest.raises(OutputNotWritable) as caught:
            publish(swaps, reports, tmp_path / "raw", ("acme", "2024-06-30"), log=quiet)
    finally:
        reports.chmod(0o755)
    assert str(caught.value) == (
        f"cannot write {reports / 'index.html'} (Permission denied): nothing was replaced; "
        "the previous report and processed data of acme 2024-06-30 are unchanged"
    )
    assert content(old_report) == "old report" and content(old_data) == "old data"
    monkeypatch.undo()
    publish(swaps, reports, tmp_path / "raw", ("acme", "2024-06-30"), log=quiet)
    assert content(old_report) == "new report" and content(old_data) == "new data"
    assert 'href="acme/2024-06-30/index.html"' in (reports / "index.html").read_text("utf-8")


def test_the_reports_an_index_lists_are_read_back_from_its_links():
    listed = [("acme", "2024-03-31"), ("acme", "2024-06-30"), ("b-town", "2023-12-31")]
    assert listed_reports(reports_index_html(listed, {"acme": "Acme – A & B"})) == listed
    assert listed_reports(reports_index_html([], {})) == []


def test_refresh_index_rewrites_only_a_missing_or_stale_index(tmp_path):
    reports = tmp_path / "reports"
    folder_with(reports / "acme" / "2024-06-30", "x")
    (reports / "acme" / "2024-06-30" / "index.html").write_text("report", encoding="utf-8")
    assert refresh_index(reports, tmp_path / "raw", log=quiet) is True  # missing
    assert refresh_index(reports, tmp_path / "raw", log=quiet) is False  # current
    folder_with(reports / "acme" / "2024-03-31", "x")
    (reports / "acme" / "2024-03-31" / "index.html").write_text("report", encoding="utf-8")
    assert refresh_index(reports, tmp_path / "raw", log=quiet) is True  # one more report
    assert "acme/2024-03-31/index.html" in (reports / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_an_unwritable_reports_root_fails_before_anything_is_replaced(tmp_path, monkeypatch):
    paths = tiny_suite(tmp_path)
    run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet)
    index_before = (paths.reports / "index.html").read_bytes()
    (paths.raw / TINY_ENTITY / "numbers.csv").write_text("10\n20\n", encoding="utf-8")
    make_unwritable(paths.reports, monkeypatch)
    try:
        with pytest.raises(Exception, match="index.html") as caught:
            run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet)
    finally:
        paths.reports.chmod(0o755)
    message = str(caught.value)
    assert "nothing was replaced" in message
    # The outcome agrees: the report and the processed data are the previous run's.
    assert (tiny_processed(paths) / "total.csv").read_text(encoding="utf-8") == "6"
    assert (tiny_report(paths) / "tables.xlsx").read_text(encoding="utf-8") == "workbook 12"
    assert (paths.reports / "index.html").read_bytes() == index_before
    monkeypatch.undo()
    # Once the folder is writable again, the run goes through.
    assert run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet).status == "ok"
    assert (tiny_processed(paths) / "total.csv").read_text(encoding="utf-8") == "30"


@pytest.mark.slow
def test_the_index_follows_the_reports_also_when_a_run_is_up_to_date(tmp_path, monkeypatch):
    paths = tiny_suite(tmp_path)
    run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet)
    index = paths.reports / "index.html"
    link = f'href="{TINY_ENTITY}/{TINY_PERIOD}/index.html"'
    index.unlink()
    assert run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet).status == "up to date"
    assert link in index.read_text(encoding="utf-8")
    # A report that appears (made elsewhere) or disappears (deleted) changes the index.
    march = paths.reports / TINY_ENTITY / "2024-03-31"
    march.mkdir()
    (march / "index.html").write_text("<html></html>", encoding="utf-8")
    run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet)
    assert f'href="{TINY_ENTITY}/2024-03-31/index.html"' in index.read_text(encoding="utf-8")
    (march / "index.html").unlink()
    march.rmdir()
    run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet)
    assert "2024-03-31" not in index.read_text(encoding="utf-8")
    # An index that cannot be brought up to date is a failure that says the report is fine.
    index.unlink()
    make_unwritable(paths.reports, monkeypatch)
    try:
        with pytest.raises(Exception, match="up to date") as caught:
            run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet)
    finally:
        paths.reports.chmod(0o755)
    assert "index.html" in str(caught.value)
