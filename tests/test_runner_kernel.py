"""helpers.runner.kernel: the project's kernelspec and a kernel that survives a bad start."""

import sys
from pathlib import Path

import pytest

from helpers.runner import kernel


def test_the_kernelspec_starts_this_interpreter():
    from jupyter_client.kernelspec import KernelSpecManager

    assert kernel.ensure_kernel() == kernel.KERNEL_NAME
    spec = KernelSpecManager().get_kernel_spec(kernel.KERNEL_NAME)
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()


@pytest.mark.slow
def test_a_kernel_that_fails_to_start_is_replaced_and_warms_up(monkeypatch, tmp_path):
    real = kernel.ipc_kernel_manager_class()
    attempts = []

    class Flaky(real):
        async def start_kernel(self, **kwargs):
            attempts.append(1)
            if len(attempts) == 1:
                raise RuntimeError("simulated: kernel died before replying")
            return await super().start_kernel(**kwargs)

    monkeypatch.setattr(kernel, "ipc_kernel_manager_class", lambda: Flaky)
    with kernel.KernelSession(kernel.ensure_kernel(), tmp_path) as session:
        assert session.start().has_kernel
        assert run_in(session, "import sys; print('helpers.clean' in sys.modules)") == "True"
    assert len(attempts) == 2


def run_in(session, code):
    """What ``code`` prints in the session's kernel. (The IPC socket paths are relative to
    the kernel's working folder: connect from there, as papermill does.)"""
    import contextlib

    from jupyter_client.blocking import BlockingKernelClient

    printed = []

    def keep(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])

    client = BlockingKernelClient()
    client.load_connection_info(session.km.get_connection_info())
    with contextlib.chdir(session.cwd):
        client.start_channels(hb=False)  # no heartbeat: wait_for_ready needs a reply only
        try:
            client.wait_for_ready(timeout=120)
            client.execute_interactive(code, timeout=120, output_hook=keep)
        finally:
            client.stop_channels()
    return "".join(printed).strip()


def test_a_kernel_that_never_starts_fails_the_run_clearly(monkeypatch, tmp_path):
    real = kernel.ipc_kernel_manager_class()

    class Broken(real):
        async def start_kernel(self, **kwargs):
            raise OSError("simulated: no sockets left")

    monkeypatch.setattr(kernel, "ipc_kernel_manager_class", lambda: Broken)
    session = kernel.KernelSession(kernel.ensure_kernel(), tmp_path)
    with pytest.raises(kernel.StageFailed, match="kernel failed to start: simulated"):
        session.start()
