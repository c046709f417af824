"""80 % forecast intervals (helpers.forecast.intervals): the methods' own past errors, the
documented rule, nothing booked, a complete year and totals. SYNTHETIC monthly series with
round numbers; every expected value worked out by hand in the comments.

Quantiles from the tables: z(0.90) = 1.2815516; Student's t(0.90) with 2 degrees of freedom
1.8856181, with 3 degrees of freedom 1.6377444.
"""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.forecast.intervals import (
    BASIS_ACTUAL,
    BASIS_NO_ACCRUAL,
    INTERVAL_NAME,
    LEVEL,
    MIN_BACKTEST_ERRORS,
    RULE_CV_BASE,
    RULE_CV_SLOPE,
    UNKNOWN_UNEVENNESS,
    Z,
    _pct,
    backtest_forecasts,
    combine_halves,
    error_widths,
    method_interval,
    no_accrual_bounds,
    rule_cv,
    rule_half_width,
    unevenness,
)

Z80, T2, T3 = 1.2815516, 1.8856181, 1.6377444


def test_the_documented_constants():
    assert LEVEL == 0.80 and INTERVAL_NAME == "80 %:n ennusteväli"
    assert abs(Z - Z80) < 1e-7
    assert (RULE_CV_BASE, UNKNOWN_UNEVENNESS, MIN_BACKTEST_ERRORS) == (0.06, 0.25, 2)
    assert RULE_CV_SLOPE == {"seasonal": 0.4, "profile": 0.4, "budget_pace": 2.5, "run_rate": 4.0}


def year(unit, line, year_, amounts):
    return [
        {"unit": unit, "line": line, "month": pd.Timestamp(year_, m, 1), "amount": float(a)}
        for m, a in enumerate(amounts, start=1)
    ]


def history():
    """SYNTHETIC. Line L: 1 200 € a year, 50 % / 40 % / 60 % of it by June in 2020 / 2021 /
    2022, and half of 2023 (incomplete). Line G: 2019 and 2021 (no 2020) with 50 % and 25 %
    of 100 € by June, and 2022 whose total is zero (share unknown) with 10 € by June.
    Line Z: 2021 with nothing by June (0 of 100), 2022 with 50 of 100."""
    rows = (
        year("U", "L", 2020, [100] * 12)
        + year("U", "L", 2021, [80] * 6 + [120] * 6)
        + year("U", "L", 2022, [120] * 6 + [80] * 6)
        + year("U", "L", 2023, [500] * 6)
        + year("U", "G", 2019, [50, 0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 0])
        + year("U", "G", 2021, [25, 0, 0, 0, 0, 0, 75, 0, 0, 0, 0, 0])
        + year("U", "G", 2022, [5, 5, 0, 0, 0, 0, -5, -5, 0, 0, 0, 0])
        + year("U", "Z", 2021, [0] * 6 + [50, 50, 0, 0, 0, 0])
        + year("U", "Z", 2022, [50] + [0] * 5 + [50] + [0] * 5)
    )
    return pd.DataFrame(rows)


def forecasts_of(runs, line, method):
    part = runs[(runs["line"] == line) & (runs["method"] == method)].sort_values("year")
    return dict(zip(part["year"], part["forecast"], strict=True))


def test_backtest_forecasts_each_method_on_each_past_year():
    runs = backtest_forecasts(history(), 6, before_year=2023)
    assert list(runs.columns) == ["unit", "line", "year", "method", "forecast", "total", "ytd"]
    # Seasonal, leave one out: 2020 by (0.4 + 0.6) / 2 = 0.5 → 600 / 0.5 = 1 200; 2021 by
    # (0.5 + 0.6) / 2 = 0.55 → 480 / 0.55 = 872.73; 2022 by 0.45 → 720 / 0.45 = 1 600.
    assert forecasts_of(runs, "L", "seasonal") == pytest.approx(
        {2020: 1_200.0, 2021: 480 / 0.55, 2022: 1_600.0}
    )
    # Profile, the year before's share: none for 2020; 480 / 0.5 = 960; 720 / 0.4 = 1 800.
    assert forecasts_of(runs, "L", "profile") == pytest.approx({2021: 960.0, 2022: 1_800.0})
    # Run rate: ytd / 0.5.
    assert forecasts_of(runs, "L", "run_rate") == pytest.approx(
        {2020: 1_200.0, 2021: 960.0, 2022: 1_440.0}
    )
    rows = runs[(runs["line"] == "L") & (runs["year"] == 2021)]
    assert set(rows["total"]) == {1_200.0} and set(rows["ytd"]) == {480.0}
    assert 2023 not in set(runs["year"])  # not complete, and not before 2023
    assert list(runs.index) == list(range(len(runs)))


def test_backtest_forecasts_with_a_gap_and_an_unknown_share():
    runs = backtest_forecasts(history(), 6, before_year=2023)
    # G's known shares are 0.5 (2019) and 0.25 (2021); 2022's is unknown (total 0).
    # Leave one out: 2019 by 0.25 → 50 / 0.25 = 200; 2021 by 0.5 → 25 / 0.5 = 50; 2022 by
    # the mean of both, 0.375 → 10 / 0.375 = 26.67.
    assert forecasts_of(runs, "G", "seasonal") == pytest.approx(
        {2019: 200.0, 2021: 50.0, 2022: 10 / 0.375}
    )
    # Profile: 2021 follows 2019, not 2020 (a gap): no forecast; 2022 by 2021's 0.25 → 40.
    assert forecasts_of(runs, "G", "profile") == pytest.approx({2022: 40.0})
    assert forecasts_of(runs, "G", "run_rate") == pytest.approx(
        {2019: 100.0, 2021: 50.0, 2022: 20.0}
    )
    # Z: 2022 by 2021's share 0 and by the other year's 0: no seasonal or profile forecast
    # of 2022; 2021 by 2022's 0.5 → 0 / 0.5 = 0.
    assert forecasts_of(runs, "Z", "seasonal") == {2021: 0.0}
    assert forecasts_of(runs, "Z", "profile") == {}


def test_backtest_forecasts_at_the_end_of_march_and_without_years():
    runs = backtest_forecasts(history(), 3, before_year=2022)
    # L by March: 300 (2020) and 240 (2021) of 1 200: run rate × 4 = 1 200 and 960.
    assert forecasts_of(runs, "L", "run_rate") == pytest.approx({2020: 1_200.0, 2021: 960.0})
    # Profile of 2021 by 2020's 0.25: 240 / 0.25 = 960.
    assert forecasts_of(runs, "L", "profile") == pytest.approx({2021: 960.0})
    empty = backtest_forecasts(history(), 6, before_year=2019)
    assert empty.empty and list(empty.columns) == [
        "unit",
        "line",
        "year",
        "method",
        "forecast",
        "total",
        "ytd",
    ]


def test_error_widths_from_the_methods_own_past_errors():
    """Relative errors (total − forecast) ÷ |forecast| of line L:
    * seasonal: 0; (1 200 − 872.73) ÷ 872.73 = 0.375; (1 200 − 1 600) ÷ 1 600 = −0.25.
      RMS = √((0 + 0.140625 + 0.0625) ÷ 3) = 0.2602082; × t(3) = 0.4261546.
    * profile: 0.25 and (1 200 − 1 800) ÷ 1 800 = −1/3: RMS √((0.0625 + 0.1111111) ÷ 2)
      = 0.2946278; × t(2) = 0.5555556.
    * run rate: 0, 0.25 and −1/6: RMS √((0.0625 + 0.0277778) ÷ 3) = 0.1734722; × t(3)
      = 0.2841031.
    Line G: seasonal errors −0.5, 1 and (0 − 26.67) ÷ 26.67 = −1: RMS √(2.25 ÷ 3) = 0.8660254,
    × t(3) = 1.4183283; its profile has one error only (fewer than 2): no width. Line Z's
    only usable forecasts are 0 €, which give no relative error."""
    widths = error_widths(history(), 6, before_year=2023)
    assert list(widths.columns) == ["unit", "line", "method", "errors", "half_rel"]
    table = widths.set_index(["line", "method"])
    expected = {
        ("L", "seasonal"): (3, 0.4261546),
        ("L", "profile"): (2, 0.5555556),
        ("L", "run_rate"): (3, 0.2841031),
        ("G", "seasonal"): (3, 1.4183283),
        ("G", "run_rate"): (3, None),
    }
    assert set(table.index) == set(expected)
    for key, (errors, half) in expected.items():
        assert table.loc[key, "errors"] == errors
        if half is not None:
            assert table.loc[key, "half_rel"] == pytest.approx(half, rel=1e-6), key
    # G run rate: 0, (100 − 50) ÷ 50 = 1 and (0 − 20) ÷ 20 = −1: RMS √(2 ÷ 3), × t(3).
    assert table.loc[("G", "run_rate"), "half_rel"] == pytest.approx(T3 * math.sqrt(2 / 3))
    assert list(widths.index) == list(range(len(widths)))
    none = error_widths(history(), 6, before_year=2019)
    assert none.empty and list(none.columns) == ["unit", "line", "method", "errors", "half_rel"]


def test_unevenness_of_the_line():
    # |0.9 − 0.5| = 0.4, unknown → 0.25, |0.1 − 0.5| = 0.4; at 31.3. |0.9 − 0.25| = 0.65.
    assert unevenness([0.9, math.nan, 0.1], 0.5).tolist() == pytest.approx([0.4, 0.25, 0.4])
    assert unevenness(0.9, 0.25) == pytest.approx(0.65)
    assert unevenness(math.inf, 0.5) == pytest.approx(0.25)


def test_rule_cv_per_method():
    # Unevenness |0.75 − 0.5| = 0.25: 0.06 + 0.4 × 0.25 = 0.16 (seasonal, profile),
    # 0.06 + 2.5 × 0.25 = 0.685, 0.06 + 4 × 0.25 = 1.06, no slope for the budget: 0.06.
    methods = ["seasonal", "profile", "budget_pace", "run_rate", "budget"]
    assert rule_cv(methods, [0.75] * 5, 0.5).tolist() == pytest.approx(
        [0.16, 0.16, 0.685, 1.06, 0.06]
    )
    assert rule_cv("profile", 0.75, 0.5).tolist() == pytest.approx([0.16])
    # Unknown share: 0.06 + 4 × 0.25 = 1.06.
    assert rule_cv(["run_rate"], [math.nan], 0.5).tolist() == pytest.approx([1.06])


def test_rule_half_width():
    # Income: point 300, actual 150, budget 400 at mid-year: the rest of the year is the
    # larger of 150 and 400 × 0.5 = 200: z × 0.1 × 200 = 25.631.
    assert rule_half_width(300, 150, 400, 0.1, 0.5) == pytest.approx(Z80 * 0.1 * 200)
    # The forecast's own rest (500 − 100 = 400) larger than the budget's (100).
    assert rule_half_width(500, 100, 200, 0.1, 0.5) == pytest.approx(Z80 * 0.1 * 400)
    # Costs: |−300 + 100| = 200 against |−500| × 0.5 = 250.
    assert rule_half_width(-300, -100, -500, 0.2, 0.5) == pytest.approx(Z80 * 0.2 * 250)
    # At 31.3. three quarters of the budget are still to come: 400 × 0.75 = 300 > 40.
    assert rule_half_width(140, 100, 400, 0.1, 0.25) == pytest.approx(Z80 * 0.1 * 300)
    # Without a budget the forecast's rest alone: 400.
    assert rule_half_width(500, 100, math.nan, 0.1, 0.5) == pytest.approx(Z80 * 0.1 * 400)
    both = rule_half_width([300, 500], [150, 100], [400, 200], [0.1, 0.2], 0.5)
    assert both.tolist() == pytest.approx([Z80 * 0.1 * 200, Z80 * 0.2 * 400])


@pytest.mark.parametrize(
    ("budget", "prior", "low", "high"),
    [
        (100.0, 150.0, 0.0, 150.0),  # last year farther from zero, same side
        (100.0, 50.0, 0.0, 100.0),  # the budget farther
        (-100.0, -150.0, -150.0, 0.0),  # a cost line
        (-100.0, -50.0, -100.0, 0.0),
        (-100.0, 150.0, -100.0, 0.0),  # last year on the other side: the budget
        (100.0, math.nan, 0.0, 100.0),  # no last year
        (100.0, 100.0, 0.0, 100.0),
    ],
)
def test_no_accrual_bounds(budget, prior, low, high):
    lo, hi = no_accrual_bounds(budget, prior)
    assert (float(lo), float(hi)) == (low, high)


def test_method_interval_by_rule_backtest_nothing_booked_and_complete_year():
    """At mid-year, actual 150 and budget 400 (rest of the budget 200) on every row:
    0 profile, point 300, share 0.75: cv 0.06 + 0.4 × 0.25 = 0.16, rest max(150, 200)
      = 200, half z × 0.16 × 200 = 41.0097, basis ±(z × 0.16 = 20.5 %) → "±21 %";
    1 seasonal, point 250, its multi-year share 0.6 (not last year's 0.9): cv 0.06 + 0.4
      × 0.1 = 0.10, rest 200, half 25.6310, "±13 %";
    2 budget pace, point 350, no last-year share, so the multi-year 0.7: cv 0.06 + 2.5 ×
      0.2 = 0.56, rest 200, half 143.5338, "±72 %";
    3 run rate, point 300, no share at all: cv 0.06 + 4 × 0.25 = 1.06, half 271.6889,
      "±136 %";
    4 nothing booked: 0 … last year's 500 (farther than the budget 400);
    5 a complete year: the point 777, no width."""
    frame = pd.DataFrame(
        {
            "unit": ["U"] * 6,
            "line": list("abcdef"),
            "actual": [150.0] * 6,
            "budget": [400.0] * 6,
            "prior_year": [500.0] * 6,
            "share": [0.75, 0.9, math.nan, math.nan, 0.5, 0.5],
            "seasonal_share": [math.nan, 0.6, 0.7, math.nan, math.nan, math.nan],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    point = pd.Series([300.0, 250.0, 350.0, 300.0, 400.0, 777.0], index=frame.index)
    method = pd.Series(
        ["profile", "seasonal", "budget_pace", "run_rate", "budget", "actual"], index=frame.index
    )
    out = method_interval(frame, point, method, pd.DataFrame(), 0.5)
    assert list(out.columns) == ["low", "high", "basis"] and list(out.index) == list(frame.index)
    halves = [Z80 * 0.16 * 200, Z80 * 0.10 * 200, Z80 * 0.56 * 200, Z80 * 1.06 * 200]
    for i, half in enumerate(halves):
        assert out["low"].iloc[i] == pytest.approx(point.iloc[i] - half)
        assert out["high"].iloc[i] == pytest.approx(point.iloc[i] + half)
    assert out["basis"].tolist() == [
        "sääntö: ±21 % loppuvuoden määrästä",
        "sääntö: ±13 % loppuvuoden määrästä",
        "sääntö: ±72 % loppuvuoden määrästä",
        "sääntö: ±136 % loppuvuoden määrästä",
        "ei kertymää: nollasta talousarvioon tai edellisen vuoden tasoon",
        "toteuma, ei epävarmuutta",
    ]
    assert (out["basis"].iloc[4], out["basis"].iloc[5]) == (BASIS_NO_ACCRUAL, BASIS_ACTUAL)
    assert (out["low"].iloc[4], out["high"].iloc[4]) == (0.0, 500.0)
    assert (out["low"].iloc[5], out["high"].iloc[5]) == (777.0, 777.0)


def test_method_interval_from_past_errors_of_the_same_method():
    """Row a (profile, point 300) has its own width 0.1: ±30. Row b (a cost, profile,
    point −300) the same ±30 around −300. Row c is seasonal: the profile's width of its line
    is not its own, so the rule gives cv 0.06 + 0.4 × |0.6 − 0.5| = 0.1, half z × 0.1 ×
    200."""
    frame = pd.DataFrame(
        {
            "unit": ["U", "U", "U"],
            "line": ["a", "b", "c"],
            "actual": [150.0, -150.0, 150.0],
            "budget": [400.0, -400.0, 400.0],
            "prior_year": [500.0, -500.0, 500.0],
            "share": [0.75, 0.75, 0.75],
            "seasonal_share": [math.nan, math.nan, 0.6],
        }
    )
    widths = pd.DataFrame(
        {
            "unit": ["U", "U", "U"],
            "line": ["a", "b", "c"],
            "method": ["profile", "profile", "profile"],
            "errors": [3, 2, 4],
            "half_rel": [0.1, 0.1, 0.5],
        }
    )
    point = pd.Series([300.0, -300.0, 250.0])
    method = pd.Series(["profile", "profile", "seasonal"])
    out = method_interval(frame, point, method, widths, 0.5)
    assert out["low"].tolist()[:2] == pytest.approx([270.0, -330.0])
    assert out["high"].tolist()[:2] == pytest.approx([330.0, -270.0])
    assert out["basis"].tolist() == [
        "menetelmän oma virhe 3 aiemmalta vuodelta",
        "menetelmän oma virhe 2 aiemmalta vuodelta",
        "sääntö: ±13 % loppuvuoden määrästä",
    ]
    assert out["high"].iloc[2] == pytest.approx(250 + Z80 * 0.1 * 200)


def test_percent_of_the_basis_is_rounded():
    assert _pct(0.20505) == "21 %" and _pct(0.124) == "12 %" and _pct(1.3584) == "136 %"


def test_combine_halves_as_root_of_the_sum_of_squares():
    assert combine_halves(pd.Series([3.0, 4.0])) == 5.0  # not 7
    assert combine_halves(pd.Series([-3.0, 4.0])) == 5.0
    assert combine_halves(pd.Series([5.0, 12.0, 0.0])) == 13.0
    assert combine_halves(pd.Series([], dtype="float64")) == 0.0
    assert isinstance(combine_halves(pd.Series([1, 1])), float)
    assert combine_halves(pd.Series([1, 1])) == pytest.approx(np.sqrt(2))


def test_missing_values_from_an_object_column_are_nan_not_an_error():
    assert unevenness(np.array([None, 0.9], dtype=object), 0.5).tolist() == pytest.approx(
        [0.25, 0.4]
    )
    # Without a budget (None) the forecast's own rest of the year: |500 − 100| = 400.
    half = rule_half_width(
        [500], np.array([100], dtype=object), np.array([None], dtype=object), 0.1, 0.5
    )
    assert half.tolist() == pytest.approx([Z80 * 0.1 * 400])
    low, high = no_accrual_bounds(np.array([100, None], dtype=object), [None, None])
    assert (low[0], high[0]) == (0.0, 100.0) and np.isnan(high[1])
    low, high = no_accrual_bounds([100.0], np.array([None], dtype=object))
    assert (low[0], high[0]) == (0.0, 100.0)
    assert math.isnan(combine_halves(pd.Series([3.0, None], dtype=object)))


def test_method_interval_rule_with_the_forecasts_own_rest_larger():
    """Point 600 after 150 booked: the forecast's rest 450 exceeds the budget's 400 × 0.5 =
    200, so the half-width is z × 0.16 × 450 = 92.2717 (profile, share 0.75)."""
    frame = pd.DataFrame(
        {
            "unit": ["U"],
            "line": ["a"],
            "actual": [150.0],
            "budget": [400.0],
            "prior_year": [500.0],
            "share": [0.75],
            "seasonal_share": [math.nan],
        }
    )
    out = method_interval(frame, pd.Series([600.0]), pd.Series(["profile"]), pd.DataFrame(), 0.5)
    assert out["high"].iloc[0] == pytest.approx(600 + Z80 * 0.16 * 450)
    assert out["low"].iloc[0] == pytest.approx(600 - Z80 * 0.16 * 450)
