"""The forecast methods and the choice between them, on a few amounts worked out by hand.

Varhaiskasvatus' Maksutuotot as printed at 30.6.2024: TA 260 000 €, TOT 155 650 €. The other
months are invented round numbers, so that every expected value can be checked on paper.
"""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.forecast.choice import (
    MAX_SHARE_SPREAD,
    MIN_SEASONAL_YEARS,
    NO_ACCRUAL,
    Evidence,
    choose_method,
    choose_methods,
)
from helpers.forecast.methods import (
    budget_pace,
    cumulative_shares,
    method_estimates,
    run_rate,
    scale_by_share,
    seasonal_shares,
)
from helpers.forecast.text import methods_paragraphs, methods_text

BUDGET, ACTUAL = 260_000.0, 155_650.0


@pytest.mark.parametrize(
    ("actual", "months", "expected"),
    [
        (ACTUAL, 6, 155_650 + 260_000 / 2),  # 285 650: at mid-year the two halves coincide
        (40_000, 3, 40_000 + 260_000 * 3 / 4),  # 31.3.: 235 000, three quarters still to come
        (200_000, 8, 200_000 + 260_000 / 3),  # 31.8.: 286 666,67, a third still to come
        (260_000, 12, 260_000),  # the year is over: nothing is added
    ],
)
def test_budget_pace_adds_the_budget_of_the_months_still_to_come(actual, months, expected):
    assert budget_pace(actual, BUDGET, months / 12) == pytest.approx(expected)


def test_budget_pace_of_a_cost_line_in_march():
    # Costs are negative: -30 000 booked by 31.3. of a -100 000 budget → -105 000.
    assert budget_pace(-30_000, -100_000, 0.25) == pytest.approx(-105_000)


def test_run_rate_scales_the_actual_to_twelve_months():
    assert run_rate(ACTUAL, 0.5) == pytest.approx(311_300)
    assert run_rate(40_000, 0.25) == pytest.approx(160_000)
    assert run_rate([-30_000, 9_000], 0.75).tolist() == pytest.approx([-40_000, 12_000])


def test_scale_by_share_needs_a_positive_share():
    shares = [0.5, 0.25, 0.0, -0.1, math.nan, math.inf]
    scaled = scale_by_share(ACTUAL, shares)
    assert scaled[:2].tolist() == pytest.approx([311_300, 622_600])
    assert np.isnan(scaled[2:]).all()  # zero, wrong sign, missing or infinite: no forecast


def test_method_estimates_one_column_per_method():
    leaves = pd.DataFrame(
        {
            "actual": [ACTUAL, -30_000.0],
            "budget": [BUDGET, -100_000.0],
            "share": [0.5, math.nan],  # last year's share at the same date
            "seasonal_share": [0.4, 0.25],
        },
        index=[7, 9],
    )
    out = method_estimates(leaves, 0.25)
    assert list(out.columns) == ["seasonal", "profile", "run_rate", "budget_pace"]
    assert list(out.index) == [7, 9]
    assert out.loc[7].tolist() == pytest.approx([389_125, 311_300, 622_600, 350_650])
    assert out.loc[9, ["seasonal", "run_rate", "budget_pace"]].tolist() == pytest.approx(
        [-120_000, -120_000, -105_000]
    )
    assert math.isnan(out.loc[9, "profile"])


def month_rows(unit, line, year, amounts):
    return [
        (unit, line, pd.Timestamp(year, month, 1), float(amount))
        for month, amount in enumerate(amounts, start=1)
    ]


def monthly_history():
    # 2022: 100 € a month (half the year by June); 2023: 50 € a month to June and 150 € after
    # (a quarter by June); 2024: only six months, not a complete year; 2021: a zero year.
    rows = (
        month_rows("V", "Maksutuotot", 2021, [50, -50] * 6)
        + month_rows("V", "Maksutuotot", 2022, [100] * 12)
        + month_rows("V", "Maksutuotot", 2023, [50] * 6 + [150] * 6)
        + month_rows("V", "Maksutuotot", 2024, [80] * 6)
        + month_rows("V", "Myyntituotot", 2023, [10] * 11)  # eleven months only
    )
    return pd.DataFrame(rows, columns=["unit", "line", "month", "amount"])


def test_cumulative_shares_of_complete_years():
    out = cumulative_shares(monthly_history(), 6)
    assert list(out.columns) == ["unit", "line", "year", "ytd", "total", "share"]
    assert out["year"].tolist() == [2021, 2022, 2023]  # 2024 and the 11-month line left out
    assert out["ytd"].tolist() == [0, 600, 300]
    assert out["total"].tolist() == [0, 1_200, 1_200]
    assert math.isnan(out["share"].iloc[0])  # a zero year has no share
    assert out["share"].iloc[1:].tolist() == [0.5, 0.25]
    # At the end of March: 300 of 1 200 in 2022, 150 of 1 200 in 2023.
    march = cumulative_shares(monthly_history(), 3)
    assert march["share"].iloc[1:].tolist() == [0.25, 0.125]
    assert cumulative_shares(monthly_history().iloc[:0], 6).empty
    assert cumulative_shares(None, 6).empty


def test_seasonal_shares_average_the_complete_years_before_this_one():
    out = seasonal_shares(monthly_history(), 6, before_year=2024)
    assert out.to_dict("records") == [
        {
            "unit": "V",
            "line": "Maksutuotot",
            "seasonal_share": 0.375,  # (0,5 + 0,25) / 2; the zero year 2021 does not count
            "seasonal_years": 2,
            "share_min": 0.25,
            "share_max": 0.5,
        }
    ]
    only_2022 = seasonal_shares(monthly_history(), 6, before_year=2023).iloc[0]
    assert (only_2022["seasonal_share"], only_2022["seasonal_years"]) == (0.5, 1)
    assert seasonal_shares(monthly_history(), 6, before_year=2022).empty


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


def test_the_methods_text_states_the_numbers_the_code_uses():
    """The board reads the rules in "Lähteet ja menetelmät": each number of them, stated by
    hand here (z of an 80 % interval is 1,2816; the rule's base 6 %, slopes 0,4 / 2,5 / 4,0;
    the management threshold 1 % and at least 10 000 €; on budget within 0,5 %)."""
    paragraphs = [p.replace("\u00a0", " ") for p in methods_paragraphs()]
    assert len(paragraphs) == 7
    assert methods_text().replace("\u00a0", " ") == "\n\n".join(paragraphs)
    expected = [
        (0, "talousarvion mukainen loppuvuosi (toteuma + talousarvio × jäljellä oleva osa"),
        (1, "Kun kuukausitoteumia on vähintään 2 aiemmalta vuodelta"),
        (1, "poikkeavat toisistaan enintään 15 %-yksikköä"),
        (1, "ellei se kertoisi toteumaa yli 2 kertaa niin suurella kertoimella"),
        (2, "merkitään \u201dei kertymää\u201d: ennusteena on talousarvio"),
        (3, "Jokaisella luvulla on 80 %:n ennusteväli"),
        (3, "osuvan 80 % todennäköisyydellä"),
        (3, "väli on ennuste ± 1,28 × keskihajonta, ja keskihajonta on 6 % loppuvuoden"),
        (3, "kerrottuna 0,4:llä kausiprofiilille, 2,5:llä talousarvion mukaiselle"),
        (3, "loppuvuodelle ja 4,0:llä lineaariselle vauhdille"),
        (5, "alle 0,5 % talousarviosta on talousarvion mukainen"),
        (6, "enemmän kuin 1 % talousarviosta (kuitenkin vähintään 10 000 €)"),
    ]
    for index, phrase in expected:
        assert phrase in paragraphs[index], phrase
