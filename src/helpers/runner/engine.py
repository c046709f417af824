"""The papermill engine the runner executes stages with.

papermill finds it through the ``papermill.engine`` entry point declared in pyproject.toml
(``kuntaraportti-shared-kernel = "helpers.runner.engine:SharedKernelEngine"``), papermill's
public mechanism for engines.

The class is built on first access (a module ``__getattr__``): papermill loads its entry
points while ``papermill.engines`` is still being imported, so a module that imported
papermill at its top would be half-initialised whenever it is imported before papermill.
"""

from __future__ import annotations

import logging

ENGINE = "kuntaraportti-shared-kernel"


def _build_engine_class() -> type:
    # Here, not at the top: see the module docstring (papermill imports this module).
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.utils import merge_kwargs, remove_args

    class SharedKernelEngine(NBClientEngine):
        """papermill's nbclient engine, except that the client of a shared kernel closes its
        channels after each stage (nbclient leaves them open when it does not own the
        kernel)."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                **merge_kwargs(
                    kwargs,
                    timeout=execution_timeout,
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=logging.getLogger("papermill"),
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                ),
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    return SharedKernelEngine


def __getattr__(name: str):
    if name != "SharedKernelEngine":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    engine = _build_engine_class()
    # Importing papermill above may itself have loaded the entry point (and so built the
    # class once already): keep that one, so papermill and this module agree.
    return globals().setdefault(name, engine)
