"""Forecast of the lines that are not sums (helpers.forecast.leaves): every method, the
chosen one and its interval, by hand on round SYNTHETIC amounts at 30.6. (elapsed 0.5).

z(0.90) = 1.2815516 from the normal table."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.forecast.leaves import LEAF_COLUMNS, LEAF_INPUTS, chosen_values, forecast_leaves

Z80 = 1.2815516


def leaves():
    return pd.DataFrame(
        {
            "unit": ["U", "U", "U"],
            "line": ["income", "cost", "grant"],
            "prior_year": [1_000.0, 0.0, 300.0],
            "prior_ytd": [400.0, 100.0, 100.0],
            "budget": [1_000.0, -800.0, 200.0],
            "actual": [450.0, -300.0, 0.0],
        },
        index=[4, 5, 6],  # the caller's index is not kept: rows are numbered afresh
    )


def test_the_columns():
    assert LEAF_INPUTS == ["unit", "line", "prior_year", "prior_ytd", "budget", "actual"]
    out = forecast_leaves(leaves(), 6, 2024)
    assert list(out.columns) == LEAF_COLUMNS
    assert list(out.index) == [0, 1, 2]


def test_forecast_leaves_at_mid_year():
    """income: last year's share 400 / 1 000 = 0.4, profile 450 / 0.4 = 1 125 (× 2.5, within
      × 4): chosen. Run rate 900, budget pace 450 + 1 000 × 0.5 = 950. Interval by the rule:
      cv 0.06 + 0.4 × |0.4 − 0.5| = 0.1, rest max(1 125 − 450, 500) = 675, half z × 0.1 ×
      675 = 86.5047.
    cost: last year's total is 0, so no share (not 100 / 0 = ∞): budget pace −300 − 400 =
      −700; cv 0.06 + 2.5 × 0.25 = 0.685 (unknown unevenness), rest max(400, 400), half
      z × 0.685 × 400 = 351.1451.
    grant: nothing booked against a budget of 200: the budget, 0 … last year's 300."""
    out = forecast_leaves(leaves(), 6, 2024).set_index("line")
    income, cost, grant = out.loc["income"], out.loc["cost"], out.loc["grant"]
    assert income["share"] == 0.4 and math.isnan(income["seasonal_share"])
    assert (income["profile"], income["run_rate"], income["budget_pace"]) == pytest.approx(
        (1_125.0, 900.0, 950.0)
    )
    assert math.isnan(income["seasonal"])
    assert income["method"] == "profile" and income["method_forecast"] == pytest.approx(1_125)
    assert income["reason"] == "edellisen vuoden 2023 kausiprofiili (40 % kertynyt)"
    assert income["flag"] == ""
    assert income["low"] == pytest.approx(1_125 - Z80 * 0.1 * 675)
    assert income["high"] == pytest.approx(1_125 + Z80 * 0.1 * 675)
    assert income["interval_basis"] == "sääntö: ±13 % loppuvuoden määrästä"
    assert math.isnan(cost["share"]) and math.isnan(cost["profile"])
    assert cost["method"] == "budget_pace" and cost["method_forecast"] == -700
    assert cost["high"] == pytest.approx(-700 + Z80 * 0.685 * 400)
    assert cost["low"] == pytest.approx(-700 - Z80 * 0.685 * 400)
    assert grant["method"] == "budget" and grant["flag"] == "ei kertymää"
    assert grant["method_forecast"] == 200 and (grant["low"], grant["high"]) == (0, 300)
    # The inputs are carried through.
    assert out.loc["income", LEAF_INPUTS[2:]].tolist() == [1_000, 400, 1_000, 450]


@pytest.mark.parametrize("months", [0, 13, -1])
def test_months_outside_the_year_are_refused(months):
    with pytest.raises(ValueError, match=f"months must be 1–12, got {months}"):
        forecast_leaves(leaves(), months, 2024)


def test_the_first_and_the_last_month():
    january = forecast_leaves(leaves(), 1, 2024).set_index("line")
    # 1/12: run rate 450 × 12 = 5 400; budget pace 450 + 1 000 × 11/12 = 1 366.67.
    assert january.loc["income", "run_rate"] == pytest.approx(5_400)
    assert january.loc["income", "budget_pace"] == pytest.approx(450 + 1_000 * 11 / 12)
    december = forecast_leaves(leaves(), 12, 2024).set_index("line")
    assert december["method"].tolist() == ["actual"] * 3
    assert december["method_forecast"].tolist() == [450.0, -300.0, 0.0]
    assert (december["low"] == december["method_forecast"]).all()
    assert (december["high"] == december["method_forecast"]).all()


def monthly(years: dict[int, float]):
    """SYNTHETIC: line "income" of U books ``june`` of its 1 200 € a year by June."""
    rows = []
    for year, june in years.items():
        first, second = june / 6, (1_200 - june) / 6
        for month in range(1, 13):
            amount = first if month <= 6 else second
            rows.append(("U", "income", pd.Timestamp(year, month, 1), amount))
    return pd.DataFrame(rows, columns=["unit", "line", "month", "amount"])


def test_two_years_of_monthly_history_give_the_seasonal_method():
    """Shares by June 0.5 (2022) and 0.4 (2023): mean 0.45, spread 10 points (stable):
    seasonal 450 / 0.45 = 1 000. Its own past errors (leave one out): 2022 by 0.4 → 600 / 0.4
    = 1 500, error (1 200 − 1 500) / 1 500 = −0.2; 2023 by 0.5 → 960, error 240 / 960 = 0.25.
    RMS √((0.04 + 0.0625) / 2) = 0.2263846; t(0.90, 2 df) 1.8856181: half 0.4268750 × 1 000.
    Lines without history keep seasonal_years 0."""
    out = forecast_leaves(leaves(), 6, 2024, monthly({2022: 600.0, 2023: 480.0}))
    out = out.set_index("line")
    income = out.loc["income"]
    assert income["seasonal_share"] == pytest.approx(0.45)
    assert income["seasonal"] == pytest.approx(1_000)
    assert income["method"] == "seasonal" and income["method_forecast"] == pytest.approx(1_000)
    assert income["reason"] == "kausiprofiili vakaa 2 vuotena (osuus 40 %–50 %)"
    assert income["interval_basis"] == "menetelmän oma virhe 2 aiemmalta vuodelta"
    assert income["high"] == pytest.approx(1_000 + 426.8750, abs=1e-3)
    assert out.loc["cost", "method"] == "budget_pace"  # no history of its own
    assert math.isnan(out.loc["cost", "seasonal_share"])
    # History of this year or later is not used: with 2024 alone there is no profile.
    alone = forecast_leaves(leaves(), 6, 2024, monthly({2024: 600.0})).set_index("line")
    assert alone.loc["income", "method"] == "profile"
    empty = forecast_leaves(leaves(), 6, 2024, monthly({}).iloc[:0]).set_index("line")
    assert empty.loc["income", "method"] == "profile"


def test_one_year_of_monthly_history_is_not_enough():
    out = forecast_leaves(leaves(), 6, 2024, monthly({2023: 480.0})).set_index("line")
    # 480 / 1 200 = 0.4 in one year: seasonal 450 / 0.4 = 1 125, but the choice is the
    # statement's profile (also 1 125 here) because one year is not a seasonal profile.
    assert out.loc["income", "seasonal"] == pytest.approx(1_125)
    assert out.loc["income", "method"] == "profile"


def test_chosen_values_by_method():
    frame = pd.DataFrame(
        {
            "method": ["seasonal", "profile", "run_rate", "budget_pace", "budget", "actual"],
            "seasonal": [1.0, 9.0, 9.0, 9.0, 9.0, 9.0],
            "profile": [9.0, 2.0, 9.0, 9.0, 9.0, 9.0],
            "run_rate": [9.0, 9.0, 3.0, 9.0, 9.0, 9.0],
            "budget_pace": [9.0, 9.0, 9.0, 4.0, 9.0, 9.0],
            "budget": [8.0, 8.0, 8.0, 8.0, 5.0, 8.0],
            "actual": [7, 7, 7, 7, 7, 6],
        }
    )
    values = chosen_values(frame)
    assert values.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0] and values.dtype == np.float64
    unknown = chosen_values(frame.assign(method="summa"))
    assert unknown.isna().all()


def test_a_named_index_of_the_caller_is_dropped_not_read():
    # An index named like a column ("unit", e.g. left by a set_index upstream) is neither
    # kept nor clashes with the unit column: the same forecast as with a plain index.
    named = leaves().rename_axis("unit")
    out = forecast_leaves(named, 6, 2024)
    assert list(out.index) == [0, 1, 2] and list(out.columns) == LEAF_COLUMNS
    assert out["method_forecast"].tolist() == pytest.approx([1_125.0, -700.0, 200.0])
