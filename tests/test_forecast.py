"""Year-end forecast on the embedded Heinola statement: values worked out by hand from the
printed numbers (the arithmetic is in the comments), never taken from the code itself.

The monthly series here are SYNTHETIC (made up for the test): every year follows the same
seasonal profile with a different total, so a seasonal method must recover the total exactly.
"""

import numpy as np
import pandas as pd
import pytest
from conftest import RAW, STATEMENT_CSV

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.forecast import forecast_lines

DEPARTMENT = "Hyvinvointilautakunnan toimiala"
HYTE, OPKOU, VAKA, VIRE = (
    "Hyvinvoinnin ja terveyden edistäminen",
    "Opetus- ja koulutuspalvelut",
    "Varhaiskasvatus",
    "Virkkeellinen elämä",
)
Z80 = 1.2815516  # standard normal quantile 0.90: the two-sided 80 % interval

# SYNTHETIC: a seasonal profile (share of the year's total per month) and yearly totals.
PROFILE = np.array([4, 6, 9, 9, 8, 10, 3, 5, 11, 12, 11, 12], dtype=float) / 100
UNIT, LINE = VAKA, "Palvelujen ostot"


def synthetic_monthly(totals: dict[int, float], profiles=None) -> pd.DataFrame:
    rows = []
    for year, total in totals.items():
        profile = PROFILE if profiles is None else profiles[year]
        for month in range(1, 13):
            rows.append(
                {
                    "unit": UNIT,
                    "line": LINE,
                    "month": pd.Timestamp(year, month, 1),
                    "amount": total * profile[month - 1],
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def heinola_data():
    return build_processed(RAW, "heinola", "2024-06-30")


@pytest.fixture(scope="module")
def heinola_forecast(heinola_data):
    config, tables = heinola_data
    forecast = forecast_lines(
        tables["income_statement"], config, adjustments=tables["forecast_adjustments"]
    )
    return forecast.set_index(["unit", "line"])


def with_actual(statement: pd.DataFrame, amount: float) -> pd.DataFrame:
    statement = statement.copy()
    mask = (statement["unit"] == UNIT) & (statement["line"] == LINE)
    statement.loc[mask & (statement["measure"] == "tot"), "amount"] = amount
    return statement


# --- Method choice by evidence -------------------------------------------------------------


def test_vire_grants_keep_last_years_profile(heinola_forecast):
    """Printed VIRE Avustukset: TP 2023 -90 435, TOT 2023 6 kk -85 525, TA -92 200,
    TOT 2024 -69 388. 95 % of 2023 was paid by 30.6., so the year-end follows that profile."""
    row = heinola_forecast.loc[(VIRE, "Avustukset")]
    assert row["method"] == "profile" and "95 % kertynyt" in row["reason"]
    # -69 388 × 90 435 / 85 525 = -6 275 103 780 / 85 525 = -73 371.57
    assert row["method_forecast"] == pytest.approx(-73_371.57, abs=0.01)
    assert row["run_rate"] == -69_388 * 2  # the straight line the old rule used
    # The 90 000 € grants of 2022 (ennusteen_oikaisut.csv) come on top.
    assert row["adjustment"] == -90_000
    assert row["forecast"] == pytest.approx(-163_371.57, abs=0.01)
    # Rule interval: unevenness |0.945707 - 0.5| = 0.445707; cv = 0.06 + 0.4 × 0.445707 =
    # 0.238283; rest of the year max(|-73 371.57 + 69 388|, 92 200 × 0.5) = 46 100;
    # half-width 1.281552 × 0.238283 × 46 100 = 14 077.6.
    assert row["interval_low"] == pytest.approx(-163_371.57 - 14_077.6, abs=1)
    assert row["interval_high"] == pytest.approx(-163_371.57 + 14_077.6, abs=1)
    assert row["interval_name"] == "80 %:n ennusteväli"
    # -163 372 against -92 200: 71 172 € more cost than budgeted.
    assert row["deviation_label"] == "epäsuotuisa" and row["interval_side"] == "epäsuotuisa"


def test_hyte_grants_with_nothing_booked_are_flagged_not_zero(heinola_forecast):
    """Printed HYTE Tuet ja avustukset: TP 162 145, TOT 2023 27 802, TA 115 700, TOT 0."""
    row = heinola_forecast.loc[(HYTE, "Tuet ja avustukset")]
    assert row["flag"] == "ei kertymää" and "ei kertymää" in row["reason"]
    assert row["method"] == "budget" and row["forecast"] == 115_700
    # From nothing to last year's 162 145 (farther from zero than the budget).
    assert (row["interval_low"], row["interval_high"]) == (0, 162_145)
    assert (
        "Hyvinvoinnin ja terveyden edistäminen"
        in (heinola_forecast.loc[(DEPARTMENT, "Tuet ja avustukset"), "reason"])
    )


def test_implausible_profile_falls_back_to_budget_pace(heinola_forecast):
    """HYTE Myyntituotot: 6 584 of 35 854 by 30.6.2023 (18.4 %), so the profile would
    multiply the actual by 35 854 / 6 584 = 5.45, more than 2 × the straight line's 2."""
    row = heinola_forecast.loc[(HYTE, "Myyntituotot")]
    assert row["method"] == "budget_pace" and "5,4-kertaiseksi" in row["reason"]
    assert row["forecast"] == 111_668 + 35_000 * 0.5  # = 129 168
    assert row["profile"] == pytest.approx(111_668 * 35_854 / 6_584)


def test_opkou_grants_by_hand(heinola_forecast):
    row = heinola_forecast.loc[(OPKOU, "Tuet ja avustukset")]
    # Printed: TOT 2024 175 854, TOT 2023 6 kk 238 383, TP 2023 424 216, TA 2024 733 600.
    assert row["method"] == "profile"
    assert row["profile"] == pytest.approx(175_854 * 424_216 / 238_383)  # 312 942.1
    assert row["run_rate"] == 175_854 * 2
    assert row["budget_pace"] == 175_854 + 733_600 / 2
    # 312 942 is 420 658 € less income than budgeted: unfavourable, whole interval below.
    assert row["deviation_eur"] == pytest.approx(175_854 * 424_216 / 238_383 - 733_600)
    assert row["deviation_label"] == "epäsuotuisa" and row["outside_budget"] == "below"


def test_cost_line_under_budget_is_favourable(heinola_forecast):
    """VAKA Henkilöstökulut: -3 033 644 / (3 255 946 / 6 189 045) = -5 766 483.6 against a
    budget of -5 974 300: 207 816 € less cost, i.e. favourable although numerically above."""
    row = heinola_forecast.loc[(VAKA, "Henkilöstökulut")]
    assert row["forecast"] == pytest.approx(-3_033_644 * 6_189_045 / 3_255_946)
    assert row["deviation_eur"] == pytest.approx(207_816.4, abs=0.1)
    assert row["deviation_label"] == "suotuisa"


def test_department_pace_label(heinola_forecast):
    """Toimintakate -15 134 455 by 30.6. against -29 922 850 / 2 = -14 961 425: 173 030 €
    more net cost than the pace of the year, beyond the 0.5 % band (74 807 €)."""
    row = heinola_forecast.loc[(DEPARTMENT, "Toimintakate")]
    assert row["pace_deviation"] == pytest.approx(-173_030)
    assert row["pace_label"] == "epäsuotuisa"


# --- The hierarchy --------------------------------------------------------------------------


def test_department_is_the_sum_of_its_service_areas(heinola_forecast):
    """Myyntituotot by hand: HYTE 129 168 (budget pace) + OPKOU 191 397 × 480 162 / 190 072
    + VAKA 13 280 × 141 482 / 56 962 + VIRE 13 064 × 33 910 / 13 589 + the department's own
    amount: its actual 329 408 minus the areas' 329 409 is -1 € of rounding, carried on."""
    expected = (
        129_168
        + 191_397 * 480_162 / 190_072
        + 13_280 * 141_482 / 56_962
        + 13_064 * 33_910 / 13_589
        - 1
    )
    row = heinola_forecast.loc[(DEPARTMENT, "Myyntituotot")]
    assert row["forecast"] == pytest.approx(expected)
    assert row["department_only"] == -1
    for line in ("Toimintatuotot", "Toimintakulut", "Toimintakate", "Tilikauden tulos"):
        areas = sum(heinola_forecast.loc[(u, line), "forecast"] for u in (HYTE, OPKOU, VAKA, VIRE))
        department = heinola_forecast.loc[(DEPARTMENT, line)]
        assert department["forecast"] == pytest.approx(areas + department["department_only"])
        assert abs(department["department_only"]) <= 5  # rounding only, in Heinola


def test_subtotals_keep_the_statement_and_add_up(heinola_forecast):
    department = heinola_forecast.loc[DEPARTMENT]
    assert department.loc["Toimintatuotot", "actual"] == 1_196_238  # as printed
    parts = ["Myyntituotot", "Maksutuotot", "Tuet ja avustukset", "Muut toimintatuotot"]
    for column in ("forecast", "profile", "run_rate", "budget_pace"):
        assert department.loc["Toimintatuotot", column] == pytest.approx(
            sum(department.loc[p, column] for p in parts)
        )
    net = department.loc["Toimintakate"]
    assert net["forecast"] == pytest.approx(
        department.loc["Toimintatuotot", "forecast"] + department.loc["Toimintakulut", "forecast"]
    )
    assert np.isnan(net["seasonal"])  # no monthly history: no line has a seasonal value


def test_every_point_lies_inside_its_interval(heinola_forecast):
    inside = (heinola_forecast["interval_low"] <= heinola_forecast["forecast"] + 1e-6) & (
        heinola_forecast["forecast"] <= heinola_forecast["interval_high"] + 1e-6
    )
    assert inside.all()


def test_a_total_interval_is_not_the_sum_of_extremes(heinola_forecast):
    """VAKA's Toimintakate interval is narrower than its lines' half-widths added up."""
    lines = heinola_forecast.loc[VAKA]
    # The lines under Toimintakate (not financial items nor depreciation below it).
    leaves = lines.loc[:"Muut toimintakulut"]
    leaves = leaves[leaves["method"] != "summa"]
    summed_high = (leaves["interval_high"] - leaves["forecast"]).sum()
    summed_low = (leaves["forecast"] - leaves["interval_low"]).sum()
    net = lines.loc["Toimintakate"]
    assert 0 < net["interval_high"] - net["forecast"] < summed_high
    assert 0 < net["forecast"] - net["interval_low"] < summed_low
    # Root of the sum of squares of the lines' half-widths above the point:
    rss = np.sqrt(((leaves["interval_high"] - leaves["forecast"]) ** 2).sum())
    assert net["interval_high"] - net["forecast"] == pytest.approx(rss)


# --- Monthly history ------------------------------------------------------------------------


def test_seasonal_profile_of_two_years_is_used_and_recovers_the_total(heinola_data):
    """Two complete years are enough (MIN_SEASONAL_YEARS = 2): with a profile of 46 % by June
    (4+6+9+9+8+10) every year, 2024's -598 000 by June gives -598 000 / 0.46 = -1 300 000.
    With three years required, the statement's own profile (631 339 / 1 190 120 = 53.05 %)
    would give -598 000 × 1 190 120 / 631 339 = -1 127 274 instead."""
    config, tables = heinola_data
    statement = with_actual(tables["income_statement"], -598_000.0)
    monthly = synthetic_monthly({2022: -1_200_000.0, 2023: -1_150_000.0})
    row = forecast_lines(statement, config, monthly).set_index(["unit", "line"]).loc[(UNIT, LINE)]
    assert row["method"] == "seasonal" and "2 vuotena" in row["reason"]
    assert row["seasonal"] == pytest.approx(-1_300_000.0, rel=1e-12)
    assert row["forecast"] == pytest.approx(-1_300_000.0, rel=1e-12)


def test_one_year_of_monthly_history_is_not_a_seasonal_profile(heinola_data):
    config, tables = heinola_data
    statement = with_actual(tables["income_statement"], -598_000.0)
    monthly = synthetic_monthly({2023: -1_150_000.0})
    row = forecast_lines(statement, config, monthly).set_index(["unit", "line"]).loc[(UNIT, LINE)]
    # Last year's profile from the statement: -598 000 × 1 190 120 / 631 339 = -1 127 274.
    assert row["method"] == "profile"
    assert row["forecast"] == pytest.approx(-598_000 * 1_190_120 / 631_339)


def test_unstable_multi_year_profile_falls_back_to_budget_pace(heinola_data):
    """Shares by June of 30 %, 50 % and 70 % in three years differ by 40 points (> 15)."""
    config, tables = heinola_data
    statement = with_actual(tables["income_statement"], -600_000.0)
    profiles = {}
    for year, june in ((2021, 0.3), (2022, 0.5), (2023, 0.7)):
        profiles[year] = np.array([june / 6] * 6 + [(1 - june) / 6] * 6)
    monthly = synthetic_monthly({2021: -1e6, 2022: -1e6, 2023: -1e6}, profiles)
    row = forecast_lines(statement, config, monthly).set_index(["unit", "line"]).loc[(UNIT, LINE)]
    assert row["method"] == "budget_pace" and "vaihtelee 3 vuoden" in row["reason"]
    assert row["forecast"] == -600_000 + -1_023_700 * 0.5  # printed TA -1 023 700


def test_interval_from_the_methods_own_past_errors(heinola_data):
    """Three years with the same profile but June at 46 % in 2021 and 2023 and 50 % in 2022
    (the extra 4 % taken from December), all totals T = -1 000 000. Leave-one-out shares:
    2021 → mean(0.50, 0.46) = 0.48, forecast 0.46T / 0.48 = 0.958333T, relative error
    (T - 0.958333T) / |0.958333T| = -0.043478; 2022 → 0.46, forecast 0.50T / 0.46 =
    1.086957T, error +0.08; 2023 as 2021. RMS = sqrt((2 × 0.043478² + 0.08²) / 3) = 0.058254;
    t(0.90, 3 df) = 1.637744; half-width 0.095406 × |point|."""
    config, tables = heinola_data
    statement = with_actual(tables["income_statement"], -460_000.0)
    bumped = PROFILE.copy()
    bumped[5] += 0.04
    bumped[11] -= 0.04
    monthly = synthetic_monthly(
        {2021: -1e6, 2022: -1e6, 2023: -1e6}, {2021: PROFILE, 2022: bumped, 2023: PROFILE}
    )
    row = forecast_lines(statement, config, monthly).set_index(["unit", "line"]).loc[(UNIT, LINE)]
    # Seasonal share (0.46 + 0.50 + 0.46) / 3 = 0.47333; spread 4 points: stable.
    assert row["method"] == "seasonal"
    point = -460_000 / (1.42 / 3)  # = -971 830.99
    assert row["forecast"] == pytest.approx(point)
    assert row["interval_basis"] == "menetelmän oma virhe 3 aiemmalta vuodelta"
    assert row["interval_high"] - row["forecast"] == pytest.approx(0.095406 * abs(point), rel=1e-4)


# --- Any month end --------------------------------------------------------------------------


@pytest.fixture
def march_statement(heinola_data, tmp_path):
    """The 30.6. figures relabelled as a 31.3. statement (3 months, 25 % of the year)."""
    folder = tmp_path / "heinola" / "2024-03-31"
    folder.mkdir(parents=True)
    (tmp_path / "heinola" / "entity.yml").write_text(
        (RAW / "heinola" / "entity.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = STATEMENT_CSV.read_text(encoding="utf-8").replace(" 6 kk", " 3 kk")
    (folder / "tuloslaskelma.csv").write_text(text, encoding="utf-8")
    return build_processed(tmp_path, "heinola", "2024-03-31")


def test_budget_pace_at_the_end_of_march(march_statement):
    """Budget pace is actual + budget × (1 - 3/12): VAKA Maksutuotot 155 650 + 260 000 × 0.75
    = 350 650 (with × 3/12 instead it would be 220 650; at June both would be 285 650)."""
    config, tables = march_statement
    forecast = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    assert forecast.loc[(VAKA, "Maksutuotot"), "budget_pace"] == 350_650
    assert forecast.loc[(VAKA, "Myyntituotot"), "run_rate"] == 13_280 * 4
    # Pace: 155 650 against 260 000 × 3/12 = 65 000: 90 650 € more income than the pace.
    assert forecast.loc[(VAKA, "Maksutuotot"), "pace_deviation"] == 90_650
    assert forecast.loc[(VAKA, "Maksutuotot"), "pace_label"] == "suotuisa"


def test_march_profile_limit_follows_the_month(march_statement):
    """At 3 months the straight line multiplies by 4, so last year's profile may multiply by
    up to 8: HYTE Myyntituotot (× 5.45) keeps the profile in March, not in June."""
    config, tables = march_statement
    forecast = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    row = forecast.loc[(HYTE, "Myyntituotot")]
    assert row["method"] == "profile"
    assert row["forecast"] == pytest.approx(111_668 * 35_854 / 6_584)


def test_year_end_forecast_is_the_actual(heinola_data):
    config, tables = heinola_data
    statement = tables["income_statement"].copy()
    statement.loc[statement["measure"].isin(["tot", "tot_prior"]), "months"] = 12
    forecast = forecast_lines(statement, config).set_index(["unit", "line"])
    row = forecast.loc[(HYTE, "Tuet ja avustukset")]  # nothing booked all year: 0 is final
    assert row["method"] == "actual" and row["forecast"] == 0 and row["flag"] == ""
    leaves = forecast[forecast["method"] != "summa"]
    assert (leaves["forecast"] == leaves["actual"]).all()
    assert (leaves["interval_low"] == leaves["interval_high"]).all()


# --- Adjustments (issue 15, point 4) --------------------------------------------------------


def adjustments_file(raw_copy, line: str, unit: str = VIRE):
    path = raw_copy / "heinola" / "2024-06-30" / "ennusteen_oikaisut.csv"
    text = path.read_text(encoding="utf-8")
    return path, text.replace(f"{VIRE};Avustukset;", f"{unit};{line};")


@pytest.mark.parametrize(
    ("unit", "line", "message"),
    [
        (VIRE, "Toimintakulut", r"'Toimintakulut' is a subtotal"),
        (VIRE, "Toimintakate", r"'Toimintakate' is a subtotal"),
        (HYTE, "Maksutuotot", r"does not print the line 'Maksutuotot'"),
    ],
)
def test_adjustment_on_a_subtotal_or_an_unprinted_line_is_an_error(raw_copy, unit, line, message):
    path, text = adjustments_file(raw_copy, line, unit)
    path.write_text(text, encoding="utf-8")
    config, tables = build_processed(raw_copy, "heinola", "2024-06-30")
    with pytest.raises(InputDataError, match=r"ennusteen_oikaisut.csv, row 2, column 'Rivi'"):
        forecast_lines(
            tables["income_statement"], config, adjustments=tables["forecast_adjustments"]
        )
    with pytest.raises(InputDataError, match=message):
        forecast_lines(
            tables["income_statement"], config, adjustments=tables["forecast_adjustments"]
        )


def test_adjustment_for_an_unknown_line_is_rejected(raw_copy):
    path, text = adjustments_file(raw_copy, "Avustus")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError, match=r"row 2, column 'Rivi': unknown line 'Avustus'"):
        build_processed(raw_copy, "heinola", "2024-06-30")


def test_service_area_adjustment_reaches_the_department_once(heinola_data, heinola_forecast):
    config, tables = heinola_data
    plain = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    for unit in (VIRE, DEPARTMENT):
        for line in ("Avustukset", "Toimintakulut", "Toimintakate"):
            assert heinola_forecast.loc[(unit, line), "adjustment"] == -90_000
            assert heinola_forecast.loc[(unit, line), "forecast"] == pytest.approx(
                plain.loc[(unit, line), "forecast"] - 90_000
            )
    assert heinola_forecast.loc[(VAKA, "Avustukset"), "adjustment"] == 0


def test_department_adjustment_is_a_department_only_item(heinola_data):
    """An adjustment of the department itself belongs to no service area: it stays in the
    department's own amount, and the department is still Σ areas + its own amount."""
    config, tables = heinola_data
    adjustments = pd.DataFrame(
        {"unit": [DEPARTMENT], "line": ["Palvelujen ostot"], "amount": [-50_000.0], "reason": ["x"]}
    )
    forecast = forecast_lines(tables["income_statement"], config, adjustments=adjustments)
    forecast = forecast.set_index(["unit", "line"])
    plain = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    row = forecast.loc[(DEPARTMENT, "Palvelujen ostot")]
    assert row["forecast"] == pytest.approx(
        plain.loc[(DEPARTMENT, "Palvelujen ostot"), "forecast"] - 50_000
    )
    # The rounding remainder of the line: 2 674 732 - (54 745 + 1 483 674 + 561 103 + 575 210)
    # = 2 674 732 - 2 674 732 = 0, so the department's own amount is the adjustment alone.
    assert row["department_only"] == -50_000
    for unit in (HYTE, OPKOU, VAKA, VIRE):
        assert forecast.loc[(unit, "Palvelujen ostot"), "adjustment"] == 0


def test_a_line_only_the_department_prints_is_forecast_on_its_own(heinola_data):
    """Without VIRE's Rahoitustuotot ja -kulut row, the department's -655 € (TOT), -954 (TP),
    -148 (TOT 2023) and 0 (TA) are, beyond OPKOU's and VAKA's rows, the department's own:
    TP -954 - (-136 - 567) = -251, TOT 2023 -148 - (-131 - 17) = 0, so last year's share is
    0 / -251 = 0: budget pace, -655 + 0 × 0.5 = -655, added to the areas' 0 + 0."""
    config, tables = heinola_data
    statement = tables["income_statement"]
    statement = statement[
        ~((statement["unit"] == VIRE) & (statement["line"] == "Rahoitustuotot ja -kulut"))
    ]
    forecast = forecast_lines(statement, config).set_index(["unit", "line"])
    row = forecast.loc[(DEPARTMENT, "Rahoitustuotot ja -kulut")]
    assert row["forecast"] == -655 and row["department_only"] == -655
    assert "toimialan oma erä" in row["reason"]
    assert (VIRE, "Rahoitustuotot ja -kulut") not in forecast.index
