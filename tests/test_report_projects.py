"""Hankkeet (``helpers.report.projects``) against the source document."""

import pytest
from report_data import embedded_sections, shown

# The source report's OPH projects: total funding € and the city's share %.
OPH_PROJECTS = [(6000, 30), (18571, 30), (45000, 5), (18839, 10)]


def test_external_funding_is_the_total_less_the_citys_euros():
    by_funder = shown(embedded_sections()["hankkeet"].content.by_funder)
    oph = by_funder["OPH"]
    # By hand: 6000×0.70 + 18571×0.70 + 45000×0.95 + 18839×0.90
    #        = 4200 + 12999.7 + 42750 + 16955.1 = 76904.8 €
    #   city: 1800 + 5571.3 + 2250 + 1883.9 = 11505.2 €
    assert sum(total for total, _ in OPH_PROJECTS) == 88410
    assert oph == {
        "Hankkeita": "4",
        "Kokonaisrahoitus, €": "88 410",
        "Kaupungin osuus, €": "11 505",
        "Ulkopuolinen rahoitus, €": "76 905",
    }


def test_intro_counts_the_projects():
    content = embedded_sections()["hankkeet"].content
    assert content.count == 20 and content.year == 2024
    # The 20 projects' printed total funding add up to 1 328 170,03 € (the printed
    # "Yhteensä" 1 320 392 is off; the audit reports it).
    assert content.total_funding == pytest.approx(1328170.03, abs=0.005)
    # Toteutusaika ends in 2024 for 13 of the 20 projects (counted in the source report).
    assert content.ending == 13
