"""Rendering (``helpers.report.templates``): text from the data is escaped, charts are inline,
and the templates' line breaks do not reach the page."""

import datetime as dt
import re

import pytest
from report_data import embedded, embedded_sections, report_data

from helpers.report import build_report
from helpers.report.templates import (
    JoinLines,
    environment,
    period_text,
    render_section,
    table_of_contents,
    title_block,
)


def join(source: str) -> str:
    return JoinLines(environment()).preprocess(source, None)


def test_line_breaks_vanish_at_markup_and_are_spaces_in_running_text():
    source = """
    {% if x %}
      <p>Hankkeita on {{ n }}, joista
      {{ m }} päättyy.</p>
      {{ table(a) }}
      {{ table(b) }}
    {% endif %}
    """
    assert join(source) == (
        "{% if x %}<p>Hankkeita on {{ n }}, joista {{ m }} päättyy.</p>"
        "{{ table(a) }}{{ table(b) }}{% endif %}"
    )


def test_period_and_title():
    assert period_text(dt.date(2024, 6, 30)) == "1.1.–30.6.2024"
    assert period_text(dt.date(2024, 12, 31)) == "1.1.–31.12.2024"
    html = title_block(embedded().config, dt.date(2024, 6, 30))
    assert html == (
        "<h1>Hyvinvointitoimialan osavuosikatsaus 1.1.–30.6.2024</h1>"
        '<p class="report-meta">Heinola · Hyvinvointilautakunnan toimiala</p>'
    )
    sections = list(embedded_sections().values())
    toc = table_of_contents(sections)
    assert toc.startswith('<nav class="toc"><strong>Sisällys</strong><ol><li><a href="#yhte')
    assert toc.count("<li>") == len(sections)


@pytest.mark.parametrize(
    ("file", "old"),
    [
        ("tavoitteet.csv", "Kokemus arjen sujuvuudesta lisääntyy."),
        ("2024-06-30/hankkeet.csv", "Lukutaitoa tulevaisuuteen"),
        ("2024-06-30/arviot.csv", "Toinen neljännes talousarviovuodesta"),
    ],
)
def test_text_from_the_data_is_escaped(raw_copy, file, old):
    path = raw_copy / "heinola" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, '<script>alert("x")</script>' + old, 1), encoding="utf-8")
    html = "".join(render_section(s) for s in build_report(report_data(raw_copy, "2024-06-30")))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_charts_are_inline_images():
    html = "".join(render_section(s) for s in embedded_sections().values())
    images = re.findall(r'<img alt="[^"]+" src="([^"]{0,30})', html)
    assert len(images) >= 4 and all(src.startswith("data:image/png;base64,") for src in images)
    assert "\n" not in html  # the templates' own line breaks are joined away


def management_html(cells) -> str:
    """A notebook exported with the board's nbconvert template (``templates/report``)."""
    import nbformat
    from nbconvert import HTMLExporter

    from helpers.report.templates import TEMPLATE_DIR

    notebook = nbformat.v4.new_notebook(cells=cells)
    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": ""}})
    return body


def test_analyst_only_outputs_are_left_out_of_the_boards_page():
    import nbformat

    printed = nbformat.v4.new_output("stream", name="stdout", text="tables.xlsx written to /x\n")
    tagged = nbformat.v4.new_code_cell("print()", outputs=[printed], id="cell")
    tagged.metadata["tags"] = ["analyst-only"]
    page = management_html([tagged])
    assert "written to" not in page and "analyst-only" not in page
    # The cell looks exactly like one that printed nothing.
    assert page == management_html([nbformat.v4.new_code_cell("print()", id="cell")])
