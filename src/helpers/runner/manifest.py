"""``manifest.json`` beside each report: what the report was made from.

Parameters, the raw inputs' hashes, the stage keys, the versions of the libraries that
computed it and the git commit of the code.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from helpers.config import PROJECT_ROOT, Paths

MANIFEST = "manifest.json"
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


def git_commit(root: Path = PROJECT_ROOT) -> str:
    """The checked-out commit, or ``unknown`` outside a git checkout."""
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
    """The Python version and the versions of the libraries that shape the numbers."""
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


def build_manifest(
    entity: str,
    day: dt.date,
    paths: Paths,
    inputs: dict[str, str],
    keys: dict[str, str],
    outputs: dict[str, str],
    pdf: str | None = None,
) -> dict:
    """What a report was made from (parameters, input hashes, stage keys, versions, commit)
    and what the run wrote (``outputs``: hashes of the processed files and report files), so
    that a later run can tell whether the outputs on disk are still this run's. ``pdf`` names
    the agenda PDF in the report folder (None: not written, the browser engine was missing)."""
    return {
        "entity": entity,
        "period_end": day.isoformat(),
        "parameters": {
            "raw_dir": _relative(paths.raw),
            "processed_dir": _relative(paths.processed),
            "reports_dir": _relative(paths.reports),
        },
        "inputs": inputs,
        "outputs": outputs,
        "pdf": pdf,
        "stages": keys,
        "packages": package_versions(),
        "git_commit": git_commit(),
    }


def read_manifest(report_dir: Path) -> dict:
    """The manifest of a report on disk; empty when there is none or it is unreadable."""
    try:
        return json.loads((report_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(report_dir: Path, manifest: dict) -> Path:
    """Stable JSON (sorted keys, UTF-8) so that equal manifests are equal bytes."""
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
    target = report_dir / MANIFEST
    target.write_text(text + "\n", encoding="utf-8")
    return target
