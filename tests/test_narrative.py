"""Computed Finnish sentences (``helpers.narrative``): wording and signs worked out by hand."""

import pandas as pd

from helpers.narrative import deviation_phrase, pace_sentence


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_income_below_budget_alittavat_talousarvion():
    # Budget 733 600 € of income, forecast 420 658 € lower: 420 658 / 733 600 = 57,3 %.
    phrase = plain(deviation_phrase(733_600.0, -420_658.0))
    assert phrase == "tulot alittavat talousarvion 420 658 € (57,3 %)"


def test_costs_over_and_under_budget():
    # Costs are negative: a negative deviation is more cost; 42 943 / 79 000 = 54,4 %.
    assert plain(deviation_phrase(-79_000.0, -42_943.0)) == (
        "menot ylittävät talousarvion 42 943 € (54,4 %)"
    )
    # 152 019 / 500 000 = 30,4 % less cost.
    assert plain(deviation_phrase(-500_000.0, 152_019.0)) == (
        "menot alittavat talousarvion 152 019 € (30,4 %)"
    )
    # 94 168 / 35 000 = 269,1 % more income.
    assert plain(deviation_phrase(35_000.0, 94_168.0)) == (
        "tulot ylittävät talousarvion 94 168 € (269,1 %)"
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
