"""Selecting several rows of a table page by id (the load view's click selects a cell's duties)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from effortplanner.gui.table_page import TablePage


def select_rows(page: TablePage, ids: list[str]) -> int:
    """Select the rows of `ids` (the first becomes current and is scrolled to); how many were found."""
    if not ids or not page.select_id(ids[0]):
        return 0
    model, selection = page.model, QItemSelection()
    found = 1
    for row_id in ids[1:]:
        row = model.row_of(row_id)
        if row >= 0:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
            found += 1
    page.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)
    return found
