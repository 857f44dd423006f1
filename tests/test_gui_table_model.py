"""Plan tables sort and filter by whole columns, exactly as their cells read.

The table model ranks and searches each column's distinct display texts (issue 16: a
sort of 50,000 duties within 150 ms). What a user sees must not change: every column
sorts by the text its cells show (case-insensitive; dates and numbers by value), a
filter keeps exactly the rows with a cell holding the text, and the current cell stays
on its row through a sort.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from effortplanner.core import edits
from effortplanner.gui import column_keys
from effortplanner.gui.column_keys import TextColumn, dense_rank
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.table_model import PlanTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def _shown(model: PlanTableModel, column: int) -> list[str]:
    return [model.data(model.index(r, column), DISPLAY) for r in range(model.rowCount())]


@pytest.fixture
def varied_plan(seed_plan):
    """The sample with cells of every kind: approximate and unparsed dates, a blank FTE, odd names."""
    plan = seed_plan.copy()
    edits.set_value(plan, "assignments", "A1", "end", "late spring 2017?")
    edits.set_value(plan, "assignments", "A2", "end", "TBD")
    edits.set_value(plan, "assignments", "A3", "fte", "")
    edits.set_value(plan, "assignments", "A4", "duty", "émigré duty")
    edits.set_value(plan, "assignments", "A5", "duty", "Zebra")
    edits.set_value(plan, "assignments", "A6", "duty", "zebra")
    edits.set_value(plan, "people", "P2", "name", "ångström Ann")
    return plan


@pytest.mark.parametrize("table", ["people", "assignments", "activities", "milestones"])
def test_every_text_column_sorts_by_the_text_its_cells_show(qtbot, varied_plan, table) -> None:
    model = PlanTableModel(PlanDocument(varied_plan), table)
    for column, view in enumerate(model.columns):
        if view.column.type in ("float", "date", "bool"):
            continue
        unsorted = _shown(model, column) if model._sort is None else None
        model.sort(column, Qt.SortOrder.AscendingOrder)
        texts = _shown(model, column)
        assert texts == sorted(texts, key=str.casefold), (table, view.name)
        if unsorted is not None:
            assert sorted(unsorted, key=str.casefold) == texts
        model.sort(column, Qt.SortOrder.DescendingOrder)
        folded = [t.casefold() for t in _shown(model, column)]  # ties may come in either order
        assert folded == sorted(folded, reverse=True) and sorted(folded) == sorted(t.casefold() for t in texts)


def test_dates_and_numbers_sort_by_value_blanks_first_or_last(qtbot, varied_plan) -> None:
    model = PlanTableModel(PlanDocument(varied_plan), "assignments")
    frame = varied_plan.assignments
    model.sort(model.column_index("end"), Qt.SortOrder.AscendingOrder)
    ends = [frame.at[model.row_id(r), "end"] for r in range(model.rowCount())]
    dated = [e for e in ends if not pd.isna(e)]
    assert dated == sorted(dated) and ends[: len(dated)] == dated  # no date: last
    assert "late spring 2017?" not in _shown(model, model.column_index("end"))[len(dated):]
    assert "TBD" in _shown(model, model.column_index("end"))[len(dated):]
    model.sort(model.column_index("fte"), Qt.SortOrder.AscendingOrder)
    ftes = [frame.at[model.row_id(r), "fte"] for r in range(model.rowCount())]
    blank = sum(pd.isna(ftes))
    assert blank and all(pd.isna(ftes[:blank])) and ftes[blank:] == sorted(ftes[blank:])  # blanks first


@pytest.mark.parametrize("needle", ["zebra", "ÉMIGRÉ", "2017", "~", "ångström", "tbd", "%", "a6", "P1"])
def test_a_filter_keeps_exactly_the_rows_with_a_cell_holding_the_text(qtbot, varied_plan, needle) -> None:
    model = PlanTableModel(PlanDocument(varied_plan), "assignments")
    every = {model.row_id(r): [str(model.data(model.index(r, c), DISPLAY)).lower() for c in range(model.columnCount())]
             for r in range(model.rowCount())}
    model.sort(model.column_index("duty"), Qt.SortOrder.DescendingOrder)
    order = [model.row_id(r) for r in range(model.rowCount())]
    model.set_filter(needle)
    kept = [model.row_id(r) for r in range(model.rowCount())]
    assert kept == [i for i in order if any(needle.lower() in text for text in every[i])]
    assert kept or needle == "P1"  # a person id is not shown in this table


def test_a_filter_and_a_sort_follow_an_edit(qtbot, varied_plan) -> None:
    document = PlanDocument(varied_plan)
    model = PlanTableModel(document, "assignments")
    model.sort(model.column_index("duty"), Qt.SortOrder.AscendingOrder)
    model.set_filter("zebra")
    assert model.rowCount() == 2
    document.set_value("assignments", "A7", "duty", "ZEBRA crossing")
    model.set_filter("zebra")  # the user types again: the texts are those of the edited plan
    assert sorted(model.row_id(r) for r in range(model.rowCount())) == ["A5", "A6", "A7"]


def test_the_current_cell_stays_on_its_row_through_a_sort(qtbot, varied_plan) -> None:
    from PySide6.QtWidgets import QTableView

    model = PlanTableModel(PlanDocument(varied_plan), "assignments")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    duty = model.column_index("duty")
    view.selectionModel().setCurrentIndex(model.index(model.row_of("A5"), duty),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.sort(duty, Qt.SortOrder.DescendingOrder)
    assert model.row_id(view.currentIndex().row()) == "A5" and view.currentIndex().column() == duty
    assert model.row_id(0) == "A4" and {model.row_id(1), model.row_id(2)} == {"A5", "A6"}  # é sorts after z


def test_dense_rank_is_pythons_string_order_on_both_paths(monkeypatch) -> None:
    texts = ["b", "a", "", "é", "e", "a", "Z", "a\x00", "ab", "\u00e9t\u00e9", "10", "9"]
    expected = {t: i for i, t in enumerate(sorted(set(texts)))}
    assert dense_rank(texts).tolist() == [expected[t] for t in texts]  # NUL: the Python path
    clean = [t for t in texts if "\x00" not in t]
    expected = {t: i for i, t in enumerate(sorted(set(clean)))}
    assert dense_rank(clean).tolist() == [expected[t] for t in clean]  # numpy's fixed-width sort
    monkeypatch.setattr(column_keys, "FIXED_WIDTH_BUDGET", 8)  # too wide to copy: Python sorts
    assert dense_rank(clean).tolist() == [expected[t] for t in clean]


def test_a_text_column_ranks_and_searches_each_row_by_its_text() -> None:
    column = TextColumn(np.array([1, -1, 0, 1, 2]), ["Beta", "alpha", "beta"], missing="")
    assert column.row_texts().tolist() == ["alpha", "", "Beta", "alpha", "beta"]
    assert column.ranks().tolist() == [1, 0, 2, 1, 2]  # "" < "alpha" < "beta" == "Beta"
    assert column.contains("ET").tolist() == [False, False, True, False, True]
    assert TextColumn.of(np.array(["x", None, 3], dtype=object)).row_texts().tolist() == ["x", "", "3"]


def test_a_repaint_asks_each_cell_once_and_shows_what_asking_role_by_role_shows(qtbot, varied_plan) -> None:
    """Each call from Qt into Python must win the interpreter lock (slow beside a running job):
    a cell's seven roles come in one call (multiData), the same picture as seven data() calls."""
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QTableView

    class RoleByRole(PlanTableModel):
        multiData = QAbstractTableModel.multiData  # Qt's own: data() once per role
        index = QAbstractTableModel.index

    calls: dict[str, int] = {"data": 0, "multiData": 0}  # calls from Qt

    class Counted(PlanTableModel):
        inside = False

        def data(self, index, role=DISPLAY):  # type: ignore[override]
            calls["data"] += not self.inside
            return super().data(index, role)

        def multiData(self, index, span):  # type: ignore[override]  # noqa: N802
            calls["multiData"] += 1
            self.inside = True
            super().multiData(index, span)
            self.inside = False

    varied_plan.assignments.at["A2", "invalid"] = {"fte": "not a number"}  # a tinted cell
    pictures = []
    for model_type in (RoleByRole, Counted):
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model_type(PlanDocument(varied_plan), "assignments"))
        view.resize(1400, 500)
        view.show()
        qtbot.waitExposed(view)
        calls.update(data=0, multiData=0)
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        view.viewport().render(image)
        pictures.append(image)
    assert calls["multiData"] > 50 and calls["data"] == 0  # once per cell, all roles at once
    assert pictures[0] == pictures[1]


def test_a_reference_shows_the_name_the_id_when_unknown_and_nothing_when_empty(seed_plan) -> None:
    """The cells read names by position (no lookup per cell); they still follow `plan.display_name`,
    and a rename shows at once."""
    plan = seed_plan.copy()
    first, second, third = plan.assignments.index[:3]
    plan.assignments.at[second, "person"] = "P-unknown"
    plan.assignments.at[third, "person"] = None
    document = PlanDocument(plan)
    model = PlanTableModel(document, "assignments")
    person = model.column_index("person")
    shown = [model.data(model.index(model.row_of(a), person)) for a in (first, second, third)]
    assert shown == [plan.display_name("people", plan.assignments.at[first, "person"]), "P-unknown", ""]
    owner = plan.assignments.at[first, "person"]
    document.edit(lambda p: edits.set_value(p, "people", owner, "name", "Renamed Person"))
    assert model.data(model.index(model.row_of(first), person)) == "Renamed Person"
