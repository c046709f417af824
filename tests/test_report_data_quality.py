"""Aineiston laatu (``helpers.report.data_quality``): the audit's findings as the board sees
them, with the printing errors of the source report listed."""

import pandas as pd
from report_data import embedded, embedded_sections, plain, with_tables

from helpers.audit import DEPARTMENT_SUM_CHECK
from helpers.report.data_quality import data_quality_section
from helpers.report.templates import render_section


def test_counts_add_up_and_known_printing_errors_are_listed():
    content = embedded_sections()["laatu"].content
    assert content.ok + content.rounding + content.errors == content.checked > 0
    errors = {row.label: row for row in content.error_table.rows}
    # Source report: investments "Poikkeama −270 000" although −270 000 − (−9 940) = −260 060.
    poikkeama = errors["HYVINVOINTI / Menot / Poikkeama"]
    assert [plain(c.text) for c in poikkeama.cells[2:]] == ["-270 000", "-260 060", "-9 940"]
    # Source report, project totals: "Yhteensä 1 320 392 €", the rows add up to 1 328 170,03.
    total = errors["Yhteensä / Kokonaisrahoitus €"]
    assert [plain(c.text) for c in total.cells[2:]] == ["1 320 392", "1 328 170,03", "-7 778,03"]
    html = plain(render_section(embedded_sections()["laatu"]))
    assert f"tarkistettiin kaikkiaan {content.checked}: {content.ok} täsmää" in html


def test_the_errors_come_first_and_the_rounding_differences_are_an_appendix():
    html = plain(render_section(embedded_sections()["laatu"]))
    content = embedded_sections()["laatu"].content
    # The errors table comes before any word about rounding; the list itself is elsewhere.
    assert html.index("Virheet: painettu luku") < html.index("Pyöristyseroja on")
    assert f"Pyöristyseroja on {content.rounding}:" in html
    assert '<a href="#liite-pyoristyserot">Pyöristyserot</a>' in html
    assert "Pyöristyserot ja määrittelemättömät prosentit" not in html
    appendix = embedded_sections()["liite-pyoristyserot"]
    assert appendix.appendix and len(appendix.content.table.rows) == content.rounding
    # Every rounding difference is at most the tolerance (3 €) in size.
    assert all(
        abs(float(plain(r.cells[-1].text).replace(",", "."))) <= 3
        for r in appendix.content.table.rows
        if r.cells[-1].text != "–"
    )


def _with_department_error(audit, replace_all):
    """The embedded audit with one printed department row off by 25 584 € (Lestijärvi's
    YHTEENSÄ −349 023 € against its units' −374 607 €, tests/fixtures/raw/lestijarvi)."""
    row = audit.iloc[[0]].assign(
        check=DEPARTMENT_SUM_CHECK, severity="error", printed=-349_023.0, recomputed=-374_607.0
    )
    others = audit[audit["severity"] != "error"] if replace_all else audit
    return with_tables(audit=pd.concat([others, row], ignore_index=True))


def test_printed_department_errors_are_not_claimed_to_be_corrected():
    audit = embedded().dataset("audit")
    only_department = plain(
        render_section(data_quality_section(_with_department_error(audit, True)))
    )
    assert "Lähdeaineistossa on 1 painettua lukua" in only_department
    assert "toimialan luvut on esitetty sellaisina kuin ne on painettu" in only_department
    assert "eivät siirry raporttiin" not in only_department
    # The embedded report's errors (investments, projects) are recomputed; the added one,
    # the department's, is shown as printed: the text says which.
    mixed = plain(render_section(data_quality_section(_with_department_error(audit, False))))
    assert f"Lähdeaineistossa on {(audit['severity'] == 'error').sum() + 1} painettua" in mixed
    assert "laskentaa. Raportin muut luvut on laskettu uudelleen" in mixed
    assert "niiden 1 eroa palvelualueiden summaan näkyvät myös raportissa" in mixed
    # Without department errors the embedded text stands.
    embedded_text = plain(render_section(embedded_sections()["laatu"]))
    assert "vastaa laskentaa. Raportin luvut on laskettu uudelleen" in embedded_text
    assert "joten virheet eivät siirry raporttiin" in embedded_text
