"""Management's estimates beside the model (helpers.forecast.management); the favourable /
unfavourable labels themselves are tested in test_forecast_direction.py."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import RAW
from forecast_entity import AREA_A, AREA_B, CONFIG, COST, INCOME, NET
from forecast_entity import DEPARTMENT as SYNTHETIC_DEPARTMENT

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.forecast import compare_management, forecast_lines
from helpers.forecast.management import (
    ALLOWED_DIRECTIONS,
    COMPARISON_COLUMNS,
    DISAGREEMENT_MIN_EUR,
    DISAGREEMENT_SHARE,
    ESTIMATES_FILE,
    _euros,
    threshold,
)

PERIOD = dt.date(2024, 6, 30)
DEPARTMENT = "Hyvinvointilautakunnan toimiala"
OPKOU = "Opetus- ja koulutuspalvelut"


# --- The comparison on small hand-made tables ------------------------------------------------


@pytest.fixture(scope="module")
def heinola_period():
    """Heinola's processed tables of 30.6.2024 (the hand-made tests need only its config,
    the ``heinola`` fixture of conftest)."""
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
    config = heinola
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
    """Budget 500 000 of income, model 505 000: 5 000 € over.

    Shown, the model's direction is the forecast table's: 5 000 > 0,5 % × 500 000 = 2 500, so
    "suotuisa". Whether management disagrees is decided with the wider threshold
    max(1 % × 500 000, 10 000) = 10 000 €: within it the model also counts as on budget, so
    management's "talousarvion mukainen" and "talousarvion mukainen tai suotuisa" agree and
    "epäsuotuisa" disagrees."""
    config = heinola
    lines = ("Myyntituotot", "Maksutuotot", "Tuet ja avustukset")
    model = pd.DataFrame(
        [model_row(OPKOU, line, 500_000.0, 505_000.0, 480_000.0, 530_000.0) for line in lines]
    )
    words = ("epäsuotuisa", "talousarvion mukainen tai suotuisa", "talousarvion mukainen")
    estimates = pd.DataFrame(
        [
            estimate(OPKOU, line, direction=word, row=row)
            for row, (line, word) in enumerate(zip(lines, words, strict=True), start=2)
        ]
    )
    table = compare_management(model, estimates, config, PERIOD).set_index("line")
    assert list(table.loc[list(lines), "model_direction"]) == ["suotuisa"] * 3
    assert list(table.loc[list(lines), "management_direction"]) == list(words)
    assert list(table.loc[list(lines), "disagreement"]) == [True, False, False]


def test_a_direction_management_shares_with_the_model_agrees(heinola):
    """Budget -100 000, model -104 000: 4 000 € more cost, beyond the 0,5 % band (500 €), so
    the model says "epäsuotuisa", as management does; within the 10 000 € threshold it would
    also count as on budget, but that lenient reading only forgives, never makes, a
    disagreement: the views agree."""
    model = pd.DataFrame(
        [model_row(OPKOU, "Palvelujen ostot", -100_000.0, -104_000.0, -110_000.0, -99_000.0)]
    )
    estimates = pd.DataFrame([estimate(OPKOU, "Palvelujen ostot", direction="epäsuotuisa")])
    row = compare_management(model, estimates, heinola, PERIOD).iloc[0]
    assert row["model_direction"] == row["management_direction"] == "epäsuotuisa"
    assert not row["disagreement"]


def test_shown_directions_use_the_forecast_tables_band(heinola):
    """Budget -1 000 000: the band is 0,5 % = 5 000 €. The model's -1 004 000 (4 000 € more
    cost) is on budget; management's -994 000 (6 000 € less cost) is favourable; they are
    10 000 € apart, not more than the 10 000 € threshold: the views agree."""
    model = pd.DataFrame(
        [model_row(DEPARTMENT, "Toimintakate", -1e6, -1_004_000.0, -1.02e6, -0.99e6)]
    )
    row = compare_management(
        model, pd.DataFrame([estimate(DEPARTMENT, "Toimintakate", -994_000.0)]), heinola, PERIOD
    ).iloc[0]
    assert row["model_direction"] == "talousarvion mukainen"
    assert row["management_direction"] == "suotuisa"
    assert row["difference_eur"] == -10_000 and not row["disagreement"]


@pytest.mark.parametrize(
    ("budget", "limit"),
    [
        (-29_922_850, 299_228.5),  # the department's TA: 1 % of it
        (500_000, 10_000),  # 1 % would be 5 000 €: the 10 000 € floor
        (0, 10_000),
    ],
)
def test_the_disagreement_threshold(budget, limit):
    assert threshold(budget) == pytest.approx(limit)


def test_euros_and_a_direction_given_together(heinola):
    """Budget -1 000 000, model -1 020 000; management gives -1 030 000 € (30 000 € over:
    unfavourable) and the word "epäsuotuisa": its own word is shown, the euros decide."""
    model = pd.DataFrame(
        [model_row(DEPARTMENT, "Toimintakate", -1e6, -1_020_000.0, -1.025e6, -1.01e6)]
    )
    both = estimate(DEPARTMENT, "Toimintakate", -1_030_000.0, direction="epäsuotuisa")
    row = compare_management(model, pd.DataFrame([both]), heinola, PERIOD).iloc[0]
    assert row["management_direction"] == "epäsuotuisa" and row["management_amount"] == -1.03e6
    assert row["difference_eur"] == 10_000 and not row["disagreement"]  # exactly at 10 000
    assert not row["in_interval"]  # -1 030 000 lies outside -1 025 000 … -1 010 000
    assert row["text"] == "arvio" and row["date"] == pd.Timestamp(PERIOD)
    # Without an estimate the model's row stands alone.
    alone = compare_management(model, None, heinola, PERIOD).iloc[0]
    assert alone["management_direction"] == "" and pd.isna(alone["in_interval"])
    assert not alone["disagreement"] and alone["model_deviation"] == -20_000


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
    config = heinola
    model = pd.DataFrame([model_row(OPKOU, "Toimintakate", -1e6, -1e6, -1.1e6, -0.9e6)])
    row = estimate(OPKOU, "Toimintakate", -1e6, row=4) | change
    row["date"] = pd.Timestamp(row["date"])
    with pytest.raises(InputDataError, match=rf"johdon_arviot.csv, row 4, column '{column}'"):
        compare_management(model, pd.DataFrame([row]), config, PERIOD)
    with pytest.raises(InputDataError, match=message):
        compare_management(model, pd.DataFrame([row]), config, PERIOD)


def test_small_amounts_may_change_sign_and_a_second_estimate_is_an_error(heinola):
    config = heinola
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


def test_heinola_management_beside_the_model(heinola_period):
    config, tables = heinola_period
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


# --- Edges on the SYNTHETIC entity of tests/forecast_entity.py (net line: Kate) ------------


def test_the_stated_rule():
    assert (DISAGREEMENT_SHARE, DISAGREEMENT_MIN_EUR, ESTIMATES_FILE) == (
        0.01,
        10_000.0,
        "johdon_arviot",
    )
    allowed = {
        "suotuisa": {"suotuisa"},
        "epäsuotuisa": {"epäsuotuisa"},
        "talousarvion mukainen": {"talousarvion mukainen"},
        "talousarvion mukainen tai suotuisa": {"talousarvion mukainen", "suotuisa"},
        "talousarvion mukainen tai epäsuotuisa": {"talousarvion mukainen", "epäsuotuisa"},
    }
    assert allowed == ALLOWED_DIRECTIONS


@pytest.mark.parametrize(
    ("budget", "limit"),
    [(1_000_000, 10_000), (1_000_001, 10_000.01), (999_999, 10_000), (-2_000_000, 20_000)],
)
def test_the_threshold_at_the_floor(budget, limit):
    # 1 % of 1 000 000 is exactly the 10 000 € floor; above it the share decides.
    assert threshold(budget) == pytest.approx(limit)


def test_euros_in_finnish_grouping():
    assert _euros(-1_234_567.6) == "-1 234 568" and _euros(999.4) == "999" and _euros(0) == "0"


def synthetic_model():
    """Kate of every unit and Tuotot / Kulut of Alue A, with intervals."""
    return pd.DataFrame(
        [
            model_row(
                SYNTHETIC_DEPARTMENT, NET, -2_000_000.0, -2_030_000.0, -2_100_000.0, -1_990_000.0
            ),
            model_row(AREA_A, INCOME, 500_000.0, 480_000.0, 470_000.0, 495_000.0),
            model_row(AREA_A, COST, -1_500_000.0, -1_520_000.0, -1_560_000.0, -1_500_000.0),
            model_row(AREA_A, NET, -1_000_000.0, -1_040_000.0, -1_080_000.0, -1_000_000.0),
            model_row(AREA_B, NET, -1_000_000.0, -990_000.0, -1_000_000.0, -980_000.0),
        ]
    )


def test_every_net_line_and_only_the_estimated_other_lines():
    estimates = pd.DataFrame([estimate(AREA_A, COST, -1_530_000.0)])
    table = compare_management(synthetic_model(), estimates, CONFIG, PERIOD)
    assert list(table.columns) == COMPARISON_COLUMNS
    # In the order of the units and lines of entity.yml; Alue A's Tuotot has no estimate.
    assert list(zip(table["unit"], table["line"], strict=True)) == [
        (SYNTHETIC_DEPARTMENT, NET),
        (AREA_A, COST),
        (AREA_A, NET),
        (AREA_B, NET),
    ]
    assert table["in_interval"].dtype == "boolean" and table["disagreement"].dtype == bool
    assert str(table["date"].dtype).startswith("datetime64")
    # Threshold 1 % of 2 000 000 = 20 000: the model's −30 000 beyond it (more net cost).
    department = table.iloc[0]
    assert department["threshold_eur"] == 20_000 and department["model_deviation"] == -30_000
    assert department["model_direction"] == "epäsuotuisa"
    # Alue B: −990 000 against −1 000 000, +10 000: beyond the forecast table's 0,5 % band
    # (5 000 €), so favourable, although within the 10 000 € disagreement floor.
    assert table.iloc[3]["model_direction"] == "suotuisa"


def test_cost_line_over_budget_in_euros():
    """Alue A Kulut, budget −1 500 000 (threshold 15 000): management −1 530 000 is 30 000 of
    more cost (unfavourable); the model −1 520 000 is 10 000 from it (agreement), and the
    estimate lies inside the model's −1 560 000 … −1 500 000."""
    estimates = pd.DataFrame([estimate(AREA_A, COST, -1_530_000.0)])
    row = compare_management(synthetic_model(), estimates, CONFIG, PERIOD).iloc[1]
    assert row["management_amount"] == -1_530_000 and row["threshold_eur"] == 15_000
    assert row["management_direction"] == "epäsuotuisa"
    assert row["difference_eur"] == 10_000 and not row["disagreement"]
    assert bool(row["in_interval"]) is True
    # The model's own −20 000 is beyond 15 000 too: unfavourable.
    assert row["model_direction"] == "epäsuotuisa"


def test_income_line_under_budget_in_euros():
    """Alue A Tuotot, budget 500 000 (threshold 10 000): management 470 000, 30 000 less
    income: unfavourable; the model 480 000 is 10 000 above it: at the threshold, agreement;
    470 000 is the interval's low end: inside."""
    estimates = pd.DataFrame([estimate(AREA_A, INCOME, 470_000.0)])
    table = compare_management(synthetic_model(), estimates, CONFIG, PERIOD)
    row = table[table["line"] == INCOME].iloc[0]
    assert row["management_direction"] == "epäsuotuisa"
    assert row["model_direction"] == "epäsuotuisa"  # −20 000 beyond 10 000
    assert row["difference_eur"] == 10_000 and not row["disagreement"]
    assert bool(row["in_interval"]) is True
    # 469 999 is 10 001 apart and just outside the interval.
    below = pd.DataFrame([estimate(AREA_A, INCOME, 469_999.0)])
    row = compare_management(synthetic_model(), below, CONFIG, PERIOD)
    row = row[row["line"] == INCOME].iloc[0]
    assert bool(row["disagreement"]) is True and bool(row["in_interval"]) is False
    # Income over budget: 520 000 is favourable (+20 000 beyond 10 000).
    over = pd.DataFrame([estimate(AREA_A, INCOME, 520_000.0, direction="")])
    row = compare_management(synthetic_model(), over, CONFIG, PERIOD)
    row = row[row["line"] == INCOME].iloc[0]
    assert row["management_direction"] == "suotuisa"  # an empty word does not replace it
    assert row["in_interval"] == False  # noqa: E712 (a pandas boolean)


@pytest.mark.parametrize(
    ("word", "model_forecast", "disagreement"),
    [
        # Alue B Kate, budget −1 000 000, threshold 10 000.
        ("suotuisa", -980_000.0, False),  # model +20 000: favourable
        ("suotuisa", -1_005_000.0, True),  # model on budget
        ("epäsuotuisa", -1_020_000.0, False),
        ("epäsuotuisa", -980_000.0, True),
        ("talousarvion mukainen", -1_010_000.0, False),  # −10 000: still on budget
        ("talousarvion mukainen", -1_010_001.0, True),
        ("talousarvion mukainen tai suotuisa", -1_000_000.0, False),
        ("talousarvion mukainen tai suotuisa", -980_000.0, False),
        ("talousarvion mukainen tai suotuisa", -1_020_000.0, True),
        ("talousarvion mukainen tai epäsuotuisa", -1_020_000.0, False),
        ("talousarvion mukainen tai epäsuotuisa", -980_000.0, True),
    ],
)
def test_direction_words_against_the_model(word, model_forecast, disagreement):
    model = pd.DataFrame([model_row(AREA_B, NET, -1e6, model_forecast, -1.1e6, -0.9e6)])
    estimates = pd.DataFrame([estimate(AREA_B, NET, direction=word)])
    row = compare_management(model, estimates, CONFIG, PERIOD).iloc[0]
    assert row["management_direction"] == word
    assert bool(row["disagreement"]) is disagreement
    assert pd.isna(row["management_amount"]) and pd.isna(row["difference_eur"])
    assert pd.isna(row["in_interval"])
    assert row["text"] == "arvio" and row["date"] == pd.Timestamp(PERIOD)


def test_without_estimates_every_net_line_stands_alone():
    for none in (None, pd.DataFrame()):
        table = compare_management(synthetic_model(), none, CONFIG, PERIOD)
        assert table["line"].tolist() == [NET, NET, NET]
        assert not table["disagreement"].any() and table["in_interval"].isna().all()
        assert (table["management_direction"] == "").all() and (table["text"] == "").all()
        assert table["date"].isna().all() and table["management_amount"].isna().all()
        assert table["model_forecast"].tolist() == [-2_030_000, -1_040_000, -990_000]
        assert table["interval_low"].tolist() == [-2_100_000, -1_080_000, -1_000_000]
        assert table["interval_high"].tolist() == [-1_990_000, -1_000_000, -980_000]
        assert table["budget"].tolist() == [-2e6, -1e6, -1e6]


def bad(change: dict, row: int = 7):
    base = estimate(AREA_A, NET, -1_000_000.0, row=row) | change
    return pd.DataFrame([base])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"unit": "Alue C"},
            "file johdon_arviot.csv, row 7, column 'Yksikkö': unknown unit 'Alue C'",
        ),
        (
            {"line": "Rahoitus"},
            "file johdon_arviot.csv, row 7, column 'Rivi': unit 'Alue A' has no line "
            "'Rahoitus' in the income statement",
        ),
        (
            {"amount": np.nan, "direction": ""},
            "file johdon_arviot.csv, row 7, column 'Euroa': give the estimate in euros (Euroa) "
            "or as a direction (Suunta)",
        ),
        (
            {"direction": "hyvä"},
            "file johdon_arviot.csv, row 7, column 'Suunta': unknown direction 'hyvä' "
            "(allowed: suotuisa, epäsuotuisa, talousarvion mukainen, talousarvion mukainen "
            "tai suotuisa, talousarvion mukainen tai epäsuotuisa)",
        ),
        (
            {"date": pd.Timestamp(2024, 7, 1)},
            "file johdon_arviot.csv, row 7, column 'Päivämäärä': dated after the period end "
            "30.6.2024",
        ),
        (
            {"amount": 1_000_000.0},
            "file johdon_arviot.csv, row 7, column 'Euroa': the estimate 1 000 000 € for "
            "'Kate' of 'Alue A' has the opposite sign to its budget -1 000 000 €; enter euros "
            "in the suite's convention (income positive, costs negative) whatever the "
            "export's sign_convention",
        ),
    ],
)
def test_bad_estimates_word_for_word(change, message):
    with pytest.raises(InputDataError) as error:
        compare_management(synthetic_model(), bad(change), CONFIG, PERIOD)
    assert str(error.value) == message


def test_a_row_without_provenance_names_the_default_file():
    row = estimate(AREA_A, NET, direction="huono")
    del row["source_file"], row["source_row"]
    with pytest.raises(InputDataError, match=r"^file johdon_arviot, column 'Suunta'"):
        compare_management(synthetic_model(), pd.DataFrame([row]), CONFIG, PERIOD)


def test_dated_on_the_period_end_or_undated_is_fine():
    for date in (pd.Timestamp(PERIOD), pd.NaT):
        table = compare_management(synthetic_model(), bad({"date": date}), CONFIG, PERIOD)
        assert table.iloc[1]["management_amount"] == -1_000_000


@pytest.mark.parametrize(
    ("amount", "budget", "stops"),
    [
        # Opposite signs stop only when both are sizeable (10 000 € or more) and the amount
        # is at least half the budget.
        (10_000.0, -20_000.0, True),
        (9_999.0, -20_000.0, False),  # a small amount
        (50_000.0, -9_999.0, False),  # a small budget
        (50_000.0, -100_000.0, True),  # exactly half
        (49_999.0, -100_000.0, False),
        (-50_000.0, 100_000.0, True),  # income budget, amount typed negative
        (0.0, -100_000.0, False),
        (-50_000.0, -100_000.0, False),  # same sign
    ],
)
def test_the_sign_check_edges(amount, budget, stops):
    model = pd.DataFrame([model_row(AREA_B, NET, budget, budget, budget * 1.1, budget * 0.9)])
    estimates = pd.DataFrame([estimate(AREA_B, NET, amount)])
    if stops:
        with pytest.raises(InputDataError, match="opposite sign to its budget"):
            compare_management(model, estimates, CONFIG, PERIOD)
    else:
        table = compare_management(model, estimates, CONFIG, PERIOD)
        assert table.iloc[0]["management_amount"] == amount


def test_a_second_estimate_names_both_rows():
    estimates = pd.DataFrame(
        [
            estimate(AREA_A, COST, -1_500_000.0, row=2),
            estimate(AREA_A, NET, -1_000_000.0, row=3),  # another pair of the same unit
            estimate(AREA_A, NET, -1_010_000.0, row=4),
            estimate(AREA_A, COST, -1_490_000.0, row=6),
        ]
    )
    with pytest.raises(InputDataError) as error:
        compare_management(synthetic_model(), estimates, CONFIG, PERIOD)
    assert str(error.value) == (
        "file johdon_arviot.csv, row 6, column 'Rivi': a second estimate for 'Kulut' of "
        "'Alue A' (the first is on row 2); give one estimate per unit and line"
    )

    # Rows without provenance are blamed on the estimates file.
    plain = estimates.drop(columns=["source_file", "source_row"])
    with pytest.raises(InputDataError, match=r"^file johdon_arviot, column 'Rivi'.* on row None"):
        compare_management(synthetic_model(), plain, CONFIG, PERIOD)


@pytest.mark.parametrize(
    ("amount", "direction"),
    [
        (502_500.0, "talousarvion mukainen"),  # +2 500 = 0,5 % × 500 000: on the band's edge
        (502_600.0, "suotuisa"),  # +2 600: beyond it
        (497_400.0, "epäsuotuisa"),  # −2 600
    ],
)
def test_management_euros_get_the_forecast_tables_direction(amount, direction):
    """Alue A Tuotot, budget 500 000: management's euros are labelled with the forecast
    table's band, 0,5 % × 500 000 = 2 500 €, not the 10 000 € disagreement threshold."""
    estimates = pd.DataFrame([estimate(AREA_A, INCOME, amount)])
    table = compare_management(synthetic_model(), estimates, CONFIG, PERIOD)
    assert table[table["line"] == INCOME].iloc[0]["management_direction"] == direction


def test_management_own_word_beside_euros_is_shown():
    """505 000 € would read as on budget; management's own words win for the direction."""
    word = "talousarvion mukainen tai epäsuotuisa"
    estimates = pd.DataFrame([estimate(AREA_A, INCOME, 505_000.0, direction=word)])
    table = compare_management(synthetic_model(), estimates, CONFIG, PERIOD)
    assert table[table["line"] == INCOME].iloc[0]["management_direction"] == word


def test_an_estimate_at_the_interval_ends_is_inside():
    # Alue A Kulut's interval is −1 560 000 … −1 500 000: both ends count as inside.
    for amount in (-1_500_000.0, -1_560_000.0):
        estimates = pd.DataFrame([estimate(AREA_A, COST, amount)])
        row = compare_management(synthetic_model(), estimates, CONFIG, PERIOD).iloc[1]
        assert bool(row["in_interval"]) is True, amount


def test_a_forecast_without_net_lines_gives_an_empty_comparison_with_its_columns():
    # Only Alue A's Tuotot and Kulut, no estimates: nothing to compare, but the table keeps
    # its columns and types (the report prints its header, not a KeyError).
    lines_only = synthetic_model().iloc[1:3]
    table = compare_management(lines_only, None, CONFIG, PERIOD)
    assert table.empty and list(table.columns) == COMPARISON_COLUMNS
    assert table["in_interval"].dtype == "boolean" and table["disagreement"].dtype == bool
