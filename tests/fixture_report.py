"""A real fixture's management report run through the runner, and reading its tables."""

from __future__ import annotations

import html
import re
from pathlib import Path

from helpers.config import PROJECT_ROOT, Paths
from helpers.runner import run_period


def fixture_report(out: Path, raw: Path, entity: str, period: str) -> str:
    """``index.html`` of ``entity`` for ``period`` (every stage run once into ``out``), with
    no-break spaces as plain spaces."""
    paths = Paths(
        raw=raw,
        processed=out / "processed",
        reports=out / "reports",
        notebooks=PROJECT_ROOT / "notebooks",
    )
    result = run_period(entity, period, paths, log=lambda _: None)
    assert result.status == "ok"
    page = (out / "reports" / entity / period / "index.html").read_text(encoding="utf-8")
    return page.replace("\u00a0", " ")


def table_rows(page: str, caption: str) -> dict[str, list[str]]:
    """The body rows of the first table whose caption contains ``caption``: row header →
    the cells' text."""
    start = page.index(caption)
    body = page[start : page.index("</table>", start)]
    rows = {}
    for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', body, re.S):
        texts = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
        rows[html.unescape(label).strip()] = [html.unescape(text).strip() for text in texts]
    return rows
