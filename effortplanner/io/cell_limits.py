"""Text longer than a spreadsheet cell can hold: cut with a visible mark and a comment saying so.

The plan file keeps every text whole; an Excel cell holds at most 32,767 characters
(UTF-16 code units). XlsxWriter cuts a longer string without a word, openpyxl writes
it and Excel then "repairs" the file. Every workbook we write goes through `fit_cell`:
the cell ends with a mark saying how long the text was, and carries a comment.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

EXCEL_CELL_CHARS = 32_767  # Excel's limit, in UTF-16 code units


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut_mark(length: int) -> str:
    return f" … [cut: the text has {length:,} characters, more than a spreadsheet cell holds]"


def cut_comment(length: int) -> str:
    return (f"This text has {length:,} characters; a spreadsheet cell holds at most {EXCEL_CELL_CHARS:,}, "
            "so it was cut here. The whole text is in the plan file.")


def fit_cell(text: str) -> tuple[str, int | None]:
    """(text that fits a cell, its original length when it had to be cut, else None)."""
    if len(text) <= EXCEL_CELL_CHARS // 2 or _units(text) <= EXCEL_CELL_CHARS:
        return text, None
    mark = cut_mark(len(text))
    keep = text[: EXCEL_CELL_CHARS - _units(mark)]
    excess = _units(keep) + _units(mark) - EXCEL_CELL_CHARS
    while excess > 0:  # characters outside the BMP count twice
        keep = keep[: len(keep) - excess]
        excess = _units(keep) + _units(mark) - EXCEL_CELL_CHARS
    return keep + mark, len(text)


class CappedWorksheet(Worksheet):
    """An XlsxWriter sheet that cuts an over-long string visibly and comments the cell, instead of silently."""

    def __init__(self) -> None:
        super().__init__()
        self.cut_cells: list[tuple[int, int, int]] = []  # (row, col, original length), 0-based

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> Any:
        fitted, length = fit_cell(string)
        if length is not None:
            self.cut_cells.append((row, col, length))
            self.write_comment(row, col, cut_comment(length), {"x_scale": 2, "y_scale": 1.5})
        return super()._write_string(row, col, fitted, cell_format)
