"""The processed ``forecast`` table (helpers.forecast.lines): forecast = method + adjustment,
the interval around it, deviations from the budget and their labels. SYNTHETIC entity and
statement of tests/forecast_entity.py; the leaves' values are worked out in
tests/test_forecast_hierarchy.py (z(0.90) = 1.2815516).

Here at 30.6., with an adjustment of +100 € on Alue A's Tuotot:
* A Tuotot (income over budget): 1 125 + 100 = 1 225 against 1 000: +225 (22.5 %),
  suotuisa; to date 450 against 1 000 × 0.5 = 500: −50, beyond 0.5 % × 1 000 × 0.5 = 2.5:
  epäsuotuisa. Interval 1 225 ± 86.5047 lies wholly above the budget.
* A Kulut (cost over budget): −2 400 against −2 200: −200 (−9.09 %), epäsuotuisa; to date
  −1 200 against −1 100: −100, epäsuotuisa. Interval −2 400 ± 92.2717 wholly below.
* A Rahoitus (zero budget): −12, deviation −12, no percentage; band 0: epäsuotuisa.
* B Kulut (nothing booked): −1 000 = the budget: talousarvion mukainen, 0 %; to date 0
  against −500: +500, suotuisa (less cost than the pace). Interval −1 000 … 0 touches the
  budget: not wholly on one side.
* Toimiala Kate: −2 509 + 100 = −2 409 against −2 400: −9, within 0.5 % × 2 400 = 12:
  talousarvion mukainen; to date −864 against −1 200: +336, suotuisa.
"""

import math

import pandas as pd
import pytest
from forecast_entity import AREA_A, AREA_B, CONFIG, COST, DEPARTMENT, FINANCE, INCOME, MID_YEAR, NET
from forecast_entity import statement as make_statement

from helpers.forecast.lines import FORECAST_COLUMNS, NUMERIC, ON_BUDGET_SHARE, forecast_lines

Z80 = 1.2815516


@pytest.fixture  # per test (milliseconds): mutation testing must see each test call it
def forecast():
    adjustments = pd.DataFrame({"unit": [AREA_A], "line": [INCOME], "amount": [100.0]})
    table = forecast_lines(make_statement(MID_YEAR, 6), CONFIG, adjustments=adjustments)
    return table.set_index(["unit", "line"])


def test_columns_and_types(forecast):
    assert ON_BUDGET_SHARE == 0.005
    assert list(forecast.reset_index().columns) == FORECAST_COLUMNS
    for column in NUMERIC:
        assert forecast[column].dtype == "float64", column
    assert set(forecast["interval_name"]) == {"80 %:n ennusteväli"}


def test_income_over_budget(forecast):
    row = forecast.loc[(AREA_A, INCOME)]
    assert (row["method_forecast"], row["adjustment"]) == pytest.approx((1_125, 100))
    assert row["forecast"] == pytest.approx(1_225)
    assert row["interval_low"] == pytest.approx(1_225 - Z80 * 0.1 * 675)
    assert row["interval_high"] == pytest.approx(1_225 + Z80 * 0.1 * 675)
    assert (row["range_low"], row["range_high"]) == (row["interval_low"], row["interval_high"])
    assert row["deviation_eur"] == pytest.approx(225)
    assert row["deviation_pct"] == pytest.approx(22.5)
    assert row["deviation_label"] == "suotuisa"
    assert row["pace_deviation"] == pytest.approx(-50)
    assert row["pace_label"] == "epäsuotuisa"
    assert (row["interval_side"], row["outside_budget"]) == ("suotuisa", "above")
    assert row["department_only"] == 0


def test_cost_over_budget(forecast):
    row = forecast.loc[(AREA_A, COST)]
    assert row["forecast"] == pytest.approx(-2_400) and row["adjustment"] == 0
    assert row["deviation_eur"] == pytest.approx(-200)
    assert row["deviation_pct"] == pytest.approx(-200 / 2_200 * 100)  # of |budget|: −9.09
    assert row["deviation_label"] == "epäsuotuisa"
    assert row["pace_deviation"] == pytest.approx(-100)
    assert row["pace_label"] == "epäsuotuisa"
    assert (row["interval_side"], row["outside_budget"]) == ("epäsuotuisa", "below")


def test_zero_budget(forecast):
    row = forecast.loc[(AREA_A, FINANCE)]
    assert row["forecast"] == pytest.approx(-12) and row["budget"] == 0
    assert row["deviation_eur"] == pytest.approx(-12)
    assert math.isnan(row["deviation_pct"])
    assert row["deviation_label"] == "epäsuotuisa"
    assert row["pace_deviation"] == pytest.approx(-6)


def test_nothing_booked_on_budget_and_an_interval_touching_the_budget(forecast):
    row = forecast.loc[(AREA_B, COST)]
    assert row["flag"] == "ei kertymää" and row["forecast"] == -1_000
    assert (row["interval_low"], row["interval_high"]) == (-1_000, 0)
    assert row["deviation_eur"] == 0 and row["deviation_pct"] == 0
    assert row["deviation_label"] == "talousarvion mukainen"
    assert row["pace_deviation"] == 500 and row["pace_label"] == "suotuisa"
    assert (row["interval_side"], row["outside_budget"]) == ("", "")


def test_subtotals_and_the_department(forecast):
    net = forecast.loc[(AREA_A, NET)]
    # −1 275 + 100 = −1 175 against −1 200: +25 (2.08 %), beyond 6: less net cost.
    assert net["forecast"] == pytest.approx(-1_175) and net["adjustment"] == 100
    assert net["deviation_pct"] == pytest.approx(25 / 1_200 * 100)
    assert net["deviation_label"] == "suotuisa"
    half = math.hypot(Z80 * 0.1 * 675, Z80 * 0.06 * 1_200)
    assert net["interval_high"] == pytest.approx(-1_175 + half)
    assert net["interval_low"] == pytest.approx(-1_175 - half)
    department = forecast.loc[(DEPARTMENT, NET)]
    assert department["forecast"] == pytest.approx(-2_409)
    assert department["deviation_eur"] == pytest.approx(-9)
    assert department["deviation_label"] == "talousarvion mukainen"
    assert department["pace_deviation"] == pytest.approx(336)
    assert department["pace_label"] == "suotuisa"
    assert department["department_only"] == pytest.approx(-234)
    assert forecast.loc[(DEPARTMENT, INCOME), "forecast"] == pytest.approx(1_231)


def test_the_pace_band_follows_the_month():
    """31.3.: Tuotot 2 530 of a 10 000 budget, against 10 000 × 3/12 = 2 500: +30 €, beyond
    0.5 % × 10 000 × 0.25 = 12.5: suotuisa (with the band not scaled by the month, 50 €,
    it would be on budget). Year-end: last year's share 2 000 / 10 000 = 0.2, profile
    2 530 / 0.2 = 12 650 (× 5, within × 8); budget pace 2 530 + 7 500 = 10 030."""
    values = {(AREA_A, INCOME): (10_000, 2_000, 10_000, 2_530)}
    row = forecast_lines(make_statement(values, 3), CONFIG).set_index(["unit", "line"])
    row = row.loc[(AREA_A, INCOME)]
    assert row["pace_deviation"] == pytest.approx(30)
    assert row["pace_label"] == "suotuisa"
    assert row["method"] == "profile" and row["forecast"] == pytest.approx(12_650)
    assert row["budget_pace"] == pytest.approx(10_030)
    assert row["deviation_pct"] == pytest.approx(26.5)
    # At 30.6. the same 2 530 is 2 470 behind the pace: unfavourable.
    june = forecast_lines(make_statement(values, 6), CONFIG).set_index(["unit", "line"])
    assert june.loc[(AREA_A, INCOME), "pace_deviation"] == pytest.approx(2_530 - 5_000)


def test_pace_at_the_end_of_august():
    """31.8.: Kulut −1 500 against −2 400 × 8/12 = −1 600: +100, less cost than the pace;
    budget pace −1 500 − 2 400 / 3 = −2 300."""
    values = {(AREA_A, COST): (-2_400, -1_200, -2_400, -1_500)}
    row = forecast_lines(make_statement(values, 8), CONFIG).set_index(["unit", "line"])
    row = row.loc[(AREA_A, COST)]
    assert row["pace_deviation"] == pytest.approx(100) and row["pace_label"] == "suotuisa"
    assert row["budget_pace"] == pytest.approx(-2_300)


def test_year_end_is_the_actual():
    values = {
        (AREA_A, INCOME): (1_000, 1_000, 1_000, 980),
        (AREA_A, COST): (-5, -5, -10, -12),
        (AREA_B, COST): (-1_000, -1_000, -1_000, -1_004),
    }
    table = forecast_lines(make_statement(values, 12), CONFIG).set_index(["unit", "line"])
    income, cost = table.loc[(AREA_A, INCOME)], table.loc[(AREA_A, COST)]
    assert income["forecast"] == 980 and income["interval_low"] == income["interval_high"] == 980
    # 980 of 1 000: −20, beyond 0.5 % (5 €): unfavourable; the pace is the same at 12 months.
    assert income["deviation_label"] == "epäsuotuisa" and income["pace_deviation"] == -20
    # Cost −12 against −10: over budget, −20 %.
    assert cost["deviation_pct"] == pytest.approx(-20) and cost["deviation_label"] == "epäsuotuisa"
    assert cost["interval_side"] == "epäsuotuisa"
    # B Kulut −1 004 against −1 000: 4 € over, within 0.5 % (5 €): on budget, so its interval
    # (the single point −1 004, wholly below the budget) is not reported as a side either.
    on_budget = table.loc[(AREA_B, COST)]
    assert on_budget["deviation_label"] == "talousarvion mukainen"
    assert on_budget["interval_low"] == on_budget["interval_high"] == -1_004
    assert (on_budget["interval_side"], on_budget["outside_budget"]) == ("", "")


def test_monthly_history_reaches_the_leaves():
    """SYNTHETIC history of Alue A's Tuotot: 50 % of 1 200 € by June in 2022 and 40 % in
    2023 (stable within 15 points): seasonal 450 / 0.45 = 1 000 instead of the statement's
    profile 1 125."""
    rows = []
    for year, june in ((2022, 600.0), (2023, 480.0)):
        for month in range(1, 13):
            amount = june / 6 if month <= 6 else (1_200 - june) / 6
            rows.append((AREA_A, INCOME, pd.Timestamp(year, month, 1), amount))
    monthly = pd.DataFrame(rows, columns=["unit", "line", "month", "amount"])
    table = forecast_lines(make_statement(MID_YEAR, 6), CONFIG, monthly)
    row = table.set_index(["unit", "line"]).loc[(AREA_A, INCOME)]
    assert row["method"] == "seasonal" and row["forecast"] == pytest.approx(1_000)


def test_a_pace_within_the_months_band_is_on_budget():
    """31.3.: Tuotot 2 510 against 10 000 × 3/12 = 2 500: +10 €, within 0.5 % × 10 000 ×
    0.25 = 12.5: talousarvion mukainen (not suotuisa). Costs −2 490 against −2 500: +10,
    on budget too."""
    values = {
        (AREA_A, INCOME): (10_000, 2_000, 10_000, 2_510),
        (AREA_A, COST): (-10_000, -2_000, -10_000, -2_490),
    }
    rows = forecast_lines(make_statement(values, 3), CONFIG).set_index(["unit", "line"])
    for line in (INCOME, COST):
        assert rows.loc[(AREA_A, line), "pace_deviation"] == pytest.approx(10)
        assert rows.loc[(AREA_A, line), "pace_label"] == "talousarvion mukainen"
