"""Writing outputs so that a failed or killed run never leaves half-written results behind.

A stage writes everything into a fresh temporary directory next to its destination and then
swaps it in with renames; readers see either the previous complete set or the new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd


@contextlib.contextmanager
def staged_directory(final: Path) -> Iterator[Path]:
    """Yield an empty staging directory; on success it replaces ``final`` as a whole."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.staging-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; reports are meant to be shared
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_directory(staging, final)


def replace_directory(new: Path, final: Path) -> None:
    """Move ``new`` into the place of ``final`` with renames (same file system)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    previous = final.parent / f".{final.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if final.exists():
        final.rename(previous)
    new.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Parquet with a stable layout (no index), written to a temporary file and renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    frame.to_parquet(partial, index=False, engine="pyarrow")
    os.replace(partial, path)
    return path


def read_parquet(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path, engine="pyarrow")
