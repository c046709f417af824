"""The kernel the stages run in: registration, IPC transport, one shared session.

One kernel runs all four stages of an entity-period (the namespace is reset before each
stage) and, in a process that runs several entity-periods one after the other (serial
``run_many``, each ``--jobs`` worker), all of them: its imports and its start are paid once
per process (``shared_session``). It starts in a temporary folder of its own, where its IPC
sockets stay, named by absolute path (parallel runs have no TCP ports to clash over, and
no thread's working folder matters); each stage first enters the period's working folder
(``helpers.runner.execute``).

What a kernel keeps between entity-periods besides imported modules: the content-keyed
caches of ``helpers.charts`` (rendered PNGs) and ``helpers.schemas`` (frames that passed a
schema, compared by value), which give the same bytes whichever period filled them, and the
``functools`` caches of templates, header patterns and schemas, which depend on their
arguments only. A stage's own variables go with the reset.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from helpers.runner.exceptions import StageFailed

KERNEL_NAME = "kuntaraportti"
KERNEL_DISPLAY_NAME = "Python 3 (kuntaraportti)"
KERNEL_START_ATTEMPTS = 3
# Imported by the kernel as it starts, while the runner loads papermill and nbconvert: both
# processes load their libraries at the same time. Only the first stage's libraries: later
# stages import theirs while the runner renders HTML.
WARM_UP = "import helpers.clean"


def ipc_kernel_manager_class():
    """A kernel manager on IPC sockets: no TCP ports to clash between parallel runs and no
    "running over TCP without encryption" warning from the kernel."""
    # Lazy (as every jupyter_client, jupyter_core and ipykernel import here): an up-to-date
    # run starts no kernel and should not pay for importing them.
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

    return IPCKernelManager


def ensure_kernel() -> str:
    """Register this interpreter as the ``kuntaraportti`` kernel inside its own prefix.

    Notebooks name this kernel in their metadata, so papermill, nbclient and JupyterLab all
    start the project environment's Python, never some other ``python3`` on the machine.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # lazy: see above

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve():
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install  # lazy: only when the kernel is not registered

    install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)
    return KERNEL_NAME


def _new_working_folder() -> Path:
    """A kernel's own working folder (short: IPC socket paths have a length limit)."""
    return Path(tempfile.mkdtemp(prefix="kuntaraportti-kernel-"))


class KernelSession:
    """One kernel for the stages of one or more entity-periods, shut down when the session
    closes. A kernel that fails to start is replaced (``discard``) and started again; one
    that died since is replaced on the next ``start``. ``cwd``: the kernel's working folder;
    without it, a temporary folder of the session's own, removed when the session closes.
    ``warm_up``: code the kernel runs as it starts (the first stage's imports)."""

    def __init__(self, kernel: str, cwd: Path | None = None, warm_up: str = WARM_UP) -> None:
        self.kernel = kernel
        self.warm_up = warm_up  # code the kernel runs as it starts
        self._own_cwd = cwd is None
        self.cwd = _new_working_folder() if cwd is None else cwd
        self.km = None

    def start(self):
        """The running kernel's manager; starts it (with retries) on first use, and again
        when the kernel has died since."""
        if self.km is not None and not self.alive:
            self.discard()
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            if self.km is not None:
                return self.km
            try:
                self._start_once()
            except (RuntimeError, TimeoutError, OSError) as exc:
                self.discard()
                if attempt == KERNEL_START_ATTEMPTS:
                    raise StageFailed(
                        "kernel", self.cwd, f"kernel failed to start: {exc}"
                    ) from None
        return self.km

    def _start_once(self) -> None:
        from jupyter_core.utils import run_sync  # lazy: see ipc_kernel_manager_class

        # The IPC sockets at an absolute path in the kernel's own folder: jupyter_client's
        # default is relative to the working folder of whichever thread connects, and the
        # stages of other entity-periods (a worker's next one, a Dask worker's other
        # threads) may run in this process meanwhile. No one needs to change this process's
        # working folder for a stage then (papermill's ``cwd`` would, for every thread).
        ipc = str(Path(self.cwd).resolve() / "kernel-ipc")
        self.km = ipc_kernel_manager_class()(kernel_name=self.kernel, ip=ipc)
        # The kernel imports the warm-up modules as it starts, while this process goes on
        # importing papermill.
        warm_up = [f"--IPKernelApp.exec_lines={self.warm_up}"] if self.warm_up else []
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), extra_arguments=warm_up)

    @property
    def alive(self) -> bool:
        """A kernel was started and its process is still running."""
        if self.km is None or not self.km.has_kernel:
            return False
        from jupyter_core.utils import run_sync  # lazy: see ipc_kernel_manager_class

        return run_sync(self.km.is_alive)()

    def discard(self) -> None:
        """Shut the kernel down (if any); the next ``start`` starts a new one, in a new
        working folder when the session has its own (nothing of the old kernel's, such as
        its socket files, is left for the new one)."""
        self._shutdown()
        self.km = None
        if self._own_cwd:
            shutil.rmtree(self.cwd, ignore_errors=True)
            self.cwd = _new_working_folder()

    def _shutdown(self) -> None:
        if self.km is not None and self.km.has_kernel:
            from jupyter_core.utils import run_sync  # lazy: see ipc_kernel_manager_class

            run_sync(self.km.shutdown_kernel)(now=True)

    def close(self) -> None:
        """Shut the kernel down and remove the session's own working folder."""
        self._shutdown()
        self.km = None
        if self._own_cwd:
            shutil.rmtree(self.cwd, ignore_errors=True)

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# The kernel session a process keeps for every entity-period it runs (``shared_session``).
_SHARED: list[KernelSession] = []
_SHARED_LOCK = threading.Lock()


def shared_session() -> KernelSession:
    """This process's kernel session, kept for all the entity-periods it runs one after the
    other (serially, or as one worker of ``--jobs``): one start and one round of imports
    instead of one per period. Not started here (the run starts it when a stage must run);
    closed when the process exits (multiprocessing's exit hook, which also runs in pool
    workers, where ``atexit`` does not). A run whose stage failed discards its kernel (see
    ``KernelSession.discard``), so the next one starts afresh."""
    from multiprocessing import util  # lazy: only runs of several periods need it

    with _SHARED_LOCK:
        if not _SHARED:
            # The name only: the run registers the kernelspec (``ensure_kernel``) before it
            # starts a kernel, and an up-to-date run should not pay for jupyter_client.
            _SHARED.append(KernelSession(KERNEL_NAME))
            util.Finalize(_SHARED[0], _SHARED[0].close, exitpriority=10)
        return _SHARED[0]


def close_shared_session() -> None:
    """Shut this process's kept kernel down now (the next ``shared_session`` starts anew),
    e.g. in a long-lived process that has finished running entity-periods."""
    with _SHARED_LOCK:
        while _SHARED:
            _SHARED.pop().close()
