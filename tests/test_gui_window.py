"""The main window as a user drives it: tables, edits, undo, sort, filter, files, recovery."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from effortplanner.gui.table_model import PlanTableModel
from effortplanner.io.planfile import load_plan, save_plan
from tests.gui_helpers import make_window, shown_on


@pytest.mark.parametrize("table", ["people", "assignments", "activities", "milestones"])
def test_table_models_pass_the_model_tester(qtmodeltester, qtbot, seed_plan, tmp_path, table: str) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    qtmodeltester.check(PlanTableModel(window.document, table))


def test_window_opens_with_tables_flags_and_status(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert labels == ["People", "Assignments", "Activities", "Milestones", "Timeline", "Load", "Import notes"]
    assert window.pages["assignments"].model.rowCount() == 35
    assert window.pages["assignments"].model.row_id(0) == "A1"  # source order until a header is clicked
    assert window.flags.model.rowCount() > 0
    assert "35 assignments" in window.status.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    assert window.actions_["save"].shortcut().toString() == "Ctrl+S"


def test_edit_a_cell_then_undo_and_redo(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    model = window.pages["assignments"].model
    row, column = model.row_of("A6"), model.column_index("fte")
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index(row, column), "0.4")
    assert window.document.plan.assignments.at["A6", "fte"] == pytest.approx(0.4)
    assert model.data(model.index(row, column)) == "40%"
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert pd.isna(window.document.plan.assignments.at["A6", "fte"])
    assert model.data(model.index(row, column)) == ""
    window.document.undo_stack.redo()
    assert window.document.plan.assignments.at["A6", "fte"] == pytest.approx(0.4)
    assert window.actions_["undo"].text().startswith("&Undo Set FTE of 'raw2root keep-up'")


def test_an_invalid_edit_is_refused_with_its_reason(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    model = window.pages["assignments"].model
    index = model.index(model.row_of("A6"), model.column_index("fte"))
    assert not model.setData(index, "lots")
    assert window.refusal is not None and window.refusal.isVisible() and not window.refusal.isModal()
    assert window.refusal.text() == "'raw2root keep-up' (A6): FTE 'lots' is not a number"
    assert "FTE 'lots' is not a number" in window.statusBar().currentMessage()
    assert window.document.undo_stack.count() == 0 and not window.isWindowModified()


def test_sort_and_filter_in_the_model(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    page = window.pages["people"]
    model = page.model
    name = model.column_index("name")
    model.sort(name, Qt.SortOrder.AscendingOrder)
    names = [model.data(model.index(r, name)) for r in range(model.rowCount())]
    assert names == sorted(names, key=str.casefold)
    model.sort(model.column_index("contract_end"), Qt.SortOrder.AscendingOrder)
    first = model.row_id(0)
    assert window.document.plan.people.at[first, "name"] == "Qiulan"  # leaves first (2016-04-01)
    page.filter.setText("fattoruso")
    assert model.rowCount() == 1 and page.count.text() == "1 of 19"
    page.filter.clear()
    assert model.rowCount() == 19


def test_rename_a_person_updates_the_assignments_shown(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    people, duties = window.pages["people"].model, window.pages["assignments"].model
    paola = window.document.plan.find_person("Paola Buitrago")
    assert people.setData(people.index(people.row_of(paola), people.column_index("name")), "Paola B.")
    assert duties.data(duties.index(duties.row_of("A6"), duties.column_index("person"))) == "Paola B."


def test_add_and_delete_rows_are_undoable(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.tabs.setCurrentWidget(window.pages["people"])
    window.add_row()
    assert len(window.document.plan.people) == 20
    page = window.pages["people"]
    new_id = page.selected_ids()[0]
    assert window.document.plan.people.at[new_id, "name"] == "New person"
    window.delete_rows()
    assert new_id not in window.document.plan.people.index
    # A person with duties: the window asks, and "No" changes nothing.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.select_id(window.document.plan.find_person("Paola Buitrago"))
    window.delete_rows()
    assert len(window.document.plan.people) == 19
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert len(window.document.plan.people) == 19 and page.model.rowCount() == 19


def test_double_click_on_a_flag_selects_its_duty(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    flag = next(f for f in window.flags.all_flags if f.duty)
    window.show_flag(flag)
    assert window.tabs.currentWidget() is window.pages["assignments"]
    assert window.pages["assignments"].selected_ids() == [flag.duty]


def test_flags_follow_an_edit(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    before = len(window.flags.all_flags)
    people = window.pages["people"].model
    felipe = window.document.plan.find_person("Felipe Alba")
    with qtbot.waitSignal(window.flags.updated, timeout=5000):
        people.setData(people.index(people.row_of(felipe), people.column_index("contract_end")), "Permanent position")
    assert not [f for f in window.flags.all_flags if f.kind == "contract_end_gap" and f.person == felipe]
    assert len(window.flags.all_flags) < before


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, seed_plan, tmp_path,
                                                                       monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    model = window.pages["assignments"].model
    model.setData(model.index(0, model.column_index("vo")), "DUNE")
    asked: list[str] = []

    def answer(choice):
        def ask(_parent, title, text, *_a, **_k):
            asked.append(text)
            return choice
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not window.close() and window.isVisible()
    assert asked == ["Save the changes to Untitled?"]
    path = tmp_path / "plan.effortplan"
    monkeypatch.setattr("effortplanner.gui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    assert window.close()
    assert load_plan(path).assignments.iloc[0]["vo"] == "DUNE"


def test_save_and_open_a_plan_file(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    path = tmp_path / "plan.effortplan"
    save_plan(path, seed_plan)
    window = make_window(qtbot, seed_plan, tmp_path)
    assert window.files.open_paths([path], ask=False)
    window.files.wait()  # opened in the background
    assert window.windowTitle() == "plan.effortplan[*] — Effort Planner" and not window.isWindowModified()
    model = window.pages["people"].model
    model.setData(model.index(0, model.column_index("role")), "Deputy group lead")
    assert window.isWindowModified()
    assert window.files.save()
    window.files.wait("save")
    assert not window.isWindowModified()
    assert load_plan(path).people.iloc[0]["role"] == "Deputy group lead"
    assert window.files.recent.entries()[0].paths == (path.resolve(),)


def test_unsaved_work_is_restored_after_a_crash(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    model = window.pages["assignments"].model
    model.setData(model.index(0, model.column_index("vo")), "DUNE")
    assert window.recovery.save_now() and window.recovery.wait()
    # The process dies here: no close event, the recovery copy stays.
    window.setParent(None)
    second = make_window(qtbot, seed_plan, tmp_path)
    restored = second.recovery.restore()
    assert restored is not None
    scenarios, title, _path = restored
    assert scenarios.plan.assignments.iloc[0]["vo"] == "DUNE" and title == "Untitled"


def test_screenshot_mode_writes_a_png(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "effortplanner", "--screenshot", str(out), "--tab", "people"],
                            capture_output=True, text=True, timeout=180,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
                                 "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_flags_notes_and_log_models_pass_the_model_tester(qtmodeltester, qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.document.scenario_action(lambda s: s.create("B"))
    model = window.pages["assignments"].model
    model.setData(model.index(0, model.column_index("vo")), "DUNE")
    shown_on(qtbot, window, "notes")  # the notes are listed when their page is shown
    for rows_model in (window.flags.model, window.notes.model, window.change_log.model):
        assert rows_model.rowCount() > 0
        qtmodeltester.check(rows_model)
