"""Tunnusluvut (``helpers.report.key_figures``) against the source document."""

from report_data import embedded_sections, shown

# "Ulkopuolinen rahoitus/€" in the source report's key-figure table: euros per service area,
# 2022 actual, 2023 forecast, 2024 target (the table prints "493 000 €" etc.).
EXTERNAL_FUNDING_EUR = {
    "Varhaiskasvatuspalv.": {"2022": "341 842", "2023": "493 000", "2024": "200 000"},
    "opetus- ja koulutuspalv.": {"2022": "386 735", "2023": "430 000", "2024": "430 000"},
    "virikkeellinen elämä": {"2022": "197 962", "2023": "160 000", "2024": "150 000"},
    "hyvinvoinnin ja terveyden edistäminen": {"2022": "", "2023": "", "2024": "25 000"},
}


def test_external_funding_is_shown_in_euros_as_printed():
    table = embedded_sections()["tunnusluvut"].content.external_funding
    assert table.index_label == "Ulkopuolinen rahoitus, €"
    assert shown(table) == EXTERNAL_FUNDING_EUR


def test_per_capita_net_cost_and_hyte():
    content = embedded_sections()["tunnusluvut"].content
    department = shown(content.per_capita)["Hyvinvointitoimiala"]
    # −toimintakate ÷ population: TA 2024 −29 922 850 € (source report) ÷ 17 953 residents
    # (data/raw/heinola/vaesto.csv) = 1 666,73 €/asukas.
    assert content.population == 17953
    assert department["TA 2024"] == "1 666,73"
    # The source report: "HYTE-kerroin 2024: 20,3 €/ as".
    assert content.hyte is not None and round(content.hyte.value, 2) == 20.3
