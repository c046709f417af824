"""The Yhteenveto bullets (``helpers.report.summary_points``), one function at a time, on small
SYNTHETIC datasets whose expected texts are worked out by hand; the embedded period's bullets
are checked against the source document in test_report_summary.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from report_data import plain

from helpers.report import summary_points as sp
from helpers.report.goals import COUNCIL, STRATEGIC
from helpers.report.model import ReportData

PERIOD = dt.date(2024, 6, 30)
NAN = float("nan")


def data_with(heinola, **tables: pd.DataFrame) -> ReportData:
    return ReportData(heinola, PERIOD, tables)


def texts(points: tuple[str, ...]) -> list[str]:
    return [plain(p) for p in points]


# --- small helpers ----------------------------------------------------------------------


def test_euros_print_the_amount_without_its_sign():
    assert plain(sp.euros(-1_234_567.4)) == "1 234 567 €"
    assert plain(sp.euros(90_000.0)) == "90 000 €"


@pytest.mark.parametrize(
    ("reason", "clause"),
    [
        ("Järjestöavustukset: maksetaan syksyllä. Ei varauduttu.", "Järjestöavustukset"),
        # As the embedded adjustment reads: the colon comes before the first full stop.
        (
            "Vuosiavustukset: päätös on oikeusprosessissa (n. 90 000 €). Ei varauduttu.",
            "Vuosiavustukset",
        ),
        ("Hanke päättyy: 31.12. kuluja vielä", "Hanke päättyy"),
        ("Palkankorotukset.", "Palkankorotukset"),
        # A full stop after an abbreviation or a date does not end the clause.
        ("Avustus n. 90 000 €. Ei varauduttu.", "Avustus n. 90 000 €"),
        ("Muutokset esim. Rainion päiväkoti. Muuta", "Muutokset esim. Rainion päiväkoti"),
        ("Siirto 1.8. Tommola-taloon. Kulut", "Siirto 1.8. Tommola-taloon"),
        ("Palkankorotukset", "Palkankorotukset"),
    ],
)
def test_first_clause_stops_at_the_first_colon_else_the_first_full_stop(reason, clause):
    assert sp.first_clause(reason) == clause


# --- forecast deviations: which bullet a line lands in ------------------------------------


def forecast_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["unit", "line", "budget", "deviation_eur", "interval_side", "method"]
    )


def test_a_cost_line_over_budget_is_unfavourable_and_under_budget_favourable(heinola):
    frame = forecast_frame(
        [
            # Costs −1 000 forecast at −1 200: 200 € (20,0 %) more cost.
            ("Varhaiskasvatus", "Henkilöstökulut", -1000.0, -200.0, "epäsuotuisa", "profile"),
            # Costs −2 000 forecast at −1 500: 500 € (25,0 %) less cost.
            ("Varhaiskasvatus", "Palvelujen ostot", -2000.0, 500.0, "suotuisa", "profile"),
        ]
    )
    data = data_with(heinola, forecast=frame)
    assert texts(sp.unfavourable_deviations(data)) == [
        "Varhaiskasvatus, Henkilöstökulut: menot ylittävät talousarvion 200 € (20,0 %, epäsuotuisa)"
    ]
    assert texts(sp.favourable_deviations(data)) == [
        "Varhaiskasvatus, Palvelujen ostot: menot alittavat talousarvion 500 € (25,0 %, suotuisa)"
    ]


def test_only_the_three_largest_deviations_in_euros_are_listed(heinola):
    # Four favourable lines of 100, 400, 300 and 200 €; the unit label maps to its name.
    frame = forecast_frame(
        [
            ("Virkkeellinen elämä", f"Rivi {i}", -10_000.0, amount, "suotuisa", "profile")
            for i, amount in enumerate((100.0, 400.0, 300.0, 200.0))
        ]
    )
    found = texts(sp.favourable_deviations(data_with(heinola, forecast=frame)))
    assert [t.split(":")[0] for t in found] == [
        "Virikkeellinen elämä, Rivi 1",
        "Virikkeellinen elämä, Rivi 2",
        "Virikkeellinen elämä, Rivi 3",
    ]
    assert sp.TOP_DEVIATIONS == 3


def test_no_forecast_no_deviation_bullets(heinola):
    data = data_with(heinola)
    assert sp.favourable_deviations(data) == ()
    assert sp.unfavourable_deviations(data) == ()


# --- known but not budgeted ---------------------------------------------------------------


def test_known_items_say_whether_they_add_cost_or_income(heinola):
    adjustments = pd.DataFrame(
        {
            "unit": ["Virkkeellinen elämä", "Varhaiskasvatus"],
            "line": ["Avustukset", "Tuet ja avustukset"],
            "amount": [-90_000.0, 25_000.0],
            "reason": [
                "Järjestöavustukset maksetaan. Tähän ei ole varauduttu.",
                "Valtionavustus: myönnetty 5/2024",
            ],
        }
    )
    found = texts(sp.known_unbudgeted(data_with(heinola, forecast_adjustments=adjustments)))
    assert found == [
        "Virikkeellinen elämä, Avustukset: 90 000 € lisämenoa, sisältyy ennusteeseen "
        "(Järjestöavustukset maksetaan)",
        "Varhaiskasvatus, Tuet ja avustukset: 25 000 € lisätuloa, sisältyy ennusteeseen "
        "(Valtionavustus)",
    ]
    assert sp.known_unbudgeted(data_with(heinola)) == ()


# --- management's estimate against the model --------------------------------------------


def test_a_missing_disagreement_flag_is_not_a_disagreement(heinola):
    comparison = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus", "Varhaiskasvatus"],
            "line": ["Toimintakate", "Henkilöstökulut"],
            "model_forecast": [-100_000.0, -50_000.0],
            "model_direction": ["suotuisa", "epäsuotuisa"],
            "management_amount": [-130_000.0, NAN],
            "management_direction": ["epäsuotuisa", ""],
            "difference_eur": [-30_000.0, NAN],
            "threshold_eur": [10_000.0, NAN],
            "disagreement": [True, None],
        }
    )
    found = texts(sp.disagreements(data_with(heinola, forecast_management=comparison)))
    # |−30 000| = 30 000 > 10 000: flagged; the row without a flag is left out.
    assert found == [
        "Varhaiskasvatus, Toimintakate: malli 100 000 € (suotuisa), johdon arvio 130 000 €, "
        "ero 30 000 € (kynnys 10 000 €)"
    ]
    assert sp.disagreements(data_with(heinola)) == ()


# --- goals --------------------------------------------------------------------------------


def goal_rows(level: str, rows) -> pd.DataFrame:
    return pd.DataFrame([{"level": level, "goal": g, "metric": m, "status": s} for g, m, s in rows])


def test_goal_counts_count_every_status_and_leave_out_empty_form_rows(heinola):
    statuses = pd.concat(
        [
            goal_rows(
                COUNCIL,
                [
                    ("Tavoite 1", "Mittari 1", "Toteutuu"),
                    ("Tavoite 2", "Mittari 2", "Toteutuu"),
                    ("Tavoite 3", "", "Ei toteudu"),  # a goal without a metric still counts
                    (None, None, "Ei tietoa"),  # the form's empty row: not a goal
                    ("  ", "", "Ei tietoa"),  # blanks only: not a goal either
                ],
            ),
            goal_rows(STRATEGIC, [("", "Mittari A", "Toteutuu osittain")]),
        ],
        ignore_index=True,
    )
    data = data_with(heinola, goal_statuses=statuses)
    assert sp.goal_counts(data, COUNCIL) == (
        "3 tavoitetta: toteutuu 2, toteutuu osittain 0, ei toteudu 1, ei tietoa 0 "
        "(tyhjiä lomakerivejä 2 ei laskettu)",
    )
    # Strategic measures are counted as "mittaria"; no empty rows, no note.
    assert sp.goal_counts(data, STRATEGIC) == (
        "1 mittaria: toteutuu 0, toteutuu osittain 1, ei toteudu 0, ei tietoa 0",
    )


def test_a_single_empty_form_row_is_noted_too(heinola):
    statuses = goal_rows(COUNCIL, [("Tavoite", "Mittari", "Toteutuu"), ("", None, "Ei tietoa")])
    assert sp.goal_counts(data_with(heinola, goal_statuses=statuses), COUNCIL) == (
        "1 tavoitetta: toteutuu 1, toteutuu osittain 0, ei toteudu 0, ei tietoa 0 "
        "(tyhjiä lomakerivejä 1 ei laskettu)",
    )


def test_a_level_without_rows_has_no_goal_bullet(heinola):
    statuses = goal_rows(COUNCIL, [("Tavoite", "Mittari", "Toteutuu")])
    assert sp.goal_counts(data_with(heinola, goal_statuses=statuses), STRATEGIC) == ()
    assert sp.goal_counts(data_with(heinola), COUNCIL) == ()


# --- survey targets -----------------------------------------------------------------------


def survey_rows(measure: str, suppressed: bool, references) -> list[dict]:
    return [
        {
            "survey": "Kysely",
            "measure": measure,
            "count": 30,
            "respondents": 120,
            "share_pct": 25.0,
            "ci_low": 18.1,
            "ci_high": 33.44,
            "suppressed": suppressed,
            "reference_type": kind,
            "reference_value": value,
            "judgement": judgement,
        }
        for kind, value, judgement in references
    ]


def test_a_survey_target_lists_the_share_its_interval_and_every_reference(heinola):
    shares = pd.DataFrame(
        survey_rows(
            "vastaajista liikkuu vähän",
            False,
            [("tavoite alle", 20.0, "ei toteudu"), ("lähtötaso 2023", 27.0, "parempi")],
        )
        # Only a baseline, no target: no bullet.
        + survey_rows("vastaajista harrastaa", False, [("lähtötaso 2023", 60.0, "sama")])
        # Suppressed (fewer than five in a cell): no bullet, though it has a target.
        + survey_rows("vastaajista ei vastannut", True, [("tavoite yli", 50.0, "")])
    )
    found = texts(sp.survey_targets(data_with(heinola, survey_shares=shares)))
    # 30/120 = 25,0 %; the interval's upper end 33,44 prints with one decimal, 33,4 %.
    assert found == [
        "Kysely: 25,0 % vastaajista liikkuu vähän (30/120, 95 %:n luottamusväli 18,1–33,4 %); "
        "tavoite alle 20 %: ei toteudu; lähtötaso 2023 27 %: parempi"
    ]
    assert sp.survey_targets(data_with(heinola)) == ()


# --- investments --------------------------------------------------------------------------


def investment_lines(budget: float, actual: float) -> pd.DataFrame:
    # The export prints the net line last; it is the total the bullet reads.
    return pd.DataFrame(
        {
            "line": ["Menot", "Netto"],
            "budget": [budget, budget],
            "actual": [actual, actual],
        }
    )


def realisation(elapsed: float) -> pd.DataFrame:
    return pd.DataFrame({"unit": ["x"], "elapsed_pct": [elapsed]})


def test_investments_behind_the_year_say_what_the_rest_of_the_year_carries(heinola):
    # −50 000 of −200 000 is 25,0 % used, 150 000 € left; half the year gone.
    data = data_with(
        heinola,
        investments=investment_lines(-200_000.0, -50_000.0),
        budget_realisation=realisation(50.0),
    )
    (text,) = texts(sp.investments(data))
    assert text == (
        "toteutunut 50 000 € eli 25,0 % talousarviosta (200 000 €); käyttämättä 150 000 €, "
        "vaikka vuodesta on kulunut 50 %: 75,0 % määrärahasta käytetään loppuvuonna tai se "
        "jää käyttämättä"
    )


def test_investments_exactly_at_the_pace_of_the_year_add_no_warning(heinola):
    # −100 000 of −200 000 is 50,0 %: not behind the 50 % of the year elapsed.
    at_pace = data_with(
        heinola,
        investments=investment_lines(-200_000.0, -100_000.0),
        budget_realisation=realisation(50.0),
    )
    assert texts(sp.investments(at_pace)) == [
        "toteutunut 100 000 € eli 50,0 % talousarviosta (200 000 €); käyttämättä 100 000 €"
    ]
    # Without the budget realisation the elapsed share is unknown: no warning either.
    unknown = data_with(heinola, investments=investment_lines(-200_000.0, -50_000.0))
    assert "vaikka" not in texts(sp.investments(unknown))[0]


def test_investment_items_are_summed_per_state_in_first_seen_order(heinola):
    items = pd.DataFrame(
        {
            "item": ["Koulu", "Päiväkoti", "Kalusteet"],
            "state": ["aloitettu", "siirtyy", "aloitettu"],
            "reserved": [50_000.0, 20_000.0, 7_500.0],
        }
    )
    data = data_with(
        heinola, investments=investment_lines(-100_000.0, -60_000.0), investment_items=items
    )
    assert texts(sp.investments(data))[1] == (
        "kohteet: aloitettu 57 500 € (Koulu, Kalusteet); siirtyy 20 000 € (Päiväkoti)"
    )
    assert sp.investments(data_with(heinola)) == ()


# --- risks --------------------------------------------------------------------------------


def test_fewer_risks_than_the_cut_are_all_shown_and_equal_scores_keep_their_order(heinola):
    one = pd.DataFrame({"risk": ["Ainoa"], "probability": [1], "significance": [3]})
    assert sp.top_risks(data_with(heinola, risks=one)) == (
        "Ainoa (todennäköisyys 1 × merkittävyys 3 = 3)",
    )
    # Three risks of score 2 (2 × 1, 1 × 2, 2 × 1): all tie at the cut, in their order.
    tied = pd.DataFrame(
        {"risk": ["X", "Y", "Z"], "probability": [2, 1, 2], "significance": [1, 2, 1]}
    )
    assert [t.split(" ")[0] for t in sp.top_risks(data_with(heinola, risks=tied))] == [
        "X",
        "Y",
        "Z",
    ]
    assert sp.top_risks(data_with(heinola)) == ()


# --- projects -----------------------------------------------------------------------------


def test_a_project_exactly_at_its_funding_is_not_overspent(heinola):
    projects = pd.DataFrame(
        {
            "project": ["Täsmälleen", "Vähän yli", "Paljon yli", "Alle", "Ei lukua"],
            # 100,0 % is all of the funding, not more; 100,1 % is more.
            "spending_pct": [100.0, 100.1, 149.3, 70.4, None],
        }
    )
    found = texts(sp.overspent_projects(data_with(heinola, project_details=projects)))
    assert found == ["Paljon yli 149,3 %", "Vähän yli 100,1 %"]
    assert sp.overspent_projects(data_with(heinola)) == ()


def test_a_project_just_over_its_funding_does_not_print_as_exactly_full(heinola):
    # 100,04 % rounds to "100,0 %" at one decimal, which reads as not overspent: two decimals.
    projects = pd.DataFrame({"project": ["Niukasti yli"], "spending_pct": [100.04]})
    found = texts(sp.overspent_projects(data_with(heinola, project_details=projects)))
    assert found == ["Niukasti yli 100,04 %"]
