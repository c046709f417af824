"""WCAG 2.1 AA: axe-core (pinned in tools/a11y) in headless Chromium, plus the structure the
board's screen-reader users depend on: Finnish declared, charts with text alternatives that
state numbers, tables with captions and header scopes.

Tests marked ``a11y`` check the real report; they fail until the report meets the bar.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from helpers import a11y, browser

needs_browser_and_axe = pytest.mark.skipif(
    not browser.CHROMIUM.is_file() or not a11y.AXE_SCRIPT.is_file(),
    reason="needs Debian's chromium and axe-core in tools/a11y (make browser)",
)

# A one-pixel PNG, so that the pages need no file beside them.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
GOOD_PAGE = f"""<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">
<title>Raportti</title></head><body><main><h1>Raportti</h1>
<table><caption>Tulot</caption><thead><tr><th scope="col">Rivi</th><th scope="col">TOT</th>
</tr></thead><tbody><tr><th scope="row">Myyntituotot</th><td>480</td></tr></tbody></table>
<img alt="Pylväskuvio: toteuma 48 %" width="10" height="10" src="{PIXEL}">
</main></body></html>"""
# Three classic failures: no language, no title, an image without a text alternative.
BAD_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><main>
<h1>Raportti</h1><img width="10" height="10" src="{PIXEL}">
</main></body></html>"""


def test_axe_result_is_read_into_violations():
    result = {
        "violations": [
            {
                "id": "image-alt",
                "impact": "critical",
                "help": "Images must have alternate text",
                "helpUrl": "https://dequeuniversity.com/rules/axe/4.14/image-alt",
                "nodes": [{"target": ["figure > img"]}, {"target": ["#risk", "img"]}],
            },
            {"id": "region", "impact": None, "help": "Content in landmarks", "nodes": []},
        ]
    }
    found = a11y.violations_from(result)
    assert [(v.rule, v.impact, v.count) for v in found] == [
        ("image-alt", "critical", 2),
        ("region", "unknown", 0),
    ]
    assert found[0].targets == ("figure > img", "#risk img")
    assert found[0].summary() == (
        "image-alt (critical, 2×): Images must have alternate text — e.g. figure > img"
    )


def test_missing_axe_says_how_to_install_it(tmp_path):
    with pytest.raises(a11y.AxeMissing, match=r"npm ci --prefix tools/a11y"):
        a11y.axe_source(tmp_path / "axe.min.js")


def test_axe_is_pinned_by_a_lock_file():
    import json

    from helpers.config import PROJECT_ROOT

    folder = PROJECT_ROOT / "tools" / "a11y"
    wanted = json.loads((folder / "package.json").read_text())["dependencies"]["axe-core"]
    locked = json.loads((folder / "package-lock.json").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted)  # an exact version, not a range
    assert locked["packages"]["node_modules/axe-core"]["version"] == wanted


@needs_browser_and_axe
def test_checker_passes_a_clean_page_and_names_the_failures_of_a_bad_one(tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(GOOD_PAGE, encoding="utf-8")
    bad.write_text(BAD_PAGE, encoding="utf-8")
    with browser.Chromium() as chromium:
        found = {}
        for path in (good, bad):
            page = chromium.open(path)
            found[path.stem] = a11y.run_axe(page)
            page.context.close()
    assert found["good"] == []
    assert sorted(v.rule for v in found["bad"]) == ["document-title", "html-has-lang", "image-alt"]
    image = next(v for v in found["bad"] if v.rule == "image-alt")
    assert image.targets == ("img",) and image.impact == "critical"


@pytest.mark.a11y
@pytest.mark.slow
@needs_browser_and_axe
def test_real_report_has_no_wcag21_aa_violations(real_report_html):
    found = a11y.check_html(real_report_html)
    assert found == [], "\n".join(v.summary() for v in found)


class _Structure(HTMLParser):
    """The accessibility-relevant structure of a page: lang, images, tables, header cells."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.image_alts: list[str | None] = []
        self.tables = 0
        self.captions = 0
        self.header_cells: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "img":
            self.image_alts.append(attrs.get("alt"))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th":
            self.header_cells.append(attrs.get("scope"))


@pytest.fixture(scope="module")
def real_structure(real_report_html) -> _Structure:
    parser = _Structure()
    parser.feed(real_report_html.read_text(encoding="utf-8"))
    return parser


@pytest.mark.a11y
@pytest.mark.slow
def test_real_report_declares_finnish(real_structure):
    assert real_structure.lang == "fi"


@pytest.mark.a11y
@pytest.mark.slow
def test_every_chart_has_a_text_alternative_that_states_numbers(real_structure):
    assert real_structure.image_alts, "the report has charts"
    without_numbers = [alt for alt in real_structure.image_alts if not re.search(r"\d", alt or "")]
    assert without_numbers == []


@pytest.mark.a11y
@pytest.mark.slow
def test_every_table_has_a_caption_and_every_header_cell_a_scope(real_structure):
    assert real_structure.tables > 0
    assert real_structure.captions == real_structure.tables
    assert all(
        scope in ("col", "row", "colgroup", "rowgroup") for scope in real_structure.header_cells
    )
