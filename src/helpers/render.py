"""The page linking every report (``reports/index.html``), written by the runner.

What remains of the old ``render`` module: the report's own HTML is rendered from templates
by ``helpers.report``; this page moves with the runner's split.
"""

from __future__ import annotations

import datetime as dt
import html

from helpers.finnish import format_date


def reports_index_html(reports: list[tuple[str, str]], titles: dict[str, str]) -> str:
    """A self-contained page linking every ``(entity, period_end)`` report, newest first;
    ``titles`` names each entity (``Heinola – Hyvinvointilautakunnan toimiala``)."""

    by_entity: dict[str, list[str]] = {}
    for entity, period in reports:
        by_entity.setdefault(entity, []).append(period)
    blocks = []
    for entity in sorted(by_entity):
        items = "".join(
            f'<li><a href="{html.escape(entity)}/{html.escape(period)}/index.html">'
            f"{html.escape(format_date(dt.date.fromisoformat(period)))}</a> · "
            f'<a href="{html.escape(entity)}/{html.escape(period)}/tables.xlsx">taulukot (xlsx)</a>'
            f' · <a href="{html.escape(entity)}/{html.escape(period)}/notebooks/">muistiot</a></li>'
            for period in sorted(by_entity[entity], reverse=True)
        )
        title = titles.get(entity, entity)
        blocks.append(f"<h2>{html.escape(title)}</h2><ul>{items}</ul>")
    body = "".join(blocks) or "<p>Raportteja ei ole vielä tehty.</p>"
    return (
        '<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">'
        "<title>Raportit</title><style>body{font-family:Arial,sans-serif;max-width:48rem;"
        "margin:2rem auto;color:#1d1d1d}a{color:#00558c}li{margin:.3rem 0}</style></head>"
        f"<body><h1>Raportit</h1>{body}</body></html>\n"
    )
