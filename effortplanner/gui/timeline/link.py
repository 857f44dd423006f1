"""The timeline's hooks into the main window: one selection shared with the tables (click a bar and
its row is selected, and back) and the zoom actions of the View menu."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QAction

from effortplanner.gui.table_page import TablePage
from effortplanner.gui.timeline.widget import TimelineView


def link_selection(timeline: TimelineView, pages: Mapping[str, TablePage]) -> None:
    """Keep the assignments table and the timeline on the same duty (and people on the same person)."""
    duties, people = pages["assignments"], pages["people"]
    busy = [False]

    def from_timeline(aids: list[str]) -> None:
        if busy[0] or not aids:
            return
        busy[0] = True
        try:
            duties.select_id(aids[0])
        finally:
            busy[0] = False

    def from_duties(current: QModelIndex, _previous: QModelIndex) -> None:
        if busy[0] or not current.isValid():
            return
        busy[0] = True
        try:
            timeline.select_assignments([duties.model.row_id(current.row())], scroll=timeline.isVisible())
        finally:
            busy[0] = False

    def from_people(current: QModelIndex, _previous: QModelIndex) -> None:
        if busy[0] or not current.isValid():
            return
        timeline.select_person(people.model.row_id(current.row()))

    def person_clicked(pid: object) -> None:
        if pid is not None:
            busy[0] = True
            try:
                people.select_id(str(pid))
            finally:
                busy[0] = False

    timeline.selectionChanged.connect(from_timeline)
    timeline.personClicked.connect(person_clicked)
    duties.view.selectionModel().currentRowChanged.connect(from_duties)
    people.view.selectionModel().currentRowChanged.connect(from_people)


def add_zoom_actions(menu_bar: object, timeline: TimelineView, show: object = None) -> dict[str, QAction]:
    """Zoom In / Zoom Out / Zoom to Fit in the window's View menu (and show the Timeline tab)."""
    actions = menu_bar.actions()  # type: ignore[attr-defined]
    view_menu = next(a.menu() for a in actions if a.text().replace("&", "") == "View")
    view_menu.addSeparator()
    acts: dict[str, QAction] = {}
    for key, text, shortcut, run in (("zoom_in", "Timeline Zoom &In", "Ctrl+=", lambda: timeline.zoom_by(1.5)),
                                     ("zoom_out", "Timeline Zoom &Out", "Ctrl+-", lambda: timeline.zoom_by(1 / 1.5)),
                                     ("zoom_fit", "Timeline Zoom to &Fit", "Ctrl+0", timeline.zoom_to_fit)):
        action = QAction(text, view_menu)
        action.setShortcut(shortcut)

        def trigger(_checked: bool = False, run: object = run) -> None:
            if callable(show):
                show()
            run()  # type: ignore[operator]

        action.triggered.connect(trigger)
        view_menu.addAction(action)
        acts[key] = action
    return acts
