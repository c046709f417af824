"""The printed 30.6.2024 report reads like a board document: the summary is page one, the
main body about 12 A4 pages, and the working material after it under Liitteet.

Measured as the issue asks: the report's own HTML printed to PDF with Chromium
(``helpers.pdf.write_pdf``), pages counted from the PDF's bookmarks with pypdf.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from helpers import browser
from helpers.pdf import write_pdf

# About 12 pages of main body; new chapters of the source report may add a page or two.
MAIN_BODY_PAGES = 14

needs_chromium = pytest.mark.skipif(
    not browser.CHROMIUM.is_file(), reason="Debian's chromium is not installed (make browser)"
)


def first_pages(reader: PdfReader) -> dict[str, int]:
    """Each top-level chapter's title → the 1-based page it starts on."""
    pages: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(item.title, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


@pytest.mark.slow
@needs_chromium
def test_summary_is_page_one_and_the_main_body_about_twelve_pages(real_report_html, tmp_path):
    reader = PdfReader(write_pdf(real_report_html, tmp_path / "raportti.pdf"))
    pages = first_pages(reader)
    assert pages["Yhteenveto"] == 1
    assert pages["Strategiset mittarit"] == 2  # the summary fits one page and has it alone
    main_body = pages["Liitteet"] - 1
    assert 8 <= main_body <= MAIN_BODY_PAGES, main_body
    appendices = ("Ennuste riveittäin ja menetelmät", "Pyöristyserot")
    assert all(pages[title] >= pages["Liitteet"] for title in appendices)
