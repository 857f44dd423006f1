"""Menus, toolbar and shortcuts of the main window; each action calls one window or file method."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from effortplanner.gui.project_export import export_to_project
from effortplanner.gui.recent import fill_recent_menu
from effortplanner.gui.undo_limit import ask_undo_limit

if TYPE_CHECKING:
    from effortplanner.gui.main_window import MainWindow

Std = QKeySequence.StandardKey


def _action(window: MainWindow, menu: QMenu, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | Std | str | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def _clipboard(window: MainWindow, name: str) -> Callable[[], object]:
    def run() -> object:
        page = window.current_page()
        if page is None:
            return None
        from effortplanner.core.edits import Change
        from effortplanner.gui import clipboard

        result = getattr(clipboard, name)(page.view)
        if isinstance(result, Change):  # say what happened, e.g. cells beyond the table left out
            window.statusBar().showMessage(result.description, 8000)
        return result
    return run


def _write_back(window: MainWindow) -> object:
    from effortplanner.gui.writeback_dialog import open_write_back

    last = window.settings.last_folder()
    return open_write_back(window, window.document, str(Path(last) / "written back") if last else "")


def build_actions(window: MainWindow) -> dict[str, QAction]:
    bar = window.menuBar()
    files = window.files
    acts: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    acts["new"] = _action(window, file_menu, "&New", files.new_plan, Std.New, "Start an empty plan")
    acts["open"] = _action(window, file_menu, "&Open…", files.open_dialog, Std.Open, "Open a plan file")
    recent = file_menu.addMenu("Open &Recent")
    acts["import"] = _action(window, file_menu, "&Import Spreadsheet…", lambda: files.import_dialog(), "Ctrl+I",
                             "Import xlsx, ods or csv sheets as a new plan")
    file_menu.addSeparator()
    acts["save"] = _action(window, file_menu, "&Save", files.save, Std.Save)
    acts["save_as"] = _action(window, file_menu, "Save &As…", files.save_as, Std.SaveAs)
    acts["open_server"] = _action(window, file_menu, "Open from Ser&ver…", window.server.open_dialog,
                                  tip="Open a plan from a PostgreSQL server")
    acts["publish_server"] = _action(window, file_menu, "&Publish to Server…", window.server.publish_dialog,
                                     tip="Publish this plan's scenarios to a PostgreSQL server")
    acts["export"] = _action(window, file_menu, "&Export to Excel…", window.export_review, "Ctrl+E",
                             "Write the review workbook for the Division")
    acts["export_project"] = _action(window, file_menu, "Export to &Project…", lambda: export_to_project(files),
                                     None, "Write the plan as MS Project XML or a GanttProject file")
    acts["writeback"] = _action(window, file_menu, "Write &Back to Spreadsheets…", lambda: _write_back(window), None,
                                "Write the plan into copies of the spreadsheets it was imported from")
    acts["print_preview"] = _action(window, file_menu, "Print Pre&view…", window.print_preview_current, None,
                                    "See the pages of the table, timeline or load view shown")
    acts["print"] = _action(window, file_menu, "&Print…", window.print_current, Std.Print,
                            "Print the table, timeline or load view shown")
    file_menu.addSeparator()
    acts["quit"] = _action(window, file_menu, "&Quit", window.close, Std.Quit)

    def fill_recent() -> None:
        fill_recent_menu(recent, files.recent, lambda e: files.open_paths(list(e.paths), title=e.title,
                                                                        choices=e.choices))

    files.recentChanged.connect(fill_recent)
    fill_recent()

    edit = bar.addMenu("&Edit")
    undo = window.document.undo_group.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(Std.Undo))
    redo = window.document.undo_group.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence(Std.Redo))
    edit.addActions([undo, redo])
    acts["undo"], acts["redo"] = undo, redo
    acts["undo_limit"] = _action(window, edit, "Undo History &Length…", lambda: ask_undo_limit(window))
    edit.addSeparator()
    acts["cut"] = _action(window, edit, "Cu&t", _clipboard(window, "cut"), Std.Cut)
    acts["copy"] = _action(window, edit, "&Copy", _clipboard(window, "copy_selection"), Std.Copy)
    acts["paste"] = _action(window, edit, "&Paste", _clipboard(window, "paste"), Std.Paste)
    acts["delete"] = _action(window, edit, "&Delete", _clipboard(window, "delete_cells"), Std.Delete,
                             "Clear the selected cells")
    edit.addSeparator()
    acts["add_row"] = _action(window, edit, "&Add Row", window.add_row, "Ctrl+Shift+N")
    acts["delete_rows"] = _action(window, edit, "Delete &Rows", window.delete_rows, "Ctrl+Shift+Del")
    edit.addSeparator()
    acts["reassign"] = _action(window, edit, "Reassign &To…", window.reassign, "Ctrl+R",
                               "Give the selected duties to someone else, best candidates first")
    acts["fill"] = _action(window, edit, "Fill &Placeholder…", window.fill_placeholder, None,
                           "Put a named person in a role to fill, with all its duties")
    edit.addSeparator()
    acts["plan_settings"] = _action(window, edit, "Plan &Settings…", window.plan_settings, None,
                                    "As-of date, horizon, fiscal year, units and cadence estimates")
    acts["find"] = _action(window, edit, "&Find…", window.find, Std.Find, "Filter the current table")

    view = bar.addMenu("&View")
    for index, (_table, label) in enumerate((("people", "People"), ("assignments", "Assignments"),
                                             ("activities", "Activities"), ("milestones", "Milestones"),
                                             ("timeline", "Timeline"), ("load", "Load"),
                                             ("notes", "Import Notes"))):
        acts[f"tab_{index}"] = _action(window, view, label, lambda i=index: window.tabs.setCurrentIndex(i),
                                       f"Ctrl+{index + 1}")
    view.addSeparator()
    flags = window.flags_dock.toggleViewAction()
    flags.setText("&Flags Panel")
    history = window.history_dock.toggleViewAction()
    history.setText("Undo &History")
    log = window.log_dock.toggleViewAction()
    log.setText("&Change Log")
    view.addActions([flags, history, log])
    acts["flags"], acts["history"], acts["log"] = flags, history, log
    view.addSeparator()
    acts["compare"] = _action(window, view, "&Compare Scenarios…", window.compare, "Ctrl+Shift+C")
    acts["division"] = _action(window, view, "&Division…", window.server.division_dialog,
                               tip="Every plan you may read on a server, rolled up by department")

    help_menu = bar.addMenu("&Help")
    from effortplanner.gui.help_dialogs import flags_html, shortcuts_html, show_text

    acts["shortcuts"] = _action(window, help_menu, "&Keyboard Shortcuts",
                                lambda: show_text(window, "Keyboard Shortcuts", shortcuts_html(acts)), "F1")
    acts["flags_help"] = _action(window, help_menu, "&Flags Explained",
                                 lambda: show_text(window, "Flags Explained", flags_html()))
    acts["about"] = _action(window, help_menu, "&About Effort Planner", window.about)
    return acts
