"""Helpers shared by the runner's test modules (tests/test_runner_*.py)."""

from __future__ import annotations

import hashlib

from conftest import RAW

from helpers.config import PROJECT_ROOT, Paths


def paths_at(root, raw=RAW, notebooks=PROJECT_ROOT / "notebooks") -> Paths:
    """Real (or copied) raw data and notebooks, outputs under ``root``."""
    return Paths(
        raw=raw, processed=root / "processed", reports=root / "reports", notebooks=notebooks
    )


def digest_tree(paths: Paths) -> dict[str, str]:
    """Hashes of every output file by relative path. The analysts' notebooks show the
    parameters, i.e. the output folder, so that folder is masked out of their bytes."""
    found = {}
    base = str(paths.processed.parent).encode()
    for root in (paths.processed, paths.reports):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".parquet", ".html", ".xlsx", ".csv"}:
                data = path.read_bytes().replace(base, b"<OUTPUT>")
                found[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return found


def visible_outputs(paths: Paths) -> dict[str, str]:
    """Hashes of the published outputs; staging folders are hidden (start with a dot)."""
    found = {}
    for root in (paths.processed, paths.reports):
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def quiet(_line: str) -> None:
    """A ``log`` for run_period that prints nothing."""
