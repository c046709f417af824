"""Whole-column reading and parsing for large exports: vectorised first, then per cell only
where needed, so a million-row file reads in seconds and a bad cell is still named exactly.

* ``split_csv``: a semicolon file without quote characters is split by pyarrow's reader, with
  the field count of every line and the blank lines found on the bytes (numpy); anything
  else (quotes, a lone carriage return, cells padded with spaces) returns ``None`` and the
  caller uses the ``csv`` module, row by row.
* ``parse_numbers``: cells in the plain Finnish form (``-1 234 567``, ``50,58``) are
  converted at once; every other cell goes through ``helpers.finnish.parse_number``, which
  accepts the other forms or raises the message an analyst reads. The first failure in row
  order is reported, with its row, exactly as a row-by-row parser would.
* ``codes``: ``pd.factorize`` by pyarrow's hash table for text columns, and by the integer
  codes of a categorical column.
* ``categorical`` / ``plain_texts``: texts repeated over millions of rows as codes into their
  few distinct values, and back to plain texts (by pyarrow) where a reader needs them.
* ``map_unique``: a per-cell function applied once per distinct value (months, dates, unit
  names repeat thousands of times in a ledger).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

# The plain form of a Finnish number: ASCII hyphen-minus, digits grouped by single spaces in
# threes (or not grouped at all), a decimal comma. Everything else is parsed cell by cell.
PLAIN_NUMBER = r"^-?(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:,[0-9]+)?$"
# Bytes str.strip() would remove at the edge of a cell (ASCII part; non-ASCII ones fall back).
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[list(b" \t\x0b\x0c\x1c\x1d\x1e\x1f")] = True
_SEMICOLON, _NEWLINE = ord(";"), ord("\n")
# Characters the csv module treats specially, or str.strip() strips, beyond the ASCII ones
# checked on the bytes: a file holding any of them takes the row-by-row path.
_SLOW_PATH_CHARACTERS = ('"', "\r", "\x85", "\u2028", "\u2029", "\x00")
# Rows from which a table's texts are worth giving the freed heap back first (a few ms).
LARGE = 100_000


class FieldCountError(ValueError):
    """A line whose field count differs from the header's: ``row`` (1-based) and ``fields``."""

    def __init__(self, row: int, fields: int) -> None:
        super().__init__(f"row {row} has {fields} fields")
        self.row = row
        self.fields = fields


def split_csv(
    text: str, columns: list[str], encoded: bytes | None = None
) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The data rows of ``text`` (header line first, delimiter ``;``) as strings with their
    physical row numbers, skipping blank lines; ``None`` when the file needs the ``csv``
    module. Raises ``FieldCountError`` for the first non-blank line with a wrong field count.
    ``encoded`` is ``text`` in UTF-8 when the caller has it (a file's bytes).
    """
    if "\r" in text:
        text, encoded = text.replace("\r\n", "\n"), None
    if any(ch in text for ch in _SLOW_PATH_CHARACTERS):
        return None
    data = np.frombuffer(encoded or text.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(data == _NEWLINE)
    semicolons = np.flatnonzero(data == _SEMICOLON)
    if _padded_cells(data, semicolons) or _padded_cells(data, newlines):
        return None
    ends = newlines
    if len(ends) == 0 or ends[-1] != len(data) - 1:
        ends = np.append(ends, len(data))  # the last line has no newline
    starts = np.concatenate(([0], ends[:-1] + 1))
    fields = _semicolons_per_line(semicolons, starts, ends) + 1
    del semicolons
    # With no cell padded, a blank line holds nothing but delimiters.
    lengths = ends - starts
    blank = lengths == fields - 1
    empty = lengths == 0  # the reader skips these lines itself
    body = np.arange(1, len(ends))  # line 0 is the header
    counted = body[~blank[1:]]
    wrong = counted[fields[counted] != len(columns)]
    if len(wrong):
        raise FieldCountError(int(wrong[0]) + 1, int(fields[wrong[0]]))
    if (blank[1:] & ~empty[1:] & (fields[1:] != len(columns))).any():
        return None  # a line of delimiters only, too few or too many: the csv module skips it
    frame = _read_fields(data, columns)
    read = body[~empty[1:]]
    if frame is None or len(frame) != len(read):
        return None
    keep = ~blank[read]
    if not keep.all():  # (filtering copies every column)
        frame = frame[keep].reset_index(drop=True)
    return frame, read[keep] + 1


def _read_fields(data: np.ndarray, columns: list[str]) -> pd.DataFrame | None:
    """Every non-empty line after the header as strings (pyarrow's multithreaded reader, no
    quoting); ``None`` if it refuses the file."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    try:
        table = arrow_csv.read_csv(
            pa.py_buffer(data),
            read_options=arrow_csv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(delimiter=";", quote_char=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types={name: pa.string() for name in columns},
                strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)


def _semicolons_per_line(positions: np.ndarray, starts: np.ndarray, ends: np.ndarray):
    """How many delimiters each line (``starts[i]`` to ``ends[i]``, exclusive) holds: the
    delimiters (at the sorted ``positions``) before its end less those before its start."""
    return np.searchsorted(positions, ends) - np.searchsorted(positions, starts)


def _padded_cells(data: np.ndarray, edges: np.ndarray) -> bool:
    """Whether a cell starts or ends with whitespace (the row-by-row path strips it): a
    whitespace byte first or last in the file, or next to one of the delimiters or line ends
    at ``edges``. Only the bytes beside those are looked at (a byte beyond the file's end
    is read as the edge itself, which is no whitespace)."""
    if _WHITESPACE[data[0]] or _WHITESPACE[data[-1]]:
        return True
    last = len(data) - 1
    before = data[np.maximum(edges - 1, 0)]
    after = data[np.minimum(edges + 1, last)]
    return bool(_WHITESPACE[before].any() or _WHITESPACE[after].any())


def parse_numbers(
    texts: pd.Series, parse_cell: Callable[[str], float | None]
) -> tuple[np.ndarray, int | None, Exception | None]:
    """Parse a column of number texts: ``(values, position, error)``.

    ``values`` are floats (NaN where the cell is blank). Cells in the plain form are
    converted at once; the others by ``parse_cell`` (which returns ``None`` for blank text
    and raises ``ValueError``). ``position`` is the first row position whose cell failed,
    with its ``error``; blank cells are left to the caller (``values`` is NaN there).
    """
    import pyarrow.compute as pc

    strings = texts.astype("string")
    cells = arrow_strings(strings)
    blank = _flags(pc.equal(cells, ""), missing=True)
    plain = _flags(pc.match_substring_regex(cells, PLAIN_NUMBER), missing=False)
    values = np.full(len(strings), np.nan)
    if plain.all():  # the usual column: no cell to set aside
        values = _plain_values(cells)
    elif plain.any():
        values[plain] = _plain_values(cells.filter(plain))
    for position in np.flatnonzero(~plain & ~blank):
        try:
            value = parse_cell(strings.iloc[position])
        except ValueError as exc:
            return values, int(position), exc
        values[position] = np.nan if value is None else value
    return values, None, None


def _plain_values(cells) -> np.ndarray:
    """Cells in the plain form as floats: the grouping spaces dropped, the decimal comma a
    point (replaced only when some cell holds a comma: a replacement copies every cell)."""
    import pyarrow.compute as pc

    cleaned = pc.replace_substring(cells, " ", "")
    if pc.any(pc.match_substring(cleaned, ",")).as_py():
        cleaned = pc.replace_substring(cleaned, ",", ".")
    return pc.cast(cleaned, "float64").to_numpy()


class CellError(ValueError):
    """``function`` failed on the cell at row ``position`` (0-based) with ``error``."""

    def __init__(self, position: int, error: ValueError) -> None:
        super().__init__(str(error))
        self.position = position


def arrow_strings(texts: pd.Series):
    """The column as a pyarrow string array (no copy for pandas' arrow-backed strings)."""
    import pyarrow as pa

    return pa.chunked_array(texts.astype("string[pyarrow]").array._pa_array)


def _flags(result, missing: bool) -> np.ndarray:
    """A pyarrow boolean result as numpy, ``missing`` where the cell was missing."""
    import pyarrow.compute as pc

    return pc.fill_null(result, missing).to_numpy(zero_copy_only=False)


def max_decimals(texts: pd.Series) -> int:
    """The most significant decimals any cell shows: the digits after a cell's last comma
    when only digits (and spaces) follow it, without trailing zeros."""
    import pyarrow.compute as pc

    cells = arrow_strings(texts)
    cells = cells.filter(pc.match_substring(cells, ","))  # cheap first; drops missing cells
    fractions = pc.struct_field(pc.extract_regex(cells, r",\s*(?P<digits>[0-9]+)\s*$"), [0])
    lengths = pc.utf8_length(pc.utf8_rtrim(fractions, characters="0"))
    most = pc.max(lengths).as_py()
    return int(most or 0)


def map_unique(texts: pd.Series, function: Callable[[object], object]) -> list:
    """``[function(t) for t in texts]``, computed once per distinct value. A ``ValueError``
    becomes a ``CellError`` at the first row holding the earliest failing value (values are
    tried in order of first appearance, so that is the first failing row)."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    results = []
    for code, value in enumerate(uniques):
        try:
            results.append(function(value))
        except ValueError as exc:
            raise CellError(int(np.flatnonzero(codes == code)[0]), exc) from None
    if (codes < 0).any():
        results.append(function(None))  # -1 (a missing cell) indexes this last entry
    lookup = np.empty(len(results), dtype=object)
    lookup[:] = results
    return list(lookup[codes])


def codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` (codes in order of first appearance, -1 where missing), by pyarrow's
    hash table for text columns: a few times faster on millions of rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values.dtype, pd.CategoricalDtype):
        return _category_codes(values)
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        encoded = pc.dictionary_encode(pa.chunked_array(values.array._pa_array)).combine_chunks()
        indices = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        return indices.astype(np.int64), pd.Index(encoded.dictionary.to_pylist(), dtype=object)
    if pd.api.types.is_integer_dtype(values.dtype) and not values.hasnans:
        column_codes, uniques = integer_codes(values.to_numpy())
        return column_codes, pd.Index(uniques)
    column_codes, uniques = pd.factorize(values)
    return column_codes.astype(np.int64), pd.Index(uniques)


def integer_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of integers (codes in order of first appearance, and the uniques):
    by a lookup table when the values span at most a few times their count, which is
    several times faster than hashing millions of keys; by ``pd.factorize`` otherwise."""
    values = np.asarray(values)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64), values[:0]
    low, high = int(values.min()), int(values.max())
    if high - low >= 4 * len(values) + 1024:
        column_codes, uniques = pd.factorize(values)
        return column_codes.astype(np.int64), uniques
    shifted = values.astype(np.int64, copy=False)
    shifted = shifted - low if low else shifted
    first = np.full(high - low + 1, len(values), dtype=np.int64)
    first[shifted[::-1]] = np.arange(len(values) - 1, -1, -1)  # the last write is the first
    present = np.flatnonzero(first < len(values))
    by_appearance = present[np.argsort(first[present], kind="stable")]
    rank = np.zeros(len(first), dtype=np.int64)
    rank[by_appearance] = np.arange(len(by_appearance))
    return rank[shifted], (by_appearance + low).astype(values.dtype)


def _category_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``codes`` of a categorical column: its integer codes renumbered in order of first
    appearance (as ``pd.factorize`` numbers them, whatever the order of the categories).
    Each category's first row is found by one scatter of row numbers written last row first
    (the last write to a slot wins, so the first row stays), then the codes are mapped once."""
    category_codes = values.cat.codes.to_numpy()
    count = len(values.cat.categories)
    first = np.full(count + 1, len(category_codes), dtype=np.int64)  # slot -1: missing
    first[category_codes[::-1]] = np.arange(len(category_codes) - 1, -1, -1)
    present = np.flatnonzero(first[:count] < len(category_codes))
    used = present[np.argsort(first[present], kind="stable")]
    rank = np.full(count + 1, -1, dtype=np.int64)
    rank[used] = np.arange(len(used))
    uniques = values.cat.categories.take(used)
    return rank[category_codes], pd.Index(uniques.tolist(), dtype=object)


def categorical(names, positions: np.ndarray, dtype="str") -> pd.Categorical:
    """``names[p]`` for every position ``p`` (-1: missing) as a categorical column whose
    categories are the distinct ``names`` in their order, of ``dtype`` (``plain_texts`` gives
    it back). No text is copied per row."""
    distinct = {name: None for name in names}
    number = {name: index for index, name in enumerate(distinct)}
    lookup = np.array([number[name] for name in names] + [-1], dtype=_code_type(len(distinct)))
    categories = pd.Index(pd.array(list(distinct), dtype=dtype))
    # The codes are valid by construction and already of the width pandas keeps: no check,
    # no copy (both cost a pass over millions of rows).
    return pd.Categorical.from_codes(
        lookup[positions], dtype=pd.CategoricalDtype(categories), validate=False
    )


def _code_type(count: int) -> type:
    """The integer type pandas stores the codes of ``count`` categories in."""
    for code_type in (np.int8, np.int16, np.int32):
        if count < np.iinfo(code_type).max:
            return code_type
    return np.int64


def plain_texts(tidy: pd.DataFrame) -> pd.DataFrame:
    """``tidy`` with every categorical column as plain text of its categories' dtype: the
    processed tables and every reader of them see the texts, never the codes (a categorical
    sorts by its categories' order and compares only with its own categories)."""
    out = tidy.copy(deep=False)
    if len(tidy) > LARGE and any(isinstance(t, pd.CategoricalDtype) for t in tidy.dtypes):
        release_freed_memory()  # the texts come from pyarrow's pool, not the freed heap
    for column in tidy.columns:
        if isinstance(tidy[column].dtype, pd.CategoricalDtype):
            out[column] = _decoded(tidy[column])
    return out


def _decoded(column: pd.Series):
    """A categorical column's texts, of its categories' dtype: taken by pyarrow from the
    categories when they are arrow-backed (ten times ``astype`` on millions of rows)."""
    import pyarrow as pa

    categories = column.cat.categories
    if not isinstance(categories.array, pd.arrays.ArrowStringArray):
        return column.astype(categories.dtype)
    positions = column.cat.codes.to_numpy()
    names = pa.chunked_array(categories.array._pa_array).combine_chunks()
    texts = names.take(pa.array(positions, mask=positions < 0))  # code -1: missing
    return pd.Series(pd.array(texts, dtype=categories.dtype), index=column.index)


def text_dtype(column: pd.Series):
    """The dtype of a text column's texts (its categories' dtype when categorical)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.categories.dtype
    return column.dtype if pd.api.types.is_string_dtype(column.dtype) else "str"


def like(texts: pd.Categorical, model: pd.Series):
    """``texts`` categorical when ``model`` (the input column) is, plain text otherwise."""
    if isinstance(model.dtype, pd.CategoricalDtype):
        return texts
    return texts.astype(texts.categories.dtype)


def release_freed_memory() -> None:
    """Give the heap that freed arrays left back to the system: glibc keeps freed memory for
    later ``malloc`` calls, but pyarrow allocates from a pool of its own and cannot reuse it
    (~250 MB after a million-row statement's subtotals and checks). Changes no value; only
    pyarrow's pool where the C library has no ``malloc_trim`` (not glibc)."""
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError, TypeError):
        return
    trim(0)
