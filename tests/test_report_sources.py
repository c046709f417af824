"""Lähteet ja menetelmät (``helpers.report.sources``)."""

import datetime as dt

import pandas as pd
from conftest import FIXTURES
from report_data import embedded_sections, report_data

from helpers.report.model import ReportData
from helpers.report.sources import source_files, sources_section
from helpers.report.templates import render_section


def test_every_source_file_once_in_order():
    files = embedded_sections()["lahteet"].content.files
    assert list(files) == sorted(set(files))
    assert {"tuloslaskelma.csv", "hankkeet.csv", "kayttoasteet.csv"} <= set(files)


def test_files_come_from_the_datasets(heinola):
    tables = {
        "risks": pd.DataFrame({"source_file": ["b.csv", None, "a.csv"]}),
        "population": pd.DataFrame({"x": [1]}),
    }
    data = ReportData(heinola, dt.date(2024, 6, 30), tables)
    assert source_files(data) == ("a.csv", "b.csv")


def test_the_statements_printed_columns_and_signs_are_named():
    content = sources_section(report_data(FIXTURES, "2024-08-31", "esimerkkila")).content
    # esimerkkila/2024-08-31/tuloslaskelma.csv prints: TA 2024; TOT 1-8kk; M % (entity.yml).
    assert content.statement_columns == (
        "TP 2023: edellisen vuoden tilinpäätös, ei lähteessä (ei tietoa)",
        "TOT 2023 8 kk: edellisen vuoden toteuma samalta ajalta, ei lähteessä (ei tietoa)",
        "TA 2024: talousarvio",
        "TOT 1-8kk: kuluvan vuoden toteuma",
        "M %: toteumaprosentti: tarkistetaan painetulla tarkkuudella, raportti laskee TOT-% "
        "uudelleen",
    )
    assert "sign_convention: costs_positive" in content.signs
    assert "Lähde tulostaa tuotot negatiivisina" in render_section(
        sources_section(report_data(FIXTURES, "2024-08-31", "esimerkkila"))
    )


def test_a_derived_budget_and_a_real_tables_headers_in_the_sources():
    note = sources_section(report_data(FIXTURES, "2024-04-30", "esimerkkila")).content
    assert note.statement_columns[2] == (
        "TA 2024 (johdettu): talousarvio, lähde ei tulosta, johdettu toteumasta ja painetusta "
        "toteumaprosentista"
    )
    real = sources_section(report_data(FIXTURES, "2012-10-31", "ylojarvi")).content
    # The Ylöjärvi table's own headers: Käyttö 1-10/2011, Käyttö 1-10/2012, Erotus 2011/2012.
    assert "Käyttö 1-10/2011: edellisen vuoden toteuma samalta ajalta" in real.statement_columns
    assert "Erotus 2011/2012: muutos edellisestä vuodesta: tarkistetaan" in real.statement_columns
    # Nettomenot alone, printed negative: no income to speak of.
    assert real.signs == "Lähde tulostaa nettokustannukset negatiivisina kuten raportti."


def test_heinola_columns_are_its_printed_headers():
    columns = embedded_sections()["lahteet"].content.statement_columns
    assert [c.split(":")[0] for c in columns] == [
        "TP 2023",
        "TOT 2023 6 kk",
        "TA 2024 +muutos",
        "TOT 2024 6 kk",
    ]


def _statement_data(heinola, audit_files):
    tables = {"income_statement": pd.DataFrame({"amount": [1.0]})}
    if audit_files is not None:
        tables["audit"] = pd.DataFrame({"file": audit_files})
    return ReportData(heinola, dt.date(2024, 6, 30), tables)


def test_the_statement_is_listed_under_the_name_it_was_read_from(heinola):
    # An xlsx export in its own letter case; the budget summary and the projects the audit
    # also names are not the statement (projects come from their own source_file column).
    data = _statement_data(
        heinola, ["Tuloslaskelma.XLSX", "talousarvio_yhteenveto.csv", "hankkeet.csv"]
    )
    assert source_files(data) == ("Tuloslaskelma.XLSX",)


def test_a_statement_the_audit_does_not_name_is_listed_by_its_catalog_stem(heinola):
    assert source_files(_statement_data(heinola, None)) == ("tuloslaskelma",)
    assert source_files(_statement_data(heinola, ["hankkeet.csv"])) == ("tuloslaskelma",)


def test_no_statement_no_statement_file(heinola):
    tables = {"audit": pd.DataFrame({"file": ["tuloslaskelma.csv"]})}
    data = ReportData(heinola, dt.date(2024, 6, 30), tables)
    assert source_files(data) == ()


def test_every_outside_figure_is_cited_with_its_source():
    from report_data import embedded

    from helpers.report.sources import outside_figures

    cited = outside_figures(embedded())
    # data/raw/kansalliset_vertailutiedot.csv: three national figures of 2023.
    assert [c.split(":")[0] for c in cited] == [
        "HYTE-kerroin 2023",
        "HYTE-lisäosa kunnille yhteensä 2023",
        "syö aamupalan 2023",
    ]
    assert cited[0].startswith("HYTE-kerroin 2023: Kuntaliitto, blogi 2022")
    assert "THL Kouluterveyskysely 2023" in cited[2]


def test_a_report_before_the_national_figures_cites_none_of_them():
    from report_data import embedded

    from helpers.report.sources import outside_figures

    # The embedded national figures are all of 2023: a 2022 report uses and cites none.
    data = embedded()
    earlier = ReportData(data.config, dt.date(2022, 6, 30), data.tables)
    assert outside_figures(earlier) == ()
    assert len(outside_figures(data)) == 3
