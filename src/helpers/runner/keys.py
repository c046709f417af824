"""Content keys: what a stage's result depends on, hashed, to decide what must run again.

A stage's key covers its notebook, the package code, the parameters and, chained, the key of
the stage before it; the first stage's chain starts from the raw inputs' hashes. A stage
whose key is unchanged and whose outputs exist is not run again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from helpers.config import Paths
from helpers.runner.manifest import MANIFEST

STAGES = ("10_clean", "20_indicators", "30_forecast", "40_report")
REPORT_STAGE = "40_report"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/helpers
HASHED_SUFFIXES = {".py", ".j2", ".css", ".json"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_hash() -> str:
    """One hash over the package's code and templates: any edit re-runs every stage."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in HASHED_SUFFIXES:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_files(raw: Path, entity: str, day: dt.date) -> list[Path]:
    """Every raw file a run of this entity-period may read."""
    files = [p for p in raw.glob("*") if p.is_file() and p.suffix.lower() in {".csv", ".xlsx"}]
    entity_dir = raw / entity
    files += [p for p in entity_dir.glob("*") if p.is_file()]
    files += [p for p in (entity_dir / day.isoformat()).glob("*") if p.is_file()]
    return sorted(files)


def input_hashes(raw: Path, entity: str, day: dt.date) -> dict[str, str]:
    """``{path relative to raw: sha256}`` of every input of the entity-period."""
    return {str(p.relative_to(raw)): sha256(p.read_bytes()) for p in input_files(raw, entity, day)}


def stage_keys(paths: Paths, parameters: dict[str, str], inputs: dict[str, str]) -> dict[str, str]:
    """Chained keys: a stage's key covers its notebook, the package, the parameters and the
    previous stage's key (the first stage's covers the raw inputs)."""
    common = sha256(json.dumps(parameters, sort_keys=True).encode()) + package_hash()
    previous = sha256(json.dumps(inputs, sort_keys=True).encode())
    keys = {}
    for stage in STAGES:
        notebook = sha256((paths.notebooks / f"{stage}.ipynb").read_bytes())
        previous = sha256((notebook + common + previous).encode())
        keys[stage] = previous
    return keys


def output_hashes(folder: Path) -> dict[str, str]:
    """``{path relative to folder: sha256}`` of every file in ``folder`` but the manifest
    (which records these hashes)."""
    return {
        path.relative_to(folder).as_posix(): sha256(path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).as_posix() != MANIFEST
    }


def recorded_outputs(report_dir: Path, processed: Path) -> dict[str, str]:
    """The hashes the manifest records of a run's outputs: the processed data and the
    report folder, prefixed ``processed/`` and ``report/``."""
    found = {f"processed/{name}": digest for name, digest in output_hashes(processed).items()}
    found.update({f"report/{name}": digest for name, digest in output_hashes(report_dir).items()})
    return found


def first_stale_stage(
    keys: dict[str, str], previous: dict, report_dir: Path, processed: Path
) -> int:
    """Index of the first stage that must run; ``len(STAGES)`` when all are up to date.

    ``previous`` is the manifest of the report on disk (empty when there is none). Outputs
    on disk that differ from the hashes it recorded (a run killed between swapping in the
    processed data and the report, a file edited or deleted by hand) re-run every stage."""
    if not (report_dir / "index.html").is_file():
        return 0
    if previous.get("outputs") != recorded_outputs(report_dir, processed):
        return 0
    old = previous.get("stages", {})
    for index, stage in enumerate(STAGES):
        executed = report_dir / "notebooks" / f"{stage}.ipynb"
        if old.get(stage) != keys[stage] or not executed.is_file():
            return index
    return len(STAGES)
