"""What the timeline tab shows on request: selected bars, a person's row, what a flag is about
(mixed into `TimelineView`; scrolling and highlighting only, no edit). While the tab is hidden
and stale, a request waits until it is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from effortplanner.analysis.model import Flag
from effortplanner.gui.timeline import layout

if TYPE_CHECKING:
    from effortplanner.gui.timeline.widget import TimelineView


class Focus:
    """Selection, a person's row and a flag's place on the timeline (mixed into `TimelineView`)."""

    # --- selection, flags -----------------------------------------------------------------------
    def selected_ids(self: TimelineView) -> list[str]:
        return list(self.scene.selected)

    def select_assignments(self: TimelineView, aids: list[str], scroll: bool = True) -> None:
        """Select bars (from the tables); no signal back. Waits for the tab to be shown when stale."""
        if self._stale and not self.isVisible():
            self._pending.append(lambda: self.select_assignments(aids))
            return
        self.ensure_fresh()
        aids = [a for a in aids if self.scene.data is not None and a in self.scene.data.index]
        if aids == self.scene.selected:
            return
        for aid in aids:
            self._unfold(self.scene.data.person_of(aid))
        self.scene.select(aids)
        rect = self.scene.bar_rect(aids[0]) if aids else None
        if scroll and rect is not None:
            self.ensure_visible(rect)

    def select_person(self: TimelineView, pid: str | None) -> None:
        if self._stale and not self.isVisible():
            self._pending.append(lambda: self.select_person(pid))
            return
        self.ensure_fresh()
        self._unfold(pid)
        self.view.names.selected = pid
        row = self.scene.row_of(pid)
        if row is not None:
            x0, x1, _y0, _y1 = self.view.visible_span()
            self.ensure_visible(QRectF(x0, row.y, 1.0, row.height))
        self.view.names.update()

    def _clicked(self: TimelineView, aids: list[str]) -> None:
        self.scene.select(aids)
        self.view.names.selected = None
        self.view.names.update()
        self.selectionChanged.emit(aids)

    def _person_clicked(self: TimelineView, pid: object) -> None:
        self.view.names.selected = pid  # type: ignore[assignment]
        self.view.names.update()
        self.personClicked.emit(pid)

    def _unfold(self: TimelineView, pid: str | None) -> None:
        data = self.scene.data
        if data is not None and pid in data.people and data.people[pid].group in self.scene.collapsed:
            self.toggle_group(data.people[pid].group)

    def ensure_visible(self: TimelineView, rect: QRectF) -> None:
        """Scroll so a scene rect is in view (its start, when it is wider than the view)."""
        x0, x1, y0, y1 = self.view.visible_span()
        if rect.left() < x0 or rect.left() > x1 - 2 or (rect.right() > x1 and rect.width() < x1 - x0):
            self.view.scroll_to_x(rect.left(), 40)
        if rect.top() < y0 or rect.bottom() > y1:
            self.view.verticalScrollBar().setValue(int(rect.top() - 30))
        self.view.sync_rulers()

    def show_flag(self: TimelineView, flag: Flag) -> bool:
        """Scroll to what a flag is about and highlight it: the duty's bar, else the person's row,
        over the flag's dates. Returns False when the timeline has nothing to show for it (or,
        while it is hidden and stale, leaves it for when it is shown)."""
        if self._stale and not self.isVisible():
            self._pending.append(lambda: self.show_flag(flag))
            return True
        data = self.data
        if data is None:
            return False
        pid = flag.person if flag.person in data.people else None
        if pid is None and flag.duty in data.index:
            pid = data.person_of(flag.duty)
        x0 = data.x(flag.start) if flag.start else None
        x1 = data.x(flag.end) + 1 if flag.end else None
        self._unfold(pid)
        row = self.scene.row_of(pid) if (pid is not None or flag.duty in data.index) else None
        if row is None and x0 is None:
            self.scene.show_highlight(None)
            return False
        if row is not None:
            top, height = row.y, row.height
            if flag.duty in data.index and data.person_of(flag.duty) == pid:
                lane = int(data.bars.lane[data.index[flag.duty]])
                top, height = row.y + layout.lane_y(lane) - 2, layout.BAR_H + 4
        else:
            top, height = 0.0, self.scene.sceneRect().height()
        left = x0 if x0 is not None else 0.0
        right = x1 if x1 is not None else float(data.days)
        rect = QRectF(left, top, max(right - left, 1.0), height)
        self.scene.show_highlight(rect)
        if flag.duty in data.index:
            self.scene.select([flag.duty])
        self.ensure_visible(rect)
        return True
