"""The report's data model (``helpers.report.model``): tables as shown and as kept for the
workbook, the one accessor of the input data."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers.catalog import UnknownDatasetError
from helpers.report.formats import euros
from helpers.report.model import ReportData, Section, Table, iter_tables, make_table


def test_make_table_formats_numbers_and_keeps_text_lines_as_paragraphs():
    frame = pd.DataFrame(
        {"TA": [-29922850.0, np.nan], "Tila": ["Toteutuu", None], "Teksti": ["a\n\n b ", None]},
        index=pd.Index(["Toimiala", "Yksikkö"], name="Rivi"),
    )
    table = make_table(
        frame,
        {"TA": euros},
        caption="Otsikko",
        emphasize=frozenset({"Toimiala"}),
        badges=frozenset({"Tila"}),
    )
    assert table.index_label == "Rivi" and table.caption == "Otsikko"
    assert [(c.label, c.numeric) for c in table.columns] == [
        ("TA", True),
        ("Tila", False),
        ("Teksti", False),
    ]
    first, second = table.rows
    assert first.emphasized and not second.emphasized
    assert first.cells[0].text == "-29\u00a0922\u00a0850"
    assert (first.cells[1].text, first.cells[1].badge) == ("Toteutuu", "ok")
    assert first.cells[2].paragraphs == ("a", "b")
    assert second.cells[0].text == "" and second.cells[1].badge == ""
    assert table.frame is frame  # the workbook gets the numbers, not the printed text


def test_tables_are_found_in_field_order_through_nested_content():
    from dataclasses import dataclass

    def table(caption: str) -> Table:
        return make_table(pd.DataFrame({"x": [1]}), {}, caption=caption)

    @dataclass(frozen=True)
    class Inner:
        table: Table

    @dataclass(frozen=True)
    class Content:
        first: Table
        missing: Table | None
        units: tuple[Inner, ...]
        note: str

    content = Content(table("a"), None, (Inner(table("b")), Inner(table("c"))), "text")
    assert [t.caption for t in iter_tables(content)] == ["a", "b", "c"]
    assert list(iter_tables(None)) == []
    assert Section("x", "X", None).content is None


def test_a_missing_dataset_is_an_empty_frame_and_a_typo_an_error(heinola):
    data = ReportData(heinola, dt.date(2024, 6, 30), {})
    assert data.dataset("forecast").empty
    with pytest.raises(UnknownDatasetError):
        data.dataset("forecasts")
    with pytest.raises(UnknownDatasetError):
        ReportData(heinola, dt.date(2024, 6, 30), {"forecasts": pd.DataFrame()})
    assert data.unit_name("Virkkeellinen elämä") == "Virikkeellinen elämä"
    assert data.unit_name("unknown") == "unknown"
    assert data.date_text == "30.6.2024"
