"""Property-based tests of the CSV reader: a file is either read into strings with row numbers
or refused with the documented error naming the file; nothing else ever escapes.

(The properties of Finnish number parsing live in test_finnish.py.)"""

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.errors import InputDataError
from helpers.ingest import ROW, parse_numeric_columns, read_csv


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_read_csv_raises_only_input_data_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(data)
        try:
            table = read_csv(path, required=["Yksikkö"])
            numeric = [c for c in table.columns if c not in ("Yksikkö", ROW)]
            parsed = parse_numeric_columns(table, numeric, path)
        except InputDataError as exc:
            assert str(exc).startswith(f"file {path}")
            return
        assert "Yksikkö" in table.columns and len(table) >= 1
        assert all(parsed[c].dtype == "Float64" for c in numeric)


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
            parsed = parse_numeric_columns(table, ["Summa"], path)
        except InputDataError as exc:
            assert str(exc).startswith(f"file {path}")
            return
        assert list(table.columns) == ["Yksikkö", "Summa", ROW]
        # Row numbers are physical lines: strictly increasing, after the header on line 1.
        assert table[ROW].is_monotonic_increasing and table[ROW].iloc[0] >= 2
        # Every parsed number is a float or missing, never a string left unparsed.
        assert all(pd.isna(v) or isinstance(v, float) for v in parsed["Summa"].tolist())
