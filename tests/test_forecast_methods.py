"""The forecast methods (helpers.forecast.methods), on a few amounts worked out by hand.

Varhaiskasvatus' Maksutuotot as printed at 30.6.2024: TA 260 000 €, TOT 155 650 €. The other
months are invented round numbers, so that every expected value can be checked on paper.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from helpers.forecast.methods import (
    budget_pace,
    cumulative_shares,
    method_estimates,
    run_rate,
    scale_by_share,
    seasonal_shares,
)

BUDGET, ACTUAL = 260_000.0, 155_650.0


@pytest.mark.parametrize(
    ("actual", "months", "expected"),
    [
        (ACTUAL, 6, 155_650 + 260_000 / 2),  # 285 650: at mid-year the two halves coincide
        (40_000, 3, 40_000 + 260_000 * 3 / 4),  # 31.3.: 235 000, three quarters still to come
        (200_000, 8, 200_000 + 260_000 / 3),  # 31.8.: 286 666,67, a third still to come
        (260_000, 12, 260_000),  # the year is over: nothing is added
    ],
)
def test_budget_pace_adds_the_budget_of_the_months_still_to_come(actual, months, expected):
    assert budget_pace(actual, BUDGET, months / 12) == pytest.approx(expected)


def test_budget_pace_of_a_cost_line_in_march():
    # Costs are negative: -30 000 booked by 31.3. of a -100 000 budget → -105 000.
    assert budget_pace(-30_000, -100_000, 0.25) == pytest.approx(-105_000)


def test_run_rate_scales_the_actual_to_twelve_months():
    assert run_rate(ACTUAL, 0.5) == pytest.approx(311_300)
    assert run_rate(40_000, 0.25) == pytest.approx(160_000)
    assert run_rate([-30_000, 9_000], 0.75).tolist() == pytest.approx([-40_000, 12_000])


def test_scale_by_share_needs_a_positive_share():
    shares = [0.5, 0.25, 0.0, -0.1, math.nan, math.inf]
    scaled = scale_by_share(ACTUAL, shares)
    assert scaled[:2].tolist() == pytest.approx([311_300, 622_600])
    assert np.isnan(scaled[2:]).all()  # zero, wrong sign, missing or infinite: no forecast


def test_method_estimates_one_column_per_method():
    leaves = pd.DataFrame(
        {
            "actual": [ACTUAL, -30_000.0],
            "budget": [BUDGET, -100_000.0],
            "share": [0.5, math.nan],  # last year's share at the same date
            "seasonal_share": [0.4, 0.25],
        },
        index=[7, 9],
    )
    out = method_estimates(leaves, 0.25)
    assert list(out.columns) == ["seasonal", "profile", "run_rate", "budget_pace"]
    assert list(out.index) == [7, 9]
    assert out.loc[7].tolist() == pytest.approx([389_125, 311_300, 622_600, 350_650])
    assert out.loc[9, ["seasonal", "run_rate", "budget_pace"]].tolist() == pytest.approx(
        [-120_000, -120_000, -105_000]
    )
    assert math.isnan(out.loc[9, "profile"])


def month_rows(unit, line, year, amounts):
    return [
        (unit, line, pd.Timestamp(year, month, 1), float(amount))
        for month, amount in enumerate(amounts, start=1)
    ]


def monthly_history():
    # 2022: 100 € a month (half the year by June); 2023: 50 € a month to June and 150 € after
    # (a quarter by June); 2024: only six months, not a complete year; 2021: a zero year.
    rows = (
        month_rows("V", "Maksutuotot", 2021, [50, -50] * 6)
        + month_rows("V", "Maksutuotot", 2022, [100] * 12)
        + month_rows("V", "Maksutuotot", 2023, [50] * 6 + [150] * 6)
        + month_rows("V", "Maksutuotot", 2024, [80] * 6)
        + month_rows("V", "Myyntituotot", 2023, [10] * 11)  # eleven months only
    )
    return pd.DataFrame(rows, columns=["unit", "line", "month", "amount"])


def test_cumulative_shares_of_complete_years():
    out = cumulative_shares(monthly_history(), 6)
    assert list(out.columns) == ["unit", "line", "year", "ytd", "total", "share"]
    assert out["year"].tolist() == [2021, 2022, 2023]  # 2024 and the 11-month line left out
    assert out["ytd"].tolist() == [0, 600, 300]
    assert out["total"].tolist() == [0, 1_200, 1_200]
    assert math.isnan(out["share"].iloc[0])  # a zero year has no share
    assert out["share"].iloc[1:].tolist() == [0.5, 0.25]
    # At the end of March: 300 of 1 200 in 2022, 150 of 1 200 in 2023.
    march = cumulative_shares(monthly_history(), 3)
    assert march["share"].iloc[1:].tolist() == [0.25, 0.125]
    assert cumulative_shares(monthly_history().iloc[:0], 6).empty
    assert cumulative_shares(None, 6).empty


def test_seasonal_shares_average_the_complete_years_before_this_one():
    out = seasonal_shares(monthly_history(), 6, before_year=2024)
    assert out.to_dict("records") == [
        {
            "unit": "V",
            "line": "Maksutuotot",
            "seasonal_share": 0.375,  # (0,5 + 0,25) / 2; the zero year 2021 does not count
            "seasonal_years": 2,
            "share_min": 0.25,
            "share_max": 0.5,
        }
    ]
    only_2022 = seasonal_shares(monthly_history(), 6, before_year=2023).iloc[0]
    assert (only_2022["seasonal_share"], only_2022["seasonal_years"]) == (0.5, 1)
    assert seasonal_shares(monthly_history(), 6, before_year=2022).empty


def test_missing_values_from_an_object_column_are_nan_not_an_error():
    """A column read with gaps can hold None: every method treats it as a missing number."""
    scaled = scale_by_share([ACTUAL, None], [None, 0.5])
    assert np.isnan(scaled[0]) and np.isnan(scaled[1])
    assert scale_by_share(ACTUAL, np.array([0.5, None], dtype=object))[0] == 311_300
    assert np.isnan(run_rate([None], 0.5)[0])
    assert run_rate(np.array([40_000, None], dtype=object), 0.25)[0] == 160_000
    assert np.isnan(budget_pace([None], [BUDGET], 0.5)[0])
    assert np.isnan(budget_pace([ACTUAL], [None], 0.5)[0])


def test_scaling_by_a_zero_share_raises_no_warning():
    """The division is done for every row before the unusable ones are set to NaN: it
    must not warn about the 1 ÷ 0 and 0 ÷ 0 it throws away."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = scale_by_share([1.0, 0.0], [0.0, 0.0])
    assert np.isnan(scaled).all()


def test_empty_seasonal_shares_keep_their_columns():
    columns = ["unit", "line", "seasonal_share", "seasonal_years", "share_min", "share_max"]
    assert list(seasonal_shares(monthly_history(), 6, before_year=2022).columns) == columns
    assert list(seasonal_shares(None, 6, before_year=2024).columns) == columns
    assert list(cumulative_shares(None, 6).columns) == [
        "unit",
        "line",
        "year",
        "ytd",
        "total",
        "share",
    ]


def test_cumulative_shares_in_year_order_whatever_the_ledgers_order():
    shuffled = monthly_history().iloc[::-1]
    out = cumulative_shares(shuffled, 6)
    assert out["year"].tolist() == [2021, 2022, 2023]
    assert out["share"].iloc[1:].tolist() == [0.5, 0.25]
    # Only incomplete years: nothing, with the columns.
    incomplete = cumulative_shares(monthly_history().query("month.dt.year == 2024"), 6)
    assert incomplete.empty and list(incomplete.columns) == [
        "unit",
        "line",
        "year",
        "ytd",
        "total",
        "share",
    ]
