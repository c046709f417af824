"""The analyst's loop through the runner: an edited raw file, then a run that is not forced,
with every store on (parsed raw files, report sections, charts), gives the very files a
forced run with every store off gives on the edited data."""

from __future__ import annotations

import shutil

import pytest
from conftest import PERIOD, RAW
from runner_support import digest_everything, paths_at

from helpers import chart_store, clean_cache
from helpers.report import section_store
from helpers.runner import run_period

pytestmark = [pytest.mark.slow, pytest.mark.integration]

STORES = (clean_cache.STORE_ENV, section_store.STORE_ENV, chart_store.STORE_ENV)


def quiet(message: str) -> None:
    pass


def edit_first_row(path, edit) -> None:
    head, first, *rest = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([head, edit(first), *rest]), encoding="utf-8")


def add_sentence(row: str) -> str:
    return row.rstrip() + " Tilanne tarkentuu syksyllä."


def one_more_resident(row: str) -> str:
    cells = row.split(";")
    cells[1] = str(int(cells[1].replace(" ", "")) + 1)
    return ";".join(cells)


def test_an_edit_then_a_run_gives_what_a_forced_run_without_stores_gives(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    stores = {name: tmp_path / f"store-{number}" for number, name in enumerate(STORES)}
    edited = paths_at(tmp_path / "edited", raw=raw)

    def stores_on(on: bool) -> None:
        for name, folder in stores.items():
            monkeypatch.setenv(name, str(folder) if on else "")

    stores_on(True)
    run_period("heinola", PERIOD, edited, log=quiet, force=True)
    edits = [
        (raw / "heinola" / PERIOD.isoformat() / "arviot.csv", add_sentence, {"10_clean"}),
        (raw / "heinola" / "vaesto.csv", one_more_resident, {"10_clean", "20_indicators"}),
    ]
    for number, (path, edit, must_run) in enumerate(edits):
        before = digest_everything(edited)
        edit_first_row(path, edit)
        stores_on(True)
        result = run_period("heinola", PERIOD, edited, log=quiet)
        assert must_run | {"40_report"} <= set(result.ran)
        stores_on(False)
        forced = paths_at(tmp_path / f"forced-{number}", raw=raw)
        run_period("heinola", PERIOD, forced, log=quiet, force=True)
        got, expected = digest_everything(edited), digest_everything(forced)
        assert got == expected
        assert got["heinola/2024-06-30/index.html"] != before["heinola/2024-06-30/index.html"]
