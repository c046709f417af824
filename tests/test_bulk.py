"""Bulk reading and parsing: the vectorised paths give what the row-by-row ones give, and a bad
cell is still named by its row and column (the first one in row order)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import catalog
from helpers.bulk import (
    CellError,
    FieldCountError,
    categorical,
    codes,
    integer_codes,
    map_unique,
    max_decimals,
    parse_numbers,
    plain_texts,
    split_csv,
    text_dtype,
)
from helpers.errors import InputDataError
from helpers.finnish import normalise_text, parse_number
from helpers.ingest import ROW, load_table, parse_numeric_columns, read_csv

LEDGER = catalog.MONTHLY_ACTUALS.raw


def test_split_csv_skips_blank_lines_and_numbers_rows_as_the_file_does():
    text = "a;b\n1;2\n\n;\n3;4\n"
    frame, rows = split_csv(text, ["a", "b"])
    assert rows.tolist() == [2, 5]
    # The two cells of each kept line, and nothing else (no column of old positions).
    assert frame.columns.tolist() == ["a", "b"] and frame.index.tolist() == [0, 1]
    assert frame["a"].tolist() == ["1", "3"]
    assert frame["b"].tolist() == ["2", "4"]


def test_split_csv_keeps_empty_cells_as_empty_text():
    frame, rows = split_csv("a;b;c\nx;;z", ["a", "b", "c"])  # no final newline
    assert rows.tolist() == [2]
    assert frame.iloc[0].tolist() == ["x", "", "z"]


def test_split_csv_names_the_first_line_with_a_wrong_field_count():
    with pytest.raises(FieldCountError) as caught:
        split_csv("a;b\n1;2\n\n3;4;5\n6\n", ["a", "b"])
    assert (caught.value.row, caught.value.fields) == (4, 3)
    assert str(caught.value) == "row 4 has 3 fields"


@pytest.mark.parametrize(
    "text",
    [
        'a;b\n"1";2\n',
        "a;b\n1 ;2\n",  # a space before a delimiter
        "a;b\n1; 2\n",  # a space after a delimiter
        "a;b\n1;2\n 3;4\n",  # a space after a line end
        " a;b\n1;2",  # a space as the file's first byte (no final newline)
        "a;b\n1;2 ",  # a space as the file's last byte
        "a;b\r1;2\r",
        "a;b\n1;" + "x" * (1 << 21) + "\n",  # a line over two of pyarrow's 1 MiB blocks
    ],
)
def test_split_csv_leaves_quotes_padding_and_old_mac_lines_to_the_csv_module(text):
    assert split_csv(text, ["a", "b"]) is None


def test_split_csv_reads_inner_spaces_windows_line_ends_and_its_own_column_names():
    # Spaces inside cells (a two-word header, digit groups, "y z" ending the file) are no
    # padding; CRLF line ends are plain line ends. The frame takes the caller's (stripped)
    # column names, not the header line's texts.
    frame, rows = split_csv("a b;c\r\nx;1 234\r\ny;y z", ["first", "second"])
    assert list(frame.columns) == ["first", "second"]
    assert frame.values.tolist() == [["x", "1 234"], ["y", "y z"]]
    assert rows.tolist() == [2, 3]


def test_split_csv_reads_a_last_line_of_one_character_without_newline():
    frame, rows = split_csv("a\n1\n2", ["a"])
    assert frame["a"].tolist() == ["1", "2"]
    assert rows.tolist() == [2, 3]


def test_read_csv_header_only_without_newline_has_no_data_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b", encoding="utf-8")
    with pytest.raises(InputDataError, match="no data rows") as caught:
        read_csv(path)
    assert (caught.value.file, caught.value.row) == (str(path), 2)


def test_read_csv_fast_and_slow_paths_agree(tmp_path):
    fast = tmp_path / "fast.csv"
    slow = tmp_path / "slow.csv"
    fast.write_text("Yksikkö;Euroa\r\nA;1 234,50\r\n\r\nB;-7\r\n", encoding="utf-8")
    slow.write_text('Yksikkö;Euroa\r\n"A";1 234,50\r\n\r\nB;-7\r\n', encoding="utf-8")
    pd.testing.assert_frame_equal(read_csv(fast), read_csv(slow))
    assert read_csv(fast)[ROW].tolist() == [2, 4]


def test_read_csv_wrong_field_count_names_the_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n3\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"row 3.*has 1 fields but the header has 2"):
        read_csv(path)


def test_parse_numbers_plain_cells_in_bulk_and_the_others_cell_by_cell():
    texts = pd.Series(["1 234,5", "-7", "(3)", "", None, "12 345 678", "0,05"], dtype="string")
    values, failed, error = parse_numbers(texts, parse_number)
    assert failed is None and error is None
    expected = [1234.5, -7.0, -3.0, math.nan, math.nan, 12_345_678.0, 0.05]
    np.testing.assert_array_equal(values, np.array(expected))


def test_parse_numbers_reports_the_first_bad_cell_in_row_order():
    texts = pd.Series(["1", "2,5", "1.5", "x", "3"], dtype="string")
    _, failed, error = parse_numbers(texts, parse_number)
    assert failed == 2
    assert "decimal point" in str(error)


def test_misgrouped_number_is_not_taken_by_the_bulk_path():
    # "12 34" matches no plain form: the per-cell parser rejects it.
    _, failed, error = parse_numbers(pd.Series(["12 34"], dtype="string"), parse_number)
    assert failed == 0 and "misplaced thousands separator" in str(error)


def test_parse_numeric_columns_names_row_and_column(tmp_path):
    frame = pd.DataFrame({"Euroa": ["1", "", "x"], ROW: [2, 3, 4]}, dtype="string")
    frame[ROW] = [2, 3, 4]
    with pytest.raises(InputDataError) as caught:
        parse_numeric_columns(frame, ["Euroa"], tmp_path / "f.csv", required=True)
    # The blank cell on row 3 comes before the bad one on row 4.
    assert caught.value.row == 3 and caught.value.column == "Euroa"
    assert "value is missing" in str(caught.value)


def test_map_unique_maps_each_distinct_value_once_and_names_the_first_bad_row():
    calls = []

    def double(text):
        calls.append(text)
        if text == "bad":
            raise ValueError("bad value")
        return None if text is None else text * 2

    assert map_unique(pd.Series(["a", "b", "a", None]), double) == ["aa", "bb", "aa", None]
    assert calls == ["a", "b", None]
    with pytest.raises(CellError) as caught:
        map_unique(pd.Series(["a", "b", "bad", "a", "bad"]), double)
    assert caught.value.position == 2


def _ledger(tmp_path, body: str):
    folder = tmp_path / "raw" / "kunta"
    folder.mkdir(parents=True)
    (folder / "kuukausitoteumat.csv").write_text(
        "Yksikkö;Rivi;Kuukausi;Euroa\n" + body, encoding="utf-8"
    )
    return load_table(LEDGER, tmp_path / "raw", "kunta", "2024-06-30")


def test_ledger_reads_months_and_euros(tmp_path):
    table, _ = _ledger(tmp_path, "A;Palkat;1.2024;-1 000,50\nA;Palkat;2.2024;-999\n")
    assert table["amount"].tolist() == [-1000.5, -999.0]
    assert table["month"].tolist() == [pd.Timestamp(2024, 1, 1), pd.Timestamp(2024, 2, 1)]
    assert table["source_row"].tolist() == [2, 3]


def test_ledger_bad_month_names_its_first_row(tmp_path):
    body = "A;Palkat;1.2024;1\nA;Palkat;13.2024;2\nB;Palkat;13.2024;3\n"
    with pytest.raises(InputDataError) as caught:
        _ledger(tmp_path, body)
    assert (caught.value.row, caught.value.column) == (3, "Kuukausi")


def test_ledger_bad_amount_names_row_and_column(tmp_path):
    body = "A;Palkat;1.2024;1\nA;Palkat;2.2024;1 23\nA;Palkat;3.2024;2\n"
    with pytest.raises(InputDataError) as caught:
        _ledger(tmp_path, body)
    assert (caught.value.row, caught.value.column) == (3, "Euroa")


def test_normalise_text_without_reading_every_character_one_by_one():
    assert normalise_text("a\u00a0b\u200bc\u202fd") == "a bc d"
    assert normalise_text("Yksikko\u0308") == "Yksikkö"  # NFC
    assert normalise_text("plain") == "plain"


def test_codes_of_a_categorical_number_texts_by_first_appearance_with_gaps():
    from helpers.bulk import codes

    # Categories in alphabetical order, the rows in another: "b" appears first, so it is 0.
    column = pd.Series(pd.Categorical(["b", None, "a", "b", None], categories=["a", "b", "c"]))
    found, uniques = codes(column)
    assert found.dtype == np.int64
    assert found.tolist() == [0, -1, 1, 0, -1]  # a missing text is -1, as pd.factorize says
    assert uniques.tolist() == ["b", "a"]  # the unused category "c" is not listed
    expected, expected_uniques = pd.factorize(column.astype(object))
    assert found.tolist() == expected.tolist()
    assert uniques.tolist() == list(expected_uniques)
    # Numbered by each category's first row (a 0, b 1, c 3): a, b, c. (Each category's
    # last row, counted from the end, would put c first: c 0, a 1, b 2.)
    later = pd.Series(pd.Categorical(["a", "b", "a", "c"], categories=["c", "b", "a"]))
    found, uniques = codes(later)
    assert found.tolist() == [0, 1, 0, 2] and uniques.tolist() == ["a", "b", "c"]


def test_parse_numbers_leaves_blank_and_missing_cells_to_the_caller():
    def refuse(text):
        raise ValueError(f"parsed {text!r}")

    # Only "x" reaches the per-cell parser; "" and None stay NaN, "2" is plain.
    texts = pd.Series(["", None, "2", "x"], dtype="string")
    values, failed, error = parse_numbers(texts, refuse)
    assert failed == 3 and str(error) == "parsed 'x'"
    np.testing.assert_array_equal(values, [math.nan, math.nan, 2.0, math.nan])


def test_max_decimals_counts_significant_digits_after_the_last_comma():
    # "130,90" shows 1 (the trailing zero says nothing), "-0,125" 3, "1 234" none;
    # "1,5a" has a letter after its digits and "2,00" only zeros: they count 0.
    texts = pd.Series(["130,90", None, "1 234", "-0,125", "1,5a", "2,00"], dtype="string")
    assert max_decimals(texts) == 3
    assert max_decimals(pd.Series(["2,00", "7"], dtype="string")) == 0
    assert max_decimals(pd.Series([None, None], dtype="string")) == 0


def test_integer_codes_number_values_by_first_appearance():
    # Negative values, a gap (2 and 4 absent) and int32: codes 0, 1, 0, 2 and the uniques in
    # order of first appearance, of the input's dtype.
    found, uniques = integer_codes(np.array([5, -1, 5, 3], dtype=np.int32))
    assert found.tolist() == [0, 1, 0, 2] and found.dtype == np.int64
    assert uniques.tolist() == [5, -1, 3] and uniques.dtype == np.int32
    found, uniques = integer_codes(np.array([-3, -1, -3, -2]))
    assert found.tolist() == [0, 1, 0, 2] and uniques.tolist() == [-3, -1, -2]
    found, uniques = integer_codes(np.array([7]))
    assert found.tolist() == [0] and uniques.tolist() == [7]


def test_integer_codes_of_no_values_are_empty_integer_arrays():
    found, uniques = integer_codes(np.array([], dtype=np.int32))
    assert found.dtype == np.int64 and len(found) == 0
    assert uniques.dtype == np.int32 and len(uniques) == 0


def test_integer_codes_of_values_far_apart_need_no_table_as_long_as_their_span():
    # A span of 2**40 (a table of 8 TiB) is hashed instead.
    found, uniques = integer_codes(np.array([0, -(2**40), 0]))
    assert found.tolist() == [0, 1, 0] and found.dtype == np.int64
    assert uniques.tolist() == [0, -(2**40)]


def test_codes_of_integer_and_string_columns_with_missing_values():
    found, uniques = codes(pd.Series([2024, None, 2023, 2024], dtype="Int64"))
    assert found.tolist() == [0, -1, 1, 0] and list(uniques) == [2024, 2023]
    found, uniques = codes(pd.Series([2024, 2023, 2024]))
    assert found.tolist() == [0, 1, 0]
    assert list(uniques) == [2024, 2023] and uniques.dtype == np.int64
    found, uniques = codes(pd.Series(["b", None, "a", "b"], dtype="string[python]"))
    assert found.tolist() == [0, -1, 1, 0] and list(uniques) == ["b", "a"]
    found, uniques = codes(pd.Series(["b", None, "a", "b"], dtype="string[pyarrow]"))
    assert found.tolist() == [0, -1, 1, 0] and list(uniques) == ["b", "a"]


def test_categorical_takes_names_by_position_and_plain_texts_gives_them_back():
    # Position -1 is a missing text; the repeated name "a" is one category.
    column = categorical(["a", "b", "a"], np.array([1, -1, 0, 2]))
    assert column.categories.tolist() == ["a", "b"] and column.categories.dtype == "str"
    texts = plain_texts(pd.DataFrame({"unit": column, "amount": [1.0, 2.0, 3.0, 4.0]}))
    assert texts["unit"].dtype == "str"
    assert texts["unit"].tolist()[0] == "b" and texts["unit"].isna().tolist()[1]
    assert texts["unit"].tolist()[2:] == ["a", "a"]
    assert texts["amount"].tolist() == [1.0, 2.0, 3.0, 4.0]
    # Categories of another text dtype (Python-backed strings) come back in that dtype.
    column = categorical(["x", "y"], np.array([1, 0, -1]), dtype="string[python]")
    assert column.categories.dtype == "string[python]"
    texts = plain_texts(pd.DataFrame({"line": column}))
    assert texts["line"].dtype == "string[python]"
    assert texts["line"].tolist()[:2] == ["y", "x"] and texts["line"].isna().tolist()[2]


def test_text_dtype_of_text_categorical_and_other_columns():
    assert text_dtype(pd.Series(["a"], dtype="string")) == "string"
    assert text_dtype(pd.Series(pd.Categorical(["a"]))) == pd.Series(["a"]).dtype
    assert text_dtype(pd.Series([math.nan])) == "str"  # no texts at all: pandas' default


def test_plain_texts_of_a_large_table_give_the_freed_heap_back_and_the_same_texts():
    from helpers.bulk import release_freed_memory

    # 100 002 rows (over the size from which the heap is trimmed first): 'b', 'a', missing.
    codes = np.tile(np.array([1, 0, -1], dtype=np.int8), 33_334)
    categories = pd.Index(pd.array(["a", "b"], dtype="str"))
    column = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))
    texts = plain_texts(pd.DataFrame({"unit": column}))["unit"]
    assert str(texts.dtype) == "str"
    assert texts.iloc[:3].tolist()[:2] == ["b", "a"] and pd.isna(texts.iloc[2])
    assert texts.value_counts().to_dict() == {"b": 33_334, "a": 33_334}
    assert int(texts.isna().sum()) == 33_334
    release_freed_memory()  # never raises, whatever the C library
