"""The computed Finnish sentences: every template against income and costs over and under the
budget, with the wording checked against the sign.

Amounts follow the suite's sign convention (income positive, costs negative). The department's
figures are the printed TA 2024 and TOT 2024 6 kk; the forecasts are written out by hand.
"""

import pandas as pd
import pytest

from helpers.narrative import (
    deviation_phrase,
    forecast_sentence,
    notable_lines_sentence,
    pace_sentence,
    unit_narrative,
)

DEPARTMENT = "Hyvinvointilautakunnan toimiala"
HYTE = "Hyvinvoinnin ja terveyden edistäminen"


def plain(text: str) -> str:
    """The sentence with no-break spaces (thousands groups) as ordinary spaces."""
    return text.replace("\u00a0", " ")


def realisation(budget, actual, elapsed=50.0):
    return pd.Series(
        {"budget": budget, "actual": actual, "realisation_pct": actual / budget * 100}
        | {"elapsed_pct": elapsed}
    )


# --- Pace of the year -----------------------------------------------------------------------


def test_pace_of_a_net_cost_ahead_of_the_year():
    # Toimintakate: TOT -15 134 455 of TA -29 922 850 is 50,58 %.
    sentence = plain(pace_sentence(realisation(-29_922_850, -15_134_455)))
    assert sentence == (
        "Toimintakatteesta on käytetty 50,58 % talousarviosta, kun vuodesta on kulunut 50 %, "
        "eli 0,6 %-yksikköä vuoden kulumaa edellä."
    )


def test_pace_of_a_net_cost_behind_the_year():
    # HYTE: -274 886 of -558 300 is 49,24 %.
    sentence = plain(pace_sentence(realisation(-558_300, -274_886)))
    assert sentence.endswith("eli 0,8 %-yksikköä vuoden kulumaa jäljessä.")
    assert "käytetty 49,24 %" in sentence


@pytest.mark.parametrize(
    ("actual", "relation"),
    [
        (-504, "eli toteuma on vuoden kulumisen tahdissa"),  # 50,4 %
        (-496, "eli toteuma on vuoden kulumisen tahdissa"),  # 49,6 %
        (-505, "eli 0,5 %-yksikköä vuoden kulumaa edellä"),  # 50,5 %: half a point is not in step
        (-495, "eli 0,5 %-yksikköä vuoden kulumaa jäljessä"),
    ],
)
def test_pace_half_a_point_from_the_year_is_not_in_step(actual, relation):
    assert pace_sentence(realisation(-1_000, actual)).endswith(relation + ".")


def test_pace_at_the_end_of_march():
    sentence = plain(pace_sentence(realisation(-1_000, -300, elapsed=25.0)))
    assert "kun vuodesta on kulunut 25 %, eli 5,0 %-yksikköä vuoden kulumaa edellä." in sentence


def test_pace_of_a_net_income_is_accrued_not_used():
    over = plain(pace_sentence(realisation(100_000, 60_000)))
    assert over == (
        "Toimintakatteesta on kertynyt 60,00 % talousarviosta, kun vuodesta on kulunut 50 %, "
        "eli 10,0 %-yksikköä vuoden kulumaa edellä."
    )
    assert "kertynyt 60,00 %" in pace_sentence(realisation(1, 0.6))  # any positive budget
    under = plain(pace_sentence(realisation(100_000, 40_000)))
    assert "kertynyt 40,00 %" in under and under.endswith(
        "10,0 %-yksikköä vuoden kulumaa jäljessä."
    )


def test_pace_without_a_net_budget():
    row = pd.Series({"budget": 0.0, "realisation_pct": float("nan"), "elapsed_pct": 50.0})
    assert pace_sentence(row) == (
        "Toimintakatteelle ei ole talousarviota, joten sen toteumaa ei verrata vuoden kulumaan."
    )


# --- One line against its budget -------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "deviation", "phrase"),
    [
        # Income over budget: Myyntituotot, TA 620 000, forecast 232 355 more.
        (620_000, 232_355, "tulot ylittyvät 232 355 € (37,5 %)"),
        # Income under budget: Tuet ja avustukset, TA 1 256 400, forecast 471 859 less.
        (1_256_400, -471_859, "tulot jäävät alle arvion 471 859 € (37,6 %)"),
        # Costs under budget: Palvelujen ostot, TA -5 628 800, forecast 401 394 smaller.
        (-5_628_800, 401_394, "menot alittuvat 401 394 € (7,1 %)"),
        # Costs over budget: Muut toimintakulut, TA -820 200, forecast 91 474 larger.
        (-820_200, -91_474, "menot ylittyvät 91 474 € (11,2 %)"),
        # Nothing budgeted: the forecast's own sign says income or costs; no percentage.
        (0, 32_985, "tulot ylittyvät 32 985 €"),
        (0, -1_310, "menot ylittyvät 1 310 €"),
        (0, 1, "tulot ylittyvät 1 €"),
        # The smallest amounts: any positive budget is income, any negative one costs.
        (1, 1, "tulot ylittyvät 1 € (100,0 %)"),
        (100, 1, "tulot ylittyvät 1 € (1,0 %)"),
        (100, -1, "tulot jäävät alle arvion 1 € (1,0 %)"),
        (-100, 1, "menot alittuvat 1 € (1,0 %)"),
        (-100, -1, "menot ylittyvät 1 € (1,0 %)"),
        # Within half a per cent of the budget, either way.
        (1_000_000, 5_000, "toteutuvat talousarvion mukaisesti"),
        (-1_000_000, -5_000, "toteutuvat talousarvion mukaisesti"),
        (0, 0, "toteutuvat talousarvion mukaisesti"),
        (1_000_000, 5_001, "tulot ylittyvät 5 001 € (0,5 %)"),
        (-1_000_000, -5_001, "menot ylittyvät 5 001 € (0,5 %)"),
    ],
)
def test_deviation_phrase(budget, deviation, phrase):
    assert plain(deviation_phrase(budget, deviation)) == phrase


def test_deviation_wording_follows_the_sign():
    assert "ylittyvät" not in deviation_phrase(1_256_400, -471_859)  # income under budget
    assert "alle" not in deviation_phrase(620_000, 232_355)  # income over budget
    assert "ylittyvät" not in deviation_phrase(-5_628_800, 401_394)  # costs under budget
    assert "alittuvat" not in deviation_phrase(-820_200, -91_474)  # costs over budget
    assert deviation_phrase(620_000, 232_355).startswith("tulot")
    assert deviation_phrase(-820_200, -91_474).startswith("menot")


# --- The year-end forecast of the net line ---------------------------------------------------


def net_forecast(budget, forecast):
    return pd.Series({"budget": budget, "forecast": forecast, "deviation_eur": forecast - budget})


def test_a_net_cost_under_budget():
    sentence = plain(forecast_sentence(net_forecast(-29_922_850, -28_957_806)))
    assert sentence == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 28 957 806 € ja jää 965 044 € "
        "(3,2 %) talousarviota pienemmäksi."
    )
    assert "ylittää" not in sentence


def test_a_net_cost_over_budget():
    sentence = plain(forecast_sentence(net_forecast(-558_300, -576_904)))
    assert sentence == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 576 904 € ja ylittää talousarvion "
        "18 604 € (3,3 %)."
    )
    assert "pienemmäksi" not in sentence and "alle talousarvion" not in sentence


def test_a_net_income_over_and_under_budget():
    over = plain(forecast_sentence(net_forecast(100_000, 120_000)))
    assert over == (
        "Ennusteen mukaan nettotuotto on vuoden lopussa 120 000 € ja ylittää talousarvion "
        "20 000 € (20,0 %)."
    )
    under = plain(forecast_sentence(net_forecast(100_000, 80_000)))
    assert under == (
        "Ennusteen mukaan nettotuotto on vuoden lopussa 80 000 € ja jää 20 000 € (20,0 %) "
        "talousarviota pienemmäksi."
    )


@pytest.mark.parametrize(
    ("budget", "forecast", "outcome"),
    [
        (-1_000_000, -995_000, "toteutuu talousarvion mukaisesti"),  # exactly 0,5 % under
        (-1_000_000, -1_005_000, "toteutuu talousarvion mukaisesti"),  # exactly 0,5 % over
        (-1_000_000, -994_999, "jää 5 001 € (0,5 %) talousarviota pienemmäksi"),
        (-1_000_000, -1_005_001, "ylittää talousarvion 5 001 € (0,5 %)"),
        # The smallest amounts: one euro on a budget of a hundred is not in line.
        (-100, -99, "jää 1 € (1,0 %) talousarviota pienemmäksi"),
        (-100, -101, "ylittää talousarvion 1 € (1,0 %)"),
    ],
)
def test_a_net_cost_within_half_a_per_cent_is_in_line(budget, forecast, outcome):
    assert plain(forecast_sentence(net_forecast(budget, forecast))).endswith(f" ja {outcome}.")


def test_a_net_line_without_budget_has_no_percentage():
    cost = plain(forecast_sentence(net_forecast(0, -1_310)))
    assert cost == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 1 310 € ja ylittää talousarvion 1 310 €."
    )
    income = plain(forecast_sentence(net_forecast(0, 1)))
    assert (
        income == "Ennusteen mukaan nettotuotto on vuoden lopussa 1 € ja ylittää talousarvion 1 €."
    )
    nothing = forecast_sentence(net_forecast(0, 0))
    assert nothing == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 0 € ja toteutuu talousarvion mukaisesti."
    )
    # Any positive budget is a net income, however small.
    assert forecast_sentence(net_forecast(1, 2)).startswith("Ennusteen mukaan nettotuotto")


def test_known_adjustments_are_mentioned():
    sentence = plain(forecast_sentence(net_forecast(-29_922_850, -29_012_850), -90_000))
    assert sentence.endswith(
        " Ennusteeseen sisältyy tiedossa olevia erillisiä eriä yhteensä 90 000 €."
    )
    assert "erillisiä" not in forecast_sentence(net_forecast(-29_922_850, -29_012_850), 0.0)


# --- The notable lines -------------------------------------------------------------------------


def forecast_rows(rows):
    return pd.DataFrame(
        rows, columns=["unit", "line", "budget", "deviation_eur", "outside_budget", "method"]
    )


DEPARTMENT_LINES = forecast_rows(
    [
        (DEPARTMENT, "Myyntituotot", 620_000, 232_355, "above", "profile"),
        (DEPARTMENT, "Tuet ja avustukset", 1_256_400, -471_859, "below", "profile"),
        (DEPARTMENT, "Henkilöstökulut", -19_327_000, -100_000, "below", "run_rate"),
        (DEPARTMENT, "Palvelujen ostot", -5_628_800, 401_394, "above", "profile"),
        # The range straddles the budget: not notable, however large the point deviation.
        (DEPARTMENT, "Muut toimintakulut", -6_188_800, -999_999, "", "profile"),
        # A subtotal is the sum of its lines, not a line of its own.
        (DEPARTMENT, "Toimintakate", -29_922_850, 965_044, "above", "summa"),
    ]
)


def test_the_three_largest_notable_lines_in_order():
    assert plain(notable_lines_sentence(DEPARTMENT_LINES)) == (
        "Selvimmät poikkeamat ennusteessa – "
        "Tuet ja avustukset: tulot jäävät alle arvion 471 859 € (37,6 %); "
        "Palvelujen ostot: menot alittuvat 401 394 € (7,1 %); "
        "Myyntituotot: tulot ylittyvät 232 355 € (37,5 %)."
    )


def test_no_notable_lines():
    assert notable_lines_sentence(DEPARTMENT_LINES.iloc[4:]) == (
        "Yksittäisillä riveillä ei ole selvää poikkeamaa talousarviosta."
    )


# --- A unit's sentences together -------------------------------------------------------------


NET = "Toimintakate"  # the net-margin line of Heinola's entity.yml


def test_unit_narrative_in_reading_order():
    realisations = pd.DataFrame(
        [
            {"unit": DEPARTMENT, "line": "Toimintatuotot", "budget": 2_688_600.0}
            | {"realisation_pct": 44.49, "elapsed_pct": 50.0},
            {"unit": DEPARTMENT, "line": "Toimintakate", "budget": -29_922_850.0}
            | {"realisation_pct": 15_134_455 / 29_922_850 * 100, "elapsed_pct": 50.0},
            {"unit": HYTE, "line": "Toimintakate", "budget": -558_300.0}
            | {"realisation_pct": 274_886 / 558_300 * 100, "elapsed_pct": 50.0},
        ]
    )
    net = forecast_rows([(DEPARTMENT, "Toimintakate", -29_922_850, 965_044, "above", "summa")])
    net["forecast"] = -28_957_806.0
    other = forecast_rows([(HYTE, "Myyntituotot", 35_000, 188_336, "above", "run_rate")])
    forecast = pd.concat([DEPARTMENT_LINES.iloc[:5], net, other], ignore_index=True)
    adjustments = pd.DataFrame(
        {"unit": [DEPARTMENT, DEPARTMENT, HYTE], "amount": [-60_000, -30_000, 7]}
    )
    sentences = [
        plain(s)
        for s in unit_narrative(DEPARTMENT, realisations, forecast, adjustments, net_line=NET)
    ]
    assert len(sentences) == 3
    assert sentences[0].startswith("Toimintakatteesta on käytetty 50,58 %")
    assert sentences[1] == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 28 957 806 € ja jää 965 044 € "
        "(3,2 %) talousarviota pienemmäksi. Ennusteeseen sisältyy tiedossa olevia erillisiä "
        "eriä yhteensä 90 000 €."
    )
    assert sentences[2].startswith("Selvimmät poikkeamat ennusteessa – Tuet ja avustukset:")
    assert "Myyntituotot: tulot ylittyvät 232 355 €" in sentences[2]  # not HYTE's 188 336 €
    # Without adjustments, without a forecast, without a realisation of the net line.
    no_adjustment = unit_narrative(DEPARTMENT, realisations, forecast, net_line=NET)[1]
    assert "erillisiä" not in no_adjustment
    assert (
        "erillisiä"
        not in unit_narrative(
            DEPARTMENT, realisations, forecast, adjustments.iloc[:0], net_line=NET
        )[1]
    )
    assert len(unit_narrative(DEPARTMENT, realisations, None, net_line=NET)) == 1
    assert len(unit_narrative(DEPARTMENT, realisations, forecast.iloc[:0], net_line=NET)) == 1
    hyte = unit_narrative(HYTE, realisations, forecast, adjustments, net_line=NET)
    assert len(hyte) == 2 and "jäljessä" in hyte[0] and "Myyntituotot" in hyte[1]
    assert unit_narrative("Varhaiskasvatus", realisations, None, net_line=NET) == []
    # The net line is the entity's own: under another name, this one is not read as it.
    other_net = unit_narrative(DEPARTMENT, realisations, forecast, net_line="NETTO")
    assert len(other_net) == 1 and other_net[0].startswith("Selvimmät poikkeamat")
