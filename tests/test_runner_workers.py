"""helpers.runner.workers: local workers keep two entity-periods in flight, and a failure
stays its own."""

import queue
import shutil
import threading

import pytest
from runner_support import TINY_ENTITY, TINY_PERIOD, digest_everything, paths_at, tiny_suite

from helpers.runner import workers
from helpers.runner.period import RunResult
from helpers.runner.schedule import run_many

WAIT = 60  # seconds a test waits for a thread before it fails


def test_a_worker_runs_the_next_stages_while_it_finishes_one_but_never_three(monkeypatch):
    """Job b's stages begin while a is still finishing; c's wait until a has finished (at
    most two entity-periods in flight), and every result comes back by its index."""
    events: list[str] = []
    release = {name: threading.Event() for name in "abc"}
    began_b = threading.Event()

    def begin_job(entity, period_end, paths, force, kept):
        events.append(f"begin {entity}")
        if entity == "b":
            began_b.set()

        def finish():
            release[entity].wait(WAIT)
            events.append(f"finished {entity}")
            return RunResult(entity, period_end, "r")

        return finish

    monkeypatch.setattr(workers, "begin_job", begin_job)
    jobs: queue.Queue = queue.Queue()
    for index, name in enumerate("abc"):
        jobs.put((index, name, "2024-06-30"))
    jobs.put(None)
    monkeypatch.setattr(workers, "_QUEUE", [jobs])
    results = {}
    worker = threading.Thread(
        target=lambda: results.update(workers.work_through_queue(None, False))
    )
    worker.start()
    assert began_b.wait(WAIT)
    assert events == ["begin a", "begin b"]  # a is still finishing
    release["b"].set()  # b's finish may not overtake a's: one finishing thread, in order
    release["a"].set()
    release["c"].set()
    worker.join(WAIT)
    assert events.index("finished a") < events.index("begin c")
    assert events.index("finished a") < events.index("finished b") < events.index("finished c")
    assert {index: r.entity for index, r in results.items()} == {0: "a", 1: "b", 2: "c"}


@pytest.mark.slow
def test_two_workers_give_the_serial_outputs_and_a_failed_entity_period_stays_apart(tmp_path):
    """Three tiny entity-periods, one of which fails a stage, serially and on two workers
    (so one worker runs two and overlaps them): the same bytes for the good ones, the failed
    one unpublished with its notebooks kept apart, no staging folder left behind."""
    entities = [TINY_ENTITY, f"{TINY_ENTITY}2", f"{TINY_ENTITY}3"]
    jobs = [(entity, TINY_PERIOD) for entity in entities]
    suite = tiny_suite(tmp_path)  # one suite: its notebooks' cell ids are random
    for entity in entities[1:]:
        shutil.copytree(suite.raw / TINY_ENTITY, suite.raw / entity)
    (suite.raw / entities[1] / "numbers.csv").write_text("1\nx\n", encoding="utf-8")
    runs = {}
    for name, count in (("serial", 1), ("parallel", 2)):
        paths = paths_at(tmp_path / name, raw=suite.raw, notebooks=suite.notebooks)
        results = run_many(jobs, paths, workers=count)
        assert [r.status for r in results] == ["ok", "failed", "ok"], name
        assert "20_indicators" in results[1].error
        runs[name] = paths
    serial, parallel = (published(runs[name]) for name in ("serial", "parallel"))
    assert serial == parallel
    pdfs = sorted(name for name in parallel if name.endswith(".pdf"))
    assert pdfs == [f"{e}/{TINY_PERIOD}/{e}-{TINY_PERIOD}.pdf" for e in entities[::2]]
    paths = runs["parallel"]
    failed = paths.reports / entities[1] / f".{TINY_PERIOD}.failed" / "20_indicators.ipynb"
    assert "ValueError" in failed.read_text(encoding="utf-8")
    assert not (paths.reports / entities[1] / TINY_PERIOD).exists()
    left = [p.name for p in paths.reports.rglob("*") if p.name.endswith(".staging")]
    assert (
        left == [] and [p.name for p in (paths.processed / ".runs").iterdir() if p.is_dir()] == []
    )


def published(paths) -> dict[str, str]:
    """``digest_everything`` without the failed runs' notebooks (their tracebacks number the
    cells by the kernel's counter, which depends on what the kernel ran before)."""
    return {name: h for name, h in digest_everything(paths).items() if ".failed" not in name}
