"""Staffing edits: fill a placeholder with a person, and give duties to someone else.

`fill_placeholder` and `reassign` return one applied `Change` each (one undo step),
`reassign` being the one rule for giving duties to someone else (see its docstring),
built from the primitive operations of `effortplanner.core.edits`. Who *could* take
over (a ranking by load) is analysis: `effortplanner.analysis.candidates`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError, Op, SetCells
from effortplanner.core.names import is_short_form, normalise
from effortplanner.core.plan import Plan
from effortplanner.core.schema import SCHEMAS


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
    wait = not pd.isna(role_start) and (pd.isna(target_start) or pd.Timestamp(target_start) < pd.Timestamp(role_start))
    start_cells = {c: edits.frame_value(plan, "people", placeholder_id, c)
                   for c in plan.date_parts("people", "start")}
    involved = assignments["person"].isin([placeholder_id]) | assignments["successor"].isin([placeholder_id, target])
    for aid in assignments.index[involved.to_numpy()]:
        owner, successor = assignments.at[aid, "person"], assignments.at[aid, "successor"]
        if successor == placeholder_id:  # the role was to take over: the person who fills it does
            successor = target
        before, after = _given_to(owner, assignments.at[aid, "successor"],
                                  target if owner == placeholder_id else owner, successor)
        if owner == placeholder_id and wait and pd.isna(assignments.at[aid, "start"]):
            for column, value in start_cells.items():
                before[column], after[column] = assignments.at[aid, column], value
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
def _given_to(owner: object, successor: object, new_owner: object,
              new_successor: object | None = None) -> tuple[dict[str, object], dict[str, object]]:
    """The cells (before, after) of a duty that `new_owner` holds from now on: the rule of `reassign`.
    `new_successor` is who is to succeed (default: the successor it names now); nobody succeeds
    themselves, so a successor who is the new owner is cleared."""
    wanted = successor if new_successor is None else new_successor
    if wanted == new_owner:
        wanted = None
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    if owner != new_owner:
        before["person"], after["person"] = owner, new_owner
    if wanted != successor:
        before["successor"], after["successor"] = successor, wanted
    return before, after


def reassign(plan: Plan, assignment_ids: Sequence[str], to_person: str) -> Change:
    """Give duties to another person, as one change: the one reassign rule of the application.

    The timeline's drop on another row (`drop_change`), Edit › Reassign To… and scenario
    edits come here; Fill Placeholder… applies the same rule (`_given_to`) to the role's
    duties. The rule for what a duty says about later hands:

    - the new holder becomes the duty's person (its owner);
    - a successor is who takes the duty when its owner leaves. When the new holder *is*
      that successor, the successor is cleared (nobody succeeds themselves); any other
      successor is kept, and still takes over when the new holder leaves;
    - the disposition and `handover_to` (where the duty goes, e.g. "the experiment")
      belong to the duty, not to a person, and are kept as written.

    "Reassigned 'raw2root keep-up' from Paola to Michele". Raises EditError for an
    unknown person or assignment, changing nothing.
    """
    person_col = SCHEMAS["assignments"].column("person")
    target = edits.resolve_ref(plan, person_col, to_person)
    if target is None:
        raise EditError("choose a person to reassign to", table="assignments", column="person")
    frame = plan.assignments
    ops: list[SetCells] = []
    owners = []
    for row_id in assignment_ids:
        if row_id not in frame.index:
            raise EditError(f"no assignment {row_id}", table="assignments", row_id=row_id)
        owner = frame.at[row_id, "person"]
        before, after = _given_to(owner, frame.at[row_id, "successor"], target)
        if "person" in after:
            owners.append(owner)
        if after:
            ops.append(SetCells("assignments", row_id, before, after))
    to_name = plan.person_name(target)
    from_names = sorted({plan.person_name(o) or "nobody" for o in owners})
    if len(owners) == 1:
        moved = next(op for op in ops if "person" in op.after)
        description = f"Reassigned '{frame.at[moved.row_id, 'duty']}' from {from_names[0]} to {to_name}"
    elif owners:
        description = f"Reassigned {len(owners)} duties from {', '.join(from_names) or 'nobody'} to {to_name}"
    else:
        description = f"{to_name} no longer succeeds themselves"
    change = Change(description, tuple(ops))
    edits.apply(plan, change)
    return change


# --- the timeline's drop ---------------------------------------------------------------------------------
KEEP = object()  # "the owner does not change"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def drop_change(plan: Plan, aid: str, start: date | None = None, end: date | None = None,
                person: object = KEEP) -> Change:
    """What a drag on the timeline does, as one change (one undo step): set the assignment's
    start and/or (inclusive) end as exact dates and/or give it to `person` (an id, by the one
    `reassign` rule; None leaves it unassigned). All or nothing; raises EditError on a refusal."""
    duty = str(plan.assignments.at[aid, "duty"] or "") or "duty"
    cells = []
    if start is not None:
        cells.append(("assignments", aid, "start", start.isoformat()))
    if end is not None:
        cells.append(("assignments", aid, "end", end.isoformat()))
    if start is not None and end is not None:
        what = f"Move '{duty}' to {_day(start)} – {_day(end)}"
    elif start is not None:
        what = f"Start '{duty}' on {_day(start)}"
    elif end is not None:
        what = f"End '{duty}' on {_day(end)}"
    else:
        what = ""
    dated = edits.set_values(plan, cells, what) if cells else None
    if person is KEEP:
        return dated or Change("Nothing changed")
    try:
        if person is None:
            moved = edits.set_values(plan, [("assignments", aid, "person", "")], f"Unassign '{duty}'")
        else:
            moved = reassign(plan, [aid], str(person))
    except EditError:
        if dated:
            edits.undo(plan, dated)
        raise
    if not dated:
        return moved
    if not moved:
        return dated
    tail = what[0].lower() + what[1:]
    return Change(f"{moved.description}; {tail}", dated.ops + moved.ops)
