"""A real first-quarter table of another municipality, run as a new user runs it.

``tests/fixtures/raw/lestijarvi`` is Lestijärvi's education board's budget realisation on
31.3.2017 (minutes 22.05.2017 § 15; README.md there gives the source and what was entered by
hand): kulut, tulot and netto per unit, all printed positive, with a toteutumis-% for netto
only, no budget and no last-year column, and a total row YHTEENSÄ that the units do not add up
to. Every expected value is read from that printout or worked out by hand from it.
"""

from __future__ import annotations

import shutil

import pytest
from fixture_report import fixture_report, table_rows

from helpers.clean import build_processed
from helpers.errors import InputDataError

ENTITY, PERIOD = "lestijarvi", "2017-03-31"


@pytest.fixture(scope="module")
def report(tmp_path_factory, fixtures) -> str:
    """The management report of the fixture, every stage run once through the runner."""
    return fixture_report(tmp_path_factory.mktemp("lestijarvi"), fixtures, ENTITY, PERIOD)


@pytest.mark.slow
def test_the_overview_shows_the_printed_totals_and_percentages(report):
    overview = table_rows(report, "Toimintakatteen toteutuminen 31.3.2017")
    # Columns: TA (derived), TOT, Jäljellä, TOT-%, points from the elapsed 25 %, ...
    # YHTEENSÄ: TOT 349 023 at 23,65 %: TA = 349 023 / 0,2365 = 1 475 784 €,
    # Jäljellä 1 475 784 - 349 023 = 1 126 761 €, 23,65 - 25 = -1,35 points.
    assert overview["Sivistystoimi yhteensä"][:5] == [
        "-1 475 784",
        "-349 023",
        "-1 126 761",
        "23,65",
        "-1,35",
    ]
    # peruskoulut 249 440 at 24,82 %: 249 440 / 0,2482 = 1 004 996 €.
    assert overview["Peruskoulut"][:4] == ["-1 004 996", "-249 440", "-755 556", "24,82"]
    # lasten päivähoito 98 890 at 31,51 %: 313 837 €, 6,51 points ahead of the year.
    assert overview["Lasten päivähoito"][:5] == ["-313 837", "-98 890", "-214 947", "31,51", "6,51"]
    # kirjasto- ja kulttuuri 17 330 at 22,57 %: 76 783 €.
    assert overview["Kirjasto- ja kulttuuri"][:4] == ["-76 783", "-17 330", "-59 453", "22,57"]
    # The text: "nettototeutuman ollessa 23,65", "Aikaan suhteutettu toteutuma on 25 %".
    assert "Toteuma talousarviosta<strong>23,65 %</strong>" in report
    assert "Vuodesta kulunut<strong>25 %</strong>" in report
    # No budget and no last-year column is printed: never shown as zero.
    assert "TA 2017 (johdettu)" in report and "TOT 2016 3 kk" in report
    assert overview["Peruskoulut"][6:] == ["ei tietoa", "ei tietoa"]
    # The sources say how the printed signs were read.
    assert "(entity.yml: sign_convention: all_positive): raportti kääntää kulujen" in report


@pytest.mark.slow
def test_the_forecast_is_the_straight_line_pace_of_the_printed_lines(report):
    # No budget for kulut and tulot, no last year: 3 of 12 months gone, so × 4.
    # YHTEENSÄ: (-414 386 + 65 362) × 4 = -1 396 096 €, 79 688 € under the derived TA of
    # 1 475 784 €: favourable. Lasten päivähoito: -98 890 × 4 = -395 560 €, 81 723 € over
    # its 313 837 €: unfavourable.
    assert "Ennuste vuoden lopussa<strong>-1 396 096 €</strong>" in report
    assert "79 688 € alle talousarvion (suotuisa)" in report
    outlook = table_rows(report, "netto: näkymä vuoden loppuun")
    assert outlook["Sivistystoimi yhteensä"][:4] == [
        "-1 475 784",
        "-1 396 096",
        "79 688",
        "suotuisa",
    ]
    assert outlook["Lasten päivähoito"][:4] == ["-313 837", "-395 560", "-81 723", "epäsuotuisa"]


@pytest.mark.slow
def test_the_sums_the_printout_gets_wrong_are_listed(report):
    errors = table_rows(report, "Virheet: painettu luku poikkeaa laskennasta")
    # The units' kulut: 244 + 281 128 + 102 964 + 17 356 + 10 177 = 411 869 (printed 414 386);
    # tulot 1 344 + 31 687 + 4 074 + 26 + 130 = 37 261 (printed 65 362).
    assert errors["YHTEENSÄ / kulut / toteuma 1-3/2017"][2:] == ["-414 386", "-411 869", "-2 517"]
    assert errors["YHTEENSÄ / tulot / toteuma 1-3/2017"][2:] == ["65 362", "37 261", "28 101"]
    # nuoriso- ja liikunta: 10 177 - 130 = 10 047, printed 10 308.
    assert errors["nuoriso- ja liikunta / netto / toteuma 1-3/2017"][2:] == [
        "-10 308",
        "-10 047",
        "-261",
    ]


def test_the_all_positive_printout_reads_in_the_suites_signs(fixtures):
    """kulut, tulot and netto are entered as printed (all positive): inside the suite income is
    positive and costs and the net cost negative."""
    _, tables = build_processed(fixtures, ENTITY, PERIOD)
    statement = tables["income_statement"]
    actual = statement[statement["measure"] == "tot"].set_index(["unit", "line"])["amount"]
    assert actual[("YHTEENSÄ", "kulut")] == -414_386 and actual[("YHTEENSÄ", "tulot")] == 65_362
    assert actual[("YHTEENSÄ", "netto")] == -349_023  # printed, kept
    # 31 687 − 281 128 = −249 441 against the printed 249 440: 1 € of rounding, printed kept.
    assert actual[("peruskoulut", "netto")] == -249_440
    # 1 344 − 244 = 1 100, a net income, against the printed 14 346: replaced (audit error).
    assert actual[("sivistyslautakunta", "netto")] == 1_100


@pytest.mark.parametrize(
    ("declared", "first_wrong"),
    [
        # Rows 17 and 18 are YHTEENSÄ's kulut and tulot (the department is checked first):
        # tulot printed 65 362 are −65 362 under costs_positive, kulut 414 386 stay positive
        # under income_positive.
        (
            "costs_positive",
            "row 18, column 'toteuma 1-3/2017': the income line 'tulot' of "
            "'YHTEENSÄ' is 65 362 €, but under sign_convention 'costs_positive'",
        ),
        (
            "income_positive",
            "row 17, column 'toteuma 1-3/2017': the costs line 'kulut' of "
            "'YHTEENSÄ' is 414 386 €, but under sign_convention 'income_positive'",
        ),
    ],
)
def test_the_printout_under_another_convention_stops_with_the_row(
    tmp_path, fixtures, declared, first_wrong
):
    """Only the netto line has a TOT-% (so a derived TA): the tulot and kulut rows must still
    be checked, on their actual to date."""
    raw = tmp_path / "raw"
    shutil.copytree(fixtures / ENTITY, raw / ENTITY)
    path = raw / ENTITY / "entity.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sign_convention: all_positive", f"sign_convention: {declared}"))
    with pytest.raises(InputDataError) as error:
        build_processed(raw, ENTITY, PERIOD)
    assert first_wrong in str(error.value)
