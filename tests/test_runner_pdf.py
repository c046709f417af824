"""The run writes the agenda PDF beside the management HTML, or says how to get it.

The real report's PDF is the one the command line publishes (reports/heinola/2024-06-30/);
its bookmarks are checked against the headings of the HTML it was printed from, read with
html.parser, not through the code under test. The engine-missing path runs the tiny suite
with the engine's path pointing nowhere.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from pypdf import PdfReader
from runner_support import TINY_ENTITY, TINY_PERIOD, tiny_report, tiny_suite
from test_pdf import REAL_REPORT_PAGES, _Headings, assert_a4, assert_tagged, bookmarks

from helpers import browser
from helpers.config import PROJECT_ROOT
from helpers.runner.keys import STAGES
from helpers.runner.period import run_period

pytestmark = pytest.mark.slow
needs_chromium = pytest.mark.skipif(
    not browser.CHROMIUM.is_file(), reason="Debian's chromium is not installed (make browser)"
)
REAL_REPORT = PROJECT_ROOT / "reports" / "heinola" / "2024-06-30"
REAL_PDF_NAME = "heinola-2024-06-30.pdf"
TINY_PDF_NAME = f"{TINY_ENTITY}-{TINY_PERIOD}.pdf"
# The running header is the page's <title>, from the synthetic entity.yml of the tiny suite.
TINY_TITLE = "Testikylä (synteettinen): Sivistystoimen osavuosikatsaus 1.1.–30.6.2024"


def manifest(report_dir) -> dict:
    return json.loads((report_dir / "manifest.json").read_text(encoding="utf-8"))


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def real_pdf(real_report_html) -> PdfReader:
    """The PDF the command-line run published (the fixture ran it)."""
    return PdfReader(REAL_REPORT / REAL_PDF_NAME)


@needs_chromium
def test_the_run_publishes_an_a4_tagged_pdf_of_readable_length(real_pdf):
    assert_a4(real_pdf)
    assert len(real_pdf.pages) in REAL_REPORT_PAGES
    assert_tagged(real_pdf)


@needs_chromium
def test_the_published_pdfs_bookmarks_are_the_htmls_headings(real_pdf):
    parser = _Headings()
    parser.feed((REAL_REPORT / "index.html").read_text(encoding="utf-8"))
    top = min(level for level, _ in parser.headings)
    expected = [(level - top, text) for level, text in parser.headings]
    assert [(depth, title) for depth, title, _ in bookmarks(real_pdf)] == expected


@needs_chromium
def test_every_page_has_the_running_header_and_its_number(real_pdf):
    title = "Heinola: Hyvinvointitoimialan osavuosikatsaus 1.1.–30.6.2024"
    pages = len(real_pdf.pages)
    for number, page in enumerate(real_pdf.pages, start=1):
        text = page.extract_text()
        assert title in text, number
        assert f"Sivu {number} / {pages}" in text, number


@needs_chromium
def test_the_manifest_and_the_index_list_the_pdf(real_pdf):
    recorded = manifest(REAL_REPORT)
    assert recorded["pdf"] == REAL_PDF_NAME
    assert recorded["outputs"][f"report/{REAL_PDF_NAME}"] == sha256(REAL_REPORT / REAL_PDF_NAME)
    index = (PROJECT_ROOT / "reports" / "index.html").read_text(encoding="utf-8")
    assert f'href="heinola/2024-06-30/{REAL_PDF_NAME}"' in index


@needs_chromium
def test_without_the_engine_the_html_is_published_and_the_next_run_adds_the_pdf(
    tmp_path, monkeypatch
):
    paths = tiny_suite(tmp_path)
    report = tiny_report(paths)
    engine = browser.CHROMIUM
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    lines: list[str] = []
    first = run_period(TINY_ENTITY, TINY_PERIOD, paths, log=lines.append)
    assert first.status == "ok" and first.ran == list(STAGES)
    assert (report / "index.html").is_file() and not (report / TINY_PDF_NAME).exists()
    assert manifest(report)["pdf"] is None
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    assert "acme/2024-06-30/index.html" in index and ".pdf" not in index
    (said,) = [line for line in lines if "PDF not written" in line]
    assert str(tmp_path / "no-chromium") in said
    command = f"python -m helpers.cli run --entity {TINY_ENTITY} --period-end {TINY_PERIOD}"
    assert f"`{command}` writes it." in said
    # Still no engine: the report is up to date, nothing to add.
    assert run_period(TINY_ENTITY, TINY_PERIOD, paths, log=lines.append).status == "up to date"

    monkeypatch.setattr(browser, "CHROMIUM", engine)  # the engine is installed
    second = run_period(TINY_ENTITY, TINY_PERIOD, paths, log=lines.append)
    assert second.ran == ["40_report"]
    pdf = report / TINY_PDF_NAME
    reader = PdfReader(pdf)
    assert_a4(reader)
    assert_tagged(reader)
    assert TINY_TITLE in reader.pages[0].extract_text()
    assert manifest(report)["pdf"] == TINY_PDF_NAME
    assert manifest(report)["outputs"][f"report/{TINY_PDF_NAME}"] == sha256(pdf)
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    assert f'href="acme/2024-06-30/{TINY_PDF_NAME}"' in index
    assert run_period(TINY_ENTITY, TINY_PERIOD, paths, log=lines.append).status == "up to date"
    # Nothing half-written is left beside the report.
    assert [p.name for p in report.parent.iterdir()] == [TINY_PERIOD]
