"""Run the notebook stages for entity-periods with papermill, then render HTML.

* One kernel per entity-period runs all four stages (papermill's API with a shared kernel
  manager; the namespace is reset between stages), on IPC sockets: no TCP ports to clash.
* Incremental: each stage has a content key (its notebook, the package code, the
  parameters and, chained, the raw inputs); a stage whose key is unchanged and whose outputs
  exist is not run again. ``force=True`` re-runs everything.
* Outputs go to a staging folder and replace ``reports/<entity>/<period_end>/`` only when
  every stage succeeded; a failed stage keeps its executed notebook in
  ``reports/<entity>/.<period_end>.failed/`` and the previous report stays.
* Many entity-periods: serially, in separate processes (``jobs``), or on a Dask cluster.

Heavy libraries (papermill, nbconvert, pandas) are imported only when a stage has to run, so
an up-to-date re-run finishes in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from helpers.config import (
    ENTITY_CONFIG_NAME,
    PROJECT_ROOT,
    WORKBOOK,
    Paths,
    parse_period_end,
    period_dir,
    validate_entity,
)

STAGES = ("10_clean", "20_indicators", "30_forecast", "40_report")
REPORT_STAGE = "40_report"
KERNEL_NAME = "kuntaraportti"
KERNEL_DISPLAY_NAME = "Python 3 (kuntaraportti)"
KERNEL_START_ATTEMPTS = 3
MANIFEST = "manifest.json"
RESET_TAG = "kuntaraportti-reset"
PACKAGE_DIR = Path(__file__).parent
TEMPLATES = PACKAGE_DIR / "templates"
RECORDED_PACKAGES = (
    "pandas",
    "pandera",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "pyarrow",
    "openpyxl",
    "matplotlib",
    "seaborn",
    "statsmodels",
    "babel",
    "numpy",
)


class StageFailed(RuntimeError):
    """A notebook stage raised; the message names the stage, the cell and the error."""

    def __init__(self, stage: str, notebook: Path, detail: str) -> None:
        self.stage, self.notebook, self.detail = stage, notebook, detail
        super().__init__(f"stage {stage} failed (executed notebook kept at {notebook}):\n{detail}")

    def __reduce__(self):  # picklable across processes
        return (StageFailed, (self.stage, self.notebook, self.detail))


@dataclass
class RunResult:
    entity: str
    period_end: str
    report_dir: str
    status: str = "ok"  # ok, up to date, failed
    ran: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""


# --- Content keys --------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_hash() -> str:
    """One hash over the package's code and templates: any edit re-runs every stage."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".css", ".json"}:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_files(raw: Path, entity: str, day: dt.date) -> list[Path]:
    """Every raw file a run of this entity-period may read."""
    files = [p for p in raw.glob("*") if p.is_file() and p.suffix in {".csv", ".xlsx"}]
    entity_dir = raw / entity
    files += [p for p in entity_dir.glob("*") if p.is_file()]
    files += [p for p in (entity_dir / day.isoformat()).glob("*") if p.is_file()]
    return sorted(files)


def input_hashes(raw: Path, entity: str, day: dt.date) -> dict[str, str]:
    return {str(p.relative_to(raw)): _sha(p.read_bytes()) for p in input_files(raw, entity, day)}


def stage_keys(paths: Paths, parameters: dict[str, str], inputs: dict[str, str]) -> dict[str, str]:
    """Chained keys: a stage's key covers its notebook, the package, the parameters and the
    previous stage's key (the first stage's covers the raw inputs)."""
    common = _sha(json.dumps(parameters, sort_keys=True).encode()) + package_hash()
    previous = _sha(json.dumps(inputs, sort_keys=True).encode())
    keys = {}
    for stage in STAGES:
        notebook = _sha((paths.notebooks / f"{stage}.ipynb").read_bytes())
        previous = _sha((notebook + common + previous).encode())
        keys[stage] = previous
    return keys


def git_commit(root: Path = PROJECT_ROOT) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": sys.version.split()[0]}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def manifest(
    entity: str, day: dt.date, paths: Paths, inputs: dict[str, str], keys: dict[str, str]
) -> dict:
    """What a report was made from: parameters, input hashes, stage keys, versions, commit."""
    return {
        "entity": entity,
        "period_end": day.isoformat(),
        "parameters": {
            "raw_dir": _relative(paths.raw),
            "processed_dir": _relative(paths.processed),
            "reports_dir": _relative(paths.reports),
        },
        "inputs": inputs,
        "stages": keys,
        "packages": package_versions(),
        "git_commit": git_commit(),
    }


# --- Kernel and stage execution ------------------------------------------------------------


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


# Imported by the kernel right after it starts, while the runner loads papermill and
# nbconvert: both processes load their libraries at the same time. Only the first stage's
# libraries: later stages import theirs while the runner renders HTML (measured faster).
WARM_UP = "import helpers.clean"


class KernelSession:
    """One kernel for all stages of an entity-period, shut down when the session closes.
    A kernel that fails to start is replaced (``discard``) and started again."""

    def __init__(self, kernel: str, cwd: Path) -> None:
        self.kernel = kernel
        self.cwd = cwd
        self.km = None
        self.kc = None

    def start(self):
        """The running kernel's manager; starts it (with retries) on first use."""
        from jupyter_core.utils import run_sync

        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            if self.km is not None:
                return self.km
            try:
                self.km = _ipc_kernel_manager_class()(kernel_name=self.kernel)
                run_sync(self.km.start_kernel)(cwd=str(self.cwd))
                from jupyter_client.blocking import BlockingKernelClient

                # Queued on the socket; the kernel runs it as soon as it is up, while this
                # process goes on importing papermill.
                self.kc = BlockingKernelClient()
                self.kc.load_connection_info(self.km.get_connection_info())
                self.kc.start_channels()
                self.kc.execute(WARM_UP, silent=True, store_history=False)
            except (RuntimeError, TimeoutError, OSError) as exc:
                self.discard()
                if attempt == KERNEL_START_ATTEMPTS:
                    raise StageFailed(
                        "kernel", self.cwd, f"kernel failed to start: {exc}"
                    ) from None
        return self.km

    def discard(self) -> None:
        self.close()
        self.km = None

    def close(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None and self.km.has_kernel:
            from jupyter_core.utils import run_sync

            run_sync(self.km.shutdown_kernel)(now=True)

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def stage_parameters(entity: str, period_end: dt.date, paths: Paths) -> dict[str, str]:
    """The parameters every stage notebook declares in its ``parameters`` cell."""
    return {
        "entity": entity,
        "period_end": period_end.isoformat(),
        "raw_dir": str(paths.raw),
        "processed_dir": str(paths.processed),
        "reports_dir": str(paths.reports),
    }


def _with_reset_cell(notebook_path: Path):
    """The stage notebook with a first cell that clears what the previous stage left in the
    shared kernel; the cell is removed again from the executed notebook."""
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    reset = nbformat.v4.new_code_cell("%reset -f", metadata={"tags": [RESET_TAG]})
    notebook.cells.insert(0, reset)
    return notebook


def _drop_reset_cell(output: Path) -> None:
    """Remove the reset cell and give papermill's injected cell a stable id, so the same
    inputs render to the same HTML."""
    import nbformat

    notebook = nbformat.read(output, as_version=4)
    notebook.cells = [c for c in notebook.cells if RESET_TAG not in c.metadata.get("tags", [])]
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    nbformat.write(notebook, output)


ENGINE = "kuntaraportti-shared-kernel"


def _register_engine() -> None:
    """papermill's nbclient engine, except that the client of a shared kernel closes its
    channels after each stage (nbclient leaves them open when it does not own the kernel)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    if ENGINE in papermill_engines._engines:
        return

    class SharedKernelEngine(NBClientEngine):
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
            import logging

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

    papermill_engines.register(ENGINE, SharedKernelEngine)


def notebook_parameters(notebook: Path) -> dict[str, str]:
    """The parameters a notebook declares in its ``parameters`` cell, with their defaults."""
    import papermill

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


def execute_stage(
    stage: str,
    parameters: dict[str, str],
    paths: Paths,
    output: Path,
    session: KernelSession,
) -> None:
    """Execute one stage notebook with papermill's API into ``output``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # Each stage gets only the runner parameters its notebook declares.
    declared = notebook_parameters(paths.notebooks / f"{stage}.ipynb")
    parameters = {name: value for name, value in parameters.items() if name in declared}
    try:
        check_parameters(paths.notebooks / f"{stage}.ipynb", parameters)
    except ValueError as exc:
        raise StageFailed(stage, paths.notebooks / f"{stage}.ipynb", str(exc)) from None
    _register_engine()
    try:
        papermill.execute_notebook(
            _with_reset_cell(paths.notebooks / f"{stage}.ipynb"),
            str(output),
            parameters=parameters,
            kernel_name=session.kernel,
            cwd=str(session.cwd),
            progress_bar=False,
            log_output=False,
            km=session.start(),
            engine_name=ENGINE,
        )
    except PapermillExecutionError as exc:
        _drop_reset_cell(output)
        first_line = next((ln for ln in exc.source.splitlines() if ln.strip()), "")
        detail = f"in the cell starting '{first_line}': {exc.ename}: {exc.evalue}"
        raise StageFailed(stage, output, detail) from None
    _drop_reset_cell(output)


def _preload_in_background() -> None:
    """Import nbconvert in a thread while the main thread waits for the kernel, so the first
    HTML export does not pay for it."""
    import threading

    def load() -> None:
        from nbconvert import HTMLExporter  # noqa: F401

    threading.Thread(target=load, daemon=True).start()


def export_html(notebook_path: Path, target: Path, *, management: bool) -> None:
    """Render an executed notebook: without code for the board, with code for analysts."""
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(notebook_path, as_version=4)
    if management:
        exporter = HTMLExporter(
            template_name="report",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_markdown=True,  # the notebook's own notes are for analysts
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="fi",
        )
    else:
        exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": ""}})
    target.write_text(body, encoding="utf-8")


# --- One entity-period ---------------------------------------------------------------------


def _read_manifest(report_dir: Path) -> dict:
    try:
        return json.loads((report_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _first_stale_stage(
    keys: dict[str, str], previous: dict, report_dir: Path, processed: Path
) -> int:
    """Index of the first stage that must run; ``len(STAGES)`` when all are up to date."""
    if not (report_dir / "index.html").is_file() or not (processed / "audit.parquet").is_file():
        return 0
    old = previous.get("stages", {})
    for index, stage in enumerate(STAGES):
        executed = report_dir / "notebooks" / f"{stage}.ipynb"
        if old.get(stage) != keys[stage] or not executed.is_file():
            return index
    return len(STAGES)


def run_period(
    entity: str,
    period_end: str | dt.date,
    paths: Paths | None = None,
    log=print,
    force: bool = False,
) -> RunResult:
    """Run the stages of one entity-period that are out of date; raises ``StageFailed``."""
    started = time.perf_counter()
    paths = paths or Paths.default()
    entity = validate_entity(entity)
    day = parse_period_end(period_end)
    label = f"[{entity} {day.isoformat()}]"
    report_dir = paths.reports / entity / day.isoformat()
    processed = period_dir(paths.processed, entity, day)
    if not (paths.raw / entity / ENTITY_CONFIG_NAME).is_file():
        from helpers.errors import InputDataError

        raise InputDataError("entity configuration not found", file=paths.raw / entity)
    inputs = input_hashes(paths.raw, entity, day)
    keys = stage_keys(paths, {"entity": entity, "period_end": day.isoformat()}, inputs)
    result = RunResult(entity, day.isoformat(), str(report_dir))
    first = (
        0 if force else _first_stale_stage(keys, _read_manifest(report_dir), report_dir, processed)
    )
    if first == len(STAGES):
        result.status = "up to date"
        result.seconds = time.perf_counter() - started
        log(f"{label} up to date ({result.seconds:.2f} s)")
        return result

    from helpers.store import replace_directory, staged_directory

    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    kernel = ensure_kernel()
    failed_dir = paths.reports / entity / f".{day.isoformat()}.failed"
    workdir = Path(tempfile.mkdtemp(prefix=f"kuntaraportti-{entity}-{day.isoformat()}-"))
    # The stages write processed data into a staging root that replaces the period's
    # processed folder only when every stage succeeded: a run that fails or is killed leaves
    # the previous processed data as it was. (The executed notebooks show this root.)
    staging_root = paths.processed / ".runs" / f"{entity}-{day.isoformat()}"
    shutil.rmtree(staging_root, ignore_errors=True)
    staged_processed = period_dir(staging_root, entity, day)
    if first > 0:
        shutil.copytree(processed, staged_processed)
    else:
        staged_processed.parent.mkdir(parents=True)
    parameters = stage_parameters(
        entity, day, Paths(paths.raw, staging_root, paths.reports, paths.notebooks)
    )
    try:
        with staged_directory(report_dir) as staging, KernelSession(kernel, workdir) as session:
            session.start()  # the kernel warms up while the first stage's libraries load
            _preload_in_background()
            executed = staging / "notebooks"
            executed.mkdir()
            for stage in STAGES[:first]:
                for suffix in (".ipynb", ".html"):
                    shutil.copyfile(
                        report_dir / "notebooks" / f"{stage}{suffix}", executed / f"{stage}{suffix}"
                    )
                log(f"{label} {stage} up to date")
            # HTML is rendered in a thread while the kernel runs the next stage.
            exports = ThreadPoolExecutor(max_workers=1)
            pending = []
            for stage in STAGES[first:]:
                stage_started = time.perf_counter()
                log(f"{label} {stage} …")
                try:
                    execute_stage(stage, parameters, paths, executed / f"{stage}.ipynb", session)
                except StageFailed as exc:
                    exports.shutdown(wait=True)
                    _keep_failed(executed, failed_dir)
                    raise StageFailed(stage, failed_dir / f"{stage}.ipynb", exc.detail) from None
                notebook = executed / f"{stage}.ipynb"
                pending.append(
                    exports.submit(
                        export_html, notebook, executed / f"{stage}.html", management=False
                    )
                )
                result.ran.append(stage)
                result.timings[stage] = time.perf_counter() - stage_started
                log(f"{label} {stage} done in {result.timings[stage]:.1f} s")
            pending.append(
                exports.submit(
                    export_html,
                    executed / f"{REPORT_STAGE}.ipynb",
                    staging / "index.html",
                    management=True,
                )
            )
            exports.shutdown(wait=True)
            for future in pending:
                future.result()  # an export error fails the run
            workbook = staged_processed / WORKBOOK
            if workbook.is_file():
                shutil.copyfile(workbook, staging / WORKBOOK)
            text = json.dumps(
                manifest(entity, day, paths, inputs, keys),
                indent=2,
                ensure_ascii=False,
                sort_keys=True,
            )
            (staging / MANIFEST).write_text(text + "\n", encoding="utf-8")
            replace_directory(staged_processed, processed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(staging_root, ignore_errors=True)
    shutil.rmtree(failed_dir, ignore_errors=True)
    write_reports_index(paths.reports, paths.raw)
    result.seconds = time.perf_counter() - started
    return result


def write_reports_index(reports: Path, raw: Path) -> Path:
    """``reports/index.html``: every entity and period that has a report."""
    from helpers.config import load_entity_config
    from helpers.render import reports_index_html

    found = sorted(
        (path.parent.parent.name, path.parent.name)
        for path in reports.glob("*/*/index.html")
        if not path.parent.name.startswith(".")
    )
    target = reports / "index.html"
    partial = reports / f".index.html.{os.getpid()}.partial"
    titles = {}
    for entity in {entity for entity, _ in found}:
        try:
            config = load_entity_config(raw, entity)
            titles[entity] = f"{config.municipality} – {config.department}"
        except (ValueError, OSError):
            titles[entity] = entity  # a report whose raw data has since been removed
    partial.write_text(reports_index_html(found, titles), encoding="utf-8")
    os.replace(partial, target)
    return target


def _keep_failed(executed: Path, failed_dir: Path) -> None:
    """Keep the executed notebooks of a failed run for debugging, beside the good report."""
    shutil.rmtree(failed_dir, ignore_errors=True)
    shutil.copytree(executed, failed_dir)


# --- Many entity-periods -------------------------------------------------------------------


def periods_in_data(raw: Path, entity: str) -> list[str]:
    """Every period of an entity: ``<period_end>/`` folders and ``reporting_periods``."""
    from helpers.config import load_entity_config

    found = set(load_entity_config(raw, entity).reporting_periods)
    for folder in (raw / entity).iterdir():
        if folder.is_dir():
            try:
                found.add(parse_period_end(folder.name).isoformat())
            except ValueError:
                continue
    return sorted(found)


def entities_in_data(raw: Path) -> list[str]:
    return sorted(p.parent.name for p in raw.glob(f"*/{ENTITY_CONFIG_NAME}"))


def all_jobs(raw: Path) -> list[tuple[str, str]]:
    return [(e, p) for e in entities_in_data(raw) for p in periods_in_data(raw, e)]


def jobs_from_yaml(path: Path) -> list[tuple[str, str]]:
    """A run set: ``runs: [{entity: heinola, periods: [2024-03-31, 2024-06-30]}, ...]``."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    jobs = []
    for item in data.get("runs", []) if isinstance(data, dict) else []:
        entity = validate_entity(str(item["entity"]))
        for period in item.get("periods", []):
            jobs.append((entity, parse_period_end(str(period)).isoformat()))
    if not jobs:
        raise ValueError(f"{path}: no runs listed (expected 'runs: [{{entity, periods}}]')")
    return jobs


def run_job(entity: str, period_end: str, paths: Paths, force: bool = False) -> RunResult:
    """One entity-period for a worker: never raises, the result tells what happened."""
    started = time.perf_counter()

    def log(line: str) -> None:
        print(line, flush=True)

    try:
        return run_period(entity, period_end, paths, log=log, force=force)
    except Exception as exc:  # every failure is reported, the other jobs go on
        print(f"[{entity} {period_end}] FAILED: {exc}", file=sys.stderr, flush=True)
        return RunResult(
            entity,
            str(period_end),
            "",
            status="failed",
            error=str(exc),
            seconds=time.perf_counter() - started,
        )


def run_many(
    jobs: list[tuple[str, str]],
    paths: Paths | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
) -> list[RunResult]:
    """Run entity-periods serially, in ``workers`` processes, or on a Dask scheduler."""
    paths = paths or Paths.default()
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            futures = [
                client.submit(run_job, entity, period, paths, force, pure=False)
                for entity, period in jobs
            ]
            return client.gather(futures)
    if workers <= 1 or len(jobs) <= 1:
        return [run_job(entity, period, paths, force) for entity, period in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # a clean interpreter per worker
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(run_job, e, p, paths, force) for e, p in jobs]
        return [future.result() for future in futures]


def summary(results: list[RunResult]) -> str:
    """A table of every entity-period with its status and time."""
    lines = [f"{'entity':<14}{'period':<12}{'status':<12}{'seconds':>8}  stages run"]
    for r in results:
        ran = ", ".join(r.ran) if r.ran else "-"
        lines.append(f"{r.entity:<14}{r.period_end:<12}{r.status:<12}{r.seconds:>8.1f}  {ran}")
    failed = sum(r.status == "failed" for r in results)
    lines.append(f"{len(results)} entity-periods, {failed} failed")
    return "\n".join(lines)
