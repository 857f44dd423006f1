"""File › Export to Project… writes a project file the importer reads back; Open reads project files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from effortplanner.gui.project_export import GANTTPROJECT_FILTER, MS_PROJECT_FILTER, project_path
from effortplanner.io.importer import import_files
from tests.gui_helpers import make_window

DATA = Path(__file__).resolve().parent / "data" / "project"


def test_export_to_project_writes_a_file_that_reads_back(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    target = tmp_path / "division plan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), GANTTPROJECT_FILTER))
    window.actions_["export_project"].trigger()
    written = tmp_path / "division plan.gan"  # the chosen format's suffix is added
    assert written.exists()
    back = import_files([written])
    assert len(back.people) == 19 and len(back.assignments) == len(seed_plan.assignments)
    assert "Exported division plan.gan" in window.statusBar().currentMessage()


def test_export_failure_is_reported_not_raised(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    missing = tmp_path / "no such folder" / "plan.xml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), MS_PROJECT_FILTER))
    window.actions_["export_project"].trigger()
    assert not missing.exists()
    assert len(warnings) == 1 and "folder does not exist" in warnings[0]


def test_project_path_keeps_a_typed_suffix_and_adds_the_chosen_one() -> None:
    assert project_path("/x/plan.GAN", MS_PROJECT_FILTER).name == "plan.GAN"
    assert project_path("/x/plan", MS_PROJECT_FILTER).name == "plan.xml"
    assert project_path("/x/plan.v2", GANTTPROJECT_FILTER).name == "plan.v2.gan"


def test_window_opens_a_ganttproject_file(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    assert window.files.open_paths([DATA / "house_building.gan"], ask=False)
    window.files.wait()  # the file is read off the GUI thread
    assert list(window.document.plan.people["name"]) == ["Jack Architect", "Bob Builder", "Mary Mason"]


def test_import_dialog_lists_a_project_file_names_a_foreign_one_and_imports(qtbot, monkeypatch) -> None:
    from effortplanner.core.plan import PlanSettings
    from effortplanner.gui.import_dialog import ImportDialog

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"unexpected warning {a[2:]}"))
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "appendix_ii.xlsx"
    dialog = ImportDialog([DATA / "house_building.gan", sample, DATA / "small.mpx"], PlanSettings())
    qtbot.addWidget(dialog)
    try:
        assert dialog.file_error(DATA / "small.mpx").startswith("an MPX project file")
        assert dialog.file_error(DATA / "house_building.gan") is None
        assert dialog.selected_paths() == [DATA / "house_building.gan", sample]
        plan = dialog.run_import()
    finally:
        dialog.reject()
    assert plan is not None
    names = set(plan.people["name"])
    assert {"Jack Architect", "Bob Builder", "Mary Mason"} <= names and "Paola" in " ".join(names)
