"""Rendering the report's sections with the Jinja templates in ``templates/report``.

Every text is escaped (autoescape on). The templates are written one element per line for
reading; ``JoinLines`` removes those line breaks when a template is loaded, so the page has
no whitespace between tags, exactly as the report always had.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension

from helpers.config import EntityConfig
from helpers.finnish import format_date, format_day_month, format_number, format_percent
from helpers.report.model import Section

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "report"
# Lines that end or start markup, or are one ``{{ expression }}`` (a table, a figure...).
_ENDS_MARKUP = re.compile(r"(>|%}|#})$|^{{.*}}$|^$")
_STARTS_MARKUP = re.compile(r"^(<|{%|{#)|^{{.*}}$|^$")


class JoinLines(Extension):
    """Join a template's lines, each stripped of its indentation: nothing goes between two
    lines where one ends or starts a tag or a Jinja statement, or is one ``{{ expression }}``
    on its own; between lines of running text goes one space."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        lines = [line.strip() for line in source.strip().splitlines()]
        parts = lines[:1]
        for previous, line in zip(lines, lines[1:], strict=False):
            markup = _ENDS_MARKUP.search(previous) or _STARTS_MARKUP.search(line)
            parts.append(line if markup else " " + line)
        return "".join(parts)


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=[JoinLines],
    )
    env.filters["number"] = format_number
    env.filters["percent"] = format_percent
    env.filters["date"] = format_date
    return env


def render_section(section: Section) -> str:
    """A section as ``<section id=…><h2>…</h2>…</section>``."""
    return environment().get_template("section.html.j2").render(section=section)


def period_text(period_end: dt.date) -> str:
    """The reporting period from the start of the year: ``1.1.–30.6.2024``."""
    return f"{format_day_month(dt.date(period_end.year, 1, 1))}–{format_date(period_end)}"


def title_block(config: EntityConfig, period_end: dt.date) -> str:
    """Report title with the reporting period, the municipality and the department."""
    return (
        environment()
        .get_template("title.html.j2")
        .render(
            config=config, title=config.report_title(period_end), period=period_text(period_end)
        )
    )


def table_of_contents(sections: list[Section]) -> str:
    return environment().get_template("contents.html.j2").render(sections=sections)
