"""What a drag on the timeline does to the plan, as one core Change (no Qt).

A drag can move a bar, change its start or end, and drop it on another person's row;
all of it becomes one Change, so one undo step undoes the whole drag.
"""

from __future__ import annotations

from datetime import date, timedelta

from effortplanner.core import edits, staffing
from effortplanner.core.edits import Change, EditError
from effortplanner.core.plan import Plan

KEEP = object()  # "the owner does not change"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def drop_change(plan: Plan, aid: str, start: date | None = None, end: date | None = None,
                person: object = KEEP) -> Change:
    """Set the assignment's start and/or (inclusive) end as exact dates and/or give it to `person`
    (an id; None leaves it unassigned). All or nothing; raises EditError on a refusal."""
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
            moved = staffing.reassign(plan, [aid], str(person))
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


def end_from_exclusive(boundary: date) -> date:
    """The plan's (inclusive) end date for a bar whose right edge is at `boundary`."""
    return boundary - timedelta(days=1)
