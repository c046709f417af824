"""Property-based tests: nothing but the documented error type ever escapes the parsers."""

import math
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.errors import InputDataError
from helpers.finnish import format_number, parse_number
from helpers.ingest import parse_numeric_columns, read_csv

NUMBERISH = st.text(alphabet="0123456789 ,.-+\u2212\u00a0\u202fe", max_size=20)


@given(st.one_of(st.text(max_size=30), NUMBERISH))
def test_parse_number_returns_a_number_or_raises_value_error(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value is None or math.isfinite(value)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_whole_euros_parse_back(value):
    assert parse_number(format_number(value)) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_formatted_cents_parse_back(value):
    assert parse_number(format_number(float(value), 2)) == float(value)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_read_csv_raises_only_input_data_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(data)
        try:
            table = read_csv(path, required=["Yksikkö"])
            parse_numeric_columns(table, [c for c in table.columns if c != "_row"], path)
        except InputDataError as exc:
            assert str(exc).startswith(f"file {path}")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet='ab;"\n 1,-', max_size=6), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_read_csv_on_semicolon_shaped_text(rows):
    text = "Yksikkö;Summa\n" + "\n".join(";".join(cells) for cells in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        try:
            table = read_csv(path, required=["Yksikkö"])
            parse_numeric_columns(table, ["Summa"], path)
        except InputDataError:
            pass
