"""Two rows that are one person: merge them (one undo step), or say they are not the same.

`merge_people` moves every reference to the row merged away (duties held, duties it
succeeds to, milestones it owns) to the survivor, keeps its name as an alias of the
survivor, fills the survivor's empty roster cells from it, and removes the row: one
`Change`. `mark_distinct` remembers in the plan's settings that two rows are different
people, so the alias check stops proposing them.
"""

from __future__ import annotations

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError, Op, SetCells
from effortplanner.core.plan import Plan
from effortplanner.core.values import is_blank

_FILLED_FROM_MERGED = ("role", "group", "notes")


def _check(plan: Plan, drop: str, keep: str) -> None:
    people = plan.people
    for pid in (drop, keep):
        if pid not in people.index:
            raise EditError(f"no person {pid}", table="people", row_id=pid)
    if drop == keep:
        raise EditError("a person cannot be merged into themselves", table="people", row_id=drop)


def merge_people(plan: Plan, drop: str, keep: str) -> Change:
    """Merge the person `drop` into `keep` (both ids) as one change. Raises EditError."""
    _check(plan, drop, keep)
    people, assignments = plan.people, plan.assignments
    dropped, kept = str(people.at[drop, "name"]), str(people.at[keep, "name"])
    ops: list[Op] = []
    involved = assignments["person"].isin([drop]) | assignments["successor"].isin([drop])
    for aid in assignments.index[involved.to_numpy()]:
        owner, successor = assignments.at[aid, "person"], assignments.at[aid, "successor"]
        new_owner = keep if owner == drop else owner
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if owner == drop:
            before["person"], after["person"] = owner, keep
        if successor == drop or (successor == keep and new_owner == keep):
            before["successor"] = successor
            after["successor"] = None if new_owner == keep else keep
        ops.append(SetCells("assignments", aid, before, after))
    owners = plan.milestones["owner"]
    for mid in owners.index[owners == drop]:
        ops.append(SetCells("milestones", mid, {"owner": drop}, {"owner": keep}))
    known = [a.strip() for a in str(people.at[keep, "aliases"] or "").split(";") if a.strip()]
    extra = [dropped] + [a.strip() for a in str(people.at[drop, "aliases"] or "").split(";") if a.strip()]
    aliases = "; ".join(dict.fromkeys(known + [a for a in extra if a and a != kept]))
    before_keep: dict[str, object] = {"aliases": people.at[keep, "aliases"]}
    after_keep: dict[str, object] = {"aliases": aliases}
    for column in _FILLED_FROM_MERGED:
        if is_blank(people.at[keep, column]) and not is_blank(people.at[drop, column]):
            before_keep[column], after_keep[column] = people.at[keep, column], people.at[drop, column]
    for part in ("start", "contract_end"):
        if is_blank(people.at[keep, part]) and not is_blank(people.at[drop, part]):
            for column in plan.date_parts("people", part):
                before_keep[column], after_keep[column] = people.at[keep, column], people.at[drop, column]
    ops.append(SetCells("people", keep, before_keep, after_keep))
    position = list(people.index).index(drop)
    ops.append(edits.DeleteRows("people", ((drop, position, {c: people.at[drop, c] for c in people.columns}),)))
    change = Change(f"Merged '{dropped}' into '{kept}'", tuple(ops))
    edits.apply(plan, change)
    return change


def mark_distinct(plan: Plan, a: str, b: str) -> Change:
    """Remember that `a` and `b` are different people (the alias flag for them goes away): one change."""
    from effortplanner.core.settings_edit import set_settings

    _check(plan, a, b)
    pair = sorted((a, b))
    pairs = [list(p) for p in plan.settings.distinct_people]
    if pair in pairs:
        return Change("Not the same person")
    names = " and ".join(repr(str(plan.people.at[p, "name"])) for p in pair)
    return set_settings(plan, {"distinct_people": pairs + [pair]}, description=f"{names} are not the same person")
