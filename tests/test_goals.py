"""Goal statuses (the latest printed status wins), counts per level and service area,
realisation texts side by side, and the risk matrix."""

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.goals import (
    NO_STATUS,
    NO_UNIT,
    defined_goals,
    latest_status,
    realisations_side_by_side,
    risk_matrix,
    status_counts,
    template_rows,
)

GOALS = pd.DataFrame(
    {
        "goal_id": ["SM01", "KS01", "KS02", "KS03", "KS04"],
        "level": ["Strateginen mittari"] + ["Käyttösuunnitelma"] * 4,
        "unit_code": [pd.NA, "OPKOUL", "VAKA", "OPKOU", "HYTE"],
        "strategic_goal": ["Hyvinvoinnin kasvu"] * 5,
        "goal": ["Hyvinvointi lisääntyy", "Digiagentit", "Kasvun tuki", "Oppimisen tuki", "Liike"],
        "metric": ["Hyvinvointi-indeksi", "Koulutetut", "Ryhmät", "Tukitunnit", "Kävijät"],
    }
)
MARCH, JUNE = pd.Timestamp("2024-03-31"), pd.Timestamp("2024-06-30")


def realisations(rows):
    return pd.DataFrame(rows, columns=["goal_id", "date", "realisation", "status"])


# The June report is listed first on purpose: the date decides, not the order of the rows.
REALISATIONS = realisations(
    [
        ("KS01", JUNE, "20 digiagenttia koulutettu", "Toteutuu"),
        ("KS01", MARCH, "koulutus alkanut", "Toteutuu osittain"),
        ("KS02", MARCH, "ryhmät koottu", "Ei toteudu"),
        ("KS02", JUNE, "ei uutta tietoa", pd.NA),  # no status in June: March's stands
        ("SM01", JUNE, "indeksi päivittyy syksyllä", "Ei tietoa"),
        ("KS04", MARCH, pd.NA, "Toteutuu osittain"),  # a status without a text still counts
    ]
)


def test_the_latest_status_wins():
    statuses = latest_status(GOALS, REALISATIONS).set_index("goal_id")["status"]
    assert statuses.to_dict() == {
        "SM01": "Ei tietoa",
        "KS01": "Toteutuu",  # June's status, not March's "Toteutuu osittain"
        "KS02": "Ei toteudu",
        "KS03": NO_STATUS,  # nothing reported yet
        "KS04": "Toteutuu osittain",
    }
    assert NO_STATUS == "Ei tietoa"
    assert list(latest_status(GOALS, REALISATIONS)["goal"]) == list(GOALS["goal"])
    assert "status" not in GOALS  # the input is not modified


def test_status_counts_per_level():
    counts = status_counts(latest_status(GOALS, REALISATIONS), "level")
    assert list(counts.columns) == [
        "Toteutuu",
        "Toteutuu osittain",
        "Ei toteudu",
        "Ei tietoa",
        "Yhteensä",
    ]
    assert counts.loc["Käyttösuunnitelma"].tolist() == [1, 1, 1, 1, 4]
    assert counts.loc["Strateginen mittari"].tolist() == [0, 0, 0, 1, 1]


def test_status_counts_per_service_area_follow_codes_and_aliases(heinola):
    counts = status_counts(latest_status(GOALS, REALISATIONS), "unit", heinola)
    # OPKOU and OPKOUL are the same service area; a goal without a code has its own row.
    assert counts.loc["Opetus- ja koulutuspalvelut"].tolist() == [1, 0, 0, 1, 2]
    assert counts.loc["Varhaiskasvatus"].tolist() == [0, 0, 1, 0, 1]
    assert counts.loc[NO_UNIT].tolist() == [0, 0, 0, 1, 1]
    assert counts.loc["Hyvinvoinnin ja terveyden edistäminen"].tolist() == [0, 1, 0, 0, 1]
    assert NO_UNIT == "Palvelualue ei määritelty"
    # Without a config no code can be resolved.
    assert status_counts(latest_status(GOALS, REALISATIONS), "unit").index.tolist() == [NO_UNIT]


def test_realisations_side_by_side():
    side = realisations_side_by_side(GOALS, REALISATIONS).set_index("goal_id")
    assert list(side.columns) == [
        "level",
        "unit_code",
        "strategic_goal",
        "goal",
        "metric",
        "status",
        "Toteuma 31.3.",
        "Toteuma 30.6.",
    ]
    assert side.loc["KS01", "Toteuma 31.3."] == "koulutus alkanut"
    assert side.loc["KS01", "Toteuma 30.6."] == "20 digiagenttia koulutettu"
    assert side.loc["KS01", "status"] == "Toteutuu"
    assert pd.isna(side.loc["SM01", "Toteuma 31.3."])
    assert pd.isna(side.loc["KS03", "Toteuma 30.6."]) and side.loc["KS03", "status"] == "Ei tietoa"


def test_risk_matrix_of_the_printed_risks():
    # Printed (probability, significance): (1, 1), (2, 1), (2, 2), (2, 1), (3, 1).
    risks = pd.DataFrame({"probability": [1, 2, 2, 2, 3], "significance": [1, 1, 2, 1, 1]})
    matrix = risk_matrix(risks)
    assert list(matrix.index) == [3, 2, 1]  # the most significant row first
    assert list(matrix.columns) == [1, 2, 3]
    assert matrix.to_numpy().tolist() == [[0, 0, 0], [0, 1, 0], [1, 2, 1]]


def test_risk_matrix_grows_to_the_largest_level():
    risks = pd.DataFrame({"probability": [1, 4], "significance": [5, 2]})
    matrix = risk_matrix(risks)
    assert list(matrix.index) == [5, 4, 3, 2, 1] and list(matrix.columns) == [1, 2, 3, 4, 5]
    assert matrix.loc[5, 1] == 1 and matrix.loc[2, 4] == 1 and int(matrix.to_numpy().sum()) == 2
    # The probability alone may be the largest level.
    wide = risk_matrix(pd.DataFrame({"probability": [5, 1], "significance": [1, 4]}))
    assert list(wide.index) == [5, 4, 3, 2, 1] and list(wide.columns) == [1, 2, 3, 4, 5]
    assert wide.loc[1, 5] == 1 and wide.loc[4, 1] == 1


@pytest.mark.pipeline
def test_goal_statuses_of_the_embedded_data(heinola):
    _, tables = build_processed(RAW, "heinola", "2024-06-30")
    statuses = latest_status(tables["goals"], tables["goal_realisations"])
    totals = statuses.groupby(["level", "status"]).size()
    assert totals[("Valtuuston sitovuustaso", "Toteutuu")] == 3
    assert totals[("Valtuuston sitovuustaso", "Toteutuu osittain")] == 1
    assert totals[("Käyttösuunnitelma", "Toteutuu")] == 7
    plan = statuses[statuses["level"] == "Käyttösuunnitelma"]
    by_unit = status_counts(plan, "unit", heinola)
    assert by_unit.loc["Opetus- ja koulutuspalvelut", "Yhteensä"] == 4
    assert by_unit.loc["Varhaiskasvatus", "Toteutuu"] == 2
    side = realisations_side_by_side(tables["goals"], tables["goal_realisations"])
    vire = side[side["unit_code"] == "VIRE"].iloc[0]
    assert "146 ei harrasta" in vire["Toteuma 30.6."]
    matrix = risk_matrix(tables["risks"])
    assert matrix.loc[1, 2] == 2 and matrix.loc[2, 2] == 1 and matrix.loc[1, 3] == 1


def test_form_rows_without_goal_and_metric_are_templates_not_goals():
    # Blank is missing, empty or only spaces; a row with either a goal or a metric is a goal.
    goals = pd.DataFrame(
        {
            "goal": [None, "", "  ", "Lukutaito paranee", None, "Harrastus"],
            "metric": [None, " ", "", None, "Osuus, %", "Osuus, %"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    assert list(template_rows(goals).index) == [10, 11, 12]
    assert list(defined_goals(goals).index) == [13, 14, 15]
    assert defined_goals(goals.loc[[13]]).equals(goals.loc[[13]])


def test_a_status_no_goal_has_is_counted_as_zero():
    # Only Toteutuu is printed: the other three statuses are columns of zeros, not gaps.
    only = GOALS.assign(status="Toteutuu")
    counts = status_counts(only, "level")
    assert counts.loc["Käyttösuunnitelma"].to_dict() == {
        "Toteutuu": 4,
        "Toteutuu osittain": 0,
        "Ei toteudu": 0,
        "Ei tietoa": 0,
        "Yhteensä": 4,
    }
