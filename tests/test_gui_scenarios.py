"""Scenarios in the window: switch, edit apart, compare, reassign, fill a role, save them all."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QDialog, QInputDialog

from effortplanner.gui.compare_view import CompareDialog
from effortplanner.gui.staffing_dialogs import ReassignDialog, open_fill_placeholder
from tests.gui_helpers import make_window


def _cell(window, table: str, row_id: str, column: str) -> str:
    model = window.pages[table].model
    return model.data(model.index(model.row_of(row_id), model.column_index(column)))


def test_a_scenario_is_edited_apart_from_the_baseline(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    assert document.scenario_action(lambda s: s.create("Tyler to Vito", description="what if"))
    assert document.scenarios.active == "Tyler to Vito"
    assert "Tyler to Vito" in window.windowTitle() and window.isWindowModified()
    assert window.scenario_bar.combo.currentText() == "Tyler to Vito"
    vito = document.plan.find_person("Vito Di Benedetto")
    model = window.pages["assignments"].model
    assert model.setData(model.index(model.row_of("A12"), model.column_index("person")), "Vito Di Benedetto")
    assert document.plan.assignments.at["A12", "person"] == vito
    assert [e.description for e in document.scenarios.current.log] == [
        "Set Person of 'Production Systems Monitoring' to Vito Di Benedetto"]
    document.switch("Baseline")
    assert _cell(window, "assignments", "A12", "person") == "Tyler"  # the table shows the baseline again
    assert document.undo_stack.count() == 0  # each scenario has its own undo history
    document.switch("Tyler to Vito")
    assert _cell(window, "assignments", "A12", "person") == "Vito Di Benedetto"
    document.undo_stack.undo()
    assert _cell(window, "assignments", "A12", "person") == "Tyler"
    assert document.scenarios.current.log == []  # an undone edit leaves the log


def test_a_refused_scenario_operation_says_why(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    with qtbot.waitSignal(window.document.refused) as refused:
        window.document.scenario_action(lambda s: s.delete("Baseline"))
    assert "cannot be deleted" in refused.args[0]


def test_compare_view_shows_the_moves_and_exports_a_workbook(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    document.scenario_action(lambda s: s.create("Tyler to Vito"))
    from effortplanner.core import edits, staffing

    document.edit(lambda plan: staffing.reassign(plan, ["A12", "A13"], "Vito Di Benedetto"), note="Tyler leaves")
    dialog = CompareDialog(document, window)
    qtbot.addWidget(dialog)
    result = dialog.result
    assert result is not None
    assert sorted((d.duty, d.from_person, d.to_person) for d in result.moved) == [
        ("OFF-line systems monitoring", "Tyler", "Vito Di Benedetto"),
        ("Production Systems Monitoring", "Tyler", "Vito Di Benedetto")]
    assert dialog.tabs.tabText(0) == "Moved (2)"
    out = tmp_path / "comparison.xlsx"
    assert dialog.export(str(out))
    dialog.jobs.wait()  # written off the GUI thread
    book = openpyxl.load_workbook(out)
    assert "Moved" in book.sheetnames
    log_sheet = next((book[n] for n in book.sheetnames if "log" in n.lower()), None)
    assert log_sheet is not None and any("Tyler leaves" == c.value for row in log_sheet.iter_rows() for c in row)


def test_reassign_dialog_ranks_candidates_and_applies_one_undo_step(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    dialog = ReassignDialog(window.document, ["A12", "A13"], window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() > 3
    scores = [c.score for c in dialog.candidates]
    assert scores == sorted(scores, reverse=True)
    chosen = dialog.chosen()
    assert chosen is not None and chosen.contract_ok
    before = window.document.undo_stack.count()
    assert dialog.apply()
    plan = window.document.plan
    assert plan.assignments.at["A12", "person"] == plan.assignments.at["A13", "person"] == chosen.person
    assert window.document.undo_stack.count() == before + 1
    dialog.reject()


def test_fill_a_placeholder_from_the_window(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    plan = window.document.plan
    role = plan.find_person("A2 Associate (CI development)")
    duties = list(plan.assignments.index[plan.assignments["person"] == role])
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Jane Newhire", True))
    assert open_fill_placeholder(window.document, role, window)
    plan = window.document.plan
    assert plan.person_name(role) == "Jane Newhire" and not plan.people.at[role, "placeholder"]
    assert all(plan.assignments.at[a, "person"] == role for a in duties)
    window.document.undo_stack.undo()
    assert window.document.plan.people.at[role, "placeholder"]


def test_scenarios_and_their_logs_are_saved_and_reopened(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    document.scenario_action(lambda s: s.create("Option A"))
    from effortplanner.core import staffing

    document.edit(lambda plan: staffing.reassign(plan, ["A12"], "Vito Di Benedetto"), note="Tyler leaves in June")
    path = tmp_path / "plan.effortplan"
    monkeypatch.setattr("effortplanner.gui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.files.save()
    window.files.wait("save")
    assert not window.isWindowModified()
    second = make_window(qtbot, seed_plan, tmp_path)
    assert second.files.open_paths([path], ask=False)
    second.files.wait()
    scenarios = second.document.scenarios
    assert scenarios.names == ["Baseline", "Option A"]
    assert [(e.description, e.note) for e in scenarios["Option A"].log] == [
        ("Reassigned 'Production Systems Monitoring' from Tyler to Vito Di Benedetto", "Tyler leaves in June")]
    assert second.scenario_bar.combo.count() == 2


def test_no_dialog_is_left_open_by_the_compare_action(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.document.scenario_action(lambda s: s.create("B"))
    window.compare()
    assert isinstance(window.compare_dialog, QDialog) and not window.compare_dialog.isModal()
    window.compare_dialog.close()


