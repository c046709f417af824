"""Read raw exports: Finnish-locale CSV and xlsx with title rows above the table.

Every reader returns a DataFrame of strings with the columns as printed plus ``ROW``, the row
number an analyst sees in the file, so that any later error can name file, row and column.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.bulk import FieldCountError, split_csv
from helpers.config import parse_period_end
from helpers.errors import InputDataError
from helpers.excel import Sheet, cell_text, check_visible, read_sheet
from helpers.finnish import normalise_text
from helpers.rawfiles import find_table
from helpers.schemas import ENTITY, NATIONAL, PERIOD, TableSpec, processed_schema, validate

# Re-exported: the row column and the column parsers are part of this module's interface.
from helpers.typed_columns import (  # noqa: F401
    EARLIEST_YEAR,
    FUTURE_HORIZON_YEARS,
    ROW,
    date_window,
    number_unit,
    parse_field,
    parse_numeric_columns,
)

DELIMITER = ";"
_OTHER_DELIMITERS = {",": "comma", "\t": "tab", "|": "pipe"}
# A byte-order mark says the encoding outright (UTF-32 LE starts like UTF-16 LE: test it first).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def decode(path: Path, data: bytes | None = None) -> str:
    """Decode by the byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else cp1252 as
    Windows Excel saves it. A file mixing UTF-8 and cp1252 rows is an error naming the first
    row that is not UTF-8; a UTF-16 file without a byte-order mark is an error too. ``data``
    is the file's bytes when the caller has read them."""
    data = path.read_bytes() if data is None else data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputDataError(
                    f"encoding: the file starts with a {encoding.upper()} byte-order mark but "
                    f"is not valid {encoding.upper()}; save it as UTF-8",
                    file=path,
                ) from None
    if b"\x00" in data:
        raise InputDataError(
            "encoding: the file looks like UTF-16 without a byte-order mark (it holds NUL "
            "bytes); save it as UTF-8 (Excel: CSV UTF-8)",
            file=path,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    row = _first_row_not_in_utf8(data)
    if row is not None:
        raise InputDataError(
            "encoding: this row is not UTF-8 but the rest of the file is (a row pasted from "
            "another program?); save the whole file as UTF-8",
            file=path,
            row=row,
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputDataError(
            f"encoding: neither UTF-8 nor Windows cp1252 (byte {data[exc.start]:#04x})",
            file=path,
            row=data[: exc.start].count(b"\n") + 1,
        ) from None


def _first_row_not_in_utf8(data: bytes) -> int | None:
    """In a file whose other non-ASCII rows are UTF-8, the first row that is not."""
    utf8_rows, first_bad = 0, None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_rows += 1
        except UnicodeDecodeError:
            first_bad = first_bad or number
    return first_bad if utf8_rows and first_bad else None


def read_csv(path: Path, required: Iterable[str] = ()) -> pd.DataFrame:
    """Read a semicolon-separated Finnish export into strings, with ``ROW`` numbers."""
    path = Path(path)
    if not path.is_file():
        raise InputDataError("file not found", file=path)
    data = path.read_bytes()
    text = decode(path, data)
    if _already_normal(data, text):
        encoded = data  # the text's UTF-8: the fast reader needs no second encoding
    else:
        text, encoded = normalise_text(text), None
    if not text.strip():
        raise InputDataError("file is empty", file=path, row=1)
    try:
        return _read_csv_text(text, required, path, encoded)
    except csv.Error as exc:  # e.g. a stray quote character the csv module cannot place
        raise InputDataError(f"not a readable CSV file ({exc})", file=path) from None


def _already_normal(data: bytes, text: str) -> bool:
    """Whether ``text`` (``decode`` of ``data``) is ``data`` read as UTF-8 and a text
    ``normalise_text`` returns as it is, told from the bytes of a large file: UTF-8 lead
    bytes of ASCII and of the Latin letters U+00C0–U+027F only, which is that function's own
    test of a long text (a file of over a megabyte has far more characters than it asks for).
    Those bytes rule out every byte-order mark; read as cp1252 instead (a non-ASCII file
    that is not UTF-8), the text has one character per byte, as UTF-8 text never has."""
    import numpy as np

    if len(data) <= 1_000_000 or (len(text) == len(data) and not data.isascii()):
        return False
    codes = np.frombuffer(data, dtype=np.uint8)
    # 0xC2 leads U+0080–U+00BF, 0xCA and up lead U+0280 onwards (and every byte-order mark).
    return not ((codes == 0xC2).any() or (codes >= 0xCA).any())


def _header_lines(text: str) -> str:
    """The start of ``text`` that holds its whole header record: the first physical line when
    it has no quote character (then no field can run on past its line end), else all of it.
    A million-row export is not copied into a reader just to read its first row."""
    end = text.find("\n") + 1
    if end == 0 or '"' in text[:end]:
        return text
    return text[:end]


def _read_csv_text(
    text: str, required: Iterable[str], path: Path, encoded: bytes | None = None
) -> pd.DataFrame:
    first = next(csv.reader(io.StringIO(_header_lines(text), newline=""), delimiter=DELIMITER))
    header = [cell.strip() for cell in first]
    if len(header) == 1:
        for sep, name in _OTHER_DELIMITERS.items():
            if sep in header[0]:
                raise InputDataError(
                    f"the header is separated by {name}s; Finnish exports use ';'",
                    file=path,
                    row=1,
                )
    _check_header(header, required, path, header_row=1)
    try:
        fast = split_csv(text, header, encoded)
    except FieldCountError as exc:
        raise _field_count_error(exc.fields, len(header), path, exc.row) from None
    if fast is not None:
        frame, row_numbers = fast
        if frame.empty:
            raise InputDataError("has a header but no data rows", file=path, row=2)
        frame[ROW] = row_numbers
        return frame
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
            raise _field_count_error(len(record), len(header), path, start)
        records.append([cell.strip() for cell in record])
        row_numbers.append(start)
    if text.count('"') % 2:
        raise InputDataError("unbalanced quote: the file is truncated or broken", file=path)
    if not records:
        raise InputDataError("has a header but no data rows", file=path, row=2)
    frame = pd.DataFrame(records, columns=header, dtype="string")
    frame[ROW] = row_numbers
    return frame


def _field_count_error(fields: int, expected: int, path: Path, row: int) -> InputDataError:
    return InputDataError(
        f"has {fields} fields but the header has {expected}"
        + (" (is the file truncated?)" if fields < expected else ""),
        file=path,
        row=row,
    )


def read_xlsx(path: Path, required: Iterable[str]) -> pd.DataFrame:
    """Read the first sheet of an xlsx export whose table may sit below title rows.

    The header row is the first row holding every ``required`` label. Merged cells carry
    their value into every cell they cover, so a header label merged over two header rows
    (or a label cell merged down the rows of a group) reads like an unmerged one. Cells read
    as the user sees them (see ``helpers.excel``): a percentage-formatted cell in a column
    whose label ends in ``%`` reads in percent; a hidden row or column, a formula without a
    saved value and a value in a column without a header are errors.
    """
    path = Path(path)
    required = list(required)
    sheet = read_sheet(path)
    texts = [[_header_text(cell) for cell in row] for row in sheet.cells]
    matches = [i for i, labels in enumerate(texts) if all(label in labels for label in required)]
    if not matches:
        raise InputDataError(f"no header row with the columns {required} found", file=path)
    # A two-row header whose label cells are merged down matches on both rows: the column
    # labels are on the last row of such a run.
    position = matches[0]
    while position + 1 in matches:
        position += 1
    labels = texts[position]
    header_row = position + 1
    keep = {i: label for i, label in enumerate(labels) if label}
    _check_header(list(keep.values()), required, path, header_row=header_row)
    check_visible(sheet, range(header_row, len(sheet.cells) + 1), keep, path)
    records, row_numbers = [], []
    for number in range(header_row + 1, len(sheet.cells) + 1):
        cells = _body_row(sheet, number, keep, path)
        if any(cells):
            records.append(cells)
            row_numbers.append(number)
    if not records:
        raise InputDataError("has a header but no data rows", file=path, row=header_row + 1)
    frame = pd.DataFrame(records, columns=list(keep.values()), dtype="string")
    frame[ROW] = row_numbers
    return frame


def _header_text(cell) -> str:
    try:
        return cell_text(cell, percent_column=True)
    except ValueError:  # a formula without a value cannot be a header label
        return ""


def _body_row(sheet: Sheet, number: int, keep: dict[int, str], path: Path) -> list[str]:
    """One table row's texts; a cell that cannot be read is an error naming row and column."""
    row = sheet.cells[number - 1]
    for index, cell in enumerate(row):
        if index not in keep and _header_text(cell):
            raise InputDataError(
                f"column {index + 1} has no header but holds '{_header_text(cell)}'",
                file=path,
                row=number,
            )
    texts = []
    for index, label in keep.items():
        try:
            texts.append(cell_text(row[index], percent_column=label.endswith("%")))
        except ValueError as exc:
            raise InputDataError(str(exc), file=path, row=number, column=label) from None
    return texts


def read_table(path: Path, required: Iterable[str] = ()) -> pd.DataFrame:
    """Read a raw table by its suffix: ``.csv`` or ``.xlsx`` (in any letter case)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, required)
    if suffix == ".xlsx":
        return read_xlsx(path, required)
    raise InputDataError(f"unsupported file type '{suffix}' (expected .csv or .xlsx)", file=path)


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


def is_total_label(text: object, label: str) -> bool:
    """A printed total row's label in any letter case and spacing: ``yhteensä``,
    ``YHTEENSÄ``, ``Yhteensä:``."""
    if text is None or pd.isna(text):
        return False
    words = " ".join(str(text).split()).rstrip(":").strip()
    return words.casefold() == label.casefold()


def load_table(
    spec: TableSpec, raw_dir: Path, entity: str, period_end
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read, parse and validate one raw table described by ``spec`` (see ``helpers.schemas``).

    Returns ``(table, totals)``: ``table`` in processed form (English column names, typed,
    ``source_file`` and ``source_row`` for provenance, rows dated after the period end left
    out); ``totals`` holds printed total rows, if the spec has them, for the audit.
    A missing file returns two empty frames: a table missing for a period is not an error.
    A date outside ``date_window`` is an error, not a row "not yet known".
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
        raise InputDataError(
            f"unknown column; expected {', '.join(labels.values())}",
            file=path,
            row=1,
            column=extra[0],
        )
    totals = pd.DataFrame()
    if spec.total_label:
        total_field, total_text = spec.total_label
        is_total = raw[labels[total_field]].map(lambda text: is_total_label(text, total_text))
        totals, raw = raw[is_total.astype(bool)], raw[~is_total.astype(bool)]
    window = date_window(day)
    table = pd.DataFrame(index=raw.index)
    for field in spec.fields:
        table[field.name] = parse_field(raw, field, labels[field.name], window, path)
    table["source_file"] = pd.array([path.name] * len(table), dtype="string")
    table["source_row"] = pd.array(raw[ROW].tolist(), dtype="Int64")
    table = table.reset_index(drop=True)
    validate(table, processed_schema(spec, with_added=False), str(path), labels)
    if spec.as_of:
        known = table[spec.as_of].isna() | (table[spec.as_of] <= pd.Timestamp(day))
        table = table[known].reset_index(drop=True)
    if not totals.empty:
        totals = totals.assign(source_file=path.name)
    return table, totals
