"""Goal sections (``helpers.report.goals``) against the source document."""

import datetime as dt

from report_data import embedded_sections, shown

from helpers.report.goals import strategic_section
from helpers.report.model import ReportData


def goal_rows(anchor: str):
    table = embedded_sections()[anchor].content.goals
    for row in table.rows:
        yield row, " ".join(" ".join(cell.paragraphs) for cell in row.cells)


def test_strategic_measure_and_its_status_as_in_the_source():
    # Source report: "Hyvinvointi lisääntyy · HYTE-kerroin 2024: 20,3 €/ as · Toteutuu osittain".
    rows = [row for row, text in goal_rows("strategiset") if "HYTE-kerroin" in text]
    assert len(rows) == 1
    status = rows[0].cells[-1]
    assert (status.text, status.badge) == ("Toteutuu osittain", "partly")


def test_status_counts_add_up_and_the_plan_is_counted_per_service_area():
    for anchor in ("strategiset", "valtuusto", "kayttosuunnitelma"):
        for goal, counts in shown(embedded_sections()[anchor].content.counts).items():
            parts = sum(int(v) for k, v in counts.items() if k != "Yhteensä")
            assert parts == int(counts["Yhteensä"]), (anchor, goal)
    plan = embedded_sections()["kayttosuunnitelma"].content
    assert plan.by_unit is not None and plan.by_unit_chart is not None
    assert embedded_sections()["strategiset"].content.wellbeing_index is not None
    assert embedded_sections()["valtuusto"].content.by_unit is None


def test_no_goals_means_no_data(heinola):
    assert strategic_section(ReportData(heinola, dt.date(2024, 6, 30), {})).content is None
