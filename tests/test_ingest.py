"""Reading Finnish CSV and xlsx exports: encodings, separators, errors with file/row/column."""

import unicodedata

import pandas as pd
import pytest

from helpers.errors import InputDataError
from helpers.ingest import (
    ROW,
    _already_normal,
    _header_lines,
    parse_numeric_columns,
    read_csv,
    read_table,
    read_xlsx,
)
from helpers.rawfiles import check_folder, find_table

CSV = "Yksikkö;Rivi;Summa\nA;Myyntituotot;-15 134 455\nB;Maksutuotot;50,58\n"


def write(tmp_path, text, encoding="utf-8", name="t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (CSV, "utf-8"),
        ("\ufeff" + CSV, "utf-8"),  # BOM from Excel
        (CSV, "cp1252"),  # Windows Excel "CSV (semicolon)"
        (CSV.replace(" ", "\u00a0").replace("-", "\u2212"), "utf-8"),
        (CSV.replace("\n", "\r\n"), "utf-8"),
    ],
)
def test_csv_variants_read_the_same(tmp_path, text, encoding):
    table = read_csv(write(tmp_path, text, encoding), required=["Yksikkö", "Rivi"])
    numbers = parse_numeric_columns(table, ["Summa"], tmp_path / "t.csv")
    assert list(table["Yksikkö"]) == ["A", "B"]
    assert list(numbers["Summa"]) == [-15134455.0, 50.58]
    assert list(table[ROW]) == [2, 3]


def test_quoted_text_with_newline_keeps_row_numbers(tmp_path):
    text = 'Yksikkö;Teksti\nA;"kaksi\nriviä"\nB;yksi\n'
    table = read_csv(write(tmp_path, text))
    assert list(table[ROW]) == [2, 4]
    assert table["Teksti"].iloc[0] == "kaksi\nriviä"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"t\.csv, row 1: file is empty"),
        ("Yksikkö;Rivi;Summa\n", r"row 2: has a header but no data rows"),
        ("Yksikkö,Rivi,Summa\nA,B,1\n", r"row 1: the header is separated by commas"),
        ("Yksikkö;Summa\nA;1\n", r"row 1, column 'Rivi': missing column"),
        (
            "Yksikkö;Rivi;Summa\nA;B;1\nA;B\n",
            r"row 3: has 2 fields but the header has 3 .*truncated",
        ),
        ("Yksikkö;Rivi;Rivi\nA;B;1\n", r"row 1, column 'Rivi': duplicate column header"),
    ],
)
def test_bad_csv_names_file_row_and_column(tmp_path, text, message):
    with pytest.raises(InputDataError, match=message):
        read_csv(write(tmp_path, text), required=["Yksikkö", "Rivi"])


def test_text_in_an_amount_names_row_and_column(tmp_path):
    path = write(tmp_path, "Yksikkö;Rivi;Summa\nA;B;1 000\nA;C;n/a\n")
    table = read_csv(path)
    with pytest.raises(InputDataError, match=r"t\.csv, row 3, column 'Summa': not a Finnish"):
        parse_numeric_columns(table, ["Summa"], path)


def test_xlsx_with_title_rows_reads_like_the_csv(tmp_path):
    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame([["Tuloslaskelma 1.1.–30.6.2024"], [""]]).to_excel(
            writer, header=False, index=False
        )
        pd.DataFrame(
            {"Yksikkö": ["A", "B"], "Rivi": ["x", "y"], "Summa": [-15134455, 50.58]}
        ).to_excel(writer, startrow=3, index=False)
    table = read_xlsx(path, required=["Yksikkö", "Rivi"])
    numbers = parse_numeric_columns(table, ["Summa"], path)
    assert list(numbers["Summa"]) == [-15134455.0, 50.58]
    assert list(table[ROW]) == [5, 6]  # header on spreadsheet row 4


def test_unsupported_suffix(tmp_path):
    with pytest.raises(InputDataError, match="unsupported file type '.txt'"):
        read_table(write(tmp_path, CSV, name="t.txt"))


def test_utf16_with_a_byte_order_mark_reads_like_utf8(tmp_path):
    table = read_csv(write(tmp_path, CSV, "utf-16"), required=["Yksikkö", "Rivi"])
    assert list(table["Yksikkö"]) == ["A", "B"] and list(table.columns)[:2] == ["Yksikkö", "Rivi"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (CSV.encode("utf-16-le"), r"t\.csv: encoding: the file looks like UTF-16 without"),
        (
            # Row 3 was pasted in from a cp1252 program into an otherwise UTF-8 file.
            "Yksikkö;Rivi;Summa\nA;Myyntituotot;1\n".encode()
            + "B;Maksutuotot;ä\n".encode("cp1252"),
            r"t\.csv, row 3: encoding: this row is not UTF-8 but the rest of the file is",
        ),
        (
            # Rows counted by line ends, not by words: spaces on rows 2 and 3.
            "Yksikkö;Rivi;Summa\nVirkkeellinen elämä;Myyntituotot;1 000\n".encode()
            + "B;Muut tuotot;ä\n".encode("cp1252"),
            r"t\.csv, row 3: encoding: this row is not UTF-8",
        ),
    ],
)
def test_encoding_problems_say_encoding_and_the_row(tmp_path, data, message):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(InputDataError, match=message):
        read_csv(path)


def test_a_whole_cp1252_file_still_reads(tmp_path):
    table = read_csv(write(tmp_path, "Yksikkö;Teksti\nA;Jäljellä ö\n", "cp1252"))
    assert table["Teksti"].iloc[0] == "Jäljellä ö"


def test_text_is_normalised_before_anything_compares_it(tmp_path):
    text = unicodedata.normalize("NFD", "Yksikkö;Rivi\nVirkkeellinen\u200b elämä;Myynti\n")
    table = read_csv(write(tmp_path, text), required=["Yksikkö", "Rivi"])
    assert table["Yksikkö"].iloc[0] == "Virkkeellinen elämä"


def _xlsx(tmp_path, rows, edit=None):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    if edit:
        edit(workbook.active)
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    return path


def test_xlsx_percentages_read_as_shown_in_percent_columns(tmp_path):
    def percent(sheet):
        for cell in ("B2", "B3", "B4"):
            sheet[cell].number_format = "0.00%"
        sheet["C2"].number_format = '0" %"'  # a literal sign: the number is shown as it is

    path = _xlsx(
        tmp_path,
        [["Kuukausi", "Käyttöaste %", "Muu %"], ["1.2024", 0.7947, 80], ["2.2024", 1, 1]]
        + [["3.2024", 0.005, 2]],
        percent,
    )
    table = read_xlsx(path, required=["Kuukausi"])
    assert list(table["Käyttöaste %"]) == ["79,47", "100", "0,5"]
    assert list(table["Muu %"]) == ["80", "1", "2"]


def test_xlsx_value_in_a_column_without_header_is_an_error(tmp_path):
    path = _xlsx(tmp_path, [["Yksikkö", "Rivi", None], ["A", "B", 5]])
    with pytest.raises(InputDataError, match=r"row 2: column 3 has no header but holds '5'"):
        read_xlsx(path, required=["Yksikkö"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("muistio.csv", r"muistio\.csv: unknown file; expected one of a\.csv, b\.csv"),
        ("a.xls", r"a\.xls: unsupported file type '\.xls'; save it as \.csv or \.xlsx"),
        ("c.csv", r"c\.csv: c is read from elsewhere, not from this folder"),
    ],
)
def test_check_folder_names_what_it_does_not_understand(tmp_path, name, message):
    (tmp_path / "A.CSV").write_text("x")
    (tmp_path / "README.txt").write_text("notes")  # README-like: left alone
    (tmp_path / ".DS_Store").write_text("")
    (tmp_path / name).write_text("x")
    with pytest.raises(InputDataError, match=message):
        check_folder(tmp_path, ["a", "b"], {"c": "elsewhere"})


def test_find_table_ignores_letter_case(tmp_path):
    (tmp_path / "Tuloslaskelma.CSV").write_text("x")
    assert find_table(tmp_path, "tuloslaskelma").name == "Tuloslaskelma.CSV"
    assert find_table(tmp_path, "hankkeet") is None


@pytest.mark.parametrize(
    ("text", "header_part"),
    [
        ("Yksikkö;Euroa\n1;2\n", "Yksikkö;Euroa\n"),
        ("Yksikkö;Euroa\r\n1;2\r\n", "Yksikkö;Euroa\r\n"),
        # A lone carriage return ends the record inside the first line: still all in it.
        ("Yksikkö;Euroa\r1;2\n3;4\n", "Yksikkö;Euroa\r1;2\n"),
        # A quote may open a field that runs past the line end: the whole text.
        ('"Yksikkö\nnimi";Euroa\n1;2\n', '"Yksikkö\nnimi";Euroa\n1;2\n'),
        ("Yksikkö;Euroa", "Yksikkö;Euroa"),  # no line end at all
    ],
)
def test_the_header_is_read_from_its_own_lines(text, header_part):
    assert _header_lines(text) == header_part


def test_a_quoted_header_with_a_line_break_reads_whole(tmp_path):
    path = tmp_path / "arviot.csv"
    path.write_text('"Yksikkö\nnimi";Euroa\nA;1\n', encoding="utf-8")
    table = read_csv(path)
    assert list(table.columns[:2]) == ["Yksikkö\nnimi", "Euroa"]
    assert table.iloc[0]["Euroa"] == "1"


def test_a_large_file_is_split_from_its_own_bytes_when_normalising_changes_nothing(tmp_path):
    # 60 000 rows of 27 bytes (ö and ä are two bytes each in UTF-8): over a megabyte.
    rows = "".join(f"Yksikkö ä;{i:05d};12 345\n" for i in range(60_000))
    text = "Yksikkö;Rivi;Summa\n" + rows
    utf8, cp1252 = text.encode("utf-8"), text.encode("cp1252")
    assert len(utf8) > 1_000_000
    assert _already_normal(utf8, utf8.decode("utf-8"))
    assert not _already_normal(cp1252, cp1252.decode("cp1252"))  # one character per byte
    assert not _already_normal(utf8[:999_999], utf8[:999_999].decode("utf-8"))  # small file
    spaced = text.replace("12 345\n", "12\u00a0345\n", 1).encode("utf-8")  # C2 A0: normalised
    assert not _already_normal(spaced, spaced.decode("utf-8"))
    for data in (utf8, cp1252, spaced):
        path = tmp_path / "tuloslaskelma.csv"
        path.write_bytes(data)
        frame = read_csv(path)
        assert len(frame) == 60_000
        assert frame["Yksikkö"].iloc[-1] == "Yksikkö ä"
        assert frame["Rivi"].iloc[-1] == "59999"
        assert frame[ROW].iloc[-1] == 60_001  # the header is row 1
        assert set(frame["Summa"]) == {"12 345"}  # the no-break space read as a space


def _hide_rows(*numbers):
    def hide(sheet):
        for number in numbers:
            sheet.row_dimensions[number].hidden = True

    return hide


@pytest.mark.parametrize(
    ("rows", "edit", "message"),
    [
        (
            [["Raportti"], ["a", "b"], ["1", "2"]],
            None,
            r"t\.xlsx: no header row with the columns \['Yksikkö', 'Rivi'\] found",
        ),
        # The header on row 2, so the first data row would be row 3.
        ([["Raportti"], ["Yksikkö", "Rivi"]], None, r"t\.xlsx, row 3: has a header but no data"),
        (
            [["Yksikkö", "Rivi", "Rivi"], ["A", "B", "C"]],
            None,
            r"t\.xlsx, row 1, column 'Rivi': duplicate column header",
        ),
        # The last data row hidden (row 4: title, header, two rows).
        (
            [["Raportti"], ["Yksikkö", "Rivi"], ["A", "B"], ["C", "D"]],
            _hide_rows(4),
            r"t\.xlsx, row 4: row 4 is hidden in the workbook",
        ),
        (
            [["Yksikkö", "Rivi", None], ["A", "B", 5]],
            None,
            r"t\.xlsx, row 2: column 3 has no header but holds '5'",
        ),
    ],
)
def test_bad_xlsx_names_file_row_and_column(tmp_path, rows, edit, message):
    with pytest.raises(InputDataError, match=message):
        read_xlsx(_xlsx(tmp_path, rows, edit), required=["Yksikkö", "Rivi"])


def test_xlsx_header_on_two_rows_hidden_title_and_hidden_empty_row_below(tmp_path):
    # The labels repeated on rows 2 and 3 (as a header merged down reads): the header is row
    # 3 and the data start on row 4. A hidden title row above the table and a hidden empty
    # row below it hide nothing of the table.
    rows = [["Raportti"], ["Yksikkö", "Rivi"], ["Yksikkö", "Rivi"], ["A", "B"], ["C", "D"]]
    path = _xlsx(tmp_path, rows, _hide_rows(1, 6))
    table = read_xlsx(path, required=["Yksikkö", "Rivi"])
    assert list(table["Yksikkö"]) == ["A", "C"]
    assert list(table[ROW]) == [4, 5]


def test_a_line_with_too_many_fields_is_not_called_truncated(tmp_path):
    with pytest.raises(InputDataError, match=r"t\.csv, row 3: has 4 fields but the header has 3$"):
        read_csv(write(tmp_path, "Yksikkö;Rivi;Summa\nA;B;1\nA;B;1;2\n"), required=["Yksikkö"])


def test_xlsx_unreadable_cells_name_file_row_and_column(tmp_path):
    # A formula never calculated in a table cell: its row and column.
    path = _xlsx(tmp_path, [["Yksikkö", "Rivi"], ["A", "B"], ["C", "=SUM(1,2)"]])
    with pytest.raises(
        InputDataError, match=r"t\.xlsx, row 3, column 'Rivi': the cell holds the formula"
    ):
        read_xlsx(path, required=["Yksikkö", "Rivi"])


def test_xlsx_a_percentage_outside_the_table_is_shown_as_the_user_sees_it(tmp_path):
    # 0,5 formatted 0 % in a column without header: the user sees "50" (not a percent error).
    def percent(sheet):
        sheet["C2"].number_format = "0%"

    path = _xlsx(tmp_path, [["Yksikkö", "Rivi", None], ["A", "B", 0.5]], percent)
    with pytest.raises(
        InputDataError, match=r"t\.xlsx, row 2: column 3 has no header but holds '50'"
    ):
        read_xlsx(path, required=["Yksikkö", "Rivi"])


def test_xlsx_an_uncalculated_formula_beside_the_header_is_no_column(tmp_path):
    # A formula without a saved value cannot be a header label: the table has two columns.
    path = _xlsx(tmp_path, [["Yksikkö", "Rivi", "=A1"], ["A", "B", None]])
    table = read_xlsx(path, required=["Yksikkö", "Rivi"])
    assert list(table.columns) == ["Yksikkö", "Rivi", ROW]
    assert table.iloc[0][["Yksikkö", "Rivi"]].tolist() == ["A", "B"]
