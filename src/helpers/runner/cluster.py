"""Entity-periods on a Dask cluster (``--scheduler``): each worker thread keeps one kernel,
and each worker one PDF browser, for all the entity-periods of a run set.

Imported only for ``--scheduler`` (Dask is slow to import).
"""

from __future__ import annotations

import asyncio
import threading
import uuid

from distributed import Client, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from helpers.config import Paths
from helpers.runner.export import EarlyPrinter
from helpers.runner.kernel import KERNEL_NAME, KernelSession
from helpers.runner.period import RunResult
from helpers.runner.workers import Job, begin_job


class KeptOnDaskWorker(WorkerPlugin):
    """A kernel for each of a worker's threads and one PDF browser, kept for the
    entity-periods of one run set and shut down when the run set ends (``teardown``, called
    when the client removes the plugin): a long-lived cluster keeps no kernel or browser of
    ours between run sets, and a worker's threads never share a kernel."""

    def setup(self, worker) -> None:
        # Here, not in __init__: the plugin is sent to the workers pickled, without them.
        self._lock = threading.Lock()
        self._thread = threading.local()
        self._sessions: list[KernelSession] = []
        self._printer: EarlyPrinter | None = None

    def session(self) -> KernelSession:
        """The calling thread's kernel session (its kernel starts on first use)."""
        if not hasattr(self._thread, "session"):
            self._thread.session = KernelSession(KERNEL_NAME)
            with self._lock:
                self._sessions.append(self._thread.session)
        return self._thread.session

    def printer(self) -> EarlyPrinter:
        """The worker's PDF browser (a failed one is replaced); it prints one page at a
        time, whichever thread asks."""
        with self._lock:
            if self._printer is not None and not self._printer.usable:
                self._printer.close()
                self._printer = None
            if self._printer is None:
                self._printer = EarlyPrinter(launch=False)
            return self._printer

    def close(self) -> None:
        """Shut every kernel and the browser down."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
            printer, self._printer = self._printer, None
        for session in sessions:
            session.close()
        if printer is not None:
            printer.close()

    async def teardown(self, worker) -> None:
        # Off the worker's event loop: shutting a kernel down runs an event loop of its own.
        await asyncio.get_running_loop().run_in_executor(None, self.close)


def run_dask_job(entity: str, period_end: str, paths: Paths, force: bool, plugin: str):
    """One entity-period on a Dask worker, in the kernel and browser that ``plugin`` (the
    run set's ``KeptOnDaskWorker``) keeps there; never raises (see ``begin_job``)."""
    kept = get_worker().plugins[plugin]
    return begin_job(entity, period_end, paths, force, (kept.printer(), kept.session()))()


def run_on_dask(
    jobs: list[Job], paths: Paths, scheduler: str, force: bool, order: list[int]
) -> list[RunResult]:
    """The jobs on the Dask cluster at ``scheduler``, submitted in ``order`` (indexes of
    ``jobs``: Dask starts tasks in about the order they come); the results in the jobs'
    order."""
    name = f"kuntaraportti-{uuid.uuid4().hex}"  # this run set's own: others may share the cluster
    with Client(scheduler) as client:
        client.register_plugin(KeptOnDaskWorker(), name=name)
        try:
            futures = {
                index: client.submit(run_dask_job, *jobs[index], paths, force, name, pure=False)
                for index in order
            }
            return client.gather([futures[index] for index in range(len(jobs))])
        finally:
            client.unregister_worker_plugin(name)
