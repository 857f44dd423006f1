"""Assignments' names made ids in bulk give exactly what the rules give one row at a time.

`AssignmentRefs.resolve` settles rows whose names are known as written by lookups and sends only
the others through the rules; `apply_pickups` fills each person's duties at their first pick-up
and notes the later ones without looking at rows again. Here both are checked against the plain
rules (every row through find/resolve/named_person in row order; every pick-up scanning every
row) on random duty lists full of first names, short forms, reordered names, unknown names, ids,
activities, handovers and repeated pick-ups: same tables, same people, same notes in the same order.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from effortplanner.core.names import normalise
from effortplanner.core.plan import Note, Plan
from effortplanner.core.values import as_text
from effortplanner.io import assignment_refs
from effortplanner.io.assemble import assemble
from effortplanner.io.assignment_refs import AssignmentRefs, keep_id, where_read
from effortplanner.io.pending import Mention, Pending
from effortplanner.io.people_index import named_person
from effortplanner.io.record_columns import ColumnChunk

FIRSTS = ["Paola", "Anna", "Ana", "John", "Li", "Wei", "Felipe", "Tyler", "Mari", "Kwame"]
LASTS = ["Buitrago", "Rossi", "Lennon", "Wang", "Alba", "O'Brien", "Van Dyke", "Smith"]


def _name(rng: random.Random) -> str:
    first, last = rng.choice(FIRSTS), rng.choice(LASTS)
    return rng.choice([f"{first} {last}", f"{first} {last}", f"{first} {last}", first, f"{first} {last[0]}.",
                       f"{last}, {first}", f"{first} Maria {last}", "Nobody Known", "USDC", ""])


def _pending(seed: int, rows: int, as_columns: bool, coded: bool = False) -> list[Pending]:
    rng = random.Random(seed)
    roster = Pending(mentions=[Mention(f"{rng.choice(FIRSTS)} {rng.choice(LASTS)}", "people.xlsx", "Roster", r + 2,
                                       True, {"group": "OPOS"}) for r in range(rng.randint(0, 25))])
    duties = Pending()
    records = []
    for r in range(rows):
        who = _name(rng)
        if who and rng.random() < 0.7:
            duties.mentions.append(Mention(who, "duties.xlsx", "Duties", r + 2, False, {}))
        record: dict[str, object] = {"person_name": who, "source": f"duties.xlsx:Duties:{r + 2}", "duty": f"d{r}"}
        if rng.random() < 0.05:
            record["person_id"] = rng.choice(["P1", "P3", "P99", "P40"])
        if rng.random() < 0.3:
            record["successor_name"] = rng.choice([_name(rng), rng.choice(FIRSTS)])
        if rng.random() < 0.05:
            record["successor_id"] = rng.choice(["P2", "P77", "P30"])
        if rng.random() < 0.4:
            record["handover_to"] = rng.choice([_name(rng), rng.choice(FIRSTS), "NOvA (experiment)", "USDC"])
        if rng.random() < 0.15:
            record["activity_name"] = rng.choice(["Shifts", "Computing", "shifts", "Review"])
        if rng.random() < 0.05:  # T2 and T3 are given to new activities on the way (known only from then on)
            record["activity_id"] = rng.choice(["AC1", "AC7", "T2", "T3"])
        records.append(record)
        if rng.random() < 0.15:
            duties.pickups.append((rng.choice([_name(rng), rng.choice(FIRSTS)]) or "Zed",
                                   rng.choice([_name(rng), rng.choice(FIRSTS)]) or "Zed",
                                   Note("duties.xlsx", "Duties", r + 2, "FY17", "")))
            if rng.random() < 0.4:  # a block's rows repeat its pick-up, one after another
                picker, source, _ = duties.pickups[-1]
                duties.pickups += [(picker, source, Note("duties.xlsx", "Duties", r + 2, f"FY{18 + k}", ""))
                                   for k in range(rng.randint(1, 3))]
    if as_columns:
        names = sorted({k for r in records for k in r})
        chunk = ColumnChunk(len(records), {k: [r.get(k, "") if k != "person_id" else r.get(k) for r in records]
                                           for k in names})
        if coded:  # codes as a reader may hand them over: one per row here (not one per distinct cell)
            chunk.codes = {k: (np.arange(len(records)), np.array([as_text(v) for v in chunk.columns[k]] + [""],
                                                                 dtype=object)[:-1])
                           for k in ("person_name", "successor_name", "handover_to") if k in chunk.columns}
        duties.assignment_columns.append((0, chunk))
    else:
        duties.assignments = records
    if rng.random() < 0.5:
        duties.activities.append({"name": "Shifts", "source": "duties.xlsx:Activities:2"})
    return [roster, duties]


def _row_by_row(self: AssignmentRefs, activity_ids: dict[str, str], activity_rows: list[dict[str, object]],
                activity_list: list[str]) -> None:
    """The rules, every row in turn (what a row-by-row import does)."""
    c, people, notes = self.columns, self.people, self.notes
    self.person = [None] * self.n
    for i in range(self.n):
        name, person_id = as_text(c["person_name"][i]), as_text(c["person_id"][i])
        successor, successor_id = as_text(c["successor_name"][i]), as_text(c["successor_id"][i])
        handover, activity, activity_id = (as_text(c["handover_to"][i]), as_text(c["activity_name"][i]),
                                           as_text(c["activity_id"][i]))
        where = where_read(c["_where"][i] or c["source"][i])
        if person_id in people.by_id:
            self.person[i] = person_id
        elif name:
            self.person[i] = people.resolve(name, where).id  # type: ignore[union-attr]
        if successor_id in people.by_id:
            self.successor[i] = successor_id
        elif successor:
            self.successor[i] = named_person(people, successor, where, notes, "successor")
        if handover and not handover.endswith("(experiment)"):
            draft, _how = people.find(handover)
            if draft is not None and not self.successor[i]:
                self.successor[i], self.handover[i] = draft.id, ""
        if activity_id and activity_id in activity_list:
            self.activity[i] = activity_id
        elif activity:
            key = normalise(activity)
            if key not in activity_ids:
                activity_ids[key] = keep_id(self.plan, "activities", "", activity_list)
                activity_rows.append({"name": activity, "source": c["source"][i]})
                notes.append(Note.at(where, f"activity {activity!r} is not in any activity table; added",
                                     kind="warning"))
            self.activity[i] = activity_ids[key]


def _each_pickup_scans(self: AssignmentRefs, pendings: list[Pending]) -> None:
    """Every pick-up looks at every row (the rule as first written)."""
    people, notes = self.people, self.notes
    for pending in pendings:
        for picker, source, where in pending.pickups:
            picker_draft = people.resolve(picker, where)
            source_draft, _ = people.find(source)
            if source_draft is None or picker_draft is None:
                notes.append(Note.at(where, f"{picker} is to pick up {source}'s duties, but no {source} is in the "
                                            "plan", kind="warning"))
                continue
            taken = 0
            for i in range(self.n):
                if self.person[i] == source_draft.id and not self.successor[i]:
                    self.successor[i] = picker_draft.id
                    taken += 1
            if not taken:
                notes.append(Note.at(where, f"{source_draft.name} has no duties without a successor for {picker} "
                                            "to pick up", kind="warning"))


def _outcome(plan: Plan) -> tuple[object, ...]:
    return (tuple(plan.tables[t].to_json(orient="split", date_format="iso") for t in plan.tables),
            tuple(plan.notes), plan.new_id("people"), plan.new_id("assignments"), plan.new_id("activities"))


@pytest.mark.parametrize("as_columns,coded", [(True, False), (True, True), (False, False)])
def test_bulk_references_and_pickups_equal_the_rules_row_by_row(monkeypatch: pytest.MonkeyPatch,
                                                                 as_columns: bool, coded: bool) -> None:
    for seed in range(25):
        bulk = _outcome(assemble(_pending(seed, 160, as_columns, coded)))
        with monkeypatch.context() as patched:
            patched.setattr(assignment_refs.AssignmentRefs, "resolve", _row_by_row)
            patched.setattr(assignment_refs.AssignmentRefs, "apply_pickups", _each_pickup_scans)
            plain = _outcome(assemble(_pending(seed, 160, as_columns)))
        assert bulk == plain, seed


def test_the_random_lists_meet_every_case() -> None:
    """The lists above do hold what the bulk paths skip or settle: successors by first name,
    handovers to people, unknown names added, repeated pick-ups, new activities."""
    plan = assemble(_pending(1, 400, True))
    messages = " ".join(n.message for n in plan.notes)
    for said in ("named as successor", "has no duties without a successor", "is not in any activity table",
                 "read as", "but no"):
        assert said in messages, said
    assert (plan.assignments["handover_to"] == "").any() and pd.notna(plan.assignments["successor"]).any()
