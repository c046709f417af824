"""A 100 000-row SYNTHETIC statement: the whole-column path and the cell-by-cell path name the
same file, row and column for a bad cell, wherever it is (row 2, the last row)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from helpers.config import Unit
from helpers.errors import InputDataError
from helpers.finnish import parse_number
from helpers.income_statement import read_income_statement
from helpers.ingest import ROW, read_csv

HEADER = "Yksikkö;Rivi;TA 2024 +muutos;TOT 2024 6 kk"
UNITS = 6_250  # × 16 lines = 100 000 data rows: rows 2 to 100 001 (row 1 is the header)
LAST_ROW = 100_001
AMOUNT = "TOT 2024 6 kk"


@pytest.fixture(scope="module")
def large(heinola):
    """The config with 6 250 invented units, and the file's lines (header first)."""
    units = tuple(Unit(f"Alue {i:05d}", f"Alue {i:05d}", f"A{i}", False) for i in range(UNITS))
    config = dataclasses.replace(heinola, units=(Unit("Osasto", "Osasto", "", True), *units[1:]))
    labels = [u.label for u in config.units]
    lines = [HEADER]
    for unit in labels:
        lines += [
            f"{unit};{line};-1 234 567;{i * 1000 + 7}" for i, line in enumerate(heinola.line_names)
        ]
    assert len(lines) == LAST_ROW
    return config, lines


def write(tmp_path, lines):
    path = tmp_path / "tuloslaskelma.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replaced(lines, row, column, text):
    """``lines`` with the cell at ``row`` (1-based, as the file counts) and ``column`` set."""
    out = list(lines)
    cells = out[row - 1].split(";")
    cells[HEADER.split(";").index(column)] = text
    out[row - 1] = ";".join(cells)
    return out


def first_bad_row_cell_by_cell(path, column):
    """The row the cell-by-cell parser (``parse_number`` on every cell in order) fails on."""
    raw = read_csv(path)
    for text, row in zip(raw[column], raw[ROW], strict=True):
        try:
            if parse_number(text, "€") is None:
                return row
        except ValueError:
            return row
    return None


@pytest.mark.parametrize("row", [2, LAST_ROW])
@pytest.mark.parametrize("text", ["1.234,5", "12 34", "abc", "", "1 234 €€"])
def test_a_bad_amount_is_named_alike_by_both_paths(tmp_path, large, row, text):
    config, lines = large
    path = write(tmp_path, replaced(lines, row, AMOUNT, text))
    assert first_bad_row_cell_by_cell(path, AMOUNT) == row
    with pytest.raises(InputDataError) as error:
        read_income_statement(path, config, dt.date(2024, 6, 30))
    assert (error.value.file, error.value.row, error.value.column) == (str(path), row, AMOUNT)


@pytest.mark.parametrize("row", [2, LAST_ROW])
def test_an_unknown_unit_is_located_after_the_whole_column_check(tmp_path, large, row):
    config, lines = large
    path = write(tmp_path, replaced(lines, row, "Yksikkö", "Alue 99999"))
    with pytest.raises(InputDataError, match="unknown unit 'Alue 99999'") as error:
        read_income_statement(path, config, dt.date(2024, 6, 30))
    assert (error.value.row, error.value.column) == (row, "Yksikkö")


def test_a_repeated_row_at_the_end_names_its_first_occurrence(tmp_path, large):
    config, lines = large
    # The last row repeats the row above it (its unit and line): the duplicate is the last row.
    path = write(tmp_path, [*lines[:-1], lines[-2]])
    with pytest.raises(InputDataError, match=f"already on row {LAST_ROW - 1}") as error:
        read_income_statement(path, config, dt.date(2024, 6, 30))
    assert error.value.row == LAST_ROW


def test_the_fast_path_reads_the_same_amounts_as_the_csv_module(tmp_path, large):
    config, lines = large
    fast = read_income_statement(write(tmp_path, lines), config, dt.date(2024, 6, 30))[0]
    # A padded last cell sends the whole file through the csv module, row by row.
    padded = [*lines[:-1], lines[-1] + " "]
    slow = read_income_statement(write(tmp_path, padded), config, dt.date(2024, 6, 30))[0]
    assert fast.equals(slow)
    assert len(fast) == 200_000  # two measures of every row
    last = fast[(fast["unit"] == "Alue 06249") & (fast["measure"] == "tot")]
    assert last["amount"].iloc[-1] == 15 * 1000 + 7  # the 16th line: 15 007 as printed
