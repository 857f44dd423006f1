"""Staffing edits: fill a placeholder with a person, and give duties to someone else.

`fill_placeholder` and `reassign` return one applied `Change` each (one undo step),
built from the primitive operations of `effortplanner.core.edits`. Who *could* take
over (a ranking by load) is analysis: `effortplanner.analysis.candidates`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError, Op, SetCells
from effortplanner.core.names import is_short_form, normalise
from effortplanner.core.plan import Plan


def _resolve_existing(plan: Plan, placeholder_id: str, person: str) -> str | None:
    """The id of an existing person `person` names, None for a new name; refuses ambiguous short names."""
    text = person.strip()
    if text in plan.people.index:
        return text
    found = plan.find_person(text)
    if found is not None:
        return found
    short = [pid for pid, n in plan.people["name"].items() if pid != placeholder_id and is_short_form(text, str(n))]
    if len(short) > 1:
        names = " or ".join(repr(str(plan.people.at[p, "name"])) for p in short[:3])
        raise EditError(f"{text!r} could be {names}; give the full name", table="people", row_id=placeholder_id,
                        column="name")
    return None


def fill_placeholder(plan: Plan, placeholder_id: str, person: str) -> Change:
    """Put a named person in a placeholder's place, with all its duties, as one change.

    `person` is an existing person (id or name): the placeholder's duties, the duties
    naming it as successor and the milestones it owns pass to them, and the placeholder
    row is removed. A duty with no start of its own starts when the role was to start
    (the placeholder's start), if that is later than the person's own start, so the load
    does not move earlier than planned. Otherwise `person` is a new name: the
    placeholder row becomes that person (renamed, no longer a placeholder).
    """
    people = plan.people
    if placeholder_id not in people.index:
        raise EditError(f"no person {placeholder_id}", table="people", row_id=placeholder_id)
    role = str(people.at[placeholder_id, "name"])
    if not bool(people.at[placeholder_id, "placeholder"]):
        raise EditError(f"'{role}' is not a placeholder (a role still to be filled)", table="people",
                        row_id=placeholder_id, column="placeholder")
    if not isinstance(person, str) or not person.strip():
        raise EditError("name the person who fills the role", table="people", row_id=placeholder_id, column="name")
    target = _resolve_existing(plan, placeholder_id, person)
    if target == placeholder_id:
        raise EditError(f"'{role}' cannot fill itself", table="people", row_id=placeholder_id)
    if target is None:
        return edits.set_values(plan, [("people", placeholder_id, "name", person.strip()),
                                       ("people", placeholder_id, "placeholder", False)],
                                description=f"Filled '{role}' with {person.strip()}")

    ops: list[Op] = []
    assignments = plan.assignments
    role_start = edits.frame_value(plan, "people", placeholder_id, "start")
    target_start = edits.frame_value(plan, "people", target, "start")
    wait = not pd.isna(role_start) and (pd.isna(target_start) or target_start < role_start)
    start_cells = {c: edits.frame_value(plan, "people", placeholder_id, c)
                   for c in plan.date_parts("people", "start")}
    involved = assignments["person"].isin([placeholder_id]) | assignments["successor"].isin([placeholder_id, target])
    for aid in assignments.index[involved.to_numpy()]:
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        owner, successor = assignments.at[aid, "person"], assignments.at[aid, "successor"]
        new_owner = target if owner == placeholder_id else owner
        if owner == placeholder_id:
            before["person"], after["person"] = owner, target
            if wait and pd.isna(assignments.at[aid, "start"]):
                for column, value in start_cells.items():
                    before[column], after[column] = assignments.at[aid, column], value
        if successor == placeholder_id or (successor == target and new_owner == target):
            before["successor"] = successor
            after["successor"] = None if new_owner == target else target
        if after:
            ops.append(SetCells("assignments", aid, before, after))
    owners = plan.milestones["owner"]
    for mid in owners.index[owners == placeholder_id]:
        ops.append(SetCells("milestones", mid, {"owner": placeholder_id}, {"owner": target}))
    frame = plan.people
    position = list(frame.index).index(placeholder_id)
    ops.append(edits.DeleteRows("people", ((placeholder_id, position,
                                            {c: frame.at[placeholder_id, c] for c in frame.columns}),)))
    change = Change(f"Filled '{role}' with {plan.person_name(target)}", tuple(ops))
    edits.apply(plan, change)
    return change


# --- reassign ------------------------------------------------------------------------------------------
def reassign(plan: Plan, assignment_ids: Sequence[str], to_person: str) -> Change:
    """`edits.reassign`, and a duty whose successor is its new holder no longer names one: one change."""
    change = edits.reassign(plan, assignment_ids, to_person)
    target = plan.find_person(to_person) if to_person not in plan.people.index else to_person
    extra: list[Op] = []
    for aid in assignment_ids:
        if plan.assignments.at[aid, "successor"] == target:
            extra.append(SetCells("assignments", aid, {"successor": target}, {"successor": None}))
    if not extra:
        return change
    edits.apply(plan, Change("", tuple(extra)))
    return Change(change.description, change.ops + tuple(extra))
