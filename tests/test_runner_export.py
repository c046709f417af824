"""helpers.runner.export: reports/index.html from its template, notebook HTML, the PDF."""

import datetime as dt
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import RAW

from helpers import browser
from helpers.runner import export
from helpers.runner.export import (
    entity_titles,
    export_html,
    export_pdf,
    pdf_name,
    published_reports,
    render_reports_index,
    report_page_title,
    reports_index_html,
    reports_with_pdf,
)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.headings, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])
        self._in = tag

    def handle_data(self, data):
        if self._in == "h2":
            self.headings.append(data)
        self._in = None


def parsed(html):
    parser = Links()
    parser.feed(html)
    return parser


def test_index_lists_entities_alphabetically_and_periods_newest_first():
    html = reports_index_html(
        [("heinola", "2024-03-31"), ("heinola", "2024-06-30"), ("aaa", "2023-12-31")],
        {"heinola": "Heinola – Hyvinvointilautakunnan toimiala"},
    )
    page = parsed(html)
    assert page.headings == ["aaa", "Heinola – Hyvinvointilautakunnan toimiala"]
    assert page.links == [
        "aaa/2023-12-31/index.html",
        "aaa/2023-12-31/tables.xlsx",
        "aaa/2023-12-31/notebooks/",
        "heinola/2024-06-30/index.html",
        "heinola/2024-06-30/tables.xlsx",
        "heinola/2024-06-30/notebooks/",
        "heinola/2024-03-31/index.html",
        "heinola/2024-03-31/tables.xlsx",
        "heinola/2024-03-31/notebooks/",
    ]
    assert ">30.6.2024</a>" in html and ">31.12.2023</a>" in html  # Finnish dates
    assert html.startswith('<!DOCTYPE html>\n<html lang="fi">') and html.endswith("</html>\n")


def test_index_escapes_titles():
    html = reports_index_html([("x", "2024-06-30")], {"x": "A & <B>"})
    assert "<h2>A &amp; &lt;B&gt;</h2>" in html


def test_an_empty_index_says_so():
    html = reports_index_html([], {})
    assert "<p>Raportteja ei ole vielä tehty.</p>" in html and "<h2>" not in html


def test_published_reports_skip_hidden_folders(tmp_path):
    for folder in ("heinola/2024-06-30", "heinola/.2024-06-30.failed", "heinola/.x.staging"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "heinola" / "2024-03-31").mkdir()  # no index.html: not a report
    assert published_reports(tmp_path) == [("heinola", "2024-06-30")]


def test_titles_come_from_entity_yml_or_fall_back_to_the_slug():
    assert entity_titles(RAW, {"heinola", "gone"}) == {
        "heinola": "Heinola – Hyvinvointilautakunnan toimiala",
        "gone": "gone",
    }


def test_the_index_of_the_embedded_entity_is_titled_from_its_entity_yml():
    html = render_reports_index([("heinola", "2024-06-30")], RAW)
    assert "<h2>Heinola – Hyvinvointilautakunnan toimiala</h2>" in html
    assert parsed(html).links[0] == "heinola/2024-06-30/index.html"


def test_management_html_hides_code_and_analyst_html_keeps_it(tmp_path):
    cell = nbformat.v4.new_code_cell("print('Toimintakate')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Toimintakate\n")]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    source = tmp_path / "executed.ipynb"
    nbformat.write(notebook, source)
    export_html(source, tmp_path / "board.html", management=True)
    export_html(source, tmp_path / "analyst.html", management=False)
    board = (tmp_path / "board.html").read_text(encoding="utf-8")
    analyst = (tmp_path / "analyst.html").read_text(encoding="utf-8")
    assert "Toimintakate" in board and "print(" not in board and '<html lang="fi">' in board
    assert "print" in analyst and 'class="jp-InputArea' in analyst


def test_the_management_page_is_titled_for_screen_readers_and_the_pdf(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")])
    source = tmp_path / "executed.ipynb"
    nbformat.write(notebook, source)
    title = report_page_title(RAW, "heinola", dt.date(2024, 6, 30))
    assert title == "Heinola: Hyvinvointitoimialan osavuosikatsaus 1.1.–30.6.2024"
    export_html(source, tmp_path / "board.html", management=True, title=title)
    assert f"<title>{title}</title>" in (tmp_path / "board.html").read_text(encoding="utf-8")


def test_a_reused_exporter_renders_what_a_new_one_renders(tmp_path):
    """The process keeps one exporter of each kind: a second notebook, titled differently,
    renders exactly as with an exporter made for it, and the first notebook again as before."""
    from nbconvert import HTMLExporter

    pages = {}
    for name, text in (("a", "Toimintakate 1 234 €"), ("b", "Vuosikate <b>")):
        cell = nbformat.v4.new_code_cell(f"print({text!r})")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text + "\n")]
        source = tmp_path / f"{name}.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), source)
        for management in (True, False):
            export_html(source, tmp_path / "out.html", management=management, title=name)
            pages[name, management] = (tmp_path / "out.html").read_text(encoding="utf-8")
            fresh = (
                HTMLExporter(
                    template_name="report",
                    extra_template_basedirs=[str(export.TEMPLATES)],
                    exclude_input=True,
                    exclude_markdown=True,
                    exclude_input_prompt=True,
                    exclude_output_prompt=True,
                    language_code="fi",
                )
                if management
                else HTMLExporter(template_name="lab")
            )
            notebook = nbformat.read(source, as_version=4)
            expected, _ = fresh.from_notebook_node(notebook, resources={"metadata": {"name": name}})
            assert pages[name, management] == expected
    export_html(tmp_path / "a.ipynb", tmp_path / "again.html", management=True, title="a")
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == pages["a", True]
    assert "<title>b</title>" in pages["b", True] and "Vuosikate &lt;b&gt;" in pages["b", True]


def test_an_entity_without_a_usable_configuration_is_titled_by_its_slug(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "entity.yml").write_text("municipality: Acme\n", encoding="utf-8")
    assert report_page_title(tmp_path, "acme", dt.date(2024, 3, 31)) == "acme: 1.1.–31.3.2024"


def test_the_pdf_is_named_by_entity_and_period():
    assert pdf_name("heinola", "2024-06-30") == "heinola-2024-06-30.pdf"


def test_the_index_links_the_pdf_of_the_reports_that_have_one():
    html = reports_index_html(
        [("heinola", "2024-03-31"), ("heinola", "2024-06-30")],
        {},
        pdfs=frozenset({("heinola", "2024-06-30")}),
    )
    assert parsed(html).links == [
        "heinola/2024-06-30/index.html",
        "heinola/2024-06-30/heinola-2024-06-30.pdf",
        "heinola/2024-06-30/tables.xlsx",
        "heinola/2024-06-30/notebooks/",
        "heinola/2024-03-31/index.html",
        "heinola/2024-03-31/tables.xlsx",
        "heinola/2024-03-31/notebooks/",
    ]


def test_reports_with_pdf_look_in_the_staging_folder_of_the_report_being_published(tmp_path):
    reports = tmp_path / "reports"
    for folder, name in (
        ("heinola/2024-03-31", "heinola-2024-03-31.pdf"),  # published with its PDF
        ("heinola/2024-06-30", "heinola-2024-06-30.pdf"),  # the old one, being replaced
        ("heinola/.2024-06-30.staging", "index.html"),  # its replacement has no PDF
        ("acme/2024-06-30", "index.pdf"),  # not the PDF's name
    ):
        (reports / folder).mkdir(parents=True)
        (reports / folder / name).write_text("x", encoding="utf-8")
    listed = [("acme", "2024-06-30"), ("heinola", "2024-03-31"), ("heinola", "2024-06-30")]
    on_disk = reports_with_pdf(reports, listed)
    assert on_disk == {("heinola", "2024-03-31"), ("heinola", "2024-06-30")}
    staged = {reports / "heinola/2024-06-30": reports / "heinola/.2024-06-30.staging"}
    assert reports_with_pdf(reports, listed, staged) == {("heinola", "2024-03-31")}


def test_without_the_engine_no_pdf_and_the_log_gives_the_command(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    (tmp_path / "index.html").write_text("<html lang='fi'><title>T</title></html>", "utf-8")
    lines = []
    assert export_pdf(tmp_path, "heinola", dt.date(2024, 6, 30), lines.append) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    (line,) = lines
    assert line.startswith("[heinola 2024-06-30] PDF not written: the browser engine ")
    assert "make browser" in line and "apt-get install chromium" in line
    assert line.endswith(
        "The HTML report is published without heinola-2024-06-30.pdf; after the install, "
        "`python -m helpers.cli run --entity heinola --period-end 2024-06-30` writes it."
    )


def test_closing_an_unused_printer_waits_for_its_browser_to_shut(monkeypatch):
    # A run failing in its first stage closes the printer at once; the process then exits,
    # and a thread still inside the browser crashed the interpreter (exit 139, not 1).
    shut = []

    class SlowBrowser:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            time.sleep(0.3)
            shut.append(True)

    monkeypatch.setattr(export, "PdfPrinter", SlowBrowser)
    printer = export.EarlyPrinter()
    printer.close()
    assert shut == [True]


def recording_browser(events: list):
    """A stand-in for ``PdfPrinter`` that records its launch, preparations, prints and close
    in ``events`` instead of starting Chromium."""

    class Browser:
        def __enter__(self):
            events.append("launch")
            return self

        def __exit__(self, *exc):
            events.append("close")

        def prepare(self):
            events.append("prepare")

        def print(self, html, pdf, title, day):
            events.append(("print", html.name, pdf.name, day))

    return Browser


def test_a_printer_made_without_launching_starts_no_browser_until_asked(monkeypatch, tmp_path):
    """The runner makes its printer first and launches it once its own libraries are loaded:
    closing an unlaunched printer starts nothing; printing launches it (once) and prints."""
    events = []
    monkeypatch.setattr(export, "PdfPrinter", recording_browser(events))
    unused = export.EarlyPrinter(launch=False)
    unused.close()
    assert events == []
    printer = export.EarlyPrinter(launch=False)
    printer.launch()
    printer.launch()
    printer.print_pdf(tmp_path / "index.html", tmp_path / "a.pdf", dt.date(2024, 6, 30))
    printer.print_pdf(tmp_path / "index.html", tmp_path / "b.pdf", dt.date(2024, 3, 31))
    printer.close()
    assert events == [
        "launch",
        ("print", "index.html", "a.pdf", dt.date(2024, 6, 30)),
        ("print", "index.html", "b.pdf", dt.date(2024, 3, 31)),
        "close",
    ]


def test_preparing_launches_the_browser_and_opens_the_next_page_before_the_print(
    monkeypatch, tmp_path
):
    """The runner asks for the period's page while the stages run (``loading.load_behind``):
    the browser's thread opens it then, and the print that follows uses it."""
    events = []
    monkeypatch.setattr(export, "PdfPrinter", recording_browser(events))
    printer = export.EarlyPrinter(launch=False)
    printer.prepare()
    printer.print_pdf(tmp_path / "index.html", tmp_path / "a.pdf", dt.date(2024, 6, 30))
    printer.prepare()  # the next period's, on the same browser
    printer.close()
    assert events == [
        "launch",
        "prepare",
        ("print", "index.html", "a.pdf", dt.date(2024, 6, 30)),
        "prepare",
        "close",
    ]


def test_the_process_keeps_one_browser_for_its_periods_and_replaces_a_failed_one(monkeypatch):
    """Serial runs and --jobs workers print every period with one browser; a browser that
    failed (here: it does not start) is not handed to the next period."""
    launches = []

    class Missing:
        def __enter__(self):
            launches.append("launch")
            raise export.PdfEngineMissing("PDF not written: no engine, then run again.")

        def __exit__(self, *exc):
            pass

    monkeypatch.setattr(export, "PdfPrinter", Missing)
    monkeypatch.setattr(export, "_SHARED", [])
    first = export.shared_printer()
    assert export.shared_printer() is first
    with pytest.raises(export.PdfEngineMissing, match="no engine"):
        first.print_pdf(Path("index.html"), Path("a.pdf"), dt.date(2024, 6, 30))
    second = export.shared_printer()
    assert second is not first and second.usable and launches == ["launch"]
    second.close()


def test_notebooks_equal_but_for_timings_are_the_same_and_any_output_is_not(tmp_path):
    import json

    from helpers.runner.export import same_notebook

    def executed(name, started, output):
        cell = {
            "cell_type": "code",
            "id": "a",
            "source": "print(1)",
            "execution_count": 1,
            "metadata": {
                "papermill": {"start_time": started, "duration": 0.5},
                "execution": {"iopub.status.busy": started},
            },
            "outputs": [{"output_type": "stream", "name": "stdout", "text": output}],
        }
        notebook = {
            "cells": [cell],
            "metadata": {"papermill": {"start_time": started}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        path = tmp_path / name
        path.write_text(json.dumps(notebook), encoding="utf-8")
        return path

    first = executed("a.ipynb", "2024-01-01T10:00:00", "1\n")
    assert same_notebook(first, executed("b.ipynb", "2026-11-29T21:00:00", "1\n"))
    assert not same_notebook(first, executed("c.ipynb", "2024-01-01T10:00:00", "2\n"))
    assert not same_notebook(first, tmp_path / "missing.ipynb")
