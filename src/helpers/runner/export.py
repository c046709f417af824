"""HTML from executed notebooks, and ``reports/index.html`` listing every report.

The management report is the report notebook without code or notes (the ``report``
nbconvert template); analysts get every stage with its code (JupyterLab's template).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.runner.keys import PACKAGE_DIR

TEMPLATES = PACKAGE_DIR / "templates"
INDEX_TEMPLATE = "index/reports.html.j2"


def preload_in_background() -> None:
    """Import nbconvert in a thread while the main thread waits for the kernel, so the first
    HTML export does not pay for it."""
    import threading

    def load() -> None:
        from nbconvert import HTMLExporter  # noqa: F401

    threading.Thread(target=load, daemon=True).start()


def export_html(notebook_path: Path, target: Path, *, management: bool, title: str = "") -> None:
    """Render an executed notebook: without code for the board, with code for analysts.
    ``title`` becomes the page's <title> (screen readers and the PDF's header read it)."""
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(notebook_path, as_version=4)
    if management:
        exporter = HTMLExporter(
            template_name="report",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_markdown=True,  # the notebook's own notes are for analysts
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="fi",
        )
    else:
        exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")


def report_page_title(raw: Path, entity: str, day) -> str:
    """The management report's page title: ``Heinola: Hyvinvointitoimialan osavuosikatsaus
    1.1.–30.6.2024``, from the entity's configuration."""
    from helpers.config import load_entity_config
    from helpers.errors import InputDataError
    from helpers.report.templates import period_text

    try:
        config = load_entity_config(Path(raw), entity)
    except InputDataError:
        # The stages have already run on this entity; a configuration the report could not use
        # has failed there. Only the runner's own stub entities (tests) get here.
        return f"{entity}: {period_text(day)}"
    return f"{config.municipality}: {config.report_title} {period_text(day)}"


def reports_index_html(reports: list[tuple[str, str]], titles: dict[str, str]) -> str:
    """A self-contained page linking every ``(entity, period_end)`` report, newest first;
    ``titles`` names each entity (``Heinola – Hyvinvointilautakunnan toimiala``)."""
    import jinja2

    from helpers.finnish import format_date

    by_entity: dict[str, list[str]] = {}
    for entity, period in reports:
        by_entity.setdefault(entity, []).append(period)
    entities = [
        (titles.get(entity, entity), entity, sorted(by_entity[entity], reverse=True))
        for entity in sorted(by_entity)
    ]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    template = environment.get_template(INDEX_TEMPLATE)
    return template.render(
        entities=entities, format_date=lambda iso: format_date(dt.date.fromisoformat(iso))
    )


def published_reports(reports: Path) -> list[tuple[str, str]]:
    """Every ``(entity, period_end)`` with a report under ``reports`` (hidden folders, such
    as staging and failed runs, are not reports)."""
    return sorted(
        (path.parent.parent.name, path.parent.name)
        for path in reports.glob("*/*/index.html")
        if not path.parent.name.startswith(".")
    )


def entity_titles(raw: Path, entities: set[str]) -> dict[str, str]:
    """``Municipality – department`` of each entity, from its entity.yml."""
    from helpers.config import load_entity_config

    titles = {}
    for entity in entities:
        try:
            config = load_entity_config(raw, entity)
            titles[entity] = f"{config.municipality} – {config.department}"
        except (ValueError, OSError):
            titles[entity] = entity  # a report whose raw data has since been removed
    return titles


def render_reports_index(reports: list[tuple[str, str]], raw: Path) -> str:
    """The index page of ``reports`` (entity, period_end), titled from each entity.yml."""
    return reports_index_html(reports, entity_titles(raw, {entity for entity, _ in reports}))
