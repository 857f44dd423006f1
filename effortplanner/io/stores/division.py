"""The Division roll-up: every plan a login may read, as one plan with a department per row.

People are matched across departments by the rules used across files (`io.people_index.People`:
same name, or a unique first name that matches a full name), so a person two departments
share becomes one row whose load sums both, and the ordinary analysis flags them
over-allocated; `name_departments` adds which departments book them.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from effortplanner.analysis.model import Flag
from effortplanner.core.plan import Note, Plan, PlanSettings
from effortplanner.core.schema import SCHEMAS, TABLES
from effortplanner.io.people_index import People
from effortplanner.io.stores.location import ServerLocation


@dataclass
class Division:
    """The combined plan, and each row's department (people: every department that lists them)."""

    plan: Plan
    departments: list[str]
    department: dict[str, pd.Series] = field(default_factory=dict)  # table -> department per row id
    booked_in: dict[str, list[str]] = field(default_factory=dict)  # person id -> departments with duties for them
    sources: dict[str, Plan] = field(default_factory=dict)  # department -> its own plan


_DIVISIONS: weakref.WeakKeyDictionary[Plan, Division] = weakref.WeakKeyDictionary()


def division_of(plan: Plan) -> Division | None:
    """The roll-up a plan is, when it is one."""
    return _DIVISIONS.get(plan)


def _match_people(plans: Mapping[str, Plan], combined: Plan, notes: list[Note]) -> tuple[dict[tuple[str, str], str],
                                                                                        dict[str, dict[str, object]]]:
    people = People(combined, notes)
    mapping: dict[tuple[str, str], str] = {}
    first_rows: dict[str, dict[str, object]] = {}
    for dept, plan in plans.items():
        used_here: set[str] = set()
        for pid, row in zip(plan.people.index, plan.people.to_dict("records")):
            where = Note(dept, "People", None, None, "")
            draft = people.resolve(str(row["name"]), where)
            if draft is None or draft.id in used_here:  # two people of one department stay two
                draft = people.add(str(row["name"]), where)
            used_here.add(draft.id)
            mapping[(dept, str(pid))] = draft.id
            first_rows.setdefault(draft.id, {**{str(k): v for k, v in row.items()}, "name": draft.name})
            first_rows[draft.id]["name"] = draft.name
    return mapping, first_rows


def combine(plans: Mapping[str, Plan]) -> Division:
    """One plan of every department's rows; people shared by departments are one person."""
    if not plans:
        raise ValueError("no plans to roll up")
    first = next(iter(plans.values()))
    combined = Plan(PlanSettings(**{**dataclasses.asdict(first.settings), "cadence_fte":
                                    dict(first.settings.cadence_fte)}))
    notes: list[Note] = []
    person_of, first_rows = _match_people(plans, combined, notes)
    ids: dict[tuple[str, str, str], str] = {("people", d, p): n for (d, p), n in person_of.items()}
    division = Division(combined, list(plans), sources=dict(plans))
    people = pd.DataFrame.from_records(list(first_rows.values()), index=pd.Index(list(first_rows), name="id"))
    combined.tables["people"] = people.astype(combined.people.dtypes.to_dict())[combined.people.columns]
    for table in ("activities", "assignments", "milestones"):  # activities first: assignments point to them
        frames, owners = [], []
        for dept, plan in plans.items():
            frame = plan.tables[table].copy()
            new_ids = [combined.new_id(table) for _ in frame.index]
            ids.update({(table, dept, str(old)): new for old, new in zip(frame.index, new_ids)})
            for column in SCHEMAS[table].columns:
                if column.type == "ref" and column.ref:
                    frame[column.name] = [ids.get((column.ref, dept, str(v)), v) if v is not None else None
                                          for v in frame[column.name]]
            frame.index = pd.Index(new_ids, name="id")
            frames.append(frame)
            owners.extend([dept] * len(frame))
        combined.tables[table] = pd.concat(frames) if frames else combined.tables[table]
        division.department[table] = pd.Series(owners, index=combined.tables[table].index, dtype=object)
    listed: dict[str, list[str]] = {}
    for (dept, _), new in person_of.items():
        listed.setdefault(new, []).append(dept)
    division.department["people"] = pd.Series({p: "; ".join(d) for p, d in listed.items()}, dtype=object)
    booked = pd.DataFrame({"person": combined.assignments["person"], "dept": division.department["assignments"]})
    division.booked_in = {str(p): sorted(set(g)) for p, g in booked.dropna().groupby("person")["dept"]}
    for dept, plan in plans.items():
        notes.extend(dataclasses.replace(n, file=f"[{dept}] {n.file}",
                                         person=ids.get(("people", dept, str(n.person)), n.person)) for n in plan.notes)
    combined.notes = notes
    _DIVISIONS[combined] = division
    return division


def name_departments(plan: Plan, flags: Sequence[Flag]) -> list[Flag]:
    """Over-allocation flags of a roll-up say which departments book the person; other plans unchanged."""
    division = division_of(plan)
    if division is None:
        return list(flags)
    out = []
    for flag in flags:
        depts = division.booked_in.get(str(flag.person), []) if flag.kind == "over_allocation" else []
        if len(depts) > 1:
            flag = dataclasses.replace(flag, message=f"{flag.message}; booked by departments {', '.join(depts)}")
        out.append(flag)
    return out


def open_division(loc: ServerLocation, password: str | None = None, scenario: str | None = None) -> Plan:
    """Every plan the login may read (each one's `scenario`, else its baseline), rolled up."""
    from effortplanner.io.stores.server import open_every_plan

    return combine(open_every_plan(loc, password, scenario)).plan
