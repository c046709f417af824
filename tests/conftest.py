"""Shared fixtures: the embedded Heinola data and temporary output roots."""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from pathlib import Path

import pytest

from helpers.config import PROJECT_ROOT, Paths, load_entity_config

RAW = PROJECT_ROOT / "data" / "raw"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "raw"
PERIOD = dt.date(2024, 6, 30)
STATEMENT_CSV = RAW / "heinola" / "2024-06-30" / "tuloslaskelma.csv"
# The management report's sections, in the order of the printed report.
SECTION_TITLES = [
    "Yhteenveto",
    "Strategiset mittarit",
    "Valtuuston sitovat tavoitteet",
    "Kuvaus toiminnasta",
    "Toimintaympäristö ja sen muutokset 2024",
    "Toiminnan painopistealueet 2024",
    "Talousarvion toteutuminen",
    "Ennuste vuoden loppuun",
    "Investoinnit",
    "Käyttösuunnitelman tavoitteet",
    "Tunnusluvut",
    "Palvelut, kyselyt ja käyttöasteet",
    "Riskienhallinta",
    "Hankkeet",
    "Aineiston laatu",
    "Liitteet",
    "Tavoitteiden toteuma raportointipäivittäin",
    "Tuloslaskelmat yksiköittäin",
    "Ennuste riveittäin ja menetelmät",
    "Tunnuslukujen täsmäytys ja suoritemäärät",
    "Hankkeet kokonaisuudessaan",
    "Pyöristyserot",
    "Lähteet ja menetelmät",
]
MAIN_BODY_TITLES = SECTION_TITLES[: SECTION_TITLES.index("Liitteet")]


@pytest.fixture(scope="session")
def heinola():
    return load_entity_config(RAW, "heinola")


@pytest.fixture
def tmp_paths(tmp_path: Path) -> Paths:
    """Real raw data and notebooks, outputs in a temporary folder."""
    return Paths(
        raw=RAW,
        processed=tmp_path / "processed",
        reports=tmp_path / "reports",
        notebooks=PROJECT_ROOT / "notebooks",
    )


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw for tests that corrupt a file."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """Other municipalities' raw data (tests/fixtures/raw)."""
    return FIXTURES


@pytest.fixture(scope="session")
def esimerkkila():
    """The SYNTHETIC municipality printing income negative, without department rows, after
    its clean stage for 31.8.2024: ``(config, tables)``."""
    from helpers.clean import build_processed

    return build_processed(FIXTURES, "esimerkkila", "2024-08-31")


@pytest.fixture(scope="session")
def real_report_html(tmp_path_factory) -> Path:
    """The embedded data's management report, run through the command line once per session
    (stages already up to date are skipped) and copied into a temporary folder, where the
    browser tests may write beside it."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "run", "--entity", "heinola"]
        + ["--period-end", PERIOD.isoformat()],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = PROJECT_ROOT / "reports" / "heinola" / PERIOD.isoformat() / "index.html"
    copy = tmp_path_factory.mktemp("real_report") / "index.html"
    shutil.copyfile(report, copy)
    return copy


# Tests that build the processed tables from raw files take seconds each; `make mutation`
# leaves them out ("not pipeline") so that every mutant is judged in seconds.
PIPELINE_CALLS = ("build_processed(", "run_period(", "clean_period(")


def _builds_processed_tables(item: pytest.Item) -> bool:
    """Whether the test, or a fixture it uses, builds processed tables from raw files."""
    functions = [getattr(item, "function", None)]
    fixture_defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    functions += [defs[-1].func for defs in fixture_defs.values() if defs]
    for function in filter(None, functions):
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if any(call in source for call in PIPELINE_CALLS):
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "pipeline" not in item.keywords and _builds_processed_tables(item):
            item.add_marker(pytest.mark.pipeline)
