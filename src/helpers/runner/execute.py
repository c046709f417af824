"""Execute one stage notebook: its parameters, a namespace reset, papermill, clean output.

Each stage gets only the parameters its notebook declares in its ``parameters`` cell, from
the set the runner provides (``entity``, ``period_end`` and the folders).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.config import Paths
from helpers.runner.engine import ENGINE
from helpers.runner.exceptions import StageFailed
from helpers.runner.kernel import KernelSession

RESET_TAG = "kuntaraportti-reset"


def available_parameters(
    entity: str, period_end: dt.date, paths: Paths, report_dir: Path
) -> dict[str, str]:
    """Every parameter the runner can give a stage, in the order papermill injects them.

    ``processed_dir`` is the root of processed data (each stage reads and writes its period's
    folder under it); ``report_dir`` is the folder this run's report is being written to (the
    report stage writes tables.xlsx there)."""
    return {
        "entity": entity,
        "period_end": period_end.isoformat(),
        "raw_dir": str(paths.raw),
        "processed_dir": str(paths.processed),
        "report_dir": str(report_dir),
    }


def notebook_parameters(notebook: Path) -> dict[str, str]:
    """The parameters a notebook declares in its ``parameters`` cell, with their defaults."""
    import papermill  # lazy (as every papermill and nbformat import here): seconds to load

    return {
        name: info["default"] for name, info in papermill.inspect_notebook(str(notebook)).items()
    }


def check_parameters(notebook: Path, parameters: dict[str, str]) -> None:
    """papermill only warns about a parameter the notebook does not declare ("Passed unknown
    parameter"); here it is an error, because the notebook would silently ignore it."""
    unknown = sorted(set(parameters) - set(notebook_parameters(notebook)))
    if unknown:
        raise ValueError(
            f"{notebook.name} does not declare the parameter(s) {', '.join(unknown)} in its "
            "'parameters' cell"
        )


def parameters_for(notebook: Path, available: dict[str, str]) -> dict[str, str]:
    """The parameters ``notebook`` declares, valued from ``available``. A declared parameter
    the runner cannot give is an error: the notebook would silently run on its default."""
    declared = notebook_parameters(notebook)
    missing = sorted(set(declared) - set(available))
    if missing:
        raise ValueError(
            f"{notebook.name} declares the parameter(s) {', '.join(missing)} in its "
            f"'parameters' cell, which the runner does not provide "
            f"(it provides {', '.join(available)})"
        )
    return {name: value for name, value in available.items() if name in declared}


def _with_reset_cell(notebook_path: Path, workdir: Path):
    """The stage notebook with a first cell that clears what the previous stage left in the
    shared kernel and enters ``workdir`` (the kernel may have served another entity-period);
    the cell is removed again from the executed notebook. (The kernel's sockets stay where
    it started: they were bound there.)"""
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    # The folder first: the last period's is gone, and %reset reads the working folder.
    code = f"__import__('os').chdir({str(workdir)!r})\n%reset -f"
    reset = nbformat.v4.new_code_cell(code, metadata={"tags": [RESET_TAG]})
    notebook.cells.insert(0, reset)
    return notebook


def _drop_reset_cell(output: Path) -> None:
    """Remove the reset cell, give papermill's injected cell a stable id and number the
    executed cells from 1, so the same inputs render to the same HTML (the shared kernel's
    counter goes on from the stages before, which an incremental run may have kept)."""
    import nbformat

    notebook = nbformat.read(output, as_version=4)
    notebook.cells = [c for c in notebook.cells if RESET_TAG not in c.metadata.get("tags", [])]
    count = 0
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for item in cell.get("outputs", []):
                if "execution_count" in item:
                    item["execution_count"] = count
    nbformat.write(notebook, output)


def _require_engine() -> None:
    """The engine is found through its entry point, which exists once the project is
    installed (``pip install -e .``); say so instead of papermill's bare "No engine"."""
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillException

    try:
        papermill_engines.get_engine(ENGINE)
    except PapermillException:
        raise StageFailed(
            "engine",
            Path("pyproject.toml"),
            f"papermill has no engine {ENGINE!r}: its entry point is declared in "
            "pyproject.toml; reinstall the project (make venv, or pip install --no-deps -e .)",
        ) from None


def execute_stage(
    stage: str,
    available: dict[str, str],
    paths: Paths,
    output: Path,
    session: KernelSession,
    workdir: Path,
) -> None:
    """Execute one stage notebook with papermill's API into ``output``, the kernel working
    in ``workdir``; raises ``StageFailed`` naming the cell and the error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = paths.notebooks / f"{stage}.ipynb"
    try:
        parameters = parameters_for(source, available)
    except ValueError as exc:
        raise StageFailed(stage, source, str(exc)) from None
    _require_engine()
    try:
        papermill.execute_notebook(
            _with_reset_cell(source, workdir),
            str(output),
            parameters=parameters,
            kernel_name=session.kernel,
            # No ``cwd``: papermill would change this whole process's working folder while
            # the stage runs (other threads' too); the kernel works where the reset cell
            # takes it, and its sockets are found by absolute path (``KernelSession``).
            progress_bar=False,
            log_output=False,
            km=session.start(),
            engine_name=ENGINE,
            # papermill would write the whole notebook before and after every cell (its
            # progress, for a reader of the file), the kernel waiting meanwhile; the file is
            # in staging and nobody reads it before the stage ends. papermill writes it once
            # at the end (with the error, when a cell failed).
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        _drop_reset_cell(output)
        first_line = next((ln for ln in exc.source.splitlines() if ln.strip()), "")
        detail = f"in the cell starting '{first_line}': {exc.ename}: {exc.evalue}"
        raise StageFailed(stage, output, detail) from None
    _drop_reset_cell(output)
