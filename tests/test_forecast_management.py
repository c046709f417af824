"""Management's estimates beside the model, and the favourable / unfavourable labels."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.forecast import compare_management, favourability, forecast_lines
from helpers.forecast.direction import favourability_labels, interval_side

PERIOD = dt.date(2024, 6, 30)
DEPARTMENT = "Hyvinvointilautakunnan toimiala"
OPKOU = "Opetus- ja koulutuspalvelut"


# --- suotuisa / epäsuotuisa -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "value", "label"),
    [
        (100_000, 120_000, "suotuisa"),  # income over budget: more money
        (100_000, 80_000, "epäsuotuisa"),  # income under budget
        (-100_000, -120_000, "epäsuotuisa"),  # cost over budget: 20 000 more cost
        (-100_000, -80_000, "suotuisa"),  # cost under budget
        (-100_000, -100_000, "talousarvion mukainen"),
        (0, 0, "talousarvion mukainen"),
    ],
)
def test_favourability_handles_income_and_cost_signs(budget, value, label):
    assert favourability(value - budget) == label


def test_favourability_band_and_missing_values():
    assert favourability(-499.0, band=500.0) == "talousarvion mukainen"
    assert favourability(-501.0, band=500.0) == "epäsuotuisa"
    assert favourability(float("nan")) == ""
    labels = favourability_labels(pd.Series([10.0, -10.0, 3.0]), pd.Series([5.0, 5.0, 5.0]))
    assert labels.tolist() == ["suotuisa", "epäsuotuisa", "talousarvion mukainen"]


def test_interval_side_for_costs():
    """A cost budget of -100: an interval -95 … -90 is all less cost (favourable), -130 …
    -110 all more cost (unfavourable), -105 … -95 straddles the budget."""
    low, high = pd.Series([-95.0, -130.0, -105.0]), pd.Series([-90.0, -110.0, -95.0])
    sides = interval_side(low, high, pd.Series([-100.0] * 3))
    assert sides.tolist() == ["suotuisa", "epäsuotuisa", ""]


# --- The comparison on small hand-made tables ------------------------------------------------


@pytest.fixture(scope="module")
def heinola():
    return build_processed(RAW, "heinola", "2024-06-30")


def model_row(unit, line, budget, forecast, low, high):
    return {
        "unit": unit,
        "line": line,
        "budget": budget,
        "forecast": forecast,
        "interval_low": low,
        "interval_high": high,
    }


def estimate(unit, line, amount=np.nan, direction=None, date=PERIOD, row=2):
    return {
        "unit": unit,
        "line": line,
        "amount": amount,
        "direction": direction,
        "text": "arvio",
        "date": pd.Timestamp(date),
        "source_file": "johdon_arviot.csv",
        "source_row": row,
    }


def test_euro_estimate_beyond_the_threshold_disagrees(heinola):
    """Budget -1 000 000: threshold max(1 % × 1 000 000, 10 000) = 10 000 €. The model says
    -1 020 000; management -1 005 000 is 15 000 € apart (> 10 000): disagreement;
    -1 012 000 is 8 000 € apart: agreement."""
    config, _ = heinola
    model = pd.DataFrame(
        [
            model_row(DEPARTMENT, "Toimintakate", -1e6, -1_020_000.0, -1.05e6, -0.99e6),
            model_row(OPKOU, "Toimintakate", -1e6, -1_020_000.0, -1.05e6, -0.99e6),
        ]
    )
    estimates = pd.DataFrame(
        [
            estimate(DEPARTMENT, "Toimintakate", -1_005_000.0),
            estimate(OPKOU, "Toimintakate", -1_012_000.0, row=3),
        ]
    )
    table = compare_management(model, estimates, config, PERIOD).set_index("unit")
    assert table.loc[DEPARTMENT, "difference_eur"] == -15_000
    assert table.loc[DEPARTMENT, "threshold_eur"] == 10_000
    assert bool(table.loc[DEPARTMENT, "disagreement"]) is True
    assert bool(table.loc[OPKOU, "disagreement"]) is False
    assert bool(table.loc[OPKOU, "in_interval"]) is True
    # The model: 20 000 € more net cost than budgeted (beyond 10 000): unfavourable.
    assert table.loc[DEPARTMENT, "model_direction"] == "epäsuotuisa"


def test_direction_estimates(heinola):
    """Budget 500 000 of income: threshold 10 000 €. The model's 505 000 is within it, so
    the model says "talousarvion mukainen"; management's "epäsuotuisa" disagrees,
    "talousarvion mukainen tai suotuisa" agrees."""
    config, _ = heinola
    model = pd.DataFrame(
        [
            model_row(OPKOU, "Myyntituotot", 500_000.0, 505_000.0, 480_000.0, 530_000.0),
            model_row(OPKOU, "Maksutuotot", 500_000.0, 505_000.0, 480_000.0, 530_000.0),
        ]
    )
    estimates = pd.DataFrame(
        [
            estimate(OPKOU, "Myyntituotot", direction="epäsuotuisa"),
            estimate(OPKOU, "Maksutuotot", direction="talousarvion mukainen tai suotuisa", row=3),
        ]
    )
    table = compare_management(model, estimates, config, PERIOD).set_index("line")
    assert table.loc["Myyntituotot", "model_direction"] == "talousarvion mukainen"
    assert bool(table.loc["Myyntituotot", "disagreement"]) is True
    assert bool(table.loc["Maksutuotot", "disagreement"]) is False


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"line": "Toimintatuotto"}, "Rivi", "has no line 'Toimintatuotto'"),
        ({"unit": "Kirjasto"}, "Yksikkö", "unknown unit 'Kirjasto'"),
        ({"amount": np.nan, "direction": None}, "Euroa", "in euros"),
        ({"date": dt.date(2024, 7, 31)}, "Päivämäärä", "after the period end 30.6.2024"),
        # A net cost of 1 000 000 entered as printed by a costs-positive export: read as it
        # stands it would be a net income, a "favourable" 2 000 000 € beside the model.
        ({"amount": 1e6}, "Euroa", "opposite sign to its budget -1 000 000 €"),
    ],
)
def test_bad_estimates_name_file_row_and_column(heinola, change, column, message):
    config, _ = heinola
    model = pd.DataFrame([model_row(OPKOU, "Toimintakate", -1e6, -1e6, -1.1e6, -0.9e6)])
    row = estimate(OPKOU, "Toimintakate", -1e6, row=4) | change
    row["date"] = pd.Timestamp(row["date"])
    with pytest.raises(InputDataError, match=rf"johdon_arviot.csv, row 4, column '{column}'"):
        compare_management(model, pd.DataFrame([row]), config, PERIOD)
    with pytest.raises(InputDataError, match=message):
        compare_management(model, pd.DataFrame([row]), config, PERIOD)


def test_small_amounts_may_change_sign_and_a_second_estimate_is_an_error(heinola):
    config, _ = heinola
    model = pd.DataFrame([model_row(OPKOU, "Toimintakate", -8_000.0, -9_000.0, -12e3, -6e3)])
    # Both under 10 000 €: a small net margin may honestly turn into a net income.
    small = compare_management(
        model, pd.DataFrame([estimate(OPKOU, "Toimintakate", 5_000.0)]), config, PERIOD
    )
    assert small["management_amount"].iloc[0] == 5_000.0
    twice = pd.DataFrame(
        [
            estimate(OPKOU, "Toimintakate", -9_000.0, row=2),
            estimate(OPKOU, "Toimintakate", -7_000.0, row=5),
        ]
    )
    with pytest.raises(
        InputDataError,
        match=r"johdon_arviot.csv, row 5, column 'Rivi': a second estimate .* on row 2",
    ):
        compare_management(model, twice, config, PERIOD)


def test_an_estimate_entered_with_the_exports_signs_stops_stage_30(raw_copy):
    path = raw_copy / "heinola" / "2024-06-30" / "johdon_arviot.csv"
    text = path.read_text(encoding="utf-8")
    # HYTE's Palvelujen ostot (TA -105 900) estimated at 120 000 € costs, typed as positive.
    bad = text.replace(
        "Hyvinvoinnin ja terveyden edistäminen;Palvelujen ostot;;epäsuotuisa",
        "Hyvinvoinnin ja terveyden edistäminen;Palvelujen ostot;120 000;",
        1,
    )
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    config, tables = build_processed(raw_copy, "heinola", "2024-06-30")
    forecast = forecast_lines(tables["income_statement"], config)
    with pytest.raises(
        InputDataError,
        match=r"johdon_arviot.csv, row 4, column 'Euroa': the estimate 120 000 € for "
        r"'Palvelujen ostot' .* opposite sign to its budget -105 900 €",
    ):
        compare_management(forecast, tables["management_estimates"], config, PERIOD)


def test_unknown_direction_word_is_rejected_when_reading(raw_copy):
    path = raw_copy / "heinola" / "2024-06-30" / "johdon_arviot.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(";epäsuotuisa;", ";huono;", 1), encoding="utf-8")
    with pytest.raises(InputDataError, match=r"column 'Suunta': value 'huono' is not allowed"):
        build_processed(raw_copy, "heinola", "2024-06-30")


# --- Heinola: what the assessments say beside the model ------------------------------------


def test_heinola_management_beside_the_model(heinola):
    config, tables = heinola
    forecast = forecast_lines(
        tables["income_statement"], config, adjustments=tables["forecast_adjustments"]
    )
    table = compare_management(forecast, tables["management_estimates"], config, PERIOD)
    table = table.set_index(["unit", "line"])
    # Every unit's Toimintakate is there, with or without an estimate.
    for unit in config.units:
        assert (unit.label, "Toimintakate") in table.index
    department = table.loc[(DEPARTMENT, "Toimintakate")]
    # "Talousarvio toteutuu ... muuten kuin ... (n. 90 000 €)": -29 922 850 - 90 000.
    assert department["management_amount"] == -30_012_850
    assert department["threshold_eur"] == pytest.approx(299_228.5)  # 1 % of 29 922 850
    # OPKOU's staff costs: the profile -5 830 370 × 11 405 425 / 6 062 300 = -10 969 079 is
    # 378 821 € under the -11 347 900 budget (beyond the 113 479 € threshold): favourable,
    # while the assessment speaks of staff-cost pressure: a disagreement to show.
    staff = table.loc[(OPKOU, "Henkilöstökulut")]
    assert staff["model_forecast"] == pytest.approx(-5_830_370 * 11_405_425 / 6_062_300)
    assert staff["model_direction"] == "suotuisa"
    assert staff["management_direction"] == "epäsuotuisa"
    assert bool(staff["disagreement"]) is True
    # OPKOU's grants: 312 942 against 733 600, and management expects less too: agreement.
    grants = table.loc[(OPKOU, "Tuet ja avustukset")]
    assert grants["model_direction"] == "epäsuotuisa" and not grants["disagreement"]
