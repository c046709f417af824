"""The report as a PDF for the board's agenda, printed by a real browser engine.

Chromium (see :mod:`helpers.browser`) prints the same self-contained HTML the board reads on
screen: A4, a running header with the report's title, page numbers in the footer
("Sivu 3 / 25"), bookmarks from the headings (the PDF outline) and a tagged PDF whose structure
tree (headings, tables, figures with their alt texts, the document language) lets a screen
reader read it.

One browser launch costs seconds, so :class:`PdfPrinter` keeps a browser open for several
reports; :func:`write_pdf` prints one report with a browser of its own. When the engine is
missing, both raise :class:`PdfEngineMissing`, whose message says how to get the PDF: the
caller keeps the HTML and prints that message.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path
from types import TracebackType

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from helpers.browser import BrowserMissing, Chromium

# A4 in millimetres: Chromium's "A4" format is rounded to 8.27 × 11.7 in, one point too tall.
PAGE_WIDTH, PAGE_HEIGHT = "210mm", "297mm"
# Top and bottom leave room for the running header and the page-number footer.
PAGE_MARGINS = {"top": "18mm", "bottom": "16mm", "left": "15mm", "right": "15mm"}
# Chromium writes the print time into the document information dictionary in this form.
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) *\(D:)\d{14}[+-]\d\d'\d\d'\)")
# The running header and the page-number footer, laid out by a template (escaped).
MARGIN_TEMPLATE = Path(__file__).resolve().parent / "templates" / "pdf" / "margins.html.j2"


class PdfEngineMissing(BrowserMissing):
    """No PDF: the browser engine is missing or does not start. The message says how to get
    the PDF; the HTML report is not affected."""


def pdf_path_for(html_path: Path) -> Path:
    """Where the PDF of a report goes by default: beside it, ``index.html`` → ``index.pdf``."""
    return Path(html_path).with_suffix(".pdf")


@functools.cache
def _margins():
    env = Environment(
        loader=FileSystemLoader(MARGIN_TEMPLATE.parent), autoescape=True, undefined=StrictUndefined
    )
    return env.get_template(MARGIN_TEMPLATE.name).module


def header_template(title: str) -> str:
    """Chromium's running header: the report's title, escaped, on every page."""
    return str(_margins().header(title))


def footer_template() -> str:
    """Chromium's footer: ``Sivu N / M`` at the right, filled in by the engine on each page."""
    return str(_margins().footer())


def running_title(page) -> str:
    """The page's ``<title>`` or, when that is empty, the text of its first ``<h1>``."""
    title = " ".join(page.title().split())
    if title:
        return title
    heading = page.locator("h1").first
    return " ".join(heading.inner_text().split()) if heading.count() else ""


def fix_dates(data: bytes, day: dt.date) -> bytes:
    """The PDF with its creation and modification dates set to midnight UTC of ``day``.

    The replacement has the same length as the original, so the cross-reference offsets stay
    valid; with fixed dates the same HTML prints to the same bytes.
    """
    stamp = f"{day:%Y%m%d}000000+00'00')".encode()
    return _PDF_DATE.sub(lambda match: match.group(1) + stamp, data)


_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def stable_node_ids(data: bytes) -> bytes:
    """The PDF with its structure elements' IDs (``(node00000101)``: Chromium's DOM node
    numbers, named again by table cells' ``/Headers`` and the ``/IDTree``) numbered from 1 in
    their order. Chromium's numbers depend on what the renderer made before (seen once in 84
    prints: a page's numbers began at 4, not 101); their order and what they name do not.
    Same length (8 digits), so the cross-reference offsets stay valid."""
    numbers = sorted({int(match.group(1)) for match in _NODE_ID.finditer(data)})
    if len(numbers) >= 10**8:
        return data
    new = {number: index for index, number in enumerate(numbers, start=1)}
    return _NODE_ID.sub(lambda match: b"(node%08d)" % new[int(match.group(1))], data)


class PdfPrinter:
    """A headless Chromium that prints report HTML files to PDF, one launch for all of them::

    with PdfPrinter() as printer:
        for html_file in reports:
            printer.print(html_file)
    """

    def __init__(self, executable: Path | None = None) -> None:
        self.chromium = Chromium(executable)

    def prepare(self) -> None:
        """Open the next print's page ahead (see :meth:`Chromium.prepare`), e.g. while the
        report is being written: the print then starts by loading the file."""
        self.chromium.prepare()

    @property
    def blocked_requests(self) -> list[str]:
        """Every non-local URL a printed page asked for (refused, not loaded)."""
        return self.chromium.blocked_requests

    def __enter__(self) -> PdfPrinter:
        try:
            self.chromium.__enter__()
        except BrowserMissing as exc:
            raise PdfEngineMissing(f"PDF not written: {exc}, then run again.") from exc
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.chromium.close()

    def print(
        self,
        html_path: Path,
        pdf_path: Path | None = None,
        title: str | None = None,
        stamp: dt.date | None = None,
    ) -> Path:
        """Print ``html_path`` to ``pdf_path`` (default: beside it, ``.pdf``) and return it.

        The running header and the PDF's document title show ``title``, else the page's
        ``<title>``, else its first ``<h1>``. Collapsed ``<details>`` are opened so that the
        PDF carries their content. With ``stamp`` (e.g. the period end) the PDF's dates are
        that day, so the same HTML gives the same bytes. The PDF appears whole or not at all.
        """
        target = Path(pdf_path) if pdf_path is not None else pdf_path_for(html_path)
        partial = target.with_name(f".{target.name}.partial")
        page = self.chromium.open(html_path)
        try:
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.evaluate("document.fonts.ready.then(() => true)")
            heading = title if title is not None else running_title(page)
            page.evaluate("heading => { document.title = heading; }", heading)
            page.pdf(
                path=partial,
                width=PAGE_WIDTH,
                height=PAGE_HEIGHT,
                margin=PAGE_MARGINS,
                print_background=True,
                display_header_footer=True,
                header_template=header_template(heading),
                footer_template=footer_template(),
                outline=True,
                tagged=True,
            )
            if stamp is not None:
                partial.write_bytes(stable_node_ids(fix_dates(partial.read_bytes(), stamp)))
            os.replace(partial, target)
        finally:
            page.context.close()
            partial.unlink(missing_ok=True)
        return target


def write_pdf(
    html_path: Path,
    pdf_path: Path | None = None,
    title: str | None = None,
    stamp: dt.date | None = None,
    executable: Path | None = None,
) -> Path:
    """Print one report HTML file to PDF with a browser of its own; see :meth:`PdfPrinter.print`.

    Raises :class:`PdfEngineMissing` (message: how to get the PDF) when Chromium is missing.
    """
    with PdfPrinter(executable) as printer:
        return printer.print(html_path, pdf_path, title=title, stamp=stamp)
