"""The report's sections (``helpers.report.build``, exported by ``helpers.report``): every
section in the printed order, building free of side effects, and the package light to import."""

import subprocess
import sys

from conftest import MAIN_BODY_TITLES, SECTION_TITLES
from report_data import embedded, embedded_sections

from helpers.report import APPENDIX_BUILDERS, SECTION_BUILDERS, build_report, report_tables
from helpers.report.templates import render_section


def test_every_section_in_the_printed_order():
    sections = list(embedded_sections().values())
    assert [s.title for s in sections] == SECTION_TITLES
    assert len(SECTION_BUILDERS) == len(MAIN_BODY_TITLES)
    # Liitteet itself is the part heading, not built by an appendix builder.
    assert len(APPENDIX_BUILDERS) == len(SECTION_TITLES) - len(MAIN_BODY_TITLES) - 1
    assert [s.appendix for s in sections] == [t not in MAIN_BODY_TITLES for t in SECTION_TITLES]
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


def test_importing_the_package_for_its_templates_loads_no_chart_library():
    # The runner renders its page title with `templates` alone; the section builders (and
    # matplotlib, seaborn, scipy with them) load only when a name like build_report is used.
    code = (
        "import sys\n"
        "from helpers.report import templates\n"
        "print('matplotlib' in sys.modules, 'helpers.report.build' in sys.modules)\n"
        "from helpers.report import build_report\n"
        "print('helpers.report.build' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "True"]
