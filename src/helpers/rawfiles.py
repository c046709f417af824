"""Which files of a raw-data folder are read: tables found in any letter case, and every
other file either a note or an error naming it, so nothing the user meant is skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from helpers.errors import InputDataError
from helpers.finnish import normalise_text

SUFFIXES = (".csv", ".xlsx")


def find_table(directory: Path, stem: str) -> Path | None:
    """The raw file ``<stem>.csv`` or ``<stem>.xlsx`` in ``directory``, matched in any letter
    case (``Tuloslaskelma.CSV``); two such files at once is an error naming both."""
    if not Path(directory).is_dir():
        return None
    found = sorted(
        path
        for path in Path(directory).iterdir()
        if path.is_file() and path.suffix.lower() in SUFFIXES and _same(path.stem, stem)
    )
    if len(found) > 1:
        raise InputDataError(
            f"both {found[0].name} and {found[1].name} exist; keep one", file=found[0]
        )
    return found[0] if found else None


def _same(name: str, stem: str) -> bool:
    return normalise_text(name).strip().casefold() == stem.casefold()


def ignored_name(name: str) -> bool:
    """Files a data folder may hold besides its tables: notes (``README*``, ``*.md``), hidden
    files and the lock file Excel keeps beside an open workbook (``~$name.xlsx``)."""
    lowered = name.casefold()
    return lowered.startswith((".", "~$", "readme")) or lowered.endswith(".md")


def check_folder(
    folder: Path,
    expected: Iterable[str],
    elsewhere: dict[str, str],
    folders_allowed: Callable[[str], bool] = lambda name: False,
    fixed: Iterable[str] = (),
) -> None:
    """Every file in a raw-data folder is understood, or the run stops naming it.

    ``expected`` are the table stems read from this folder (as ``.csv`` or ``.xlsx``),
    ``elsewhere`` maps the stems of other folders to where they belong, ``fixed`` are other
    file names read here (``entity.yml``) and ``folders_allowed`` tells which subfolders may be
    here. Notes and editor files (``ignored_name``) are left alone.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return
    expected, fixed = list(expected), list(fixed)
    for path in sorted(folder.iterdir()):
        name = path.name
        if ignored_name(name) or name in fixed:
            continue
        if path.is_dir():
            if not folders_allowed(name):
                raise InputDataError(
                    "unknown folder: only the entity folder has subfolders, one per period, "
                    "named by the period's last day (YYYY-MM-DD, e.g. 2024-06-30)",
                    file=path,
                )
            continue
        stem = next((s for s in expected if _same(path.stem, s)), None)
        if stem is not None:
            if path.suffix.lower() not in SUFFIXES:
                raise InputDataError(
                    f"unsupported file type '{path.suffix}'; save it as .csv or .xlsx", file=path
                )
            continue
        other = next((s for s in elsewhere if _same(path.stem, s)), None)
        if other is not None:
            raise InputDataError(
                f"{other} is read from {elsewhere[other]}, not from this folder", file=path
            )
        names = ", ".join([f"{s}.csv" for s in expected] + fixed)
        raise InputDataError(
            f"unknown file; expected one of {names} (each may be .xlsx instead of .csv; "
            "README files and *.md notes are ignored)",
            file=path,
        )
