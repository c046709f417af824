"""Known adjustments (helpers.forecast.adjustments): validated against the statement as
printed, then summed per unit and line. SYNTHETIC entity of tests/forecast_entity.py."""

import numpy as np
import pandas as pd
import pytest
from forecast_entity import AREA_A, AREA_B, CONFIG, COST, DEPARTMENT, FINANCE, INCOME, NET

from helpers.errors import InputDataError
from helpers.forecast.adjustments import (
    ADJUSTMENTS_FILE,
    adjustment_totals,
    validate_adjustments,
    where_from,
)

PRINTED = {(AREA_A, INCOME), (AREA_A, COST), (AREA_A, NET), (AREA_B, COST), (DEPARTMENT, COST)}


def adjustment(unit, line, amount=-1_000.0, row=None, file=None):
    return {"unit": unit, "line": line, "amount": amount, "source_file": file, "source_row": row}


def test_the_default_file_is_the_raw_adjustments_file():
    assert ADJUSTMENTS_FILE == "ennusteen_oikaisut"


def test_where_from_reads_the_rows_provenance():
    row = pd.Series({"source_file": "oikaisut.csv", "source_row": 4.0})
    assert where_from(row) == {"file": "oikaisut.csv", "row": 4}
    assert isinstance(where_from(row)["row"], int)
    # Without provenance (a table built in code): the default file, no row.
    assert where_from(pd.Series({"unit": "x"})) == {"file": "ennusteen_oikaisut", "row": None}
    missing = pd.Series({"source_file": np.nan, "source_row": np.nan})
    assert where_from(missing, "johdon_arviot") == {"file": "johdon_arviot", "row": None}
    assert where_from(pd.Series({"source_file": None, "source_row": 7}), "f") == {
        "file": "f",
        "row": 7,
    }


def test_valid_adjustments_pass():
    frame = pd.DataFrame([adjustment(AREA_A, INCOME), adjustment(DEPARTMENT, COST)])
    assert validate_adjustments(frame, PRINTED, CONFIG) is None


def test_an_unknown_unit_is_named_with_file_row_and_column():
    frame = pd.DataFrame([adjustment("Alue C", INCOME, row=3, file="oikaisut.csv")])
    with pytest.raises(InputDataError) as error:
        validate_adjustments(frame, PRINTED, CONFIG)
    assert str(error.value) == ("file oikaisut.csv, row 3, column 'Yksikkö': unknown unit 'Alue C'")


def test_a_subtotal_cannot_be_adjusted():
    frame = pd.DataFrame([adjustment(AREA_A, NET, row=2)])
    with pytest.raises(InputDataError) as error:
        validate_adjustments(frame, PRINTED, CONFIG)
    assert str(error.value) == (
        "file ennusteen_oikaisut, row 2, column 'Rivi': 'Kate' is a subtotal (the sum of "
        "Tuotot, Kulut); an adjustment must name the line it concerns"
    )


def test_a_line_the_unit_does_not_print_cannot_be_adjusted():
    frame = pd.DataFrame([adjustment(AREA_B, INCOME, row=5)])
    with pytest.raises(InputDataError) as error:
        validate_adjustments(frame, PRINTED, CONFIG)
    assert str(error.value) == (
        "file ennusteen_oikaisut, row 5, column 'Rivi': unit 'Alue B' does not print the "
        "line 'Tuotot' (its lines: Kulut)"
    )
    lines_of_a = pd.DataFrame([adjustment(AREA_A, FINANCE, row=6)])
    with pytest.raises(InputDataError, match=r"\(its lines: Tuotot, Kulut, Kate\)$"):
        validate_adjustments(lines_of_a, PRINTED, CONFIG)
    with pytest.raises(InputDataError, match=r"\(its lines: none\)$"):
        validate_adjustments(pd.DataFrame([adjustment(AREA_B, INCOME)]), set(), CONFIG)


def test_the_first_bad_row_stops_the_run():
    frame = pd.DataFrame([adjustment(AREA_A, INCOME, row=2), adjustment("X", INCOME, row=3)])
    with pytest.raises(InputDataError, match="row 3"):
        validate_adjustments(frame, PRINTED, CONFIG)


def test_adjustment_totals_per_unit_and_line():
    frame = pd.DataFrame(
        [
            adjustment(AREA_A, INCOME, 1_000.0),
            adjustment(AREA_A, COST, -250.0),
            adjustment(AREA_A, INCOME, 500.5),  # a second item of the same line: 1 500.5
            adjustment(AREA_B, INCOME, -20.0),
        ]
    )
    totals = adjustment_totals(frame)
    assert totals == {(AREA_A, INCOME): 1_500.5, (AREA_A, COST): -250.0, (AREA_B, INCOME): -20.0}
    assert all(type(value) is float for value in totals.values())
    assert adjustment_totals(None) == {}
    assert adjustment_totals(frame.iloc[:0]) == {}
