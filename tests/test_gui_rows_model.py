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
    assert page.model.rowCount() == 0  # listed when shown, not for nobody
    page.show()
    page.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    model = page.view.model()
    assert [model.data(model.index(r, 3)) for r in range(model.rowCount())] == ["3", "12", "40", "250"]
    page.filter.setText("paola")
    assert [model.data(model.index(r, 3)) for r in range(model.rowCount())] == ["12", "250"]


def test_notes_of_a_plan_opened_while_the_page_is_hidden_appear_when_it_is_shown(qtbot, tmp_path):
    """Opening a plan does not rebuild the hidden notes table; showing the page shows the new notes."""
    from tests.gui_helpers import make_window, shown_on

    first = Plan()
    first.notes = [Note("old.xlsx", "S", 1, "Name", "old note")]
    window = make_window(qtbot, first, tmp_path)
    shown_on(qtbot, window, "assignments")
    second = Plan()
    second.notes = [Note("new.xlsx", "S", row, "Name", f"new note {row}") for row in (4, 9)]
    window.document.new(second, "second")
    model = window.notes.model
    assert model.rowCount() == 0  # neither plan's notes listed while the page is hidden
    window.show_tab("notes")
    assert window.notes.isVisible()
    assert [model.data(model.index(r, 5)) for r in range(model.rowCount())] == ["new note 4", "new note 9"]
    third = Plan()
    third.notes = [Note("third.xlsx", "S", 2, "Name", "third note")]
    window.document.new(third, "third")  # shown: rebuilt at once
    assert [model.data(model.index(r, 5)) for r in range(model.rowCount())] == ["third note"]


def _pictures_role_by_role_and_one_call_per_cell(qtbot, model_class, fill) -> tuple[list, int]:
    """The viewport painted with Qt's own role-by-role path and with `model_class`'s one call per
    cell (`OneCallPerCell`), each model filled by `fill(model)`; and how many one-call repaints came."""
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QTableView

    class RoleByRole(model_class):
        multiData = QAbstractTableModel.multiData  # Qt's own: data() once per role
        index = QAbstractTableModel.index

    calls = {"multiData": 0}

    class Counted(model_class):
        def multiData(self, index, span):  # type: ignore[override]  # noqa: N802
            calls["multiData"] += 1
            super().multiData(index, span)

    pictures = []
    for model_type in (RoleByRole, Counted):
        model = model_type()
        fill(model)
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.resize(1200, 400)
        view.show()
        qtbot.waitExposed(view)
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        view.viewport().render(image)
        pictures.append(image)
    return pictures, calls["multiData"]


def test_the_flags_panel_repaints_with_one_call_per_cell_and_the_same_picture(qtbot, seed_plan) -> None:
    """Each call from Qt into Python waits for the interpreter lock beside a running job."""
    from effortplanner.analysis.flags import compute_flags
    from effortplanner.gui.flags_panel import FlagsModel

    flags = compute_flags(seed_plan)
    pictures, calls = _pictures_role_by_role_and_one_call_per_cell(
        qtbot, FlagsModel, lambda model: model.set_flags(seed_plan, flags))
    assert calls >= 20 and pictures[0] == pictures[1]


def test_the_load_heatmap_is_painted_one_call_per_cell_as_role_by_role(qtbot, seed_plan) -> None:
    """The Load tab's cells (colours, fonts, alignment) come in one call each, the same picture."""
    from effortplanner.analysis.heatmap import heatmap
    from effortplanner.gui.load_view import HeatmapModel
    from effortplanner.gui.rows_model import OneCallPerCell

    assert issubclass(HeatmapModel, OneCallPerCell)  # Qt's own multiData would call data() once per role
    result = heatmap(seed_plan, "M")
    pictures, calls = _pictures_role_by_role_and_one_call_per_cell(
        qtbot, HeatmapModel, lambda model: model.set_heatmap(result))
    assert calls >= 20 and pictures[0] == pictures[1]
    assert len({pictures[0].pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 390, 5)}) > 3  # cells coloured
