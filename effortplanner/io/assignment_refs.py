"""Every file's assignments as one set of columns, their names made ids.

Most rows name a person already met, as written, and nothing else: their person id is a
dictionary lookup per distinct name. Rows that name a successor, a handover that may be
a person, an activity or a person not yet met take `People`'s rules one at a time, in
row order, so that who is added first (and every note) is as a row-by-row pass gives.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from itertools import repeat

import numpy as np
import pandas as pd

from effortplanner.core.names import normalise
from effortplanner.core.plan import Note, Plan
from effortplanner.core.schema import SCHEMAS
from effortplanner.core.values import as_text
from effortplanner.io.column_codes import per_value
from effortplanner.io.people_index import People, named_person, note_at
from effortplanner.io.record_columns import (Column, ColumnChunk, assignment_chunks, concat_columns, dict_columns,
                                             schema_defaults)
from effortplanner.io.pending import Pending

# What a record says by name (or by an id a file of ours gave), resolved here, not stored.
REFERENCES = ("person_name", "person_id", "successor_name", "successor_id", "activity_name", "activity_id", "id",
              "_where")


def where_read(source: object) -> Note:
    """A note's place from "file:sheet:row" (the file may hold ':' on Windows)."""
    file, _, rest = as_text(source).rpartition(":")
    file, _, sheet = file.rpartition(":")
    return Note(file, sheet, int(rest) if rest.isdigit() else None, None, "")


def gather(pendings: Sequence[Pending]) -> tuple[dict[str, Column], int]:
    """Every pending assignment, in reading order, as columns (schema columns and REFERENCES)."""
    defaults = schema_defaults("assignments")
    names = list(defaults) + list(REFERENCES)
    chunks: list[ColumnChunk] = []
    for pending in pendings:
        for chunk in assignment_chunks(pending):
            if not isinstance(chunk, ColumnChunk):
                chunks.append(dict_columns(chunk, names, defaults))
                continue
            columns = dict(chunk.columns)
            for name in names:
                if name not in columns:
                    columns[name] = [defaults.get(name)] * chunk.length
            chunks.append(ColumnChunk(chunk.length, columns))
    return concat_columns(chunks, names), sum(c.length for c in chunks)


def _texts(column: Column) -> list[str]:
    """as_text of every cell, once per distinct cell; a column of one repeated cell (a reference
    no row gives: [None] * n) at once."""
    if isinstance(column, list) and column and all(map(operator.is_, column, repeat(column[0]))):
        return [as_text(column[0])] * len(column)
    return per_value(column, as_text)


def _per_distinct(texts: Sequence[str], compute: Callable[[str], object], dtype: type = bool) -> np.ndarray:
    """compute(text) for every text as an array, computed once per distinct text."""
    codes, uniques = pd.factorize(np.asarray(texts, dtype=object))
    return np.asarray([compute(u) for u in uniques.tolist()], dtype=dtype)[codes] if len(codes) else (
        np.zeros(0, dtype=dtype))


class AssignmentRefs:
    """Resolves the reference columns of all assignments against the people and activities found."""

    def __init__(self, columns: dict[str, Column], length: int, people: People, plan: Plan, notes: list[Note]) -> None:
        self.columns, self.n, self.people, self.plan, self.notes = columns, length, people, plan, notes
        self.names = _texts(columns["person_name"])
        self.person: list[object] = [None] * length
        self.successor: list[object] = list(columns["successor"])
        self.handover: list[object] = list(columns["handover_to"])
        self.activity: list[object] = list(columns["activity"])

    def resolve(self, activity_ids: dict[str, str], activity_rows: list[dict[str, object]],
                activity_list: list[str]) -> None:
        """person, successor, handover_to and activity of every row (notes and new people as they come)."""
        c, people = self.columns, self.people
        person_ids = _texts(c["person_id"])
        successors = _texts(c["successor_name"])
        successor_ids = _texts(c["successor_id"])
        handovers = _texts(c["handover_to"])
        activities = _texts(c["activity_name"])
        activity_id_texts = _texts(c["activity_id"])
        # A name's key is in by_key for good once it is there: rows naming such a person (and nothing
        # to resolve besides) are settled now, whatever the rows before them add. Rows naming a
        # person met as written (or by a known id) and nothing else to resolve are settled by
        # lookup, a column at a time; the others go one by one, in row order.
        by_key, by_id = people.by_key, people.by_id
        busy = _per_distinct(handovers, lambda h: bool(h) and not h.endswith("(experiment)"))
        for texts in (successors, successor_ids, activities, activity_id_texts):
            busy |= np.asarray(texts, dtype=object) != ""
        met = _per_distinct(self.names, lambda n: by_key[k].id if n and (k := normalise(n)) in by_key else None,
                            dtype=object)
        pids = np.asarray(person_ids, dtype=object)
        has_id = pids != ""
        unknown_id = has_id & ~_per_distinct(person_ids, by_id.__contains__)
        unmet = ~has_id & (np.asarray(self.names, dtype=object) != "") & np.equal(met, None)
        todo = np.flatnonzero(busy | unknown_id | unmet).tolist()
        self.person = np.where(has_id, pids, met).tolist()
        for i in todo:
            self.person[i] = None
            self._row(i, person_ids[i], successors[i], successor_ids[i], handovers[i], activities[i],
                      activity_id_texts[i], activity_ids, activity_rows, activity_list)

    def _row(self, i: int, person_id: str, successor: str, successor_id: str, handover: str, activity: str,
             activity_id: str, activity_ids: dict[str, str], activity_rows: list[dict[str, object]],
             activity_list: list[str]) -> None:
        """One row with something to resolve, by the rules a row-by-row pass applies."""
        people, notes, name = self.people, self.notes, self.names[i]
        source = self.columns["_where"][i] or self.columns["source"][i]
        where: Note | None = None  # made only when a note or a new person needs it (rarely)
        if person_id in people.by_id:
            self.person[i] = person_id
        elif name:
            known = people.by_key.get(normalise(name))  # the usual case: a name already met, as written
            if known is None:
                where = where_read(source)
                known = people.resolve(name, where)
            self.person[i] = known.id  # type: ignore[union-attr]
        if successor_id in people.by_id:
            self.successor[i] = successor_id
        elif successor:
            draft, how = people.find(successor)
            if draft is not None and how == "exact":  # named as written: nothing to note, no one to add
                self.successor[i] = draft.id
            else:
                where = where or where_read(source)
                self.successor[i] = named_person(people, successor, where, notes, "successor")
        if handover and not handover.endswith("(experiment)"):
            draft, _how = people.find(handover)
            if draft is not None and not self.successor[i]:
                self.successor[i], self.handover[i] = draft.id, ""
        if activity_id and activity_id in activity_list:  # ids are never blank: no scan for most rows
            self.activity[i] = activity_id
        elif activity:
            key = normalise(activity)
            if key not in activity_ids:
                activity_ids[key] = keep_id(self.plan, "activities", "", activity_list)
                activity_rows.append({"name": activity, "source": self.columns["source"][i]})
                notes.append(note_at(where or where_read(source),
                                     f"activity {activity!r} is not in any activity table; added", kind="warning"))
            self.activity[i] = activity_ids[key]

    def apply_pickups(self, pendings: Sequence[Pending]) -> None:
        """ "Will pick up Paola's assignments": the picker succeeds Paola on each of her duties."""
        people, notes, successor = self.people, self.notes, self.successor
        pickups = [p for pending in pendings for p in pending.pickups]
        if not pickups:
            return
        # Each person's rows, in row order (rows with no person are left out: nobody picks those up).
        codes, ids = pd.factorize(np.asarray(self.person, dtype=object))
        order = np.argsort(codes, kind="stable")[int(np.count_nonzero(codes < 0)):]
        ends = np.cumsum(np.bincount(codes[codes >= 0], minlength=len(ids))).tolist()
        place = {pid: k for k, pid in enumerate(ids.tolist())}
        for picker, source, where in pickups:
            # A name met as written is that person (what resolve says, without the search).
            picker_draft = people.by_key.get(normalise(picker)) or people.resolve(picker, where)
            source_draft, _ = people.find(source)
            if source_draft is None or picker_draft is None:
                notes.append(note_at(where, f"{picker} is to pick up {source}'s duties, but no {source} is in the "
                                            "plan", kind="warning"))
                continue
            taken = 0
            k = place.get(source_draft.id)
            for i in order[ends[k - 1] if k else 0:ends[k]].tolist() if k is not None else ():
                if not successor[i]:
                    successor[i] = picker_draft.id
                    taken += 1
            if not taken:
                notes.append(note_at(where, f"{source_draft.name} has no duties without a successor for {picker} to "
                                            "pick up", kind="warning"))

    def table_columns(self) -> dict[str, Column]:
        """The schema's columns with the references resolved."""
        out = dict(self.columns)
        out.update(person=self.person, successor=self.successor, handover_to=self.handover, activity=self.activity)
        return out

    def ids(self) -> list[str]:
        """Each row's id: the one a file of ours gave when free, else a new one."""
        wanted = _texts(self.columns["id"])
        if any(wanted) or not self.plan.tables["assignments"].empty or not self.n:
            return ids_for(self.plan, "assignments", wanted)
        # No ids to keep, none taken: new ids count on from the first (what new_id would give each row).
        prefix = SCHEMAS["assignments"].id_prefix
        first = int(self.plan.new_id("assignments")[len(prefix):])
        return [f"{prefix}{k}" for k in range(first, first + self.n)]


def keep_id(plan: Plan, table: str, wanted: str, ids: list[str], taken: set[str] | None = None) -> str:
    """The record's own id when it has a free one (a file read back), else a new one."""
    taken = set(ids) if taken is None else taken
    new = wanted if wanted and wanted not in taken else plan.new_id(table)
    while new in taken:
        new = plan.new_id(table)
    ids.append(new)
    taken.add(new)
    return new


def ids_for(plan: Plan, table: str, wanted: Sequence[str], taken: set[str] | None = None) -> list[str]:
    ids: list[str] = []
    taken = set() if taken is None else taken
    for text in wanted:
        keep_id(plan, table, text, ids, taken)
    return ids
