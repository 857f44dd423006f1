"""The Timeline tab: toolbar (zoom, sort, export), legend, and the Gantt view of the open plan.

Holds no business rule: it reads the rows from the window's one analysis per revision
(`document.analysis`, computed a moment after the last edit), and a drag's
result goes to the core through `document.edit` (one undo step; a refusal is shown by
the window through `document.refused`). When a new analysis is ready it rebuilds only the
rows whose content changed, keeping zoom and scroll (another scenario of the same plan
differs in a few rows); a plan on another time axis gets a new scene, fitted to the
view. While hidden it only notes that it is stale and catches up when shown.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from effortplanner.analysis.compare import Comparison
from effortplanner.core.edits import Change
from effortplanner.core.plan import Plan
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.jobs import Job, JobRunner
from effortplanner.gui.timeline import export, layout
from effortplanner.gui.timeline.data import TimelineData
from effortplanner.gui.timeline.drag import Drop
from effortplanner.gui.timeline.drop import drop_change
from effortplanner.gui.timeline.filter import FilterBar, filter_data
from effortplanner.gui.timeline.focus import Focus
from effortplanner.gui.timeline.ghosts import MoveGhosts
from effortplanner.gui.timeline.legend import LegendWidget
from effortplanner.gui.timeline.scene import Prepared, TimelineScene, prepare
from effortplanner.gui.timeline.view import TimelineGraphicsView
from effortplanner.gui.words import count

FIT = "fit"
FIT_MARGIN = 12  # days shown either side of the plan window on "Fit"
BACKGROUND_DIFF = 3000  # bars above which the rows an edit changed are found off the GUI thread


class TimelineView(Focus, export.ExportActions, QWidget):
    selectionChanged = Signal(list)  # assignment ids the user picked on the timeline
    personClicked = Signal(object)  # person id (None: the unassigned row)
    message = Signal(str)  # how an export is going, for the status bar

    def __init__(self, document: PlanDocument, parent: QWidget | None = None, jobs: JobRunner | None = None
                 ) -> None:
        super().__init__(parent)
        self.document = document
        self.jobs = jobs if jobs is not None else JobRunner(self)  # exports: the window's runner (status bar)
        self.diffs = JobRunner(self)  # which rows an edit changed, worked out off the GUI thread
        self._held = 0  # exports recording the rows, which stay as they are meanwhile
        self._choices: object = None  # the filter bar's groups and VOs as last set
        self.exporting: object = None  # the last export started from the menu (`recording.SlicedRecorder`)
        self.scene = TimelineScene(self)
        self.move_ghosts = MoveGhosts(self)  # a comparison's moves, at their old places
        self.view = TimelineGraphicsView(self.scene, lambda: self.document.plan, self)
        self.zoom = QComboBox()
        for key, label, _ppd in layout.LEVELS:
            self.zoom.addItem(label, key)
        self.zoom.addItem("Fit plan", FIT)
        self.sort = QComboBox()
        for key, label in layout.SORTS:
            self.sort.addItem(label, key)
        self.export_button = export.export_button(self)
        self.legend = LegendWidget()
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        for widget in (QLabel("Zoom"), self.zoom, QLabel("Sort"), self.sort, self.export_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.legend, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(bar)
        self.filter_bar = FilterBar(self)
        box.addWidget(self.filter_bar)
        box.addWidget(self.view, 1)
        self.filter_bar.changed.connect(lambda _rule: self.refresh(full=True))  # rows change shape: rebuild
        self.legend.voClicked.connect(self.filter_bar.toggle_vo)
        self.zoom.activated.connect(self._zoom_chosen)
        self.sort.currentIndexChanged.connect(self._sort_chosen)
        self.view.zoomed.connect(self._zoomed)
        self.view.resized.connect(self._view_resized)
        self.view.dropped.connect(self.apply_drop)
        self.view.barClicked.connect(self._clicked)
        self.view.names.groupClicked.connect(self.toggle_group)
        self.view.names.personClicked.connect(self._person_clicked)
        document.changed.connect(self._changed)
        document.replaced.connect(self._replaced)
        document.analysis.ready.connect(self._analysed)
        self._stale = True
        self._fit_pending = True
        self._pending: list[Callable[[], object]] = []  # selections and flags waiting for the tab to show
        self._fitting = False
        self._fit_mode = True
        self.zoom.setCurrentIndex(self.zoom.findData(FIT))

    # --- keeping up with the plan --------------------------------------------------------------
    @property
    def data(self) -> TimelineData | None:
        self.ensure_fresh()
        return self.scene.data

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    def _rows_data(self) -> tuple[TimelineData, TimelineData]:
        """The analysis's rows as this tab shows them: (with the comparison's ghosts, and filtered)."""
        whole = self.move_ghosts.fit(self.document.analysis.snapshot().timeline)
        return whole, filter_data(whole, self.filter_bar.rule)

    def refresh(self, full: bool = False, prepared: tuple[TimelineData, TimelineData, Prepared] | None = None
                ) -> None:
        """Recompute from the plan; rebuild changed rows (or all), keeping zoom and scroll
        (a plan on another time axis is fitted to the view instead). `prepared`: the rows and the
        update worked out in the background (`_catch_up_in_background`)."""
        if self._held:  # an export is recording the rows: they catch up when it is done (`hold_rows`)
            self._stale = True
            return
        self._stale = False
        old = self.scene.data
        x0, _x1, y0, _y1 = self.view.visible_span()
        day = old.day(x0) if old is not None else None
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of item wrappers: no collector passes half-way through
        try:
            whole, data, ready = prepared if prepared is not None else (*self._rows_data(), None)
            if old is None:
                self.scene.set_data(data)
            elif full or not self.scene.can_update(data):
                self._new_scene(data)
            else:
                self.scene.update_data(data, ready)
        finally:
            if collecting:
                gc.enable()
        self.legend.set_palette(self.scene.palette, data.vos, self.filter_bar.rule.hidden_vos)
        choices = (sorted({p.group for p in whole.people.values()}, key=str.casefold), data.vos)
        if choices != self._choices:  # refilling the combo boxes costs more than comparing
            self._choices = choices
            self.filter_bar.set_choices(*choices)
        if data is not whole:
            shown = sum(len(p.bars) for p in data.people.values())
            total = sum(len(p.bars) for p in whole.people.values())
            self.filter_bar.count.setText(f"{shown} of {count(total, 'duty', 'duties')}")
        else:
            self.filter_bar.count.setText("")
        self.move_ghosts.place()
        self.view.sync_rulers()
        if old is None or (old.first, old.days) != (data.first, data.days):
            self._fit_pending = True
            if self.isVisible():
                self.zoom_to_fit()
        elif day is not None:
            self.view.scroll_to_x(data.x(day) + (x0 - old.x(day)))
            self.view.verticalScrollBar().setValue(int(y0))

    def _new_scene(self, data: TimelineData) -> None:
        old, new = self.scene, TimelineScene(self)
        new.sort, new.collapsed, new.selected = old.sort, old.collapsed, list(old.selected)
        self.scene = new
        self.view.setScene(new)  # while empty: attaching a full scene costs more
        new.set_data(data)
        old.retire()

    def _changed(self, _change: Change) -> None:
        self._stale = True  # the rows follow when the analysis of the new revision is ready
        if self.isVisible() and self.document.analysis.current() is not None:
            self._catch_up()  # a small plan is analysed at once

    def _analysed(self, _snapshot: object) -> None:
        if self._stale and self.isVisible():
            if not self._catch_up_in_background():
                self._catch_up()

    def _catch_up_in_background(self) -> bool:
        """After an edit on a large plan: find the rows that changed in the background (a pass over
        every bar and person, ~0.1 s at 50,000 duties; `scene.prepare`), then rebuild just those here. False when
        it cannot be done that way (a new scene is needed, or the plan is small): catch up at once."""
        if self._held:
            return True  # an export is recording the rows: `hold_rows` catches up when it is done
        old = self.scene.data
        if old is None or len(old.bars.ids) <= BACKGROUND_DIFF or self._pending:
            return False
        whole, data = self._rows_data()
        if not self.scene.can_update(data):
            return False
        snapshot, sort = self.document.analysis.current(), self.scene.sort

        def done(ready: object) -> None:
            if self._stale and self.scene.data is old and self.document.analysis.current() is snapshot:
                self.refresh(prepared=(whole, data, ready))  # type: ignore[arg-type]
                if self._fit_pending:
                    self.zoom_to_fit()

        job = Job("Updating the timeline", lambda _p, _c: prepare(old, data, sort), done, queue="timeline")
        # started once the other views have taken the new analysis: run beside their GUI-thread work,
        # the diff would share the interpreter lock with it and make both take twice as long
        QTimer.singleShot(0, self.diffs, lambda: self.diffs.start(job))
        return True

    def _replaced(self) -> None:
        self.move_ghosts.clear(rebuild=False)
        self.scene.selected = []
        self.scene.show_highlight(None)
        if self.isVisible() and self.document.analysis.current() is not None:
            self.refresh()  # another scenario of the same plan differs in a few rows
        else:
            self._stale = True  # refreshed when the analysis is ready

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.document.analysis.current() is None:
            return  # `_analysed` catches up when the analysis is ready
        self._catch_up()

    def _catch_up(self) -> None:
        self.ensure_fresh()
        if self._fit_pending:
            self.zoom_to_fit()
        pending, self._pending = self._pending, []
        for call in pending:
            call()

    def _view_resized(self) -> None:
        if (self._fit_pending or self._fit_mode) and self.isVisible() and self.scene.data is not None:
            self.zoom_to_fit()

    # --- zoom and sort ---------------------------------------------------------------------------
    def set_level(self, level: str) -> None:
        if level == FIT:
            self.zoom_to_fit()
        else:
            self.view.set_ppd(layout.ppd_of(level))

    def zoom_by(self, factor: float) -> None:
        self.view.set_ppd(self.view.ppd * factor)

    def zoom_to_fit(self) -> None:
        """Fit the plan window (as-of date to horizon) to the view's width; stays fitted on resize
        until the user zooms."""
        data = self.data
        if data is None:
            return
        self._fit_pending = not self.isVisible()
        self._fitting = True
        try:
            self.view.fit(data.as_of_x - FIT_MARGIN, data.horizon_x + FIT_MARGIN)
        finally:
            self._fitting = False
        self._fit_mode = True
        self.zoom.setCurrentIndex(self.zoom.findData(FIT))

    def _zoom_chosen(self, index: int) -> None:
        self.set_level(self.zoom.itemData(index))

    def _zoomed(self, ppd: float) -> None:
        if not self._fitting:
            self._fit_mode = False
            self.zoom.setCurrentIndex(self.zoom.findData(layout.nearest_level(ppd)))

    def set_sort(self, key: str) -> None:
        self.sort.setCurrentIndex(self.sort.findData(key))

    def _sort_chosen(self, _index: int) -> None:
        self.ensure_fresh()
        self.scene.sort = self.sort.currentData()
        self.scene.arrange()
        self.move_ghosts.place()
        self.view.sync_rulers()

    def toggle_group(self, group: str) -> None:
        self.scene.collapsed ^= {group}
        self.scene.arrange()
        self.move_ghosts.place()
        self.view.sync_rulers()

    # --- a comparison's moves -------------------------------------------------------------------
    def show_ghosts(self, comparison: Comparison, base_plan: Plan) -> int:
        """Ghost each duty `comparison` says moved or was re-dated at its place in the other compared
        scenario (the base, or the compared one when the base is shown); returns how many."""
        return self.move_ghosts.show(comparison, base_plan)

    def clear_ghosts(self) -> None:
        self.move_ghosts.clear()

    # --- editing --------------------------------------------------------------------------------
    def apply_drop(self, drop: Drop) -> Change | None:
        """A drag's result, as one undo step through the core."""
        return self.document.edit(lambda plan: drop_change(plan, drop.aid, drop.start, drop.end, drop.person))

    # --- exports (the menu and the writing: `export.ExportActions`) ------------------------------
    def hold_rows(self, hold: bool) -> None:
        """Keep the rows as they are while an export records them; catch up when released (the
        changed rows found in the background on a large plan)."""
        self._held = max(self._held + (1 if hold else -1), 0)  # two exports at once: held till both end
        if not self._held and self._stale and self.isVisible() and not self._catch_up_in_background():
            self._catch_up()
