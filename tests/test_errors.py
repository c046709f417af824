"""InputDataError: the message an analyst reads names the file, then the row and column."""

from pathlib import Path

import pytest

from helpers.errors import InputDataError


def test_file_row_and_column_are_named_in_that_order():
    error = InputDataError(
        "value 'x' is not a number", file="raw/hankkeet.csv", row=7, column="Kokonaisrahoitus €"
    )
    assert str(error) == (
        "file raw/hankkeet.csv, row 7, column 'Kokonaisrahoitus €': value 'x' is not a number"
    )
    assert (error.file, error.row, error.column) == ("raw/hankkeet.csv", 7, "Kokonaisrahoitus €")
    assert error.reason == "value 'x' is not a number"


def test_unknown_row_and_column_are_left_out():
    assert str(InputDataError("empty file", file="a.csv")) == "file a.csv: empty file"
    assert str(InputDataError("no header", file="a.csv", row=1)) == "file a.csv, row 1: no header"
    assert str(InputDataError("missing", file="a.csv", column="Vuosi")) == (
        "file a.csv, column 'Vuosi': missing"
    )


def test_row_zero_is_a_row_not_an_unknown_one():
    # ``if row`` instead of ``if row is not None`` would drop it.
    assert str(InputDataError("bad", file="a.csv", row=0)) == "file a.csv, row 0: bad"


def test_a_path_is_shown_as_the_user_typed_it():
    error = InputDataError("bad", file=Path("data") / "raw" / "vaesto.csv", row=3)
    assert error.file == str(Path("data") / "raw" / "vaesto.csv")
    assert str(error).startswith(f"file {Path('data') / 'raw' / 'vaesto.csv'}, row 3: ")


def test_it_is_a_value_error_so_callers_catching_bad_values_catch_it():
    with pytest.raises(ValueError, match=r"^file a\.csv, row 2, column 'A': bad$"):
        raise InputDataError("bad", file="a.csv", row=2, column="A")


def test_file_is_required_and_the_rest_keyword_only():
    with pytest.raises(TypeError):
        InputDataError("bad")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        InputDataError("bad", "a.csv")  # type: ignore[misc]
