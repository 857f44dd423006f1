"""What differs between two plans: duties added, removed, moved, re-dated, re-sized; people
added or removed; FTE per person per month; flags resolved and introduced; totals.

    result = compare(baseline, scenario, match="id")      # two scenarios of one file
    result = compare(last_month, this_month)              # two imports: matched by content
    result.to_json()                                      # what `effortplanner compare --json` prints

How rows are paired is in `compare_match`; the FTE, flag and totals differences are in
`compare_effects`. Every assignment appears in at most one list: *moved* when its person
changed (other changes are listed with it), *changed* when the person is the same but
dates, FTE, successor, duty text, VO, activity, cadence or disposition differ.

Both plans are analysed over the same window: `as_of`/`horizon` if given, else the base
plan's (see `analysis.window.plan_window`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from effortplanner.analysis.compare_match import Matching, Pair, duty_key, match as match_rows
from effortplanner.core.names import normalise
from effortplanner.core.plan import Plan

# assignment columns compared, and the word a change of each is listed under
ASSIGNMENT_FIELDS = {"start": "re-dated", "end": "re-dated", "fte": "re-sized", "successor": "successor",
                     "duty": "renamed", "vo": "vo", "activity": "activity", "cadence": "cadence",
                     "disposition": "disposition"}
PEOPLE_FIELDS = ("name", "group", "role", "start", "contract_end", "capacity_fte", "placeholder")
DATE_FIELDS = ("start", "end", "contract_end")


@dataclass(frozen=True)
class AssignmentDiff:
    kind: str  # "added" | "removed" | "moved" | "changed"
    duty: str
    vo: str
    base_id: str | None
    other_id: str | None
    from_person: str | None  # holder in the base plan (name); None when unassigned or added
    to_person: str | None  # holder in the other plan (name)
    changes: tuple[str, ...] = ()  # "moved", "re-dated", "re-sized", "successor", "renamed", ...
    before: dict[str, Any] = field(default_factory=dict)  # the compared values that differ (all, for removed)
    after: dict[str, Any] = field(default_factory=dict)
    how: str = ""  # how the rows were paired: id | same | moved | similar
    similarity: float | None = None
    fte: float | None = None  # FTE in the other plan (base plan for removed); the cadence estimate when not given
    fte_estimated: bool = False  # `fte` is estimated (from the duty's cadence, or marked so)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"duty": self.duty, "vo": self.vo}
        if self.kind == "moved":
            out.update({"from": self.from_person, "to": self.to_person})
        else:
            out["person"] = self.to_person if self.kind in ("added", "changed") else self.from_person
        if self.kind in ("moved", "changed"):
            out["changes"] = list(self.changes)
        out["fte"] = _json_value(self.fte)
        out["fte_estimated"] = self.fte_estimated
        if self.before:
            out["before"] = {k: _json_value(v) for k, v in self.before.items()}
        if self.after:
            out["after"] = {k: _json_value(v) for k, v in self.after.items()}
        out.update({"base_id": self.base_id, "other_id": self.other_id, "matched_by": self.how or None})
        if self.similarity is not None:
            out["similarity"] = self.similarity
        return out


@dataclass(frozen=True)
class PersonDiff:
    kind: str  # "added" | "removed" | "changed" | "filled" (a placeholder now a named person)
    name: str
    base_id: str | None
    other_id: str | None
    group: str = ""
    placeholder: bool = False
    changes: tuple[str, ...] = ()
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "group": self.group, "placeholder": self.placeholder,
                               "base_id": self.base_id, "other_id": self.other_id}
        if self.kind in ("changed", "filled"):
            out["kind"] = self.kind
            out["changes"] = list(self.changes)
            out["before"] = {k: _json_value(v) for k, v in self.before.items()}
            out["after"] = {k: _json_value(v) for k, v in self.after.items()}
        return out


@dataclass(frozen=True)
class FlagDiff:
    status: str  # "resolved" | "introduced" | "changed"
    kind: str
    severity: str
    person: str  # display name ('' when the flag is about no one)
    duty: str  # 'Production Systems Monitoring (NOvA)', '' when about no duty
    start: date | None
    end: date | None
    amount: float | None
    message: str
    before: Any = None  # the Flag in the base plan (resolved, changed)
    after: Any = None  # the Flag in the other plan (introduced, changed)
    direction: str = ""  # for changed: "worse" | "better" | "" (same size, other dates or words)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "severity": self.severity, "person": self.person or None,
                               "duty": self.duty or None, "start": _json_value(self.start),
                               "end": _json_value(self.end), "amount": _json_value(self.amount),
                               "message": self.message}
        if self.status == "changed" and self.before is not None:
            out["direction"] = self.direction
            out["before"] = {"severity": self.before.severity, "start": _json_value(self.before.start),
                             "end": _json_value(self.before.end), "amount": _json_value(self.before.amount),
                             "message": self.before.message}
        return out


@dataclass
class Comparison:
    base_label: str
    other_label: str
    match: str  # "id" | "content"
    as_of: date
    horizon: date
    added: list[AssignmentDiff] = field(default_factory=list)
    removed: list[AssignmentDiff] = field(default_factory=list)
    moved: list[AssignmentDiff] = field(default_factory=list)
    changed: list[AssignmentDiff] = field(default_factory=list)
    people_added: list[PersonDiff] = field(default_factory=list)
    people_removed: list[PersonDiff] = field(default_factory=list)
    people_changed: list[PersonDiff] = field(default_factory=list)
    flags_resolved: list[FlagDiff] = field(default_factory=list)
    flags_introduced: list[FlagDiff] = field(default_factory=list)
    flags_changed: list[FlagDiff] = field(default_factory=list)
    # person, base_person, other_person, group, period, start, days, before, after, delta: nonzero deltas only
    fte_delta: pd.DataFrame = field(default_factory=pd.DataFrame)
    periods: list[str] = field(default_factory=list)  # every month of the window, in order
    # dimension (group | vo | activity), key, before, after, delta (average FTE over the window), delta_fte_months
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        redated = sum("re-dated" in d.changes for d in self.moved + self.changed)
        resized = sum("re-sized" in d.changes for d in self.moved + self.changed)
        return {"added": len(self.added), "removed": len(self.removed), "moved": len(self.moved),
                "changed": len(self.changed), "re-dated": redated, "re-sized": resized,
                "people_added": len(self.people_added), "people_removed": len(self.people_removed),
                "people_changed": len(self.people_changed), "flags_resolved": len(self.flags_resolved),
                "flags_introduced": len(self.flags_introduced), "flags_changed": len(self.flags_changed)}

    @property
    def is_empty(self) -> bool:
        return not any(self.counts().values()) and self.fte_delta.empty

    def to_json(self) -> dict[str, Any]:
        """{"added", "removed", "moved", "changed", "flags_resolved", "flags_introduced", "fte_delta", ...}."""
        delta = [{"person": r.person, "month": r.period, "delta": round(float(r.delta), 4),
                  "before": round(float(r.before), 4), "after": round(float(r.after), 4)}
                 for r in self.fte_delta.itertuples(index=False)]
        totals = [{"dimension": r.dimension, "key": r.key, "before": round(float(r.before), 4),
                   "after": round(float(r.after), 4), "delta": round(float(r.delta), 4)}
                  for r in self.totals.itertuples(index=False)] if len(self.totals) else []
        return {
            "base": self.base_label, "other": self.other_label, "match": self.match,
            "as_of": self.as_of.isoformat(), "horizon": self.horizon.isoformat(),
            "added": [d.to_json() for d in self.added],
            "removed": [d.to_json() for d in self.removed],
            "moved": [d.to_json() for d in self.moved],
            "changed": [d.to_json() for d in self.changed],
            "flags_resolved": [f.to_json() for f in self.flags_resolved],
            "flags_introduced": [f.to_json() for f in self.flags_introduced],
            "flags_changed": [f.to_json() for f in self.flags_changed],
            "fte_delta": delta,
            "people_added": [p.to_json() for p in self.people_added],
            "people_removed": [p.to_json() for p in self.people_removed],
            "people_changed": [p.to_json() for p in self.people_changed],
            "totals": totals,
            "counts": self.counts(),
            "notes": list(self.notes),
        }


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- reading rows as comparable values -----------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _date(value: Any) -> date | None:
    return None if _blank(value) else pd.Timestamp(value).date()


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value)


class _Rows:
    """Each assignment's and person's compared values, read column-wise once per plan."""

    def __init__(self, plan: Plan) -> None:
        p, a = plan.people, plan.assignments
        names = {pid: _text(n) for pid, n in zip(p.index, p["name"])}
        activities = {tid: _text(n) for tid, n in zip(plan.activities.index, plan.activities["name"])}
        estimates = {str(k).lower(): v for k, v in (plan.settings.cadence_fte or {}).items()}
        self.people: dict[str, dict[str, Any]] = {}
        for pid, name, group, role, start, end, cap, placeholder in zip(
                p.index, p["name"], p["group"], p["role"], p["start"], p["contract_end"], p["capacity_fte"],
                p["placeholder"]):
            self.people[pid] = {"name": _text(name), "group": _text(group), "role": _text(role),
                                "start": _date(start), "contract_end": _date(end),
                                "capacity_fte": None if _blank(cap) else round(float(cap), 6),
                                "placeholder": bool(placeholder)}
        self.assignments: dict[str, dict[str, Any]] = {}
        self.owner: dict[str, Any] = {}
        self.successor: dict[str, Any] = {}
        self.shown_fte: dict[str, tuple[float | None, bool]] = {}
        for aid, person, successor, start, end, fte, estimated, duty, vo, activity, cadence, disposition in zip(
                a.index, a["person"], a["successor"], a["start"], a["end"], a["fte"], a["fte_estimated"], a["duty"],
                a["vo"], a["activity"], a["cadence"], a["disposition"]):
            given = None if _blank(fte) else round(float(fte), 6)
            self.owner[aid] = None if _blank(person) else person
            self.successor[aid] = None if _blank(successor) else successor
            self.assignments[aid] = {
                "start": _date(start), "end": _date(end), "fte": given,
                "successor": names.get(successor, _text(successor)) or None if not _blank(successor) else None,
                "duty": _text(duty), "vo": _text(vo),
                "activity": activities.get(activity, _text(activity)) or None if not _blank(activity) else None,
                "cadence": _text(cadence), "disposition": _text(disposition),
                "person": names.get(person, _text(person)) or None if not _blank(person) else None,
            }
            estimate = estimates.get(_text(cadence).lower())
            self.shown_fte[aid] = (given, bool(estimated)) if given is not None else \
                (None, False) if estimate is None else (round(float(estimate), 6), True)


def _person_key(pid: Any, keys: dict[str, int]) -> Any:
    return None if pid is None else keys.get(pid, ("only", pid))


# --- the comparison -------------------------------------------------------------------------------
def compare(base: Plan, other: Plan, *, match: str = "auto", as_of: date | None = None,
            horizon: date | None = None, base_label: str = "base", other_label: str = "other") -> Comparison:
    """Every difference between `base` and `other` (see the module docstring)."""
    from effortplanner.analysis.compare_effects import effects  # noqa: PLC0415 (analysis runs on demand)

    matching = match_rows(base, other, match)
    result = Comparison(base_label, other_label, matching.mode, date.min, date.min, notes=list(matching.notes))
    rows_b, rows_o = _Rows(base), _Rows(other)
    _people(rows_b, rows_o, matching, result)
    _assignments(rows_b, rows_o, matching, result)
    effects(base, other, matching, result, as_of, horizon)
    return result


def _people(base: _Rows, other: _Rows, matching: Matching, result: Comparison) -> None:
    for pair in matching.people:
        if pair.other is None:
            v = base.people[pair.base]  # type: ignore[index]
            result.people_removed.append(PersonDiff("removed", v["name"], pair.base, None, v["group"],
                                                    v["placeholder"], before=v))
            continue
        if pair.base is None:
            v = other.people[pair.other]
            result.people_added.append(PersonDiff("added", v["name"], None, pair.other, v["group"],
                                                  v["placeholder"], after=v))
            continue
        a, b = base.people[pair.base], other.people[pair.other]
        fields = [f for f in PEOPLE_FIELDS if a[f] != b[f]]
        if matching.mode == "content" and "name" in fields and normalise(a["name"]) == normalise(b["name"]):
            fields.remove("name")
        if pair.how == "short form" and "name" in fields:
            fields.remove("name")  # "Paola" and "Paola Buitrago": the same person written two ways
        if not fields:
            continue
        kind = "filled" if a["placeholder"] and not b["placeholder"] else "changed"
        result.people_changed.append(PersonDiff(kind, b["name"], pair.base, pair.other, b["group"], b["placeholder"],
                                                tuple(fields), {f: a[f] for f in fields}, {f: b[f] for f in fields}))


def _assignments(base: _Rows, other: _Rows, matching: Matching, result: Comparison) -> None:
    keys_b, keys_o = matching.person_keys()
    for pair in matching.assignments:
        if pair.other is None:
            result.removed.append(_one_sided("removed", base, pair.base, pair))  # type: ignore[arg-type]
        elif pair.base is None:
            result.added.append(_one_sided("added", other, pair.other, pair))
        else:
            diff = _paired(base, other, pair, keys_b, keys_o)
            if diff is not None:
                (result.moved if diff.kind == "moved" else result.changed).append(diff)


def _one_sided(kind: str, rows: _Rows, aid: str, pair: Pair) -> AssignmentDiff:
    v = rows.assignments[aid]
    shown = {k: v[k] for k in ("start", "end", "fte", "successor")}
    fte, estimated = rows.shown_fte[aid]
    return AssignmentDiff(kind, v["duty"], v["vo"], pair.base, pair.other,
                          v["person"] if kind == "removed" else None, v["person"] if kind == "added" else None,
                          before=shown if kind == "removed" else {}, after=shown if kind == "added" else {},
                          fte=fte, fte_estimated=estimated)


def _paired(base: _Rows, other: _Rows, pair: Pair, keys_b: dict[str, int], keys_o: dict[str, int]) -> AssignmentDiff | None:
    aid_b, aid_o = pair.base, pair.other
    a, b = base.assignments[aid_b], other.assignments[aid_o]  # type: ignore[index]
    moved = _person_key(base.owner[aid_b], keys_b) != _person_key(other.owner[aid_o], keys_o)  # type: ignore[index]
    succ_a = _person_key(base.successor[aid_b], keys_b)  # type: ignore[index]
    succ_b = _person_key(other.successor[aid_o], keys_o)  # type: ignore[index]
    fields = []
    for name in ASSIGNMENT_FIELDS:
        if name == "successor":
            differs = succ_a != succ_b
        elif name in ("duty", "vo"):
            differs = duty_key(a[name]) != duty_key(b[name])
        elif name == "fte":
            differs = (a["fte"] is None) != (b["fte"] is None) or (
                a["fte"] is not None and abs(a["fte"] - b["fte"]) > 1e-9)
        else:
            differs = a[name] != b[name]
        if differs:
            fields.append(name)
    if not moved and not fields:
        return None
    changes = (["moved"] if moved else []) + list(dict.fromkeys(ASSIGNMENT_FIELDS[f] for f in fields))
    fte, estimated = other.shown_fte[aid_o]  # type: ignore[index]
    return AssignmentDiff("moved" if moved else "changed", b["duty"] or a["duty"], b["vo"] or a["vo"],
                          aid_b, aid_o, a["person"], b["person"], tuple(changes), {f: a[f] for f in fields},
                          {f: b[f] for f in fields}, pair.how, pair.similarity, fte, estimated)
