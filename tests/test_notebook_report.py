"""The report's stylesheet inside the lab: the same rules, scoped to the report's box."""

from __future__ import annotations

import tinycss2

from helpers.notebook_report import (
    REPORT_CSS,
    report_box,
    report_styles_html,
    scope_selector,
    scoped_css,
)


def test_selectors_are_looked_up_inside_the_box():
    assert scope_selector("body", "s") == ".s"
    assert scope_selector("body p", "s") == ".s p"
    assert scope_selector("table.report-table td.num", "s") == ".s table.report-table td.num"


def test_page_rules_become_box_rules_and_at_page_is_dropped():
    css = """
    body { color: red; }
    h2, .note { margin: 0; }
    @media print { @page { size: A4; } body { max-width: none; } }
    @import url(x.css);
    """
    assert scoped_css(css, "s") == (
        ".s {color: red;}\n.s h2, .s .note {margin: 0;}\n@media print {\n.s {max-width: none;}\n}\n"
    )


def test_every_rule_of_the_report_css_is_scoped_and_none_is_lost():
    source = REPORT_CSS.read_text(encoding="utf-8")
    scoped = scoped_css(source)

    def declarations(css):
        found = []
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            rules = [rule]
            if rule.type == "at-rule" and rule.content:
                rules = tinycss2.parse_rule_list(rule.content, True, True)
            found += [
                tinycss2.serialize(r.content).strip() for r in rules if r.type == "qualified-rule"
            ]
        return found

    assert declarations(scoped) == declarations(source)
    for rule in tinycss2.parse_stylesheet(scoped, skip_comments=True, skip_whitespace=True):
        rules = [rule]
        if rule.type == "at-rule":
            rules = tinycss2.parse_rule_list(rule.content, True, True)
        for inner in rules:
            for selector in tinycss2.serialize(inner.prelude).split(","):
                assert selector.strip().startswith(".kr-report"), selector


def test_styles_and_box_html():
    assert report_styles_html().startswith("<style>\n.kr-report {")
    assert "key-numbers" in report_styles_html()  # the summary boxes that ran into labels
    assert report_box("<h1>x</h1>") == '<div class="kr-report"><h1>x</h1></div>'
