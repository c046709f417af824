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
