"""Talousarvion toteutuminen (``helpers.report.budget``) against the source document."""

import re

from report_data import embedded, embedded_sections, shown

from helpers.report.budget import budget_section
from helpers.report.model import ReportData
from helpers.report.templates import render_section

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
        assert rows[unit]["TA"] == budget, unit
        assert rows[unit]["TOT"] == actual, unit
        assert rows[unit]["Jäljellä"] == remaining, unit
        assert rows[unit]["TOT-%"] == percent, unit
    assert overview.index_label == "Toimintakate"


def test_rendered_overview_puts_each_number_under_its_heading():
    html = render_section(embedded_sections()["talous"])
    table = html[: html.index("</table>")]
    headings = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    row = table[table.index('<th scope="row">Hyvinvointitoimiala</th>') :]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row[: row.index("</tr>")])
    printed = dict(zip(headings[1:], (c.replace("\u00a0", " ") for c in cells), strict=True))
    assert (printed["TA"], printed["TOT"]) == PRINTED["Hyvinvointitoimiala"][:2]


def test_each_unit_has_its_statement_and_the_lines_ahead_of_pace():
    content = embedded_sections()["talous"].content
    assert [u.name for u in content.units] == [u.name for u in embedded().config.units]
    department = shown(content.units[0].statement)
    # TULOSLASKELMA of the department: Toimintakate TA 2024 +muutos and TOT 2024 6 kk.
    net = department["Toimintakate"]
    assert "-29 922 850" in net.values() and "-15 134 455" in net.values()
    assert content.units[0].narrative.paragraphs[0].startswith("Toimintakatteesta on käytetty")
    assert "yli 5 %-yksikköä" in content.ahead_of_pace.caption


def test_no_income_statement_means_no_data(heinola):
    import datetime as dt

    section = budget_section(ReportData(heinola, dt.date(2024, 6, 30), {}))
    assert section.content is None
    assert "Ei tietoa" in render_section(section)
