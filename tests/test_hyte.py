"""The HYTE coefficient (helpers.hyte): in euros and against the target, the previous year and
the municipalities' mean and range. Small frames worked out by hand first, then the embedded
Heinola figures (Strategiset mittarit 30.6.2024 and tunnusluvut.csv)."""

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.hyte import hyte_coefficient, references_until

POPULATION = 17_953
NO_NATIONAL = pd.DataFrame({"metric": [], "year": [], "value": [], "source": []})


def metrics(*rows):
    """other_metrics rows: (metric, date, value)."""
    return pd.DataFrame(rows, columns=["metric", "date", "value"]).assign(
        date=lambda f: pd.to_datetime(f["date"])
    )


def figures(*rows):
    """key_figures rows: (year, value_type, value, unit_of_measure)."""
    frame = pd.DataFrame(rows, columns=["year", "value_type", "value", "unit_of_measure"])
    return frame.assign(figure="HYTE-kerroin")


def test_the_latest_report_of_the_year_is_compared_in_euros():
    reported = metrics(
        ("HYTE-kerroin 2024", "2024-03-31", 19.0),
        ("HYTE-kerroin 2024", "2024-06-30", 20.0),  # the latest wins, whatever the row order
        ("HYTE-kerroin 2023", "2024-06-30", 99.0),  # another year's figure is not this year's
    ).iloc[[1, 0, 2]]
    table = hyte_coefficient(
        reported, figures((2024, "Tavoite", 21.5, "€/asukas")), NO_NATIONAL, 1_000, 2024
    )
    # 20,0 − 21,5 = −1,5 €/asukas × 1 000 asukasta = −1 500 €; worth 20,0 × 1 000 = 20 000 €.
    assert table.to_dict("records") == [
        {
            "comparison": "tavoite 2024",
            "reference": 21.5,
            "value": 20.0,
            "difference": -1.5,
            "euro_effect": -1_500.0,
            "source": "tunnusluvut, tavoite 2024",
            "value_eur": 20_000.0,
            "population": 1_000,
        }
    ]


def test_the_previous_years_actual_comes_before_its_forecast():
    reported = metrics(("HYTE-kerroin 2024", "2024-06-30", 20.0))
    both = figures((2023, "Ennuste", 18.0, "€/asukas"), (2023, "Toteutuma", 19.0, "€/asukas"))
    table = hyte_coefficient(reported, both, NO_NATIONAL, 100, 2024)
    # Only the actual 2023 (19,0): +1,0 × 100 = 100 €; the forecast is not a second row.
    assert list(table["comparison"]) == ["toteutuma 2023"]
    assert list(table["euro_effect"]) == [100.0]
    only_forecast = hyte_coefficient(reported, both.iloc[[0]], NO_NATIONAL, 100, 2024)
    assert list(only_forecast["comparison"]) == ["ennuste 2023"]
    assert list(only_forecast["euro_effect"]) == [200.0]  # (20 − 18) × 100


def test_a_figure_in_another_unit_or_year_is_not_compared():
    reported = metrics(("HYTE-kerroin 2024", "2024-06-30", 20.0))
    other = figures(
        (2024, "Tavoite", 150.0, "€/oppilas"),  # another series, however similar the name
        (2022, "Toteutuma", 18.0, "€/asukas"),  # two years back is not the previous year
    )
    assert hyte_coefficient(reported, other, NO_NATIONAL, 100, 2024).empty


def test_the_latest_national_mean_and_its_range():
    reported = metrics(("HYTE-kerroin 2024", "2024-06-30", 20.0))
    national = pd.DataFrame(
        {
            "metric": ["HYTE-kerroin", "HYTE-kerroin", "Muu"],
            "year": [2023, 2022, 2023],
            "value": [18.0, 10.0, 1.0],
            "low": [7.5, 1.0, 0.0],
            "high": [float("nan"), 30.0, 2.0],
            "source": ["Kuntaliitto 2023", "Kuntaliitto 2022", "muu"],
        }
    )
    table = hyte_coefficient(reported, figures(), national, 10, 2024).set_index("comparison")
    # 2023 is the latest: mean 18 → +2 × 10 = 20 €; low 7,5 → +12,5 × 10 = 125 €; no high.
    assert list(table.index) == [
        "kuntien keskiarvo 2023",
        "kuntien vaihteluvälin alaraja 2023",
    ]
    assert list(table["euro_effect"]) == [20.0, 125.0]
    assert set(table["source"]) == {"Kuntaliitto 2023"}


def test_a_national_figure_of_a_later_year_is_never_the_reference():
    national = pd.DataFrame(
        {
            "metric": ["HYTE-kerroin", "HYTE-kerroin"],
            "year": [2023, 2022],
            "value": [18.0, 10.0],
            "low": [float("nan")] * 2,
            "high": [float("nan")] * 2,
            "source": ["Kuntaliitto 2023", "Kuntaliitto 2022"],
        }
    )
    # A 2022 report: 2023's mean is in its future; 12 − 10 = +2 €/as × 10 residents = 20 €.
    reported = metrics(("HYTE-kerroin 2022", "2022-06-30", 12.0))
    table = hyte_coefficient(reported, figures(), national, 10, 2022).set_index("comparison")
    assert list(table.index) == ["kuntien keskiarvo 2022"]
    assert table.loc["kuntien keskiarvo 2022", "euro_effect"] == 20.0
    # A 2021 report has no national figure at all: no national row, not 2022's or 2023's.
    reported = metrics(("HYTE-kerroin 2021", "2021-06-30", 12.0))
    assert hyte_coefficient(reported, figures(), national, 10, 2021).empty
    assert list(references_until(national, 2022)["year"]) == [2022]


def test_an_upper_end_alone_is_compared_as_the_ranges_upper_end():
    reported = metrics(("HYTE-kerroin 2024", "2024-06-30", 20.0))
    national = pd.DataFrame(
        {
            "metric": ["HYTE-kerroin"],
            "year": [2023],
            "value": [18.0],
            "low": [float("nan")],
            "high": [32.5],
            "source": ["Kuntaliitto 2023"],
        }
    )
    table = hyte_coefficient(reported, figures(), national, 10, 2024)
    # mean 18 → +2 × 10 = 20 €; high 32,5 → −12,5 × 10 = −125 €; no low.
    assert list(table["comparison"]) == [
        "kuntien keskiarvo 2023",
        "kuntien vaihteluvälin yläraja 2023",
    ]
    assert list(table["reference"]) == [18.0, 32.5]
    assert list(table["euro_effect"]) == [20.0, -125.0]


def test_nothing_reported_for_the_year_gives_no_table():
    reported = metrics(("HYTE-kerroin 2023", "2023-12-31", 20.0))
    assert hyte_coefficient(
        reported, figures((2024, "Tavoite", 21.5, "€/asukas")), NO_NATIONAL, 100, 2024
    ).empty


# --- The embedded Heinola figures ---------------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    return build_processed(RAW, "heinola", "2024-06-30")


def test_hyte_coefficient_in_euros_against_target_previous_year_and_range(data):
    _, tables = data
    table = hyte_coefficient(
        tables["other_metrics"],
        tables["key_figures"],
        tables["national_references"],
        POPULATION,
        2024,
    ).set_index("comparison")
    # 20,3 €/asukas (Strategiset mittarit 30.6.2024) × 17 953 asukasta = 364 445,90 €.
    assert table["value_eur"].iloc[0] == pytest.approx(364_445.90)
    # Target 20,6: −0,3 × 17 953 = −5 385,90 €; the previous year's 20,6 (ennuste 2023) too.
    assert table.loc["tavoite 2024", "euro_effect"] == pytest.approx(-5_385.90)
    assert table.loc["ennuste 2023", "euro_effect"] == pytest.approx(-5_385.90)
    # Municipalities 2023: mean 18,23 → +2,07 × 17 953 = 37 162,71 €; range 7,50 … 22:
    # (20,3 − 7,5) × 17 953 = 229 798,40 € above the bottom, (20,3 − 22) × 17 953 =
    # −30 520,10 € below the top.
    assert table.loc["kuntien keskiarvo 2023", "euro_effect"] == pytest.approx(37_162.71)
    assert table.loc["kuntien vaihteluvälin alaraja 2023", "euro_effect"] == pytest.approx(
        229_798.40
    )
    assert table.loc["kuntien vaihteluvälin yläraja 2023", "euro_effect"] == pytest.approx(
        -30_520.10
    )
    assert "kuntaliitto.fi" in table.loc["kuntien keskiarvo 2023", "source"]
    assert table.loc["tavoite 2024", "source"] == "tunnusluvut, tavoite 2024"


def test_hyte_never_compares_with_a_figure_in_another_unit(data):
    _, tables = data
    figures = tables["key_figures"]
    # Without the 2023 forecast, the previous year would be 2022 … which is €/oppilas.
    no_2023 = figures[~((figures["figure"] == "HYTE-kerroin") & (figures["year"] == 2023))]
    table = hyte_coefficient(
        tables["other_metrics"], no_2023, tables["national_references"], POPULATION, 2024
    )
    assert 169.53 not in set(table["reference"])
    assert "toteutuma 2022" not in set(table["comparison"])


def test_national_pot_is_recorded_with_its_source(data):
    _, tables = data
    national = tables["national_references"].set_index("metric")
    pot = national.loc["HYTE-lisäosa kunnille yhteensä"]
    assert pot["value"] == 100_000_000 and pot["unit_of_measure"] == "€"
    assert pot["source"].endswith(
        "https://www.kuntaliitto.fi/blogi/2022/hyvinvoinnin-ja-terveyden-edistamisesta-palkintorahaa-kunnille"
    )
