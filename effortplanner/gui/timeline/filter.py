"""Timeline filter: by group, VO, person and text; the filter bar above the Gantt view.

`filter_data` narrows a `TimelineData` without recomputing it: rows of people who do not
match are dropped, and a kept row shows only the bars that match (VO chosen or toggled
in the legend, text found in the duty, VO or person), packed into as few lanes as they
need (a filtered row collapses). The bar arrays keep their length and order, so ids and
indices keep their meaning; only the lanes of the narrowed rows differ (in a copy).

Milestones in the header follow their owner's row: shown while the row is. A milestone
with no owner belongs to the whole department and stays, unless a text is searched for
that its name does not hold (a milestone whose name holds the text shows whoever owns it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from effortplanner.analysis.snapshot import pack_lanes
from effortplanner.gui.timeline.data import Person, TimelineData

ALL = ""


@dataclass
class TimelineFilter:
    group: str = ALL
    vo: str = ALL
    text: str = ""  # matched against person names, duties and VOs (case-insensitive)
    hidden_vos: set[str] = field(default_factory=set)  # toggled off in the legend

    def active(self) -> bool:
        return bool(self.group or self.vo or self.text.strip() or self.hidden_vos)


def filter_data(data: TimelineData, rule: TimelineFilter) -> TimelineData:
    """`data` with only the rows and bars `rule` lets through (the same object when nothing filters)."""
    if not rule.active():
        return data
    text = rule.text.strip().casefold()
    bars = data.bars
    duty = [str(d).casefold() for d in bars.duty]
    vo = list(bars.vo)

    def bar_ok(i: int) -> bool:
        if vo[i] in rule.hidden_vos or (rule.vo and vo[i] != rule.vo):
            return False
        return True

    def kept_ok(i: int) -> bool:
        return bar_ok(i) and (not text or text in duty[i] or text in str(vo[i]).casefold())

    people = {}
    for pid, person in data.people.items():
        if rule.group and person.group != rule.group:
            continue
        kept = [i for i in person.bars if bar_ok(i)]
        named = bool(text) and text in person.name.casefold()
        if text and not named:
            kept = [i for i in kept if text in duty[i] or text in str(vo[i]).casefold()]
        ghosts = [g for g in person.ghosts if any(_matches(data, a, kept_ok, text) for a in g.aids)] \
            if not named else person.ghosts
        if (rule.vo or rule.hidden_vos or text) and not kept and not ghosts and not named:
            continue
        if len(kept) != len(person.bars) or len(ghosts) != len(person.ghosts):
            person = replace(person, bars=kept, ghosts=ghosts)
        people[pid] = person
    milestones = [m for m in data.milestones if (text and text in m.name.casefold())
                  or (m.owner_id in people if m.owner_id is not None else not text)]
    return replace(collapse_lanes(data, people), milestones=milestones)


def collapse_lanes(data: TimelineData, people: dict[str | None, Person]) -> TimelineData:
    """`data` showing `people`, each row narrowed by the filter packed again into as few lanes as its
    shown bars need: no empty lane is left where a hidden bar was. The lane column is copied, never
    changed in place (the whole data is the snapshot's, shared with the other views)."""
    lane = data.bars.lane
    x0, x1 = data.bars.x0, data.bars.x1
    for pid, person in people.items():
        if person is data.people.get(pid):
            continue  # nothing of this row was hidden: its lanes are packed already
        if lane is data.bars.lane:
            lane = lane.copy()
        spans = [(float(x0[i]), float(x1[i])) for i in person.bars] + [(g.x0, g.x1) for g in person.ghosts]
        packed = pack_lanes(spans)
        for k, i in enumerate(person.bars):
            lane[i] = packed[k]
        ghosts = [replace(g, lane=packed[len(person.bars) + k]) for k, g in enumerate(person.ghosts)]
        people[pid] = replace(person, ghosts=ghosts, lanes=max(packed, default=-1) + 1)
    bars = data.bars if lane is data.bars.lane else replace(data.bars, lane=lane)
    return replace(data, people=people, bars=bars)


def _matches(data: TimelineData, aid: str, ok: object, text: str) -> bool:
    """Whether the inherited duty `aid` passes the filter (as its own bar would)."""
    index = data.index.get(aid)
    return index is not None and bool(ok(index))  # type: ignore[operator]


class FilterBar(QWidget):
    """Group ▾  VO ▾  [person, duty or VO…]  ×   — emits `changed` with the new rule."""

    changed = Signal(object)  # TimelineFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = TimelineFilter()
        self.group, self.vo = QComboBox(), QComboBox()
        self.text = QLineEdit(placeholderText="Find a person, duty or VO (Ctrl+F)", clearButtonEnabled=True)
        self.count = QLabel()
        self.clear = QToolButton(text="Show all")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(6, 0, 6, 2)
        for widget in (QLabel("Filter"), self.group, self.vo, self.text, self.clear, self.count):
            bar.addWidget(widget)
        bar.setStretch(3, 1)
        self.group.activated.connect(lambda _i: self._emit())
        self.vo.activated.connect(lambda _i: self._emit())
        self.text.textChanged.connect(lambda _t: self._emit())
        self.clear.clicked.connect(self.reset)
        self.set_choices([], [])

    def set_choices(self, groups: list[str], vos: list[str]) -> None:
        for combo, label, values in ((self.group, "All groups", groups), (self.vo, "All VOs", vos)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, ALL)
            for value in values:
                combo.addItem(value or "(no VO)", value)
            found = combo.findData(current)
            combo.setCurrentIndex(found if found >= 0 else 0)
            combo.blockSignals(False)

    def toggle_vo(self, vo: str) -> None:
        """A legend entry clicked: hide or show that VO's bars."""
        self.rule.hidden_vos ^= {vo}
        self._emit()

    def reset(self) -> None:
        self.rule.hidden_vos.clear()
        for combo in (self.group, self.vo):
            combo.setCurrentIndex(0)
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)
        self._emit()

    def focus(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    def _emit(self) -> None:
        self.rule = TimelineFilter(str(self.group.currentData() or ""), str(self.vo.currentData() or ""),
                                   self.text.text(), set(self.rule.hidden_vos))
        self.changed.emit(self.rule)
