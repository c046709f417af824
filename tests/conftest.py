"""Shared fixtures: the embedded Heinola data and temporary output roots."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers.config import PROJECT_ROOT, Paths, load_entity_config

# Every chart a test checks is drawn, never read from the chart store of an earlier run (the
# store's own tests point it at a temporary folder); kernels the tests start inherit this.
os.environ["KUNTARAPORTTI_CHART_CACHE"] = ""
# Likewise every raw file a test reads is parsed (helpers.clean_cache's own tests turn it on).
os.environ["KUNTARAPORTTI_CLEAN_CACHE"] = ""
os.environ["KUNTARAPORTTI_REPORT_CACHE"] = ""  # and every report section is built

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
# Test modules of the layers above the domain code (the rendered report, notebooks, the runner,
# PDF and browser checks) and of the source tree itself (the catalog's spelling check reads
# every module, in `make mutation` the mutated copies ten times their size): seconds per test,
# and they read files `make mutation` does not copy.
# Every other module's fast tests are in the mutation run, so a new domain test module joins it
# without a list to keep.
INTEGRATION_MODULES = (
    "test_report",
    "test_runner",
    "test_notebook",
    "test_pdf",
    "test_lab",
    "test_accessibility",
    "test_guides",
    "test_environment",
    "test_fresh_clone",
    "test_end_to_end",
    "test_new_municipality",
    "test_privacy",
    "test_charts",
    "test_catalog",
    "test_cli",
    "test_a11y",
    "test_browser",
    "test_layout",
    "test_fixture_",
    "test_bulk_rows",  # 100 000-row files: the parsers' own tests cover their mutants
)
# mutmut sets MUTANT_UNDER_TEST in every process it runs the tests in. There a property test
# tries a few fixed examples: each mutant is judged in seconds, and the same way in the run
# that maps tests to functions as in its own run.
MUTATION_EXAMPLES = 5
UNDER_MUTMUT = bool(os.environ.get("MUTANT_UNDER_TEST"))
if UNDER_MUTMUT:
    settings.register_profile(
        "mutation",
        max_examples=MUTATION_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    settings.load_profile("mutation")


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


def _cap_examples(item: pytest.Item) -> None:
    """Under mutmut, a property test with its own ``@settings`` tries the profile's examples."""
    test = getattr(item, "obj", None)
    own = getattr(test, "_hypothesis_internal_use_settings", None)
    if own is not None and own.max_examples > MUTATION_EXAMPLES:
        test._hypothesis_internal_use_settings = settings(
            own, max_examples=MUTATION_EXAMPLES, deadline=None, derandomize=True, database=None
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "pipeline" not in item.keywords and _builds_processed_tables(item):
            item.add_marker(pytest.mark.pipeline)
        if item.path.name.startswith(INTEGRATION_MODULES):
            item.add_marker(pytest.mark.integration)
        if UNDER_MUTMUT:
            _cap_examples(item)
