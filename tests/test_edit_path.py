"""The analyst's loop through the runner: an edited raw file, then a run that is not forced,
with every store on (parsed raw files, report sections, charts), re-runs only the stages that
read it and gives the very files a forced run with every store off gives on the edited data."""

from __future__ import annotations

import shutil

import pytest
from conftest import PERIOD, RAW
from runner_support import digest_everything, paths_at

from helpers import chart_store, clean_cache
from helpers.report import section_store
from helpers.runner import run_period
from helpers.runner.keys import STAGES

pytestmark = [pytest.mark.slow, pytest.mark.integration]

STORES = (clean_cache.STORE_ENV, section_store.STORE_ENV, chart_store.STORE_ENV)
ADDED_SENTENCE = "Tilanne tarkentuu syksyllä."


def quiet(message: str) -> None:
    pass


def add_sentence_to_first_assessment(text: str) -> str:
    head, first, *rest = text.split("\n")
    return "\n".join([head, first.rstrip() + " " + ADDED_SENTENCE, *rest])


def raise_a_likelihood(text: str) -> str:
    """The first risk of likelihood 3 and significance 1 becomes significance 2."""
    assert ";3;1;" in text
    return text.replace(";3;1;", ";3;2;", 1)


def one_more_resident(text: str) -> str:
    head, first, *rest = text.split("\n")
    cells = first.split(";")
    cells[1] = str(int(cells[1].replace(" ", "")) + 1)
    return "\n".join([head, ";".join(cells), *rest])


def test_an_edit_reruns_what_reads_it_and_gives_what_a_forced_run_without_stores_gives(
    tmp_path, monkeypatch
):
    """An assessment text is read by the report only; a risk by the indicators too (the risk
    matrix), not by the forecast; a population figure by every stage. After each edit the
    published files equal a forced run's: a kept stage, a stored raw file or a stored section
    never leaves a stale output."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    stores = {name: tmp_path / f"store-{number}" for number, name in enumerate(STORES)}
    edited = paths_at(tmp_path / "edited", raw=raw)

    def stores_on(on: bool) -> None:
        for name, folder in stores.items():
            monkeypatch.setenv(name, str(folder) if on else "")

    stores_on(True)
    run_period("heinola", PERIOD, edited, log=quiet, force=True)
    period_folder = raw / "heinola" / PERIOD.isoformat()
    edits = [
        (period_folder / "arviot.csv", add_sentence_to_first_assessment, ["10_clean", "40_report"]),
        (
            period_folder / "riskit.csv",
            raise_a_likelihood,
            ["10_clean", "20_indicators", "40_report"],
        ),
        (raw / "heinola" / "vaesto.csv", one_more_resident, list(STAGES)),
    ]
    for number, (path, edit, stages_that_read_it) in enumerate(edits):
        before = digest_everything(edited)
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        stores_on(True)
        assert run_period("heinola", PERIOD, edited, log=quiet).ran == stages_that_read_it
        stores_on(False)
        forced = paths_at(tmp_path / f"forced-{number}", raw=raw)
        run_period("heinola", PERIOD, forced, log=quiet, force=True)
        got, expected = digest_everything(edited), digest_everything(forced)
        assert got == expected
        assert got["heinola/2024-06-30/index.html"] != before["heinola/2024-06-30/index.html"]
    report = edited.reports / "heinola" / PERIOD.isoformat() / "index.html"
    assert ADDED_SENTENCE in report.read_text(encoding="utf-8")
