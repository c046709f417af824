"""Indicators against values computed by hand from the source report's printed numbers.

The first tests build their inputs from a few printed rows; the last ones (marked ``pipeline``)
run on every processed table of the embedded data.
"""

import math

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.indicators import (
    budget_realisation,
    explain_gap,
    forecast_net_costs,
    hyte_coefficient,
    indicator_tables,
    key_figure_reconciliation,
    latest_population,
    occupancy_summary,
    per_capita_costs,
    statement_net_costs,
    year_elapsed_percent,
)

DEPARTMENT = "Hyvinvointilautakunnan toimiala"
HYTE = "Hyvinvoinnin ja terveyden edistäminen"
POPULATION = 17_953  # 31.12.2023, the latest known at 30.6.2024
MEASURES = (("tp", 2023, 12), ("tot_prior", 2023, None), ("ta", 2024, 12), ("tot", 2024, None))


def statement(rows, months=6):
    """A tidy statement from printed rows: unit, line, TP, TOT last year, TA, TOT this year."""
    records = [
        (unit, line, measure, year, size or months, float(amount))
        for unit, line, *amounts in rows
        for (measure, year, size), amount in zip(MEASURES, amounts, strict=True)
    ]
    return pd.DataFrame(records, columns=["unit", "line", "measure", "year", "months", "amount"])


# Printed: TP 2023, TOT 2023 6 kk, TA 2024 +muutos, TOT 2024 6 kk.
PRINTED = [
    (DEPARTMENT, "Toimintakate", -30_263_140, -15_822_824, -29_922_850, -15_134_455),
    (DEPARTMENT, "Toimintatuotot", 3_015_961, 1_445_332, 2_688_600, 1_196_238),
    (HYTE, "Myyntituotot", 35_854, 6_584, 35_000, 111_668),
    (HYTE, "Toimintakate", -508_626, -306_484, -558_300, -274_886),
    ("Varhaiskasvatus", "Myyntituotot", 141_482, 56_962, 0, 13_280),
]


def test_year_elapsed():
    assert year_elapsed_percent(6) == 50
    assert year_elapsed_percent(3) == 25
    assert year_elapsed_percent(12) == 100


def test_budget_realisation_keeps_budget_and_actual_apart():
    table = budget_realisation(statement(PRINTED)).set_index(["unit", "line"])
    row = table.loc[(DEPARTMENT, "Toimintakate")]
    assert row["budget"] == -29_922_850  # TA 2024 +muutos
    assert row["actual"] == -15_134_455  # TOT 2024 6 kk
    assert row["prior_year"] == -30_263_140  # TP 2023
    assert row["prior_actual"] == -15_822_824  # TOT 2023 6 kk
    assert row["remaining"] == -14_788_395  # printed Jäljellä
    assert round(row["realisation_pct"], 2) == 50.58  # printed TOT-24 %
    assert row["elapsed_pct"] == 50
    assert row["pace_deviation_points"] == pytest.approx(15_134_455 / 29_922_850 * 100 - 50)
    assert row["change_eur"] == 688_369  # net cost 688 369 € smaller than a year ago
    # The net cost fell: +4,35 %, the same sign as the euros.
    assert row["change_pct"] == pytest.approx(688_369 / 15_822_824 * 100)
    assert not row["ahead_of_pace"]
    income = table.loc[(DEPARTMENT, "Toimintatuotot")]
    assert (income["budget"], income["actual"], income["remaining"]) == (
        2_688_600,
        1_196_238,
        1_492_362,
    )
    assert round(income["realisation_pct"], 2) == 44.49
    # HYTE sales are 319,05 % of budget at mid-year: far ahead of the pace and flagged.
    sales = table.loc[(HYTE, "Myyntituotot")]
    assert round(sales["realisation_pct"], 2) == 319.05 and sales["ahead_of_pace"]
    assert sales["change_eur"] == 111_668 - 6_584
    # No budget: the realisation is undefined and never "ahead".
    unbudgeted = table.loc[("Varhaiskasvatus", "Myyntituotot")]
    assert math.isnan(unbudgeted["realisation_pct"]) and not unbudgeted["ahead_of_pace"]


def test_budget_realisation_keeps_the_order_of_the_statement():
    # Units and lines in print order, which is not alphabetical.
    rows = [
        (DEPARTMENT, "Toimintatuotot", 0, 0, 1, 1),
        (DEPARTMENT, "Henkilöstökulut", 0, 0, -1, -1),
        ("Varhaiskasvatus", "Myyntituotot", 0, 0, 1, 1),
        ("Varhaiskasvatus", "Avustukset", 0, 0, -1, -1),
    ]
    table = budget_realisation(statement(rows))
    assert list(zip(table["unit"], table["line"], strict=True)) == [(u, ln) for u, ln, *_ in rows]


def test_the_change_in_percent_has_the_sign_of_the_change_in_euros():
    # Costs growing from -100 to -110 are -10 € and -10 %; income from 100 to 110 is +10 %.
    table = budget_realisation(
        statement(
            [
                ("V", "Henkilöstökulut", 0, -100, -300, -110),
                ("V", "Maksutuotot", 0, 100, 300, 110),
                ("V", "Avustukset", 0, 0, -300, -110),  # nothing last year: undefined
            ]
        )
    )
    assert table["change_eur"].tolist() == [-10, 10, -110]
    assert table["change_pct"].tolist()[:2] == pytest.approx([-10.0, 10.0])
    assert math.isnan(table.loc[2, "change_pct"])


@pytest.mark.parametrize(
    ("actual", "months", "ahead"),
    [
        (549, 6, False),  # 54,9 % at mid-year: 4,9 points ahead
        (551, 6, True),  # 55,1 %
        (301, 3, True),  # 30,1 % at the end of March (25 % elapsed)
        (299, 3, False),
    ],
)
def test_ahead_of_pace_is_more_than_five_points_ahead_of_the_year(actual, months, ahead):
    table = budget_realisation(statement([("V", "Maksutuotot", 0, 0, 1_000, actual)], months))
    assert table.loc[0, "elapsed_pct"] == months / 12 * 100
    assert bool(table.loc[0, "ahead_of_pace"]) is ahead


def test_a_custom_pace_threshold():
    rows = [("V", "Maksutuotot", 0, 0, 1_000, 520)]  # 2 points ahead at mid-year
    assert budget_realisation(statement(rows), threshold_points=1.5).loc[0, "ahead_of_pace"]
    assert not budget_realisation(statement(rows)).loc[0, "ahead_of_pace"]
    # Exactly on the pace (500 of 1 000 at mid-year) is not ahead of it, even at threshold 0.
    on_pace = [("V", "Maksutuotot", 0, 0, 1_000, 500)]
    assert not budget_realisation(statement(on_pace), threshold_points=0).loc[0, "ahead_of_pace"]


def test_latest_population_known_at_the_period_end():
    population = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-12-31", "2022-12-31"]),
            "population": [17_953, 18_101],
        }
    )
    assert latest_population(population) == (17_953, pd.Timestamp("2023-12-31"))
    with pytest.raises(ValueError, match="^no population known at the period end$"):
        latest_population(population.iloc[:0])


def test_net_costs_and_per_capita_costs():
    net = statement_net_costs(statement(PRINTED), "Toimintakate")
    assert net.to_dict("records") == [
        {"unit": DEPARTMENT, "basis": "TP 2023", "net_cost": 30_263_140},
        {"unit": DEPARTMENT, "basis": "TA 2024", "net_cost": 29_922_850},
        {"unit": HYTE, "basis": "TP 2023", "net_cost": 508_626},
        {"unit": HYTE, "basis": "TA 2024", "net_cost": 558_300},
    ]
    per_capita = per_capita_costs(net, POPULATION)
    assert (per_capita["population"] == POPULATION).all()
    assert per_capita["eur_per_resident"].tolist() == pytest.approx(
        [30_263_140 / 17_953, 29_922_850 / 17_953, 508_626 / 17_953, 558_300 / 17_953]
    )
    assert "eur_per_resident" not in net  # the input is not modified


def test_forecast_net_costs():
    forecast = pd.DataFrame(
        {
            "unit": [DEPARTMENT, DEPARTMENT],
            "line": ["Toimintatuotot", "Toimintakate"],
            "forecast": [2_500_000.0, -29_047_806.0],
        }
    )
    assert forecast_net_costs(forecast, 2024, "Toimintakate").to_dict("records") == [
        {"unit": DEPARTMENT, "basis": "Ennuste 2024", "net_cost": 29_047_806}
    ]


def key_figures(rows):
    return pd.DataFrame(rows, columns=["figure", "unit_of_measure", "year", "value_type", "value"])


def test_key_figure_reconciliation(heinola):
    per_capita = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus", "Opetus- ja koulutuspalvelut", "Varhaiskasvatus"],
            "basis": ["TA 2024", "TA 2024", "TP 2023"],
            "eur_per_resident": [7_913_900 / 17_953, 17_056_250 / 17_953, 7_895_640 / 17_953],
            "population": POPULATION,
        }
    )
    published = key_figures(
        [
            ("Varhaiskasvatus", "€/asukas", 2024, "Tavoite", 441.0),
            ("Varhaiskasvatus", "€/lapsi", 2024, "Tavoite", 12_637.0),  # not per resident
            ("Perusopetus", "€/asukas", 2024, "Tavoite", 779.0),
            ("Lukiokoulutus", "€/asukas", 2024, "Tavoite", 130.0),
            ("Musiikkiopisto", "€/asukas", 2024, "Tavoite", 32.0),
            ("Varhaiskasvatus", "€/asukas", 2023, "Ennuste", 439.0),
            ("HYTE-kerroin", "€/asukas", 2024, "Tavoite", 20.6),  # no unit of its own
        ]
    )
    table = key_figure_reconciliation(per_capita, published, heinola).set_index(["unit", "year"])
    assert list(table.index) == [  # in the order published
        ("Varhaiskasvatus", 2024),
        ("Opetus- ja koulutuspalvelut", 2024),
        ("Varhaiskasvatus", 2023),
    ]
    vaka = table.loc[("Varhaiskasvatus", 2024)]
    assert (vaka["published_as"], vaka["basis"], vaka["figures"]) == (
        "Tavoite",
        "TA 2024",
        "Varhaiskasvatus",
    )
    assert vaka["published"] == 441 and vaka["recomputed"] == pytest.approx(440.81, abs=0.005)
    assert vaka["difference"] == pytest.approx(441 - 7_913_900 / 17_953)
    assert vaka["explanation"] == "ero pyöristystä"
    # OPKOU: Perusopetus + Lukio + Musiikkiopisto = 941 €; TA 17 056 250 € is 950,04 €/asukas.
    opkou = table.loc[("Opetus- ja koulutuspalvelut", 2024)]
    assert opkou["published"] == 941
    assert opkou["figures"] == "Perusopetus, Lukiokoulutus, Musiikkiopisto"
    # 17 056 250 / 17 953 = 950,05 €/as: 9,05 €/as × 17 953 = 162 477 € more than published;
    # 941 €/as would mean 17 056 250 / 941 = 18 126 residents. A target: nothing explains it.
    assert opkou["explanation"].replace("\u00a0", " ") == (
        "julkaistu luku on osien summa: Perusopetus, Lukiokoulutus, Musiikkiopisto; "
        "laskettu on 9,05 €/as (162 477 €) suurempi kuin julkaistu; julkaistu luku vastaisi "
        "18 126 asukasta; ero ei selity pyöristyksellä eikä aineistolla: selittämätön"
    )
    # A forecast for 2023 is compared with TP 2023 (7 895 640 €: 439,79 €/asukas).
    forecast = table.loc[("Varhaiskasvatus", 2023)]
    assert forecast["basis"] == "TP 2023" and forecast["published_as"] == "Ennuste"
    assert forecast["explanation"] == (
        "julkaistu luku on ennuste, laskettu tilinpäätöksestä; ero pyöristystä"
    )


def test_a_difference_beyond_rounding_is_said_so(heinola):
    per_capita = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus"],
            "basis": ["TP 2022"],
            "eur_per_resident": [420.5],
            "population": [POPULATION],
        }
    )
    published = key_figures([("Varhaiskasvatus", "€/asukas", 2022, "Toteutuma", 421.74)])
    row = key_figure_reconciliation(per_capita, published, heinola).iloc[0]
    # 1,24 € > 1 €: 1,24 × 17 953 = 22 261,72 €; 420,5 × 17 953 / 421,74 = 17 900,2 residents.
    assert row["difference_eur"] == pytest.approx(1.24 * 17_953)
    assert row["explanation"].replace("\u00a0", " ") == (
        "laskettu on 1,24 €/as (22 262 €) pienempi kuin julkaistu; julkaistu luku vastaisi "
        "17 900 asukasta; ero ei selity pyöristyksellä eikä aineistolla: selittämätön"
    )
    assert key_figure_reconciliation(per_capita, published, heinola, tolerance=1.5).iloc[0][
        "explanation"
    ] == ("ero pyöristystä")
    # Exactly at the tolerance (1 €) is still rounding: 441 € published, 440 € recomputed.
    at_tolerance = key_figure_reconciliation(
        per_capita.assign(eur_per_resident=440.0),
        published.assign(value=441.0),
        heinola,
    ).iloc[0]
    assert at_tolerance["difference"] == 1.0
    assert at_tolerance["explanation"] == "ero pyöristystä"
    # A figure without a recomputed counterpart is left out; the others are still compared.
    other_year = key_figures([("Varhaiskasvatus", "€/asukas", 2021, "Toteutuma", 400.0)])
    assert key_figure_reconciliation(per_capita, other_year, heinola).empty
    both = key_figure_reconciliation(per_capita, pd.concat([other_year, published]), heinola)
    assert both["year"].tolist() == [2022]


def test_two_published_figures_of_one_unit_are_added_up(heinola):
    per_capita = pd.DataFrame(
        {
            "unit": ["Opetus- ja koulutuspalvelut"],
            "basis": ["TA 2024"],
            "eur_per_resident": [909.0],
            "population": [POPULATION],
        }
    )
    published = key_figures(
        [
            ("Perusopetus", "€/asukas", 2024, "Tavoite", 779.0),
            ("Lukiokoulutus", "€/asukas", 2024, "Tavoite", 130.0),
        ]
    )
    row = key_figure_reconciliation(per_capita, published, heinola).iloc[0]
    assert row["published"] == 909 and row["difference"] == 0
    assert row["explanation"] == (
        "julkaistu luku on osien summa: Perusopetus, Lukiokoulutus; ero pyöristystä"
    )


def hyte_inputs():
    other = pd.DataFrame(
        {
            "metric": ["HYTE-kerroin 2024"] * 3 + ["HYTE-kerroin 2023", "Muu"],
            "date": pd.to_datetime(
                ["2024-06-30", "2024-01-31", "2024-03-31", "2023-12-31", "2024-06-30"]
            ),
            "value": [20.3, 18.0, 19.0, 20.6, 99.0],
        }
    )
    figures = key_figures(
        [
            ("HYTE-kerroin", "€/oppilas", 2022, "Toteutuma", 169.53),
            ("HYTE-kerroin", "€/asukas", 2023, "Ennuste", 20.6),
            ("HYTE-kerroin", "€/asukas", 2024, "Tavoite", 20.6),
        ]
    )
    national = pd.DataFrame(
        {
            "metric": ["HYTE-kerroin", "HYTE-kerroin", "HYTE-kerroin", "Muu"],
            "year": [2023, 2021, 2022, 2024],
            "value": [18.23, 16.0, 17.0, 1.0],
            "source": ["THL 2023", "THL 2021", "THL 2022", "muu"],
        }
    )
    return other, figures, national


def test_hyte_coefficient_against_target_last_year_and_the_national_average():
    other, figures, national = hyte_inputs()
    table = hyte_coefficient(other, figures, national, POPULATION, 2024)
    assert list(table["comparison"]) == [
        "tavoite 2024",
        "ennuste 2023",
        "kuntien keskiarvo 2023",
    ]
    assert table["reference"].tolist() == [20.6, 20.6, 18.23]
    assert (table["value"] == 20.3).all()  # the latest report of 2024, not an earlier one
    assert table["difference"].tolist() == pytest.approx([-0.3, -0.3, 2.07])
    assert table["euro_effect"].tolist() == pytest.approx(
        [-0.3 * 17_953, -0.3 * 17_953, 2.07 * 17_953]
    )
    assert table["value_eur"].tolist() == pytest.approx([20.3 * 17_953] * 3)
    assert (table["population"] == POPULATION).all()


def test_hyte_coefficient_prefers_last_years_actual_and_needs_a_report():
    other, figures, national = hyte_inputs()
    figures = pd.concat(
        [figures, key_figures([("HYTE-kerroin", "€/asukas", 2023, "Toteutuma", 21.0)])]
    )
    table = hyte_coefficient(other, figures, national.iloc[:0], POPULATION, 2024)
    assert list(table["comparison"]) == ["tavoite 2024", "toteutuma 2023"]
    assert table["reference"].tolist() == [20.6, 21.0]
    assert hyte_coefficient(other, figures, national, POPULATION, 2025).empty


def test_occupancy_summary():
    rates = [79.47, 75.19, 80.29, 80.39, 79.6, 75.43]  # printed monthly rates 1–6/2024
    summary = occupancy_summary(pd.DataFrame({"occupancy_pct": rates}))
    assert summary == {
        "average_pct": pytest.approx(470.37 / 6),
        "min_pct": 75.19,
        "max_pct": 80.39,
        "months": 6,
    }


def small_period():
    """Every input table of a period, a few printed rows each."""
    other, figures, national = hyte_inputs()
    figures = pd.concat(
        [figures, key_figures([("Varhaiskasvatus", "€/asukas", 2024, "Tavoite", 441.0)])]
    )
    return {
        "income_statement": statement(
            [*PRINTED, ("Varhaiskasvatus", "Toimintakate", -7_895_640, 0, -7_913_900, 0)]
        ),
        "population": pd.DataFrame(
            {"date": pd.to_datetime(["2022-12-31", "2023-12-31"]), "population": [18_101, 17_953]}
        ),
        "key_figures": figures,
        "other_metrics": other,
        "national_references": national,
        "surveys": pd.DataFrame(
            {
                "survey": ["Harrastemallikysely"],
                "measure": ["ei harrasta"],
                "respondents": [660],
                "count": [146],
                "share_pct": [22.0],
                "reference_type": ["tavoite alle"],
                "reference_value": [18.0],
            }
        ),
        "goals": pd.DataFrame({"goal_id": ["KS01", "KS02"], "goal": ["a", "b"]}),
        "goal_realisations": pd.DataFrame(
            {
                "goal_id": ["KS01"],
                "date": [pd.Timestamp("2024-06-30")],
                "realisation": ["tehty"],
                "status": ["Toteutuu"],
            }
        ),
        "risks": pd.DataFrame({"probability": [1, 2], "significance": [1, 1]}),
        "occupancy": pd.DataFrame({"occupancy_pct": [79.47, 75.19]}),
        "projects": pd.DataFrame(
            {
                "strategic_goal": ["Hyvinvoinnin kasvu", "Osallisuus"],
                "project": ["Tasa-arvohanke", "Nuorten vuoro"],
                "duration": ["2023–2024", "2024–2025"],
                "total_funding": [101_250.0, 29_110.0],
                "funder": ["OKM", "AVI"],
                "city_share_pct": [20.0, 10.0],
                "spending_printed": ["126,8", "48,0"],
            }
        ),
    }


def test_indicator_tables_of_a_whole_period(heinola):
    out = indicator_tables(small_period(), heinola, 2024)
    assert set(out) == {
        "function_costs",
        "budget_realisation",
        "per_capita",
        "key_figure_reconciliation",
        "hyte",
        "survey_shares",
        "goal_statuses",
        "risk_matrix",
        "occupancy_summary",
        "project_details",
        "project_totals_by_funder",
        "project_totals_by_goal",
    }
    realisation = out["budget_realisation"].set_index(["unit", "line"])
    assert realisation.loc[(DEPARTMENT, "Toimintakate"), "remaining"] == -14_788_395
    # €/asukas with the latest population (17 953 at 31.12.2023, not 18 101 a year before).
    per_capita = out["per_capita"].set_index(["unit", "basis"])
    assert per_capita.loc[(DEPARTMENT, "TA 2024"), "eur_per_resident"] == pytest.approx(
        29_922_850 / 17_953
    )
    # Varhaiskasvatus has one function: all of its net cost (TP 7 895 640, TA 7 913 900).
    functions = out["function_costs"].set_index("basis")
    assert functions["net_cost"].to_dict() == {"TP 2023": 7_895_640, "TA 2024": 7_913_900}
    assert set(functions["function"]) == {"Varhaiskasvatus"}
    reconciliation = out["key_figure_reconciliation"].iloc[0]
    assert (reconciliation["unit"], reconciliation["published"]) == ("Varhaiskasvatus", 441)
    assert reconciliation["recomputed"] == pytest.approx(7_913_900 / 17_953)
    hyte = out["hyte"].set_index("comparison")
    assert list(hyte.index) == ["tavoite 2024", "ennuste 2023", "kuntien keskiarvo 2023"]
    assert hyte.loc["tavoite 2024", "euro_effect"] == pytest.approx(-0.3 * 17_953)
    shares = out["survey_shares"].iloc[0]
    assert (shares["count"], shares["judgement"]) == (146, "ei toteudu")
    statuses = out["goal_statuses"].set_index("goal_id")["status"]
    assert statuses.to_dict() == {"KS01": "Toteutuu", "KS02": "Ei tietoa"}
    risks = out["risk_matrix"]
    assert list(risks.columns) == ["significance", "probability", "risks"]
    assert (risks.dtypes == "int64").all() and len(risks) == 9
    cells = risks.set_index(["significance", "probability"])["risks"]
    assert cells[(1, 1)] == 1 and cells[(1, 2)] == 1 and cells[(3, 3)] == 0
    assert cells.sum() == 2
    occupancy = out["occupancy_summary"].iloc[0]
    assert occupancy["months"] == 2 and occupancy["min_pct"] == 75.19
    details = out["project_details"].set_index("project")
    assert details.loc["Tasa-arvohanke", "external_eur"] == pytest.approx(81_000)
    assert list(details["ends_this_year"]) == [True, False]
    funders = out["project_totals_by_funder"]
    assert list(funders.columns) == [
        "funder",
        "projects",
        "total_funding",
        "city_share_eur",
        "external_eur",
    ]
    assert funders.set_index("funder").loc["AVI", "external_eur"] == pytest.approx(26_199)
    goals = out["project_totals_by_goal"]
    assert goals["strategic_goal"].tolist() == ["Hyvinvoinnin kasvu", "Osallisuus"]
    assert goals["total_funding"].tolist() == [101_250, 29_110]


def test_indicator_tables_leave_out_what_the_inputs_do_not_allow(heinola):
    tables = small_period()
    # No national references: the HYTE coefficient is compared without the national average.
    del tables["national_references"]
    out = indicator_tables(tables, heinola, 2024)
    assert list(out["hyte"]["comparison"]) == ["tavoite 2024", "ennuste 2023"]
    # No key figures: neither the reconciliation nor the HYTE coefficient.
    del tables["key_figures"]
    out = indicator_tables(tables, heinola, 2024)
    assert "key_figure_reconciliation" not in out and "hyte" not in out
    assert "per_capita" in out
    # No population (or an empty one): nothing per resident, no HYTE coefficient.
    tables = small_period()
    tables["population"] = tables["population"].iloc[:0]
    out = indicator_tables(tables, heinola, 2024)
    assert not {"per_capita", "key_figure_reconciliation", "hyte"} & set(out)
    assert "budget_realisation" in out
    del tables["population"]
    assert "per_capita" not in indicator_tables(tables, heinola, 2024)
    # No other metrics: no HYTE coefficient, the rest as before.
    tables = small_period()
    del tables["other_metrics"]
    out = indicator_tables(tables, heinola, 2024)
    assert "hyte" not in out and "key_figure_reconciliation" in out
    # No statement (or an empty one), goals without realisations, an empty occupancy table.
    tables = small_period()
    tables["income_statement"] = tables["income_statement"].iloc[:0]
    del tables["goal_realisations"]
    tables["occupancy"] = tables["occupancy"].iloc[:0]
    out = indicator_tables(tables, heinola, 2024)
    assert not {"budget_realisation", "per_capita", "key_figure_reconciliation"} & set(out)
    assert "goal_statuses" not in out and "occupancy_summary" not in out
    assert {"hyte", "survey_shares", "risk_matrix", "project_details"} <= set(out)
    del tables["income_statement"]
    del tables["goals"]
    del tables["occupancy"]
    out = indicator_tables(tables, heinola, 2024)
    assert "budget_realisation" not in out and "goal_statuses" not in out
    # Goals alone give their statuses.
    goals_only = {name: small_period()[name] for name in ("goals", "goal_realisations")}
    assert set(indicator_tables(goals_only, heinola, 2024)) == {"goal_statuses"}
    # Nothing at all gives nothing; an empty result table is left out.
    assert indicator_tables({}, heinola, 2024) == {}
    no_share = small_period()
    no_share["surveys"] = no_share["surveys"].assign(respondents=pd.NA)
    assert "survey_shares" not in indicator_tables(no_share, heinola, 2024)


# --- The embedded data ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    return build_processed(RAW, "heinola", "2024-06-30")


@pytest.mark.pipeline
def test_indicators_of_the_embedded_period(data):
    config, tables = data
    out = indicator_tables(tables, config, 2024)
    assert {
        "budget_realisation",
        "per_capita",
        "key_figure_reconciliation",
        "hyte",
        "survey_shares",
        "goal_statuses",
        "risk_matrix",
        "occupancy_summary",
        "project_details",
        "project_totals_by_funder",
        "project_totals_by_goal",
    } <= set(out)
    realisation = out["budget_realisation"].set_index(["unit", "line"])
    assert realisation.loc[(DEPARTMENT, "Toimintakate"), "remaining"] == -14_788_395
    assert realisation.loc[("Varhaiskasvatus", "Toimintakate"), "budget"] == -7_913_900
    reconciliation = out["key_figure_reconciliation"].set_index(["unit", "year"])
    assert reconciliation.loc[("Varhaiskasvatus", 2024), "published"] == 441
    hyte = out["hyte"].set_index("comparison")
    assert hyte.loc["kuntien keskiarvo 2023", "reference"] == 18.23
    assert out["occupancy_summary"].loc[0, "min_pct"] == 75.19


@pytest.mark.pipeline
def test_latest_population_of_the_embedded_data(data):
    _, tables = data
    assert latest_population(tables["population"]) == (POPULATION, pd.Timestamp("2023-12-31"))


@pytest.mark.pipeline
def test_indicator_tables_of_a_period_without_statement():
    config, tables = build_processed(RAW, "heinola", "2024-03-31")
    out = indicator_tables(tables, config, 2024)
    assert "budget_realisation" not in out and "per_capita" not in out
    assert "survey_shares" in out
    assert "hyte" not in out  # the 2024 coefficient was first reported on 30.6.


def test_a_gap_against_the_statement_is_split_into_the_budgets_and_the_rest(heinola):
    """1 000 residents. Varhaiskasvatus: TA 2024 is 450 €/as against a published target 440
    (10 € more); TP 2023 is 460 €/as against the published forecast 448 (12 € more): 10 € of
    it is the same structural gap as in the budget, 2 € remain unexplained. Perusopetus: TA
    790 against 779 (11 €), TP 751,5 against 740 (11,5 €): the structural 11 € explain it."""
    per_capita = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus"] * 3 + ["Opetus- ja koulutuspalvelut"] * 2,
            "basis": ["TA 2024", "TP 2023", "TA 2023", "TA 2024", "TP 2023"],
            "eur_per_resident": [450.0, 460.0, 455.0, 790.0, 751.5],
            "population": 1_000,
        }
    )
    published = key_figures(
        [
            ("Varhaiskasvatus", "€/asukas", 2024, "Tavoite", 440.0),
            ("Varhaiskasvatus", "€/asukas", 2023, "Ennuste", 448.0),
            ("Varhaiskasvatus", "€/asukas", 2023, "Tavoite", 455.0),  # same year: not used
            ("Perusopetus", "€/asukas", 2024, "Tavoite", 779.0),
            ("Perusopetus", "€/asukas", 2023, "Ennuste", 740.0),
        ]
    )
    table = key_figure_reconciliation(per_capita, published, heinola)
    text = {
        (unit, year, kind): explanation.replace("\u00a0", " ")
        for unit, year, kind, explanation in table[
            ["unit", "year", "published_as", "explanation"]
        ].values
    }
    assert text[("Varhaiskasvatus", 2023, "Ennuste")] == (
        "julkaistu luku on ennuste, laskettu tilinpäätöksestä; laskettu on 12,00 €/as "
        "(12 000 €) suurempi kuin julkaistu; julkaistu luku vastaisi 1 027 asukasta; "
        "talousarvion 2024 täsmäytyksessä vastaava ero on 10,00 €/as (10 000 €): sen "
        "suuruinen osa palvelualueen toimintakatteesta ei näy julkaistuissa luvuissa "
        "(rakenteellinen ero); loput 2,00 €/as (2 000 €) on tilinpäätöksen ja julkaistun "
        "ennusteen erotus, jota aineisto ei erittele: selittämätön"
    )
    assert text[("Opetus- ja koulutuspalvelut", 2023, "Ennuste")].endswith(
        "talousarvion 2024 täsmäytyksessä vastaava ero on 11,00 €/as (11 000 €): sen "
        "suuruinen osa palvelualueen toimintakatteesta ei näy julkaistuissa luvuissa "
        "(rakenteellinen ero); sama rakenteellinen ero selittää eron"
    )
    # A target's own gap is not taken apart: 450 × 1 000 / 440 = 1 022,7 residents.
    assert text[("Varhaiskasvatus", 2024, "Tavoite")] == (
        "laskettu on 10,00 €/as (10 000 €) suurempi kuin julkaistu; julkaistu luku vastaisi "
        "1 023 asukasta; ero ei selity pyöristyksellä eikä aineistolla: selittämätön"
    )
    assert text[("Varhaiskasvatus", 2023, "Tavoite")] == "ero pyöristystä"
    target = table[(table["unit"] == "Varhaiskasvatus") & (table["year"] == 2024)].iloc[0]
    assert target["difference_eur"] == -10_000


def gap_table():
    """Per-resident reconciliations of one unit U (and another, V): published − recomputed."""
    return pd.DataFrame(
        {
            "unit": ["U", "U", "U", "U", "V"],
            "year": [2023, 2024, 2025, 2024, 2024],
            "published_as": ["Tavoite", "Tavoite", "Tavoite", "Toteutuma", "Tavoite"],
            "difference": [-1.0, -50.0, -10.0, -7.0, -999.0],
        }
    )


def gap_row(published, recomputed, published_as="Ennuste"):
    return pd.Series(
        {
            "unit": "U",
            "year": 2023,
            "published_as": published_as,
            "published": published,
            "recomputed": recomputed,
            "difference": published - recomputed,
        }
    )


def test_a_gap_is_split_into_the_budgets_structural_gap_and_the_unexplained_rest():
    # Computed 970 €/as against a published forecast of 900: 70 €/as more, × 1 000 residents =
    # 70 000 €; 900 €/as would mean 970 × 1 000 / 900 = 1 077,8 residents. The first later
    # budget of the same unit (TA 2024, not 2023's, 2025's, V's or an actual) shows 50 €/as
    # itself: 50 000 € of structure, and 20 €/as (20 000 €) are left unexplained.
    text = explain_gap(gap_row(900.0, 970.0), gap_table(), 1_000, 1.0).replace("\xa0", " ")
    assert text == (
        "laskettu on 70,00 €/as (70 000 €) suurempi kuin julkaistu; julkaistu luku vastaisi "
        "1 078 asukasta; talousarvion 2024 täsmäytyksessä vastaava ero on 50,00 €/as "
        "(50 000 €): sen suuruinen osa palvelualueen toimintakatteesta ei näy julkaistuissa "
        "luvuissa (rakenteellinen ero); loput 20,00 €/as (20 000 €) on tilinpäätöksen ja "
        "julkaistun ennusteen erotus, jota aineisto ei erittele: selittämätön"
    )
    # A rest of exactly the tolerance is explained by the structure.
    within = explain_gap(gap_row(900.0, 970.0), gap_table(), 1_000, 20.0)
    assert within.endswith("(rakenteellinen ero); sama rakenteellinen ero selittää eron")
    other = explain_gap(gap_row(900.0, 970.0, "Muu"), gap_table(), 1_000, 1.0)
    assert "julkaistun luvun erotus" in other


def test_a_smaller_computed_figure_or_a_gap_against_a_target_is_unexplained():
    # 970 against a published 1 000: 30 €/as smaller.
    text = explain_gap(gap_row(1_000.0, 970.0, "Tavoite"), gap_table(), 1_000, 1.0)
    assert text.replace("\xa0", " ") == (
        "laskettu on 30,00 €/as (30 000 €) pienempi kuin julkaistu; julkaistu luku vastaisi "
        "970 asukasta; ero ei selity pyöristyksellä eikä aineistolla: selittämätön"
    )
    no_budget = explain_gap(gap_row(900.0, 970.0), gap_table().iloc[[0, 3, 4]], 1_000, 1.0)
    assert no_budget.endswith("; ero ei selity pyöristyksellä eikä aineistolla: selittämätön")


def test_latest_population_is_the_last_date_not_the_second():
    # Three year-ends in random order: the latest (31.12.2023) wins, not the second sorted one.
    population = pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-12-31", "2023-12-31", "2021-12-31"]),
            "population": [18_101, 17_953, 18_240],
        }
    )
    assert latest_population(population) == (17_953, pd.Timestamp("2023-12-31"))


def test_budget_realisation_of_a_statement_without_last_years_figures():
    # A statement printing only TA 2024 and TOT 2024 (no TP 2023, no TOT 2023): what depends on
    # last year is empty, the rest is computed. TA 558 300, TOT 274 886: Jäljellä 283 414.
    tidy = statement([(HYTE, "Toimintakate", 0, 0, -558_300, -274_886)])
    tidy = tidy[tidy["measure"].isin(["ta", "tot"])]
    row = budget_realisation(tidy).iloc[0]
    assert (row["budget"], row["actual"], row["remaining"]) == (-558_300, -274_886, -283_414)
    assert math.isnan(row["prior_year"]) and math.isnan(row["prior_actual"])
    assert math.isnan(row["change_eur"]) and math.isnan(row["change_pct"])


def test_a_gap_under_one_euro_beyond_a_smaller_tolerance_is_larger_or_smaller(heinola):
    # Tolerance 0,5 €/as: recomputed 441,80 against a published 441 is 0,80 €/as more
    # (0,80 × 1 000 = 800 €), 441,80 × 1 000 / 441 = 1 001,8 residents; 440,20 is 0,80 less.
    def explanation(recomputed):
        per_capita = pd.DataFrame(
            {
                "unit": ["Varhaiskasvatus"],
                "basis": ["TA 2024"],
                "eur_per_resident": [recomputed],
                "population": [1_000],
            }
        )
        published = key_figures([("Varhaiskasvatus", "€/asukas", 2024, "Tavoite", 441.0)])
        table = key_figure_reconciliation(per_capita, published, heinola, tolerance=0.5)
        return table.iloc[0]["explanation"].replace("\u00a0", " ")

    assert explanation(441.8).startswith("laskettu on 0,80 €/as (800 €) suurempi kuin julkaistu")
    assert "vastaisi 1 002 asukasta" in explanation(441.8)
    assert explanation(440.2).startswith("laskettu on 0,80 €/as (800 €) pienempi kuin julkaistu")


def test_indicator_tables_keep_a_stages_declared_reads(heinola):
    # A stage that may read only the statement: indicator_tables reading anything else is an
    # error naming the dataset, not an empty table.
    from helpers.catalog import Tables
    from helpers.catalog.access import UndeclaredReadError

    tables = Tables(
        {"income_statement": small_period()["income_statement"]},
        allowed={"income_statement"},
        reader="test",
    )
    with pytest.raises(UndeclaredReadError, match="stage test reads 'population'"):
        indicator_tables(tables, heinola, 2024)


def test_a_survey_share_far_from_the_national_level_gets_a_check_note(heinola):
    # 146 of 660 is 22,1212 % (Wilson 95 %: 19,1–25,4 %); a national level of 60 % is 34,6
    # points above the interval, more than the 30 points that make a result implausible. (The
    # note shows the share as helpers.surveys formats it: six significant digits.)
    tables = small_period()
    national = pd.DataFrame(
        {"metric": ["ei harrasta"], "year": [2023], "value": [60.0], "source": ["THL 2023"]}
    )
    tables["national_references"] = pd.concat([tables["national_references"], national])
    note = indicator_tables(tables, heinola, 2024)["survey_shares"].iloc[0]["check_note"]
    assert note.replace("\u00a0", " ") == (
        "tarkistettava: tulos 22,1 % poikkeaa vähintään 30 prosenttiyksikköä vertailutasosta "
        "60 % (THL 2023); onko luku tai kysymyksen suunta oikein?"
    )
    # Without the national level the share has an empty note.
    assert (
        indicator_tables(small_period(), heinola, 2024)["survey_shares"].iloc[0]["check_note"] == ""
    )


OPKOU = "Opetus- ja koulutuspalvelut"


def unit_cost_period():
    """The small period with OPKOU's net cost, its functions' €/asukas targets 2024
    (Perusopetus 779, Lukiokoulutus 130, Musiikkiopisto 32) and Varhaiskasvatus 12 637 €/lapsi."""
    tables = small_period()
    tables["income_statement"] = pd.concat(
        [
            tables["income_statement"],
            statement([(OPKOU, "Toimintakate", -16_500_000, 0, -17_056_250, 0)]),
        ]
    )
    tables["key_figures"] = pd.concat(
        [
            tables["key_figures"],
            key_figures(
                [
                    ("Perusopetus", "€/asukas", 2024, "Tavoite", 779.0),
                    ("Lukiokoulutus", "€/asukas", 2024, "Tavoite", 130.0),
                    ("Musiikkiopisto", "€/asukas", 2024, "Tavoite", 32.0),
                    ("Varhaiskasvatus", "€/lapsi", 2024, "Tavoite", 12_637.0),
                ]
            ),
        ]
    )
    return tables


def test_unit_costs_of_a_period_from_the_published_figures(heinola):
    out = indicator_tables(unit_cost_period(), heinola, 2024)
    # Children: 441 €/as × 17 953 residents (the latest population) ÷ 12 637 €/lapsi = 626,515.
    volumes = out["unit_cost_volumes"].set_index(["function", "year"])
    assert volumes.loc[("Varhaiskasvatus", 2024), "volume"] == pytest.approx(441 * 17_953 / 12_637)
    assert volumes.loc[("Varhaiskasvatus", 2024), "population"] == 17_953
    # OPKOU's TA 17 056 250 € split by 779 : 130 : 32 (941): 14 119 892,40 + 2 356 336,34 +
    # 580 021,25 €; TP 2023 has no €/asukas of its functions to split by, so it is left out.
    costs = out["function_costs"]
    opkou = costs[costs["unit"] == OPKOU].set_index("function")
    assert set(opkou["basis"]) == {"TA 2024"}
    assert opkou["net_cost"].to_dict() == pytest.approx(
        {"Perusopetus": 14_119_892.40, "Lukiokoulutus": 2_356_336.34, "Musiikkiopisto": 580_021.25},
        abs=0.01,
    )
    # Varhaiskasvatus TA 2024: 7 913 900 € ÷ 626,515 children = 12 631,62 €/lapsi against the
    # published 12 637 (TP 2023 has no volume of 2023).
    [vaka] = out["unit_costs"].to_dict("records")
    assert (vaka["function"], vaka["basis"], vaka["published"]) == (
        "Varhaiskasvatus",
        "TA 2024",
        12_637,
    )
    assert vaka["computed"] == pytest.approx(12_631.62, abs=0.005)


def test_unit_costs_split_by_the_given_function_net_costs(heinola):
    # With tehtavien_nettokustannukset OPKOU's TP 2023 16 500 000 € is split as given
    # (13 000 000 + 2 500 000 + 1 000 000), not left out for lack of €/asukas figures.
    tables = unit_cost_period()
    tables["function_net_costs"] = pd.DataFrame(
        {
            "function": ["Perusopetus", "Lukiokoulutus", "Musiikkiopisto"],
            "prior_year": [-13_000_000.0, -2_500_000.0, -1_000_000.0],
            "budget": [-14_000_000.0, -2_300_000.0, -756_250.0],
        }
    )
    costs = indicator_tables(tables, heinola, 2024)["function_costs"]
    opkou = costs[costs["unit"] == OPKOU].set_index(["basis", "function"])["net_cost"]
    assert opkou.to_dict() == {
        ("TP 2023", "Perusopetus"): 13_000_000,
        ("TP 2023", "Lukiokoulutus"): 2_500_000,
        ("TP 2023", "Musiikkiopisto"): 1_000_000,
        ("TA 2024", "Perusopetus"): 14_000_000,
        ("TA 2024", "Lukiokoulutus"): 2_300_000,
        ("TA 2024", "Musiikkiopisto"): 756_250,
    }
