"""The forecast of a whole statement (helpers.forecast.hierarchy): leaves forecast, every
other row summed, the department = Σ areas + its own amounts. SYNTHETIC entity and statement
of tests/forecast_entity.py at 30.6. (elapsed 0.5), worked out by hand.

The leaves, by hand (z(0.90) = 1.2815516):
* A Tuotot: share 400 / 1 000 = 0.4, profile 450 / 0.4 = 1 125; run rate 900; budget pace
  450 + 500 = 950. Rule: cv 0.06 + 0.4 × 0.1 = 0.1, rest max(675, 500), half z × 0.1 × 675
  = 86.5047.
* A Kulut: share 0.5, profile −2 400; run rate −2 400; budget pace −1 200 − 1 100 = −2 300.
  cv 0.06, rest max(1 200, 1 100), half z × 0.06 × 1 200 = 92.2717.
* A Rahoitus: share 0.5, profile −12; budget 0: budget pace −6. half z × 0.06 × 6 = 0.4614.
* B Kulut: nothing booked against −1 000: the budget, interval −1 000 … 0 (last year's
  −1 000 is not farther). Profile 0 / 0.5 = 0, run rate 0, budget pace −500.
* The department's own Tuotot: 456 − 450 = 6 € in TOT only, within 3 € × 2 areas: rounding,
  carried on as budgeted: 6 + 0 × 0.5 = 6, no width.
* The department's own Kulut: TP −200, TOT 2023 −100, TA −200, TOT −120: a real amount,
  profile −120 / 0.5 = −240; run rate −240; budget pace −120 − 100 = −220; cv 0.06, rest
  max(120, 100), half z × 0.06 × 120 = 9.2272.
"""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from forecast_entity import (
    AREA_A,
    AREA_B,
    CONFIG,
    COST,
    DEPARTMENT,
    FINANCE,
    INCOME,
    MID_YEAR,
    NET,
    RESULT,
    statement,
)

from helpers.errors import InputDataError
from helpers.forecast.hierarchy import (
    ROUNDING_REASON,
    _department_only,
    _forecast_department_only,
    _leaf_row,
    _nan_sum,
    _sum_row,
    assemble,
    forecast_leaf_table,
    leaf_lines,
    statement_inputs,
)

Z80 = 1.2815516
HALF_A_INCOME, HALF_A_COST, HALF_A_FINANCE = Z80 * 0.1 * 675, Z80 * 0.06 * 1_200, Z80 * 0.06 * 6
HALF_OWN_COST = Z80 * 0.06 * 120
PROFILE_REASON = "edellisen vuoden 2023 kausiprofiili (50 % kertynyt)"


def test_leaf_lines_expand_subtotals_of_subtotals():
    assert leaf_lines(CONFIG) == {
        INCOME: (INCOME,),
        COST: (COST,),
        NET: (INCOME, COST),
        FINANCE: (FINANCE,),
        RESULT: (INCOME, COST, FINANCE),
    }


def test_a_subtotal_printed_without_its_parts_is_a_leaf():
    # A note of Kate only: Kate is forecast from itself; Tulos from Kate and Rahoitus.
    only_net = leaf_lines(CONFIG, {NET, FINANCE, RESULT})
    assert only_net[NET] == (NET,) and only_net[RESULT] == (NET, FINANCE)
    assert only_net[INCOME] == (INCOME,)
    # One part printed is enough for the subtotal to be its parts' sum.
    assert leaf_lines(CONFIG, {NET, INCOME})[NET] == (INCOME, COST)
    # Tulos alone: nothing below it is printed.
    assert leaf_lines(CONFIG, {RESULT})[RESULT] == (RESULT,)
    assert leaf_lines(CONFIG, set())[RESULT] == (INCOME, COST, FINANCE)


def test_statement_inputs_wide_with_months_and_year():
    wide, months, year = statement_inputs(statement(MID_YEAR, 6))
    assert (months, year) == (6, 2024)
    assert list(wide.columns) == ["prior_year", "prior_ytd", "budget", "actual"]
    assert wide.columns.name is None
    assert wide.loc[(AREA_A, INCOME)].tolist() == [1_000, 400, 1_000, 450]
    assert wide.loc[(DEPARTMENT, COST)].tolist() == [-3_200, -1_600, -3_400, -1_320]
    assert list(wide.index)[:2] == [(AREA_A, INCOME), (AREA_A, COST)]  # statement order


def test_statement_inputs_without_some_measures():
    # An export without last year's columns: both are NaN, the rest as printed, at 31.8.
    no_prior = {key: (None, None, ta, tot) for key, (_, _, ta, tot) in MID_YEAR.items()}
    wide, months, year = statement_inputs(statement(no_prior, 8, 2025))
    assert (months, year) == (8, 2025)
    assert wide["prior_year"].isna().all() and wide["prior_ytd"].isna().all()
    assert wide.loc[(AREA_B, COST), "budget"] == -1_000


def test_department_only_amounts_and_rounding():
    wide, _, _ = statement_inputs(statement(MID_YEAR, 6))
    residual, rounding = _department_only(wide, CONFIG, {INCOME, COST, FINANCE})
    residual = residual.set_index("line")
    assert set(residual["unit"]) == {DEPARTMENT}
    assert residual.loc[INCOME, ["prior_year", "prior_ytd", "budget", "actual"]].tolist() == [
        0,
        0,
        0,
        6,
    ]
    assert residual.loc[COST, ["prior_year", "prior_ytd", "budget", "actual"]].tolist() == [
        -200,
        -100,
        -200,
        -120,
    ]
    assert residual.loc[FINANCE].drop(["unit"]).tolist() == [0, 0, 0, 0]
    # 6 € is within 3 € × 2 areas; −200 is not; 0 is.
    assert dict(zip(residual.index, rounding, strict=True)) == {
        INCOME: True,
        COST: False,
        FINANCE: True,
    }


@pytest.mark.parametrize(("extra", "is_rounding"), [(6.0, True), (-6.0, True), (7.0, False)])
def test_the_rounding_tolerance_grows_with_the_areas(extra, is_rounding):
    """3 € per service area: two areas may leave 6 € between the department and their sum."""
    values = dict(MID_YEAR)
    values[(DEPARTMENT, INCOME)] = (1_000, 400, 1_000 + extra, 450)
    wide, _, _ = statement_inputs(statement(values, 6))
    residual, rounding = _department_only(wide, CONFIG, {INCOME})
    assert residual["budget"].tolist() == [extra]
    assert rounding.tolist() == [is_rounding]


def test_a_missing_measure_does_not_decide_rounding():
    # Without TP and TOT 2023 the remaining 6 € (TOT) is still rounding.
    values = {key: (None, None, ta, tot) for key, (_, _, ta, tot) in MID_YEAR.items()}
    wide, _, _ = statement_inputs(statement(values, 6))
    residual, rounding = _department_only(wide, CONFIG, {INCOME, COST})
    assert dict(zip(residual["line"], rounding, strict=True)) == {INCOME: True, COST: False}


def test_forecast_department_only_rounding_goes_on_as_budgeted():
    residual = pd.DataFrame(
        {
            "unit": [DEPARTMENT, DEPARTMENT, DEPARTMENT],
            "line": [INCOME, COST, FINANCE],
            "prior_year": [0.0, -200.0, np.nan],
            "prior_ytd": [0.0, -100.0, np.nan],
            "budget": [4.0, -200.0, np.nan],
            "actual": [2.0, -120.0, -1.0],
        }
    )
    rounding = pd.Series([True, False, True])
    out = _forecast_department_only(residual, rounding, 6, 2024).set_index("line")
    assert out["department_only"].tolist() == [True, True, True]
    # Rounding: 2 + 4 × 0.5 = 4 in every column and both ends; without a budget the
    # remainder stays what it is to date (−1).
    income = out.loc[INCOME]
    assert (income["method"], income["reason"], income["flag"]) == (
        "budget_pace",
        "pyöristysero (toimialan luku − palvelualueiden summa): talousarvion mukaan",
        "",
    )
    assert income["reason"] == ROUNDING_REASON
    for column in ("run_rate", "budget_pace", "method_forecast", "low", "high"):
        assert income[column] == 4.0, column
        assert out.loc[FINANCE, column] == -1.0, column
    assert math.isnan(income["seasonal"]) and math.isnan(income["profile"])
    assert income["interval_basis"] == "pyöristysero"
    # A real own amount is forecast like a line, its reason marked as the department's own.
    cost = out.loc[COST]
    assert cost["method"] == "profile" and cost["method_forecast"] == pytest.approx(-240)
    assert cost["reason"] == "toimialan oma erä: " + PROFILE_REASON
    assert cost["high"] - cost["method_forecast"] == pytest.approx(HALF_OWN_COST)
    # At 31.3. the rounding goes on by 3/4 of its budget: 2 + 4 × 0.75 = 5.
    march = _forecast_department_only(residual, rounding, 3, 2024).set_index("line")
    assert march.loc[INCOME, "method_forecast"] == 5.0


def test_forecast_leaf_table_areas_own_amounts_and_adjustments():
    adjustments = pd.DataFrame(
        {"unit": [AREA_A, AREA_A], "line": [INCOME, INCOME], "amount": [60.0, 40.0]}
    )
    table, wide, months = forecast_leaf_table(
        statement(MID_YEAR, 6), CONFIG, adjustments=adjustments
    )
    assert months == 6 and wide.loc[(AREA_B, NET), "budget"] == -1_000
    keys = list(zip(table["unit"], table["line"], table["department_only"], strict=True))
    assert keys == [
        (AREA_A, INCOME, False),
        (AREA_A, COST, False),
        (AREA_A, FINANCE, False),
        (AREA_B, COST, False),
        (DEPARTMENT, INCOME, True),
        (DEPARTMENT, COST, True),
        (DEPARTMENT, FINANCE, True),
    ]
    assert table["method_forecast"].tolist() == pytest.approx(
        [1_125, -2_400, -12, -1_000, 6, -240, 0]
    )
    assert table["adjustment"].tolist() == [100.0, 0, 0, 0, 0, 0, 0]
    # Without adjustments every leaf has 0.
    plain, _, _ = forecast_leaf_table(statement(MID_YEAR, 6), CONFIG)
    assert (plain["adjustment"] == 0).all()


def test_forecast_leaf_table_checks_adjustments():
    bad = pd.DataFrame({"unit": [AREA_B], "line": [INCOME], "amount": [1.0]})
    with pytest.raises(InputDataError, match="unit 'Alue B' does not print the line 'Tuotot'"):
        forecast_leaf_table(statement(MID_YEAR, 6), CONFIG, adjustments=bad)


def test_forecast_leaf_table_without_department_rows():
    areas_only = {key: value for key, value in MID_YEAR.items() if key[0] != DEPARTMENT}
    table, _, _ = forecast_leaf_table(statement(areas_only, 6), CONFIG)
    assert not table["department_only"].any() and len(table) == 4


def test_nan_sum():
    assert _nan_sum([1.0, np.nan, 2.0]) == 3.0
    assert math.isnan(_nan_sum([np.nan, np.nan])) and math.isnan(_nan_sum([]))
    assert _nan_sum([-1.5]) == -1.5


def part(unit, method_forecast, low, high, **more):
    row = {
        "unit": unit,
        "line": COST,
        "seasonal": np.nan,
        "profile": method_forecast,
        "run_rate": method_forecast,
        "budget_pace": method_forecast,
        "method_forecast": method_forecast,
        "low": low,
        "high": high,
        "adjustment": 0.0,
        "department_only": False,
        "flag": "",
        "reason": "x",
    }
    return row | more


def test_sum_row_points_methods_and_halves():
    """Parts 100 (70 … 140) and −50 (−54 … −47): sum 50; halves below √(30² + 4²) = 30.2655
    and above √(40² + 3²) = 40.1123. Seasonal only for the first (120): the second counts
    with its chosen −50, so 70."""
    parts = [
        part(AREA_A, 100.0, 70.0, 140.0, seasonal=120.0, adjustment=5.0),
        part(AREA_B, -50.0, -54.0, -47.0, run_rate=np.nan, adjustment=-2.0),
    ]
    row = _sum_row(parts)
    assert row["method_forecast"] == 50.0 and row["adjustment"] == 3.0
    assert row["seasonal"] == 70.0 and row["run_rate"] == 50.0  # −50 stands in for NaN
    assert row["profile"] == 50.0 and row["budget_pace"] == 50.0
    assert row["half_low"] == pytest.approx(math.sqrt(30**2 + 4**2))
    assert row["half_high"] == pytest.approx(math.sqrt(40**2 + 3**2))
    assert row["department_only"] == 0.0
    assert (row["method"], row["reason"], row["flag"]) == ("summa", "osien summa", "")
    assert row["interval_basis"] == "osien välit yhdistettynä (riippumattomat virheet)"
    # No part with a method's value: the sum has none either.
    assert math.isnan(_sum_row([part(AREA_A, 1.0, 1.0, 1.0)])["seasonal"])


def test_sum_row_reasons_name_flags_and_own_items():
    parts = [
        part(AREA_A, 1.0, 1.0, 1.0, flag="ei kertymää"),
        part(AREA_A, 1.0, 1.0, 1.0, flag="ei kertymää"),  # named once
        part(AREA_B, 1.0, 1.0, 1.0, flag="ei kertymää"),
        part(DEPARTMENT, 10.0, 10.0, 10.0, department_only=True, adjustment=-4.0, reason="oma"),
        part(DEPARTMENT, 2.0, 2.0, 2.0, department_only=True, reason=ROUNDING_REASON),
    ]
    row = _sum_row(parts)
    # The department's own: (10 − 4) + 2 = 8; rounding is not named as an own item.
    assert row["department_only"] == 8.0
    assert row["reason"] == "osien summa; ei kertymää: Alue A, Alue B; oma"
    two_own = parts[3:] + [part(DEPARTMENT, 1.0, 1.0, 1.0, department_only=True, reason="toinen")]
    assert _sum_row(two_own)["reason"] == "osien summa; sisältää toimialan omia eriä"


def test_leaf_row_halves():
    leaf = part(AREA_A, 100.0, 70.0, 140.0)
    row = _leaf_row(leaf)
    assert (row["half_low"], row["half_high"], row["department_only"]) == (30.0, 40.0, 0.0)
    assert row["reason"] == "x" and leaf.get("half_low") is None  # the leaf is not changed


@pytest.fixture  # per test (milliseconds): mutation testing must see each test call it
def assembled():
    table, wide, _ = forecast_leaf_table(statement(MID_YEAR, 6), CONFIG)
    return assemble(table, wide, CONFIG).set_index(["unit", "line"])


def test_assemble_rows_in_statement_order(assembled):
    assert list(assembled.index) == [
        (DEPARTMENT, INCOME),
        (DEPARTMENT, COST),
        (DEPARTMENT, NET),
        (DEPARTMENT, FINANCE),
        (AREA_A, INCOME),
        (AREA_A, COST),
        (AREA_A, NET),
        (AREA_A, FINANCE),
        (AREA_A, RESULT),
        (AREA_B, COST),
        (AREA_B, NET),
    ]
    assert assembled.loc[(AREA_A, NET), ["budget", "actual"]].tolist() == [-1_200, -750]


def test_assemble_area_leaves_as_forecast(assembled):
    income = assembled.loc[(AREA_A, INCOME)]
    assert income["method"] == "profile" and income["method_forecast"] == pytest.approx(1_125)
    assert income["half_low"] == pytest.approx(HALF_A_INCOME)
    assert income["half_high"] == pytest.approx(HALF_A_INCOME)
    assert income["department_only"] == 0
    b_cost = assembled.loc[(AREA_B, COST)]
    assert (b_cost["half_low"], b_cost["half_high"]) == (0.0, 1_000.0)


def test_assemble_area_subtotals(assembled):
    """A Kate: 1 125 − 2 400 = −1 275; run rate 900 − 2 400 = −1 500; budget pace 950 −
    2 300 = −1 350; halves √(86.5047² + 92.2717²). A Tulos adds Rahoitus: −1 287."""
    net = assembled.loc[(AREA_A, NET)]
    assert net["method"] == "summa" and net["reason"] == "osien summa"
    assert net["method_forecast"] == pytest.approx(-1_275)
    assert (net["profile"], net["run_rate"], net["budget_pace"]) == pytest.approx(
        (-1_275, -1_500, -1_350)
    )
    assert math.isnan(net["seasonal"])
    assert net["half_high"] == pytest.approx(math.hypot(HALF_A_INCOME, HALF_A_COST))
    result = assembled.loc[(AREA_A, RESULT)]
    assert result["method_forecast"] == pytest.approx(-1_287)
    assert result["half_low"] == pytest.approx(
        math.sqrt(HALF_A_INCOME**2 + HALF_A_COST**2 + HALF_A_FINANCE**2)
    )
    b_net = assembled.loc[(AREA_B, NET)]
    assert b_net["reason"] == "osien summa; ei kertymää: Alue B"
    assert b_net["method_forecast"] == -1_000 and b_net["budget_pace"] == -500


def test_assemble_department_rows(assembled):
    """Tuotot: A's 1 125 + 6 of rounding = 1 131 (profile 1 125 + the rounding's chosen 6).
    Kulut: −2 400 − 1 000 − 240 = −3 640; budget pace −2 300 − 500 − 220 = −3 020; halves
    below √(92.27² + 0² + 9.23²) and above √(92.27² + 1 000² + 9.23²).
    Kate: 1 131 − 3 640 = −2 509, of it the department's own 6 − 240 = −234."""
    income = assembled.loc[(DEPARTMENT, INCOME)]
    assert income["method_forecast"] == pytest.approx(1_131)
    assert income["profile"] == pytest.approx(1_131) and income["run_rate"] == 906
    assert income["department_only"] == 6
    assert income["reason"] == "palvelualueiden summa"
    assert income["half_low"] == pytest.approx(HALF_A_INCOME)
    cost = assembled.loc[(DEPARTMENT, COST)]
    assert cost["method_forecast"] == pytest.approx(-3_640)
    assert cost["budget_pace"] == pytest.approx(-3_020)
    assert cost["department_only"] == pytest.approx(-240)
    assert cost["reason"] == (
        "palvelualueiden summa; ei kertymää: Alue B; toimialan oma erä: " + PROFILE_REASON
    )
    assert cost["half_low"] == pytest.approx(math.hypot(HALF_A_COST, HALF_OWN_COST))
    assert cost["half_high"] == pytest.approx(
        math.sqrt(HALF_A_COST**2 + 1_000**2 + HALF_OWN_COST**2)
    )
    net = assembled.loc[(DEPARTMENT, NET)]
    assert net["method_forecast"] == pytest.approx(-2_509)
    assert net["department_only"] == pytest.approx(-234)
    # A subtotal of the department keeps "osien summa": it sums lines, not areas.
    assert net["reason"].startswith("osien summa; ei kertymää: Alue B; toimialan oma erä:")
    assert assembled.loc[(DEPARTMENT, FINANCE), "method_forecast"] == pytest.approx(-12)


def test_a_department_line_no_area_prints_is_all_the_departments_own():
    # Rahoitus printed by the department only (areas print nothing of it): the residual is the
    # department's whole amount (−10, −5, −30, −8), not minus a made-up areas' sum.
    values = {key: amounts for key, amounts in MID_YEAR.items() if key[1] != FINANCE}
    values[(DEPARTMENT, FINANCE)] = (-10, -5, -30, -8)
    wide, _, _ = statement_inputs(statement(values, 6))
    residual, rounding = _department_only(wide, CONFIG, {FINANCE})
    assert residual[["prior_year", "prior_ytd", "budget", "actual"]].values.tolist() == [
        [-10, -5, -30, -8]
    ]
    assert rounding.tolist() == [False]


@pytest.mark.parametrize(("extra", "is_rounding"), [(3.0, True), (4.0, False)])
def test_one_service_area_allows_three_euros_of_rounding(extra, is_rounding):
    """3 € per service area: with one area, 4 € between the department and it is an amount."""
    one_area = dataclasses.replace(CONFIG, units=CONFIG.units[:2])
    values = {key: amounts for key, amounts in MID_YEAR.items() if key[0] != AREA_B}
    values[(DEPARTMENT, INCOME)] = (1_000, 400, 1_000 + extra, 450)
    wide, _, _ = statement_inputs(statement(values, 6))
    residual, rounding = _department_only(wide, one_area, {INCOME})
    assert residual["budget"].tolist() == [extra]
    assert rounding.tolist() == [is_rounding]


def test_rounding_that_would_be_profiled_or_flagged_goes_on_as_budgeted():
    # Tuotot 2 € to date of 4 € (last year 2 of 4: a 50 % profile would pick "profile", 4 €);
    # Rahoitus nothing booked of 3 € (alone it would be flagged "ei kertymää"). Both are
    # rounding: budget pace 2 + 4 × 0.5 = 4 and 0 + 3 × 0.5 = 1.5, no profile, no flag.
    residual = pd.DataFrame(
        {
            "unit": [DEPARTMENT, DEPARTMENT],
            "line": [INCOME, FINANCE],
            "prior_year": [4.0, 0.0],
            "prior_ytd": [2.0, 0.0],
            "budget": [4.0, 3.0],
            "actual": [2.0, 0.0],
        }
    )
    out = _forecast_department_only(residual, pd.Series([True, True]), 6, 2024)
    assert out["method"].tolist() == ["budget_pace", "budget_pace"]
    assert out["flag"].tolist() == ["", ""]
    assert out["profile"].isna().all() and out["seasonal"].isna().all()
    assert out["method_forecast"].tolist() == [4.0, 1.5]
    assert out["reason"].tolist() == [ROUNDING_REASON, ROUNDING_REASON]
    # Not rounding, the same amounts are forecast as the lines they are.
    real = _forecast_department_only(residual, pd.Series([False, False]), 6, 2024)
    assert real["method"].tolist() == ["profile", "budget"]
    assert real["flag"].tolist() == ["", "ei kertymää"]


def test_a_statement_of_net_margins_only_forecasts_the_net_margin():
    # Every unit prints Kate only (no Tuotot, no Kulut): Kate is the leaf, not a sum of lines
    # the statement lacks (which would be 0 €). A Kate: 600 / 1 000 = 60 % last year, profile
    # −750 / 0.6 = −1 250; the department prints the same, so its own amount is 0 (rounding).
    values = {
        (AREA_A, NET): (-1_000, -600, -1_200, -750),
        (DEPARTMENT, NET): (-1_000, -600, -1_200, -750),
    }
    table, wide, _ = forecast_leaf_table(statement(values, 6), CONFIG)
    assert list(zip(table["unit"], table["line"], strict=True)) == [
        (AREA_A, NET),
        (DEPARTMENT, NET),
    ]
    assert table["method_forecast"].tolist() == pytest.approx([-1_250, 0])
    out = assemble(table, wide, CONFIG).set_index(["unit", "line"])
    assert out.loc[(AREA_A, NET), "method"] == "profile"
    assert out["method_forecast"].tolist() == pytest.approx([-1_250, -1_250])
    assert out.loc[(DEPARTMENT, NET), "reason"] == "palvelualueiden summa"


def test_leaf_table_rows_are_numbered_and_own_amounts_are_euros(assembled):
    table, _, _ = forecast_leaf_table(statement(MID_YEAR, 6), CONFIG)
    # Areas' 4 leaves and the department's 3 own amounts, numbered 0 … 6 (no repeated labels).
    assert list(table.index) == list(range(7))
    # department_only is euros in every assembled row (0.0 for an area's leaf, not False).
    assert assembled["department_only"].dtype == "float64"
    assert assembled.loc[(AREA_A, INCOME), "department_only"] == 0.0
