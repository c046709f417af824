"""Reading an xlsx export as the user sees it (``helpers.excel``): workbooks are written here
with openpyxl (sheet names, number formats, merged and hidden cells, unsaved formulas) and read
back; the expected texts are what Excel displays in a Finnish locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from helpers.errors import InputDataError
from helpers.excel import Cell, Sheet, cell_text, check_visible, is_blank, read_sheet


def save(workbook: openpyxl.Workbook, tmp_path: Path, name: str = "t.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def texts(sheet: Sheet, percent_columns: set[int] = frozenset()) -> list[list[str]]:
    return [
        [cell_text(cell, i in percent_columns) for i, cell in enumerate(row)] for row in sheet.cells
    ]


# --- the first sheet, values and formats --------------------------------------------------


def test_only_the_first_sheet_is_read_whichever_is_active(tmp_path):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Tuloslaskelma"
    first.append(["Yksikkö", "TOT 2024 6 kk"])
    first.append(["Varhaiskasvatus", -3_963_048])
    notes = workbook.create_sheet("Muistiinpanot")
    notes.append(["ei tätä", 1])
    workbook.active = 1  # the user left the notes sheet open
    path = save(workbook, tmp_path)
    assert openpyxl.load_workbook(path).sheetnames == ["Tuloslaskelma", "Muistiinpanot"]
    sheet = read_sheet(path)
    assert texts(sheet) == [["Yksikkö", "TOT 2024 6 kk"], ["Varhaiskasvatus", "-3963048"]]


def test_number_formats_decide_what_a_percentage_is(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    formats = ["0.00%", "0%", '0.00" %"', "0.00\\%", "General", "#,##0"]
    for column, number_format in enumerate(formats, start=1):
        cell = sheet.cell(1, column, 0.7947)
        cell.number_format = number_format
    path = save(workbook, tmp_path)
    # Read back: the formats are saved as written.
    assert [c.number_format for c in openpyxl.load_workbook(path).active[1]] == formats
    cells = read_sheet(path).cells[0]
    # Excel multiplies by 100 only for a bare %: quoted or escaped it is literal text.
    assert [c.percent for c in cells] == [True, True, False, False, False, False]
    assert cell_text(cells[0], percent_column=True) == "79,47"
    assert cell_text(cells[2], percent_column=True) == "0,7947"


def test_a_percentage_cell_in_a_column_not_in_percent_is_refused():
    with pytest.raises(ValueError, match=r"formatted as a percentage \(79,47 %\)"):
        cell_text(Cell(0.7947, percent=True), percent_column=False)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (-15_134_455, "-15134455"),  # an integer, no grouping (the CSV reader's form)
        (50.58, "50,58"),
        (100.0, "100"),  # a whole float prints no decimals and no exponent
        (2.50, "2,5"),
        (0.1 + 0.2, "0,30000000000000004"),  # every digit Excel saved, none rounded away
        (1e-7, "0,0000001"),  # never scientific
        (True, "True"),
        (None, ""),
        (float("nan"), ""),
        (dt.datetime(2024, 6, 30), "30.6.2024"),
        (dt.date(2024, 1, 5), "5.1.2024"),
        ("  Varhais\u00adkasvatus\u00a0 ", "Varhaiskasvatus"),  # soft hyphen, no-break space
        ("Opetus- ja\u00a0koulutuspalvelut", "Opetus- ja koulutuspalvelut"),
    ],
)
def test_cell_text_is_what_the_user_sees_in_finnish_format(value, text):
    assert cell_text(Cell(value), percent_column=False) == text


def test_a_percentage_in_a_percent_column_keeps_excels_digits():
    # 0.5313 shown as 53,13 %: ×100 in decimal arithmetic, not float (53.129999…).
    assert cell_text(Cell(0.5313, percent=True), percent_column=True) == "53,13"
    assert cell_text(Cell(1, percent=True), percent_column=True) == "100"


# --- formulas -----------------------------------------------------------------------------


def test_a_formula_without_a_saved_value_is_an_error_naming_the_formula(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([1, 2, "=SUM(A1:B1)"])  # openpyxl writes formulas without calculating
    cells = read_sheet(save(workbook, tmp_path)).cells[0]
    assert cells[2] == Cell(None, False, "=SUM(A1:B1)")
    assert not is_blank(cells[2])
    with pytest.raises(ValueError, match=r"formula '=SUM\(A1:B1\)' but no saved value"):
        cell_text(cells[2], percent_column=False)


def test_a_formula_with_a_saved_value_reads_as_the_value():
    assert cell_text(Cell(3, formula="=A1+B1"), percent_column=False) == "3"


# --- layout: merged, hidden, empty, broken ------------------------------------------------


def test_merged_cells_all_read_as_their_top_left_cell(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Talousarvion toteutuminen"
    sheet.merge_cells("A1:C2")
    sheet["A3"] = "Yksikkö"
    path = save(workbook, tmp_path)
    rows = texts(read_sheet(path))
    assert rows[0] == rows[1] == ["Talousarvion toteutuminen"] * 3
    assert rows[2] == ["Yksikkö", "", ""]


def test_hidden_rows_and_columns_are_recorded_one_based(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 6):
        sheet.append([f"r{row}c{c}" for c in range(1, 6)])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions.group("B", "C", hidden=True)  # one dimension spanning B:C
    sheet.column_dimensions["E"].hidden = True
    read = read_sheet(save(workbook, tmp_path))
    assert read.hidden_rows == frozenset({3})
    assert read.hidden_columns == frozenset({2, 3, 5})


def test_an_empty_first_sheet_or_a_broken_file_is_an_input_error(tmp_path):
    empty = save(openpyxl.Workbook(), tmp_path, "tyhja.xlsx")
    with pytest.raises(InputDataError, match=r"tyhja\.xlsx, row 1: the workbook's first sheet"):
        read_sheet(empty)
    broken = tmp_path / "rikki.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(InputDataError, match=r"rikki\.xlsx: not a readable xlsx workbook"):
        read_sheet(broken)


def grid(rows: list[list[object]]) -> list[list[Cell]]:
    return [[Cell(v) for v in row] for row in rows]


def test_a_hidden_column_of_the_table_names_its_letter_label_and_first_row(tmp_path):
    sheet = Sheet(grid([["Yksikkö", "TA", "Huom"], ["A", 1, "x"]]), frozenset(), frozenset({2}))
    with pytest.raises(InputDataError) as caught:
        check_visible(sheet, range(2, 3), {0: "Yksikkö", 1: "TA"}, tmp_path / "t.xlsx")
    assert str(caught.value) == (
        f"file {tmp_path / 't.xlsx'}, row 2, column 'TA': column B is hidden in the workbook; "
        "unhide or delete it"
    )
    # A hidden column outside the table's columns is not the table's business.
    check_visible(sheet, range(2, 3), {0: "Yksikkö"}, tmp_path / "t.xlsx")


def test_a_hidden_row_is_an_error_only_when_it_holds_something(tmp_path):
    cells = grid([["Yksikkö", "TA"], ["A", 1], [None, "  "], ["B", 2]])
    blank_hidden = Sheet(cells, frozenset({3}), frozenset())
    check_visible(blank_hidden, range(2, 5), {0: "Yksikkö", 1: "TA"}, tmp_path / "t.xlsx")
    filled_hidden = Sheet(cells, frozenset({4}), frozenset())
    with pytest.raises(InputDataError, match=r"row 4: row 4 is hidden in the workbook"):
        check_visible(filled_hidden, range(2, 5), {0: "Yksikkö", 1: "TA"}, tmp_path / "t.xlsx")
    # One filled cell is enough: the user did not see it.
    partly = Sheet(grid([["Yksikkö", "TA"], [None, 5]]), frozenset({2}), frozenset())
    with pytest.raises(InputDataError, match=r"row 2 is hidden"):
        check_visible(partly, range(2, 3), {0: "Yksikkö", 1: "TA"}, tmp_path / "t.xlsx")
    # A hidden row below the table's rows is not checked.
    check_visible(filled_hidden, range(2, 4), {0: "Yksikkö", 1: "TA"}, tmp_path / "t.xlsx")
