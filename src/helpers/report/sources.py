"""Liite Lähteet ja menetelmät: how the report was computed and from which source files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from helpers import catalog
from helpers.finnish import normalise_text
from helpers.hyte import references_until
from helpers.report import provenance
from helpers.report.model import ReportData, Section
from helpers.report.survey_shares import LEVEL

ANCHOR, TITLE = "lahteet", "Lähteet ja menetelmät"
# The statement the report prints. Its rows carry no ``source_file``; the clean stage's audit
# names the file it was read from (``tuloslaskelma.csv`` or ``.xlsx``, in any letter case).
STATEMENT = catalog.INCOME_STATEMENT


@dataclass(frozen=True)
class Sources:
    template: ClassVar[str] = "sources.html.j2"
    files: tuple[str, ...]
    survey_level: str = LEVEL  # "95 %:n": the level of the survey intervals
    signs: str = ""  # how the source printed its signs (empty: no income statement)
    statement_columns: tuple[str, ...] = ()  # the statement's columns as the source printed
    outside_figures: tuple[str, ...] = ()  # "HYTE-kerroin 2023: source" per national figure


def statement_files(data: ReportData) -> set[str]:
    """The raw file of the income statement, as the audit names it: the file whose stem is the
    catalog's raw file stem. The stem alone when the audit names none (nothing checked)."""
    if data.dataset(STATEMENT.name).empty:
        return set()
    stem = STATEMENT.raw_file_stem.casefold()
    audit = data.dataset(catalog.AUDIT.name)
    named = audit["file"].dropna().astype(str) if "file" in audit else []
    found = {f for f in named if normalise_text(PurePath(f).stem).strip().casefold() == stem}
    return found or {STATEMENT.raw_file_stem}


def source_files(data: ReportData) -> tuple[str, ...]:
    """Every raw file a processed dataset names in its ``source_file`` column, and the income
    statement's, sorted."""
    files = statement_files(data)
    for name in data.dataset_names():
        frame = data.dataset(name)
        if "source_file" in frame:
            files.update(str(f) for f in frame["source_file"].dropna())
    return tuple(sorted(files))


def outside_figures(data: ReportData) -> tuple[str, ...]:
    """Every figure from outside the municipality (the national comparison table) with the
    source it was taken from: ``HYTE-kerroin 2023: Kuntaliitto, …``."""
    national = references_until(
        data.dataset(catalog.NATIONAL_REFERENCES.name), data.period_end.year
    )
    if national.empty:
        return ()
    return tuple(
        f"{row.metric} {int(row.year)}: {row.source}"
        for row in national.sort_values(["metric", "year"]).itertuples()
    )


def sources_section(data: ReportData) -> Section:
    statement = data.dataset(STATEMENT.name)
    files, outside = source_files(data), outside_figures(data)
    if statement.empty:
        return Section(ANCHOR, TITLE, Sources(files, outside_figures=outside), appendix=True)
    columns = provenance.source_columns(statement, data.config.header_aliases)
    config = data.config
    net_only = config.income_line is None and config.cost_line is None
    signs = provenance.sign_text(config.sign_convention, net_only)
    content = Sources(files, LEVEL, signs, columns, outside)
    return Section(ANCHOR, TITLE, content, appendix=True)
