"""Computed sentences (``helpers.narrative``): the words of a deviation follow whether the line
is income or cost, and every deviation is named suotuisa or epäsuotuisa. Amounts are in the
suite's convention (income positive, costs negative); the cases are SYNTHETIC and worked out
by hand."""

import pandas as pd
import pytest

from helpers.narrative import deviation_phrase, forecast_sentence, pace_sentence


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("budget", "deviation", "expected"),
    [
        # Income 100 000 budgeted, forecast 110 000: more income, favourable.
        (100_000.0, 10_000.0, "tulot ylittävät talousarvion 10 000 € (10,0 %, suotuisa)"),
        # Income forecast 90 000: less income, unfavourable.
        (100_000.0, -10_000.0, "tulot jäävät talousarviosta 10 000 € (10,0 %, epäsuotuisa)"),
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
