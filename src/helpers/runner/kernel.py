"""The kernel the stages run in: registration, IPC transport, one shared session.

One kernel per entity-period runs all four stages (the namespace is reset between stages);
it talks over IPC sockets, so parallel runs have no TCP ports to clash over.
"""

from __future__ import annotations

import sys
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


class KernelSession:
    """One kernel for all stages of an entity-period, shut down when the session closes.
    A kernel that fails to start is replaced (``discard``) and started again."""

    def __init__(self, kernel: str, cwd: Path) -> None:
        self.kernel = kernel
        self.cwd = cwd
        self.km = None

    def start(self):
        """The running kernel's manager; starts it (with retries) on first use."""
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

        self.km = ipc_kernel_manager_class()(kernel_name=self.kernel)
        # The kernel imports the warm-up modules as it starts, while this process goes on
        # importing papermill. (A client of this process cannot send it: the IPC socket paths
        # are relative to the kernel's working folder, which papermill enters only while it
        # executes a stage.)
        warm_up = [f"--IPKernelApp.exec_lines={WARM_UP}"]
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), extra_arguments=warm_up)

    def discard(self) -> None:
        self.close()
        self.km = None

    def close(self) -> None:
        if self.km is not None and self.km.has_kernel:
            from jupyter_core.utils import run_sync  # lazy: see ipc_kernel_manager_class

            run_sync(self.km.shutdown_kernel)(now=True)

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
