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
from effortplanner.io.column_codes import codes_of, objects, per_value
from effortplanner.io.people_index import People, named_person
from effortplanner.io.record_columns import (Column, ColumnChunk, assignment_chunks, concat_columns, dict_columns,
                                             schema_defaults)
from effortplanner.io.pending import Pending

# What a record says by name (or by an id a file of ours gave), resolved here, not stored.
REFERENCES = ("person_name", "person_id", "successor_name", "successor_id", "activity_name", "activity_id", "id",
              "_where")
_UNKNOWN = object()  # a name not (yet) known as written: the row takes the rules


def where_read(source: object) -> Note:
    """A note's place from "file:sheet:row" (the file may hold ':' on Windows)."""
    file, _, rest = as_text(source).rpartition(":")
    file, _, sheet = file.rpartition(":")
    return Note(file, sheet, int(rest) if rest.isdigit() else None, None, "")


def gather(pendings: Sequence[Pending]) -> tuple[dict[str, Column], int, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Every pending assignment, in reading order, as columns (schema columns and REFERENCES), and
    the codes the reader gave its columns when all of them come from one chunk."""
    defaults = schema_defaults("assignments")
    names = list(defaults) + list(REFERENCES)
    chunks: list[ColumnChunk] = []
    for pending in pendings:
        for chunk in assignment_chunks(pending):
            if not (chunk.length if isinstance(chunk, ColumnChunk) else chunk):
                continue  # a file with no assignments (a roster): nothing to join (joining copies every cell)
            if not isinstance(chunk, ColumnChunk):
                chunks.append(dict_columns(chunk, names, defaults))
                continue
            columns = dict(chunk.columns)
            for name in names:
                if name not in columns:
                    columns[name] = [defaults.get(name)] * chunk.length
            chunks.append(ColumnChunk(chunk.length, columns, chunk.codes))
    codes = chunks[0].codes if len(chunks) == 1 else {}
    return concat_columns(chunks, names), sum(c.length for c in chunks), codes


def _texts(column: Column) -> list[str]:
    """as_text of every cell, once per distinct cell; a column of one repeated cell (a reference
    no row gives: [None] * n) at once."""
    if isinstance(column, list) and column and all(map(operator.is_, column, repeat(column[0]))):
        return [as_text(column[0])] * len(column)
    return per_value(column, as_text)


def _blank(column: list) -> bool:
    """Every cell None or "" (counted at C speed)."""
    try:
        return column.count(None) + column.count("") == len(column)
    except (TypeError, ValueError):  # a cell that cannot say whether it equals "" (pd.NA, an array)
        return False


def _coded(column: Column) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's code among the column's distinct cells, and as_text of those (an object array).
    A column with nothing in it (a reference no row gives) is one code at once."""
    if isinstance(column, list) and _blank(column):
        return np.zeros(len(column), dtype=np.intp), np.array([""], dtype=object)
    codes, values = codes_of(column)
    return codes, objects(map(as_text, values), len(values))


def _as_written(people: People, given_id: str, name: str, otherwise: object) -> object:
    """The id a row gives when someone has it, else the person its name means as written,
    _UNKNOWN when no one is known by that name as written (yet), `otherwise` when neither is given."""
    if given_id in people.by_id:
        return given_id
    if name:
        draft = people.by_key.get(normalise(name))
        return draft.id if draft is not None else _UNKNOWN
    return otherwise


class AssignmentRefs:
    """Resolves the reference columns of all assignments against the people and activities found."""

    def __init__(self, columns: dict[str, Column], length: int, people: People, plan: Plan, notes: list[Note],
                 codes: dict[str, tuple[np.ndarray, np.ndarray]] | None = None) -> None:
        self.columns, self.n, self.people, self.plan, self.notes = columns, length, people, plan, notes
        self.codes = codes or {}  # columns the reader coded already (as _coded would code them)
        self.person: list[object] = [None] * length
        self.successor: list[object] = list(columns["successor"])
        self.handover: list[object] = list(columns["handover_to"])
        self.activity: list[object] = list(columns["activity"])
        self.largest_id: int | None = None  # the largest number of the ids `ids` made, when it numbered them all

    def resolve(self, activity_ids: dict[str, str], activity_rows: list[dict[str, object]],
                activity_list: list[str]) -> None:
        """person, successor, handover_to and activity of every row (notes and new people as they come).

        Each column is coded once by its distinct cells; whatever can be said of a text is said
        per distinct text. A name's key is in by_key for good once it is there: rows naming a
        person met as written (or by a known id) and nothing else to resolve are settled by
        lookup, a column at a time. The others are taken in row order: those whose names are
        all known as written by the time they come are settled by lookup too, the rest go
        through the rules (_row), which may add or rename people and write notes.
        """
        people, by_key, by_id = self.people, self.people.by_key, self.people.by_id
        coded = {name: self.codes.get(name) or _coded(self.columns[name]) for name in (
            "person_name", "person_id", "successor_name", "successor_id", "handover_to", "activity_name",
            "activity_id")}

        def per_row(name: str, test: Callable[[str], object], dtype: type = bool) -> np.ndarray:
            codes, texts = coded[name]
            return np.fromiter(map(test, texts), dtype=dtype, count=len(texts))[codes]

        def filled(name: str) -> np.ndarray:
            return per_row(name, bool)

        live = per_row("handover_to", lambda h: bool(h) and not h.endswith("(experiment)"))  # a handover to look up
        busy = live | filled("successor_name") | filled("successor_id") | filled("activity_name") | filled("activity_id")
        met = per_row("person_name", lambda n: by_key[k].id if n and (k := normalise(n)) in by_key else None,
                      dtype=object)
        pid_codes, pid_texts = coded["person_id"]
        has_id = filled("person_id")
        unknown_id = has_id & ~per_row("person_id", by_id.__contains__)
        unmet = ~has_id & filled("person_name") & np.equal(met, None)
        todo = np.flatnonzero(busy | unknown_id | unmet)
        self.person = (np.where(has_id, pid_texts[pid_codes], met) if has_id.any() else met).tolist()
        texts = {name: texts[codes[todo]].tolist() for name, (codes, texts) in coded.items()}
        person, successor, handover, activity = self.person, self.successor, self.handover, self.activity
        find, listed, looked_up = people.find, set(activity_list), live[todo].tolist()
        for n, i in enumerate(todo.tolist()):
            pid, name, sid, named, aid, act = (texts["person_id"][n], texts["person_name"][n], texts["successor_id"][n],
                                               texts["successor_name"][n], texts["activity_id"][n],
                                               texts["activity_name"][n])
            who, after = _as_written(people, pid, name, None), _as_written(people, sid, named, successor[i])
            if aid and aid in listed:
                what: object = aid
            elif act:
                what = activity_ids.get(normalise(act), _UNKNOWN)
            else:
                what = activity[i]
            if who is _UNKNOWN or after is _UNKNOWN or what is _UNKNOWN:
                person[i] = None
                self._row(i, name, pid, named, sid, texts["handover_to"][n], act, aid, activity_ids, activity_rows,
                          activity_list)
                if len(listed) != len(activity_list):
                    listed.update(activity_list)
                continue
            if looked_up[n] and not after:
                draft = find(texts["handover_to"][n])[0]
                if draft is not None:
                    after, handover[i] = draft.id, ""
            person[i], successor[i], activity[i] = who, after, what

    def _row(self, i: int, name: str, person_id: str, successor: str, successor_id: str, handover: str, activity: str,
             activity_id: str, activity_ids: dict[str, str], activity_rows: list[dict[str, object]],
             activity_list: list[str]) -> None:
        """One row with something to resolve, by the rules a row-by-row pass applies."""
        people, notes = self.people, self.notes
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
                notes.append(Note.at(where or where_read(source),
                                     f"activity {activity!r} is not in any activity table; added", kind="warning"))
            self.activity[i] = activity_ids[key]

    def apply_pickups(self, pendings: Sequence[Pending]) -> None:
        """ "Will pick up Paola's assignments": the picker succeeds Paola on each of her duties.

        The first pick-up of a person fills every duty of theirs without a successor, so a later
        one finds none (and says so) without looking at the rows again: each row is looked at once.
        """
        people, notes, successor = self.people, self.notes, self.successor
        pickups = [p for pending in pendings for p in pending.pickups]
        if not pickups:
            return
        # Each person's rows, in row order (rows with no person are left out: nobody picks those up).
        codes, ids = pd.factorize(np.asarray(self.person, dtype=object))
        order = np.argsort(codes, kind="stable")[int(np.count_nonzero(codes < 0)):]
        ends = np.cumsum(np.bincount(codes[codes >= 0], minlength=len(ids))).tolist()
        place = {pid: k for k, pid in enumerate(ids.tolist())}
        picked: set[str] = set()  # people whose duties were picked up: none is left without a successor
        by_key, find, note = people.by_key, people.find, Note.at
        last: tuple[str, str] | None = None  # the pick-up before, and what the same one again says
        again = ""
        for picker, source, where in pickups:
            if (picker, source) == last:
                # A block's rows repeat its pick-up: the first found both and took the duties (or
                # found no one), nobody was added since, so the same one again finds nothing to take.
                notes.append(note(where, again, "warning"))
                continue
            last = (picker, source)
            # A name met as written is that person (what resolve says, without the search).
            picker_draft = by_key.get(normalise(picker)) or people.resolve(picker, where)
            source_draft, _ = find(source)
            if source_draft is None or picker_draft is None:
                again = f"{picker} is to pick up {source}'s duties, but no {source} is in the plan"
                notes.append(note(where, again, "warning"))
                continue
            again = f"{source_draft.name} has no duties without a successor for {picker} to pick up"
            taken = 0
            if source_draft.id not in picked:
                picked.add(source_draft.id)
                k = place.get(source_draft.id)
                for i in order[ends[k - 1] if k else 0:ends[k]].tolist() if k is not None else ():
                    if not successor[i]:
                        successor[i] = picker_draft.id
                        taken += 1
            if not taken:
                notes.append(note(where, again, "warning"))

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
        self.largest_id = first + self.n - 1
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
