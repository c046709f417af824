"""Investoinnit (``helpers.report.investments``) against the source document."""

from report_data import embedded, embedded_sections, shown

from helpers.audit import investment_checks
from helpers.report.investments import lines_table


def test_investment_lines_recomputed_from_the_printed_budget_and_actual():
    rows = shown(embedded_sections()["investoinnit"].content.lines)
    # Source report: Menot TP 2023 −198 824, TA 2024 −270 000, Toteuma 1–6 −9 940, printed
    # Poikkeama −270 000 (wrong) and Toteuma % 3,68. By hand: −270 000 − (−9 940) = −260 060
    # and 9 940 ÷ 270 000 × 100 = 3,68.
    assert rows["Menot"] == {
        "TP 2023": "-198 824",
        "TA 2024": "-270 000",
        "Toteuma 1–6": "-9 940",
        "Poikkeama (TA − toteuma)": "-260 060",
        "Toteuma %": "3,68",
    }


def test_report_and_audit_recompute_the_same_numbers():
    data = embedded()
    frame = lines_table(data).frame
    findings = investment_checks(data.dataset("investments"))
    audit = {f["item"].split(" / ", 1)[1]: f["recomputed"] for f in findings}
    assert audit["Menot / Poikkeama"] == frame.loc["Menot", "Poikkeama (TA − toteuma)"]
    assert audit["Menot / Toteuma %"] == frame.loc["Menot", "Toteuma %"]


def test_items_and_assessments():
    content = embedded_sections()["investoinnit"].content
    assert content.items is not None and content.items.caption == "Investointikohteet"
    assert all(a.heading.startswith("Oma arvio: ") for a in content.assessments)
