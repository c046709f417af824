"""Indicators against values computed by hand from the source report's printed numbers."""

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.forecast import forecast_lines
from helpers.indicators import (
    budget_realisation,
    forecast_net_costs,
    hyte_coefficient,
    indicator_tables,
    key_figure_reconciliation,
    latest_population,
    occupancy_summary,
    per_capita_costs,
    statement_net_costs,
    year_elapsed_percent,
)

DEPARTMENT = "Hyvinvointilautakunnan toimiala"
POPULATION = 17_953  # 31.12.2023, the latest known at 30.6.2024


@pytest.fixture(scope="module")
def data():
    config, tables = build_processed(RAW, "heinola", "2024-06-30")
    return config, tables


def test_year_elapsed():
    assert year_elapsed_percent(6) == 50 and year_elapsed_percent(3) == 25


def test_budget_realisation_of_the_department(data):
    _, tables = data
    table = budget_realisation(tables["income_statement"]).set_index(["unit", "line"])
    row = table.loc[(DEPARTMENT, "Toimintakate")]
    assert row["remaining"] == -29_922_850 - -15_134_455
    assert row["realisation_pct"] == pytest.approx(15_134_455 / 29_922_850 * 100)
    assert row["pace_deviation_points"] == pytest.approx(15_134_455 / 29_922_850 * 100 - 50)
    assert row["change_eur"] == -15_134_455 - -15_822_824
    # The net cost fell by 688 369 €: +4,35 %, the same sign as the euros.
    assert row["change_pct"] == pytest.approx((15_822_824 - 15_134_455) / 15_822_824 * 100)
    # HYTE sales are 319 % of budget at mid-year: far ahead of the pace and flagged.
    assert table.loc[("Hyvinvoinnin ja terveyden edistäminen", "Myyntituotot"), "ahead_of_pace"]
    assert not row["ahead_of_pace"]


def test_latest_population_known_at_the_period_end(data):
    _, tables = data
    residents, date = latest_population(tables["population"])
    assert residents == POPULATION and date == pd.Timestamp("2023-12-31")


def test_per_capita_and_reconciliation_with_published_key_figures(data):
    config, tables = data
    per_capita = per_capita_costs(
        statement_net_costs(tables["income_statement"], "Toimintakate"), POPULATION
    )
    vaka = per_capita.set_index(["unit", "basis"]).loc[("Varhaiskasvatus", "TA 2024")]
    assert vaka["eur_per_resident"] == pytest.approx(7_913_900 / 17_953)
    table = key_figure_reconciliation(per_capita, tables["key_figures"], config)
    table = table.set_index(["unit", "year"])
    row = table.loc[("Varhaiskasvatus", 2024)]
    assert row["published"] == 441  # printed "Tavoite 2024: 441 €"
    assert row["difference"] == pytest.approx(441 - 7_913_900 / 17_953)
    assert "pyöristystä" in row["explanation"]
    opkou = table.loc[("Opetus- ja koulutuspalvelut", 2024)]
    assert opkou["published"] == 779 + 130 + 32  # Perusopetus + Lukio + Musiikkiopisto
    assert "osien summa" in opkou["explanation"]


def test_forecast_per_capita(data):
    config, tables = data
    forecast = forecast_lines(tables["income_statement"], config)
    per_capita = per_capita_costs(forecast_net_costs(forecast, 2024, "Toimintakate"), POPULATION)
    department = per_capita.set_index("unit").loc[DEPARTMENT]
    assert department["basis"] == "Ennuste 2024"
    expected = -forecast.set_index(["unit", "line"]).loc[(DEPARTMENT, "Toimintakate"), "forecast"]
    assert department["eur_per_resident"] == pytest.approx(expected / POPULATION)


def test_hyte_coefficient(data):
    _, tables = data
    table = hyte_coefficient(
        tables["other_metrics"],
        tables["key_figures"],
        tables["national_references"],
        POPULATION,
        2024,
    ).set_index("comparison")
    assert table["value_eur"].iloc[0] == pytest.approx(20.3 * 17_953)
    assert table.loc["tavoite 2024", "difference"] == pytest.approx(20.3 - 20.6)
    assert table.loc["tavoite 2024", "euro_effect"] == pytest.approx(-0.3 * 17_953)
    assert table.loc["ennuste 2023", "reference"] == 20.6
    national = table.loc["kuntien keskiarvo 2023"]
    assert national["reference"] == 18.23
    assert national["euro_effect"] == pytest.approx((20.3 - 18.23) * 17_953)


def test_occupancy_summary(data):
    _, tables = data
    summary = occupancy_summary(tables["occupancy"])
    rates = [79.47, 75.19, 80.29, 80.39, 79.6, 75.43]  # printed monthly rates
    assert summary["average_pct"] == pytest.approx(sum(rates) / 6)
    assert (summary["min_pct"], summary["max_pct"], summary["months"]) == (75.19, 80.39, 6)


def test_indicator_tables_of_a_period_without_statement():
    config, tables = build_processed(RAW, "heinola", "2024-03-31")
    out = indicator_tables(tables, config, 2024)
    assert "budget_realisation" not in out and "per_capita" not in out
    assert "survey_shares" in out
    assert "hyte" not in out  # the 2024 coefficient was first reported on 30.6.
