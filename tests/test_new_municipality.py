"""A municipality whose export prints its own way runs from raw files and entity.yml alone.

``esimerkkila`` is SYNTHETIC: income printed negative, costs positive, no department rows,
its own headers (TOT 1-8kk, M % with one decimal), no TP or last-year column, internal lines;
its 30.4. note prints only the toimintakate to date and M % per unit. ``ylojarvi`` is a real
published table (see tests/fixtures/raw/ylojarvi/README.md). Expected values are worked out
by hand from the printed numbers.
"""

import shutil

import numpy as np
import pytest

from helpers.catalog import AUDIT, BUDGET_REALISATION, INCOME_STATEMENT, PER_CAPITA
from helpers.clean import build_processed, write_processed
from helpers.config import PROJECT_ROOT, Paths
from helpers.errors import InputDataError
from helpers.forecast import forecast_lines
from helpers.indicators import indicator_tables
from helpers.runner import run_period


def realisation(tables, config, year):
    frame = indicator_tables(tables, config, year)[BUDGET_REALISATION.name]
    return frame.set_index(["unit", "line"])


def test_clean_and_indicators_of_an_export_printed_the_other_way_round(esimerkkila, tmp_path):
    config, tables = esimerkkila
    net = realisation(tables, config, 2024).loc[("Hyvinvointilautakunta", config.net_line)]
    # The department is the sum of its units: TA -(1 330 000 + 1 840 000) = -3 170 000,
    # TOT 1-8kk -(927 100 + 1 268 190) = -2 195 290.
    assert (net["budget"], net["actual"]) == (-3_170_000, -2_195_290)
    # 2 195 290 / 3 170 000 = 69,2520 % against 8/12 = 66,6667 % of the year: 2,5853 points.
    assert net["realisation_pct"] == pytest.approx(69.25205, abs=1e-5)
    assert net["pace_deviation_points"] == pytest.approx(2.58538, abs=1e-5)
    # Jäljellä -3 170 000 - (-2 195 290) = -974 710: costs still to come, not an overrun.
    assert net["remaining"] == -974_710
    # No last-year column: change and prior actual say nothing, they are not zero.
    assert net[["prior_actual", "prior_year", "change_eur"]].isna().all()
    income = realisation(tables, config, 2024).loc[("Hyvinvointilautakunta", config.income_line)]
    # Income printed -120 000 and -260 000 is positive inside: 380 000, of it 284 000 so far.
    assert (income["budget"], income["actual"]) == (380_000, 284_000)
    assert bool(income["ahead_of_pace"])  # 74,74 % > 66,67 % + 5 points
    per_capita = indicator_tables(tables, config, 2024)[PER_CAPITA.name].set_index("unit")
    # 3 170 000 € / 12 480 residents = 254,01 €/asukas.
    assert per_capita.loc["Hyvinvointilautakunta", "eur_per_resident"] == pytest.approx(
        254.0064, abs=1e-4
    )
    target = write_processed(tables, tmp_path, "esimerkkila", "2024-08-31")
    assert (target / f"{INCOME_STATEMENT.name}.parquet").is_file()


def test_a_note_of_toimintakate_and_percentage_only_gives_processed_data(fixtures):
    config, tables = build_processed(fixtures, "esimerkkila", "2024-04-30")
    net = realisation(tables, config, 2024).loc[("Kulttuuripalvelut", config.net_line)]
    # TA derived from 452 300 at 34,0 %: the realisation is the printed 34,0 % by definition.
    assert net["budget"] == pytest.approx(-1_330_294.12, abs=0.01)
    assert net["realisation_pct"] == pytest.approx(34.0)
    assert tables[AUDIT.name].empty  # nothing printed that could be checked


@pytest.mark.parametrize(
    ("declaration", "advice"),
    [
        ("", "sign_convention is not declared, so income_positive was assumed: declare it"),
        ("sign_convention: income_positive\n", "check sign_convention in entity.yml"),
    ],
)
def test_the_same_data_with_a_wrong_sign_convention_stop(tmp_path, fixtures, declaration, advice):
    raw = tmp_path / "raw"
    shutil.copytree(fixtures / "esimerkkila", raw / "esimerkkila")
    path = raw / "esimerkkila" / "entity.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("sign_convention: costs_positive\n", declaration),
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as error:
        build_processed(raw, "esimerkkila", "2024-08-31")
    message = str(error.value)
    assert "tuloslaskelma.csv, row 2, column 'TA 2024': the income line 'T U L O T (ulkoiset)'" in (
        message
    )
    assert "of 'Kulttuuripalvelut' is -120 000 €" in message
    assert "under sign_convention 'income_positive'" in message and advice in message
    # The toimintakate-only note is caught on the department's net margin (a net income).
    with pytest.raises(InputDataError, match="net margin line .* a net cost ≤ 0 is expected"):
        build_processed(raw, "esimerkkila", "2024-04-30")


def test_a_period_without_a_data_folder_is_no_data_not_an_error(fixtures):
    config, tables = build_processed(fixtures, "esimerkkila", "2024-06-30")
    assert INCOME_STATEMENT.name not in tables
    assert tables[AUDIT.name].empty
    assert BUDGET_REALISATION.name not in indicator_tables(tables, config, 2024)


def test_a_real_published_net_cost_statement(fixtures):
    config, tables = build_processed(fixtures, "ylojarvi", "2012-10-31")
    rows = realisation(tables, config, 2012)
    youth = rows.loc[("Nuorisotyö ja hallinto", "Nettomenot")]
    # 606 811 / 778 889 = 77,907 % after 10 of 12 months (83,333 %).
    assert youth["realisation_pct"] == pytest.approx(77.90725, abs=1e-5)
    # Against last year's 1-10/2011: -606 811 - (-482 638) = -124 173 € (more net costs),
    # -124 173 / 482 638 = -25,728 % (the % follows the sign of the euros).
    assert youth["change_eur"] == -124_173
    assert youth["change_pct"] == pytest.approx(-25.72798, abs=1e-5)
    assert rows["prior_year"].isna().all()  # the table prints no TP


def test_only_a_note_of_subtotals_may_leave_out_the_itemised_lines(tmp_path, fixtures):
    # The 30.4. note prints TOIMINTAKATE (ulkoiset) alone and runs (tests above); the 31.8.
    # statement itemises, so without its Sisäiset tulot rows it is an incomplete export.
    raw = tmp_path / "raw"
    shutil.copytree(fixtures / "esimerkkila", raw / "esimerkkila")
    path = raw / "esimerkkila" / "2024-08-31" / "tuloslaskelma.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if ";Sisäiset tulot;" not in ln), "utf-8")
    with pytest.raises(InputDataError, match="no rows for the line 'Sisäiset tulot'"):
        build_processed(raw, "esimerkkila", "2024-08-31")


def test_forecast_without_last_years_columns_falls_back_to_budget_pace(esimerkkila):
    config, tables = esimerkkila
    forecast = forecast_lines(tables[INCOME_STATEMENT.name], config).set_index(["unit", "line"])
    net = config.net_line
    culture = forecast.loc[("Kulttuuripalvelut", config.income_line)]
    # No TP and no last year's column: no profile; budget pace 85 300 + 120 000 × 4/12.
    assert np.isnan(culture["profile"])
    assert culture["forecast"] == pytest.approx(125_300)
    assert "ei edellisen vuoden 2023 vertailutietoa" in culture["reason"]
    # Net margin by hand: 125 300 + (-1 012 400 - 1 450 000 × 4/12) = -1 370 433,33, and
    # 198 700 + 260 000/3 + (-1 466 890 - 2 100 000/3) = -1 881 523,33.
    assert forecast.loc[("Kulttuuripalvelut", net), "forecast"] == pytest.approx(-1_370_433.333)
    sport = forecast.loc[("Liikunta- ja nuorisopalvelut", net), "forecast"]
    assert sport == pytest.approx(-1_881_523.333)
    # The computed department is its units' sum, with no "own item" of its own: a measure the
    # export lacks is no department-only amount.
    department = forecast.loc["Hyvinvointilautakunta"]
    assert department.loc[net, "forecast"] == pytest.approx(-3_251_956.667)
    assert (department["department_only"] == 0).all()
    assert not department["reason"].str.contains("toimialan oma erä").any()


def test_a_note_of_toimintakate_only_is_forecast_from_the_toimintakate(fixtures):
    config, tables = build_processed(fixtures, "esimerkkila", "2024-04-30")
    forecast = forecast_lines(tables[INCOME_STATEMENT.name], config).set_index(["unit", "line"])
    net = config.net_line
    # Not 0 € (the sum of income and cost lines the note does not print): budget pace on the
    # derived TA, 1/3 of the year gone. TA = -452 300 / 0,340 = -1 330 294,12;
    # -452 300 + (-1 330 294,12) × 2/3 = -1 339 162,75.
    culture = forecast.loc[("Kulttuuripalvelut", net)]
    assert culture["forecast"] == pytest.approx(-1_339_162.75, abs=0.01)
    assert culture["method"] == "budget_pace"
    # -618 200 + (-618 200 / 0,336) × 2/3 = -618 200 - 1 226 587,30 = -1 844 787,30.
    sport = forecast.loc[("Liikunta- ja nuorisopalvelut", net), "forecast"]
    assert sport == pytest.approx(-1_844_787.30, abs=0.01)
    assert forecast.loc[("Hyvinvointilautakunta", net), "forecast"] == pytest.approx(
        -1_339_162.75 - 1_844_787.30, abs=0.02
    )


@pytest.mark.slow
def test_the_monthly_note_runs_into_a_report_that_invents_nothing(tmp_path, fixtures):
    """Every stage as a new user runs them (``helpers.cli run``): the report of the 30.4. note
    (toimintakate and M % only, no department rows, no last-year columns)."""
    paths = Paths(
        raw=fixtures,
        processed=tmp_path / "processed",
        reports=tmp_path / "reports",
        notebooks=PROJECT_ROOT / "notebooks",
    )
    result = run_period("esimerkkila", "2024-04-30", paths, log=lambda _: None)
    assert result.status == "ok"
    html = (tmp_path / "reports/esimerkkila/2024-04-30/index.html").read_text(encoding="utf-8")
    text = html.replace("\u00a0", " ")
    assert "Hyvinvointilautakunta yhteensä (laskettu yksiköiden summana)" in text
    assert "TA 2024 (johdettu)" in text and "väli -1 332 255 € … -1 328 339 €" in text
    assert '<td class="num">ei tietoa</td>' in text  # no last-year column: not 0, not blank
    assert "<li>TOT 1-4kk: kuluvan vuoden toteuma</li>" in text
    assert "sign_convention: costs_positive" in text
    # The forecast: budget pace on the toimintakate, -1 339 163 + -1 844 787 = -3 183 950
    # (test_a_note_of_toimintakate_only_is_forecast_from_the_toimintakate), never 0 €.
    assert "Ennuste vuoden lopussa<strong>-3 183 950 €</strong>" in text
    assert "Ennuste vuoden lopussa<strong>0 €</strong>" not in text


def test_a_note_without_a_budget_is_forecast_by_pace_and_reports_ei_tietoa(tmp_path, fixtures):
    from report_data import report_data, shown

    from helpers.report.budget import budget_section, statements_appendix
    from helpers.report.summary import summary_section

    raw = tmp_path / "raw"
    shutil.copytree(fixtures / "esimerkkila", raw / "esimerkkila")
    path = raw / "esimerkkila" / "2024-04-30" / "tuloslaskelma.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(ln.rsplit(";", 1)[0] for ln in lines) + "\n", encoding="utf-8")
    data = report_data(raw, "2024-04-30", "esimerkkila")
    forecast = data.dataset("forecast").set_index(["unit", "line"])
    net = data.config.net_line
    # No TA and no M %: no budget pace; straight-line pace, 452 300 × 12/4 = 1 356 900.
    culture = forecast.loc[("Kulttuuripalvelut", net)]
    assert culture["forecast"] == pytest.approx(-1_356_900)
    assert "ei talousarviota (ei tietoa): lineaarinen vauhti" in culture["reason"]
    assert culture["interval_low"] < culture["forecast"] < culture["interval_high"]
    assert forecast.loc[("Hyvinvointilautakunta", net), "forecast"] == pytest.approx(-3_211_500)
    overview = shown(budget_section(data).content.overview)
    department = overview["Hyvinvointilautakunta yhteensä (laskettu yksiköiden summana)"]
    assert (department["TA, €"], department["TOT-%"], department["TOT, €"]) == (
        "ei tietoa",
        "ei tietoa",
        "-1 070 500",
    )
    # The statement: TA not printed, TOT as printed (a euro amount, not a percentage).
    statement = shown(statements_appendix(data).content.units[1].statement)[net]
    assert (statement["TA 2024"], statement["TOT 1-4kk"]) == ("ei tietoa", "-452 300")
    numbers = {n.label: n.value for n in summary_section(data).content.key_numbers}
    assert numbers["Ero talousarvioon"] == "ei tietoa (ei talousarviota)"


def test_every_table_naming_a_computed_department_says_it_is_computed(fixtures):
    from report_data import report_data, shown

    from helpers.report.summary import summary_section

    data = report_data(fixtures, "2024-04-30", "esimerkkila")
    outlook = shown(summary_section(data).content.outlook)
    assert "Hyvinvointilautakunta yhteensä (laskettu yksiköiden summana)" in outlook
    assert "Hyvinvointilautakunta" not in outlook
