"""The report package as a whole (``helpers.report``): every section in the printed order,
and building is free of side effects."""

from conftest import SECTION_TITLES
from report_data import embedded, embedded_sections

from helpers.report import SECTION_BUILDERS, build_report, report_tables
from helpers.report.templates import render_section


def test_every_section_in_the_printed_order():
    sections = list(embedded_sections().values())
    assert [s.title for s in sections] == SECTION_TITLES
    assert len(SECTION_BUILDERS) == len(SECTION_TITLES)
    for section in sections:
        assert section.content is not None, section.title
        assert "Ei tietoa: tälle ajankohdalle" not in render_section(section), section.title


def test_building_twice_gives_the_same_tables_not_twice_as_many():
    first = report_tables(list(embedded_sections().values()))
    second = report_tables(build_report(embedded()))
    assert len(first) == len(second) > 30
    assert [caption for caption, _ in first] == [caption for caption, _ in second]


def test_march_report_says_ei_tietoa_where_data_is_missing():
    sections = {s.title: render_section(s) for s in build_report(embedded("2024-03-31"))}
    assert "Ei tietoa" in sections["Talousarvion toteutuminen"]
    assert "Ei tietoa" in sections["Hankkeet"]
