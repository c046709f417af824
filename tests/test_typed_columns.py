"""Raw text columns to typed columns (helpers.typed_columns): values worked out by hand, and
the first bad cell in row order named by file, row and column."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import InputDataError
from helpers.schemas import DATE, INTEGER, MONTH, NUMBER, TEXT, Field
from helpers.typed_columns import (
    ROW,
    date_window,
    number_unit,
    parse_field,
    parse_numeric_columns,
)

PATH = Path("data/raw/x/t.csv")
# Runs for 30.6.2024 on 16.8.2024: dates from 1.1.1900 to 31.12.2025 are plausible.
WINDOW = (dt.date(1900, 1, 1), dt.date(2025, 12, 31))


def raw(column, *texts):
    """A raw table as the readers leave it: texts, and the file's row numbers from row 2."""
    return pd.DataFrame({column: list(texts), ROW: range(2, 2 + len(texts))})


def test_finnish_numbers_in_every_printed_form():
    table = raw("Summa", "-15 134 455", "50,58", "\u22121\u00a0310", "\u2013 7", "", "1 000 €")
    parsed = parse_numeric_columns(table, ["Summa"], PATH, unit="€")["Summa"]
    assert list(parsed[:4]) == [-15_134_455.0, 50.58, -1_310.0, -7.0]
    assert pd.isna(parsed[4])  # a blank stays missing, never 0
    assert parsed[5] == 1_000.0
    assert str(parsed.dtype) == "Float64"


def test_the_first_bad_cell_in_row_order_is_named():
    table = raw("Summa", "1 000", "n/a", "x")
    with pytest.raises(InputDataError, match=r"t\.csv, row 3, column 'Summa': not a Finnish"):
        parse_numeric_columns(table, ["Summa"], PATH)


def test_a_required_blank_before_a_bad_cell_is_reported_first():
    table = raw("Summa", "1", "", "n/a")
    with pytest.raises(InputDataError, match=r"t\.csv, row 3, column 'Summa': value is missing"):
        parse_numeric_columns(table, ["Summa"], PATH, required=True)
    # Not required: the blank is fine and the text at row 4 is the error.
    with pytest.raises(InputDataError, match=r"row 4, column 'Summa'"):
        parse_numeric_columns(table, ["Summa"], PATH)


def test_a_per_cent_sign_only_where_the_column_allows_it():
    assert parse_numeric_columns(raw("P", "50,58 %"), ["P"], PATH, unit="%")["P"][0] == 50.58
    with pytest.raises(InputDataError, match=r"row 2, column 'P'"):
        parse_numeric_columns(raw("P", "50,58 %"), ["P"], PATH, unit="€")


@pytest.mark.parametrize(
    ("unit", "label", "expected"),
    [
        ("%", "Määrä", "%"),  # the field's own sign wins over its label
        (None, "TOT-%", "%"),
        (None, "Euroa (€)", "€"),
        (None, "Määrä", None),
    ],
)
def test_number_unit(unit, label, expected):
    assert number_unit(Field(label, "x", NUMBER, unit=unit), label) == expected


def test_date_window_runs_from_1900_to_the_end_of_the_year_after_the_period():
    period = dt.date(2024, 6, 30)
    assert date_window(period, today=dt.date(2024, 8, 16)) == WINDOW
    # An old period run again later: the data may hold dates up to the current year.
    assert date_window(period, today=dt.date(2026, 11, 29))[1] == dt.date(2027, 12, 31)


def test_dates_and_months_parse_within_the_window():
    dates = parse_field(
        raw("Pvm", "31.12.2023", "1.1.1900", ""), Field("Pvm", "d", DATE), "Pvm", WINDOW, PATH
    )
    assert list(dates[:2]) == [pd.Timestamp(2023, 12, 31), pd.Timestamp(1900, 1, 1)]
    assert pd.isna(dates[2])
    months = parse_field(
        raw("Kk", "6.2024", "12.2025"), Field("Kk", "m", MONTH), "Kk", WINDOW, PATH
    )
    assert list(months) == [pd.Timestamp(2024, 6, 1), pd.Timestamp(2025, 12, 1)]


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (
            DATE,
            "1.1.2026",
            r"implausible date 1\.1\.2026: expected one from 1\.1\.1900 to "
            r"31\.12\.2025; is the year mistyped\?",
        ),
        (DATE, "31.12.1899", r"implausible date 31\.12\.1899"),
        (MONTH, "1.2026", r"implausible month 1\.2026: expected one from 1\.1900 to 12\.2025"),
        (MONTH, "13.2024", r"not a month \(expected m\.yyyy"),
        (MONTH, "6.24", r"not a month"),
    ],
)
def test_implausible_dates_name_row_and_column(kind, text, message):
    table = raw("Pvm", "1.1.2024" if kind == DATE else "1.2024", text)
    with pytest.raises(InputDataError, match=r"t\.csv, row 3, column 'Pvm': " + message):
        parse_field(table, Field("Pvm", "d", kind), "Pvm", WINDOW, PATH)


def test_an_integer_column_refuses_decimals_at_their_row():
    counts = parse_field(
        raw("Lkm", "1 200", "7", ""), Field("Lkm", "n", INTEGER), "Lkm", WINDOW, PATH
    )
    assert list(counts[:2]) == [1_200, 7] and pd.isna(counts[2])
    with pytest.raises(InputDataError, match=r"row 3, column 'Lkm': not a whole number: '7,5'"):
        parse_field(raw("Lkm", "7", "7,5", "x"), Field("Lkm", "n", INTEGER), "Lkm", WINDOW, PATH)


def test_text_columns_stay_text():
    texts = parse_field(raw("T", "Rainion päiväkoti", ""), Field("T", "t", TEXT), "T", WINDOW, PATH)
    assert texts[0] == "Rainion päiväkoti"


def test_a_number_column_parses_its_printed_forms_cell_by_cell_with_its_labels_unit():
    # Cells outside the plain "-1 234,5" form go through the per-cell parser, with the sign
    # the label allows: "Summa €" allows a trailing euro sign, not a per cent sign.
    field = Field("Summa €", "s", NUMBER)
    table = raw("Summa €", "1 000 €", "\u2212 5", "(3)", "12")
    parsed = parse_field(table, field, "Summa €", WINDOW, PATH)
    assert list(parsed) == [1_000.0, -5.0, -3.0, 12.0]
    assert parsed.dtype == pd.Float64Dtype()
    with pytest.raises(InputDataError, match=r"t\.csv, row 3, column 'Summa €': .*percent sign"):
        parse_field(raw("Summa €", "1 €", "5 %"), field, "Summa €", WINDOW, PATH)


def test_an_integer_column_parses_signed_cells_and_refuses_their_decimals():
    field = Field("Lkm", "n", INTEGER)
    # Unicode minus and accounting parentheses: -12 and -3, whole numbers; a cell of spaces
    # only is blank (missing), never 0.
    counts = parse_field(raw("Lkm", "\u221212", "(3)", "4", "  "), field, "Lkm", WINDOW, PATH)
    assert list(counts[:3]) == [-12, -3, 4] and pd.isna(counts[3])
    assert counts.dtype == pd.Int64Dtype()
    # A label naming euros allows the euro sign in a whole-number column too.
    euros = Field("Hinta €", "h", INTEGER)
    assert list(parse_field(raw("Hinta €", "12 €"), euros, "Hinta €", WINDOW, PATH)) == [12]
    # "−7,5" (Unicode minus) is not in the plain form: refused by the per-cell parser.
    with pytest.raises(
        InputDataError, match=r"t\.csv, row 3, column 'Lkm': not a whole number: '−7,5'"
    ):
        parse_field(raw("Lkm", "1", "\u22127,5", "x"), field, "Lkm", WINDOW, PATH)
    # A plain cell with decimals and no other bad cell: the plain cell is the error.
    with pytest.raises(
        InputDataError, match=r"t\.csv, row 3, column 'Lkm': not a whole number: '7,5'"
    ):
        parse_field(raw("Lkm", "7", "7,5"), field, "Lkm", WINDOW, PATH)


def test_the_last_day_of_the_window_is_plausible():
    # WINDOW ends 31.12.2025: that day is accepted, the next refused (see above).
    dates = parse_field(raw("Pvm", "31.12.2025"), Field("Pvm", "d", DATE), "Pvm", WINDOW, PATH)
    assert list(dates) == [pd.Timestamp(2025, 12, 31)]


def test_missing_cells_are_blank_and_the_rows_keep_their_index():
    # A table filtered by the reader keeps its row labels (here 5 and 6): the parsed column
    # must line up with them, and a missing (None) cell is blank, not the text "None".
    table = raw("Pvm", "30.6.2024", None)
    table.index = [5, 6]
    dates = parse_field(table, Field("Pvm", "d", DATE), "Pvm", WINDOW, PATH)
    assert list(dates.index) == [5, 6]
    assert dates[5] == pd.Timestamp(2024, 6, 30) and pd.isna(dates[6])
    # A text column of blanks only is still a text column.
    texts = parse_field(raw("T", "", None), Field("T", "t", TEXT), "T", WINDOW, PATH)
    assert texts.dtype == pd.StringDtype() and texts.isna().all()
