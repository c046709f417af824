"""End to end: `make report` as a user runs it, then the HTML a board member opens."""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import SECTION_TITLES, STATEMENT_CSV

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
    assert '<html lang="fi">' in report_html
    assert "from helpers" not in report_html
    assert "Traceback" not in report_html
    assert not re.search(r"<script[^>]+src=", report_html)
    # Nothing is fetched: no attribute points outside the file. A source cited with its web
    # address as text (the national comparison figures) is not a fetch.
    assert not re.search(r"(src|href|url)\s*[=(]\s*[\"']?\s*(https?:)?//", report_html)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
def test_report_in_headless_chromium_offline(report_html):
    from playwright.sync_api import sync_playwright

    errors, failed, requested = [], [], []
    screenshot = PROJECT_ROOT / "reports" / ".screenshots" / "heinola-2024-06-30.png"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("request", lambda r: requested.append(r.url))
        page.goto(REPORT.as_uri(), wait_until="load")
        # A section's title is its first child: h2 for a chapter, h3 for an appendix.
        headings = page.locator("section > :is(h2, h3):first-child").all_inner_texts()
        images_ok = page.evaluate(
            "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        toc_links = page.locator("nav.toc a").count()
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    assert errors == [] and failed == []
    assert all(url.startswith(("file:", "data:")) for url in requested)
    assert headings == SECTION_TITLES and toc_links == len(SECTION_TITLES)
    assert images_ok
    assert screenshot.stat().st_size > 50_000


@pytest.mark.slow
def test_analyst_outputs_beside_the_report(report_html):
    import openpyxl

    folder = REPORT.parent
    for stage in ("10_clean", "20_indicators", "30_forecast", "40_report"):
        assert (folder / "notebooks" / f"{stage}.ipynb").is_file()
        html = (folder / "notebooks" / f"{stage}.html").read_text(encoding="utf-8")
        assert 'class="jp-InputArea' in html  # the analysts' HTML keeps the code
    workbook = openpyxl.load_workbook(folder / "tables.xlsx")
    assert len(workbook.sheetnames) >= 30
    statement = next(
        workbook[name] for name in workbook.sheetnames if "Hyvinvointitoimiala tuloslas" in name
    )
    values = [cell.value for row in statement.iter_rows() for cell in row]
    assert -15_134_455 in values  # a number, not text
    index = (PROJECT_ROOT / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="heinola/2024-06-30/index.html"' in index and "30.6.2024" in index
