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

# The main body reads in about 12 A4 pages (issue 17 point 3): at most 12.
MAIN_BODY_PAGES = 12

needs_chromium = pytest.mark.skipif(
    not browser.CHROMIUM.is_file(), reason="Debian's chromium is not installed (make browser)"
)


def first_pages(reader: PdfReader) -> dict[str, int]:
    """Each bookmark's title → the 1-based page it starts on (the first of equal titles)."""
    pages: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(item.title, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


@pytest.fixture(scope="module")
def printed(real_report_html, tmp_path_factory) -> PdfReader:
    """The real report printed once for this module's tests."""
    return PdfReader(write_pdf(real_report_html, tmp_path_factory.mktemp("pdf") / "r.pdf"))


@pytest.mark.slow
@needs_chromium
def test_summary_is_page_one_and_the_main_body_about_twelve_pages(printed):
    reader = printed
    pages = first_pages(reader)
    assert pages["Yhteenveto"] == 1
    assert pages["Strategiset mittarit"] == 2  # the summary fits one page and has it alone
    main_body = pages["Liitteet"] - 1
    assert 8 <= main_body <= MAIN_BODY_PAGES, main_body
    appendices = ("Ennuste riveittäin ja menetelmät", "Pyöristyserot")
    assert all(pages[title] >= pages["Liitteet"] for title in appendices)


def nested_titles(outline) -> dict[str, list[str]]:
    """Each bookmark's title → the titles of the bookmarks directly under it."""
    children: dict[str, list[str]] = {}
    previous = None
    for item in outline:
        if isinstance(item, list):
            children[previous.title] = [i.title for i in item if not isinstance(i, list)]
            children.update(nested_titles(item))
        else:
            previous = item
    return children


@pytest.mark.slow
@needs_chromium
def test_the_appendices_are_bookmarked_under_liitteet(printed):
    reader = printed
    children = nested_titles(reader.outline)
    under_part = children["Liitteet"]
    assert under_part[:2] == [
        "Tavoitteiden toteuma raportointipäivittäin",
        "Tuloslaskelmat yksiköittäin",
    ]
    assert under_part[-1] == "Lähteet ja menetelmät"
    # Not at the level of the chapters: the report title's children end with Liitteet.
    title = reader.outline[0].title
    assert children[title][-1] == "Liitteet"
    assert "Pyöristyserot" not in children[title]
