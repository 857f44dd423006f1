"""Every menu action does what it says, driven as a user would (dialogs answered by the test)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from effortplanner.io.planfile import load_plan
from tests.gui_helpers import make_window

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _answer_file_dialogs(monkeypatch, open_path: Path | None = None, save_path: Path | None = None,
                         many: list[Path] | None = None) -> None:
    if open_path is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(open_path), ""))
    if save_path is not None:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(save_path), ""))
    if many is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in many], ""))


def test_file_menu_new_save_open_export_import_recent(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    acts = window.actions_
    plan_path = tmp_path / "plan.effortplan"
    _answer_file_dialogs(monkeypatch, save_path=plan_path)
    acts["save"].trigger()  # an imported plan has no file yet: Save asks where
    window.files.wait()
    assert plan_path.exists() and not window.isWindowModified()
    acts["new"].trigger()
    assert window.document.plan.counts()["people"] == 0 and window.windowTitle().startswith("Untitled")
    _answer_file_dialogs(monkeypatch, open_path=plan_path)
    acts["open"].trigger()
    window.files.wait()
    assert window.document.path == plan_path and len(window.document.plan.people) == 19
    review = tmp_path / "review.xlsx"
    _answer_file_dialogs(monkeypatch, save_path=review)
    acts["export"].trigger()  # the export dialog: scenario, as-of, horizon; then where to write
    window.export_dialog.choose_and_export()
    assert not window.export_dialog.isVisible()
    window.export_dialog.wait()
    assert openpyxl.load_workbook(review).sheetnames[0] == "Summary"
    copy_path = tmp_path / "copy.effortplan"
    _answer_file_dialogs(monkeypatch, save_path=copy_path)
    acts["save_as"].trigger()
    window.files.wait()
    assert load_plan(copy_path).counts() == window.document.plan.counts()
    recent_menu = next(a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.menu())
    assert [a.text() for a in recent_menu.actions()][:2] == [f"&1 copy.effortplan — {tmp_path.resolve()}",
                                                             f"&2 plan.effortplan — {tmp_path.resolve()}"]

    from effortplanner.gui import import_dialog
    from effortplanner.io.importer import import_files

    def accept(dialog) -> int:
        dialog.plan = import_files(dialog.selected_paths(), layouts=dialog.layouts())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", accept)
    _answer_file_dialogs(monkeypatch, many=[SAMPLE / "appendix_ii.xlsx"])
    acts["import"].trigger()
    assert len(window.document.plan.assignments) == 19 and window.document.title == "appendix_ii.xlsx"


def test_edit_menu_clipboard_rows_undo_redo_find(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    window.activateWindow()
    acts = window.actions_
    page = window.pages["assignments"]
    window.tabs.setCurrentWidget(page)
    model, view = page.model, page.view
    vo = model.column_index("vo")
    view.setCurrentIndex(model.index(model.row_of("A1"), vo))
    acts["copy"].trigger()
    assert QGuiApplication.clipboard().text().strip() == "NOvA FD"
    view.setCurrentIndex(model.index(model.row_of("A19"), vo))
    acts["paste"].trigger()
    assert window.document.plan.assignments.at["A19", "vo"] == "NOvA FD"
    acts["undo"].trigger()
    assert window.document.plan.assignments.at["A19", "vo"] == "LArIAT"
    acts["redo"].trigger()
    assert window.document.plan.assignments.at["A19", "vo"] == "NOvA FD"
    acts["delete"].trigger()
    assert window.document.plan.assignments.at["A19", "vo"] == ""
    acts["cut"].trigger()  # nothing left to cut there: no change, no error
    acts["add_row"].trigger()
    new_id = page.selected_ids()[0]
    assert window.document.plan.assignments.at[new_id, "duty"] == "New duty"
    acts["delete_rows"].trigger()
    assert new_id not in window.document.plan.assignments.index
    acts["find"].trigger()
    qtbot.waitUntil(lambda: QGuiApplication.focusObject() is page.filter)


def test_staffing_actions_and_compare(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    acts = window.actions_
    page = window.pages["assignments"]
    window.tabs.setCurrentWidget(page)
    page.select_id("A12")
    from effortplanner.gui import staffing_dialogs

    monkeypatch.setattr(staffing_dialogs.ReassignDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    acts["reassign"].trigger()
    assert window.document.plan.assignments.at["A12", "person"] != window.document.plan.find_person("Tyler")
    people = window.pages["people"]
    window.tabs.setCurrentWidget(people)
    people.select_id(window.document.plan.find_person("A2 Associate (Monitoring)"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Nora Hire", True))
    acts["fill"].trigger()
    assert window.document.plan.find_person("Nora Hire") is not None
    window.document.scenario_action(lambda s: s.create("B"))
    acts["compare"].trigger()
    assert window.compare_dialog.isVisible()
    window.compare_dialog.close()


def test_view_and_help_menus(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    acts = window.actions_
    for index in range(6):
        acts[f"tab_{index}"].trigger()
        assert window.tabs.currentIndex() == index
    for key, dock in (("flags", window.flags_dock), ("history", window.history_dock), ("log", window.log_dock)):
        shown = dock.isVisible()
        acts[key].trigger()
        assert dock.isVisible() != shown
    scale = window.timeline.view.transform().m11()
    acts["zoom_in"].trigger()
    assert window.timeline.view.transform().m11() > scale and window.tabs.currentWidget() is window.timeline
    acts["zoom_fit"].trigger()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: shown.append(title))
    acts["about"].trigger()
    assert shown == ["About Effort Planner"]
    acts["quit"].trigger()
    assert not window.isVisible()


def test_dropping_a_spreadsheet_imports_it(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(SAMPLE / "appendix_ii.xlsx"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.jobs.busy()  # read off the GUI thread
    window.files.wait()
    assert len(window.document.plan.assignments) == 19 and window.document.title == "appendix_ii.xlsx"
