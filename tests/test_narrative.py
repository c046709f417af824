"""The computed Finnish sentences (``helpers.narrative``): every template against income and
costs over and under the budget, the words of a deviation following whether the line is income
or cost, every deviation named suotuisa or epäsuotuisa.

Amounts follow the suite's sign convention (income positive, costs negative). The department's
figures are the printed TA 2024 and TOT 2024 6 kk; other cases are SYNTHETIC; every expected
sentence is written out by hand.
"""

import numpy as np
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
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("budget", "deviation", "expected"),
    [
        # Income 100 000 budgeted, forecast 110 000: more income, favourable.
        (100_000.0, 10_000.0, "tulot ylittävät talousarvion 10 000 € (10,0 %, suotuisa)"),
        # Income forecast 90 000: less income, unfavourable.
        (100_000.0, -10_000.0, "tulot alittavat talousarvion 10 000 € (10,0 %, epäsuotuisa)"),
        # Costs −100 000 budgeted, forecast −110 000: more cost, unfavourable.
        (-100_000.0, -10_000.0, "menot ylittävät talousarvion 10 000 € (10,0 %, epäsuotuisa)"),
        # Costs forecast −90 000: less cost, favourable.
        (-100_000.0, 10_000.0, "menot alittavat talousarvion 10 000 € (10,0 %, suotuisa)"),
        # Within 0,5 % of the budget (500 €): in line.
        (-100_000.0, 400.0, "toteutuvat talousarvion mukaisesti"),
    ],
)
def test_deviation_words_follow_income_and_cost(budget, deviation, expected):
    assert plain(deviation_phrase(budget, deviation)) == expected


def test_a_zero_budget_is_income_or_cost_by_the_forecast_and_has_no_percentage():
    # Ylöjärvi's Kehittämishankkeet: TA 0, net costs of 17 871 € forecast (−17 871).
    assert plain(deviation_phrase(0.0, -17_871.0, -17_871.0)) == (
        "menot ylittävät talousarvion 17 871 € (epäsuotuisa)"
    )
    # An unbudgeted grant received: 5 000 € of income, favourable, not "menot alittavat".
    assert plain(deviation_phrase(0.0, 5_000.0, 5_000.0)) == (
        "tulot ylittävät talousarvion 5 000 € (suotuisa)"
    )


def _net(budget: float, forecast: float) -> pd.Series:
    return pd.Series({"budget": budget, "forecast": forecast, "deviation_eur": forecast - budget})


@pytest.mark.parametrize(
    ("budget", "forecast", "expected"),
    [
        # Net cost −1 000 000 budgeted, −1 100 000 forecast: 100 000 € more cost.
        (
            -1e6,
            -1.1e6,
            "nettokustannus on vuoden lopussa 1 100 000 € ja ylittää talousarvion "
            "100 000 € (10,0 %, epäsuotuisa).",
        ),
        (
            -1e6,
            -0.9e6,
            "nettokustannus on vuoden lopussa 900 000 € ja jää talousarviota "
            "pienemmäksi 100 000 € (10,0 %, suotuisa).",
        ),
        # A net income of 200 000 budgeted: 250 000 is favourable, 150 000 unfavourable.
        (
            2e5,
            2.5e5,
            "nettotuotto on vuoden lopussa 250 000 € ja ylittää talousarvion "
            "50 000 € (25,0 %, suotuisa).",
        ),
        (
            2e5,
            1.5e5,
            "nettotuotto on vuoden lopussa 150 000 € ja jää talousarviota "
            "pienemmäksi 50 000 € (25,0 %, epäsuotuisa).",
        ),
    ],
)
def test_forecast_sentence_for_net_cost_and_net_income(budget, forecast, expected):
    assert plain(forecast_sentence(_net(budget, forecast))) == "Ennusteen mukaan " + expected


def test_pace_without_a_budget_says_so_and_prints_no_empty_percentage():
    missing = pd.Series(
        {
            "actual": -452_300.0,
            "budget": float("nan"),
            "realisation_pct": float("nan"),
            "elapsed_pct": 100 / 3,
        }
    )
    text = plain(pace_sentence(missing))
    assert "talousarviota ei ole lähdeaineistossa (ei tietoa)" in text
    assert " % talousarviosta" not in text and "-452 300 €" in text
    zero = missing.copy()
    zero["budget"] = 0.0
    assert "koska talousarvio on 0 €" in plain(pace_sentence(zero))


def test_income_below_budget_alittavat_talousarvion():
    # Budget 733 600 € of income, forecast 420 658 € lower: 420 658 / 733 600 = 57,3 %.
    phrase = plain(deviation_phrase(733_600.0, -420_658.0))
    assert phrase == "tulot alittavat talousarvion 420 658 € (57,3 %, epäsuotuisa)"


def test_costs_over_and_under_budget():
    # Costs are negative: a negative deviation is more cost; 42 943 / 79 000 = 54,4 %.
    assert plain(deviation_phrase(-79_000.0, -42_943.0)) == (
        "menot ylittävät talousarvion 42 943 € (54,4 %, epäsuotuisa)"
    )
    # 152 019 / 500 000 = 30,4 % less cost.
    assert plain(deviation_phrase(-500_000.0, 152_019.0)) == (
        "menot alittavat talousarvion 152 019 € (30,4 %, suotuisa)"
    )
    # 94 168 / 35 000 = 269,1 % more income.
    assert plain(deviation_phrase(35_000.0, 94_168.0)) == (
        "tulot ylittävät talousarvion 94 168 € (269,1 %, suotuisa)"
    )


def test_net_income_ahead_of_time_is_favourable():
    # A unit with net income (positive budget) realised ahead of the time elapsed earns more.
    row = pd.Series({"realisation_pct": 60.0, "elapsed_pct": 50.0, "budget": 100_000.0})
    assert plain(pace_sentence(row)).endswith("10,0 %-yksikköä suurempi (suotuisa).")


def test_realisation_at_the_pace_of_the_year():
    row = pd.Series({"realisation_pct": 50.2, "elapsed_pct": 50.0, "budget": -1.0})
    assert plain(pace_sentence(row)) == (
        "Toimintakatteen talousarviosta on toteutunut 50,20 %, kun vuodesta on kulunut 50 %: "
        "toteuma vastaa kulunutta aikaa."
    )


def realisation(budget, actual, elapsed=50.0):
    return pd.Series(
        {"budget": budget, "actual": actual, "realisation_pct": actual / budget * 100}
        | {"elapsed_pct": elapsed}
    )


# --- Pace of the year -----------------------------------------------------------------------


def test_pace_of_a_net_cost_ahead_of_the_year_is_unfavourable():
    # Toimintakate: TOT -15 134 455 of TA -29 922 850 is 50,58 %.
    sentence = plain(pace_sentence(realisation(-29_922_850, -15_134_455)))
    assert sentence == (
        "Toimintakatteen talousarviosta on toteutunut 50,58 %, kun vuodesta on kulunut 50 %: "
        "toteuma on kuluneeseen aikaan nähden 0,6 %-yksikköä suurempi (epäsuotuisa)."
    )


def test_pace_of_a_net_cost_behind_the_year_is_favourable():
    # HYTE: -274 886 of -558 300 is 49,24 %.
    sentence = plain(pace_sentence(realisation(-558_300, -274_886)))
    assert sentence.endswith("0,8 %-yksikköä pienempi (suotuisa).")
    assert "toteutunut 49,24 %" in sentence


@pytest.mark.parametrize(
    ("actual", "relation"),
    [
        (-504, ": toteuma vastaa kulunutta aikaa."),  # 50,4 %
        (-496, ": toteuma vastaa kulunutta aikaa."),  # 49,6 %
        # Half a point is not in step.
        (-505, " 0,5 %-yksikköä suurempi (epäsuotuisa)."),  # 50,5 %
        (-495, " 0,5 %-yksikköä pienempi (suotuisa)."),  # 49,5 %
    ],
)
def test_pace_half_a_point_from_the_year_is_not_in_step(actual, relation):
    assert plain(pace_sentence(realisation(-1_000, actual))).endswith(relation)


def test_pace_at_the_end_of_march():
    sentence = plain(pace_sentence(realisation(-1_000, -300, elapsed=25.0)))
    assert sentence == (
        "Toimintakatteen talousarviosta on toteutunut 30,00 %, kun vuodesta on kulunut 25 %: "
        "toteuma on kuluneeseen aikaan nähden 5,0 %-yksikköä suurempi (epäsuotuisa)."
    )


def test_pace_of_a_net_income_ahead_is_favourable_and_behind_unfavourable():
    ahead = plain(pace_sentence(realisation(100_000, 60_000)))
    assert ahead == (
        "Toimintakatteen talousarviosta on toteutunut 60,00 %, kun vuodesta on kulunut 50 %: "
        "toteuma on kuluneeseen aikaan nähden 10,0 %-yksikköä suurempi (suotuisa)."
    )
    assert plain(pace_sentence(realisation(1, 0.6))).endswith("suurempi (suotuisa).")
    behind = plain(pace_sentence(realisation(100_000, 40_000)))
    assert behind.endswith("10,0 %-yksikköä pienempi (epäsuotuisa).")


def test_pace_with_a_zero_net_budget():
    row = pd.Series(
        {"budget": 0.0, "actual": -1_310.0, "realisation_pct": float("nan"), "elapsed_pct": 50.0}
    )
    assert plain(pace_sentence(row)) == (
        "Toimintakatteen toteumaa (-1 310 €) ei voi verrata talousarvioon, koska talousarvio on "
        "0 €; vuodesta on kulunut 50 %."
    )


# --- One line against its budget -------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "deviation", "phrase"),
    [
        # Income over budget: Myyntituotot, TA 620 000, forecast 232 355 more (37,48 %).
        (620_000, 232_355, "tulot ylittävät talousarvion 232 355 € (37,5 %, suotuisa)"),
        # Income under budget: Tuet ja avustukset, TA 1 256 400, 471 859 less (37,56 %).
        (1_256_400, -471_859, "tulot alittavat talousarvion 471 859 € (37,6 %, epäsuotuisa)"),
        # Costs under budget: Palvelujen ostot, TA -5 628 800, 401 394 smaller (7,13 %).
        (-5_628_800, 401_394, "menot alittavat talousarvion 401 394 € (7,1 %, suotuisa)"),
        # Costs over budget: Muut toimintakulut, TA -820 200, 91 474 larger (11,15 %).
        (-820_200, -91_474, "menot ylittävät talousarvion 91 474 € (11,2 %, epäsuotuisa)"),
        # Nothing budgeted: the forecast's own sign says income or costs; no percentage.
        (0, 32_985, "tulot ylittävät talousarvion 32 985 € (suotuisa)"),
        (0, -1_310, "menot ylittävät talousarvion 1 310 € (epäsuotuisa)"),
        (0, 1, "tulot ylittävät talousarvion 1 € (suotuisa)"),
        # The smallest amounts: any positive budget is income, any negative one costs.
        (1, 1, "tulot ylittävät talousarvion 1 € (100,0 %, suotuisa)"),
        (100, 1, "tulot ylittävät talousarvion 1 € (1,0 %, suotuisa)"),
        (100, -1, "tulot alittavat talousarvion 1 € (1,0 %, epäsuotuisa)"),
        (-100, 1, "menot alittavat talousarvion 1 € (1,0 %, suotuisa)"),
        (-100, -1, "menot ylittävät talousarvion 1 € (1,0 %, epäsuotuisa)"),
        # Within half a per cent of the budget, either way.
        (1_000_000, 5_000, "toteutuvat talousarvion mukaisesti"),
        (-1_000_000, -5_000, "toteutuvat talousarvion mukaisesti"),
        (0, 0, "toteutuvat talousarvion mukaisesti"),
        (1_000_000, 5_001, "tulot ylittävät talousarvion 5 001 € (0,5 %, suotuisa)"),
        (-1_000_000, -5_001, "menot ylittävät talousarvion 5 001 € (0,5 %, epäsuotuisa)"),
    ],
)
def test_deviation_phrase(budget, deviation, phrase):
    assert plain(deviation_phrase(budget, deviation)) == phrase


def test_a_given_forecast_decides_income_or_cost_on_a_zero_budget():
    # The forecast, when given, wins over budget + deviation.
    assert plain(deviation_phrase(0, 500, forecast=-20)).startswith("menot alittavat")


# --- The year-end forecast of the net line ---------------------------------------------------


def net_forecast(budget, forecast):
    return pd.Series({"budget": budget, "forecast": forecast, "deviation_eur": forecast - budget})


def test_the_department_net_cost_under_budget():
    sentence = plain(forecast_sentence(net_forecast(-29_922_850, -28_957_806)))
    assert sentence == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 28 957 806 € ja jää talousarviota "
        "pienemmäksi 965 044 € (3,2 %, suotuisa)."
    )


def test_hyte_net_cost_over_budget():
    sentence = plain(forecast_sentence(net_forecast(-558_300, -576_904)))
    assert sentence == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 576 904 € ja ylittää talousarvion "
        "18 604 € (3,3 %, epäsuotuisa)."
    )


@pytest.mark.parametrize(
    ("budget", "forecast", "outcome"),
    [
        (-1_000_000, -995_000, "toteutuu talousarvion mukaisesti"),  # exactly 0,5 % under
        (-1_000_000, -1_005_000, "toteutuu talousarvion mukaisesti"),  # exactly 0,5 % over
        (-1_000_000, -994_999, "jää talousarviota pienemmäksi 5 001 € (0,5 %, suotuisa)"),
        (-1_000_000, -1_005_001, "ylittää talousarvion 5 001 € (0,5 %, epäsuotuisa)"),
        # The smallest amounts: one euro on a budget of a hundred is not in line.
        (-100, -99, "jää talousarviota pienemmäksi 1 € (1,0 %, suotuisa)"),
        (-100, -101, "ylittää talousarvion 1 € (1,0 %, epäsuotuisa)"),
    ],
)
def test_a_net_cost_within_half_a_per_cent_is_in_line(budget, forecast, outcome):
    assert plain(forecast_sentence(net_forecast(budget, forecast))).endswith(f" ja {outcome}.")


def test_a_net_line_with_a_zero_budget_has_no_percentage():
    cost = plain(forecast_sentence(net_forecast(0, -1_310)))
    assert cost == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 1 310 € ja ylittää talousarvion "
        "1 310 € (epäsuotuisa)."
    )
    income = plain(forecast_sentence(net_forecast(0, 1)))
    assert income == (
        "Ennusteen mukaan nettotuotto on vuoden lopussa 1 € ja ylittää talousarvion 1 € (suotuisa)."
    )
    assert plain(forecast_sentence(net_forecast(0, 0))) == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 0 € ja toteutuu talousarvion mukaisesti."
    )
    # Any positive budget is a net income, however small.
    assert forecast_sentence(net_forecast(1, 2)).startswith("Ennusteen mukaan nettotuotto")


def test_a_net_cost_forecast_to_turn_into_a_net_income_names_each_side():
    # Lestijärvi's hallinto, 1-3/2017 (tests/fixtures/raw/lestijarvi): TA −143 892 € (a net
    # cost), forecast +4 400 € (a net income); 4 400 + 143 892 = 148 292 € favourable,
    # 148 292 / 143 892 = 103,06 %. "Nettokustannus on 4 400 €" would misstate the sign.
    sentence = plain(forecast_sentence(net_forecast(-143_892, 4_400)))
    assert sentence == (
        "Ennusteen mukaan toimintakate kääntyy vuoden lopussa 4 400 € nettotuotoksi, kun "
        "talousarviossa se on 143 892 € nettokustannus; poikkeama talousarviosta on 148 292 € "
        "(103,1 %, suotuisa)."
    )
    # And the other way: a budgeted net income of 2 000 € forecast as a net cost of 500 €.
    sentence = plain(forecast_sentence(net_forecast(2_000, -500)))
    assert sentence == (
        "Ennusteen mukaan toimintakate kääntyy vuoden lopussa 500 € nettokustannukseksi, kun "
        "talousarviossa se on 2 000 € nettotuotto; poikkeama talousarviosta on 2 500 € "
        "(125,0 %, epäsuotuisa)."
    )


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
        "Tuet ja avustukset: tulot alittavat talousarvion 471 859 € (37,6 %, epäsuotuisa); "
        "Palvelujen ostot: menot alittavat talousarvion 401 394 € (7,1 %, suotuisa); "
        "Myyntituotot: tulot ylittävät talousarvion 232 355 € (37,5 %, suotuisa)."
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
    assert sentences[0].startswith("Toimintakatteen talousarviosta on toteutunut 50,58 %")
    assert sentences[1] == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 28 957 806 € ja jää talousarviota "
        "pienemmäksi 965 044 € (3,2 %, suotuisa). Ennusteeseen sisältyy tiedossa olevia "
        "erillisiä eriä yhteensä 90 000 €."
    )
    assert sentences[2].startswith("Selvimmät poikkeamat ennusteessa – Tuet ja avustukset:")
    assert "Myyntituotot: tulot ylittävät talousarvion 232 355 €" in sentences[2]  # not HYTE's
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
    assert len(hyte) == 2 and "pienempi (suotuisa)" in hyte[0] and "Myyntituotot" in hyte[1]
    assert unit_narrative("Varhaiskasvatus", realisations, None, net_line=NET) == []
    # The net line is the entity's own: under another name, this one is not read as it.
    other_net = unit_narrative(DEPARTMENT, realisations, forecast, net_line="NETTO")
    assert len(other_net) == 1 and other_net[0].startswith("Selvimmät poikkeamat")


@pytest.mark.parametrize(
    ("points", "budget", "label"),
    [
        (0.58, -29_922_850, "epäsuotuisa"),  # net cost ahead of time: 50,58 % at 50 %
        (-0.76, -558_300, "suotuisa"),  # net cost behind time
        (10.0, 100_000, "suotuisa"),  # net income ahead of time
        (-10.0, 100_000, "epäsuotuisa"),
        (0.49, -1_000, "vastaa kulunutta aikaa"),
        (-0.5, -1_000, "suotuisa"),  # half a point is not in step, as in the sentence
        (float("nan"), -1_000, ""),
        (1.0, 0.0, ""),  # no budget: nothing to compare
        (0.5, 1.0, "suotuisa"),  # a net income of 1 €, half a point ahead: 0,5 × 1 > 0
    ],
)
def test_pace_label(points, budget, label):
    from helpers.narrative import pace_label

    assert pace_label(points, budget) == label


# --- Sign edges: every template with the smallest amounts on either side ------------------------


def test_side_change_names_a_net_income_below_one_euro_and_a_budget_below_one_euro():
    # A net cost of 100 € budgeted, 0,40 € of net income forecast: still a net income
    # ("nettotuotoksi"), however small; deviation 0,40 + 100 = 100,40 € favourable (100,4 %).
    assert plain(forecast_sentence(net_forecast(-100, 0.4))) == (
        "Ennusteen mukaan toimintakate kääntyy vuoden lopussa 0 € nettotuotoksi, kun "
        "talousarviossa se on 100 € nettokustannus; poikkeama talousarviosta on 100 € "
        "(100,4 %, suotuisa)."
    )
    # A net income of 0,50 € budgeted, a net cost of 100 € forecast: the budget is a
    # "nettotuotto"; deviation −100 − 0,5 = −100,5 €, 100,5 / 0,5 = 20 100 % unfavourable.
    assert plain(forecast_sentence(net_forecast(0.5, -100))) == (
        "Ennusteen mukaan toimintakate kääntyy vuoden lopussa 100 € nettokustannukseksi, kun "
        "talousarviossa se on 0 € nettotuotto; poikkeama talousarviosta on 100 € "
        "(20 100,0 %, epäsuotuisa)."
    )


def test_a_net_margin_forecast_at_zero_keeps_the_budget_side():
    # Net cost −1 000 budgeted, 0 forecast: no side change (0 is neither side); 1 000 € less
    # net cost, 100,0 % of the budget, favourable.
    assert plain(forecast_sentence(net_forecast(-1_000, 0))) == (
        "Ennusteen mukaan nettokustannus on vuoden lopussa 0 € ja jää talousarviota "
        "pienemmäksi 1 000 € (100,0 %, suotuisa)."
    )
    # Net income 1 000 budgeted, 0 forecast: still a nettotuotto, 1 000 € smaller, unfavourable.
    assert plain(forecast_sentence(net_forecast(1_000, 0))) == (
        "Ennusteen mukaan nettotuotto on vuoden lopussa 0 € ja jää talousarviota "
        "pienemmäksi 1 000 € (100,0 %, epäsuotuisa)."
    )


def test_forecast_sentence_without_a_budget_prints_the_forecast_and_no_deviation():
    row = pd.Series({"budget": float("nan"), "forecast": -452_300.0, "deviation_eur": np.nan})
    assert plain(forecast_sentence(row)) == (
        "Ennusteen mukaan toimintakate on vuoden lopussa -452 300 €; talousarviota ei ole "
        "lähdeaineistossa (ei tietoa), joten poikkeamaa talousarviosta ei lasketa."
    )


def test_pace_without_a_budget_whole_sentence():
    # Without a budget column at all, as with a missing budget; 100/3 = 33,3 → 33 %.
    row = pd.Series({"actual": -452_300.0, "realisation_pct": np.nan, "elapsed_pct": 100 / 3})
    assert plain(pace_sentence(row)) == (
        "Toimintakatteen toteumaa (-452 300 €) ei voi verrata talousarvioon, koska "
        "talousarviota ei ole lähdeaineistossa (ei tietoa); vuodesta on kulunut 33 %."
    )


def test_income_line_forecast_below_zero_stays_income():
    # Income 100 budgeted, 300 less forecast (−200): still an income line (by its budget), so
    # "tulot alittavat", 300 / 100 = 300,0 %, unfavourable.
    assert plain(deviation_phrase(100, -300)) == (
        "tulot alittavat talousarvion 300 € (300,0 %, epäsuotuisa)"
    )
    # Costs −100 budgeted, 300 less cost (forecast +200): still a cost line.
    assert plain(deviation_phrase(-100, 300)) == (
        "menot alittavat talousarvion 300 € (300,0 %, suotuisa)"
    )


def test_a_zero_forecast_on_a_zero_budget_is_not_income():
    # Nothing budgeted, 500 € deviation, a given forecast of exactly 0: not positive, so costs.
    assert plain(deviation_phrase(0, 500, forecast=0.0)) == (
        "menot alittavat talousarvion 500 € (suotuisa)"
    )
    # A missing forecast (NaN) falls back to budget + deviation = 500: income.
    assert plain(deviation_phrase(0, 500, forecast=float("nan"))) == (
        "tulot ylittävät talousarvion 500 € (suotuisa)"
    )


def test_notable_lines_pass_each_lines_forecast():
    # An unbudgeted line whose forecast (−20) is a cost although the deviation is positive:
    # the row's own forecast decides "menot", not budget + deviation (= +500).
    rows = forecast_rows([(DEPARTMENT, "Muut toimintatuotot", 0, 500, "above", "profile")])
    rows["forecast"] = -20.0
    assert plain(notable_lines_sentence(rows)) == (
        "Selvimmät poikkeamat ennusteessa – Muut toimintatuotot: menot alittavat talousarvion "
        "500 € (suotuisa)."
    )
