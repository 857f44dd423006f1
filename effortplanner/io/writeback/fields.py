"""Which sheet field holds which plan column, whether it changed, and what the cell should now say.

A field is a column of the sheet as the importer mapped it ("fte_estimate", "capacity",
"milestone"); it reads one plan column (or, for a duty's text and its disposition,
several). Changes are judged on what the plan means (a date's day and certainty, an
FTE to six places), not on how it is spelled, so retyping "late summer 2016" as
"late Summer 2016" is no change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from effortplanner.core.duty_text import parse_disposition
from effortplanner.core.plan import Plan
from effortplanner.core.scenarios import LogEntry
from effortplanner.core.schema import SCHEMAS
from effortplanner.io.writeback.render import (DateStyle, blank, date_cell, disposition_words, duty_text,
                                               first_names, fraction_cell, short_name, text)

# sheet field -> plan column, per table (fields that are not plain columns are handled by name below)
COLUMNS = {
    "assignments": {"vo": "vo", "fte": "fte", "fte_estimate": "fte", "start": "start", "end": "end",
                    "notes": "notes", "activity": "activity", "cadence": "cadence", "volume": "volume",
                    "successor": "successor", "handover_to": "handover_to", "duty": "duty",
                    "disposition": "disposition"},
    "people": {"name": "name", "role": "role", "group": "group", "start": "start", "contract_end": "contract_end",
               "capacity": "capacity_fte", "notes": "notes", "placeholder": "placeholder", "aliases": "aliases"},
    "activities": {"activity": "name", "fte_required": "fte_required", "interns_required": "interns_required",
                   "group": "group", "start": "start", "end": "end", "notes": "notes"},
    "milestones": {"milestone": "name", "date": "date", "owner": "owner", "name": "owner", "notes": "notes"},
}
FRACTIONS = {"fte", "capacity_fte", "fte_required"}


def _number(value: object) -> float | None:
    return None if blank(value) else round(float(value), 6)  # type: ignore[arg-type]


@dataclass
class Diff:
    """The plan as imported (`base`) beside the plan to write, and the change-log notes per row."""

    base: Plan
    plan: Plan
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    strike: bool = False
    _cache: dict[tuple[str, str, str], dict[object, object]] = field(default_factory=dict)

    @classmethod
    def with_log(cls, base: Plan, plan: Plan, log: list[tuple[str, LogEntry]], strike: bool = False) -> Diff:
        notes: dict[tuple[str, str], list[str]] = {}
        for _scenario, entry in log:
            if not entry.note:
                continue
            for touch in entry.change.touched():
                for row_id in touch.ids:
                    bucket = notes.setdefault((touch.table, row_id), [])
                    if entry.note not in bucket:
                        bucket.append(entry.note)
        return cls(base, plan, notes, strike)

    # --- reading ----------------------------------------------------------------------------
    def side(self, which: str) -> Plan:
        return self.base if which == "base" else self.plan

    def exists(self, which: str, table: str, row_id: object) -> bool:
        return not blank(row_id) and row_id in self.side(which).tables[table].index

    def cell(self, which: str, table: str, row_id: str, column: str) -> object:
        """One stored value; each column is read into a dict once (`frame.at` per cell is slow)."""
        key = (which, table, column)
        values = self._cache.get(key)
        if values is None:
            frame = self.side(which).tables[table]
            values = self._cache[key] = dict(zip(frame.index, frame[column].tolist()))
        return values[row_id]

    def meaning(self, which: str, table: str, row_id: str, column: str) -> object:
        """A column's value as compared: dates by day and certainty, numbers rounded, text trimmed."""
        kind = SCHEMAS[table].column(column).type
        value = self.cell(which, table, row_id, column)
        if kind == "date":
            certainty = self.cell(which, table, row_id, f"{column}_certainty")
            day = None if blank(value) else pd.Timestamp(value).date()
            open_ended = day is None and bool(text(self.cell(which, table, row_id, f"{column}_text")))
            return day, text(certainty) if (day or open_ended) else "", open_ended
        if kind == "float":
            return _number(value)
        if kind == "bool":
            return bool(value)
        return text(value).strip()

    def changed(self, table: str, row_id: str, columns: tuple[str, ...]) -> bool:
        return any(self.meaning("base", table, row_id, c) != self.meaning("plan", table, row_id, c) for c in columns)

    def note_text(self, table: str, row_id: str) -> str:
        return "\n".join(f"Note: {n}" for n in self.notes.get((table, row_id), []))


def field_columns(table: str, name: str, layout_fields: set[str]) -> tuple[str, ...]:
    """The plan columns one sheet field shows (a duty's text carries its cadence and volume)."""
    if table == "assignments" and name == "duty":
        extra = tuple(c for c in ("cadence", "volume") if c not in layout_fields)
        return ("duty", *extra)
    if table == "assignments" and name == "disposition":
        return ("disposition", "successor", "handover_to")
    if table == "assignments" and name in ("fte", "fte_estimate") and {"fte", "fte_estimate"} <= layout_fields:
        return ("fte", "fte_estimated")  # the number goes to the column that says whether it is an estimate
    column = COLUMNS[table].get(name)
    return (column,) if column else ()


@dataclass
class Renderer:
    """Writes one table's values for one sheet: knows the sheet's date styles and how it names people."""

    diff: Diff
    table: str
    layout_fields: set[str]
    styles: dict[str, DateStyle] = field(default_factory=dict)  # sheet field -> its column's style
    names: dict[str, str] = field(default_factory=dict)  # person id -> name as this sheet writes it
    _firsts: Counter[str] | None = None

    def firsts(self) -> Counter[str]:
        if self._firsts is None:
            self._firsts = first_names(self.diff.plan)
        return self._firsts

    def value(self, name: str, row_id: str, original: object, moved: bool = False) -> object:
        """The cell for sheet field `name` of row `row_id` in the plan to write."""
        d, table = self.diff, self.table
        plan = d.plan
        if table == "assignments" and name == "duty":
            cadence = "" if "cadence" in self.layout_fields else text(d.cell("plan", table, row_id, "cadence"))
            volume = "" if "volume" in self.layout_fields else text(d.cell("plan", table, row_id, "volume"))
            return duty_text(text(d.cell("plan", table, row_id, "duty")), cadence, volume) or None
        if table == "assignments" and name == "disposition":
            return self._disposition(row_id, moved) or None
        column = COLUMNS[table][name]
        kind = SCHEMAS[table].column(column).type
        value = d.cell("plan", table, row_id, column)
        if column == "fte" and {"fte", "fte_estimate"} <= self.layout_fields and \
                bool(d.cell("plan", table, row_id, "fte_estimated")) != (name == "fte_estimate"):
            return None  # the other of the two FTE columns holds it
        if kind == "date":
            return date_cell(self.styles.get(name) or DateStyle([]), value,
                             text(d.cell("plan", table, row_id, f"{column}_text")),
                             text(d.cell("plan", table, row_id, f"{column}_certainty")), original)
        if kind == "float":
            if column in FRACTIONS:
                return fraction_cell(value, original)
            return None if blank(value) else _number(value)
        if kind == "bool":
            return "yes" if value else ("no" if not blank(original) else None)
        if kind == "ref":
            if SCHEMAS[table].column(column).ref == "people":
                return short_name(plan, value, self.names, self.firsts()) or None
            return plan.display_name("activities", value) or None
        return text(value) or None

    def _disposition(self, row_id: str, moved: bool) -> str:
        d = self.diff
        written = text(d.cell("plan", "assignments", row_id, "disposition"))
        successor = d.cell("plan", "assignments", row_id, "successor")
        handover = text(d.cell("plan", "assignments", row_id, "handover_to"))
        was_there = d.exists("base", "assignments", row_id)
        follows = was_there and not d.changed("assignments", row_id, ("successor", "handover_to"))
        if follows and not moved:
            return written
        if self._says(written, successor, handover):
            return written
        return disposition_words(d.plan, successor, handover, written, self.names, self.firsts())

    def _says(self, written: str, successor: object, handover: str) -> bool:
        """Whether the words, read again as the importer reads them, name the same successor and handover."""
        plan = self.diff.plan
        parsed = parse_disposition(written)
        who, target = parsed.successor, "experiment" if parsed.to_experiment else parsed.handover_to.strip()
        if not who and target and target != "experiment" and plan.find_person(target):
            who, target = target, ""  # "Transfer to Michele": a person, so a successor
        wanted = "experiment" if handover.endswith("(experiment)") else handover.strip()
        found = plan.find_person(who) if who else None
        return found == (None if blank(successor) else successor) and target == wanted

    def changed(self, name: str, row_id: str) -> bool:
        columns = field_columns(self.table, name, self.layout_fields)
        return bool(columns) and self.diff.changed(self.table, row_id, columns)
