"""Errors that name where the problem is: file, sheet, row, column."""

from __future__ import annotations

from pathlib import Path


class PlanReadError(Exception):
    """An input that cannot be read. `str()` is one line a user can act on."""

    def __init__(self, message: str, *, file: str | Path, sheet: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file)
        self.sheet, self.row, self.column = sheet, row, column

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class ImportCancelled(Exception):
    """The user cancelled a running import; nothing was changed."""


class PlanWriteError(Exception):
    """An output that cannot be written; nothing partial is left behind."""

    def __init__(self, message: str, *, file: str | Path) -> None:
        super().__init__(message)
        self.message, self.file = message, str(file)

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"
