"""What the stores under ``build/`` share (``chart_store``, ``clean_cache``,
``report.section_store``): where each one is, and how an entry is written and the least
recently used ones removed.

Every store can be moved or turned off by an environment variable of its own; an empty value
turns it off (the tests do). Entries are written to a temporary name and renamed, so a
parallel run never reads half a file; a store that cannot be written is skipped, because no
result depends on it.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path


def folder_for(env: str, default: Path) -> Path | None:
    """The store's folder: ``default``, the folder the variable ``env`` names, or ``None``
    (the store is off) when ``env`` is set but empty."""
    value = os.environ.get(env)
    if value is None:
        return default
    return Path(value) if value.strip() else None


def write_entry(folder: Path, path: Path, data: bytes, limit: int) -> None:
    """Write ``path`` in the store ``folder`` atomically; beyond ``limit`` entries the least
    recently used go (a reader touches what it uses)."""
    temporary = folder / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
        prune(folder, limit)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def prune(folder: Path, limit: int) -> None:
    """Remove the least recently used entries beyond ``limit`` (temporary files, named with
    a leading dot, are not entries: a parallel run may be writing them)."""
    stored = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(stored) <= limit:
        return
    by_use = sorted(stored, key=lambda path: path.stat().st_mtime)
    for path in by_use[: len(stored) - limit]:
        path.unlink(missing_ok=True)
