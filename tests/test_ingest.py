"""Reading Finnish CSV and xlsx exports: encodings, separators, errors with file/row/column."""

import pandas as pd
import pytest

from helpers.errors import InputDataError
from helpers.ingest import ROW, parse_numeric_columns, read_csv, read_table, read_xlsx

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
