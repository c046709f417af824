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
