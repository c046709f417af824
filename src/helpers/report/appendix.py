"""Liitteet: the part after the main body that holds the working material (per-line tables,
rounding differences, methods and sources). Its first page lists the appendices; the same
tables are in ``tables.xlsx``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from helpers.config import WORKBOOK
from helpers.report.model import Link, Section

ANCHOR, TITLE = "liitteet", "Liitteet"


@dataclass(frozen=True)
class AppendixIndex:
    template: ClassVar[str] = "appendix.html.j2"
    appendices: tuple[Link, ...]
    workbook: str = WORKBOOK  # the analysts' workbook with every table of the report


def appendix_part(appendices: list[Section]) -> Section:
    """The part heading ``Liitteet`` with a link to each appendix, in order."""
    return Section(
        ANCHOR, TITLE, AppendixIndex(tuple(s.link for s in appendices)), appendix=True, part=True
    )
