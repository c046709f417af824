"""Lähteet ja menetelmät: how the report was computed and from which source files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from helpers.report.model import ReportData, Section
from helpers.report.services import LEVEL

ANCHOR, TITLE = "lahteet", "Lähteet ja menetelmät"
# The income statement's rows carry no file name of their own.
STATEMENT_FILE = "tuloslaskelma.csv"


@dataclass(frozen=True)
class Sources:
    template: ClassVar[str] = "sources.html.j2"
    files: tuple[str, ...]
    survey_level: str = LEVEL  # "95 %:n": the level of the survey intervals


def source_files(data: ReportData) -> tuple[str, ...]:
    """Every raw file a processed dataset names in its ``source_file`` column, sorted."""
    files = set()
    for name in data.dataset_names():
        frame = data.dataset(name)
        if "source_file" in frame:
            files.update(str(f) for f in frame["source_file"].dropna())
    if not data.dataset("income_statement").empty:
        files.add(STATEMENT_FILE)
    return tuple(sorted(files))


def sources_section(data: ReportData) -> Section:
    return Section(ANCHOR, TITLE, Sources(source_files(data)))
