"""Row heights of the review workbook's wrapped text: spreadsheet programs do not grow a row for
wrapped text written by a library, so the writer sets each row as tall as its text needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the importer loads io modules without the workbook writer
    from xlsxwriter.worksheet import Worksheet


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (roughly, by words)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines + text.count("\n")


def fit_row(sheet: Worksheet, row: int, texts: list[tuple[str, float]], most: int = 12) -> None:
    """A row as tall as the longest of its wrapped `texts` (text, column width) needs, up to `most` lines."""
    tallest = max((wrapped_lines(text, width) for text, width in texts if text), default=1)
    if tallest > 1:
        sheet.set_row(row, 15 * min(tallest, most))
