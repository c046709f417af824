"""The report's store of built sections and of tables.xlsx: what comes out of it is what
building gives, and a section is built again whenever a dataset it read changed."""

from __future__ import annotations

import pandas as pd
import pytest
from report_data import embedded, with_tables

from helpers import clean_cache
from helpers.report import build_report, report_tables, section_store
from helpers.report.model import ReportData, Section
from helpers.report.templates import render_section
from helpers.report.workbook import write_workbook

SENTENCE = " Tilanne tarkentuu syksyllä."


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "report-store"
    monkeypatch.setenv(section_store.STORE_ENV, str(folder))
    return folder


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """The datasets read by each section built (not read from the store), one list each."""
    calls: list[list[str]] = []

    class Counted(section_store.RecordingData):
        def __post_init__(self) -> None:
            super().__post_init__()
            calls.append(self.read)

    monkeypatch.setattr(section_store, "RecordingData", Counted)
    return calls


def html(sections: list[Section]) -> str:
    return "".join(render_section(section) for section in sections)


def built_without_store(data: ReportData, monkeypatch) -> list[Section]:
    with monkeypatch.context() as patch:
        patch.setenv(section_store.STORE_ENV, "")
        return build_report(data)


def with_edited_assessment() -> ReportData:
    assessments = embedded().dataset("assessments").copy()
    assessments.loc[0, "text"] = assessments.loc[0, "text"] + SENTENCE
    return with_tables(assessments=assessments)


def test_a_second_build_reads_every_section_from_the_store(store, built, monkeypatch):
    data = embedded()
    first = build_report(data)
    count = len(built)
    assert count == 22  # 15 chapters and 7 appendices (Liitteet itself is not built)
    second = build_report(data)
    assert len(built) == count
    expected = built_without_store(data, monkeypatch)
    assert html(second) == html(first) == html(expected)
    assert [s.title for s in second] == [s.title for s in expected]
    for (caption, got), (_, want) in zip(
        report_tables(second), report_tables(expected), strict=True
    ):
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=caption)


def test_an_edited_text_rebuilds_the_sections_that_read_it_and_no_other(store, built, monkeypatch):
    build_report(embedded())
    reads_assessments = sum("assessments" in read for read in built)
    built.clear()
    edited = with_edited_assessment()
    sections = build_report(edited)
    assert built and all("assessments" in read for read in built)
    assert len(built) == reads_assessments
    assert SENTENCE.strip() in html(sections)
    assert html(sections) == html(built_without_store(edited, monkeypatch))


def test_building_leaves_every_input_frame_as_it_was():
    # The store keys a section by the datasets as they are before any section is built; a
    # builder that changed a frame in place would feed later builders other data.
    data = embedded()
    before = {n: clean_cache.frame_digest(data.dataset(n)) for n in data.dataset_names()}
    build_report(data)
    assert {n: clean_cache.frame_digest(data.dataset(n)) for n in data.dataset_names()} == before


def test_a_builder_that_reads_more_this_time_is_keyed_by_what_it_reads(store, monkeypatch):
    # Reads 'risks' only when there are assessments: the names recorded last time (just
    # 'assessments') are not enough to find this build, and a later change to 'risks' is seen.
    def builder(data: ReportData) -> Section:
        texts = data.dataset("assessments")
        risks = data.dataset("risks") if not texts.empty else pd.DataFrame()
        return Section("x", "X", (len(texts), len(risks)))

    data = embedded()
    empty = with_tables(assessments=data.dataset("assessments").iloc[:0])
    assert section_store.SectionStore(empty, store).section(builder).content == (0, 0)
    counts = (len(data.dataset("assessments")), len(data.dataset("risks")))
    assert counts[0] > 0 and counts[1] > 1
    assert section_store.SectionStore(data, store).section(builder).content == counts
    fewer_risks = with_tables(risks=data.dataset("risks").iloc[:1])
    got = section_store.SectionStore(fewer_risks, store).section(builder).content
    assert got == (counts[0], 1)
    assert section_store.SectionStore(data, store).section(builder).content == counts


def test_a_damaged_section_is_built_again(store, built, monkeypatch):
    data = embedded()
    first = build_report(data)
    for entry in store.glob("*.section"):
        entry.write_bytes(b"\x80\x05broken")
    built.clear()
    assert html(build_report(data)) == html(first)
    assert len(built) == 22


def test_the_store_is_off_when_its_variable_is_empty(monkeypatch):
    monkeypatch.setenv(section_store.STORE_ENV, "")
    assert section_store.store_folder() is None
    monkeypatch.delenv(section_store.STORE_ENV)
    assert section_store.DEFAULT_STORE.parts[-2:] == ("build", "report-cache")


def test_a_stored_workbook_is_the_one_writing_gives(store, tmp_path, monkeypatch):
    tables = report_tables(build_report(embedded()))
    write_workbook(tables, tmp_path / "first.xlsx", stamp="2024-06-30")
    assert len(list(store.glob("*.xlsx"))) == 1
    write_workbook(tables, tmp_path / "copied.xlsx", stamp="2024-06-30")
    assert len(list(store.glob("*.xlsx"))) == 1
    monkeypatch.setenv(section_store.STORE_ENV, "")
    write_workbook(tables, tmp_path / "fresh.xlsx", stamp="2024-06-30")
    fresh = (tmp_path / "fresh.xlsx").read_bytes()
    assert (tmp_path / "first.xlsx").read_bytes() == fresh
    assert (tmp_path / "copied.xlsx").read_bytes() == fresh
    # One changed cell, or another stamp, is another workbook.
    caption, frame = tables[0]
    changed = frame.copy()
    changed.iloc[0, 0] = changed.iloc[0, 0] + 1
    monkeypatch.setenv(section_store.STORE_ENV, str(store))
    write_workbook([(caption, changed), *tables[1:]], tmp_path / "changed.xlsx", "2024-06-30")
    write_workbook(tables, tmp_path / "restamped.xlsx", stamp="2024-03-31")
    assert len(list(store.glob("*.xlsx"))) == 3
    assert (tmp_path / "changed.xlsx").read_bytes() != fresh
    assert (tmp_path / "restamped.xlsx").read_bytes() != fresh


def test_a_session_setting_no_chart_theme_sets_is_part_of_the_key(store, built):
    import matplotlib

    data = embedded()
    build_report(data)
    count = len(built)
    build_report(data)  # the charts' themes left other settings: still found
    assert len(built) == count
    with matplotlib.rc_context({"savefig.dpi": 50}):
        build_report(data)
    assert len(built) == 2 * count
