"""Year-end forecast: hand-computed Heinola values and SYNTHETIC monthly series.

The monthly series below are synthetic (made up for the test): every year follows the same
seasonal profile with a different total, so a seasonal method must recover the total exactly.
"""

import numpy as np
import pandas as pd
import pytest
from conftest import RAW, STATEMENT_CSV

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.forecast import backtest, choose_method, cumulative_shares, forecast_lines

# SYNTHETIC: a seasonal profile (share of the year's total per month) and yearly totals.
PROFILE = np.array([4, 6, 9, 9, 8, 10, 3, 5, 11, 12, 11, 12], dtype=float) / 100
TOTALS = {2021: -1_000_000.0, 2022: -1_200_000.0, 2023: -1_150_000.0, 2024: -1_300_000.0}
UNIT, LINE = "Varhaiskasvatus", "Palvelujen ostot"


def synthetic_monthly(last_month_2024: int) -> pd.DataFrame:
    rows = []
    for year, total in TOTALS.items():
        months = 12 if year < 2024 else last_month_2024
        for month in range(1, months + 1):
            rows.append(
                {
                    "unit": UNIT,
                    "line": LINE,
                    "month": pd.Timestamp(year, month, 1),
                    "amount": total * PROFILE[month - 1],
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def heinola_data():
    return build_processed(RAW, "heinola", "2024-06-30")


def test_synthetic_seasonal_profile_is_recovered_exactly(heinola_data):
    config, tables = heinola_data
    statement = tables["income_statement"].copy()
    ytd = TOTALS[2024] * PROFILE[:6].sum()
    mask = (statement["unit"] == UNIT) & (statement["line"] == LINE)
    statement.loc[mask & (statement["measure"] == "tot"), "amount"] = ytd
    forecast = forecast_lines(statement, config, synthetic_monthly(6)).set_index(["unit", "line"])
    row = forecast.loc[(UNIT, LINE)]
    assert row["method"] == "seasonal" and "3 vuodelta" in row["reason"]
    assert row["seasonal"] == pytest.approx(TOTALS[2024], rel=1e-12)
    assert row["forecast"] == pytest.approx(TOTALS[2024], rel=1e-12)


def test_synthetic_backtest_scores_the_methods():
    scores = backtest(synthetic_monthly(6), 6).set_index("method")
    # Past years follow the profile exactly: both profile methods are perfect ...
    assert scores.loc["seasonal", "mape_pct"] == pytest.approx(0, abs=1e-9)
    assert scores.loc["profile", "mape_pct"] == pytest.approx(0, abs=1e-9)
    # ... while the linear run-rate misses by |0.46 × 2 − 1| = 8 % every year (46 % by June).
    assert scores.loc["run_rate", "mape_pct"] == pytest.approx(8.0)
    assert scores.loc["seasonal", "years"] == 2  # 2022 and 2023 have history before them
    shares = cumulative_shares(synthetic_monthly(6), 6)
    assert set(shares["year"]) == {2021, 2022, 2023}  # 2024 is incomplete


def test_heinola_opkou_grants_by_hand(heinola_data):
    config, tables = heinola_data
    forecast = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    row = forecast.loc[("Opetus- ja koulutuspalvelut", "Tuet ja avustukset")]
    # Printed: TOT 2024 175 854, TOT 2023 6 kk 238 383, TP 2023 424 216, TA 2024 733 600.
    assert row["method"] == "profile"
    assert row["profile"] == pytest.approx(175_854 / (238_383 / 424_216))
    assert row["run_rate"] == 175_854 * 2
    assert row["budget_pace"] == 175_854 + 733_600 / 2
    assert row["outside_budget"] == "below"  # "Erityisavustustuotot ... arvioitua vähäisemmät"
    vaka = forecast.loc[("Varhaiskasvatus", "Henkilöstökulut")]
    assert vaka["forecast"] == pytest.approx(-3_033_644 / (-3_255_946 / -6_189_045))


def test_unstable_profile_falls_back_to_run_rate(heinola_data):
    config, tables = heinola_data
    forecast = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    # Printed: VIRE Avustukset TOT 2023 6 kk -85 525 of TP -90 435 (95 %): not a usable profile.
    row = forecast.loc[("Virkkeellinen elämä", "Avustukset")]
    assert row["method"] == "run_rate" and "95 %" in row["reason"]
    assert row["forecast"] == -69_388 * 2
    assert choose_method(float("nan"), 0.5)[0] == "run_rate"


def test_adjustment_from_the_raw_file(heinola_data):
    config, tables = heinola_data
    adjustments = tables["forecast_adjustments"]
    assert adjustments["amount"].tolist() == [-90_000]
    plain = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    adjusted = forecast_lines(tables["income_statement"], config, adjustments=adjustments)
    adjusted = adjusted.set_index(["unit", "line"])
    for unit in ("Virkkeellinen elämä", "Hyvinvointilautakunnan toimiala"):
        for line in ("Avustukset", "Toimintakulut", "Toimintakate"):
            assert adjusted.loc[(unit, line), "adjustment"] == -90_000
            assert adjusted.loc[(unit, line), "forecast"] == pytest.approx(
                plain.loc[(unit, line), "forecast"] - 90_000
            )
    assert adjusted.loc[("Varhaiskasvatus", "Avustukset"), "adjustment"] == 0


def test_subtotals_keep_the_statement_and_add_up(heinola_data):
    config, tables = heinola_data
    forecast = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    department = "Hyvinvointilautakunnan toimiala"
    assert forecast.loc[(department, "Toimintatuotot"), "actual"] == 1_196_238  # as printed
    parts = ["Myyntituotot", "Maksutuotot", "Tuet ja avustukset", "Muut toimintatuotot"]
    assert forecast.loc[(department, "Toimintatuotot"), "forecast"] == pytest.approx(
        sum(forecast.loc[(department, p), "forecast"] for p in parts)
    )
    assert np.isnan(forecast.loc[(department, "Toimintatuotot"), "seasonal"])


def test_a_period_other_than_june(heinola_data, tmp_path):
    """Any cut-off: a 31.3. statement (3 months) is forecast with a 25 % elapsed year."""
    config, _ = heinola_data
    folder = tmp_path / "heinola" / "2024-03-31"
    folder.mkdir(parents=True)
    (tmp_path / "heinola" / "entity.yml").write_text(
        (RAW / "heinola" / "entity.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = STATEMENT_CSV.read_text(encoding="utf-8").replace(" 6 kk", " 3 kk")
    (folder / "tuloslaskelma.csv").write_text(text, encoding="utf-8")
    _, tables = build_processed(tmp_path, "heinola", "2024-03-31")
    forecast = forecast_lines(tables["income_statement"], config).set_index(["unit", "line"])
    assert forecast.loc[("Varhaiskasvatus", "Myyntituotot"), "run_rate"] == 13_280 * 4


def test_adjustment_for_an_unknown_line_is_rejected(raw_copy):
    path = raw_copy / "heinola" / "2024-06-30" / "ennusteen_oikaisut.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(";Avustukset;", ";Avustus;"))
    with pytest.raises(InputDataError, match=r"row 2, column 'Rivi': unknown line 'Avustus'"):
        build_processed(raw_copy, "heinola", "2024-06-30")
