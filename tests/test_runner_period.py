"""helpers.runner.period: one entity-period, incremental, staged, failures kept apart."""

import hashlib
import json
import shutil

import pytest
from conftest import RAW
from runner_support import (
    TINY_ENTITY,
    TINY_PERIOD,
    paths_at,
    quiet,
    tiny_processed,
    tiny_report,
    tiny_suite,
    visible_outputs,
)

from helpers.config import PROJECT_ROOT
from helpers.runner import period
from helpers.runner.kernel import KERNEL_NAME, KernelSession
from helpers.runner.keys import STAGES
from helpers.runner.period import run_period
from helpers.runner.schedule import all_jobs, run_many, summary

pytestmark = pytest.mark.slow


def test_incremental_reruns_and_force(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(PROJECT_ROOT / "notebooks", notebooks)
    paths = paths_at(tmp_path, notebooks=notebooks)
    first = run_period("heinola", "2024-06-30", paths, log=quiet)
    assert first.ran == list(STAGES)
    again = run_period("heinola", "2024-06-30", paths, log=quiet)
    assert again.status == "up to date" and again.ran == []
    # A change to the report notebook re-runs only the report stage.
    report_nb = notebooks / "40_report.ipynb"
    text = report_nb.read_text(encoding="utf-8")
    assert "Kokoaa johdon raportin" in text
    report_nb.write_text(text.replace("Kokoaa johdon raportin", "Kokoaa raportin"), "utf-8")
    partly = run_period("heinola", "2024-06-30", paths, log=quiet)
    assert partly.ran == ["40_report"]
    forced = run_period("heinola", "2024-06-30", paths, log=quiet, force=True)
    assert forced.ran == list(STAGES)
    manifest = json.loads((tmp_path / "reports/heinola/2024-06-30/manifest.json").read_text())
    assert set(manifest["stages"]) == set(STAGES)
    assert (
        manifest["inputs"]["heinola/2024-06-30/tuloslaskelma.csv"]
        == hashlib.sha256((RAW / "heinola/2024-06-30/tuloslaskelma.csv").read_bytes()).hexdigest()
    )
    assert manifest["packages"]["pandas"] and manifest["git_commit"]


def test_a_failing_period_keeps_the_good_report_and_lets_others_finish(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    paths = paths_at(tmp_path, raw=raw)
    run_many([j for j in all_jobs(raw) if j[0] == "heinola"], paths)
    good = (paths.reports / "heinola/2024-06-30/index.html").read_bytes()
    statement = raw / "heinola/2024-06-30/tuloslaskelma.csv"
    statement.write_text(
        statement.read_text(encoding="utf-8").replace("691 408", "691 4O8"), "utf-8"
    )
    results = {
        r.period_end: r
        for r in run_many([j for j in all_jobs(raw) if j[0] == "heinola"], paths, workers=2)
    }
    assert results["2024-06-30"].status == "failed"
    assert results["2024-03-31"].status in {"ok", "up to date"}
    error = results["2024-06-30"].error
    assert "stage 10_clean failed" in error
    assert "InputDataError" in error and "row 2, column 'TP 2023'" in error
    assert (paths.reports / "heinola/2024-06-30/index.html").read_bytes() == good
    kept = paths.reports / "heinola/.2024-06-30.failed/10_clean.ipynb"
    assert kept.is_file() and "InputDataError" in kept.read_text(encoding="utf-8")
    assert "1 failed" in summary(list(results.values()))


def test_a_killed_run_leaves_the_previous_outputs_intact(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    paths = paths_at(tmp_path)
    run_period("heinola", "2024-06-30", paths, log=quiet)
    before = visible_outputs(paths)
    code = (
        "from pathlib import Path\nfrom helpers.config import Paths\n"
        "from helpers.runner import run_period\n"
        f"paths = Paths(Path({str(RAW)!r}), Path({str(paths.processed)!r}), "
        f"Path({str(paths.reports)!r}), Path({str(paths.notebooks)!r}))\n"
        "run_period('heinola', '2024-06-30', paths, force=True)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    for line in process.stdout:  # kill it after the clean stage wrote its new tables
        if "20_indicators …" in line:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert visible_outputs(paths) == before
    # The next run cleans up and completes.
    assert run_period("heinola", "2024-06-30", paths, log=quiet).status == "up to date"


# --- Consistency after a crash (issue 15 point 9), on the tiny suite -----------------------


def run_tiny(paths, **kwargs):
    return run_period(TINY_ENTITY, TINY_PERIOD, paths, log=quiet, **kwargs)


def test_processed_data_changed_behind_the_reports_back_reruns(tmp_path):
    paths = tiny_suite(tmp_path)
    run_tiny(paths)
    total = tiny_processed(paths) / "total.csv"
    assert total.read_text(encoding="utf-8") == "6"  # 1 + 2 + 3
    total.write_text("7", encoding="utf-8")
    again = run_tiny(paths)
    assert again.status == "ok" and again.ran == list(STAGES)
    assert total.read_text(encoding="utf-8") == "6"


def test_a_missing_analyst_html_reruns(tmp_path):
    paths = tiny_suite(tmp_path)
    run_tiny(paths)
    (tiny_report(paths) / "notebooks" / "20_indicators.html").unlink()
    assert run_tiny(paths).ran == list(STAGES)
    assert (tiny_report(paths) / "notebooks" / "20_indicators.html").is_file()


def test_a_kill_between_the_processed_and_the_report_swap_is_repaired(tmp_path):
    """The state such a kill leaves: the new processed data beside the old report. Inputs
    reverted to the old report's are not "up to date": the processed data is not the one the
    report was made from."""
    paths = tiny_suite(tmp_path)
    numbers = paths.raw / TINY_ENTITY / "numbers.csv"
    run_tiny(paths)
    old_report = tmp_path / "old-report"
    shutil.copytree(tiny_report(paths), old_report)
    numbers.write_text("10\n20\n", encoding="utf-8")
    run_tiny(paths)
    assert (tiny_processed(paths) / "total.csv").read_text(encoding="utf-8") == "30"
    shutil.rmtree(tiny_report(paths))
    shutil.copytree(old_report, tiny_report(paths))
    numbers.write_text("1\n2\n3\n", encoding="utf-8")
    repaired = run_tiny(paths)
    assert repaired.status == "ok" and repaired.ran == list(STAGES)
    assert (tiny_processed(paths) / "total.csv").read_text(encoding="utf-8") == "6"
    assert (tiny_report(paths) / "tables.xlsx").read_text(encoding="utf-8") == "workbook 12"


def test_the_next_run_removes_what_a_killed_run_left(tmp_path):
    paths = tiny_suite(tmp_path)
    run_tiny(paths)
    left = [
        paths.reports / TINY_ENTITY / f".{TINY_PERIOD}.staging-x1y2z3",
        paths.processed / TINY_ENTITY / f".{TINY_PERIOD}.previous",
        paths.processed / ".runs" / f"{TINY_ENTITY}-{TINY_PERIOD}" / ".kernel",
    ]
    for folder in left:
        folder.mkdir(parents=True)
        (folder / "half-written.csv").write_text("x", encoding="utf-8")
    assert run_tiny(paths).status == "up to date"
    assert [folder for folder in left if folder.exists()] == []


def test_a_kept_kernel_serves_several_runs_and_a_failed_or_dead_one_is_replaced(
    tmp_path, monkeypatch
):
    """Also: a stage that ran again but whose notebook came out as published (the tiny
    clean, indicator and forecast stages show nothing) gets its published page copied."""
    from helpers.runner import period, stages
    from helpers.runner.exceptions import StageFailed
    from helpers.runner.export import shared_printer
    from helpers.runner.kernel import KernelSession, ensure_kernel

    paths = tiny_suite(tmp_path)
    numbers = paths.raw / TINY_ENTITY / "numbers.csv"
    session = KernelSession(ensure_kernel(), warm_up="")  # the tiny stages import nothing
    kept = {"kernel": session, "printer": shared_printer()}
    try:
        assert run_tiny(paths, force=True, **kept).status == "ok"
        first = session.km
        assert run_tiny(paths, force=True, **kept).status == "ok"
        assert session.km is first  # the same kernel ran both
        numbers.write_text("1\nx\n", encoding="utf-8")  # 20_indicators fails on int('x')
        with pytest.raises(StageFailed, match="20_indicators"):
            run_tiny(paths, **kept)
        assert session.km is None  # a kernel that failed a stage is not used again
        dead = session.start()
        dead.provisioner.process.kill()  # and one that died since is replaced
        dead.provisioner.process.wait(timeout=30)
        # The stages' only outputs are write_text's character counts: 6 for the numbers, 1
        # for the total, 2 for the forecast, as before; only the report prints the forecast.
        numbers.write_text("1\n1\n5\n", encoding="utf-8")
        rendered = []
        export_html = period.export_html
        for module in (period, stages):  # the board's and report's pages, the stages' pages
            monkeypatch.setattr(
                module,
                "export_html",
                lambda nb, to, **kw: rendered.append(to.name) or export_html(nb, to, **kw),
            )
        assert run_tiny(paths, **kept).ran == list(STAGES)
        assert sorted(rendered) == ["40_report.html", "index.html"]
        pages = tiny_report(paths) / "notebooks"
        assert sorted(p.name for p in pages.glob("*.html")) == [f"{s}.html" for s in STAGES]
        assert session.km is not dead and session.alive
        assert (tiny_report(paths) / "tables.xlsx").read_text(encoding="utf-8") == "workbook 14"
    finally:
        session.close()
    assert not session.cwd.exists()  # the kernel's own folder goes with it


def test_a_kept_kernel_is_registered_before_it_starts(tmp_path, monkeypatch):
    """A fresh clone's first ``make report`` runs in the process's kept kernel session, which
    holds only the kernel's name: the run must register the kernelspec first, or Jupyter
    answers "No such kernel named kuntaraportti"."""

    class Registering(Exception):
        pass

    def register():
        raise Registering

    monkeypatch.setattr(period, "ensure_kernel", register)
    kept = KernelSession(KERNEL_NAME)
    with pytest.raises(Registering):
        run_period("heinola", "2024-06-30", paths_at(tmp_path), log=quiet, force=True, kernel=kept)
    assert kept.km is None  # never started unregistered
