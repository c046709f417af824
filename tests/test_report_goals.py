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


def test_empty_form_rows_are_neither_counted_nor_listed():
    plan = embedded_sections()["kayttosuunnitelma"].content
    # Source report: 16 operating-plan rows, six of them empty ("Palvelualue ei määritelty –
    # Ei tietoa"): ten goals, KS02, KS04 and KS09 partly met, the other seven met.
    assert plan.empty_rows == 6 and len(plan.goals.rows) == 10
    by_unit = shown(plan.by_unit)
    assert "Palvelualue ei määritelty" not in by_unit
    assert sum(int(row["Yhteensä"]) for row in by_unit.values()) == 10
    assert sum(int(row["Toteutuu osittain"]) for row in by_unit.values()) == 3
    # Every listed goal names its service area.
    assert all(row["Palvelualue"] for row in shown(plan.goals).values())


def test_the_realisation_texts_are_an_appendix():
    details = embedded_sections()["liite-tavoitteet"]
    assert details.appendix
    assert [level.title for level in details.content.levels] == [
        "Strategiset mittarit",
        "Valtuuston sitovat tavoitteet",
        "Käyttösuunnitelman tavoitteet",
    ]
    plan = details.content.levels[2].goals
    assert len(plan.rows) == 10 and "Toteuma 30.6." in [c.label for c in plan.columns]
    # The main body's list is short: goal and status, no realisation texts.
    main = embedded_sections()["kayttosuunnitelma"].content.goals
    assert [c.label for c in main.columns] == ["Palvelualue", "Tavoite", "Tila"]
