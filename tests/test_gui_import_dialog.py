"""The Import dialog: detected kinds and mappings shown, a mapping change followed by the
preview, by `layouts()` and by the imported plan; bad files listed, imports cancelled.

Dialogs are shown with `open()` (never `exec()`); `run_import` returns once its worker
thread is done. The autouse fixtures replace message boxes by a recorder and fail a test
that leaves a dialog or a modal window open.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest


from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QMessageBox,  # noqa: E402
                               QProgressDialog, QPushButton, QTreeWidgetItem)

from effortplanner.core.plan import PlanSettings  # noqa: E402
from effortplanner.gui import import_thread as thread_module  # noqa: E402
from effortplanner.gui.import_dialog import ImportDialog  # noqa: E402
from effortplanner.gui.import_thread import ImportThread  # noqa: E402
from effortplanner.io.errors import ImportCancelled, PlanReadError  # noqa: E402
from effortplanner.io.importer import import_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APPENDIX = ROOT / "sample_data" / "appendix_ii.xlsx"
MESSY = ROOT / "tests" / "data" / "appendix_ii_messy_openpyxl.xlsx"
TRUNCATED = ROOT / "tests" / "data" / "bad" / "truncated.xlsx"
NO_HEADER = ROOT / "tests" / "data" / "bad" / "no_header.xlsx"
ODS = ROOT / "tests" / "data" / "appendix_ii_messy.ods"
APPENDIX_SHEET, MESSY_SHEET = "Current assignments", "Assignments"


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> list[tuple[str, str, str]]:
    """Message boxes are recorded, never shown: a test cannot block on one."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, _k=kind, **kw:
                            shown.append((_k, title, text)) or QMessageBox.StandardButton.Ok)
    return shown


@pytest.fixture(autouse=True)
def no_window_left_open(qapp):
    """Fails a test that leaves a dialog (or any modal window) open, after closing it."""
    yield
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog)]
    modal = QApplication.activeModalWidget()
    for widget in left:
        widget.close()
    assert not left and modal is None, f"left open: {left or modal}"


@pytest.fixture
def open_dialog(qtbot):
    """ImportDialog shown with open() (window-modal, non-blocking) and closed after the test."""
    opened: list[ImportDialog] = []

    def make(*paths: Path) -> ImportDialog:
        dialog = ImportDialog(list(paths), PlanSettings())
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        return dialog

    yield make
    for dialog in opened:
        dialog.reject()


def field_of(dialog: ImportDialog, column: int) -> str | None:
    return dialog.panel.combo(column).field()


def set_field(dialog: ImportDialog, column: int, name: str | None) -> None:
    combo = dialog.panel.combo(column)
    index = combo.findData(name)
    assert index >= 0, name
    combo.setCurrentIndex(index)


def set_kind(dialog: ImportDialog, kind: str) -> None:
    dialog.panel.kind_combo.setCurrentIndex(dialog.panel.kind_combo.findData(kind))


def sheet_item(dialog: ImportDialog, path: Path, sheet: str) -> QTreeWidgetItem:
    item = dialog._item_for(str(path), sheet)
    assert item is not None
    return item


def preview_fields(dialog: ImportDialog) -> list[str]:
    table = dialog.panel.preview
    return [table.horizontalHeaderItem(c).data(Qt.ItemDataRole.UserRole) for c in range(table.columnCount())]


def preview_column(dialog: ImportDialog, name: str) -> list[str]:
    table = dialog.panel.preview
    column = preview_fields(dialog).index(name)
    return [table.item(r, column).text() for r in range(table.rowCount())]


# --- what is shown -------------------------------------------------------------------------------
def test_detected_kinds_and_mappings_are_shown(open_dialog) -> None:
    dialog = open_dialog(APPENDIX, MESSY)
    for path, sheet in ((APPENDIX, APPENDIX_SHEET), (MESSY, MESSY_SHEET)):
        item = sheet_item(dialog, path, sheet)
        assert item.text(1) == "duty list"
        assert item.checkState(0) == Qt.CheckState.Checked

    dialog.select_sheet(APPENDIX, APPENDIX_SHEET)
    panel = dialog.panel
    assert panel.kind_combo.currentData() == "duties"
    assert panel.header_spin.value() == 1
    headers = [panel.mapping.item(r, 0).text() for r in range(panel.mapping.rowCount())]
    assert headers == ["Name", "VO", "Assignment", "End of Contract", "FY17"]
    assert [field_of(dialog, c) for c in range(5)] == ["name", "vo", "duty", "contract_end", "disposition"]
    assert preview_column(dialog, "duty")[0] == "Stage data from tape to dCache (monthly)"

    dialog.select_sheet(MESSY, MESSY_SHEET)
    assert panel.header_spin.value() == 3  # under a title and a blank row
    assert panel.mapping.item(0, 0).text() == "Staff member"
    assert field_of(dialog, 0) == "name" and field_of(dialog, 4) == "disposition"
    names = preview_column(dialog, "name")
    assert names[:5] == ["Filipe"] * 5
    name_col = preview_fields(dialog).index("name")
    # The merged name cell is filled in on the following rows, shown in italics.
    assert not panel.preview.item(0, name_col).font().italic()
    assert panel.preview.item(1, name_col).font().italic()
    assert "filled in" in panel.preview.item(1, name_col).toolTip()
    assert panel.notes.rowCount() > 0 and "merged cells" in panel.notes.item(0, 3).text()
    assert "Notes (" in panel.tabs.tabText(1)


def test_changing_a_field_updates_the_preview_and_layouts(open_dialog) -> None:
    dialog = open_dialog(APPENDIX, MESSY)
    dialog.select_sheet(APPENDIX, APPENDIX_SHEET)
    key = str(APPENDIX)
    assert dialog.layouts()[key][APPENDIX_SHEET].mapping[4] == "disposition"
    assert "disposition" in preview_fields(dialog)

    set_field(dialog, 4, None)  # FY17 -> (ignore)
    assert "disposition" not in preview_fields(dialog)
    assert 4 not in dialog.layouts()[key][APPENDIX_SHEET].mapping
    assert dialog.panel.mapping.item(4, 2).text() == "set by you"

    set_field(dialog, 2, "notes")  # Assignment -> notes
    assert "duty" not in preview_fields(dialog)
    assert preview_column(dialog, "notes")[0] == "Stage data from tape to dCache (monthly)"
    layout = dialog.layouts()[key][APPENDIX_SHEET]
    assert layout.mapping == {0: "name", 1: "vo", 2: "notes", 3: "contract_end"}
    assert (layout.kind, layout.header_row, layout.sheet) == ("duties", 0, APPENDIX_SHEET)

    # A field comes from one column: giving it to another column takes it from the first.
    set_field(dialog, 1, "name")
    assert field_of(dialog, 0) is None
    assert dialog.layouts()[key][APPENDIX_SHEET].mapping == {1: "name", 2: "notes", 3: "contract_end"}
    assert preview_column(dialog, "name")[0] == "NOvA FD"

    # The other file is untouched; "Reset to detected" brings the detected mapping back.
    assert dialog.layouts()[str(MESSY)][MESSY_SHEET].mapping[4] == "disposition"
    dialog.panel.reset_button.click()
    assert dialog.layouts()[key][APPENDIX_SHEET].mapping[4] == "disposition"
    assert field_of(dialog, 2) == "duty"


def test_kind_change_and_exclusion_reach_the_layouts(open_dialog) -> None:
    dialog = open_dialog(APPENDIX, MESSY)
    dialog.select_sheet(MESSY, MESSY_SHEET)
    set_kind(dialog, "roster")
    assert sheet_item(dialog, MESSY, MESSY_SHEET).text(1) == "roster"
    assert dialog.layouts()[str(MESSY)][MESSY_SHEET].kind == "roster"

    set_kind(dialog, "skip")
    item = sheet_item(dialog, MESSY, MESSY_SHEET)
    assert item.checkState(0) == Qt.CheckState.Unchecked and item.text(1) == "skipped"
    assert dialog.layouts()[str(MESSY)][MESSY_SHEET].kind == "skip"
    assert dialog.selected_paths() == [APPENDIX]

    # Unticking a sheet excludes it; its layout is kept for when it is ticked again.
    set_kind(dialog, "duties")
    assert dialog.selected_paths() == [APPENDIX, MESSY]
    sheet_item(dialog, APPENDIX, APPENDIX_SHEET).setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.layouts()[str(APPENDIX)][APPENDIX_SHEET].kind == "skip"
    assert dialog.selected_paths() == [MESSY]
    sheet_item(dialog, APPENDIX, APPENDIX_SHEET).setCheckState(0, Qt.CheckState.Checked)
    assert dialog.layouts()[str(APPENDIX)][APPENDIX_SHEET].kind == "duties"
    assert dialog.import_button.isEnabled()


def test_a_sheet_without_header_can_be_mapped_by_hand(open_dialog) -> None:
    dialog = open_dialog(NO_HEADER)
    dialog.select_sheet(NO_HEADER, "Data")
    assert dialog.panel.kind_combo.currentData() == "skip"
    assert not dialog.selected_paths() and not dialog.import_button.isEnabled()
    set_kind(dialog, "duties")
    set_field(dialog, 2, "duty")
    assert dialog.panel.preview.rowCount() > 0
    assert preview_column(dialog, "duty")[0] == "keep-up"
    plan = dialog.run_import()
    assert plan is not None and len(plan.assignments) > 0


# --- importing -----------------------------------------------------------------------------------
def test_run_import_follows_the_mapping(open_dialog) -> None:
    baseline = import_files([APPENDIX, MESSY])
    assert baseline.assignments["handover_to"].astype(bool).any()
    assert baseline.assignments["successor"].notna().any()

    dialog = open_dialog(APPENDIX, MESSY)
    dialog.select_sheet(APPENDIX, APPENDIX_SHEET)
    set_field(dialog, 4, None)  # FY17 -> (ignore)
    dialog.select_sheet(MESSY, MESSY_SHEET)
    set_field(dialog, 4, None)  # Plan for FY17 -> (ignore)
    plan = dialog.run_import()
    assert plan is not None
    assignments = plan.assignments
    assert len(assignments) == len(baseline.assignments)
    assert not assignments["disposition"].astype(bool).any()
    assert not assignments["handover_to"].astype(bool).any()
    assert assignments["successor"].isna().all()


def test_run_import_reads_a_remapped_duty_column_as_notes(open_dialog) -> None:
    dialog = open_dialog(APPENDIX, MESSY)
    sheet_item(dialog, MESSY, MESSY_SHEET).setCheckState(0, Qt.CheckState.Unchecked)
    dialog.select_sheet(APPENDIX, APPENDIX_SHEET)
    set_field(dialog, 2, "notes")  # Assignment -> notes
    plan = dialog.run_import()
    assert plan is not None
    assignments = plan.assignments
    # No duty is read any more; the text is in the notes (rows with a VO stay, without a duty).
    assert not assignments["duty"].astype(bool).any()
    assert assignments["notes"].str.contains("Stage data from tape to dCache").any()
    assert {n.file for n in plan.notes} == {APPENDIX.name}


def test_import_button_accepts_with_the_plan(open_dialog, qtbot) -> None:
    dialog = open_dialog(APPENDIX)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.plan is not None and len(dialog.plan.assignments) == 19


def test_a_bad_file_shows_its_message_and_is_left_out(open_dialog, message_boxes) -> None:
    dialog = open_dialog(TRUNCATED, APPENDIX)
    message = dialog.file_error(TRUNCATED)
    assert message is not None and "damaged or incomplete" in message
    top = dialog._item_for(str(TRUNCATED), None)
    assert top.text(1) == "cannot be read" and top.child(0).text(0) == message
    dialog.tree.setCurrentItem(top)
    assert message in dialog.message.text()
    assert str(TRUNCATED) not in dialog.layouts()
    assert dialog.selected_paths() == [APPENDIX]
    plan = dialog.run_import()
    assert plan is not None and len(plan.assignments) == 19
    assert message_boxes == []


def test_an_import_error_is_shown_not_raised(open_dialog, monkeypatch, message_boxes) -> None:
    def broken(paths, settings=None, layouts=None, progress=None, cancelled=None):
        raise PlanReadError("has no sheet with a recognisable header row", file=paths[0])

    monkeypatch.setattr(thread_module, "import_files", broken)
    dialog = open_dialog(APPENDIX)
    assert dialog.run_import() is None
    assert [(k, t) for k, t, _ in message_boxes] == [("warning", "Import failed")]
    assert message_boxes[0][2].endswith("appendix_ii.xlsx: has no sheet with a recognisable header row")
    assert dialog.isVisible() and dialog.plan is None


def test_cancelled_import_returns_none(open_dialog, monkeypatch, message_boxes) -> None:
    monkeypatch.setattr(ImportThread, "is_cancelled", lambda self: True)
    dialog = open_dialog(APPENDIX, MESSY)
    assert dialog.run_import() is None
    assert dialog.plan is None and message_boxes == []
    assert dialog.progress_dialog is None  # closed, and a new import may start
    monkeypatch.undo()
    assert dialog.run_import() is not None


def test_cancel_button_of_the_progress_dialog_stops_the_import(open_dialog, monkeypatch, qtbot) -> None:
    finished = threading.Event()

    def slow(paths, settings=None, layouts=None, progress=None, cancelled=None):
        progress(0.1, "Reading appendix_ii.xlsx")
        try:
            for _ in range(2000):  # waits for the user's cancel, at most ~20 s
                if cancelled():
                    raise ImportCancelled()
                finished.wait(0.01)
            raise AssertionError("the import was never cancelled")
        finally:
            finished.set()

    monkeypatch.setattr(thread_module, "import_files", slow)
    dialog = open_dialog(APPENDIX)

    def press_cancel() -> None:
        qtbot.waitUntil(lambda: dialog.progress_dialog is not None and dialog.progress_dialog.isVisible(),
                        timeout=10_000)
        progress = dialog.progress_dialog
        assert isinstance(progress, QProgressDialog)
        assert progress.labelText() == "Reading appendix_ii.xlsx"
        assert dialog.run_import() is None  # one import at a time
        button = progress.findChild(QPushButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert progress.labelText() == "Cancelling…" and not button.isEnabled()

    QTimer.singleShot(0, press_cancel)
    assert dialog.run_import() is None
    assert finished.is_set() and dialog.plan is None


# --- files ---------------------------------------------------------------------------------------
def test_add_and_remove_files(open_dialog, monkeypatch, qtbot) -> None:
    dialog = open_dialog(APPENDIX)
    seen: dict[str, str] = {}

    def choose(parent, caption, directory, filters):
        seen["filters"] = filters
        return [str(ODS), str(TRUNCATED)], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    dialog.add_button.click()
    for suffix in ("*.xlsx", "*.xlsm", "*.xls", "*.ods", "*.csv"):
        assert suffix in seen["filters"]
    assert dialog.tree.topLevelItemCount() == 3
    assert dialog.selected_paths() == [APPENDIX, ODS]
    assert dialog.layouts()[str(ODS)]["Assignments"].header_row == 2

    dialog.select_sheet(ODS, "Assignments")
    dialog.remove_button.click()
    assert dialog.tree.topLevelItemCount() == 2
    assert dialog.selected_paths() == [APPENDIX]
    dialog.tree.setCurrentItem(dialog._item_for(str(TRUNCATED), None))
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert str(TRUNCATED) not in dialog.layouts() and dialog.file_error(TRUNCATED) is None


def test_dialog_buttons_and_size(open_dialog) -> None:
    dialog = open_dialog(APPENDIX)
    assert dialog.width() >= 1000 and dialog.height() >= 650
    assert dialog.button_box.buttonRole(dialog.import_button) == QDialogButtonBox.ButtonRole.AcceptRole
    assert dialog.import_button.text().replace("&", "") == "Import"


def test_file_checkbox_and_keyboard_tick_the_sheets(open_dialog, qtbot) -> None:
    dialog = open_dialog(MESSY, NO_HEADER)
    top = dialog._item_for(str(MESSY), None)
    top.setCheckState(0, Qt.CheckState.Unchecked)
    assert sheet_item(dialog, MESSY, MESSY_SHEET).checkState(0) == Qt.CheckState.Unchecked
    assert dialog.selected_paths() == [] and not dialog.import_button.isEnabled()

    item = sheet_item(dialog, MESSY, MESSY_SHEET)
    dialog.tree.setCurrentItem(item)
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
    assert item.checkState(0) == Qt.CheckState.Checked and top.checkState(0) == Qt.CheckState.Checked
    assert dialog.selected_paths() == [MESSY] and dialog.import_button.isEnabled()

    # A sheet set to skip cannot be ticked until it is given a kind.
    no_header = sheet_item(dialog, NO_HEADER, "Data")
    no_header.setCheckState(0, Qt.CheckState.Checked)
    assert no_header.checkState(0) == Qt.CheckState.Unchecked
    assert dialog.layouts()[str(NO_HEADER)]["Data"].kind == "skip"


# --- period grids ------------------------------------------------------------------------------------
def staff_labor(folder: Path) -> Path:
    """The staff-labor workbook of period grids (made by tools/make_import_fixtures.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_import_fixtures", ROOT / "tools" / "make_import_fixtures.py")
    assert spec and spec.loader
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    path = folder / "staff_labor.xlsx"
    fixtures.staff_labor(path)
    return path


def test_grid_sheet_shows_periods_unit_and_project_and_the_unit_can_be_changed(open_dialog, tmp_path: Path) -> None:
    path = staff_labor(tmp_path)
    dialog = open_dialog(path)
    assert sheet_item(dialog, path, "Detector Upgrade").text(1) == "period grid"
    dialog.select_sheet(path, "Detector Upgrade")
    grid = dialog.panel.grid_panel
    assert grid.isVisible()
    assert grid.periods.text().startswith("Oct-17 to Mar-18 (6 ")
    assert grid.project.text() == "Detector Upgrade (from the metadata block; code 12345, funding probability 0.8)"
    assert "144-176 h (per period) = 1.0 FTE (available-hours row)" in grid.conversion.text()
    assert dialog.panel.preview.rowCount() == 4  # the four assignments the sheet gives

    dialog.select_sheet(path, "Beam Studies")
    assert "152 h = 1.0 FTE (plan setting)" in grid.conversion.text()
    grid.per_fte.setValue(160.0)  # this project counts 160 h as a full month
    assert "160 h = 1.0 FTE (chosen in the import dialog)" in grid.conversion.text()
    plan = import_files([path], layouts=dialog.layouts())
    lennon = plan.people.index[plan.people["name"] == "Lennon, John"][0]
    beam = plan.assignments[(plan.assignments["duty"] == "Beam Studies") & (plan.assignments["person"] == lennon)]
    assert list(beam["fte"]) == [76 / 160]

    grid.unit.setCurrentIndex(grid.unit.findData("percent"))
    assert "read as percent" in grid.conversion.text() and not grid.per_fte.isEnabled()

    set_kind(dialog, "duties")  # read as a duty list instead: the grid panel goes away
    assert not grid.isVisible()


# --- choices kept for reopening ----------------------------------------------------------------------
def _as_read(layouts: dict) -> dict:
    """What import_files reads from each layout (scores only say how sure detection was)."""
    return {path: {name: (l.kind, l.header_row, l.headers, l.mapping, l.detail) for name, l in sheets.items()}
            for path, sheets in layouts.items()}


def test_the_choices_made_rebuild_the_same_layouts_from_the_files(open_dialog, tmp_path: Path) -> None:
    """What Open Recent keeps of the dialog (through its stored JSON) gives import_files the layouts the
    dialog gave: a field moved, a kind changed, a header row chosen, a sheet unticked, a grid's unit."""
    import json

    from effortplanner.io.layout_choices import choices_from_json, choices_to_json
    from effortplanner.io.importer import inspect_file
    from effortplanner.io.layout_replay import chosen_layouts, layouts_for

    grid_path = staff_labor(tmp_path)
    dialog = open_dialog(APPENDIX, MESSY, NO_HEADER, grid_path)
    assert dialog.choices() == {}  # nothing changed: nothing to keep
    dialog.select_sheet(APPENDIX, APPENDIX_SHEET)
    set_field(dialog, 2, "notes")
    set_field(dialog, 1, "name")
    dialog.select_sheet(MESSY, MESSY_SHEET)
    dialog.panel.header_spin.setValue(4)
    set_kind(dialog, "roster")
    dialog.select_sheet(NO_HEADER, "Data")
    set_kind(dialog, "duties")
    set_field(dialog, 2, "duty")
    dialog.select_sheet(grid_path, "Beam Studies")
    dialog.panel.grid_panel.per_fte.setValue(160.0)
    sheet_item(dialog, grid_path, "Detector Upgrade").setCheckState(0, Qt.CheckState.Unchecked)

    kept = choices_from_json(json.loads(json.dumps(choices_to_json(dialog.choices()))))
    assert set(kept) == {str(APPENDIX), str(MESSY), str(NO_HEADER), str(grid_path)}
    assert set(kept[str(grid_path)]) == {"Beam Studies", "Detector Upgrade"}  # the others as detected
    paths = [APPENDIX, MESSY, NO_HEADER, grid_path]
    rebuilt = chosen_layouts(paths, kept, PlanSettings())
    assert set(rebuilt) == set(kept)
    replayed = {key: layouts_for(inspect_file(key, PlanSettings()), kept[key], PlanSettings()) for key in kept}
    wanted = {key: {n: sheets[n] for n in replayed[key]} for key, sheets in dialog.layouts().items()}
    assert _as_read(replayed) == _as_read(wanted)
    reopened, imported = import_files(paths, layouts=rebuilt), import_files(paths, layouts=dialog.layouts())
    for table in ("people", "assignments", "activities"):
        assert reopened.tables[table].equals(imported.tables[table]), table
    assert not imported.assignments["duty"].isin(["Stage data from tape to dCache (monthly)"]).any()

    dialog.panel.reset_button.click()  # back to detected: that sheet is no longer kept
    assert "Beam Studies" not in dialog.choices().get(str(grid_path), {})
