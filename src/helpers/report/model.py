"""What a report section is made of: tables, key numbers, assessments, and the input data.

A section function takes the period's ``ReportData`` and returns a ``Section`` whose
``content`` is a small dataclass of these parts (or ``None``: the period has no data for
it). Nothing here is HTML: the templates under ``templates/report`` render the parts, and
``tables.xlsx`` lists every ``Table`` found in the sections (``report_tables``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from helpers import catalog
from helpers.config import EntityConfig
from helpers.finnish import format_date
from helpers.report.formats import Formatter, badge_class, paragraphs

NO_DATA = "ei tietoa"  # a value the source did not print


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool


@dataclass(frozen=True)
class Cell:
    """One table cell: a formatted number, a status badge, or text in paragraphs."""

    numeric: bool = False
    text: str = ""
    badge: str = ""  # CSS class suffix of a traffic-light badge (``ok``, ``partly``, ...)
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    emphasized: bool = False  # a subtotal line, set in bold


@dataclass(frozen=True, eq=False)
class Table:
    """A report table as shown (formatted cells) and as the workbook gets it (``frame``)."""

    caption: str
    index_label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    frame: pd.DataFrame


def make_table(
    frame: pd.DataFrame,
    formats: Mapping[str, Formatter],
    caption: str,
    emphasize: frozenset[str] = frozenset(),
    badges: frozenset[str] = frozenset(),
    unknown: pd.DataFrame | None = None,
) -> Table:
    """A DataFrame as a report table.

    ``formats`` maps column labels to formatters; those columns are numeric (right-aligned).
    Rows whose index label is in ``emphasize`` (subtotals) are set in bold; columns in
    ``badges`` show their text as a traffic-light badge; other text keeps its line breaks
    as paragraphs. ``unknown`` (booleans shaped like ``frame``) marks cells whose value the
    source did not print: they read "ei tietoa", never a number or a blank.
    """
    columns = tuple(Column(str(col), col in formats) for col in frame.columns)
    rows = []
    for label, values in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = values[col]
            if unknown is not None and col in unknown and bool(unknown.at[label, col]):
                cells.append(Cell(numeric=col in formats, text=NO_DATA))
            elif col in formats:
                cells.append(Cell(numeric=True, text=formats[col](value)))
            elif col in badges and not pd.isna(value) and str(value):
                cells.append(Cell(text=str(value), badge=badge_class(str(value))))
            else:
                cells.append(Cell(paragraphs=paragraphs(value)))
        rows.append(Row(str(label), tuple(cells), str(label) in emphasize))
    return Table(caption, str(frame.index.name or ""), columns, tuple(rows), frame)


@dataclass(frozen=True)
class KeyNumber:
    """A headline figure in a box: ``Toteuma talousarviosta`` · ``50,58 %``."""

    label: str
    value: str


@dataclass(frozen=True)
class Assessment:
    """A written or computed assessment: a heading and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]
    computed: bool = False  # sentences computed from the numbers, not written by a person


@dataclass(frozen=True)
class Link:
    """A link to another part of the report: ``<a href="#anchor">title</a>``."""

    anchor: str
    title: str


@dataclass(frozen=True, eq=False)
class Section:
    """One chapter of the report; ``content`` is ``None`` when the period has no data.

    ``appendix`` sections (working material: per-line tables, rounding differences,
    methods) follow the main body under the part heading ``Liitteet`` (the ``part``): the
    part's heading is an ``h2`` like a chapter's, an appendix's an ``h3`` under it, so the
    PDF's bookmarks nest the appendices under ``Liitteet``.
    """

    anchor: str
    title: str
    content: object | None
    appendix: bool = False
    part: bool = False

    @property
    def heading_level(self) -> int:
        """2 for a chapter of the main body and the part ``Liitteet``, 3 for an appendix."""
        return 3 if self.appendix and not self.part else 2

    @property
    def link(self) -> Link:
        return Link(self.anchor, self.title)

    @property
    def template(self) -> str:
        """The partial that renders ``content``: ``sections/<content.template>``."""
        return f"sections/{self.content.template}"


def iter_tables(content: object) -> Iterator[Table]:
    """Every table in a section's content, in the order of its fields."""
    if isinstance(content, Table):
        yield content
    elif dataclasses.is_dataclass(content) and not isinstance(content, type):
        for field in dataclasses.fields(content):
            yield from iter_tables(getattr(content, field.name))
    elif isinstance(content, list | tuple):
        for item in content:
            yield from iter_tables(item)


def report_tables(sections: list[Section]) -> list[tuple[str, pd.DataFrame]]:
    """Every table the report shows, as ``(caption, frame)`` for the analysts' workbook."""
    return [(t.caption, t.frame) for s in sections for t in iter_tables(s.content)]


@dataclass(frozen=True)
class ReportData:
    """The period's processed datasets and the entity they describe."""

    config: EntityConfig
    period_end: dt.date
    tables: Mapping[str, pd.DataFrame]

    def __post_init__(self) -> None:
        # Every dataset name is checked against the catalog once, here.
        object.__setattr__(self, "tables", catalog.Tables(self.tables))

    def dataset(self, name: str) -> pd.DataFrame:
        """The processed dataset ``name``, or an empty frame when the period has none; a
        name the catalog does not declare is an error (``catalog.UnknownDatasetError``).

        The one place the report reads its input: sections never index ``tables``.
        """
        return self.tables[name]

    def dataset_names(self) -> list[str]:
        """The datasets the period has."""
        return list(self.tables)

    def unit_name(self, label: str) -> str:
        unit = self.config.unit_by_label(label)
        return unit.name if unit else label

    @property
    def date_text(self) -> str:
        return format_date(self.period_end)

    @property
    def subtotals(self) -> frozenset[str]:
        """The statement lines that add up others (printed in bold)."""
        return frozenset(line.name for line in self.config.lines if line.is_subtotal)
