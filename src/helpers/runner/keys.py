"""Content keys: what a stage's result depends on, hashed, to decide what must run again.

A stage's key covers its notebook, the package code, the parameters and what it reads: the
clean stage every raw input of the entity-period; a later stage the entity's configuration
and the processed datasets the catalog declares it reads (``helpers.catalog.reads``), by
their content. So an edited assessment text re-runs the clean stage and the report, which
read it, and not the indicators or the forecast, whose inputs come out byte-identical. A
stage whose key is unchanged and whose executed notebook exists is not run again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from helpers.config import ENTITY_CONFIG_NAME, Paths
from helpers.runner.manifest import MANIFEST

# The catalog's stage names, repeated so that planning does not import it (pandas, pandera).
STAGES = ("10_clean", "20_indicators", "30_forecast", "40_report")
CLEAN_STAGE, REPORT_STAGE = STAGES[0], STAGES[-1]
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


def own_key(paths: Paths, stage: str, parameters: dict[str, str], package: str) -> str:
    """What a stage is, whatever its data: its notebook, the parameters and the package
    (``package_hash()``)."""
    notebook = sha256((paths.notebooks / f"{stage}.ipynb").read_bytes())
    return sha256((notebook + json.dumps(parameters, sort_keys=True) + package).encode())


def covered_inputs(
    stage: str, inputs: dict[str, str], entity: str, processed: Path, reads: Sequence[str]
) -> dict[str, str]:
    """What ``stage`` reads, by hash: the clean stage every raw input of the entity-period;
    a later stage the entity's configuration and the processed files ``reads`` (its
    declared datasets, ``""`` for one the period lacks)."""
    if stage == CLEAN_STAGE:
        return dict(inputs)
    config = f"{entity}/{ENTITY_CONFIG_NAME}"
    covered = {config: inputs.get(config, "")}
    for name in reads:
        path = processed / name
        covered[f"processed/{name}"] = sha256(path.read_bytes()) if path.is_file() else ""
    return covered


def stage_key(own: str, covered: dict[str, str]) -> str:
    return sha256((own + json.dumps(covered, sort_keys=True)).encode())


def planned_keys(
    paths: Paths,
    parameters: dict[str, str],
    inputs: dict[str, str],
    processed: Path,
    recorded_reads: dict[str, list[str]],
) -> dict[str, str]:
    """Each stage's key against the published processed data, each later stage reading the
    files the manifest recorded for it (a change to the catalog's declarations changes the
    package hash, so every key). A stage with no recorded reads gets no key: it must run."""
    entity, package = parameters["entity"], package_hash()
    keys = {}
    for stage in STAGES:
        reads = recorded_reads.get(stage)
        if reads is None and stage != CLEAN_STAGE:
            keys[stage] = ""
            continue
        covered = covered_inputs(stage, inputs, entity, processed, reads or ())
        keys[stage] = stage_key(own_key(paths, stage, parameters, package), covered)
    return keys


def undeclared_files(processed: Path, declared: set[str]) -> list[str]:
    """Files of the processed folder that no stage declares writing: who reads them is
    unknown, so a stage after one that ran must run too."""
    if not processed.is_dir():
        return []
    return sorted(p.name for p in processed.iterdir() if p.is_file() and p.name not in declared)


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


def outputs_intact(previous: dict, report_dir: Path, processed: Path) -> bool:
    """The published report and processed data are the ones ``previous`` (the manifest on
    disk) recorded: not a run killed between two swaps, nor files edited or deleted by hand."""
    if not (report_dir / "index.html").is_file():
        return False
    return previous.get("outputs") == recorded_outputs(report_dir, processed)


def first_stale_stage(
    keys: dict[str, str], previous: dict, report_dir: Path, processed: Path
) -> int:
    """Index of the first stage that must run; ``len(STAGES)`` when all are up to date.

    ``previous`` is the manifest of the report on disk (empty when there is none). Outputs
    on disk that differ from the hashes it recorded re-run every stage."""
    if not outputs_intact(previous, report_dir, processed):
        return 0
    old = previous.get("stages", {})
    for index, stage in enumerate(STAGES):
        executed = report_dir / "notebooks" / f"{stage}.ipynb"
        if not keys[stage] or old.get(stage) != keys[stage] or not executed.is_file():
            return index
    return len(STAGES)
