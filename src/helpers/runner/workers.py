"""How the entity-periods of a run set run in this process or in ``jobs`` local worker
processes (on a Dask cluster: ``helpers.runner.cluster``).

Every process (or Dask worker thread) that runs several entity-periods keeps one kernel
and one PDF browser for all of them: their start and imports are paid once.

A local worker keeps two entity-periods in flight: while its thread finishes one (the
board's page, the PDF, the manifest, the swap: this process and Chromium, not the kernel),
the kernel already runs the next one's stages. Without that the kernel waits ~5 s per
entity-period and the worker's own process waits for the kernel during the stages, so two
workers keep less than the two cores busy. Each entity-period's lock is held until its
publishing is done; the worker takes its next job from a queue shared by all workers, so
whichever worker is free first takes the longest job left.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor

from helpers.config import Paths
from helpers.runner.export import EarlyPrinter, shared_printer
from helpers.runner.kernel import KernelSession, shared_session
from helpers.runner.period import Finish, RunResult, begin_period

Job = tuple[str, str]


def _log(line: str) -> None:
    print(line, flush=True)


def _failed(entity: str, period_end: str, exc: Exception, started: float) -> RunResult:
    """The result of a job that raised: the other jobs go on, the summary tells."""
    print(f"[{entity} {period_end}] FAILED: {exc}", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    return RunResult(entity, str(period_end), "", status="failed", error=str(exc), seconds=seconds)


def begin_job(
    entity: str,
    period_end: str,
    paths: Paths,
    force: bool,
    kept: tuple[EarlyPrinter | None, KernelSession | None] = (None, None),
) -> Callable[[], RunResult]:
    """Run one entity-period's stages now; return what finishes it. Neither raises: a
    failure is a ``failed`` result. ``kept``: the browser and kernel to use (kept by the
    caller for its next entity-periods); without them the run starts its own."""
    started = time.perf_counter()
    try:
        finish: Finish = begin_period(
            entity, period_end, paths, _log, force, printer=kept[0], kernel=kept[1]
        )
    except Exception as exc:  # every failure is reported, the other jobs go on
        result = _failed(entity, period_end, exc, started)
        return lambda: result

    def finish_job() -> RunResult:
        try:
            return finish()
        except Exception as exc:
            return _failed(entity, period_end, exc, started)

    return finish_job


def run_job(
    entity: str, period_end: str, paths: Paths, force: bool = False, share_browser: bool = False
) -> RunResult:
    """One entity-period, start to end: never raises, the result tells what happened.
    ``share_browser``: print the PDF with the process's browser (``shared_printer``) and
    run the stages in the process's kernel (``shared_session``), both kept for the next
    entity-period this process runs."""
    kept = (shared_printer(), shared_session()) if share_browser else (None, None)
    return begin_job(entity, period_end, paths, force, kept)()


# The job queue of a local worker process (given to each worker as it starts).
_QUEUE: list = []


def _take_queue(queue) -> None:
    _QUEUE[:] = [queue]


def work_through_queue(paths: Paths, force: bool) -> dict[int, RunResult]:
    """In a local worker: take ``(index, entity, period_end)`` jobs from the shared queue
    until it hands out ``None``, finishing each in a thread while the next one's stages run
    (at most two entity-periods in flight). Returns the results by index."""
    queue = _QUEUE[0]
    kept = (shared_printer(), shared_session())
    results: dict[int, RunResult] = {}
    in_flight: list[tuple[int, Future]] = []
    with ThreadPoolExecutor(1, thread_name_prefix="finish") as finisher:
        while (job := queue.get()) is not None:
            for index, future in in_flight[:-1]:  # the one before last is finished first
                results[index] = future.result()
            in_flight = in_flight[-1:]
            index, entity, period_end = job
            finish = begin_job(entity, period_end, paths, force, kept)
            in_flight.append((index, finisher.submit(finish)))
        for index, future in in_flight:
            results[index] = future.result()
    return results


def run_in_processes(
    jobs: list[Job], paths: Paths, workers: int, force: bool, order: list[int]
) -> list[RunResult]:
    """The jobs on ``workers`` local processes, handed out in ``order`` (indexes of
    ``jobs``), each to whichever worker is free first; the results in the jobs' order."""
    context = multiprocessing.get_context("spawn")  # a clean interpreter per worker
    queue = context.Queue()
    for index in order:
        queue.put((index, *jobs[index]))
    workers = min(workers, len(jobs))
    for _ in range(workers):
        queue.put(None)  # one end mark per worker
    results: dict[int, RunResult] = {}
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_take_queue, initargs=(queue,)
        ) as pool:
            for done in [pool.submit(work_through_queue, paths, force) for _ in range(workers)]:
                results.update(done.result())
    finally:
        # A worker that died leaves jobs in the queue, which this process would otherwise
        # wait to hand over as it exits (the error is raised all the same).
        queue.cancel_join_thread()
    return [results[index] for index in range(len(jobs))]
