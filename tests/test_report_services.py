"""Palvelut, kyselyt ja käyttöasteet (``helpers.report.services``) against the source."""

from report_data import embedded_sections, plain, shown

from helpers.report.templates import render_section

# Source report: occupancy January–June 2024.
MONTHLY = ["79,47", "75,19", "80,29", "80,39", "79,60", "75,43"]


def test_occupancy_by_month_and_its_key_numbers():
    occupancy = embedded_sections()["palvelut"].content.occupancy
    assert shown(occupancy.table) == {
        f"{m}/2024": {"Käyttöaste %": value} for m, value in enumerate(MONTHLY, start=1)
    }
    numbers = {n.label: plain(n.value) for n in occupancy.key_numbers}
    # (79,47 + 75,19 + 80,29 + 80,39 + 79,6 + 75,43) ÷ 6 = 470,37 ÷ 6 = 78,395 → 78,40 %
    assert numbers == {
        "Jakson keskiarvo": "78,40 %",
        "Alin kuukausi": "75,19 %",
        "Ylin kuukausi": "80,39 %",
    }


def test_free_places_on_the_reporting_dates():
    # Source report: 20.3.2024 2,51 % and 0,83 %; 20.5.2024 1,84 % and 0,83 %.
    rows = shown(embedded_sections()["palvelut"].content.free_places)
    assert rows["20.3.2024"] == {
        "Vapaat varhaiskasvatuspaikat %": "2,51",
        "Vapaat esiopetuspaikat %": "0,83",
    }
    assert rows["20.5.2024"]["Vapaat varhaiskasvatuspaikat %"] == "1,84"


def test_march_shows_march_occupancy_and_not_june():
    from report_data import embedded

    from helpers.report.services import services_section

    html = render_section(services_section(embedded("2024-03-31")))
    assert "80,29" in html  # March occupancy
    assert "75,43" not in html  # June is not known yet


def test_the_occupancy_heading_is_the_entitys_and_shows_only_with_its_data():
    import dataclasses

    from report_data import embedded

    from helpers.report.model import ReportData
    from helpers.report.services import services_section

    data = embedded()
    # data/raw/heinola/entity.yml occupancy_title names whose occupancy it is.
    assert data.config.occupancy_title == "Varhaiskasvatuksen käyttöaste"
    assert "<h3>Varhaiskasvatuksen käyttöaste</h3>" in render_section(
        embedded_sections()["palvelut"]
    )
    # Without occupancy and free places, no heading; the rest of the section stays.
    occupancy_files = {"occupancy", "occupancy_summary", "free_places"}
    tables = {name: t for name, t in data.tables.items() if name not in occupancy_files}
    html = render_section(services_section(ReportData(data.config, data.period_end, tables)))
    assert "käyttöaste</h3>" not in html.lower() and "Ei tietoa" not in html
    assert "<h3>Kävijämäärät</h3>" in html
    # An entity that names no title gets the generic heading, never another entity's.
    plain_config = dataclasses.replace(data.config, occupancy_title=None)
    html = render_section(services_section(ReportData(plain_config, data.period_end, data.tables)))
    assert "<h3>Käyttöaste</h3>" in html and "Varhaiskasvatuksen käyttöaste" not in html


def test_an_entity_without_any_service_data_reads_ei_tietoa(heinola):
    import datetime as dt

    from helpers.report.model import ReportData
    from helpers.report.services import services_section

    section = services_section(ReportData(heinola, dt.date(2024, 6, 30), {}))
    assert section.content is None
    html = render_section(section)
    assert "Ei tietoa" in html and "<h3>" not in html
