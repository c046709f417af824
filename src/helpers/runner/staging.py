"""The folders a run writes before it publishes, and what a killed run left of them.

A run of an entity-period writes into staging folders with fixed names (the executed
notebooks show them, and the same inputs must give the same HTML), used only under the
entity-period's lock:

* ``processed/.runs/<entity>-<period_end>/``: the processed root the stages are given; it
  also holds the folder the kernel works in during the period's stages (``.kernel``: the
  analysts' notebooks show links to the written files relative to it);
* ``reports/<entity>/.<period_end>.staging/``: the report being written.

A run killed at any moment leaves at most these, plus ``.<period_end>.previous`` folders of
an interrupted swap; the next run of the entity-period removes them first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

KERNEL_DIR = ".kernel"


def remove_leftovers(report_dir: Path, processed: Path, staging_root: Path) -> None:
    """Remove the staging and swap folders of earlier, killed runs of this entity-period.
    Call only while holding its lock. Failed runs' notebooks (``.<period>.failed``) stay."""
    for final in (report_dir, processed):
        for pattern in (f".{final.name}.staging*", f".{final.name}.previous"):
            for folder in final.parent.glob(pattern):
                shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(staging_root, ignore_errors=True)


def fresh_staging(
    report_staging: Path, staging_root: Path, staged_processed: Path, copy_from: Path | None
) -> Path:
    """Empty staging folders; the processed one starts as a copy of ``copy_from`` (the
    period's processed data, when the first stages are kept). Returns the kernel's working
    folder."""
    shutil.rmtree(staging_root, ignore_errors=True)
    if copy_from is not None:
        shutil.copytree(copy_from, staged_processed)
    else:
        staged_processed.parent.mkdir(parents=True)
    kernel_dir = staging_root / KERNEL_DIR
    kernel_dir.mkdir()
    shutil.rmtree(report_staging, ignore_errors=True)
    (report_staging / "notebooks").mkdir(parents=True)
    return kernel_dir
