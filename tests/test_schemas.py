"""TableSpec, the pandera schemas built from it, and validation errors naming file, row and
printed column."""

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.errors import InputDataError
from helpers.schemas import (
    BOOLEAN,
    DATE,
    ENTITY,
    INTEGER,
    MONTH,
    NUMBER,
    TEXT,
    Field,
    TableSpec,
    dtype_of,
    processed_schema,
    raw_statement_schema,
    validate,
)

PERIOD_END = dt.date(2024, 6, 30)
SPEC = TableSpec(
    "deliveries",
    "toimitukset",
    ENTITY,
    (
        Field("Päivä", "date", DATE),
        Field("Määrä", "count", INTEGER, minimum=0),
        Field("Laji", "kind", allowed=("a", "b")),
        Field("Osuus %", "share", NUMBER, required=False, maximum=100),
    ),
    key=("date", "kind"),
    added=(("flagged", BOOLEAN, "set by the clean stage"),),
)
LABELS = {f.name: f.label for f in SPEC.fields}
FILE = "data/raw/x/toimitukset.csv"


def frame(**columns) -> pd.DataFrame:
    """Two valid rows on printed rows 2 and 3 (the header is row 1), at index 10 and 11 so
    that a row taken from the index instead of ``source_row`` shows."""
    data = {
        "date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
        "count": pd.array([1, 2], dtype="Int64"),
        "kind": pd.array(["a", "b"], dtype="string"),
        "share": pd.array([None, 100.0], dtype="Float64"),
        "source_file": pd.array([FILE, FILE], dtype="string"),
        "source_row": pd.array([2, 3], dtype="Int64"),
    }
    data.update(columns)
    return pd.DataFrame(data, index=[10, 11])


def check(table: pd.DataFrame) -> None:
    validate(table, processed_schema(SPEC, with_added=False), FILE, LABELS)


def test_printed_label_is_filled_in_from_the_period():
    assert Field("TP {prev}", "prior_year").printed_label(PERIOD_END) == "TP 2023"
    assert Field("TA {year}", "budget").printed_label(PERIOD_END) == "TA 2024"
    assert Field("Toteuma 1-{month}", "actual").printed_label(PERIOD_END) == "Toteuma 1-6"
    assert Field("Toteuma 1-{month}", "a").printed_label(dt.date(2025, 12, 31)) == "Toteuma 1-12"
    assert Field("Arvo", "value").printed_label(PERIOD_END) == "Arvo"


def test_field_defaults_to_a_required_text_column():
    field = Field("Arvo", "value")
    assert (field.kind, field.required, field.allowed, field.minimum, field.maximum) == (
        TEXT,
        True,
        (),
        None,
        None,
    )


def test_field_is_found_by_its_processed_name():
    assert SPEC.field("count").label == "Määrä"
    assert SPEC.field("share").label == "Osuus %"


def test_dtypes_of_the_kinds():
    assert dtype_of(TEXT) == pd.StringDtype()
    assert dtype_of(NUMBER) == pd.Float64Dtype()
    assert dtype_of(INTEGER) == pd.Int64Dtype()
    assert dtype_of(DATE) == dtype_of(MONTH) == "datetime64[ns]"
    assert dtype_of(BOOLEAN) == pd.BooleanDtype()
    with pytest.raises(KeyError):
        dtype_of("currency")


def test_processed_schema_columns_in_order_with_provenance_and_added_columns():
    assert list(processed_schema(SPEC).columns) == [
        "date",
        "count",
        "kind",
        "share",
        "source_file",
        "source_row",
        "flagged",
    ]
    assert list(processed_schema(SPEC, with_added=False).columns)[-2:] == [
        "source_file",
        "source_row",
    ]
    schema = processed_schema(SPEC)
    assert schema.columns["share"].nullable and not schema.columns["count"].nullable
    assert not schema.columns["flagged"].nullable
    assert schema.unique == ["date", "kind"]


def test_a_valid_table_passes_and_the_added_column_is_then_required():
    check(frame())
    with pytest.raises(pa.errors.SchemaError, match="flagged"):
        processed_schema(SPEC).validate(frame())
    processed_schema(SPEC).validate(frame(flagged=pd.array([False, True], dtype="boolean")))


def test_a_negative_count_names_file_row_and_printed_column():
    with pytest.raises(InputDataError) as caught:
        check(frame(count=pd.array([1, -2], dtype="Int64")))
    error = caught.value
    assert (error.file, error.row, error.column) == (FILE, 3, "Määrä")
    assert str(error) == (
        f"file {FILE}, row 3, column 'Määrä': value '-2' fails the check "
        "greater_than_or_equal_to(0)"
    )


def test_a_value_above_the_maximum_is_rejected():
    with pytest.raises(InputDataError, match=r"row 2, column 'Osuus %': value '100.5'"):
        check(frame(share=pd.array([100.5, None], dtype="Float64")))


def test_a_missing_required_value_names_its_row():
    with pytest.raises(InputDataError) as caught:
        check(frame(count=pd.array([None, 2], dtype="Int64")))
    assert str(caught.value) == f"file {FILE}, row 2, column 'Määrä': value is missing"


def test_a_missing_optional_value_is_accepted():
    check(frame(share=pd.array([None, None], dtype="Float64")))


def test_a_value_outside_the_allowed_ones_is_named():
    with pytest.raises(InputDataError) as caught:
        check(frame(kind=pd.array(["a", "c"], dtype="string")))
    assert str(caught.value) == (
        f"file {FILE}, row 3, column 'Laji': value 'c' is not allowed in 'Laji'"
    )


def test_a_column_of_the_wrong_type_names_the_column():
    with pytest.raises(InputDataError) as caught:
        check(frame(count=pd.array([1.5, 2.0], dtype="Float64")))
    error = caught.value
    assert (error.file, error.row, error.column) == (FILE, None, "Määrä")
    assert "Float64" in error.reason and "Int64" in error.reason


def test_a_missing_column_is_named_by_its_printed_label():
    with pytest.raises(InputDataError) as caught:
        check(frame().drop(columns="count"))
    error = caught.value
    assert (error.file, error.row, error.column) == (FILE, None, "Määrä")
    assert str(error) == f"file {FILE}, column 'Määrä': column is missing"


def test_an_unexpected_column_is_rejected():
    with pytest.raises(InputDataError, match="extra"):
        check(frame(extra=[1, 2]))


def test_a_duplicate_key_names_both_rows_with_a_finnish_date():
    table = frame(
        date=pd.to_datetime(["2024-03-05", "2024-03-05"]),
        kind=pd.array(["b", "b"], dtype="string"),
    )
    with pytest.raises(InputDataError) as caught:
        check(table)
    assert str(caught.value) == (
        f"file {FILE}, row 3, column 'Laji': "
        "duplicate row: Päivä '5.3.2024', Laji 'b' is already on row 2"
    )


def test_the_same_date_with_another_kind_is_no_duplicate():
    check(frame(date=pd.to_datetime(["2024-03-05", "2024-03-05"])))


STATEMENT_FILE = "tuloslaskelma.csv"


def statement(**columns) -> pd.DataFrame:
    data = {
        "Yksikkö": ["Opetus", "Opetus"],
        "Rivi": ["Myyntituotot", "Toimintakulut"],
        "TA 2024": pd.array([10.0, -20.0], dtype="Float64"),
        "_row": [2, 3],
    }
    data.update(columns)
    return pd.DataFrame(data)


def check_statement(table: pd.DataFrame) -> None:
    schema = raw_statement_schema(
        ["Opetus", "Kulttuuri"], ["Myyntituotot", "Toimintakulut"], ["TA 2024"]
    )
    validate(table, schema, STATEMENT_FILE, {}, row_column="_row")


def test_statement_schema_accepts_known_units_and_lines():
    check_statement(statement())


def test_statement_schema_names_an_unknown_unit_with_its_own_words():
    with pytest.raises(InputDataError) as caught:
        check_statement(statement(Yksikkö=["Opetus", "Liikunta"]))
    assert (
        str(caught.value)
        == "file tuloslaskelma.csv, row 3, column 'Yksikkö': unknown unit 'Liikunta'"
    )


def test_statement_schema_names_an_unknown_line():
    with pytest.raises(
        InputDataError, match=r"row 2, column 'Rivi': unknown income-statement line 'Muut'"
    ):
        check_statement(statement(Rivi=["Muut", "Toimintakulut"]))


def test_statement_schema_requires_every_amount():
    with pytest.raises(InputDataError) as caught:
        check_statement(statement(**{"TA 2024": pd.array([10.0, None], dtype="Float64")}))
    assert str(caught.value) == "file tuloslaskelma.csv, row 3, column 'TA 2024': value is missing"


def test_statement_schema_rejects_a_unit_and_line_printed_twice():
    with pytest.raises(InputDataError) as caught:
        check_statement(statement(Rivi=["Myyntituotot", "Myyntituotot"]))
    assert str(caught.value) == (
        "file tuloslaskelma.csv, row 3, column 'Rivi': "
        "duplicate row: Yksikkö 'Opetus', Rivi 'Myyntituotot' is already on row 2"
    )


def test_statement_schema_leaves_other_printed_columns_alone():
    check_statement(statement(**{"TOT-%": ["50,0", "x"]}))
