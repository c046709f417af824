"""Rendered chart PNGs kept on disk between runs, by what they were drawn from.

A report rebuilt after an analyst's edit (say a unit's assessment text) draws the same charts
from the same numbers: drawing them is most of the report stage's CPU. Each PNG is stored under
the SHA-256 of everything its bytes depend on (the chart's data, the package's code, matplotlib's
settings and library versions, the font), so a stored PNG is the one a new drawing would make,
and anything else is simply a different key.

Where: ``build/chart-cache/`` in the project (git ignores ``build/``), or the folder named by
the ``KUNTARAPORTTI_CHART_CACHE`` environment variable; an empty value turns the store off
(the tests do, so that every chart they check is drawn). The runner's staging never touches
the folder; deleting it is always safe (the charts are drawn again).
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from helpers.build_store import folder_for, write_entry
from helpers.config import PROJECT_ROOT

STORE_ENV = "KUNTARAPORTTI_CHART_CACHE"
DEFAULT_STORE = PROJECT_ROOT / "build" / "chart-cache"
# About 25 MB of PNGs: every chart of a few dozen entity-periods. The least recently used go.
STORE_LIMIT = 600
_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"  # the IEND chunk and its CRC: a PNG written to the end


def store_folder() -> Path | None:
    """The folder of stored PNGs, or ``None`` when the store is turned off."""
    return folder_for(STORE_ENV, DEFAULT_STORE)


@cache
def _libraries() -> tuple:
    """What a chart's bytes depend on besides its data and settings: the package's code and the
    libraries that draw, format and encode it (read once per process)."""
    import babel
    import matplotlib
    import numpy
    import pandas
    import PIL
    import seaborn

    # The whole package, not only charts.py: a drawing also reads constants defined elsewhere
    # (e.g. the interval's name in its legend). Any code change draws the charts once again.
    from helpers.runner.keys import package_hash

    versions = (matplotlib, seaborn, pandas, numpy, PIL, babel)
    return (
        package_hash(),
        sys.version_info[:2],
        tuple(module.__version__ for module in versions),
    )


def render_key(kind: str, drawn_from: object) -> str:
    """The key of a chart of ``kind`` drawn from ``drawn_from`` (plain Python values) with
    matplotlib's current settings: call it after the chart's theme is set, as it is drawn."""
    import matplotlib
    from matplotlib import font_manager

    settings = sorted(matplotlib.rcParams.items())
    font = font_manager.findfont(
        font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    )
    text = repr((kind, drawn_from, settings, font, _libraries()))
    return hashlib.sha256(text.encode()).hexdigest()


def stored_png(key: str) -> bytes | None:
    """The stored PNG of ``key``; ``None`` when there is none, the store is off, or the file is
    not a complete PNG (then it is drawn and stored again)."""
    folder = store_folder()
    if folder is None:
        return None
    path = folder / f"{key}.png"
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: pruned last
    except OSError:
        return None
    if not (data.startswith(_PNG_START) and data.endswith(_PNG_END)):
        return None
    return data


def store_png(key: str, data: bytes) -> None:
    """Keep ``data`` as the PNG of ``key``. Written to a temporary name and renamed, so a
    parallel run never reads half a file; a store that cannot be written is skipped (the
    chart was drawn, the report does not depend on the store)."""
    folder = store_folder()
    if folder is None:
        return
    write_entry(folder, folder / f"{key}.png", data, STORE_LIMIT)
