"""Backtests (helpers.forecast.evaluation): held-out years rebuilt as statements, every
method's forecast and interval, and the scores (MAPE, MASE, coverage) worked out by hand on
SYNTHETIC series and hand-made cases."""

import inspect
import math

import numpy as np
import pandas as pd
import pytest

from helpers.forecast.evaluation import (
    CASE_COLUMNS,
    DEFAULT,
    REGIMES,
    SCORE_COLUMNS,
    UNIT_TOTAL,
    _comparable,
    _mase_scale,
    backtest,
    backtest_cases,
    scores,
    unit_totals,
    year_as_statement,
)

# SYNTHETIC: one line, the same profile every year (46 % by the end of June).
PROFILE = np.array([4, 6, 9, 9, 8, 10, 3, 5, 11, 12, 11, 12], dtype=float) / 100
TOTALS = {2021: -1_000_000.0, 2022: -1_200_000.0, 2023: -1_150_000.0}
UNIT, LINE = "Yksikkö (synteettinen)", "Palvelujen ostot"


def test_the_names():
    assert (DEFAULT, UNIT_TOTAL, REGIMES) == (
        "default",
        "default_unit_total",
        ("history", "statement"),
    )
    assert SCORE_COLUMNS == [
        "regime",
        "method",
        "mape_pct",
        "mase",
        "coverage_pct",
        "cases",
        "years",
    ]


def shares_table():
    """Cumulative shares at some month (as ``cumulative_shares`` gives them), by hand."""
    rows = [
        ("U", "a", 2022, 40.0, 100.0),
        ("U", "a", 2023, 60.0, 120.0),
        ("U", "b", 2023, 10.0, 20.0),  # no 2022
        ("U", "a", 2021, 30.0, 90.0),
    ]
    frame = pd.DataFrame(rows, columns=["unit", "line", "year", "ytd", "total"])
    return frame.assign(share=frame["ytd"] / frame["total"])


def test_year_as_statement():
    budgets = pd.DataFrame(
        {"unit": ["U", "U"], "line": ["a", "a"], "year": [2023, 2022], "amount": [110, 999]}
    )
    frame = year_as_statement(shares_table(), budgets, 2023)
    assert list(frame.columns) == [
        "unit",
        "line",
        "prior_year",
        "prior_ytd",
        "budget",
        "actual",
        "total",
    ]
    a = frame[frame["line"] == "a"].iloc[0]
    # 2022 printed as last year (TP 100, TOT 40), 2023's actual to date 60, true total 120.
    assert a[["prior_year", "prior_ytd", "budget", "actual", "total"]].tolist() == [
        100,
        40,
        110,
        60,
        120,
    ]
    b = frame[frame["line"] == "b"].iloc[0]
    assert math.isnan(b["prior_year"]) and math.isnan(b["prior_ytd"]) and math.isnan(b["budget"])
    assert (b["actual"], b["total"]) == (10, 20)
    assert frame["budget"].dtype == "float64"
    for no_budgets in (None, budgets.iloc[:0]):
        assert year_as_statement(shares_table(), no_budgets, 2023)["budget"].isna().all()


def test_mase_scale_is_the_mean_yearly_change_before_the_year():
    # Line a before 2024: 90 → 100 → 120 (listed out of order): changes 10 and 20, mean 15.
    # Before 2023: only 90 → 100: 10. Line b has one year: no change.
    scale = _mase_scale(shares_table(), 2024)
    assert scale[("U", "a")] == 15.0 and math.isnan(scale[("U", "b")])
    assert _mase_scale(shares_table(), 2023)[("U", "a")] == 10.0


def monthly(totals=TOTALS, profile=PROFILE):
    return pd.DataFrame(
        [
            {
                "unit": UNIT,
                "line": LINE,
                "month": pd.Timestamp(y, m, 1),
                "amount": t * profile[m - 1],
            }
            for y, t in totals.items()
            for m in range(1, 13)
        ]
    )


@pytest.fixture(scope="module")
def synthetic():
    budgets = pd.DataFrame({"unit": [UNIT], "line": [LINE], "year": [2023], "amount": [-1.1e6]})
    return monthly(), budgets


def test_scores_by_hand(synthetic):
    """2023 is the only year with two complete years before it. At June its actual is
    0.46 × -1 150 000 = -529 000.
    * seasonal and profile: -529 000 / 0.46 = -1 150 000, no error;
    * run rate: -529 000 × 2 = -1 058 000, 92 000 off = 8 % of 1 150 000;
    * budget pace: -529 000 + -1 100 000 × 0.5 = -1 079 000, 71 000 off = 6.1739 %.
    MASE divides by the mean yearly change before 2023: |-1 200 000 - -1 000 000| = 200 000,
    so 92 000 / 200 000 = 0.46 and 71 000 / 200 000 = 0.355.
    The run rate's own past errors: 0.92T against T in 2021 and 2022, relative error
    0.08 / 0.92 = 0.086957 twice; t(0.90, 2 df) = 1.885618, half-width 0.163968 × 1 058 000
    = 173 478 > 92 000: covered."""
    monthly, budgets = synthetic
    table = scores(backtest_cases(monthly, budgets, months=[6]))
    table = table.set_index(["regime", "method"])
    history = table.loc["history"]
    assert history.loc["seasonal", "mape_pct"] == pytest.approx(0, abs=1e-9)
    assert history.loc["profile", "mape_pct"] == pytest.approx(0, abs=1e-9)
    assert history.loc["run_rate", "mape_pct"] == pytest.approx(8.0)
    assert history.loc["run_rate", "mase"] == pytest.approx(0.46)
    assert history.loc["budget_pace", "mape_pct"] == pytest.approx(71_000 / 1_150_000 * 100)
    assert history.loc["budget_pace", "mase"] == pytest.approx(0.355)
    assert history.loc["default", "mape_pct"] == pytest.approx(0, abs=1e-9)  # seasonal chosen
    assert history.loc["run_rate", "coverage_pct"] == 100
    assert (history["cases"] == 1).all() and (history["years"] == 1).all()
    cases = backtest_cases(monthly, budgets, months=[6])
    run_rate = cases[(cases["regime"] == "history") & (cases["method"] == "run_rate")].iloc[0]
    assert run_rate["high"] - run_rate["forecast"] == pytest.approx(0.163968 * 1_058_000, rel=1e-5)
    # Without the monthly history there is no seasonal method.
    assert "seasonal" not in table.loc["statement"].index


def test_backtest_without_budgets_scores_only_the_history_methods(synthetic):
    monthly, _ = synthetic
    table = backtest(monthly, 6)
    # Budget pace and the default rule need past budgets, which monthly actuals lack.
    assert set(table["method"]) == {"seasonal", "profile", "run_rate"}
    assert backtest(monthly[monthly["month"].dt.year > 2021], 6).empty  # one year before 2023


def test_backtest_cases_structure(synthetic):
    monthly_, budgets = synthetic
    cases = backtest_cases(monthly_, budgets, months=[3, 6])
    assert list(cases.columns) == CASE_COLUMNS
    assert list(cases.index) == list(range(len(cases)))
    # One held-out year (2023), two months, two regimes, five methods.
    assert len(cases) == 2 * 2 * 5 and set(cases["year"]) == {2023}
    assert set(cases["method"]) == {"seasonal", "profile", "run_rate", "budget_pace", "default"}
    assert set(cases["regime"]) == {"history", "statement"}
    assert set(cases["total"]) == {-1_150_000.0}
    assert set(cases["scale"]) == {200_000.0}  # |−1 200 000 − (−1 000 000)|
    # At 31.3. (4 + 6 + 9 = 19 %): run rate 0.19 × −1 150 000 × 4 = −874 000; budget pace
    # −218 500 − 1 100 000 × 0.75 = −1 043 500.
    march = cases[(cases["month"] == 3) & (cases["regime"] == "history")].set_index("method")
    assert march.loc["run_rate", "forecast"] == pytest.approx(-874_000)
    assert march.loc["budget_pace", "forecast"] == pytest.approx(-1_043_500)
    assert march.loc["seasonal", "forecast"] == pytest.approx(-1_150_000)
    statement = cases[(cases["month"] == 3) & (cases["regime"] == "statement")]
    # No seasonal method without the monthly history.
    assert math.isnan(statement.set_index("method").loc["seasonal", "forecast"])
    # Every interval holds its point.
    finite = cases[np.isfinite(cases["forecast"])]
    assert ((finite["low"] <= finite["forecast"]) & (finite["forecast"] <= finite["high"])).all()


def test_backtest_cases_every_month_but_december_by_default():
    # At 12 months the forecast is the actual: months 1–11 are the ones worth testing.
    # (Read from the signature: running all eleven months would take seconds.)
    default = inspect.signature(backtest_cases).parameters["months"].default
    assert list(default) == list(range(1, 12))


def test_held_out_years_need_two_complete_years_before_them():
    four = monthly({2020: -900_000.0, **TOTALS})
    assert sorted(set(backtest_cases(four, months=[6])["year"])) == [2022, 2023]
    two = monthly({2022: -1.2e6, 2023: -1.15e6})
    cases = backtest_cases(two, months=[6])
    assert cases.empty and list(cases.columns) == CASE_COLUMNS


def test_without_budgets_budget_pace_and_the_default_are_not_scored(synthetic):
    monthly_, budgets = synthetic
    for none in (None, budgets.iloc[:0]):
        methods = set(backtest_cases(monthly_, none, months=[6])["method"])
        assert methods == {"seasonal", "profile", "run_rate"}


def case(regime, year, line, method, forecast, low, high, total, scale):
    return {
        "unit": "U",
        "line": line,
        "total": total,
        "scale": scale,
        "regime": regime,
        "year": year,
        "month": 6,
        "method": method,
        "forecast": forecast,
        "low": low,
        "high": high,
    }


def hand_cases():
    """statement regime: line a in 2023 (total 100, scale 20) and 2022 (total 200, scale 0);
    line b lacks a run rate (left out), line c's total is 0 (left out), the seasonal method
    has no value at all (left out of the regime). history regime: line a in 2023."""
    nan = np.nan
    rows = [
        case("statement", 2023, "a", "profile", 110, 100, 120, 100, 20),
        case("statement", 2023, "a", "run_rate", 80, 85, 95, 100, 20),
        case("statement", 2023, "a", "seasonal", nan, nan, nan, 100, 20),
        case("statement", 2023, "a", DEFAULT, 110, 100, 120, 100, 20),
        case("statement", 2022, "a", "profile", 180, 170, 210, 200, 0),
        case("statement", 2022, "a", "run_rate", 260, 250, 270, 200, 0),
        case("statement", 2022, "a", "seasonal", nan, nan, nan, 200, 0),
        case("statement", 2022, "a", DEFAULT, 180, 175, 185, 200, 0),
        case("statement", 2023, "b", "profile", -40, -45, -35, -50, 10),
        case("statement", 2023, "b", "run_rate", nan, nan, nan, -50, 10),
        case("statement", 2023, "b", DEFAULT, -40, -60, -30, -50, 10),
        case("statement", 2023, "c", "profile", 5, 4, 6, 0, 10),
        case("statement", 2023, "c", "run_rate", 5, 4, 6, 0, 10),
        case("statement", 2023, "c", DEFAULT, 5, 4, 6, 0, 10),
        case("history", 2023, "a", "seasonal", 100, 90, 110, 100, 20),
        case("history", 2023, "a", "profile", 110, 100, 120, 100, 20),
        case("history", 2023, "a", "run_rate", 80, 85, 95, 100, 20),
        case("history", 2023, "a", DEFAULT, 100, 95, 105, 100, 20),
    ]
    return pd.DataFrame(rows, columns=CASE_COLUMNS)


def test_comparable_cases():
    kept = _comparable(hand_cases())
    keys = set(zip(kept["regime"], kept["year"], kept["line"], kept["method"], strict=True))
    assert keys == {
        ("statement", 2023, "a", "profile"),
        ("statement", 2023, "a", "run_rate"),
        ("statement", 2023, "a", DEFAULT),
        ("statement", 2022, "a", "profile"),
        ("statement", 2022, "a", "run_rate"),
        ("statement", 2022, "a", DEFAULT),
        ("history", 2023, "a", "seasonal"),
        ("history", 2023, "a", "profile"),
        ("history", 2023, "a", "run_rate"),
        ("history", 2023, "a", DEFAULT),
    }


def test_unit_totals_combine_halves_as_root_of_sum_of_squares():
    """Two lines of U: 100 (90 … 120) and 50 (46 … 53): 150, below √(10² + 4²) = 10.770,
    above √(20² + 3²) = 20.224; totals 95 + 60, scales 5 + 7. Other methods are left out."""
    rows = [
        case("history", 2023, "a", DEFAULT, 100, 90, 120, 95, 5),
        case("history", 2023, "b", DEFAULT, 50, 46, 53, 60, 7),
        case("history", 2023, "a", "profile", 1e6, 0, 2e6, 95, 5),
        case("history", 2022, "a", DEFAULT, 10, 9, 11, 12, 1),
    ]
    out = unit_totals(pd.DataFrame(rows, columns=CASE_COLUMNS))
    out = out.set_index("year")
    row = out.loc[2023]
    assert (row["forecast"], row["total"], row["scale"]) == (150, 155, 12)
    assert row["low"] == pytest.approx(150 - math.hypot(10, 4))
    assert row["high"] == pytest.approx(150 + math.hypot(20, 3))
    assert (row["regime"], row["month"], row["unit"], row["method"]) == (
        "history",
        6,
        "U",
        "default_unit_total",
    )
    assert out.loc[2022, ["forecast", "low", "high"]].tolist() == [10, 9, 11]
    assert "lo2" not in out.columns and "hi2" not in out.columns


def test_scores_of_hand_made_cases():
    """statement, over line a's 2023 and 2022:
    * profile: |110 − 100| / 100 = 10 %, |180 − 200| / 200 = 10 %: MAPE 10; MASE only where
      the scale is positive: 10 / 20 = 0.5; both inside their intervals: 100 %.
    * run rate: 20 % and 30 %: 25; MASE 20 / 20 = 1.0; 100 is above 85 … 95, 200 below
      250 … 270: 0 %.
    * default: 10 % and 10 %; MASE 0.5; 100 inside 100 … 120, 200 outside 175 … 185: 50 %.
    * the unit total (one line): as the default.
    history, line a 2023: seasonal 0 %, MASE 0, covered; the default 0 %, covered."""
    table = scores(hand_cases())
    assert list(table.columns) == SCORE_COLUMNS
    assert list(zip(table["regime"], table["method"], strict=True)) == [
        ("statement", "profile"),
        ("statement", "run_rate"),
        ("statement", DEFAULT),
        ("history", "seasonal"),
        ("history", "profile"),
        ("history", "run_rate"),
        ("history", DEFAULT),
        ("history", UNIT_TOTAL),  # unit totals come after the lines, grouped by regime
        ("statement", UNIT_TOTAL),
    ]
    indexed = table.set_index(["regime", "method"])
    expected = {
        ("statement", "profile"): (10, 0.5, 100, 2, 2),
        ("statement", "run_rate"): (25, 1.0, 0, 2, 2),
        ("statement", DEFAULT): (10, 0.5, 50, 2, 2),
        ("statement", UNIT_TOTAL): (10, 0.5, 50, 2, 2),
        ("history", "seasonal"): (0, 0, 100, 1, 1),
        ("history", "profile"): (10, 0.5, 100, 1, 1),
        ("history", "run_rate"): (20, 1.0, 0, 1, 1),
        ("history", DEFAULT): (0, 0, 100, 1, 1),
        ("history", UNIT_TOTAL): (0, 0, 100, 1, 1),
    }
    for key, values in expected.items():
        got = indexed.loc[key, ["mape_pct", "mase", "coverage_pct", "cases", "years"]]
        assert got.tolist() == pytest.approx(list(values)), key


def test_the_interval_bounds_count_as_inside():
    rows = [
        case("history", 2023, "a", "profile", 110, 100, 110, 100, 20),  # total at the low end
        case("history", 2023, "b", "profile", 90, 90, 100, 100, 20),  # total at the high end
        case("history", 2023, "a", DEFAULT, 110, 100, 110, 100, 20),
        case("history", 2023, "b", DEFAULT, 90, 90, 100, 100, 20),
    ]
    table = scores(pd.DataFrame(rows, columns=CASE_COLUMNS)).set_index("method")
    assert table.loc["profile", "coverage_pct"] == 100
    # The unit total: 200 (low 200 − √(10² + 0²) = 190, high 200 + 10) covers 200.
    assert table.loc[UNIT_TOTAL, "coverage_pct"] == 100


def test_scores_and_backtest_of_nothing():
    empty = scores(pd.DataFrame(columns=CASE_COLUMNS))
    assert empty.empty and list(empty.columns) == SCORE_COLUMNS
    for nothing in (None, monthly().iloc[:0]):
        table = backtest(nothing, 6)
        assert table.empty and list(table.columns) == SCORE_COLUMNS


def test_a_line_of_last_year_only_is_not_a_line_of_this_year():
    # Line d was booked in 2022 but not in 2023: 2023's statement has lines a and b only.
    extra = pd.DataFrame(
        [("U", "d", 2022, 5.0, 10.0)], columns=["unit", "line", "year", "ytd", "total"]
    )
    shares = pd.concat([shares_table(), extra.assign(share=0.5)], ignore_index=True)
    frame = year_as_statement(shares, None, 2023)
    assert sorted(frame["line"]) == ["a", "b"]
    assert frame.set_index("line").loc["a", ["prior_year", "prior_ytd"]].tolist() == [100, 40]


def test_the_statement_regime_has_the_rule_interval(synthetic):
    """Without the monthly history the run rate's interval is the rule's, at June (elapsed
    0.5): last year's share 0.46, cv 0.06 + 4.0 × |0.46 − 0.5| = 0.22; the rest of the year
    max(|−1 058 000 + 529 000|, 1 100 000 × 0.5) = 550 000; half z × 0.22 × 550 000 =
    1.2815516 × 121 000 = 155 067.7 (the history regime's own errors give 173 478)."""
    monthly_, budgets = synthetic
    cases = backtest_cases(monthly_, budgets, months=[6])
    run_rate = cases[(cases["regime"] == "statement") & (cases["method"] == "run_rate")].iloc[0]
    assert run_rate["forecast"] == pytest.approx(-1_058_000)
    assert run_rate["high"] - run_rate["forecast"] == pytest.approx(1.2815516 * 121_000)
    assert run_rate["forecast"] - run_rate["low"] == pytest.approx(1.2815516 * 121_000)


def test_several_lines_are_backtested_each_on_its_own(synthetic):
    """Line b (−500 000, −600 000, −700 000) beside the line, and line c booked in 2023 only:
    the line's cases are those of the line alone; b's MASE scale is its mean yearly change
    before 2023, 100 000; c has none (NaN)."""
    monthly_, budgets = synthetic
    b = monthly({2021: -500_000.0, 2022: -600_000.0, 2023: -700_000.0}).assign(line="b")
    c = monthly({2023: -50_000.0}).assign(line="c")
    alone = backtest_cases(monthly_, budgets, months=[6])
    together = backtest_cases(pd.concat([c, monthly_, b], ignore_index=True), budgets, months=[6])
    mine = together[together["line"] == LINE].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, alone)
    scale = together.groupby("line")["scale"].first()
    assert scale["b"] == 100_000 and math.isnan(scale["c"])


def test_backtest_at_a_month_with_budgets_scores_every_method(synthetic):
    # One cut-off month, with past budgets: budget pace and the default rule are scored too,
    # each on the single case of 2023 at June.
    monthly_, budgets = synthetic
    table = backtest(monthly_, 6, budgets)
    methods = {"seasonal", "profile", "run_rate", "budget_pace", DEFAULT, UNIT_TOTAL}
    assert set(table["method"]) == methods and (table["cases"] == 1).all()
    pace = table.set_index(["regime", "method"]).loc[("history", "budget_pace")]
    assert pace["mape_pct"] == pytest.approx(71_000 / 1_150_000 * 100)


def test_a_scale_below_one_euro_still_scales():
    # MASE divides by any positive scale, however small: 10 / 0.5 = 20.
    rows = [
        case("history", 2023, "a", "profile", 110, 100, 120, 100, 0.5),
        case("history", 2023, "a", DEFAULT, 110, 100, 120, 100, 0.5),
    ]
    table = scores(pd.DataFrame(rows, columns=CASE_COLUMNS)).set_index("method")
    assert table.loc["profile", "mase"] == pytest.approx(20)
