"""File › Open Recent lists plans and import sets, one entry each, and only what the user opened;
a plan opened and not edited is not "modified" (at start-up, in screenshot mode, from a file)."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QSettings

from effortplanner.core.plan import Plan
from effortplanner.gui.app import _load_quietly, open_at_start
from effortplanner.gui.recent import RecentList, fill_recent_menu
from effortplanner.gui.settings import AppSettings
from effortplanner.io.planfile import save_plan
from tests.gui_helpers import make_window


def _recent_menu(window):
    return next(a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.menu())


def _copy_sample(sample_files, folder):
    folder.mkdir()
    return [shutil.copy(p, folder / p.name) for p in sample_files]


def test_an_import_of_several_files_is_one_entry_that_reopens_the_set(qtbot, sample_files, tmp_path) -> None:
    sheets = [p for p in _copy_sample(sample_files, tmp_path / "sheets")]
    window = make_window(qtbot, Plan(), tmp_path)
    assert window.files.open_paths(sheets, ask=False)
    window.files.wait()
    entries = window.files.recent.entries()
    assert len(entries) == 1 and entries[0].paths == tuple(p.resolve() for p in sheets)
    actions = [a for a in _recent_menu(window).actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == [f"&1 Import: activities.xlsx, appendix_ii.xlsx, new_assignments.xlsx"
                                           f" + 2 more — {(tmp_path / 'sheets').resolve()}", "&Clear List"]
    window.document.new()
    actions[0].trigger()  # reopens the whole set, not one of its files
    window.files.wait()
    assert len(window.document.plan.people) == 19 and len(window.files.recent.entries()) == 1
    assert window.document.title == ", ".join(p.name for p in sheets) and not window.document.modified

    plan_path = tmp_path / "plan.effortplan"
    save_plan(plan_path, window.document.plan)
    assert window.files.open_paths([plan_path], ask=False)
    window.files.wait()
    labels = [a.text() for a in _recent_menu(window).actions() if not a.isSeparator()]
    assert labels[0] == f"&1 plan.effortplan — {tmp_path.resolve()}" and labels[1].startswith("&2 Import: ")
    window.files.open_paths(list(reversed(sheets)), ask=False)  # the same set in another order: moved up
    window.files.wait()
    assert [e.is_plan for e in window.files.recent.entries()] == [False, True]


def test_the_sample_opened_at_start_up_is_not_added(qtbot, sample_files, tmp_path) -> None:
    window = make_window(qtbot, Plan(), tmp_path)
    open_at_start(window, list(sample_files), is_sample=True)
    window.files.wait()
    assert len(window.document.plan.people) == 19 and window.document.title.startswith("Sample plan")
    assert window.files.recent.entries() == [] and not _recent_menu(window).isEnabled()
    assert window.settings.last_folder() == ""  # nor does it become the folder File › Open starts in
    assert not window.document.modified and "modified" not in window.status.text()
    window.files.open_paths(list(sample_files), ask=False)  # opened by the user later: listed
    window.files.wait()
    assert len(window.files.recent.entries()) == 1


def test_files_given_at_start_up_are_the_users_and_are_added(qtbot, sample_files, tmp_path) -> None:
    window = make_window(qtbot, Plan(), tmp_path)
    open_at_start(window, [sample_files[1]], is_sample=False)
    window.files.wait()
    assert [e.paths for e in window.files.recent.entries()] == [(sample_files[1].resolve(),)]


def test_a_plan_opened_for_a_screenshot_is_not_modified(qtbot, sample_files, tmp_path) -> None:
    """The sample in screenshot mode showed "modified": it was imported as an undoable replacement."""
    window = make_window(qtbot, Plan(), tmp_path)
    assert _load_quietly(window, list(sample_files), None, "Sample plan")
    assert not window.document.modified and not window.isWindowModified()
    assert window.document.title == "Sample plan" and not window.document.undo_stack.canUndo()
    qtbot.waitUntil(lambda: "analysing" not in window.status.text())
    assert window.status.text().endswith("· not saved")


def test_a_stored_list_that_is_not_ours_is_ignored(qtbot, tmp_path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store)
    for junk in ("not json", '{"paths": 3}', '[1, {"paths": []}, {"paths": [7]}, {"title": "x"}]'):
        store.setValue("recent_plans", junk)
        assert RecentList(settings).entries() == []
    store.setValue("recent_plans", '[{"paths": ["/nowhere/plan.effortplan"], "title": 5}]')
    recent = RecentList(settings)
    from PySide6.QtWidgets import QMenu

    menu = QMenu()
    fill_recent_menu(menu, recent, lambda _entry: None)
    missing = menu.actions()[0]
    assert missing.text().endswith("(not found)") and not missing.isEnabled()
    for n in range(15):
        recent.add([tmp_path / f"plan{n}.effortplan"])
    assert len(recent.entries()) == 10 and recent.entries()[0].paths[0].name == "plan14.effortplan"
    fill_recent_menu(menu, recent, lambda _entry: None)
    next(a for a in menu.actions() if a.text() == "&Clear List").trigger()
    assert recent.entries() == [] and menu.actions() == [] and not menu.isEnabled()


def test_a_label_shortens_the_home_folder(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    from effortplanner.gui.recent import RecentEntry

    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert RecentEntry((tmp_path / "plan.effortplan",)).label() == "plan.effortplan — ~"
    assert RecentEntry((tmp_path / "plans" / "a.xlsx",), "My import").label() == "Import: My import — ~/plans"


def test_an_import_set_reopens_with_the_mapping_chosen_in_the_import_dialog(qtbot, sample_files, tmp_path,
                                                                           monkeypatch) -> None:
    """The column mapping (and any other choice) made in the Import dialog is kept with the entry:
    Open Recent reads the files that way again, however often it is reopened."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from effortplanner.gui.import_dialog import ImportDialog

    folder = tmp_path / "sheets"
    folder.mkdir()
    sheet = shutil.copy(next(p for p in sample_files if p.name == "appendix_ii.xlsx"), folder / "appendix_ii.xlsx")

    def user_remaps_the_duty_column(dialog: ImportDialog) -> int:
        dialog.open()
        dialog.select_sheet(sheet, "Current assignments")
        combo = dialog.panel.combo(2)  # "Assignment": read as notes, not as the duty
        combo.setCurrentIndex(combo.findData("notes"))
        dialog.plan = dialog.run_import()
        dialog.accept()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the progress dialog, as exec's loop would
        return ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", user_remaps_the_duty_column)
    window = make_window(qtbot, Plan(), tmp_path)
    assert window.files.import_dialog([sheet])
    imported = window.document.plan.assignments
    assert not imported["duty"].astype(bool).any() and imported["notes"].str.contains("Stage data").any()
    (entry,) = window.files.recent.entries()  # read back from the settings
    assert entry.choices[str(sheet.resolve())]["Current assignments"].mapping[2] == (2, "notes")
    assert _recent_menu(window).actions()[0].toolTip().endswith("Read as set up in the Import dialog (1 sheet "
                                                               "not as detected)")

    for _ in range(2):  # reopened twice: the second reopening still has the choices
        window.document.new()
        next(a for a in _recent_menu(window).actions() if a.text().startswith("&1 ")).trigger()
        window.files.wait()
        reopened = window.document.plan.assignments
        assert reopened[["duty", "notes"]].equals(imported[["duty", "notes"]])
        assert [e.choices for e in window.files.recent.entries()] == [entry.choices]

    window.files.open_paths([sheet], ask=False)  # opened without the dialog: read as detected
    window.files.wait()
    assert window.document.plan.assignments["duty"].str.contains("Stage data").any()
