"""Which method forecasts a line (helpers.forecast.choice), chosen by the evidence, with the
Finnish reason shown to the board. Amounts worked out by hand.

Varhaiskasvatus' Maksutuotot as printed at 30.6.2024: TA 260 000 €, TOT 155 650 €; the
shares are invented round numbers.
"""

import math

import pandas as pd
import pytest

from helpers.forecast.choice import (
    MAX_PACE_RATIO,
    MAX_SHARE_SPREAD,
    MIN_SEASONAL_YEARS,
    NO_ACCRUAL,
    NOTHING_BOOKED_EUR,
    Evidence,
    choose_method,
    choose_methods,
)

BUDGET, ACTUAL = 260_000.0, 155_650.0


def test_the_documented_constants():
    assert (MIN_SEASONAL_YEARS, MAX_SHARE_SPREAD, MAX_PACE_RATIO) == (2, 0.15, 2.0)
    assert (NOTHING_BOOKED_EUR, NO_ACCRUAL) == (0.5, "ei kertymää")


def evidence(**changes):
    base = {"actual": ACTUAL, "budget": BUDGET, "elapsed": 0.5, "last_year": 2023}
    return Evidence(**(base | changes))


def test_two_years_of_stable_history_choose_the_seasonal_profile():
    assert MIN_SEASONAL_YEARS == 2  # two complete years are enough, as the issue asks
    stable = evidence(seasonal_share=0.4, seasonal_years=2, share_min=0.35, share_max=0.45)
    assert choose_method(stable) == (
        "seasonal",
        "kausiprofiili vakaa 2 vuotena (osuus 35 %–45 %)",
        "",
    )
    # The spread may be exactly MAX_SHARE_SPREAD (15 points): 0 % and 15 %.
    edge = evidence(seasonal_share=0.075, seasonal_years=3, share_min=0.0, share_max=0.15)
    assert MAX_SHARE_SPREAD == 0.15 and choose_method(edge)[0] == "seasonal"


def test_an_unstable_or_odd_history_falls_back_to_budget_pace():
    unstable = evidence(seasonal_share=0.4, seasonal_years=2, share_min=0.3, share_max=0.46)
    assert choose_method(unstable) == (
        "budget_pace",
        "kausiprofiili vaihtelee 2 vuoden aikana (osuus 30 %–46 %): "
        "talousarvion mukainen loppuvuosi",
        "",
    )
    odd = evidence(seasonal_share=0.0, seasonal_years=2, share_min=-0.1, share_max=0.1)
    assert choose_method(odd) == (
        "budget_pace",
        "monivuotinen kertymä poikkeava (osuus -10 %–10 %): talousarvion mukainen loppuvuosi",
        "",
    )


def test_one_year_of_history_is_not_a_seasonal_profile():
    one_year = evidence(seasonal_share=0.4, seasonal_years=1, share_min=0.4, share_max=0.4)
    one_year = Evidence(**(one_year.__dict__ | {"share": 0.5}))
    assert choose_method(one_year) == (
        "profile",
        "edellisen vuoden 2023 kausiprofiili (50 % kertynyt)",
        "",
    )


@pytest.mark.parametrize(
    ("share", "method"),
    [
        (0.25, "profile"),  # × 4: exactly twice the straight-line × 2 at mid-year
        (0.24, "budget_pace"),  # × 4,17: beyond it
        (1.0, "profile"),  # × 1: last year's whole total was booked by June
        (1.1, "budget_pace"),  # × 0,91: would shrink the actual
    ],
)
def test_last_years_profile_within_twice_the_straight_line_pace(share, method):
    assert choose_method(evidence(share=share))[0] == method


def test_the_reasons_for_leaving_last_years_profile():
    implausible = choose_method(evidence(share=0.24))
    assert implausible[1] == (
        "edellisen vuoden 2023 profiili (24 % kertynyt) kertoisi toteuman 4,2-kertaiseksi "
        "(tasainen vauhti 2,0-kertaiseksi): epäuskottava, talousarvion mukainen loppuvuosi"
    )
    assert choose_method(evidence(share=math.nan, last_year=None))[1] == (
        "ei edellisen vuoden vertailutietoa: talousarvion mukainen loppuvuosi"
    )
    assert choose_method(evidence(share=0.0))[1] == (
        "edellisen vuoden 2023 kertymä poikkeava (nolla tai vastakkainen etumerkki): "
        "talousarvion mukainen loppuvuosi"
    )
    assert choose_method(evidence(share=-0.2))[0] == "budget_pace"


def test_a_complete_year_is_its_actual_and_nothing_booked_is_flagged():
    assert choose_method(evidence(elapsed=1.0, share=0.5)) == (
        "actual",
        "vuosi päättynyt: koko vuoden toteuma",
        "",
    )
    method, reason, flag = choose_method(evidence(actual=0.4, share=0.5))
    assert (method, flag) == ("budget", NO_ACCRUAL)
    assert reason.replace("\u00a0", " ") == (
        "ei kertymää: talousarvio odottaa 260 000 €, kirjauksia ei vielä ole; ennusteena "
        "talousarvio, väli nollasta talousarvioon tai edellisen vuoden tasoon"
    )
    # Half a euro is booked, and nothing was budgeted: neither is "nothing booked".
    assert choose_method(evidence(actual=0.5, share=0.5))[0] == "profile"
    assert choose_method(evidence(actual=0.0, budget=0.4, share=0.5))[0] == "profile"
    assert choose_method(evidence(actual=-0.4, budget=-1_000.0, share=0.5))[2] == NO_ACCRUAL


def test_choose_methods_for_every_leaf():
    leaves = pd.DataFrame(
        {
            "actual": [ACTUAL, ACTUAL],
            "budget": [BUDGET, BUDGET],
            "share": [0.5, 0.1],
            "seasonal_share": [math.nan, 0.4],
            "seasonal_years": [0, 2],
            "share_min": [math.nan, 0.35],
            "share_max": [math.nan, 0.45],
        },
        index=["a", "b"],
    )
    out = choose_methods(leaves, 0.5, 2023)
    assert list(out.columns) == ["method", "reason", "flag"] and list(out.index) == ["a", "b"]
    assert out["method"].tolist() == ["profile", "seasonal"]
    assert out.loc["a", "reason"] == "edellisen vuoden 2023 kausiprofiili (50 % kertynyt)"


@pytest.mark.parametrize(
    ("months", "share", "method"),
    [
        # 31.3.: the straight line multiplies by 12/3 = 4, so the profile may multiply by 8,
        # i.e. last year's share at least 1/8 = 12.5 %.
        (3, 0.125, "profile"),
        (3, 0.12, "budget_pace"),  # × 8.33
        # 30.6.: × 2, so at most × 4 (share 25 %).
        (6, 0.25, "profile"),
        (6, 0.2499, "budget_pace"),
        # 31.8.: × 12/8 = 1.5, so at most × 3 (share 1/3).
        (8, 1 / 3, "profile"),
        (8, 0.33, "budget_pace"),  # × 3.03
        (8, 0.5, "profile"),  # × 2, not beyond 3 (with × 2 the straight line's 1.5 would be)
    ],
)
def test_the_profile_limit_follows_the_month(months, share, method):
    assert choose_method(evidence(elapsed=months / 12, share=share))[0] == method


def test_the_reason_at_the_end_of_march():
    # 1 ÷ 0.12 = 8.33…; the straight line 12 ÷ 3 = 4.
    assert choose_method(evidence(elapsed=0.25, share=0.12))[1] == (
        "edellisen vuoden 2023 profiili (12 % kertynyt) kertoisi toteuman 8,3-kertaiseksi "
        "(tasainen vauhti 4,0-kertaiseksi): epäuskottava, talousarvion mukainen loppuvuosi"
    )


def test_december_is_the_actual_whatever_the_evidence():
    done = ("actual", "vuosi päättynyt: koko vuoden toteuma", "")
    assert choose_method(evidence(elapsed=12 / 12, share=0.5)) == done
    # Even nothing booked (a budget that never came) is final at 12 months.
    assert choose_method(evidence(elapsed=1.0, actual=0.0)) == done
    # At 11 months the year is not over.
    assert choose_method(evidence(elapsed=11 / 12, share=0.9))[0] == "profile"


def test_nothing_booked_edges():
    # Half a euro of budget is already money expected: nothing booked is flagged.
    assert choose_method(evidence(actual=0.0, budget=0.5, share=0.5))[2] == NO_ACCRUAL
    assert choose_method(evidence(actual=0.0, budget=-0.5, share=0.5))[0] == "budget"
    # Zero budget and nothing booked: no flag, the ordinary choice.
    assert choose_method(evidence(actual=0.0, budget=0.0, share=0.5)) == (
        "profile",
        "edellisen vuoden 2023 kausiprofiili (50 % kertynyt)",
        "",
    )
    # Something booked against a zero budget is not "nothing booked" either.
    assert choose_method(evidence(actual=1_000.0, budget=0.0, share=0.5))[2] == ""


def test_missing_history_gives_budget_pace_with_the_year_in_the_reason():
    assert choose_method(evidence(share=math.nan)) == (
        "budget_pace",
        "ei edellisen vuoden 2023 vertailutietoa: talousarvion mukainen loppuvuosi",
        "",
    )
    assert choose_method(evidence(share=math.inf))[0] == "budget_pace"
    # No last year known at all: the year is left out of the sentence.
    assert choose_method(evidence(share=0.0, last_year=None))[1] == (
        "edellisen vuoden kertymä poikkeava (nolla tai vastakkainen etumerkki): "
        "talousarvion mukainen loppuvuosi"
    )


def test_a_missing_multi_year_share_falls_back_to_budget_pace():
    nan = evidence(seasonal_share=math.nan, seasonal_years=2, share_min=0.3, share_max=0.4)
    assert choose_method(nan)[0] == "budget_pace"
    assert choose_method(nan)[1].startswith("monivuotinen kertymä poikkeava (osuus 30 %–40 %)")


def test_without_a_budget_budget_pace_becomes_straight_line_pace():
    """A statement that prints no TA cannot give budget pace: the reason keeps the cause
    (before its colon) and says that there is no budget."""
    assert choose_method(evidence(budget=math.nan, share=math.nan)) == (
        "run_rate",
        "ei edellisen vuoden 2023 vertailutietoa; ei talousarviota (ei tietoa): lineaarinen vauhti",
        "",
    )
    unstable = evidence(
        budget=math.nan, seasonal_share=0.4, seasonal_years=3, share_min=0.2, share_max=0.6
    )
    assert choose_method(unstable) == (
        "run_rate",
        "kausiprofiili vaihtelee 3 vuoden aikana (osuus 20 %–60 %); ei talousarviota "
        "(ei tietoa): lineaarinen vauhti",
        "",
    )
    # A method that needs no budget stays.
    assert choose_method(evidence(budget=math.nan, share=0.5)) == (
        "profile",
        "edellisen vuoden 2023 kausiprofiili (50 % kertynyt)",
        "",
    )
    stable = evidence(
        budget=math.nan, seasonal_share=0.4, seasonal_years=2, share_min=0.35, share_max=0.45
    )
    assert choose_method(stable)[0] == "seasonal"


def test_choose_methods_passes_every_column_of_evidence():
    """Each row's evidence is its own: the month, last year, both shares and the spread."""
    leaves = pd.DataFrame(
        {
            "actual": [ACTUAL, ACTUAL, 0.0, ACTUAL],
            "budget": [BUDGET, BUDGET, BUDGET, BUDGET],
            "share": [0.2, 0.1, 0.5, math.nan],
            "seasonal_share": [math.nan, 0.4, math.nan, 0.3],
            "seasonal_years": [0, 3, 0, 2],
            "share_min": [math.nan, 0.2, math.nan, 0.1],
            "share_max": [math.nan, 0.34, math.nan, 0.5],
        }
    )
    out = choose_methods(leaves, 0.25, 2023)
    # Row 0 at 31.3.: × 5 from a 20 % share is within × 8: the profile.
    assert out.loc[0].tolist() == [
        "profile",
        "edellisen vuoden 2023 kausiprofiili (20 % kertynyt)",
        "",
    ]
    # Row 1: three years from 20 % to 34 % (spread 14 points): stable.
    assert out.loc[1].tolist() == [
        "seasonal",
        "kausiprofiili vakaa 3 vuotena (osuus 20 %–34 %)",
        "",
    ]
    assert out.loc[2, "method"] == "budget" and out.loc[2, "flag"] == NO_ACCRUAL
    # Row 3: 10 % … 50 % (40 points): unstable.
    assert out.loc[3, "reason"] == (
        "kausiprofiili vaihtelee 2 vuoden aikana (osuus 10 %–50 %): "
        "talousarvion mukainen loppuvuosi"
    )
    assert choose_methods(leaves, 1.0, 2023)["method"].tolist() == ["actual"] * 4
    assert choose_methods(leaves, 0.25, None).loc[0, "reason"] == (
        "edellisen vuoden kausiprofiili (20 % kertynyt)"
    )
