"""Read the first sheet of an xlsx export as the user sees it, or say why it cannot be read.

A cell's text is what Excel displays, in the Finnish format the CSV reader also parses:
``0,7947`` formatted as a percentage reads ``79,47``. What the user cannot see is an error
naming the row and column: a hidden row or column, or a formula whose value was never saved
(a workbook written by a program that does not calculate, such as a script).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from helpers.errors import InputDataError
from helpers.finnish import format_date, normalise_text

# Parts of an Excel number format that print literally: quoted text and escaped characters.
_LITERAL = re.compile(r'"[^"]*"|\\.')


@dataclass(frozen=True)
class Cell:
    """One cell: its saved value, whether it is shown as a percentage, and its formula."""

    value: object
    percent: bool = False
    formula: str | None = None


@dataclass(frozen=True)
class Sheet:
    """The first worksheet as a grid of cells (merged ranges filled in) and what is hidden."""

    cells: list[list[Cell]]
    hidden_rows: frozenset[int]  # 1-based row numbers
    hidden_columns: frozenset[int]  # 1-based column numbers


def read_sheet(path: Path) -> Sheet:
    """The first sheet's cells with their saved values, formats and formulas."""
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, data_only=True).worksheets[0]
        formulas = openpyxl.load_workbook(path, data_only=False).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputDataError(f"not a readable xlsx workbook ({exc})", file=path) from None
    if values.max_row == 1 and values.max_column == 1 and values.cell(1, 1).value is None:
        raise InputDataError("the workbook's first sheet is empty", file=path, row=1)
    grid = [
        [
            _cell(values.cell(row, column), formulas.cell(row, column))
            for column in range(1, values.max_column + 1)
        ]
        for row in range(1, values.max_row + 1)
    ]
    for merged in values.merged_cells.ranges:
        top_left = grid[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                grid[row - 1][column - 1] = top_left
    hidden_rows = {number for number, dim in values.row_dimensions.items() if dim.hidden}
    hidden_columns = {
        number
        for dim in values.column_dimensions.values()
        if dim.hidden
        for number in range(dim.min or 1, (dim.max or dim.min or 1) + 1)
    }
    return Sheet(grid, frozenset(hidden_rows), frozenset(hidden_columns))


def _cell(saved, written) -> Cell:
    formula = None
    if written.data_type == "f":
        formula = str(getattr(written.value, "text", written.value))
        formula = formula if formula.startswith("=") else f"={formula}"
    return Cell(saved.value, _is_percent_format(saved.number_format), formula)


def _is_percent_format(number_format: str | None) -> bool:
    """Excel multiplies by 100 for a ``%`` in the format, unless the sign is quoted text."""
    return "%" in _LITERAL.sub("", number_format or "")


def is_blank(cell: Cell) -> bool:
    return cell.formula is None and cell_text(cell, percent_column=True) == ""


def cell_text(cell: Cell, percent_column: bool) -> str:
    """The cell as the user sees it, numbers in Finnish format (``79,47``, ``-15134455``).

    Raises ``ValueError`` for what cannot be read: a formula without a saved value, or a
    percentage-formatted number in a column that is not in percent.
    """
    value = cell.value
    if value is None and cell.formula is not None:
        raise ValueError(
            f"the cell holds the formula '{cell.formula}' but no saved value (the workbook "
            "was not calculated); open and save it in Excel, or paste the values"
        )
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if cell.percent:
            if not percent_column:
                raise ValueError(
                    f"the cell is formatted as a percentage ({_finnish(number * 100)} %) but "
                    "the column is not in percent; enter the number without the % format"
                )
            number *= 100
        return _finnish(number)
    if hasattr(value, "strftime"):
        return format_date(value)
    return normalise_text(str(value)).strip()


def _finnish(number: Decimal) -> str:
    """``Decimal('79.4700')`` → ``79,47``: every digit Excel saved, none invented."""
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def check_visible(sheet: Sheet, rows: range, columns: dict[int, str], path: Path) -> None:
    """A hidden row or column of the table is an error: the user did not see what it holds."""
    for index, label in columns.items():
        if index + 1 in sheet.hidden_columns:
            letter = get_column_letter(index + 1)
            raise InputDataError(
                f"column {letter} is hidden in the workbook; unhide or delete it",
                file=path,
                row=rows.start,
                column=label,
            )
    for number in rows:
        if number in sheet.hidden_rows and not all(
            is_blank(sheet.cells[number - 1][i]) for i in columns
        ):
            raise InputDataError(
                f"row {number} is hidden in the workbook; unhide or delete it",
                file=path,
                row=number,
            )
