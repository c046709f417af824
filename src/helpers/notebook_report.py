"""The report inside JupyterLab, styled as in its HTML file.

The HTML file carries report.css in its page head (templates/report/index.html.j2); in the
lab, the report's outputs sit among JupyterLab's own styles. Here the same stylesheet is
scoped to a box (``<div class="kr-report">``) that holds the report's outputs, so it styles
the report and nothing else of the lab: ``body`` becomes the box, every other selector is
looked up inside it, and page-level rules (``@page``) are left out.
"""

from __future__ import annotations

import tinycss2

from helpers.report.templates import TEMPLATE_DIR

REPORT_CSS = TEMPLATE_DIR / "report.css"
REPORT_SCOPE = "kr-report"
_PAGE_SELECTORS = {"html", "body"}


def scope_selector(selector: str, scope: str) -> str:
    """``body`` → ``.scope``; ``table.x td`` → ``.scope table.x td``."""
    first, _, rest = selector.partition(" ")
    if first in _PAGE_SELECTORS:
        return f".{scope} {rest}".rstrip() if rest else f".{scope}"
    return f".{scope} {selector}"


def _scoped_rules(rules, scope: str) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude).split(",")
            scoped = ", ".join(scope_selector(s.strip(), scope) for s in selectors)
            out.append(f"{scoped} {{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = "\n".join(_scoped_rules(inner, scope))
            out.append(f"@media {tinycss2.serialize(rule.prelude).strip()} {{\n{body}\n}}")
    return out


def scoped_css(css: str, scope: str = REPORT_SCOPE) -> str:
    """A stylesheet whose rules apply only inside elements of class ``scope``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_scoped_rules(rules, scope)) + "\n"


def report_styles_html() -> str:
    """The report's stylesheet, scoped to the report's box, as a ``<style>`` element."""
    return f"<style>\n{scoped_css(REPORT_CSS.read_text(encoding='utf-8'))}</style>"


def report_box(html: str) -> str:
    """Report HTML inside the box the scoped stylesheet styles."""
    return f'<div class="{REPORT_SCOPE}">{html}</div>'
