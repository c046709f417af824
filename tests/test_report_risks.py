"""Riskienhallinta (``helpers.report.risks``) against the source document."""

import datetime as dt

from report_data import embedded_sections, shown

from helpers.report.model import ReportData
from helpers.report.risks import risk_section


def test_risks_with_probability_and_significance_as_printed():
    content = embedded_sections()["riskit"].content
    rows = shown(content.risks)
    # Source report: "Henkilöstön rekrytointihaasteet; hlöstön saatavuus · Todennäköisyys: 1
    # · Merkittävyys: 1", a Toiminnallinen riski.
    recruiting = next(v for k, v in rows.items() if k.startswith("Henkilöstön rekrytointi"))
    assert recruiting["Riskiluokka"] == "Toiminnallinen riski"
    assert (recruiting["Todennäköisyys"], recruiting["Merkittävyys"]) == ("1", "1")
    assert content.matrix.png_base64 and content.matrix.alt.startswith("Riskimatriisi")


def test_no_risks_means_no_data(heinola):
    assert risk_section(ReportData(heinola, dt.date(2024, 6, 30), {})).content is None
