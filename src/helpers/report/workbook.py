"""``tables.xlsx``: every table of the report on its own sheet, for the analysts.

Numbers are stored as numbers and every text as text: a project name such as
``=HYPERLINK(...)`` stays a string, never a live formula. The file's bytes depend only on
the tables and the period (no save time inside).
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

SHEET_NAME_LENGTH = 31  # Excel's limit
FORBIDDEN_IN_SHEET_NAMES = "[]:*?/\\"
COLUMN_WIDTH = (8, 50)  # characters, min and max
ROWS_FOR_WIDTH = 40


def sheet_names(captions: list[str]) -> list[str]:
    """Excel sheet names from table captions: numbered in report order (so they are unique),
    at most 31 characters, without the characters Excel forbids."""
    names = []
    for number, caption in enumerate(captions, start=1):
        clean = "".join(" " if c in FORBIDDEN_IN_SHEET_NAMES else c for c in caption)
        names.append(f"{number:02d} {' '.join(clean.split())}"[:SHEET_NAME_LENGTH].rstrip())
    return names


def keep_text_as_text(sheet: Worksheet) -> None:
    """openpyxl turns every string starting with ``=`` into a formula; the report writes no
    formulas, so each such cell is stored as the text it is."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == TYPE_FORMULA:
                cell.data_type = TYPE_STRING


def fit_columns(sheet: Worksheet) -> None:
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column[:ROWS_FOR_WIDTH])
        low, high = COLUMN_WIDTH
        sheet.column_dimensions[column[0].column_letter].width = min(max(width, low), high)


def write_workbook(tables: list[tuple[str, pd.DataFrame]], path: Path, stamp: str) -> None:
    """Every ``(caption, frame)`` on its own sheet, the caption in A1, the table from A3.

    ``stamp`` (an ISO date, the period end) replaces the save time in the file, so the same
    tables always give the same bytes: a workbook of the same tables is copied from the
    report store (``section_store``) instead of written again.
    """
    from helpers.report.section_store import stored_file  # lazy: the store imports the model

    stored_file(
        Path(path),
        ("tables.xlsx", stamp, [(caption, frame) for caption, frame in tables]),
        lambda target: _write_workbook(tables, target, stamp),
    )


def _write_workbook(tables: list[tuple[str, pd.DataFrame]], path: Path, stamp: str) -> None:
    names = sheet_names([caption for caption, _ in tables])
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, (caption, frame) in zip(names, tables, strict=True):
            frame.to_excel(writer, sheet_name=name, startrow=2)
            sheet = writer.sheets[name]
            sheet["A1"] = caption
            keep_text_as_text(sheet)
            fit_columns(sheet)
    _fix_zip_times(Path(path), stamp)


def _fix_zip_times(path: Path, stamp: str) -> None:
    """Rewrite an xlsx with fixed entry times and fixed created/modified properties."""
    fixed = f"{stamp}T00:00:00Z"
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    partial = path.with_name(f".{path.name}.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", rf"\g<1>{fixed}", text)
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    os.replace(partial, path)
