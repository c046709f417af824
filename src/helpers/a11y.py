"""Automated WCAG 2.1 AA check of a report page with axe-core in headless Chromium.

axe-core is pinned in ``tools/a11y/package-lock.json`` and installed by ``make browser``
(``npm ci`` in ``tools/a11y``). Its script is injected into the loaded page and ``axe.run``
checks the rules tagged WCAG 2.0/2.1 level A and AA. An automated check finds about a third of
the WCAG failures: it does not judge whether an alt text states the chart's numbers or whether
colour alone carries meaning. ``python -m helpers.a11y FILE.html`` lists the violations.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from helpers.browser import BrowserMissing, Chromium
from helpers.config import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
_RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
})"""


class AxeMissing(BrowserMissing):
    """axe-core is not installed in tools/a11y; the message says how to install it."""


@dataclass(frozen=True)
class Violation:
    """One axe rule the page breaks, with the CSS selector of every element that breaks it."""

    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.targets)

    def summary(self) -> str:
        """One line: rule, impact, count, first element, e.g. for a test failure message."""
        first = self.targets[0] if self.targets else "-"
        return f"{self.rule} ({self.impact}, {self.count}×): {self.help} — e.g. {first}"


def axe_source(script: Path | None = None) -> str:
    """The text of axe.min.js, or :class:`AxeMissing` saying how to install it."""
    script = Path(script) if script is not None else AXE_SCRIPT
    if not script.is_file():
        raise AxeMissing(
            f"axe-core is not installed ({script} is missing); run `make browser` "
            "or `npm ci --prefix tools/a11y`"
        )
    return script.read_text(encoding="utf-8")


def violations_from(result: dict) -> list[Violation]:
    """The violations of an ``axe.run`` result, in axe's order."""
    found = []
    for item in result["violations"]:
        targets = tuple(
            " ".join(str(part) for part in node["target"]) for node in item.get("nodes", [])
        )
        found.append(
            Violation(
                rule=item["id"],
                impact=item.get("impact") or "unknown",
                help=item["help"],
                help_url=item.get("helpUrl", ""),
                targets=targets,
            )
        )
    return found


def run_axe(page, tags: tuple[str, ...] = WCAG21_AA_TAGS, script: Path | None = None):
    """Inject axe-core into a loaded Playwright ``page`` and return its :class:`Violation` list."""
    page.add_script_tag(content=axe_source(script))
    return violations_from(page.evaluate(_RUN_AXE, list(tags)))


def check_html(html_path: Path, executable: Path | None = None) -> list[Violation]:
    """WCAG 2.1 AA violations of a local HTML file, checked in a browser of its own."""
    axe_source()  # a missing axe-core fails here, before a browser launch is paid for
    with Chromium(executable) as chromium:
        page = chromium.open(html_path)
        try:
            return run_axe(page)
        finally:
            page.context.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.a11y FILE.html``: print the violations; exit 1 when there are any."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m helpers.a11y FILE.html", file=sys.stderr)
        return 2
    try:
        found = check_html(Path(args[0]))
    except (BrowserMissing, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for violation in found:
        print(violation.summary())
    print(f"{len(found)} WCAG 2.1 AA rule(s) violated")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
