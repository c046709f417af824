"""Report sections kept between runs, by the content of the datasets each one read.

After an analyst edits one assessment text, most of the report's sections read nothing that
changed (the forecast's line-by-line appendix, the key figures...), and building them again
is most of the report stage's CPU. Each section is built by a pure function of the period's
``ReportData`` (``build.build_report``: the same data always give the same sections), and a
section reads its data only through ``ReportData.dataset`` and ``dataset_names``. So a built
section is stored under a key of:

* what the builder is: its name, the package's code (``runner.keys.package_hash``), the
  versions of the libraries that compute, format and draw it, the session's matplotlib
  settings (``_chart_settings``) and the font its charts use;
* what it was built for: the entity's configuration (``repr``, every field) and the period;
* the datasets it read, recorded as it was built, each by ``clean_cache.frame_digest`` (every
  value and dtype).

The names a builder read last time are kept beside it: the next run digests those datasets
and looks the section up. A builder that reads something else this time simply misses (the
lookup's names are part of the key), so a stored section is always the one building would
give. Builders must not change the frames they are given (tested), or a later section's
input would not be what its key says.

``tables.xlsx`` is kept the same way (``stored_file``), under a key of every table it holds.

Where: ``build/report-cache/`` (git ignores ``build/``), or the folder named by the
``KUNTARAPORTTI_REPORT_CACHE`` environment variable; an empty value turns the store off (the
tests do). Writes are atomic; a damaged entry is built again; deleting the folder is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from helpers.build_store import folder_for, write_entry
from helpers.clean_cache import frame_digest
from helpers.config import PROJECT_ROOT
from helpers.report.model import ReportData, Section

STORE_ENV = "KUNTARAPORTTI_REPORT_CACHE"
DEFAULT_STORE = PROJECT_ROOT / "build" / "report-cache"
STORE_LIMIT = 1500  # ~25 sections and a workbook a period: a few dozen entity-periods
ALL_NAMES = "*dataset names*"  # read by a builder that asked which datasets the period has


def store_folder() -> Path | None:
    """The folder of stored sections, or ``None`` when the store is turned off."""
    return folder_for(STORE_ENV, DEFAULT_STORE)


@dataclass(frozen=True)
class RecordingData(ReportData):
    """``ReportData`` that notes the datasets a builder reads."""

    read: set[str] = field(default_factory=set, compare=False)

    def dataset(self, name: str) -> pd.DataFrame:
        frame = super().dataset(name)  # an undeclared name fails here, before it is noted
        self.read.add(name)
        return frame

    def dataset_names(self) -> list[str]:
        self.read.add(ALL_NAMES)
        return super().dataset_names()


@cache
def _libraries() -> tuple:
    """Versions of what computes, formats, draws and writes a section, and the charts' font."""
    import babel
    import matplotlib
    import numpy
    import openpyxl
    import PIL
    import scipy
    import seaborn
    import statsmodels
    from matplotlib import font_manager

    modules = (pd, numpy, matplotlib, seaborn, PIL, babel, scipy, statsmodels, openpyxl)
    font = font_manager.findfont(
        font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    )
    return sys.version_info[:3], tuple(m.__version__ for m in modules), font


def _chart_settings() -> list:
    """matplotlib's settings as a chart of this session would be drawn with them: each chart
    sets its seaborn theme (style, scale, palette) over the session's settings, so the
    session's settings are read with a theme applied, then restored. A setting an analyst
    changed in the session, and no theme sets, is part of the key."""
    import matplotlib
    import seaborn as sns

    with matplotlib.rc_context():
        sns.set_theme(style="whitegrid", font_scale=0.9)
        return sorted(matplotlib.rcParams.items())


class SectionStore:
    """Sections of one report's data: looked up, or built and stored."""

    def __init__(self, data: ReportData, folder: Path) -> None:
        from helpers.runner.keys import package_hash  # hashed per report: see clean_cache

        self.data, self.folder = data, folder
        base = (package_hash(), _libraries(), _chart_settings(), repr(data.config))
        self.base = repr((*base, data.period_end))
        self._digests: dict[str, str | None] = {}

    def section(self, builder: Callable[[ReportData], Section]) -> Section:
        name = f"{builder.__module__}.{builder.__qualname__}"
        names_file = self.folder / f"{_digest(self.base + name)}.reads"
        with contextlib.suppress(Exception):  # no names yet, or unreadable: build
            key = self._key(name, json.loads(names_file.read_text(encoding="utf-8")))
            if key is not None:
                path = self.folder / f"{key}.section"
                section = pickle.loads(path.read_bytes())
                os.utime(path)
                return section
        recording = RecordingData(self.data.config, self.data.period_end, self.data.tables)
        section = builder(recording)
        read = sorted(recording.read)
        key = self._key(name, read)
        if key is not None:
            data = pickle.dumps(section, protocol=pickle.HIGHEST_PROTOCOL)
            write_entry(self.folder, self.folder / f"{key}.section", data, STORE_LIMIT)
            write_entry(self.folder, names_file, json.dumps(read).encode(), STORE_LIMIT)
        return section

    def _key(self, builder: str, read: list[str]) -> str | None:
        """The key of ``builder`` having read ``read`` (dataset names); ``None`` when a
        dataset is too large to digest (the section is then built every time)."""
        parts = [self.base, builder]
        for name in read:
            digest = self._digest(name)
            if digest is None:
                return None
            parts.append(f"{name}:{digest}")
        return _digest("\n".join(parts))

    def _digest(self, name: str) -> str | None:
        if name not in self._digests:
            if name == ALL_NAMES:
                self._digests[name] = _digest(repr(self.data.dataset_names()))
            else:
                self._digests[name] = frame_digest(self.data.dataset(name))
        return self._digests[name]


def builder_of(data: ReportData) -> Callable[[Callable[[ReportData], Section]], Section]:
    """How ``build_report`` builds a section for ``data``: through the store when it is on,
    else by calling the builder."""
    folder = store_folder()
    if folder is None:
        return lambda builder: builder(data)
    return SectionStore(data, folder).section


def stored_file(path: Path, made_from: tuple, write: Callable[[Path], None]) -> None:
    """Make ``path`` by ``write(path)``, or copy it from the store when a file was made from
    the same ``made_from`` (texts and frames, digested) by the same code. ``write`` must give
    the same bytes for the same ``made_from`` (e.g. no save time inside)."""
    folder = store_folder()
    key = None if folder is None else _file_key(made_from)
    if key is None:
        write(path)
        return
    stored = folder / f"{key}{path.suffix}"
    with contextlib.suppress(OSError):
        data = stored.read_bytes()
        os.utime(stored)
        write_entry(path.parent, path, data, limit=sys.maxsize)  # atomic, as ``write`` is
        return
    write(path)
    write_entry(folder, stored, path.read_bytes(), STORE_LIMIT)


def _file_key(made_from: tuple) -> str | None:
    """A key of ``made_from`` and the code; ``None`` when a frame is too large to digest."""
    from helpers.runner.keys import package_hash

    parts = _parts(made_from)
    if parts is None:
        return None
    return _digest(repr((package_hash(), _libraries(), parts)))


def _parts(value: object) -> object:
    """``value`` with every frame replaced by its digest (``None`` if one has none)."""
    if isinstance(value, pd.DataFrame):
        return frame_digest(value)
    if isinstance(value, list | tuple):
        parts = [_parts(item) for item in value]
        return None if any(part is None for part in parts) else parts
    return repr(value)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
