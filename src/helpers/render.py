"""HTML fragments for the management report: Finnish number formats, escaped text."""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from helpers.finnish import format_number

Formatter = Callable[[object], str]


def euros(value: object) -> str:
    """Whole euros as printed: ``-15 134 455``."""
    return format_number(None if pd.isna(value) else float(value), 0)


def percent_value(value: object) -> str:
    """A percentage figure without the sign, as in a ``TOT-%`` column: ``50,58``."""
    return format_number(None if pd.isna(value) else float(value), 2, missing="–")


def integer(value: object) -> str:
    return format_number(None if pd.isna(value) else float(value), 0, missing="–")


def decimal(decimals: int) -> Formatter:
    def fmt(value: object) -> str:
        return format_number(None if pd.isna(value) else float(value), decimals, missing="–")

    return fmt


def as_printed(value: object) -> str:
    """Whole numbers without decimals, others with two: ``779``, ``11 355,17``."""
    if pd.isna(value):
        return "–"
    number = float(value)
    return format_number(number, 0 if number == round(number) else 2)


def badge_class(status: str) -> str:
    """CSS class of a traffic-light status: Toteutuu → green, osittain → amber, ..."""
    return {
        "Toteutuu": "ok",
        "Toteutuu osittain": "partly",
        "Ei toteudu": "no",
        "toteutuu": "ok",
        "ei toteudu": "no",
        "virhe": "no",
    }.get(status, "unknown")


def paragraphs(text: object) -> str:
    """Escaped text with its line breaks kept as paragraphs."""
    if text is None or pd.isna(text):
        return ""
    parts = [p.strip() for p in str(text).split("\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def table_html(
    frame: pd.DataFrame,
    formats: Mapping[str, Formatter],
    caption: str | None = None,
    css_class: str = "report-table",
    emphasize: frozenset[str] = frozenset(),
    badges: frozenset[str] = frozenset(),
) -> str:
    """Render a DataFrame as an HTML table; every label and text cell is escaped.

    ``formats`` maps column labels to formatters; numeric columns are right-aligned.
    Rows whose index label is in ``emphasize`` (subtotals) are set in bold; columns in
    ``badges`` show their text as a traffic-light badge.
    """
    esc = html.escape
    head = "".join(
        f'<th scope="col" class="{"num" if col in formats else "text"}">{esc(str(col))}</th>'
        for col in frame.columns
    )
    index_label = esc(str(frame.index.name or ""))
    body = []
    for label, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            if col in formats:
                cells.append(f'<td class="num">{esc(formats[col](row[col]))}</td>')
            elif col in badges and not pd.isna(row[col]) and str(row[col]):
                text = str(row[col])
                cells.append(
                    f'<td class="text"><span class="badge badge-{badge_class(text)}">'
                    f"{esc(text)}</span></td>"
                )
            else:
                cells.append(f'<td class="text">{paragraphs(row[col])}</td>')
        row_class = ' class="subtotal"' if str(label) in emphasize else ""
        body.append(f'<tr{row_class}><th scope="row">{esc(str(label))}</th>{"".join(cells)}</tr>')
    caption_html = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<table class="{css_class}">{caption_html}'
        f'<thead><tr><th scope="col">{index_label}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def sheet_names(captions: list[str]) -> list[str]:
    """Excel sheet names from table captions: numbered in report order (so they are unique),
    at most 31 characters, without the characters Excel forbids."""
    names = []
    for number, caption in enumerate(captions, start=1):
        clean = "".join(" " if c in "[]:*?/\\" else c for c in caption)
        names.append(f"{number:02d} {' '.join(clean.split())}"[:31].rstrip())
    return names


def write_workbook(tables: list[tuple[str, pd.DataFrame]], path, stamp: str) -> None:
    """Every report table on its own sheet, numbers stored as numbers, the caption in A1.

    ``stamp`` (an ISO date, the period end) replaces the save time in the file, so the same
    tables always give the same bytes.
    """
    names = sheet_names([caption for caption, _ in tables])
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, (caption, frame) in zip(names, tables, strict=True):
            frame.to_excel(writer, sheet_name=name, startrow=2)
            sheet = writer.sheets[name]
            sheet["A1"] = caption
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column[:40])
                sheet.column_dimensions[column[0].column_letter].width = min(max(width, 8), 50)
    _fix_zip_times(Path(path), stamp)


def _fix_zip_times(path: Path, stamp: str) -> None:
    """Rewrite an xlsx with fixed entry times and fixed created/modified properties."""
    import re
    import zipfile

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
