"""HTML from executed notebooks, the agenda PDF, and ``reports/index.html`` listing them.

The management report is the report notebook without code or notes (the ``report``
nbconvert template); analysts get every stage with its code (JupyterLab's template). The
board's agenda gets the management HTML printed to PDF (``helpers.pdf``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import queue
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

import jinja2

from helpers.config import load_entity_config
from helpers.errors import InputDataError
from helpers.finnish import format_date
from helpers.pdf import PdfEngineMissing, PdfPrinter
from helpers.runner.keys import PACKAGE_DIR

TEMPLATES = PACKAGE_DIR / "templates"
INDEX_TEMPLATE = "index/reports.html.j2"


# jsonschema (under nbformat, papermill and nbconvert) builds an Earley parser for RFC 3987
# IRIs from a grammar when ``rfc3987_syntax`` is installed: 1–3 CPU seconds per process, for
# the "iri" format checks that nbformat's notebook schema never asks for.
IRI_GRAMMAR = "rfc3987_syntax"


def import_jsonschema_without_iri_grammar() -> None:
    """Import jsonschema with its optional IRI checks left out (it skips any optional format
    library that does not import). The library stays importable for anything else: the
    sentinel that blocks it is removed once jsonschema is loaded."""
    if "jsonschema" in sys.modules or IRI_GRAMMAR in sys.modules:
        return
    sys.modules[IRI_GRAMMAR] = None  # type: ignore[assignment]  (import raises ImportError)
    try:
        import jsonschema  # noqa: F401  (the point: load it without the grammar)
    finally:
        if sys.modules.get(IRI_GRAMMAR, "") is None:
            del sys.modules[IRI_GRAMMAR]


def preload_nbconvert() -> None:
    """Import nbconvert (seconds), so that the first HTML export does not pay for it."""
    import_jsonschema_without_iri_grammar()
    from nbconvert import HTMLExporter  # noqa: F401  (the point: load it now)


def preload_in_background() -> None:
    """Import nbconvert in a thread while the main thread waits for the kernel."""
    threading.Thread(target=preload_nbconvert, daemon=True).start()


# One exporter of each kind per process, each used by one thread at a time: building one
# compiles nbconvert's Jinja templates (about a third of an export's CPU time), and the same
# exporter renders the same notebook to the same bytes.
_EXPORTERS: dict[bool, tuple] = {}
_EXPORTERS_LOCK = threading.Lock()


def _exporter(management: bool):
    """This process's HTML exporter for the board (``management``) or for analysts, with
    the lock its user holds while rendering."""
    # Lazy: nbconvert takes seconds to import; an up-to-date run needs none of it.
    from nbconvert import HTMLExporter

    with _EXPORTERS_LOCK:
        if management not in _EXPORTERS:
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
            _EXPORTERS[management] = (exporter, threading.Lock())
        return _EXPORTERS[management]


def export_html(notebook_path: Path, target: Path, *, management: bool, title: str = "") -> None:
    """Render an executed notebook: without code for the board, with code for analysts.
    ``title`` becomes the page's <title> (screen readers and the PDF's header read it)."""
    import nbformat  # lazy: see _exporter

    notebook = nbformat.read(notebook_path, as_version=4)
    exporter, lock = _exporter(management)
    with lock:
        body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")


# What an analyst page's bytes depend on besides its executed notebook: the package (the
# exporters' settings, templates) and the libraries that render it.
HTML_LIBRARIES = ("nbconvert", "nbformat", "jinja2", "pygments", "jupyterlab_pygments", "mistune")


def html_fingerprint(package: str) -> str:
    """A hash of ``package`` (``keys.package_hash``) and the rendering libraries' versions:
    equal fingerprints and equal notebooks give equal analyst pages."""
    from importlib.metadata import PackageNotFoundError, version

    found = [package]
    for name in HTML_LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} not installed")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()


def same_notebook(executed: Path, published: Path) -> bool:
    """Whether two executed notebooks are equal but for papermill's and nbclient's timing
    metadata (which no page shows): the analyst page of one is then the other's."""
    try:
        return _without_timings(executed) == _without_timings(published)
    except (OSError, ValueError):
        return False


def _without_timings(path: Path) -> dict:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook.get("metadata", {}).pop("papermill", None)
    for cell in notebook.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return notebook


def pdf_name(entity: str, period_end: str) -> str:
    """The agenda PDF's file name, ``heinola-2024-06-30.pdf``: it names the entity and the
    period, so attachments of several reports can share one folder."""
    return f"{entity}-{period_end}.pdf"


def pdf_command(entity: str, period_end: str) -> str:
    """The command that writes a report's missing PDF once the browser engine is installed:
    the run notices the missing PDF and runs the report stage again."""
    return f"python -m helpers.cli run --entity {entity} --period-end {period_end}"


# How long closing waits for the browser thread to shut the browser down.
CLOSE_SECONDS = 60
# The job that asks the browser's thread to open the next print's page ahead.
_PREPARE = object()


class EarlyPrinter:
    """The agenda PDF's browser, launched in a thread of its own before the board's page is
    written (the launch takes seconds, which the stages' run time then hides), printing each
    page it is given until closed. Playwright's sync API keeps a browser to the thread that
    opened it, hence the queue. ``launch=False`` leaves the launch to :meth:`launch` (or to
    the first :meth:`print_pdf`); ``close`` without ``print_pdf`` shuts the browser unused."""

    def __init__(self, launch: bool = True) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._done: Future = Future()  # the browser's thread has ended (its error, if any)
        self._launched = False
        self._launching = threading.Lock()
        if launch:
            self.launch()

    def launch(self) -> None:
        """Start the browser's thread (once; later calls do nothing)."""
        with self._launching:
            if not self._launched:
                self._launched = True
                threading.Thread(target=self._work, daemon=True).start()

    @property
    def usable(self) -> bool:
        """Not closed and its browser has not failed: it can print again."""
        return not self._done.done()

    def _work(self) -> None:
        try:
            with PdfPrinter() as printer:
                while (job := self._jobs.get()) is not None:
                    if job is _PREPARE:
                        # Only a head start: a page that cannot be opened now is opened (or
                        # fails, and says why) when the print needs it.
                        with contextlib.suppress(Exception):
                            printer.prepare()
                        continue
                    *arguments, printed = job
                    try:
                        printer.print(*arguments)
                    except BaseException as exc:  # noqa: BLE001  (handed to the printing thread)
                        printed.set_exception(exc)
                        raise
                    printed.set_result(None)
            self._done.set_result(None)
        except BaseException as exc:  # noqa: BLE001  (handed to the waiting thread)
            self._done.set_exception(exc)

    def prepare(self) -> None:
        """Launch the browser if need be and open the next print's page now (see
        ``PdfPrinter.prepare``): called while the stages run, it takes the start of the
        page's renderer (~0,5 s) off the time between the report stage and the PDF."""
        self.launch()
        self._jobs.put(_PREPARE)

    def print_pdf(self, html: Path, pdf: Path, day: dt.date) -> None:
        """Print ``html`` to ``pdf`` (dated ``day``) and wait; raises what the printer raised
        (also a failed launch)."""
        self.launch()
        printed: Future = Future()
        self._jobs.put((html, pdf, None, day, printed))
        wait([printed, self._done], return_when=FIRST_COMPLETED)
        if printed.done():
            printed.result()
        elif self._done.exception() is not None:
            raise self._done.exception()
        else:
            raise RuntimeError("the PDF printer was closed before it printed")

    def close(self) -> None:
        """Stop the browser and wait for it: a process leaving while its thread still holds
        Playwright (a run failing in an early stage) crashes at interpreter exit."""
        with self._launching:
            if not self._launched:
                return
        self._jobs.put(None)
        # A launch that failed is not this run's error (print_pdf reports it): not raised.
        with contextlib.suppress(TimeoutError):
            self._done.exception(timeout=CLOSE_SECONDS)


# The browser a process keeps for every entity-period it runs (``shared_printer``).
_SHARED: list[EarlyPrinter] = []
_SHARED_LOCK = threading.Lock()


def shared_printer() -> EarlyPrinter:
    """This process's PDF browser, kept for all the entity-periods it runs one after the
    other (serially, or as one worker of ``--jobs``): one launch instead of one per period.
    Not launched here (see ``EarlyPrinter.launch``); a printer that failed is replaced; it is
    closed when the process exits (multiprocessing's exit hook, which also runs in pool
    workers, where ``atexit`` does not)."""
    from multiprocessing import util  # lazy: only runs that print need it

    with _SHARED_LOCK:
        if _SHARED and not _SHARED[0].usable:
            _SHARED.pop().close()
        if not _SHARED:
            _SHARED.append(EarlyPrinter(launch=False))
            util.Finalize(_SHARED[0], _SHARED[0].close, exitpriority=10)
        return _SHARED[0]


def export_pdf(
    report_dir: Path, entity: str, day: dt.date, log, printer: EarlyPrinter | None = None
) -> str | None:
    """Print ``report_dir/index.html`` to ``report_dir/<pdf_name>`` and return the file name.

    The PDF's dates are the period end, so the same HTML gives the same bytes. Without the
    browser engine there is no PDF (None): ``log`` gets what is missing and the exact command
    that writes the PDF after the install; the HTML report is published all the same.
    """
    name = pdf_name(entity, day.isoformat())
    printer = printer or EarlyPrinter()
    try:
        printer.print_pdf(report_dir / "index.html", report_dir / name, day)
    except PdfEngineMissing as exc:
        log(
            f"[{entity} {day.isoformat()}] {exc} The HTML report is published without "
            f"{name}; after the install, `{pdf_command(entity, day.isoformat())}` writes it."
        )
        return None
    return name


def report_page_title(raw: Path, entity: str, day) -> str:
    """The management report's page title: ``Heinola: Hyvinvointitoimialan osavuosikatsaus
    1.1.–30.6.2024``, from the entity's configuration."""
    # Lazy: the report package imports pandas, which an up-to-date run does not need.
    from helpers.report.templates import period_text

    try:
        config = load_entity_config(Path(raw), entity)
    except InputDataError:
        # The stages have already run on this entity; a configuration the report could not use
        # has failed there. Only the runner's own stub entities (tests) get here.
        return f"{entity}: {period_text(day)}"
    return f"{config.municipality}: {config.report_title(day)} {period_text(day)}"


def reports_index_html(
    reports: list[tuple[str, str]],
    titles: dict[str, str],
    pdfs: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """A self-contained page linking every ``(entity, period_end)`` report, newest first;
    ``titles`` names each entity (``Heinola – Hyvinvointilautakunnan toimiala``); the reports
    in ``pdfs`` also link their agenda PDF."""
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
        entities=entities,
        format_date=lambda iso: format_date(dt.date.fromisoformat(iso)),
        pdf_of=lambda entity, period: (
            pdf_name(entity, period) if (entity, period) in pdfs else None
        ),
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
    titles = {}
    for entity in entities:
        try:
            config = load_entity_config(raw, entity)
            titles[entity] = f"{config.municipality} – {config.department}"
        except (ValueError, OSError):
            titles[entity] = entity  # a report whose raw data has since been removed
    return titles


def reports_with_pdf(
    reports: Path, listed: list[tuple[str, str]], staged: dict[Path, Path] | None = None
) -> frozenset[tuple[str, str]]:
    """The ``listed`` reports whose folder under ``reports`` holds their PDF; ``staged`` maps
    a report folder about to be replaced to the staging folder that will replace it."""
    staged = staged or {}
    found = set()
    for entity, period in listed:
        folder = reports / entity / period
        if (staged.get(folder, folder) / pdf_name(entity, period)).is_file():
            found.add((entity, period))
    return frozenset(found)


def render_reports_index(
    reports: list[tuple[str, str]], raw: Path, pdfs: frozenset[tuple[str, str]] = frozenset()
) -> str:
    """The index page of ``reports`` (entity, period_end), titled from each entity.yml; the
    reports in ``pdfs`` link their PDF."""
    titles = entity_titles(raw, {entity for entity, _ in reports})
    return reports_index_html(reports, titles, pdfs)
