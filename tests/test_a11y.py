"""The WCAG 2.1 AA checker (``helpers.a11y``): reading axe's result, finding axe-core, the
command line, and how the check is run in a page. The real axe-core against real pages is in
test_accessibility.py; here a stand-in ``axe`` object echoes what it was asked, so the
injection and the rule tags are checked without the npm package."""

from __future__ import annotations

import pytest

from helpers import a11y, browser
from helpers.a11y import AxeMissing, Violation, axe_source, violations_from
from helpers.browser import BrowserMissing

# A stand-in for axe.min.js: one violation whose id lists the tags axe.run was given and
# whose target is the page's <title>, so a test can tell the options and the page reached it.
FAKE_AXE = """window.axe = {run: async (doc, options) => ({violations: [{
    id: options.runOnly.values.join(","), impact: options.resultTypes.join(","),
    help: doc.title, helpUrl: "u", nodes: [{target: ["main", "img"]}]}]})};"""


# --- reading axe's result -----------------------------------------------------------------


def test_violations_keep_axes_order_and_join_nested_targets():
    result = {
        "violations": [
            {
                "id": "color-contrast",
                "impact": "serious",
                "help": "Elements must meet minimum color contrast ratio thresholds",
                "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/color-contrast",
                # An element inside an iframe: axe gives the frame and the element.
                "nodes": [{"target": ["iframe#kuvio", "td.ok"]}, {"target": [".badge"]}],
            },
            {"id": "list", "impact": "moderate", "help": "Lists", "nodes": [{"target": ["ul"]}]},
        ]
    }
    found = violations_from(result)
    assert found == [
        Violation(
            rule="color-contrast",
            impact="serious",
            help="Elements must meet minimum color contrast ratio thresholds",
            help_url="https://dequeuniversity.com/rules/axe/4.10/color-contrast",
            targets=("iframe#kuvio td.ok", ".badge"),
        ),
        Violation("list", "moderate", "Lists", "", ("ul",)),  # no helpUrl: empty
    ]
    assert [v.count for v in found] == [2, 1]


def test_a_result_without_violations_is_an_empty_list():
    assert violations_from({"violations": []}) == []


def test_a_missing_impact_and_no_nodes_still_summarise():
    (found,) = violations_from({"violations": [{"id": "region", "impact": None, "help": "R"}]})
    assert (found.impact, found.count, found.targets) == ("unknown", 0, ())
    assert found.summary() == "region (unknown, 0×): R — e.g. -"


def test_the_summary_names_rule_impact_count_and_first_element():
    violation = Violation(
        "image-alt", "critical", "Images must have alternate text", "", ("a", "b")
    )
    assert violation.summary() == (
        "image-alt (critical, 2×): Images must have alternate text — e.g. a"
    )


# --- finding axe-core ---------------------------------------------------------------------


def test_axe_source_reads_the_given_script(tmp_path):
    script = tmp_path / "axe.min.js"
    script.write_text("window.axe = 1; // ä", encoding="utf-8")
    assert axe_source(script) == "window.axe = 1; // ä"
    assert axe_source(str(script)) == "window.axe = 1; // ä"


def test_missing_axe_is_a_missing_browser_part_that_says_how_to_install_it(tmp_path):
    missing = tmp_path / "node_modules" / "axe.min.js"
    with pytest.raises(AxeMissing) as caught:
        axe_source(missing)
    assert str(caught.value) == (
        f"axe-core is not installed ({missing} is missing); run `make browser` or "
        "`npm ci --prefix tools/a11y`"
    )
    # The command line and the tests treat it like a missing browser.
    assert isinstance(caught.value, BrowserMissing)


def test_the_pinned_script_lives_under_tools_a11y():
    assert a11y.AXE_SCRIPT.parts[-5:] == ("tools", "a11y", "node_modules", "axe-core", "axe.min.js")
    assert a11y.WCAG21_AA_TAGS == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


# --- the command line ---------------------------------------------------------------------


def test_usage_without_exactly_one_file(capsys):
    assert a11y.main([]) == 2
    assert a11y.main(["a.html", "b.html"]) == 2
    assert capsys.readouterr().err.count("usage: python -m helpers.a11y FILE.html") == 2


def test_missing_axe_exits_2_before_a_browser_is_started(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(a11y, "AXE_SCRIPT", tmp_path / "axe.min.js")
    monkeypatch.setattr(
        a11y, "Chromium", lambda *_: pytest.fail("a browser was started without axe-core")
    )
    assert a11y.main([str(tmp_path / "index.html")]) == 2
    assert capsys.readouterr().err.startswith("error: axe-core is not installed")


def test_violations_are_printed_and_exit_1_none_exit_0(monkeypatch, capsys):
    found = [Violation("html-has-lang", "serious", "html element must have a lang", "", ("html",))]
    monkeypatch.setattr(a11y, "check_html", lambda path: found)
    assert a11y.main(["index.html"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "html-has-lang (serious, 1×): html element must have a lang — e.g. html",
        "1 WCAG 2.1 AA rule(s) violated",
    ]
    monkeypatch.setattr(a11y, "check_html", lambda path: [])
    assert a11y.main(["index.html"]) == 0
    assert capsys.readouterr().out.splitlines() == ["0 WCAG 2.1 AA rule(s) violated"]


def test_a_missing_page_exits_2_with_the_reason(monkeypatch, capsys):
    def missing(path):
        raise FileNotFoundError(f"no HTML file at {path}")

    monkeypatch.setattr(a11y, "check_html", missing)
    assert a11y.main(["puuttuu.html"]) == 2
    assert capsys.readouterr().err == "error: no HTML file at puuttuu.html\n"


# --- in a page (Chromium, stand-in axe) ---------------------------------------------------


@pytest.fixture
def fake_axe(tmp_path):
    script = tmp_path / "axe.min.js"
    script.write_text(FAKE_AXE, encoding="utf-8")
    return script


@pytest.fixture
def page_file(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(
        '<!DOCTYPE html><html lang="fi"><head><title>Raportti</title></head><body></body></html>',
        encoding="utf-8",
    )
    return page


@pytest.mark.skipif(
    not browser.CHROMIUM.is_file(), reason="Debian's chromium is not installed (make browser)"
)
def test_check_html_injects_axe_and_asks_for_wcag21_aa_violations(monkeypatch, fake_axe, page_file):
    monkeypatch.setattr(a11y, "AXE_SCRIPT", fake_axe)
    (found,) = a11y.check_html(page_file)
    # The stand-in echoes the tags and result types it was given, and the page's title.
    assert found.rule == "wcag2a,wcag2aa,wcag21a,wcag21aa"
    assert found.impact == "violations"
    assert found.help == "Raportti"
    assert found.targets == ("main img",)
