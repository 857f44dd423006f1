"""The first window: opens on the sample plan and shows its tables."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from effortplanner.gui.app import PlanWindow  # noqa: E402
from effortplanner.gui.table_model import PlanTableModel  # noqa: E402


@pytest.mark.parametrize("table", ["people", "assignments", "activities", "milestones"])
def test_table_models_pass_the_model_tester(qtmodeltester, seed_plan, table: str) -> None:
    qtmodeltester.check(PlanTableModel(seed_plan, table))


def test_window_lists_the_loaded_tables(qtbot, seed_plan) -> None:
    window = PlanWindow(seed_plan, "sample")
    qtbot.addWidget(window)
    window.show()
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert labels == ["People (19)", "Assignments (35)", "Activities (6)", "Milestones (14)",
                      f"Import notes ({len(seed_plan.notes)})"]
    people = window.models["people"]
    names = [people.data(people.index(r, 1)) for r in range(people.rowCount())]
    assert "Paola Buitrago" in names
    col = [people.headerData(c, Qt.Orientation.Horizontal) for c in range(people.columnCount())].index("Contract end")
    paola = people.data(people.index(names.index("Paola Buitrago"), col))
    assert paola.startswith("2016-07-01")
    assignments = window.models["assignments"]
    fte_col = [assignments.headerData(c, Qt.Orientation.Horizontal)
               for c in range(assignments.columnCount())].index("FTE")
    estimated = [r for r in range(assignments.rowCount())
                 if assignments.data(assignments.index(r, fte_col), Qt.ItemDataRole.FontRole) is not None]
    assert estimated, "estimated FTEs are shown in italics"
