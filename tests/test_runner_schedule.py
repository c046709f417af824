"""helpers.runner.schedule: which entity-periods run, how, and the summary."""

from pathlib import Path

import pytest
from conftest import RAW
from runner_support import digest_everything, paths_at

from helpers.cli import main
from helpers.config import PROJECT_ROOT
from helpers.runner import kernel
from helpers.runner.period import RunResult
from helpers.runner.schedule import (
    all_jobs,
    entities_in_data,
    jobs_from_yaml,
    longest_first,
    periods_in_data,
    run_many,
    summary,
)


def test_periods_in_the_embedded_data():
    assert periods_in_data(RAW, "heinola") == ["2024-03-31", "2024-06-30"]
    # data/raw may hold other municipalities beside the embedded one.
    assert "heinola" in entities_in_data(RAW)
    assert heinola_jobs(RAW) == [("heinola", "2024-03-31"), ("heinola", "2024-06-30")]
    assert set(jobs_from_yaml(PROJECT_ROOT / "runs.yml")) <= set(all_jobs(RAW))


def test_a_run_set_without_runs_or_with_a_bad_date_is_an_error(tmp_path):
    empty = tmp_path / "empty.yml"
    empty.write_text("runs: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="empty.yml: no runs listed"):
        jobs_from_yaml(empty)
    bad = tmp_path / "bad.yml"
    bad.write_text("runs:\n  - entity: heinola\n    periods: [2024-06-31]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        jobs_from_yaml(bad)


def test_cli_exit_codes(capsys):
    assert main(["run", "--runs", str(PROJECT_ROOT / "README.md")]) == 2
    assert "README.md: not valid YAML" in capsys.readouterr().err
    assert main(["run", "--runs", str(PROJECT_ROOT / "pyproject.toml")]) == 2
    assert main(["run", "--entity", "../etc"]) == 1
    assert "slug" in capsys.readouterr().err


def test_summary_lists_each_entity_period_and_counts_failures():
    results = [
        RunResult("heinola", "2024-06-30", "r", ran=["40_report"], seconds=12.34),
        RunResult("heinola", "2024-03-31", "", status="failed", seconds=0.5),
    ]
    assert summary(results).splitlines() == [
        "entity        period      status       seconds  stages run",
        "heinola       2024-06-30  ok              12.3  40_report",
        "heinola       2024-03-31  failed           0.5  -",
        "2 entity-periods, 1 failed",
    ]


@pytest.mark.slow
def test_serial_parallel_and_dask_give_identical_outputs(tmp_path, monkeypatch):
    """Serially both periods run in one kernel (this process's); on Dask and with two
    processes each almost surely runs in its own worker's kernel: every output, the PDFs and
    the executed notebooks included, must be the same bytes. (A worker that runs several,
    and overlaps them, gives the same bytes too: test_runner_workers, and the benchmark's 12
    entity-periods checked by hand, docs/performance.md.)"""
    from distributed import LocalCluster

    jobs = heinola_jobs(RAW)
    assert len(jobs) >= 2
    serial = paths_at(tmp_path / "serial")
    parallel = paths_at(tmp_path / "parallel")
    dask = paths_at(tmp_path / "dask")
    kernel.close_shared_session()  # an earlier test may have left this process's kernel
    starts = []
    start_once = kernel.KernelSession._start_once
    monkeypatch.setattr(
        kernel.KernelSession, "_start_once", lambda self: starts.append(1) or start_once(self)
    )
    assert all(r.status == "ok" for r in run_many(jobs, serial))
    assert len(starts) == 1  # one kernel for every entity-period of the serial run
    assert all(r.status == "ok" for r in run_many(jobs, parallel, workers=2))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        results = run_many(jobs, dask, scheduler=cluster.scheduler_address)
    assert all(r.status == "ok" for r in results)
    expected = digest_everything(serial)
    assert len(expected) > 60
    assert {Path(name).suffix for name in expected} >= {".pdf", ".ipynb", ".xlsx", ".parquet"}
    assert digest_everything(parallel) == expected
    assert digest_everything(dask) == expected
    # 31.3.2024 has no income statement yet: its report says so and the run succeeds.
    march = (serial.reports / "heinola/2024-03-31/index.html").read_text(encoding="utf-8")
    assert "Ei tietoa: tälle ajankohdalle ei ole aineistoa." in march


def heinola_jobs(raw):
    """The embedded entity's jobs; data/raw may hold other municipalities too."""
    return [job for job in all_jobs(raw) if job[0] == "heinola"]


def test_parallel_workers_get_the_later_period_ends_first():
    jobs = [
        ("a", "2024-03-31"),
        ("a", "2024-06-30"),
        ("b", "2024-03-31"),
        ("b", "2024-12-31"),
        ("c", "2023-09-30"),
    ]
    # December, September, June, then the two March ones in their given order.
    assert longest_first(jobs) == [3, 4, 1, 0, 2]
