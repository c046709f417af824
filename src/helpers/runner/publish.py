"""Publishing a run: the processed data, the report and ``reports/index.html`` together.

The new index is written (to a partial file) before anything is swapped, so a reports
folder that cannot take it fails the run while the previous report and processed data are
still in place: the run's outcome and its message always agree. The folders are then
swapped with renames; if a rename fails, the ones already swapped are put back. Only a kill
between two renames can leave them apart, and the manifest's output hashes make the next
run repair that.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from helpers.runner.exceptions import OutputNotWritable
from helpers.runner.export import published_reports, render_reports_index, reports_with_pdf
from helpers.runner.lock import held

INDEX = "index.html"
INDEX_LOCK = ".index.lock"  # one writer of reports/index.html at a time


def check_writable(folders: list[Path], what: str) -> None:
    """Fail early, before any stage runs, when a destination folder (or the folder it will be
    created in) is not writable. (An early courtesy only: root passes every such check, so
    ``publish`` still writes the index before swapping.)"""
    for folder in folders:
        existing = next(p for p in (folder, *folder.parents) if p.exists())
        if not os.access(existing, os.W_OK):
            raise OutputNotWritable(
                f"{existing} is not writable: the run of {what} cannot publish its outputs; "
                "nothing was run or replaced"
            )


def swap_all(swaps: list[tuple[Path, Path]]) -> None:
    """Move each ``new`` folder into the place of its ``final`` one with renames. If one
    rename fails, the folders already swapped are put back and the error is raised."""
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for new, final in swaps:
            final.parent.mkdir(parents=True, exist_ok=True)
            previous = final.parent / f".{final.name}.previous"
            shutil.rmtree(previous, ignore_errors=True)
            kept = None
            if final.exists():
                final.rename(previous)
                kept = previous
            done.append((new, final, kept))
            new.rename(final)
    except BaseException:
        _put_back(done)
        raise
    for _, _, kept in done:
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)


def _put_back(done: list[tuple[Path, Path, Path | None]]) -> None:
    for new, final, kept in reversed(done):
        if final.exists() and not new.exists():
            final.rename(new)
        if kept is not None and kept.exists():
            kept.rename(final)


@contextlib.contextmanager
def _index_lock(reports: Path, unchanged: str, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of ``reports/index.html``; failing to take it names the index."""
    stack = contextlib.ExitStack()
    try:
        stack.enter_context(held(reports / INDEX_LOCK, what="reports/index.html", on_wait=on_wait))
    except OSError as exc:
        raise _not_writable(reports, exc, unchanged) from None
    with stack:
        yield


def _write_partial(reports: Path, html: str, unchanged: str) -> Path:
    """The new index beside the old one, to be renamed over it."""
    partial = reports / f".{INDEX}.{os.getpid()}.partial"
    try:
        partial.write_text(html, encoding="utf-8")
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _not_writable(reports, exc, unchanged) from None
    return partial


def _not_writable(reports: Path, exc: OSError, unchanged: str) -> OutputNotWritable:
    return OutputNotWritable(f"cannot write {reports / INDEX} ({exc.strerror}): {unchanged}")


def publish(
    swaps: list[tuple[Path, Path]],
    reports: Path,
    raw: Path,
    report: tuple[str, str],
    log: Callable[[str], None] = print,
) -> None:
    """Swap in the staged folders and the index that lists ``report`` (entity, period_end),
    or leave everything as it was and raise."""
    reports.mkdir(parents=True, exist_ok=True)
    unchanged = (
        "nothing was replaced; the previous report and processed data of "
        f"{' '.join(report)} are unchanged"
    )
    with _index_lock(reports, unchanged, log):
        listed = sorted(set(published_reports(reports)) | {report})
        pdfs = reports_with_pdf(reports, listed, staged={final: new for new, final in swaps})
        partial = _write_partial(reports, render_reports_index(listed, raw, pdfs), unchanged)
        try:
            swap_all(swaps)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, reports / INDEX)


def listed_reports(index_html: str) -> list[tuple[str, str]]:
    """The ``(entity, period_end)`` reports an index page links to."""
    links = re.findall(r'href="([^"/]+)/([^"/]+)/index\.html"', index_html)
    return sorted({(html.unescape(entity), html.unescape(period)) for entity, period in links})


def refresh_index(reports: Path, raw: Path, log: Callable[[str], None] = print) -> bool:
    """Rewrite ``reports/index.html`` when it is missing or does not list exactly the reports
    on disk (one appeared or was deleted); True when it was rewritten.

    Comparing the listed reports is enough (and keeps an up-to-date run fast): any other
    change to the page (a template, an entity's name) changes the stage keys, so the run
    that follows is not up to date and publishes a new index anyway."""
    target = reports / INDEX
    with contextlib.suppress(OSError):
        if listed_reports(target.read_text(encoding="utf-8")) == published_reports(reports):
            return False
    unchanged = "the report itself is up to date and unchanged"
    with _index_lock(reports, unchanged, log):
        listed = published_reports(reports)  # again, now that no other run writes it
        pdfs = reports_with_pdf(reports, listed)
        partial = _write_partial(reports, render_reports_index(listed, raw, pdfs), unchanged)
        os.replace(partial, target)
    return True
