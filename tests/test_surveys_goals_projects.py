"""Survey intervals, goal statuses, risk matrix and project totals from the source report."""

import math

import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.goals import latest_status, realisations_side_by_side, risk_matrix, status_counts
from helpers.projects import end_year, project_table, spending_pct, totals_by
from helpers.surveys import judge_below, judge_change, survey_shares, wilson_interval


@pytest.fixture(scope="module")
def data():
    return build_processed(RAW, "heinola", "2024-06-30")


def wilson_by_hand(count, n, z=1.959963984540054):
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half) * 100, (centre + half) * 100


def test_wilson_interval_matches_the_formula():
    low, high = wilson_interval(146, 660)
    expected = wilson_by_hand(146, 660)
    assert low == pytest.approx(expected[0]) and high == pytest.approx(expected[1])


def test_harrastemalli_judged_against_target_and_baseline(data):
    _, tables = data
    shares = survey_shares(tables["surveys"])
    harraste = shares[shares["survey"] == "Harrastemallikysely"].set_index("reference_type")
    # 146 of 660 pupils have no hobby: 22,1 %, interval about 19,1–25,4 %.
    target = harraste.loc["tavoite alle"]
    assert target["share_pct"] == pytest.approx(146 / 660 * 100)
    assert target["judgement"] == "ei toteudu"  # the whole interval is above 18 %
    assert harraste.loc["lähtötaso 2023", "judgement"] == "ei merkitsevää muutosta"  # 20 % inside
    pupils = shares[shares["survey"] == "Hyvinvointikysely koululaisille"]
    assert set(pupils["respondents"]) == {247} and pupils["count_derived"].all()


def test_judgements_at_the_edges():
    assert judge_below(10, 15, 18) == "toteutuu"
    assert judge_below(16, 20, 18).startswith("ei ratkea")
    assert judge_change(21, 25, 20) == "suurempi kuin lähtötaso"


def test_goal_status_counts_per_level(data):
    config, tables = data
    statuses = latest_status(tables["goals"], tables["goal_realisations"])
    totals = statuses.groupby(["level", "status"]).size()
    assert totals[("Valtuuston sitovuustaso", "Toteutuu")] == 3
    assert totals[("Valtuuston sitovuustaso", "Toteutuu osittain")] == 1
    assert totals[("Käyttösuunnitelma", "Toteutuu")] == 7
    plan = statuses[statuses["level"] == "Käyttösuunnitelma"]
    by_unit = status_counts(plan, "unit", config)
    # OPKOU and OPKOUL goals are the same service area.
    assert by_unit.loc["Opetus- ja koulutuspalvelut", "Yhteensä"] == 4
    assert by_unit.loc["Varhaiskasvatus", "Toteutuu"] == 2


def test_realisations_side_by_side(data):
    _, tables = data
    side = realisations_side_by_side(tables["goals"], tables["goal_realisations"])
    assert {"Toteuma 31.3.", "Toteuma 30.6."} <= set(side.columns)
    vire = side[side["unit_code"] == "VIRE"].iloc[0]
    assert "146 ei harrasta" in vire["Toteuma 30.6."]


def test_risk_matrix(data):
    _, tables = data
    matrix = risk_matrix(tables["risks"])
    # Printed: (p1, s1), (p2, s1), (p2, s2), (p2, s1), (p3, s1).
    assert matrix.loc[1, 2] == 2 and matrix.loc[2, 2] == 1 and matrix.loc[1, 3] == 1
    assert int(matrix.to_numpy().sum()) == 5


def test_project_totals(data):
    _, tables = data
    details = project_table(tables["projects"], 2024)
    by_funder = totals_by(details, "funder")
    okm = [20_000, 26_300, 101_250, 310_000, 262_500, 147_388, 50_000, 42_368.7]
    assert by_funder.loc["OKM", "total_funding"] == pytest.approx(sum(okm))
    okm_city = 101_250 * 0.2 + 310_000 * 0.2 + 262_500 * 0.2 + 147_388 * 0.05 + 50_000 * 0.3
    okm_city += 42_368.7 * 0.3
    assert by_funder.loc["OKM", "city_share_eur"] == pytest.approx(okm_city)
    assert int(details["ends_this_year"].sum()) == 13
    assert end_year("2023–2024") == 2024 and end_year("2024") == 2024 and end_year("") is None
    assert spending_pct("70,4 / 83,4") is None and spending_pct("126,8") == 126.8
