"""Projects (hankkeet): the city's share and the external funding in euros, spending, and the
projects ending this year, from rows of the printed project table."""

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.projects import end_year, project_table, spending_pct, totals_by

# Printed: Hanke, Toteutusaika, Kokonaisrahoitus €, Rahoittaja, Kaupungin osuus %, Toteuma %.
PROJECTS = pd.DataFrame(
    [
        ("Hyvinvoinnin kasvu", "Esiopetuksen kokeilu", "2021–2024", 20_000, "OKM", 0, "100"),
        ("Hyvinvoinnin kasvu", "Tasa-arvohanke", "2023–2024", 101_250, "OKM", 20, "126,8"),
        ("Hyvinvoinnin kasvu", "Inkluusiohanke", "2023–2024", 310_000, "OKM", 20, "70,4 / 83,4"),
        ("Hyvinvoinnin kasvu", "Kerhotoiminta 2024", "2024–2025", 18_571, "OPH", 30, "0"),
        ("Osallisuus", "Nuorten vuoro", "2024", 29_110, "AVI", 10, "48,0"),
        ("Osallisuus", "Uusi hanke", "", 10_000, "AVI", pd.NA, pd.NA),
    ],
    columns=[
        "strategic_goal",
        "project",
        "duration",
        "total_funding",
        "funder",
        "city_share_pct",
        "spending_printed",
    ],
).astype({"total_funding": "float64", "city_share_pct": "Float64"})


@pytest.mark.parametrize(
    ("duration", "year"),
    [
        ("2023–2024", 2024),
        ("2024", 2024),
        ("2024-2027", 2027),
        ("", None),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
    ],
)
def test_end_year(duration, year):
    assert end_year(duration) == year


@pytest.mark.parametrize(
    ("printed", "pct"),
    [("126,8", 126.8), ("100", 100.0), ("0", 0.0), ("70,4 / 83,4", None), (None, None)],
)
def test_spending_pct(printed, pct):
    assert spending_pct(printed) == pct
    assert spending_pct(pd.NA) is None


def test_city_share_and_external_funding_in_euros():
    table = project_table(PROJECTS, 2024).set_index("project")
    # 20 % of 101 250 € is 20 250 € from the city and 81 000 € from outside.
    assert table.loc["Tasa-arvohanke", "city_share_eur"] == pytest.approx(20_250)
    assert table.loc["Tasa-arvohanke", "external_eur"] == pytest.approx(81_000)
    assert table.loc["Kerhotoiminta 2024", "city_share_eur"] == pytest.approx(5_571.3)
    assert table.loc["Kerhotoiminta 2024", "external_eur"] == pytest.approx(13_000 - 0.3)
    # No city share printed counts as none: the whole funding is external.
    assert table.loc["Uusi hanke", "city_share_eur"] == 0
    assert table.loc["Uusi hanke", "external_eur"] == 10_000
    assert table.loc["Esiopetuksen kokeilu", "external_eur"] == 20_000


def test_spending_and_the_projects_ending_this_year():
    table = project_table(PROJECTS, 2024).set_index("project")
    assert table["spending_pct"].dtype == "Float64"  # a missing figure stays missing
    assert table.loc["Tasa-arvohanke", "spending_pct"] == pytest.approx(126.8)
    assert table.loc["Tasa-arvohanke", "spent_eur"] == pytest.approx(128_385)  # 126,8 % of it
    assert table.loc["Nuorten vuoro", "spent_eur"] == pytest.approx(13_972.8)
    assert pd.isna(table.loc["Inkluusiohanke", "spending_pct"])  # two figures: no one number
    assert pd.isna(table.loc["Inkluusiohanke", "spent_eur"])
    assert table["end_year"].tolist() == [2024, 2024, 2024, 2025, 2024, pd.NA]
    assert table["ends_this_year"].fillna(False).tolist() == [True, True, True, False, True, False]
    assert project_table(PROJECTS, 2025)["ends_this_year"].fillna(False).sum() == 1


def test_totals_by_funder_and_goal():
    details = project_table(PROJECTS, 2024)
    by_funder = totals_by(details, "funder")
    assert list(by_funder.index) == ["AVI", "OKM", "OPH"]
    assert list(by_funder.columns) == [
        "projects",
        "total_funding",
        "city_share_eur",
        "external_eur",
    ]
    okm = by_funder.loc["OKM"]
    assert okm["projects"] == 3
    assert okm["total_funding"] == 431_250
    assert okm["city_share_eur"] == pytest.approx(20_250 + 62_000)
    assert okm["external_eur"] == pytest.approx(20_000 + 81_000 + 248_000)
    avi = by_funder.loc["AVI"]
    assert (avi["projects"], avi["total_funding"]) == (2, 39_110)
    assert avi["city_share_eur"] == pytest.approx(2_911) and avi["external_eur"] == pytest.approx(
        26_199 + 10_000
    )
    by_goal = totals_by(details, "strategic_goal")
    assert by_goal.loc["Osallisuus", "projects"] == 2


def test_totals_are_euros_even_from_whole_numbers():
    whole = project_table(PROJECTS.astype({"total_funding": "int64"}), 2024)
    totals = totals_by(whole, "funder")
    for column in ("total_funding", "city_share_eur", "external_eur"):
        assert totals[column].dtype == "float64", column
    assert totals.loc["OPH", "total_funding"] == 18_571
    assert totals["projects"].dtype == "int64"


@pytest.mark.pipeline
def test_project_totals_of_the_embedded_data():
    _, tables = build_processed(RAW, "heinola", "2024-06-30")
    details = project_table(tables["projects"], 2024)
    by_funder = totals_by(details, "funder")
    okm = [20_000, 26_300, 101_250, 310_000, 262_500, 147_388, 50_000, 42_368.7]
    assert by_funder.loc["OKM", "total_funding"] == pytest.approx(sum(okm))
    okm_city = 101_250 * 0.2 + 310_000 * 0.2 + 262_500 * 0.2 + 147_388 * 0.05 + 50_000 * 0.3
    okm_city += 42_368.7 * 0.3
    assert by_funder.loc["OKM", "city_share_eur"] == pytest.approx(okm_city)
    assert by_funder.loc["OKM", "external_eur"] == pytest.approx(sum(okm) - okm_city)
    assert int(details["ends_this_year"].sum()) == 13
