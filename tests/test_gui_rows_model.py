"""The notes page and the flags panel sort and filter in their model, by column.

A user sorting 27,000 import notes by row, or filtering them by a name, sees the same
order and rows a proxy model would give (numbers sorted as numbers), with no proxy.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from effortplanner.core.plan import Note, Plan
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.notes_page import NotesPage
from effortplanner.gui.rows_model import RowsModel


class _Model(RowsModel):
    HEADERS = ("Kind", "Row", "Message")


def _shown(model: RowsModel, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_sort_by_number_text_and_back():
    model = _Model()
    model.set_rows([("warning", "10", "Paola"), ("info", "9", "felipe"), ("info", "", "Ana"), ("merge", "100", "bob")])
    model.sort(1)
    assert _shown(model, 1) == ["9", "10", "100", ""]  # numbers as numbers, blanks last
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert _shown(model, 1)[:3] == ["100", "10", "9"]
    model.sort(2)
    assert _shown(model, 2) == ["Ana", "bob", "felipe", "Paola"]  # case-insensitive text
    assert model.rows[model.source_row(0)] == ("info", "", "Ana")


def test_filter_keeps_sort_and_maps_rows():
    model = _Model()
    model.set_rows([(k, str(i), f"note {i} about {'Paola' if i % 3 == 0 else 'Felipe'}")
                    for i, k in enumerate(["info", "warning"] * 50)])
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter("PAOLA")
    rows = _shown(model, 1)
    assert rows == [str(i) for i in range(99, -1, -1) if i % 3 == 0]
    model.set_filter("")
    assert model.rowCount() == 100 and _shown(model, 1)[0] == "99"


def test_notes_page_filters_and_sorts_the_plan_notes(qtbot):
    plan = Plan()
    plan.notes = [Note("duties.xlsx", "Appendix II", row, "Name", f"row {row}: {who}", kind="merge")
                  for row, who in ((12, "Paola"), (3, "Felipe"), (250, "Paola"), (40, "Ana"))]
    page = NotesPage(PlanDocument(plan))
    qtbot.addWidget(page)
    page.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    model = page.view.model()
    assert [model.data(model.index(r, 3)) for r in range(model.rowCount())] == ["3", "12", "40", "250"]
    page.filter.setText("paola")
    assert [model.data(model.index(r, 3)) for r in range(model.rowCount())] == ["12", "250"]
