"""Talousarvion toteutuminen (``helpers.report.budget``) against the source document."""

import re

from conftest import FIXTURES
from report_data import embedded, embedded_sections, plain, report_data, shown

from helpers.report.budget import budget_section, statements_appendix
from helpers.report.model import ReportData
from helpers.report.templates import render_section

CHANGE_EUR = "Muutos ed. vuoden samasta ajasta, €"
CHANGE_PCT = "Muutos ed. vuoden samasta ajasta, %"

# Toimintakate as printed in the source report (TA 2024 +muutos, TOT 2024 6 kk, Jäljellä,
# TOT-24 %): the department's statement and Virkkeellinen elämä's.
PRINTED = {
    "Hyvinvointitoimiala": ("-29 922 850", "-15 134 455", "-14 788 395", "50,58"),
    "Virikkeellinen elämä": ("-4 394 400", "-2 164 707", "-2 229 693", "49,26"),
}


def test_realisation_overview_shows_budget_as_ta_and_actual_as_tot():
    overview = embedded_sections()["talous"].content.overview
    rows = shown(overview)
    for unit, (budget, actual, remaining, percent) in PRINTED.items():
        assert rows[unit]["TA, €"] == budget, unit
        assert rows[unit]["TOT, €"] == actual, unit
        assert rows[unit]["Jäljellä, €"] == remaining, unit
        assert rows[unit]["TOT-%"] == percent, unit
    assert overview.index_label == "Toimintakate"
    # Source: TOT-% 50,58 for the department at 50 % of the year: 0,58 points ahead on a net
    # cost is unfavourable; HYTE's 49,24 % is behind (favourable); 50,08 % is in step.
    direction = {unit: row["Suunta"] for unit, row in rows.items()}
    assert direction["Hyvinvointitoimiala"] == "epäsuotuisa"
    assert direction["Hyvinvoinnin ja terveyden edistäminen"] == "suotuisa"
    assert direction["Varhaiskasvatus"] == "vastaa kulunutta aikaa"


def test_rendered_overview_puts_each_number_under_its_heading():
    html = render_section(embedded_sections()["talous"])
    table = html[: html.index("</table>")]
    headings = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    row = table[table.index('<th scope="row">Hyvinvointitoimiala</th>') :]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[: row.index("</tr>")], flags=re.S)
    texts = (re.sub(r"<[^>]+>", "", c).strip().replace("\u00a0", " ") for c in cells)
    printed = dict(zip(headings[1:], texts, strict=True))
    assert (printed["TA, €"], printed["TOT, €"]) == PRINTED["Hyvinvointitoimiala"][:2]
    assert printed["Suunta"] == "epäsuotuisa"  # the badge's word, under its heading


def test_main_body_keeps_each_units_assessments_and_links_the_statements():
    content = embedded_sections()["talous"].content
    assert [u.name for u in content.units] == [u.name for u in embedded().config.units]
    assert (
        content.units[0]
        .narrative.paragraphs[0]
        .startswith("Toimintakatteen talousarviosta on toteutunut")
    )
    html = render_section(embedded_sections()["talous"])
    assert '<a href="#liite-tuloslaskelmat">Tuloslaskelmat yksiköittäin</a>' in html
    assert "tuloslaskelma, nettositovuus" not in html  # the statements are in the appendix


def test_each_unit_has_its_statement_and_the_lines_ahead_of_pace_in_the_appendix():
    section = statements_appendix(embedded())
    assert section.appendix and section.heading_level == 3
    content = section.content
    assert [u.name for u in content.units] == [u.name for u in embedded().config.units]
    department = shown(content.units[0].statement)
    # TULOSLASKELMA of the department: Toimintakate TA 2024 +muutos and TOT 2024 6 kk.
    net = department["Toimintakate"]
    assert (net["TA 2024 +muutos"], net["TOT 2024 6 kk"]) == ("-29 922 850", "-15 134 455")
    assert "yli 5 %-yksikköä" in content.ahead_of_pace.caption
    # Source, Hyvinvoinnin ja terveyden edistäminen: Myyntituotot TA 35 000, TOT 111 668,
    # TOT-24 % 319,05: far ahead of the 50 % of the year.
    rows = {
        (row.label, row.cells[0].paragraphs[0]): tuple(plain(c.text) for c in row.cells[1:])
        for row in content.ahead_of_pace.rows
    }
    hyte_sales = rows[("Hyvinvoinnin ja terveyden edistäminen", "Myyntituotot")]
    assert hyte_sales == ("35 000", "111 668", "319,05")
    # Its Toimintatuotot, 74,10 %, is 24 points ahead too; Toimintakate (49,24 %) is not.
    assert ("Hyvinvoinnin ja terveyden edistäminen", "Toimintatuotot") in rows
    assert ("Hyvinvoinnin ja terveyden edistäminen", "Toimintakate") not in rows
    labels = [c.label for c in content.ahead_of_pace.columns]
    assert labels == ["Rivi", "TA, €", "TOT, €", "TOT-%"]


def test_the_change_columns_say_what_they_compare_and_in_which_unit():
    overview = embedded_sections()["talous"].content.overview
    labels = [c.label for c in overview.columns]
    assert "Muutos ed. vuoden samasta ajasta, €" in labels
    assert "Muutos ed. vuoden samasta ajasta, %" in labels
    assert "Muutos ed. vuoden samasta ajasta: TOT 2024 6 kk − TOT 2023 6 kk" in overview.caption
    # Every amount column says it is in euros; the others are percentages or words.
    assert all(label.endswith((", €", "%", "%-yks.")) or label == "Suunta" for label in labels), (
        labels
    )


def test_no_statement_means_no_appendix(heinola):
    import datetime as dt

    assert statements_appendix(ReportData(heinola, dt.date(2024, 6, 30), {})).content is None


def test_no_income_statement_means_no_data(heinola):
    import datetime as dt

    section = budget_section(ReportData(heinola, dt.date(2024, 6, 30), {}))
    assert section.content is None
    assert "Ei tietoa" in render_section(section)


# --- Another municipality's printout (tests/fixtures/raw, see test_new_municipality.py) ------

COMPUTED_DEPARTMENT = "Hyvinvointilautakunta yhteensä (laskettu yksiköiden summana)"


def test_a_computed_department_is_labelled_and_what_is_absent_reads_ei_tietoa():
    data = report_data(FIXTURES, "2024-08-31", "esimerkkila")
    content = budget_section(data).content
    rows = shown(content.overview)
    # The department is not printed: its row is the units' sum and says so. TA
    # -(1 330 000 + 1 840 000) = -3 170 000, TOT -(927 100 + 1 268 190) = -2 195 290.
    department = rows[COMPUTED_DEPARTMENT]
    assert (department["TA, €"], department["TOT, €"]) == ("-3 170 000", "-2 195 290")
    # No last year's column: the change from last year is unknown, not 0 and not blank.
    for row in rows.values():
        assert row[CHANGE_EUR] == row[CHANGE_PCT] == "ei tietoa"
    notes = " ".join(content.overview_notes)
    assert "Lähde ei tulosta edellisen vuoden tilinpäätöstä (TP 2023)" in notes
    assert "edellisen vuoden toteumaa samalta ajalta (TOT 2023 8 kk)" in notes
    statements = statements_appendix(data).content
    assert content.units[0].name == statements.units[0].name == COMPUTED_DEPARTMENT
    assert "palvelualueiden summia" in statements.units[0].notes[0]
    culture = shown(statements.units[1].statement)
    # Income printed -120 000 under sign_convention costs_positive is income of 120 000;
    # the columns the printout lacks read "ei tietoa", the printed ones keep their headers.
    income = culture["T U L O T (ulkoiset)"]
    assert (income["TP 2023"], income["TOT 2023 8 kk"]) == ("ei tietoa", "ei tietoa")
    assert (income["TA 2024"], income["TOT 1-8kk"]) == ("120 000", "85 300")
    assert statements.units[1].notes == ()
    html = render_section(budget_section(data))
    assert "ei tietoa" in html and COMPUTED_DEPARTMENT in html


def test_a_derived_budget_is_labelled_with_its_range():
    data = report_data(FIXTURES, "2024-04-30", "esimerkkila")
    content = budget_section(data).content
    culture = statements_appendix(data).content.units[1]
    net = shown(culture.statement)["TOIMINTAKATE (ulkoiset)"]
    # TA = -452 300 / 34,0 % = -1 330 294; the printed rounding (TOT ±0,5 €, 34,0 ± 0,05 %)
    # allows -452 300,5 / 0,3395 = -1 332 254,8 … -452 299,5 / 0,3405 = -1 328 339,2.
    assert net["TA 2024 (johdettu)"] == "-1 330 294"
    assert "väli -1 332 255 € … -1 328 339 €" in plain(culture.notes[0])
    # The department: -1 330 294,12 + -618 200 / 0,336 (= -1 839 880,95) = -3 170 175,07.
    assert shown(content.overview)[COMPUTED_DEPARTMENT]["TA (johdettu), €"] == "-3 170 175"


def test_a_real_table_without_tp_keeps_its_printed_change():
    data = report_data(FIXTURES, "2012-10-31", "ylojarvi")
    content = budget_section(data).content
    youth = shown(content.overview)["Nuorisotyö ja hallinto"]
    # Printed: Käyttö 1-10/2012 -606 811 against 1-10/2011 -482 638: -124 173 €, -25,73 %.
    assert (youth[CHANGE_EUR], youth[CHANGE_PCT]) == (
        "-124 173",
        "-25,73",
    )
    statement = shown(statements_appendix(data).content.units[1].statement)["Nettomenot"]
    assert statement["TP 2011"] == "ei tietoa" and statement["Käyttö 1-10/2011"] == "-482 638"
    assert (
        "Lähde ei tulosta edellisen vuoden tilinpäätöstä (TP 2011): taulukoissa sen"
        in (content.overview_notes[0])
    )


def test_a_fully_printed_statement_has_no_provenance_notes():
    content = embedded_sections()["talous"].content
    assert content.overview_notes == ()
    statements = statements_appendix(embedded()).content
    assert all(unit.notes == () for unit in statements.units)
    assert "ei tietoa" not in render_section(embedded_sections()["talous"])
