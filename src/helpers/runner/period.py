"""One entity-period: decide what is out of date, run it in staging, publish it whole.

* Incremental: a stage whose content key is unchanged and whose outputs exist is not run
  again (``force=True`` re-runs everything).
* The management HTML is printed to the agenda PDF in staging, before the manifest; without
  the browser engine the HTML is published alone, the log says how to get the PDF, and the
  first run after the engine is installed runs the report stage again to write it.
* Outputs go to staging folders that replace ``data/processed/<entity>/<period_end>/`` and
  ``reports/<entity>/<period_end>/`` (with ``reports/index.html``) only when every stage
  succeeded; a failed stage keeps its executed notebook in
  ``reports/<entity>/.<period_end>.failed/`` and the previous report stays.
* One run at a time per entity-period (a lock); the manifest's output hashes make a report
  whose files changed on disk out of date; a killed run's leftovers go on the next run.

* In two steps (``begin_period``): the stages in the kernel, then what needs only this
  process and Chromium (the board's page, the PDF, the manifest, the swap), which a local
  worker runs in a thread while the kernel runs its next entity-period's stages.

Heavy libraries (papermill, nbconvert, pandas) are imported only when a stage has to run, so
an up-to-date re-run finishes in a fraction of a second.
* Dependency-aware: a stage after one that ran is kept when everything it reads (the
  datasets the catalog declares for it) came out byte-identical (``helpers.runner.keys``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from helpers.browser import BrowserMissing, check_engine
from helpers.config import (
    ENTITY_CONFIG_NAME,
    Paths,
    parse_period_end,
    period_dir,
    validate_entity,
)
from helpers.errors import InputDataError
from helpers.runner.export import (
    EarlyPrinter,
    export_html,
    export_pdf,
    pdf_name,
    report_page_title,
)
from helpers.runner.kernel import KernelSession, ensure_kernel
from helpers.runner.keys import (
    REPORT_STAGE,
    STAGES,
    first_stale_stage,
    input_hashes,
    outputs_intact,
    planned_keys,
    recorded_outputs,
)
from helpers.runner.loading import Declarations, load_behind
from helpers.runner.lock import LOCK_WAIT_SECONDS, held, run_lock_path
from helpers.runner.manifest import build_manifest, read_manifest, write_manifest
from helpers.runner.publish import check_writable, publish, refresh_index
from helpers.runner.stages import Keyed, run_stages
from helpers.runner.staging import KERNEL_DIR, fresh_staging, remove_leftovers

Log = Callable[[str], None]

# The timing of what follows the stages: the board's page, its PDF and the analysts' HTML.
AFTER_STAGES = "HTML and PDF after the stages"


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


@dataclass(frozen=True)
class Plan:
    """Where one entity-period reads and writes, and which stages must run."""

    entity: str
    day: dt.date
    paths: Paths
    inputs: dict[str, str]
    keys: dict[str, str]  # against the published data; the run keys again as stages finish
    first: int  # index of the first stage to run; len(STAGES) when all are up to date
    # The previous run's stage keys, when its published outputs are intact and reusable
    # (empty when forced): a later stage whose key matches is kept after an earlier one ran.
    previous_keys: dict[str, str] = field(default_factory=dict)
    # How the published analyst pages were rendered (``export.html_fingerprint``), when
    # they are reusable: a page whose notebook comes out the same is copied, not rendered.
    previous_html: str = ""

    @property
    def parameters(self) -> dict[str, str]:
        return {"entity": self.entity, "period_end": self.day.isoformat()}

    @property
    def label(self) -> str:
        return f"[{self.entity} {self.day.isoformat()}]"

    @property
    def report_dir(self) -> Path:
        return self.paths.reports / self.entity / self.day.isoformat()

    @property
    def processed(self) -> Path:
        return period_dir(self.paths.processed, self.entity, self.day)

    @property
    def failed_dir(self) -> Path:
        return self.paths.reports / self.entity / f".{self.day.isoformat()}.failed"

    @property
    def report_staging(self) -> Path:
        """A fixed name, because the report notebook shows it (``report_dir``) and the same
        inputs must give the same HTML; the entity-period's lock keeps it to one run."""
        return self.paths.reports / self.entity / f".{self.day.isoformat()}.staging"

    @property
    def staging_root(self) -> Path:
        """The processed root the stages are given (the executed notebooks show it). Its
        period folder replaces the period's processed folder only when every stage
        succeeded: a run that fails or is killed leaves the previous processed data as it
        was. It also holds the folder the kernel works in (``kernel_workdir``)."""
        return self.paths.processed / ".runs" / f"{self.entity}-{self.day.isoformat()}"

    @property
    def kernel_workdir(self) -> Path:
        """Where the kernel works during this period's stages (``fresh_staging`` makes it)."""
        return self.staging_root / KERNEL_DIR

    @property
    def staged_processed(self) -> Path:
        return period_dir(self.staging_root, self.entity, self.day)


def plan_period(entity: str, day: dt.date, paths: Paths, force: bool) -> Plan:
    """Hash the inputs, key the stages and find the first stage that is out of date."""
    if not (paths.raw / entity / ENTITY_CONFIG_NAME).is_file():
        raise InputDataError("entity configuration not found", file=paths.raw / entity)
    inputs = input_hashes(paths.raw, entity, day)
    plan = Plan(entity, day, paths, inputs, {}, first=0)
    report_dir, processed = plan.report_dir, plan.processed
    previous = {} if force else read_manifest(report_dir)
    keys = planned_keys(paths, plan.parameters, inputs, processed, previous.get("reads", {}))
    if force or not outputs_intact(previous, report_dir, processed):
        return Plan(entity, day, paths, inputs, keys, first=0)
    first = first_stale_stage(keys, previous, report_dir, processed)
    if first == len(STAGES) and _pdf_can_be_added(report_dir, entity, day):
        first = STAGES.index(REPORT_STAGE)
    reusable = (previous.get("stages", {}), previous.get("html", ""))
    return Plan(entity, day, paths, inputs, keys, first, *reusable)


def _pdf_can_be_added(report_dir: Path, entity: str, day: dt.date) -> bool:
    """A report published without its PDF (no engine then) whose engine is now installed.
    (Only a file check: an installed engine that does not start is logged on every run.)"""
    if (report_dir / pdf_name(entity, day.isoformat())).is_file():
        return False
    try:
        check_engine()
    except BrowserMissing:
        return False
    return True


Finish = Callable[[], RunResult]


def run_period(
    entity: str,
    period_end: str | dt.date,
    paths: Paths | None = None,
    log: Log = print,
    force: bool = False,
    lock_wait: float | None = LOCK_WAIT_SECONDS,
    printer: EarlyPrinter | None = None,
    kernel: KernelSession | None = None,
) -> RunResult:
    """Run the stages of one entity-period that are out of date; raises ``StageFailed``.

    One run at a time per entity-period: a second one waits up to ``lock_wait`` seconds
    (``None``: as long as it takes), saying so, then raises ``RunInProgress``. ``printer``:
    a PDF browser kept by the caller for several runs (``export.shared_printer``); without
    it the run launches its own and closes it. ``kernel``: likewise a kernel session kept
    by the caller (``kernel.shared_session``); a run that fails a stage discards its
    kernel."""
    return begin_period(entity, period_end, paths, log, force, lock_wait, printer, kernel)()


def begin_period(
    entity: str,
    period_end: str | dt.date,
    paths: Paths | None = None,
    log: Log = print,
    force: bool = False,
    lock_wait: float | None = LOCK_WAIT_SECONDS,
    printer: EarlyPrinter | None = None,
    kernel: KernelSession | None = None,
) -> Finish:
    """``run_period`` in two steps: run the stages (here; raises ``StageFailed``) and return
    what finishes the run: the board's page, the PDF, the manifest and the publishing, all
    in this process without the kernel. Called later (in another thread, while the kernel
    runs the next entity-period's stages: ``helpers.runner.workers``) or at once, it returns
    the result or raises. The entity-period's lock is held until it has run."""
    started = time.perf_counter()
    paths = paths or Paths.default()
    entity = validate_entity(entity)
    day = parse_period_end(period_end)
    what = f"{entity} {day.isoformat()}"
    with contextlib.ExitStack() as locked:
        locked.enter_context(
            held(run_lock_path(paths, entity, day), what=what, wait=lock_wait, on_wait=log)
        )
        plan = plan_period(entity, day, paths, force)
        remove_leftovers(plan.report_dir, plan.processed, plan.staging_root)
        result = RunResult(plan.entity, plan.day.isoformat(), str(plan.report_dir))
        if plan.first == len(STAGES):
            refresh_index(paths.reports, paths.raw, log)  # when a report came or went
            result.status = "up to date"
            result.seconds = time.perf_counter() - started
            log(f"{plan.label} up to date ({result.seconds:.2f} s)")
            return lambda: result
        check_writable([paths.reports, plan.report_dir.parent, plan.processed.parent], what)
        finish_staged = _stages_in_staging(plan, result, log, printer, kernel)
        lock = locked.pop_all()  # released by ``finish``

    def finish() -> RunResult:
        with lock:
            finish_staged()
            shutil.rmtree(plan.failed_dir, ignore_errors=True)
        result.seconds = time.perf_counter() - started
        return result

    return finish


def _stages_in_staging(
    plan: Plan,
    result: RunResult,
    log: Log,
    shared: EarlyPrinter | None,
    shared_kernel: KernelSession | None,
) -> Callable[[], None]:
    """Run the out-of-date stages into the staging folders, in the ``shared_kernel`` or,
    without one, in a kernel of this run's own (shut down when the stages end); return what
    prints the PDF (with the ``shared`` browser or one of this run's own) and swaps the
    staging folders in. Whatever fails, the staging folders go."""
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # Registered on every run, also for a kept kernel: a new environment has no kernelspec
    # until a run registers it, and a kept session holds only the kernel's name.
    kernel_name = ensure_kernel()
    session = shared_kernel or KernelSession(kernel_name)
    staging = plan.report_staging
    copy_from = plan.processed if plan.first > 0 else None
    fresh_staging(staging, plan.staging_root, plan.staged_processed, copy_from)
    # Launched while the stages run (see load_behind), unless the shared one already is.
    printer = shared or EarlyPrinter(launch=False)
    exports = ThreadPoolExecutor(1)  # each analyst page while the kernel runs the next stage
    pending: list[Future] = []

    def clean_up() -> None:
        exports.shutdown(wait=True)
        if printer is not shared:
            printer.close()
        shutil.rmtree(plan.staging_root, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)

    try:
        session.start()  # the kernel imports the first stage's libraries meanwhile
        declarations = Declarations(load_behind(printer))
        exporting = (exports, pending)
        # The PDF's page is opened as the report stage starts: the runner's core is then
        # mostly idle (earlier, the runner's own imports and the browser's launch use it).
        keyed = run_stages(
            plan, staging, session, exporting, result, log, declarations, printer.prepare
        )
    except BaseException:
        if session is shared_kernel:
            session.discard()  # a kernel that failed a stage (or died) is not used again
        clean_up()
        raise
    finally:
        if session is not shared_kernel:
            session.close()

    def finish() -> None:
        try:
            _export_and_publish(plan, staging, printer, exporting, result, keyed, log)
        finally:
            clean_up()

    return finish


def _export_and_publish(plan, staging, printer, exporting, result, keyed, log) -> None:
    """The board's page, then its PDF while the report's analyst page renders (the two
    pages rendered at once would share this process, one core, and delay the PDF; Chromium
    prints on the other core); the manifest; the swap."""
    exports, pending = exporting
    finishing = time.perf_counter()
    title = report_page_title(plan.paths.raw, plan.entity, plan.day)
    index = staging / "index.html"
    report = staging / "notebooks" / f"{REPORT_STAGE}.ipynb"
    export_html(report, index, management=True, title=title)
    if REPORT_STAGE in result.ran:
        target = report.with_suffix(".html")
        pending.append(exports.submit(export_html, report, target, management=False))
    pdf = export_pdf(staging, plan.entity, plan.day, log, printer)
    for future in pending:
        future.result()  # an export error fails the run
    result.timings[AFTER_STAGES] = time.perf_counter() - finishing
    _complete_report(plan, staging, pdf, keyed)
    swaps = [(plan.staged_processed, plan.processed), (staging, plan.report_dir)]
    publish(swaps, plan.paths.reports, plan.paths.raw, (plan.entity, plan.day.isoformat()), log)


def _complete_report(plan: Plan, staging: Path, pdf: str | None, keyed: Keyed) -> None:
    """The manifest beside the staged report (the report stage wrote tables.xlsx there)."""
    outputs = recorded_outputs(staging, plan.staged_processed)
    manifest = build_manifest(
        plan.entity, plan.day, plan.paths, plan.inputs, keyed.keys, outputs, pdf=pdf
    )
    manifest["reads"] = keyed.reads
    manifest["html"] = keyed.html
    write_manifest(staging, manifest)
