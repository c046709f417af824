"""One run at a time per entity-period: an exclusive lock on a file beside its staging.

The lock is the operating system's (``fcntl.flock``; ``msvcrt.locking`` on Windows): it is
released when the process ends, however it ends, so a killed run never leaves a stale lock.
The file records the holder's process id for the message a waiting run prints. Lock files
are left in place (removing one while another process waits on it would split the lock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from helpers.config import Paths
from helpers.runner.exceptions import RunInProgress

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

# How long a run waits for another run of the same entity-period before giving up. A run of
# the embedded data takes well under a minute; a run set on a busy machine can queue longer.
LOCK_WAIT_SECONDS = 30 * 60
POLL_SECONDS = 0.2


def run_lock_path(paths: Paths, entity: str, period_end: str | dt.date) -> Path:
    """The lock file of an entity-period, beside its staging folder."""
    day = period_end if isinstance(period_end, str) else period_end.isoformat()
    return paths.processed / ".runs" / f"{entity}-{day}.lock"


def _try_lock(handle) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(handle) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    else:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid else "another process"


@contextlib.contextmanager
def held(
    path: Path,
    *,
    what: str,
    wait: float | None = LOCK_WAIT_SECONDS,
    on_wait: Callable[[str], None] = print,
) -> Iterator[None]:
    """Hold the exclusive lock on ``path`` (created if missing) for the ``with`` block.

    When another process holds it, say so through ``on_wait`` once and wait up to ``wait``
    seconds (``None``: as long as it takes); then raise ``RunInProgress``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            busy = f"another run of {what} is in progress ({_holder(path)}, lock {path})"
            if wait == 0:
                raise RunInProgress(busy)
            on_wait(f"{busy}; waiting …")
            deadline = None if wait is None else time.monotonic() + wait
            while not _try_lock(handle):
                if deadline is not None and time.monotonic() >= deadline:
                    raise RunInProgress(f"{busy}; gave up after {wait:g} s")
                time.sleep(POLL_SECONDS)
        try:
            handle.truncate(0)
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            _unlock(handle)
