"""File › Write Back to Spreadsheets…: the dialog writes the copies off the GUI thread."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from effortplanner.core import edits
from effortplanner.io.importer import import_files
from tests.gui_helpers import make_window

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "appendix_ii.xlsx"


def test_menu_opens_the_dialog_and_it_writes_struck_through_copies(qtbot, tmp_path) -> None:
    source = tmp_path / "in" / SAMPLE.name
    source.parent.mkdir()
    shutil.copy(SAMPLE, source)
    window = make_window(qtbot, import_files([source]), tmp_path)
    plan = window.document.plan
    aid = plan.assignments.index[plan.assignments.duty == "POMS feedback"][0]
    window.document.edit(lambda p: edits.remove_rows(p, "assignments", [aid]))

    window.actions_["writeback"].trigger()
    from effortplanner.gui.writeback_dialog import WriteBackDialog

    dialog = window.findChild(WriteBackDialog)
    assert dialog is not None and dialog.isVisible() and SAMPLE.name in dialog.intro.text()
    dialog.grab().save(str(tmp_path / "dialog.png"))
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.strike.setChecked(True)
    dialog.summary.setChecked(False)
    dialog.write_button.click()
    assert dialog.busy.isVisible()  # the write runs in its thread; the dialog stays responsive
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert not dialog.busy.isVisible() and "appendix_ii.xlsx (1 change)" in dialog.status.text()
    book = openpyxl.load_workbook(tmp_path / "out" / SAMPLE.name)
    assert book.sheetnames == ["Current assignments"]  # no change summary, as chosen
    ws = book.worksheets[0]
    assert [ws.cell(r, 3).value for r in range(2, ws.max_row + 1) if ws.cell(r, 3).font.strike] == ["POMS feedback"]
    dialog.reject()
    assert not dialog.isVisible()


def test_a_plan_without_sources_says_so_in_the_dialog(qtbot, tmp_path) -> None:
    from effortplanner.core.plan import Plan
    from effortplanner.gui.writeback_dialog import open_write_back

    window = make_window(qtbot, Plan(), tmp_path)
    dialog = open_write_back(window, window.document, str(tmp_path / "out"))
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Not written"), timeout=10000)
    assert "does not record the spreadsheets" in dialog.status.text()
    dialog.reject()
