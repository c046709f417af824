"""The part Liitteet (``helpers.report.appendix``) and the appendices after it.

The 30.6.2024 report keeps its working material after the main body (issue 17 point 3): the
source report's per-date goal texts, the units' income statements (five: the department and
its four service areas), the forecast per line, the key-figure workings, the projects in
full, the rounding differences and the sources. The part heading is an ``h2`` like a
chapter's and each appendix an ``h3`` under it, so the PDF's bookmarks nest them.
"""

from __future__ import annotations

import datetime as dt
import re

from conftest import FIXTURES
from report_data import embedded_sections, report_data

from helpers.report import build_report
from helpers.report.appendix import AppendixIndex, appendix_part
from helpers.report.model import Link, ReportData, Section
from helpers.report.templates import render_section

# The appendices of the 30.6.2024 report, in the order of the main body they belong to.
HEINOLA_APPENDICES = [
    ("liite-tavoitteet", "Tavoitteiden toteuma raportointipäivittäin"),
    ("liite-tuloslaskelmat", "Tuloslaskelmat yksiköittäin"),
    ("liite-ennuste", "Ennuste riveittäin ja menetelmät"),
    ("liite-tunnusluvut", "Tunnuslukujen täsmäytys ja suoritemäärät"),
    ("liite-hankkeet", "Hankkeet kokonaisuudessaan"),
    ("liite-pyoristyserot", "Pyöristyserot"),
    ("lahteet", "Lähteet ja menetelmät"),
]


def headings(html: str) -> list[tuple[int, str]]:
    """``(level, text)`` of every heading, in document order."""
    found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, flags=re.S)
    return [(int(level), re.sub(r"<[^>]+>", "", text)) for level, text in found]


def test_the_part_lists_its_appendices_in_order_and_names_the_workbook():
    appendices = [
        Section("liite-a", "Ensimmäinen", object(), appendix=True),
        Section("liite-b", "Toinen", object(), appendix=True),
    ]
    part = appendix_part(appendices)
    assert (part.anchor, part.title) == ("liitteet", "Liitteet")
    assert part.appendix and part.part
    assert isinstance(part.content, AppendixIndex)
    assert part.content.appendices == (
        Link("liite-a", "Ensimmäinen"),
        Link("liite-b", "Toinen"),
    )
    assert part.content.workbook == "tables.xlsx"
    html = render_section(part)
    assert '<a href="#liite-a">Ensimmäinen</a></li><li><a href="#liite-b">Toinen</a>' in html
    assert "tables.xlsx" in html


def test_the_part_is_a_chapter_heading_and_an_appendix_one_level_below():
    part = appendix_part([])
    appendix = Section("liite-a", "Ensimmäinen", None, appendix=True)
    chapter = Section("talous", "Talousarvion toteutuminen", None)
    assert (chapter.heading_level, part.heading_level, appendix.heading_level) == (2, 2, 3)
    assert "<h2>Liitteet</h2>" in render_section(part)
    assert '<section id="liite-a" class="appendix"><h3>Ensimmäinen</h3>' in (
        render_section(appendix)
    )
    # With no appendices the part still renders, with an empty list and no broken link.
    assert "<ol></ol>" in render_section(part)


def test_heinola_main_body_then_liitteet_then_every_appendix():
    sections = list(embedded_sections().values())
    part = next(i for i, s in enumerate(sections) if s.part)
    main, appendices = sections[:part], sections[part + 1 :]
    assert not any(s.appendix for s in main)
    assert main[0].anchor == "yhteenveto" and main[-1].anchor == "laatu"
    assert [(s.anchor, s.title) for s in appendices] == HEINOLA_APPENDICES
    assert all(s.appendix and not s.part and s.heading_level == 3 for s in appendices)
    assert [(link.anchor, link.title) for link in sections[part].content.appendices] == (
        HEINOLA_APPENDICES
    )
    # The source report prints five income statements: the department and four units.
    statements = embedded_sections()["liite-tuloslaskelmat"].content
    assert [u.name for u in statements.units] == [
        "Hyvinvointitoimiala",
        "Hyvinvoinnin ja terveyden edistäminen",
        "Opetus- ja koulutuspalvelut",
        "Varhaiskasvatus",
        "Virikkeellinen elämä",
    ]


def test_every_link_to_an_appendix_finds_it():
    html = "".join(render_section(s) for s in embedded_sections().values())
    anchors = set(re.findall(r'<section id="([^"]+)"', html))
    targets = set(re.findall(r'<a href="#([^"]+)"', html))
    appendix_targets = {t for t in targets if t.startswith("liite") or t == "lahteet"}
    assert {anchor for anchor, _ in HEINOLA_APPENDICES} <= appendix_targets
    assert appendix_targets <= anchors


def test_headings_never_skip_a_level():
    """axe's heading-order and the PDF outline need h2 → h3 → h4 without gaps."""
    html = "".join(render_section(s) for s in embedded_sections().values())
    levels = [level for level, _ in headings(html)]
    assert levels[0] == 2
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, (previous, level)
    # Sub-headings inside an appendix are h4 under its h3: the forecast's units.
    forecast = headings(render_section(embedded_sections()["liite-ennuste"]))
    assert forecast[0] == (3, "Ennuste riveittäin ja menetelmät")
    assert (4, "Varhaiskasvatus") in forecast


def test_without_data_only_the_sources_appendix_remains(heinola):
    sections = build_report(ReportData(heinola, dt.date(2024, 6, 30), {}))
    part = next(s for s in sections if s.part)
    appendices = sections[sections.index(part) + 1 :]
    assert [s.anchor for s in appendices] == ["lahteet"]
    assert part.content.appendices == (Link("lahteet", "Lähteet ja menetelmät"),)


def test_a_synthetic_entity_gets_only_the_appendices_it_has_data_for():
    # testikyla has an income statement but no goals, projects or key figures.
    sections = build_report(report_data(FIXTURES, "2024-06-30", "testikyla"))
    anchors = [s.anchor for s in sections if s.appendix and not s.part]
    assert "liite-tuloslaskelmat" in anchors and "lahteet" in anchors
    assert "liite-tavoitteet" not in anchors and "liite-hankkeet" not in anchors
    assert "liite-tunnusluvut" not in anchors
    # No link leads to an appendix that was left out.
    html = "".join(render_section(s) for s in sections)
    targets = set(re.findall(r'<a href="#([^"]+)"', html))
    assert targets <= set(re.findall(r' id="([^"]+)"', html)), targets
