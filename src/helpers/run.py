"""Run the notebook stages for one entity and period with papermill, then render HTML.

Stages run in order on the project's own kernel. Executed notebooks and HTML are written to a
staging directory and moved into ``reports/<entity>/<period_end>/`` only when every stage has
succeeded, so a failing run leaves the previous report in place.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from helpers.config import Paths, parse_period_end, period_dir, validate_entity
from helpers.render import reports_index_html
from helpers.report import WORKBOOK
from helpers.store import staged_directory

STAGES = ("10_clean", "20_indicators", "30_forecast", "40_report")
REPORT_STAGE = "40_report"
KERNEL_NAME = "kuntaraportti"
KERNEL_DISPLAY_NAME = "Python 3 (kuntaraportti)"
TEMPLATES = Path(__file__).parent / "templates"


class StageFailed(RuntimeError):
    """A notebook stage raised; the message names the stage, the cell and the error."""

    def __init__(self, stage: str, notebook: Path, detail: str) -> None:
        self.stage, self.notebook, self.detail = stage, notebook, detail
        super().__init__(f"stage {stage} failed (executed notebook kept at {notebook}):\n{detail}")


@dataclass
class RunResult:
    entity: str
    period_end: dt.date
    report_dir: Path
    timings: dict[str, float] = field(default_factory=dict)


def _ipc_kernel_manager_class():
    """A kernel manager on IPC sockets: no TCP ports to clash between parallel runs and no
    "running over TCP without encryption" warning from the kernel."""
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
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve():
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)
    return KERNEL_NAME


def stage_parameters(entity: str, period_end: dt.date, paths: Paths) -> dict[str, str]:
    """The parameters every stage notebook declares in its ``parameters`` cell."""
    return {
        "entity": entity,
        "period_end": period_end.isoformat(),
        "raw_dir": str(paths.raw),
        "processed_dir": str(paths.processed),
        "reports_dir": str(paths.reports),
    }


def execute_stage(
    stage: str, parameters: dict[str, str], paths: Paths, output: Path, kernel: str
) -> None:
    """Execute one stage notebook with papermill's API into ``output``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(paths.notebooks / f"{stage}.ipynb"),
            str(output),
            parameters=parameters,
            kernel_name=kernel,
            cwd=str(paths.notebooks),
            progress_bar=False,
            log_output=False,
            kernel_manager_class=_ipc_kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        detail = f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        raise StageFailed(stage, output, detail) from None


def export_html(notebook_path: Path, target: Path, *, management: bool) -> None:
    """Render an executed notebook: without code for the board, with code for analysts."""
    notebook = nbformat.read(notebook_path, as_version=4)
    if management:
        exporter = HTMLExporter(
            template_name="report",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_markdown=True,  # the notebook's own notes are for analysts
            language_code="fi",
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    else:
        exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": ""}})
    target.write_text(body, encoding="utf-8")


def run_period(
    entity: str,
    period_end: str | dt.date,
    paths: Paths | None = None,
    log=print,
) -> RunResult:
    """Run every stage for one entity and period; returns where the report landed."""
    paths = paths or Paths.default()
    entity = validate_entity(entity)
    day = parse_period_end(period_end)
    kernel = ensure_kernel()
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    parameters = stage_parameters(entity, day, paths)
    report_dir = paths.reports / entity / day.isoformat()
    result = RunResult(entity, day, report_dir)
    failed_dir = paths.reports / entity / f".{day.isoformat()}.failed"
    with staged_directory(report_dir) as staging:
        executed = staging / "notebooks"
        executed.mkdir()
        for stage in STAGES:
            started = time.perf_counter()
            log(f"[{entity} {day.isoformat()}] {stage} …")
            try:
                execute_stage(stage, parameters, paths, executed / f"{stage}.ipynb", kernel)
            except StageFailed as exc:
                _keep_failed(executed, failed_dir)
                raise StageFailed(stage, failed_dir / f"{stage}.ipynb", exc.detail) from None
            export_html(executed / f"{stage}.ipynb", executed / f"{stage}.html", management=False)
            result.timings[stage] = time.perf_counter() - started
            log(f"[{entity} {day.isoformat()}] {stage} done in {result.timings[stage]:.1f} s")
        export_html(executed / f"{REPORT_STAGE}.ipynb", staging / "index.html", management=True)
        workbook = period_dir(paths.processed, entity, day) / WORKBOOK
        if workbook.is_file():
            shutil.copyfile(workbook, staging / WORKBOOK)
    write_reports_index(paths.reports)
    return result


def write_reports_index(reports: Path) -> Path:
    """``reports/index.html``: every entity and period that has a report."""
    found = sorted(
        (path.parent.parent.name, path.parent.name)
        for path in reports.glob("*/*/index.html")
        if not path.parent.name.startswith(".")
    )
    target = reports / "index.html"
    partial = reports / ".index.html.partial"
    partial.write_text(reports_index_html(found), encoding="utf-8")
    os.replace(partial, target)
    return target


def _keep_failed(executed: Path, failed_dir: Path) -> None:
    """Keep the executed notebooks of a failed run for debugging, beside the good report."""
    shutil.rmtree(failed_dir, ignore_errors=True)
    shutil.copytree(executed, failed_dir)
