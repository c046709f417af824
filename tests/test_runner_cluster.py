"""helpers.runner.cluster: on Dask, a kernel per worker thread, kept for a run set and shut
down when it ends."""

import asyncio
import os
import pickle
import shutil
import threading

import pytest
from runner_support import TINY_ENTITY, TINY_PERIOD, tiny_suite

from helpers.runner import cluster
from helpers.runner.kernel import KernelSession
from helpers.runner.schedule import run_many


def test_each_thread_gets_its_own_kernel_and_teardown_closes_them_all(monkeypatch):
    closed = []
    monkeypatch.setattr(KernelSession, "close", lambda self: closed.append(self))
    plugin = pickle.loads(pickle.dumps(cluster.KeptOnDaskWorker()))  # as a worker gets it
    plugin.setup(worker=None)
    mine = plugin.session()
    assert plugin.session() is mine  # kept for the thread's next entity-period
    other = []
    thread = threading.Thread(target=lambda: other.append(plugin.session()))
    thread.start()
    thread.join()
    assert other[0] is not mine  # threads never share a kernel
    printer = plugin.printer()
    assert plugin.printer() is printer  # one browser per worker
    asyncio.run(plugin.teardown(worker=None))
    assert {id(s) for s in closed} == {id(mine), id(other[0])}
    assert plugin.printer() is not printer  # a later run set starts anew
    plugin.close()


@pytest.mark.slow
def test_two_threads_of_one_worker_run_with_their_own_kernels_and_leave_none(tmp_path):
    """Two entity-periods at once on one worker of two threads: each thread's stages talk to
    its own kernel (they connected to each other's when the sockets were named relative to
    the process's working folder), and no kernel or browser is left under the worker."""
    import psutil
    from distributed import Client, LocalCluster

    paths = tiny_suite(tmp_path)
    shutil.copytree(paths.raw / TINY_ENTITY, paths.raw / f"{TINY_ENTITY}2")
    jobs = [(TINY_ENTITY, TINY_PERIOD), (f"{TINY_ENTITY}2", TINY_PERIOD)]
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
    ) as local:
        results = run_many(jobs, paths, scheduler=local.scheduler_address)
        assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
        with Client(local) as client:
            workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        left = [
            " ".join(p.cmdline())
            for worker in workers
            for p in worker.children(recursive=True)
            if "ipykernel" in " ".join(p.cmdline()) or "chrom" in p.name()
        ]
        assert left == []  # under the worker (this test process may keep its own kernel)
    for entity, period in jobs:
        assert (paths.reports / entity / period / "tables.xlsx").read_text() == "workbook 12"
