"""The clean stage's parsed raw files kept between runs, by what they were read from.

An analyst who edits one raw file (a unit's assessment text, a population figure) and runs
again should wait for that file only: the clean stage's other tables come out of the same
bytes, read by the same code, as last time. So each raw file's parsed, validated result is
stored under the SHA-256 of everything it depends on: the file's name and content, the
entity's ``entity.yml``, the period end, the package's code (``runner.keys.package_hash``)
and the versions of the libraries that parse it. A changed byte in any of them is another
key, so a stored table is the one a new read would give; file times are never looked at.
What the stage does across files (the cross-table rules, the audit, the survey suppression)
runs on every run, on the tables as read.

The same goes for the stage's final schema check (``catalog.validate_stage``): a table whose
exact content (``frame_digest``), dataset, configuration and code already passed is not
checked again.

Where: ``build/clean-cache/`` in the project (git ignores ``build/``), or the folder named by
the ``KUNTARAPORTTI_CLEAN_CACHE`` environment variable; an empty value turns the store off
(the tests do, so that every table they check is parsed). Writes are atomic (a temporary
file renamed into place), an unreadable entry is read again from the raw file, and deleting
the folder is always safe. The entries are pickles written by this package: the folder is
trusted as the project's own files are.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from helpers.build_store import folder_for, write_entry
from helpers.config import PROJECT_ROOT

if TYPE_CHECKING:
    import pandas as pd

STORE_ENV = "KUNTARAPORTTI_CLEAN_CACHE"
DEFAULT_STORE = PROJECT_ROOT / "build" / "clean-cache"
# A period's ~25 parsed files are ~1 MB; a few dozen entity-periods fit. Least recently used go.
STORE_LIMIT = 2000
_ENTRY = ".pkl"
_PASSED = ".passed"
# Larger tables (a million-row statement) are checked on every run: writing out every value to
# digest it would cost about as much as the check.
DIGEST_ROWS = 100_000

T = TypeVar("T")


def store_folder() -> Path | None:
    """The folder of stored tables, or ``None`` when the store is turned off."""
    return folder_for(STORE_ENV, DEFAULT_STORE)


@cache
def _libraries() -> tuple:
    """The versions of what parses and holds the tables (read once per process)."""
    import numpy
    import openpyxl
    import pandas
    import pandera
    import pyarrow

    modules = (pandas, numpy, pyarrow, pandera, openpyxl)
    return sys.version_info[:3], tuple(module.__version__ for module in modules)


def code_hash() -> str:
    """The package's code and the libraries' versions: any change is a new key. The package
    is hashed on every call (~20 ms), so a long-lived kernel whose code was edited on disk
    never reads a table the old code stored."""
    from helpers.runner.keys import package_hash

    return _digest(repr((package_hash(), _libraries())).encode())


def file_key(
    kind: str, files: Iterable[Path | None], config_file: Path, period: str, code: str
) -> str:
    """The key of ``kind`` (a dataset's name) read from ``files`` (``None`` for one the
    period lacks) with the configuration ``config_file`` for the period ending ``period``
    (ISO date) by the code ``code`` (``code_hash()``)."""
    parts = [kind, period, code, _file_digest(Path(config_file))]
    for path in files:
        parts.append("-" if path is None else f"{Path(path).name}:{_file_digest(Path(path))}")
    return _digest("\n".join(parts).encode())


def cached(key: str, read: Callable[[], T]) -> T:
    """What ``read()`` returns, from the store when ``key`` is there; otherwise read and
    stored. An error from ``read`` is raised and nothing is stored."""
    folder = store_folder()
    if folder is None:
        return read()
    path = folder / f"{key}{_ENTRY}"
    with contextlib.suppress(Exception):  # missing, half-written or unreadable: read again
        value = pickle.loads(path.read_bytes())
        os.utime(path)  # recently used: pruned last
        return value
    value = read()
    write_entry(folder, path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), STORE_LIMIT)
    return value


def validate_unless_passed(
    tables: Mapping[str, pd.DataFrame],
    config_file: Path,
    code: str,
    validate: Callable[[str], None],
) -> None:
    """Call ``validate(name)`` for each table whose exact content has not passed before with
    this configuration and code; record each that passes."""
    folder = store_folder()
    config = _file_digest(Path(config_file))
    for name, frame in tables.items():
        content = None if folder is None else frame_digest(frame)
        if content is None:
            validate(name)
            continue
        key = _digest("\n".join([name, code, config, content]).encode())
        path = folder / f"{key}{_PASSED}"
        if path.is_file():
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: pruned last
            continue
        validate(name)
        write_entry(folder, path, b"", STORE_LIMIT)


def frame_digest(frame: pd.DataFrame) -> str | None:
    """A digest of everything a schema check looks at: the index, the column names and
    order, each column's exact dtype (``repr``: a categorical's categories too) and every
    value as Python writes it (``repr``: ``1``, ``1.0``, ``'1'`` and ``<NA>`` all differ).
    Equal frames give equal digests whatever their memory layout (pickles do not). ``None``
    for a frame over ``DIGEST_ROWS`` rows: it is simply checked again."""
    if len(frame) > DIGEST_ROWS:
        return None
    columns = [
        (repr(column), repr(frame.dtypes.iloc[i]), frame.iloc[:, i].tolist())
        for i, column in enumerate(frame.columns)
    ]
    index = (type(frame.index).__name__, repr(frame.index.dtype), frame.index.tolist())
    return _digest(repr((index, columns)).encode())


def _file_digest(path: Path) -> str:
    return _digest(path.read_bytes())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
