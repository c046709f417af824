"""Aineiston laatu (``helpers.report.data_quality``): the audit's findings as the board sees
them, with the printing errors of the source report listed."""

from report_data import embedded_sections, plain

from helpers.report.templates import render_section


def test_counts_add_up_and_known_printing_errors_are_listed():
    content = embedded_sections()["laatu"].content
    assert content.ok + content.rounding + content.errors == content.checked > 0
    errors = {row.label: row for row in content.error_table.rows}
    # Source report: investments "Poikkeama −270 000" although −270 000 − (−9 940) = −260 060.
    poikkeama = errors["HYVINVOINTI / Menot / Poikkeama"]
    assert [plain(c.text) for c in poikkeama.cells[2:]] == ["-270 000", "-260 060", "-9 940"]
    html = plain(render_section(embedded_sections()["laatu"]))
    assert f"tarkistettiin {content.checked}: {content.ok} täsmää" in html
    assert f"<summary>Pyöristyserot ({content.rounding})</summary>" in html
