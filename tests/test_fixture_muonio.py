"""A real year-end table of another municipality, run as a new user runs it.

``tests/fixtures/raw/muonio`` is Muonio's education department's budget realisation for the
whole of 2021 (council minutes 13.6.2022 § 25; README.md there gives the source and what was
entered by hand): per unit the external net margin as a positive net cost, the budget including
changes (``Talousarvio + muutokset``), the actual (``Toteutunut``) and their difference
(``Erotus``), headers without a year or a month, a euro sign in every cell and the total
printed without a row label. Every expected value is read from that printout or worked out by
hand from it.
"""

from __future__ import annotations

import shutil

import pytest
from fixture_report import fixture_report, table_rows

from helpers.clean import build_processed
from helpers.errors import InputDataError

ENTITY, PERIOD = "muonio", "2021-12-31"
TOTAL = "Sivistystoimi yhteensä"  # the printed total has no label; entered by hand


def section(page: str, start: str, end: str) -> str:
    """The text between ``start`` and the next ``end``."""
    first = page.index(start)
    return page[first : page.index(end, first)]


@pytest.fixture(scope="module")
def report(tmp_path_factory, fixtures) -> str:
    """The management report of the fixture, every stage run once through the runner."""
    return fixture_report(tmp_path_factory.mktemp("muonio"), fixtures, ENTITY, PERIOD)


@pytest.mark.slow
def test_the_overview_shows_the_printed_budget_actual_and_their_percentage(report):
    overview = table_rows(report, "Toimintakatteen toteutuminen 31.12.2021")
    # Columns: TA, TOT, Jäljellä (TA − TOT in the suite's signs), TOT-%, points from the
    # elapsed 100 %, direction, change from last year (not printed: ei tietoa).
    # Total: 4 800 523 / 4 956 510 = 96,853 %; -4 956 510 + 4 800 523 = -155 987.
    assert overview[TOTAL] == [
        "-4 956 510",
        "-4 800 523",
        "-155 987",
        "96,85",
        "-3,15",
        "suotuisa",
        "ei tietoa",
        "ei tietoa",
    ]
    # Lukio: 615 163 / 613 087 = 100,339 %, 0,34 points over the year: within the band.
    assert overview["Lukio"][:6] == [
        "-613 087",
        "-615 163",
        "2 076",
        "100,34",
        "0,34",
        "vastaa kulunutta aikaa",
    ]
    # Kirjasto- ja kulttuuripalvelut: 183 154 / 171 992 = 106,490 %.
    assert overview["Kirjasto- ja kulttuuripalvelut"][:6] == [
        "-171 992",
        "-183 154",
        "11 162",
        "106,49",
        "6,49",
        "epäsuotuisa",
    ]
    # Liikuntapalvelut: 72 810 / 87 028 = 83,663 %.
    assert overview["Liikuntapalvelut"][:4] == ["-87 028", "-72 810", "-14 218", "83,66"]
    # Nuorisopalvelut prints Erotus 1 412; the report recomputes 112 952 − 111 539 = 1 413.
    assert overview["Nuorisopalvelut"][:4] == ["-112 952", "-111 539", "-1 413", "98,75"]
    assert "Toteuma talousarviosta<strong>96,85 %</strong>" in report
    assert "Vuodesta kulunut<strong>100 %</strong>" in report


@pytest.mark.slow
def test_the_year_end_forecast_is_the_actual_and_the_deviation_is_the_printed_erotus(report):
    # 12 of 12 months: the forecast is the whole year's actual, the deviation its Erotus.
    # The figures are the year's actuals, and the summary and the section say so.
    assert "Toteuma vuoden lopussa<strong>-4 800 523 €</strong>" in report
    assert "Ennuste vuoden lopussa" not in report
    assert "Koko vuoden toteuma</h2>" in report and "Ennuste vuoden loppuun</h2>" not in report
    assert "Vuosi on päättynyt (31.12.2021): taulukoiden ennuste on koko vuoden toteuma" in report
    assert "155 987 € alle talousarvion (suotuisa)" in report
    outlook = table_rows(report, "Toimintakate: näkymä vuoden loppuun")
    assert outlook[TOTAL][:4] == ["-4 956 510", "-4 800 523", "155 987", "suotuisa"]
    assert outlook["Varhaiskasvatus"][:4] == ["-1 048 713", "-936 274", "112 439", "suotuisa"]
    assert outlook["Kirjasto- ja kulttuuripalvelut"][:4] == [
        "-171 992",
        "-183 154",
        "-11 162",
        "epäsuotuisa",
    ]
    # Lukio 2 076 € over: 2 076 / 613 087 = 0,34 % of the budget, under the 0,5 % band.
    assert outlook["Lukio"][:4] == ["-613 087", "-615 163", "-2 076", "talousarvion mukainen"]
    forecast = table_rows(report, "Toimintakate: ennuste vuoden loppuun")
    # Columns: TA, TOT, methods' forecast, adjustments, forecast, € and % from TA, direction.
    # Varhaiskasvatus: 112 439 / 1 048 713 = 10,7 %.
    assert forecast["Varhaiskasvatus"] == [
        "-1 048 713",
        "-936 274",
        "-936 274",
        "0",
        "-936 274",
        "112 439",
        "10,7",
        "suotuisa",
    ]
    assert "vuosi päättynyt: koko vuoden toteuma" in report


@pytest.mark.slow
def test_every_table_gives_a_line_the_same_direction(report):
    """The forecast table and the model-and-management table name one direction per unit.
    Kansalaisopisto 6 549 / 109 296 = 6,0 % and Nuorisopalvelut 1 413 / 112 952 = 1,3 % of
    the budget are favourable (beyond the 0,5 % band), though both are within the 10 000 €
    disagreement floor."""
    forecast = table_rows(report, "Toimintakate: ennuste vuoden loppuun")
    both = table_rows(report, "Mallin ennuste ja johdon oma arvio")
    # Columns of the second: line, TA, model's forecast, model's direction, …
    assert {unit: cells[3] for unit, cells in both.items()} == {
        unit: cells[-1] for unit, cells in forecast.items()
    }
    assert both["Kansalaisopisto"][3] == both["Nuorisopalvelut"][3] == "suotuisa"
    assert both["Lukio"][3] == "talousarvion mukainen"  # 0,34 %, inside the band


@pytest.mark.slow
def test_the_printed_sums_agree_and_the_one_rounding_is_listed(report):
    # The units add up to the printed total (README.md); one Erotus is 1 € off.
    assert "Lähdeaineiston painetuissa luvuissa ei ole virheitä." in report
    rounding = table_rows(report, "Pyöristyserot ja määrittelemättömät prosentit")
    assert rounding["Nuorisopalvelut / Toimintakate / Jäljellä"][2:] == ["-1 412", "-1 413", "1"]
    assert len(rounding) == 1
    # The sources name the columns under the headers the minutes print.
    assert "Talousarvio + muutokset: talousarvio" in report
    assert "Erotus: jäljellä oleva talousarvio" in report
    assert "(entity.yml: sign_convention: costs_positive)" in report
    assert "Lähde tulostaa nettokustannukset positiivisina" in report  # no income printed


@pytest.mark.slow
def test_an_on_budget_line_is_not_listed_as_an_unfavourable_deviation(report):
    unfavourable = section(report, "Suurimmat epäsuotuisat poikkeamat", "</ul>")
    assert "Kirjasto- ja kulttuuripalvelut" in unfavourable
    assert "Lukio" not in unfavourable


def test_the_positive_net_costs_read_negative_and_nothing_else_is_made_up(fixtures):
    """Net costs printed positive under costs_positive: inside the suite a cost is negative.
    The minutes print no TP and no last-year column: no rows, never zeros."""
    _, tables = build_processed(fixtures, ENTITY, PERIOD)
    statement = tables["income_statement"]
    assert set(statement["measure"]) == {"ta", "tot"}
    assert set(statement["origin"]) == {"printed"}
    assert set(statement["months"]) == {12} and set(statement["year"]) == {2021}
    amount = statement.set_index(["unit", "measure"])["amount"]
    assert amount[(TOTAL, "ta")] == -4_956_510 and amount[(TOTAL, "tot")] == -4_800_523
    # Lukio over its budget: 615 163 > 613 087, both costs.
    assert amount[("Lukio", "ta")] == -613_087 and amount[("Lukio", "tot")] == -615_163


def test_the_audit_finds_the_sums_right_and_one_erotus_rounded(fixtures):
    _, tables = build_processed(fixtures, ENTITY, PERIOD)
    audit = tables["audit"].set_index("item")
    # Nine Erotus checks (TA − TOT) and the total's TA and TOT against the units' sums.
    assert len(audit) == 11
    assert (audit["severity"] != "error").all()
    nuoriso = audit.loc["Nuorisopalvelut / Toimintakate / Jäljellä"]
    # 112 952 − 111 539 = 1 413, printed 1 412 (both negated on reading).
    assert (nuoriso["printed"], nuoriso["recomputed"], nuoriso["severity"]) == (
        -1_412,
        -1_413,
        "info",
    )
    # 100 385 + 1 048 713 + 2 713 057 + 613 087 + 109 296 + 171 992 + 112 952 + 87 028.
    budget_sum = audit.loc[f"{TOTAL} / Toimintakate / Talousarvio + muutokset"]
    assert (budget_sum["recomputed"], budget_sum["severity"]) == (-4_956_510, "ok")
    # Lukio: printed Erotus -2 076 (over budget) is +2 076 in the suite's signs.
    assert audit.loc["Lukio / Toimintakate / Jäljellä", "printed"] == 2_076


def copy_with(tmp_path, fixtures, old: str, new: str):
    """The fixture copied with one entity.yml text replaced."""
    raw = tmp_path / "raw"
    shutil.copytree(fixtures / ENTITY, raw / ENTITY)
    path = raw / ENTITY / "entity.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return raw


@pytest.mark.parametrize(
    ("declaration", "hint"),
    [
        ("", "sign_convention is not declared, so income_positive was assumed"),
        ("sign_convention: income_positive\n", "check sign_convention in entity.yml"),
    ],
)
def test_positive_net_costs_under_income_positive_stop_with_the_row(
    tmp_path, fixtures, declaration, hint
):
    """Row 2 is the total's TA, 4 956 510 €: a net income under income_positive."""
    raw = copy_with(tmp_path, fixtures, "sign_convention: costs_positive\n", declaration)
    with pytest.raises(InputDataError) as error:
        build_processed(raw, ENTITY, PERIOD)
    message = str(error.value)
    assert (
        "row 2, column 'Talousarvio + muutokset': the net margin line 'Toimintakate' of "
        "'Sivistystoimi yhteensä' is 4 956 510 €"
    ) in message
    assert hint in message


def test_an_erotus_that_is_the_remaining_budget_is_not_taken_for_a_change(tmp_path, fixtures):
    raw = copy_with(tmp_path, fixtures, 'remaining: ["Erotus"]', 'change: ["Erotus"]')
    with pytest.raises(InputDataError) as error:
        build_processed(raw, ENTITY, PERIOD)
    # Row 2, the total: 4 956 510 − 4 800 523 = 155 987, the printed Erotus.
    assert (error.value.row, error.value.column) == (2, "Erotus")
    assert "declare it under headers: remaining in entity.yml" in error.value.reason
