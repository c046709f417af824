"""The guides in docs/ are true: their paths and names exist, and the new-municipality guide
is proven by a SYNTHETIC second entity that runs through the whole suite."""

import re

import pytest

from helpers import catalog, indicators, report, schemas
from helpers.config import PROJECT_ROOT, Paths
from helpers.runner import run_period

DOCS = PROJECT_ROOT / "docs"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "raw"


@pytest.mark.parametrize("guide", ["new-period.md", "new-indicator.md", "new-municipality.md"])
def test_every_path_in_the_guides_exists(guide):
    text = (DOCS / guide).read_text(encoding="utf-8")
    paths = re.findall(r"`((?:src|data|tests|docs|notebooks)/[^`<> ]+)`", text)
    assert paths
    for path in paths:
        assert (PROJECT_ROOT / path.rstrip("/")).exists(), path


def test_names_the_indicator_guide_relies_on():
    assert callable(indicators.indicator_tables)
    assert isinstance(report.SECTION_BUILDERS, tuple) and callable(report.build_report)
    assert callable(report.model.make_table) and callable(report.ReportData.dataset)
    assert catalog.TABLES and schemas.TableSpec


@pytest.mark.slow
def test_a_second_municipality_runs_with_no_code_change(tmp_path):
    paths = Paths(
        raw=FIXTURES,
        processed=tmp_path / "processed",
        reports=tmp_path / "reports",
        notebooks=PROJECT_ROOT / "notebooks",
    )
    result = run_period("testikyla", "2024-06-30", paths, log=lambda _: None)
    assert result.status == "ok"
    html = (tmp_path / "reports/testikyla/2024-06-30/index.html").read_text(encoding="utf-8")
    assert "Sivistystoimen osavuosikatsaus 1.1.–30.6.2024" in html
    for own in (
        "Koulutuspalvelut",
        "Kulttuuri- ja vapaa-aikapalvelut",
        "Vuokratuotot",
        "-3\u00a0383\u00a0000",
        "5\u00a0321",
    ):
        assert own in html, own
    for heinola in (
        "Heinola",
        "Hyvinvointitoimiala",
        "Varhaiskasvatus",
        "Virikkeellinen",
        "-15\u00a0134\u00a0455",
    ):
        assert heinola not in html, heinola
    index = (tmp_path / "reports/index.html").read_text(encoding="utf-8")
    assert "testikyla/2024-06-30/index.html" in index
