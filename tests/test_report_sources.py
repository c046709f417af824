"""Lähteet ja menetelmät (``helpers.report.sources``)."""

import datetime as dt

import pandas as pd
from report_data import embedded_sections

from helpers.report.model import ReportData
from helpers.report.sources import source_files


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
