"""The one error type for bad input: it always names the file, and the row and column when known."""

from __future__ import annotations

from pathlib import Path


class InputDataError(ValueError):
    """Raw input that cannot be used as it is.

    ``row`` is the 1-based line number in the file as an analyst sees it in an editor or
    spreadsheet (the header is row 1 for CSV). ``column`` is the column label as printed.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.reason = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = [f"file {self.file}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"
