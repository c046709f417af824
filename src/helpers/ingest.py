"""Read raw exports: Finnish-locale CSV and xlsx with title rows above the table.

Every reader returns a DataFrame of strings with the columns as printed plus ``ROW``, the row
number an analyst sees in the file, so that any later error can name file, row and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.config import parse_period_end
from helpers.errors import InputDataError
from helpers.finnish import format_date, parse_date, parse_number
from helpers.schemas import (
    DATE,
    ENTITY,
    INTEGER,
    MONTH,
    NATIONAL,
    NUMBER,
    PERIOD,
    TableSpec,
    dtype_of,
    processed_schema,
    validate,
)

ROW = "_row"
DELIMITER = ";"
_ENCODINGS = ("utf-8-sig", "cp1252")
_OTHER_DELIMITERS = {",": "comma", "\t": "tab", "|": "pipe"}


def decode(path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or, failing that, cp1252 as Windows Excel saves it."""
    data = path.read_bytes()
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputDataError("cannot be decoded as UTF-8 or cp1252", file=path)  # pragma: no cover


def read_csv(path: Path, required: Iterable[str] = ()) -> pd.DataFrame:
    """Read a semicolon-separated Finnish export into strings, with ``ROW`` numbers."""
    path = Path(path)
    if not path.is_file():
        raise InputDataError("file not found", file=path)
    text = decode(path)
    if not text.strip():
        raise InputDataError("file is empty", file=path, row=1)
    try:
        return _read_csv_text(text, required, path)
    except csv.Error as exc:  # e.g. a stray quote character the csv module cannot place
        raise InputDataError(f"not a readable CSV file ({exc})", file=path) from None


def _read_csv_text(text: str, required: Iterable[str], path: Path) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER))
    header = [cell.strip() for cell in rows[0]]
    if len(header) == 1:
        for sep, name in _OTHER_DELIMITERS.items():
            if sep in header[0]:
                raise InputDataError(
                    f"the header is separated by {name}s; Finnish exports use ';'",
                    file=path,
                    row=1,
                )
    _check_header(header, required, path, header_row=1)
    # csv.reader has swallowed quoted newlines, so count physical lines for row numbers.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER)
    records, row_numbers = [], []
    next(reader)
    line_no = reader.line_num
    for record in reader:
        start = line_no + 1
        line_no = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise InputDataError(
                f"has {len(record)} fields but the header has {len(header)}"
                + (" (is the file truncated?)" if len(record) < len(header) else ""),
                file=path,
                row=start,
            )
        records.append([cell.strip() for cell in record])
        row_numbers.append(start)
    if text.count('"') % 2:
        raise InputDataError("unbalanced quote: the file is truncated or broken", file=path)
    if not records:
        raise InputDataError("has a header but no data rows", file=path, row=2)
    frame = pd.DataFrame(records, columns=header, dtype="string")
    frame[ROW] = row_numbers
    return frame


def read_xlsx(path: Path, required: Iterable[str]) -> pd.DataFrame:
    """Read the first sheet of an xlsx export whose table may sit below title rows.

    The header row is the first row holding every ``required`` label. Merged cells carry
    their value into every cell they cover, so a header label merged over two header rows
    (or a label cell merged down the rows of a group) reads like an unmerged one.
    """
    path = Path(path)
    required = list(required)
    sheet = pd.DataFrame(_sheet_values(path), dtype=object)
    sheet = sheet.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
    rows = [[str(v).strip() for v in values] for values in sheet.itertuples(index=False)]
    matches = [i for i, labels in enumerate(rows) if all(label in labels for label in required)]
    if not matches:
        raise InputDataError(f"no header row with the columns {required} found", file=path)
    # A two-row header whose label cells are merged down matches on both rows: the column
    # labels are on the last row of such a run.
    position = matches[0]
    while position + 1 in matches:
        position += 1
    labels = rows[position]
    header_row = position + 1
    keep = [i for i, label in enumerate(labels) if label]
    header = [labels[i] for i in keep]
    _check_header(header, required, path, header_row=header_row)
    body = sheet.iloc[position + 1 :, keep]
    records, row_numbers = [], []
    for offset, (_, values) in enumerate(body.iterrows()):
        cells = [_excel_cell_text(v) for v in values]
        if any(cells):
            records.append(cells)
            row_numbers.append(header_row + 1 + offset)
    if not records:
        raise InputDataError("has a header but no data rows", file=path, row=header_row + 1)
    frame = pd.DataFrame(records, columns=header, dtype="string")
    frame[ROW] = row_numbers
    return frame


def _sheet_values(path: Path) -> list[list[object]]:
    """Cell values of the first sheet with merged ranges filled in."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputDataError(f"not a readable xlsx workbook ({exc})", file=path) from None
    sheet = workbook.worksheets[0]
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                sheet.cell(row, column).value = value
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    if not values:
        raise InputDataError("the workbook's first sheet is empty", file=path, row=1)
    return values


def _excel_cell_text(value: object) -> str:
    """Excel stores numbers as numbers; render them the Finnish way so one parser serves both."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = repr(float(value)).rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if hasattr(value, "strftime"):
        return format_date(value)
    return str(value).strip()


def read_table(path: Path, required: Iterable[str] = ()) -> pd.DataFrame:
    """Read a raw table by its suffix: ``.csv`` or ``.xlsx``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, required)
    if suffix == ".xlsx":
        return read_xlsx(path, required)
    raise InputDataError(f"unsupported file type '{suffix}' (expected .csv or .xlsx)", file=path)


def find_table(directory: Path, stem: str) -> Path | None:
    """The raw file ``<stem>.csv`` or ``<stem>.xlsx`` in ``directory``; both at once is an error."""
    found = [p for p in (directory / f"{stem}.csv", directory / f"{stem}.xlsx") if p.is_file()]
    if len(found) > 1:
        raise InputDataError(f"both {stem}.csv and {stem}.xlsx exist; keep one", file=found[0])
    return found[0] if found else None


def _check_header(header: list[str], required: Iterable[str], path: Path, header_row: int) -> None:
    if any(not label for label in header):
        position = header.index("") + 1
        raise InputDataError(f"column {position} has no header", file=path, row=header_row)
    duplicates = sorted({label for label in header if header.count(label) > 1})
    if duplicates:
        raise InputDataError(
            "duplicate column header", file=path, row=header_row, column=duplicates[0]
        )
    missing = [label for label in required if label not in header]
    if missing:
        raise InputDataError(
            f"missing column (found: {', '.join(header)})",
            file=path,
            row=header_row,
            column=missing[0],
        )


def parse_numeric_columns(
    frame: pd.DataFrame, columns: Iterable[str], path: Path, required: bool = False
) -> pd.DataFrame:
    """Turn Finnish-format number columns into floats; a bad cell names its row and column."""
    out = frame.copy()
    for column in columns:
        values = []
        for row, text in zip(frame[ROW], frame[column], strict=True):
            try:
                value = parse_number(None if pd.isna(text) else text)
            except ValueError as exc:
                raise InputDataError(str(exc), file=path, row=int(row), column=column) from None
            if value is None and required:
                raise InputDataError("value is missing", file=path, row=int(row), column=column)
            values.append(value)
        out[column] = pd.array(values, dtype="Float64")
    return out


def _parse_cell(kind: str, text: str) -> object:
    if text == "":
        return None
    if kind == NUMBER:
        return parse_number(text)
    if kind == INTEGER:
        value = parse_number(text)
        if value is not None and value != int(value):
            raise ValueError(f"not a whole number: {text!r}")
        return None if value is None else int(value)
    if kind == DATE:
        return pd.Timestamp(parse_date(text))
    if kind == MONTH:
        month, _, year = text.partition(".")
        if not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12):
            raise ValueError(f"not a month (expected m.yyyy): {text!r}")
        return pd.Timestamp(int(year), int(month), 1)
    return text


def load_table(
    spec: TableSpec, raw_dir: Path, entity: str, period_end
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read, parse and validate one raw table described by ``spec`` (see ``helpers.schemas``).

    Returns ``(table, totals)``: ``table`` in processed form (English column names, typed,
    ``source_file`` and ``source_row`` for provenance, rows dated after the period end left
    out); ``totals`` holds printed total rows, if the spec has them, for the audit.
    A missing file returns two empty frames: a table missing for a period is not an error.
    """
    day = parse_period_end(period_end)
    folder = {
        PERIOD: Path(raw_dir) / entity / day.isoformat(),
        ENTITY: Path(raw_dir) / entity,
        NATIONAL: Path(raw_dir),
    }[spec.scope]
    path = find_table(folder, spec.stem)
    if path is None:
        return pd.DataFrame(), pd.DataFrame()
    labels = {f.name: f.printed_label(day) for f in spec.fields}
    raw = read_table(path, required=list(labels.values()))
    extra = [c for c in raw.columns if c != ROW and c not in labels.values()]
    if extra:
        raise InputDataError("unknown column", file=path, row=1, column=extra[0])
    totals = pd.DataFrame()
    if spec.total_label:
        total_field, total_text = spec.total_label
        is_total = raw[labels[total_field]] == total_text
        totals, raw = raw[is_total], raw[~is_total]
    table = pd.DataFrame(index=raw.index)
    for field in spec.fields:
        label = labels[field.name]
        values = []
        for row, text in zip(raw[ROW], raw[label], strict=True):
            try:
                values.append(_parse_cell(field.kind, "" if pd.isna(text) else str(text)))
            except ValueError as exc:
                raise InputDataError(str(exc), file=path, row=int(row), column=label) from None
        if field.kind in (DATE, MONTH):
            table[field.name] = pd.to_datetime(pd.Series(values, index=raw.index, dtype=object))
            table[field.name] = table[field.name].astype("datetime64[ns]")
        else:
            table[field.name] = pd.array(values, dtype=dtype_of(field.kind))
    table["source_file"] = pd.array([path.name] * len(table), dtype="string")
    table["source_row"] = pd.array(raw[ROW].tolist(), dtype="Int64")
    table = table.reset_index(drop=True)
    validate(table, processed_schema(spec), str(path), labels)
    if spec.as_of:
        known = table[spec.as_of].isna() | (table[spec.as_of] <= pd.Timestamp(day))
        table = table[known].reset_index(drop=True)
    if not totals.empty:
        totals = totals.assign(source_file=path.name)
    return table, totals
