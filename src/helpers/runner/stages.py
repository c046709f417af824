"""The stages of one entity-period in its staging folders: each one kept (up to date, or
unchanged inputs after an earlier stage ran) or executed in the kernel, its analyst page
rendered (or copied) in a thread while the kernel runs the next stage."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.config import Paths
from helpers.runner.exceptions import StageFailed
from helpers.runner.execute import available_parameters, execute_stage
from helpers.runner.export import export_html, html_fingerprint, same_notebook
from helpers.runner.keys import (
    CLEAN_STAGE,
    REPORT_STAGE,
    STAGES,
    covered_inputs,
    own_key,
    package_hash,
    stage_key,
    undeclared_files,
)
from helpers.runner.loading import Declarations

if TYPE_CHECKING:
    from helpers.runner.period import Log, Plan


@dataclass
class Keyed:
    """The stage keys of this run and, for each stage, the processed files they cover."""

    keys: dict[str, str] = field(default_factory=dict)
    reads: dict[str, list[str]] = field(default_factory=dict)
    html: str = ""  # how this run renders the analyst pages (``export.html_fingerprint``)


def run_stages(
    plan: Plan,
    staging: Path,
    session,
    exporting,
    result,
    log: Log,
    declared: Declarations,
    before_report: Callable[[], None] = lambda: None,
) -> Keyed:
    """Keep the up-to-date stages' notebooks, execute the others; each one's analyst HTML
    (but the report's) is rendered in ``exporting`` (a thread and its futures) while the
    kernel runs the next stage. A stage after one that ran is kept when what it reads
    came out unchanged (see ``_keeps``). The clean stage, when it runs first, starts
    before the catalog is loaded: its key covers the raw inputs only, and its staging
    folder is new (nothing to remove). ``before_report`` is called as the report stage
    starts (the PDF's page is opened then: ``export.EarlyPrinter.prepare``)."""
    package = package_hash()
    keyed = Keyed(html=html_fingerprint(package))
    staged_paths = Paths(
        plan.paths.raw, plan.staging_root, plan.paths.reports, plan.paths.notebooks
    )
    available = available_parameters(plan.entity, plan.day, staged_paths, staging)
    exports, pending = exporting
    for index, stage in enumerate(STAGES):
        reads = () if stage == CLEAN_STAGE else declared.reads[stage]
        covered = covered_inputs(stage, plan.inputs, plan.entity, plan.staged_processed, reads)
        keyed.keys[stage] = stage_key(own_key(plan.paths, stage, plan.parameters, package), covered)
        if index < plan.first or (index > plan.first and _keeps(plan, stage, keyed, declared)):
            _keep_stage(plan, staging, stage, declared.writes[stage], restore=index > plan.first)
            log(f"{plan.label} {stage} up to date")
            continue
        if index > 0:  # a re-run stage's outputs are its own, never last run's
            for name in declared.writes[stage]:
                (plan.staged_processed / name).unlink(missing_ok=True)
        if stage == REPORT_STAGE:
            before_report()
        _execute(plan, staging, session, stage, available, exports, result, log)
        notebook = staging / "notebooks" / f"{stage}.ipynb"
        # The report's page follows the board's (_run_in_staging).
        if stage != REPORT_STAGE and not _reuse_page(plan, keyed, notebook):
            target = notebook.with_suffix(".html")
            pending.append(exports.submit(export_html, notebook, target, management=False))
    keyed.reads = declared.reads
    return keyed


def _keeps(plan: Plan, stage: str, keyed: Keyed, declared: Declarations) -> bool:
    """After an earlier stage ran: keep ``stage`` when its key (notebook, package,
    configuration and the content of every dataset it reads) is the previous run's and
    its notebook is there. The report always runs again (it shows the earlier stages), and
    a processed file no stage declares writing makes every later stage run (its readers are
    unknown)."""
    if stage == REPORT_STAGE or plan.previous_keys.get(stage) != keyed.keys[stage]:
        return False
    if not (plan.report_dir / "notebooks" / f"{stage}.ipynb").is_file():
        return False
    written = {name for names in declared.writes.values() for name in names}
    return not (
        undeclared_files(plan.staged_processed, written)
        or undeclared_files(plan.processed, written)
    )


def _reuse_page(plan: Plan, keyed: Keyed, executed: Path) -> bool:
    """Copy the published analyst page of a stage that ran again when its executed notebook
    came out as the published one (timings aside) and the pages are rendered as they were
    (``export.html_fingerprint``): e.g. the clean stage after an edit of a text that it
    only passes on. Returns whether it did."""
    published = plan.report_dir / "notebooks" / executed.name
    if not plan.previous_html or plan.previous_html != keyed.html:
        return False
    if not published.with_suffix(".html").is_file() or not same_notebook(executed, published):
        return False
    shutil.copyfile(published.with_suffix(".html"), executed.with_suffix(".html"))
    return True


def _keep_stage(plan: Plan, staging: Path, stage: str, writes, *, restore: bool) -> None:
    """Keep an up-to-date stage: its executed notebook and HTML from the published report
    and, when an earlier stage ran (``restore``), its published outputs."""
    for suffix in (".ipynb", ".html"):
        name = f"{stage}{suffix}"
        shutil.copyfile(plan.report_dir / "notebooks" / name, staging / "notebooks" / name)
    if restore:
        for name in writes:
            (plan.staged_processed / name).unlink(missing_ok=True)
            if (plan.processed / name).is_file():
                shutil.copyfile(plan.processed / name, plan.staged_processed / name)


def _execute(plan, staging, session, stage, available, exports, result, log) -> None:
    """Execute one stage into the staging report's notebooks; a failure keeps them apart."""
    stage_started = time.perf_counter()
    log(f"{plan.label} {stage} …")
    executed = staging / "notebooks"
    try:
        output = executed / f"{stage}.ipynb"
        execute_stage(stage, available, plan.paths, output, session, plan.kernel_workdir)
    except StageFailed as exc:
        exports.shutdown(wait=True)
        keep_failed(executed, plan.failed_dir)
        raise StageFailed(stage, plan.failed_dir / f"{stage}.ipynb", exc.detail) from None
    result.ran.append(stage)
    result.timings[stage] = time.perf_counter() - stage_started
    log(f"{plan.label} {stage} done in {result.timings[stage]:.1f} s")


def keep_failed(executed: Path, failed_dir: Path) -> None:
    """Keep the executed notebooks of a failed run for debugging, beside the good report."""
    shutil.rmtree(failed_dir, ignore_errors=True)
    shutil.copytree(executed, failed_dir)
