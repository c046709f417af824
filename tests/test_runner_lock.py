"""helpers.runner.lock: one run at a time per entity-period (issue 15 point 10)."""

import os
import subprocess
import sys
import threading
import time

import pytest
from runner_support import (
    GATE_VARIABLE,
    TINY_ENTITY,
    TINY_PERIOD,
    tiny_report,
    tiny_suite,
)

from helpers.runner.exceptions import RunInProgress
from helpers.runner.lock import held, run_lock_path
from helpers.runner.period import run_period


def test_a_second_lock_on_the_same_file_waits_then_fails_clearly(tmp_path):
    path = tmp_path / "x.lock"
    waited = []
    with held(path, what="acme 2024-06-30"):
        started = time.monotonic()
        with (
            pytest.raises(RunInProgress) as caught,
            held(path, what="acme 2024-06-30", wait=0.3, on_wait=waited.append),
        ):
            pass
        assert time.monotonic() - started >= 0.3
    message = str(caught.value)
    assert "another run of acme 2024-06-30 is in progress" in message
    assert f"process {os.getpid()}" in message and str(path) in message
    assert len(waited) == 1 and "waiting" in waited[0]
    with held(path, what="acme 2024-06-30", wait=0):  # released: free again
        pass


def test_a_run_while_another_holds_the_lock_says_so_and_changes_nothing(tmp_path):
    paths = tiny_suite(tmp_path)
    lock = run_lock_path(paths, TINY_ENTITY, TINY_PERIOD)
    with held(lock, what="test"), pytest.raises(RunInProgress, match="in progress"):
        run_period(TINY_ENTITY, TINY_PERIOD, paths, log=lambda _: None, lock_wait=0)
    assert not (paths.reports / TINY_ENTITY).exists()
    assert not (paths.processed / TINY_ENTITY).exists()


def test_runs_of_different_periods_have_different_locks(tmp_path):
    paths = tiny_suite(tmp_path)
    june = run_lock_path(paths, TINY_ENTITY, "2024-06-30")
    assert june != run_lock_path(paths, TINY_ENTITY, "2024-03-31")
    assert june != run_lock_path(paths, "other", "2024-06-30")


@pytest.mark.slow
def test_a_second_run_waits_for_the_first_and_finds_it_up_to_date(tmp_path):
    paths = tiny_suite(tmp_path)
    gate = tmp_path / "gate"
    code = (
        "from pathlib import Path\nfrom helpers.config import Paths\n"
        "from helpers.runner import run_period\n"
        f"paths = Paths(*(Path(p) for p in {[str(p) for p in paths.__dict__.values()]!r}))\n"
        f"print(run_period({TINY_ENTITY!r}, {TINY_PERIOD!r}, paths).status, flush=True)\n"
    )
    first = subprocess.Popen(
        [sys.executable, "-u", "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, GATE_VARIABLE: str(gate)},
    )
    for line in first.stdout:  # the first run is inside its stages, held at the gate
        if "20_indicators …" in line:
            break
    second_log, second = [], {}

    def run_second():
        second["result"] = run_period(TINY_ENTITY, TINY_PERIOD, paths, log=second_log.append)

    thread = threading.Thread(target=run_second)
    thread.start()
    deadline = time.monotonic() + 60
    while not any("in progress" in line for line in second_log):
        assert time.monotonic() < deadline, second_log
        time.sleep(0.05)
    assert not tiny_report(paths).exists()  # the second run touched nothing while waiting
    gate.touch()
    rest = first.communicate(timeout=120)[0]
    thread.join(timeout=120)
    assert first.returncode == 0 and rest.strip().endswith("ok")
    assert second["result"].status == "up to date"
    assert (tiny_report(paths) / "tables.xlsx").read_text(encoding="utf-8") == "workbook 12"
