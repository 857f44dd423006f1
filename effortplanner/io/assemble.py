"""Several files' records become one plan: people merged by name, references made ids.

The rules for matching people are `io.people_index`'s; assignments are resolved as
columns (`io.assignment_refs`). The roster speaks first; then activities, assignments,
"will pick up" dispositions and milestones, in that order, as notes show them.
"""

from __future__ import annotations

from effortplanner.core.names import near_spellings, normalise
from effortplanner.core.plan import Note, Plan, PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.assignment_refs import AssignmentRefs, gather, ids_for, keep_id, where_read
from effortplanner.io.people_index import People, named_person
from effortplanner.io.record_columns import columns_frame, table_frame
from effortplanner.io.pending import Pending
from effortplanner.io.sheets import gc_paused


def _where_of(record: dict[str, object]) -> Note:
    """Where a record was read (not its `source` column, which may name an older file)."""
    return where_read(record.pop("_where", None) or record["source"])


def assemble(pendings: list[Pending], settings: PlanSettings | None = None) -> Plan:
    """One plan from every file's pending records."""
    with gc_paused():
        return _assemble(pendings, settings)


def _assemble(pendings: list[Pending], settings: PlanSettings | None = None) -> Plan:
    plan = Plan(settings)
    notes: list[Note] = [n for p in pendings for n in p.notes]
    people = People(plan, notes)
    people.merge_mentions([c for p in pendings for c in p.mention_chunks()])

    activity_ids: dict[str, str] = {}
    activity_rows: list[dict[str, object]] = []
    activity_ids_list: list[str] = []
    for record in (r for p in pendings for r in p.activities):
        name_key = normalise(as_text(record["name"]))
        # Rows with ids (a file this application wrote) are distinct even when names repeat.
        if not record.get("id") and name_key in activity_ids:
            notes.append(Note.at(_where_of(record), f"activity {record['name']!r} listed twice; first kept",
                             kind="warning"))
            continue
        record.pop("_where", None)
        activity_ids.setdefault(name_key, keep_id(plan, "activities", as_text(record.pop("id", "")), activity_ids_list))
        activity_rows.append(record)

    columns, length, codes = gather(pendings)
    refs = AssignmentRefs(columns, length, people, plan, notes, codes)
    refs.resolve(activity_ids, activity_rows, activity_ids_list)
    refs.apply_pickups(pendings)

    milestones = [r for p in pendings for r in p.milestones]
    for record in milestones:
        where = _where_of(record)
        owner = as_text(record.pop("owner_name", ""))
        owner_id = as_text(record.pop("owner_id", ""))
        if owner_id in people.by_id:
            record["owner"] = owner_id
        elif owner:
            record["owner"] = named_person(people, owner, where, notes, "owner")

    # A new plan's tables are built whole, column by column: nothing to undo before the plan exists.
    plan.tables["people"] = columns_frame("people", [d.id for d in people.drafts], people.columns(),
                                          len(people.drafts))
    plan.tables["activities"] = table_frame("activities", activity_ids_list, activity_rows)
    plan.tables["assignments"] = columns_frame("assignments", refs.ids(), refs.table_columns(), length)
    plan.tables["milestones"] = table_frame("milestones", ids_for(plan, "milestones", [
        as_text(m.pop("id", "")) for m in milestones]), milestones)
    for near in near_spellings(d.name for d in people.drafts):
        a, b = people.by_key[normalise(near.a)], people.by_key[normalise(near.b)]
        where = a.first_seen or Note("", "", None, None, "")
        notes.append(Note(where.file, where.sheet, where.row, None,
                          f"{near.a!r} and {near.b!r} are probably the same person ({near.reason}); both kept",
                          kind="alias", person=a.id, field="name", value=b.id))
    plan.notes = notes
    plan.reserve_ids(None if refs.largest_id is None else {"assignments": refs.largest_id})
    return plan
