"""End to end: `make report` as a user runs it, then the HTML a board member opens."""

import re
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import STATEMENT_CSV

from helpers.config import PROJECT_ROOT
from helpers.finnish import format_number

REPORT = PROJECT_ROOT / "reports" / "heinola" / "2024-06-30" / "index.html"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))

    def handle_data(self, data):
        self.parts.append(data)


@pytest.fixture(scope="module")
def report_html():
    done = subprocess.run(
        ["make", "report"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    combined = done.stdout + done.stderr
    assert "No kernel name found" not in combined
    assert "without encryption" not in combined
    return REPORT.read_text(encoding="utf-8")


@pytest.mark.slow
def test_report_shows_every_printed_number_of_the_department(report_html):
    parser = _Text()
    parser.feed(report_html)
    text = " ".join(parser.parts)
    printed = pd.read_csv(STATEMENT_CSV, sep=";", dtype=str)
    department = printed[printed["Yksikkö"] == "Hyvinvointilautakunnan toimiala"]
    assert len(department) == 16
    for _, row in department.iterrows():
        assert row["Rivi"] in text
        for column in ("TP 2023", "TOT 2023 6 kk", "TA 2024 +muutos", "TOT 2024 6 kk", "Jäljellä"):
            shown = row[column].replace(" ", "\u00a0")
            assert shown in text, (row["Rivi"], column, row[column])
    assert "50,58" in text and "44,49" in text
    assert format_number(-15134455) == "-15\u00a0134\u00a0455"


@pytest.mark.slow
def test_report_is_code_free_and_offline(report_html):
    assert 'class="jp-InputArea' not in report_html  # no code cells
    assert "from helpers" not in report_html
    assert "Traceback" not in report_html
    assert not re.search(r"<script[^>]+src=", report_html)
    assert not re.search(r"<link[^>]+href=\"?https?:", report_html)
