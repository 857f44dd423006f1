"""Compare two scenarios and see the moves on the timeline: each moved duty ghosted at its old place
(the base scenario's row and dates), cleared on uncheck, on a scenario switch and on close."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPointF

from effortplanner.core import staffing
from effortplanner.gui.compare_view import CompareDialog
from effortplanner.gui.timeline.data import timeline_data
from effortplanner.gui.timeline.ghosts import LinkItem
from tests.gui_helpers import make_window

AS_OF = date(2016, 3, 30)  # the sample plan's document date: Tyler is still there
VITO = "Vito Di Benedetto"


@pytest.fixture
def window(qtbot, seed_plan, tmp_path):
    plan = seed_plan.copy()
    plan.settings.as_of = AS_OF
    window = make_window(qtbot, plan, tmp_path)
    window.resize(1400, 900)
    window.show()
    window.show_tab("timeline")
    qtbot.waitExposed(window)
    document = window.document
    assert document.scenario_action(lambda s: s.create("Tyler to Vito"))
    assert document.edit(lambda plan: staffing.reassign(plan, ["A12", "A13"], VITO))
    return window


@pytest.fixture
def dialog(qtbot, window):
    dialog = CompareDialog(window.document, window)
    qtbot.addWidget(dialog)
    dialog.show()  # not modal, as the window opens it
    yield dialog
    dialog.close()


def _in_row(timeline, item, pid) -> bool:
    row = timeline.scene.row_of(pid)
    rect = item.mapRectToScene(item.rect())
    return row is not None and row.y <= rect.top() and rect.bottom() <= row.y + row.height


def test_moved_duties_are_ghosted_on_their_old_row_with_their_old_dates(window, dialog) -> None:
    timeline, document = window.timeline, window.document
    assert dialog.show_moves.isChecked() and dialog.show_moves.isVisible()
    ghosts = timeline.move_ghosts.drawn()
    assert len(ghosts) == 2
    assert sorted(g.move.aid for g in ghosts) == ["A12", "A13"]
    tyler = document.plan.find_person("Tyler")
    base = timeline_data(document.scenarios["Baseline"].plan)
    data = timeline.scene.data
    for ghost in ghosts:
        assert _in_row(timeline, ghost, tyler)
        i = base.index[ghost.move.aid]
        rect = ghost.mapRectToScene(ghost.rect())
        assert data.day(rect.left()) == base.day(float(base.bars.x0[i]))  # the old dates
        assert data.day(rect.right() - 1) == base.day(float(base.bars.x1[i]) - 1)
        assert data.person_of(ghost.move.aid) == document.plan.find_person(VITO)  # the bar itself moved
    assert sum(isinstance(i, LinkItem) for i in timeline.move_ghosts.items) == 2  # an arrow to each new bar
    centre = timeline.view.mapFromScene(ghosts[0].mapRectToScene(ghosts[0].rect()).center())
    tip = timeline.view.tooltip_at(QPointF(centre))
    assert tip.startswith("Was: Tyler, ") and "in Baseline" in tip
    assert dialog.moves_note.text() == "(2 on the timeline)"


def test_unchecking_clears_the_ghosts_and_the_rows_shrink_back(window, dialog) -> None:
    timeline = window.timeline
    tyler = window.document.plan.find_person("Tyler")
    with_ghosts = timeline.scene.row_of(tyler).height
    dialog.show_moves.setChecked(False)
    assert timeline.move_ghosts.drawn() == [] and timeline.move_ghosts.items == []
    assert timeline.scene.row_of(tyler).height < with_ghosts  # the lanes kept for the ghosts are gone
    dialog.show_moves.setChecked(True)
    assert len(timeline.move_ghosts.drawn()) == 2
    dialog.close()
    assert timeline.move_ghosts.drawn() == []


def test_switching_scenario_clears_them_and_from_the_base_they_show_where_duties_go(window, dialog) -> None:
    timeline, document = window.timeline, window.document
    assert len(timeline.move_ghosts.drawn()) == 2
    document.switch("Baseline")
    assert timeline.move_ghosts.drawn() == []
    assert "Compare again" in dialog.moves_note.text()
    dialog.run()  # Baseline is the base: the ghosts now stand in Vito's row
    ghosts = timeline.move_ghosts.drawn()
    assert len(ghosts) == 2
    vito = document.plan.find_person(VITO)
    assert all(_in_row(timeline, g, vito) for g in ghosts)
    assert all(g.move.text.startswith(f"Goes to: {VITO}, ") and "in Tyler to Vito" in g.move.text for g in ghosts)


def test_an_edit_that_undoes_a_move_drops_its_ghost(window, dialog) -> None:
    timeline, document = window.timeline, window.document
    assert len(timeline.move_ghosts.drawn()) == 2
    document.edit(lambda plan: staffing.reassign(plan, ["A12"], "Tyler"))
    assert [g.move.aid for g in timeline.move_ghosts.drawn()] == ["A13"]
    document.undo_stack.undo()
    assert len(timeline.move_ghosts.drawn()) == 2


def test_when_neither_compared_scenario_is_shown_a_note_says_so(window, dialog) -> None:
    timeline, document = window.timeline, window.document
    assert document.scenario_action(lambda s: s.create("Elsewhere"))
    assert document.scenarios.active == "Elsewhere"
    dialog.base.setCurrentText("Baseline")
    dialog.other.setCurrentText("Tyler to Vito")
    dialog.run()
    assert timeline.move_ghosts.drawn() == []
    assert "Elsewhere" in dialog.moves_note.text()
    assert document.scenarios.active == "Elsewhere"  # nothing was switched


def test_a_redated_duty_is_ghosted_in_its_own_row(window, dialog) -> None:
    from effortplanner.core import edits

    timeline, document = window.timeline, window.document
    aid = next(a for a, p in document.plan.assignments["person"].items() if p == document.plan.find_person("Filipe"))
    document.edit(lambda plan: edits.set_value(plan, "assignments", aid, "end", "2016-12-31"))
    dialog.run()
    ghost = next(g for g in timeline.move_ghosts.drawn() if g.move.aid == aid)
    assert _in_row(timeline, ghost, document.plan.find_person("Filipe"))
    assert "Was: Filipe" in ghost.move.text
