"""The runner: incremental, parallel, Dask, failures, reproducibility, manifest."""

import hashlib
import json
import shutil

import pytest
from conftest import RAW

from helpers.cli import main
from helpers.config import PROJECT_ROOT, Paths
from helpers.run import (
    STAGES,
    all_jobs,
    jobs_from_yaml,
    periods_in_data,
    run_many,
    run_period,
    summary,
)

pytestmark = pytest.mark.slow


def digest_tree(paths):
    """Hashes of every output file by relative path. The analysts' notebooks show the
    parameters, i.e. the output folder, so that folder is masked out of their bytes."""
    found = {}
    base = str(paths.processed.parent).encode()
    for root in (paths.processed, paths.reports):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".parquet", ".html", ".xlsx", ".csv"}:
                data = path.read_bytes().replace(base, b"<OUTPUT>")
                found[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return found


def paths_at(root, raw=RAW, notebooks=PROJECT_ROOT / "notebooks"):
    return Paths(
        raw=raw, processed=root / "processed", reports=root / "reports", notebooks=notebooks
    )


def heinola_jobs(raw):
    """The embedded entity's jobs; data/raw may hold other municipalities too."""
    return [job for job in all_jobs(raw) if job[0] == "heinola"]


def test_periods_in_the_embedded_data():
    assert periods_in_data(RAW, "heinola") == ["2024-03-31", "2024-06-30"]
    assert heinola_jobs(RAW) == [("heinola", "2024-03-31"), ("heinola", "2024-06-30")]
    assert set(jobs_from_yaml(PROJECT_ROOT / "runs.yml")) <= set(all_jobs(RAW))


def test_incremental_reruns_and_force(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(PROJECT_ROOT / "notebooks", notebooks)
    paths = paths_at(tmp_path, notebooks=notebooks)
    first = run_period("heinola", "2024-06-30", paths, log=lambda _: None)
    assert first.ran == list(STAGES)
    again = run_period("heinola", "2024-06-30", paths, log=lambda _: None)
    assert again.status == "up to date" and again.ran == []
    # A change to the report notebook re-runs only the report stage.
    report_nb = notebooks / "40_report.ipynb"
    text = report_nb.read_text(encoding="utf-8")
    assert "Builds the management report" in text
    report_nb.write_text(text.replace("Builds the management report", "Builds the report"), "utf-8")
    partly = run_period("heinola", "2024-06-30", paths, log=lambda _: None)
    assert partly.ran == ["40_report"]
    forced = run_period("heinola", "2024-06-30", paths, log=lambda _: None, force=True)
    assert forced.ran == list(STAGES)
    manifest = json.loads((tmp_path / "reports/heinola/2024-06-30/manifest.json").read_text())
    assert set(manifest["stages"]) == set(STAGES)
    assert (
        manifest["inputs"]["heinola/2024-06-30/tuloslaskelma.csv"]
        == hashlib.sha256((RAW / "heinola/2024-06-30/tuloslaskelma.csv").read_bytes()).hexdigest()
    )
    assert manifest["packages"]["pandas"] and manifest["git_commit"]


def test_a_changed_input_reruns_every_stage(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    paths = paths_at(tmp_path, raw=raw)
    run_period("heinola", "2024-06-30", paths, log=lambda _: None)
    risks = raw / "heinola/2024-06-30/riskit.csv"
    risks.write_text(risks.read_text(encoding="utf-8").replace(";3;1;", ";3;2;"), "utf-8")
    assert run_period("heinola", "2024-06-30", paths, log=lambda _: None).ran == list(STAGES)


def test_serial_parallel_and_dask_give_identical_outputs(tmp_path):
    from distributed import LocalCluster

    jobs = heinola_jobs(RAW)
    serial = paths_at(tmp_path / "serial")
    parallel = paths_at(tmp_path / "parallel")
    dask = paths_at(tmp_path / "dask")
    assert all(r.status == "ok" for r in run_many(jobs, serial))
    assert all(r.status == "ok" for r in run_many(jobs, parallel, workers=2))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        results = run_many(jobs, dask, scheduler=cluster.scheduler_address)
    assert all(r.status == "ok" for r in results)
    expected = digest_tree(serial)
    assert len(expected) > 60
    assert digest_tree(parallel) == expected
    assert digest_tree(dask) == expected
    # 31.3.2024 has no income statement yet: its report says so and the run succeeds.
    march = (serial.reports / "heinola/2024-03-31/index.html").read_text(encoding="utf-8")
    assert "Ei tietoa: tälle ajankohdalle ei ole aineistoa." in march


def test_a_failing_period_keeps_the_good_report_and_lets_others_finish(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    paths = paths_at(tmp_path, raw=raw)
    run_many(heinola_jobs(raw), paths)
    good = (paths.reports / "heinola/2024-06-30/index.html").read_bytes()
    statement = raw / "heinola/2024-06-30/tuloslaskelma.csv"
    statement.write_text(
        statement.read_text(encoding="utf-8").replace("691 408", "691 4O8"), "utf-8"
    )
    results = {r.period_end: r for r in run_many(heinola_jobs(raw), paths, workers=2)}
    assert results["2024-06-30"].status == "failed"
    assert results["2024-03-31"].status in {"ok", "up to date"}
    error = results["2024-06-30"].error
    assert "stage 10_clean failed" in error
    assert "InputDataError" in error and "row 2, column 'TP 2023'" in error
    assert (paths.reports / "heinola/2024-06-30/index.html").read_bytes() == good
    kept = paths.reports / "heinola/.2024-06-30.failed/10_clean.ipynb"
    assert kept.is_file() and "InputDataError" in kept.read_text(encoding="utf-8")
    assert "1 failed" in summary(list(results.values()))


def test_cli_exit_codes(capsys):
    assert main(["run", "--runs", str(PROJECT_ROOT / "README.md")]) == 2
    assert "README.md: not valid YAML" in capsys.readouterr().err
    assert main(["run", "--runs", str(PROJECT_ROOT / "pyproject.toml")]) == 2
    assert main(["run", "--entity", "../etc"]) == 1
    assert "slug" in capsys.readouterr().err


def visible_outputs(paths):
    """Hashes of the published outputs; staging folders are hidden (start with a dot)."""
    found = {}
    for root in (paths.processed, paths.reports):
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_a_killed_run_leaves_the_previous_outputs_intact(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    paths = paths_at(tmp_path)
    run_period("heinola", "2024-06-30", paths, log=lambda _: None)
    before = visible_outputs(paths)
    code = (
        "from pathlib import Path\nfrom helpers.config import Paths\n"
        "from helpers.run import run_period\n"
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
    assert run_period("heinola", "2024-06-30", paths, log=lambda _: None).status == "up to date"


def test_a_kernel_that_fails_to_start_is_replaced(monkeypatch, tmp_path):
    import helpers.run as run

    real = run._ipc_kernel_manager_class()
    attempts = []

    class Flaky(real):
        async def start_kernel(self, **kwargs):
            attempts.append(1)
            if len(attempts) == 1:
                raise RuntimeError("simulated: kernel died before replying")
            return await super().start_kernel(**kwargs)

    monkeypatch.setattr(run, "_ipc_kernel_manager_class", lambda: Flaky)
    with run.KernelSession(run.ensure_kernel(), tmp_path) as session:
        assert session.start().has_kernel
    assert len(attempts) == 2
