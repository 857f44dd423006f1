"""Several files' records become one plan: people merged by name, references made ids.

A unique first name that matches a full name is the same person (merged, noted), and so is
the same name in another order ("Lennon, John", "Lennon_John", "LENNON John"). A
near spelling is a different row until the user says otherwise (kept, noted as a
probable alias). When two sources give one person different values, the roster's
value is kept and the other is noted as a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat

import pandas as pd
from rapidfuzz import fuzz, process

from effortplanner.core.names import (ALIAS_THRESHOLD, NearName, is_short_form, near_spellings, normalise,
                                     order_free_key)
from effortplanner.core.plan import Note, Plan, PlanSettings, blank_value, empty_table
from effortplanner.core.schema import SCHEMAS
from effortplanner.core.values import as_text
from effortplanner.io.record_columns import as_records
from effortplanner.io.records import Mention, Pending
from effortplanner.io.sheets import gc_paused


@dataclass
class PersonDraft:
    id: str
    name: str
    cells: dict[str, object] = field(default_factory=dict)
    invalid: dict[str, str] = field(default_factory=dict)
    first_seen: Note | None = None


class People:
    """People found so far, and the rules for deciding whether a name is one of them."""

    def __init__(self, plan: Plan, notes: list[Note]) -> None:
        self.plan, self.notes = plan, notes
        self.drafts: list[PersonDraft] = []
        self.by_key: dict[str, PersonDraft] = {}
        self.by_id: dict[str, PersonDraft] = {}
        self.by_first: dict[str, list[PersonDraft]] = {}
        self._conflicts: set[tuple[str, str, str]] = set()
        # Indexes of the current names, so that finding a short or long form looks at the
        # few people it could mean, never at everyone sharing a first name.
        self._order: dict[int, int] = {}  # id(draft) -> position in drafts
        self._by_name: dict[str, list[PersonDraft]] = {}  # normalised current name -> drafts
        self._multi_by_first: dict[str, list[PersonDraft]] = {}  # first word -> drafts of 2+ words
        self._by_initial: dict[tuple[str, str], list[PersonDraft]] = {}  # (first word, second's initial)
        self._by_words: dict[str, list[PersonDraft]] = {}  # order_free_key -> drafts ("Lennon, John")
        # What find() said for a name, valid until a person is added, renamed or given a new key:
        # a sheet names the same few hundred handovers and successors over thousands of rows.
        self._generation = 0
        self._found: dict[str, tuple[int, tuple[PersonDraft | None, str]]] = {}

    def _index(self, draft: PersonDraft) -> None:
        self._generation += 1
        self.by_id[draft.id] = draft
        self.by_key.setdefault(normalise(draft.name), draft)
        self.by_first.setdefault(normalise(draft.name).split(" ")[0], []).append(draft)
        self._order[id(draft)] = len(self._order)
        self._index_name(draft, add=True)

    def _index_name(self, draft: PersonDraft, add: bool) -> None:
        words = normalise(draft.name).split()
        buckets = [self._by_name.setdefault(" ".join(words), [])]
        if order_free_key(draft.name):
            buckets.append(self._by_words.setdefault(order_free_key(draft.name), []))
        if len(words) > 1:
            buckets.append(self._multi_by_first.setdefault(words[0], []))
            buckets.append(self._by_initial.setdefault((words[0], words[1][0]), []))
        for bucket in buckets:
            if add:
                bucket.append(draft)
            else:
                bucket.remove(draft)

    def _rename(self, draft: PersonDraft, name: str) -> None:
        self._generation += 1
        self._index_name(draft, add=False)
        draft.name = name
        self._index_name(draft, add=True)

    def _in_order(self, drafts: list[PersonDraft]) -> list[PersonDraft]:
        return sorted(drafts, key=lambda d: self._order[id(d)])

    def _longer_forms(self, words: list[str]) -> list[PersonDraft]:
        """Drafts whose name is a longer form of these words ("Paola" -> "Paola Buitrago")."""
        if len(words) == 1:
            return self._in_order(self._multi_by_first.get(words[0], []))
        found = self._by_initial.get((words[0], words[1][0]), [])
        return self._in_order([d for d in found if is_short_form(" ".join(words), d.name)])

    def _shorter_forms(self, words: list[str]) -> list[PersonDraft]:
        """Drafts whose name is a short form of these words ("Paola B." <- "Paola Buitrago")."""
        if len(words) > 8:  # too many forms to spell out: look at everyone of that first name
            return [d for d in self.by_first.get(words[0], []) if is_short_form(d.name, " ".join(words))]
        forms = {words[0]}
        for word in words[1:]:
            forms |= {f"{form} {w}" for form in forms for w in {word, word[0]}}
        forms.discard(" ".join(words))
        found = [d for form in forms for d in self._by_name.get(form, [])]
        return self._in_order([d for d in found if is_short_form(d.name, " ".join(words))])

    def find(self, name: str) -> tuple[PersonDraft | None, str]:
        """The draft a name means and how ("exact", "reordered", "short", "long"), or (None, reason)."""
        hit = self._found.get(name)
        if hit is not None and hit[0] == self._generation:
            return hit[1]
        found = self._find(name)
        self._found[name] = (self._generation, found)
        return found

    def _find(self, name: str) -> tuple[PersonDraft | None, str]:
        key = normalise(name)
        if key in self.by_key:
            return self.by_key[key], "exact"
        words = key.split()
        if not words:
            return None, ""
        reordered = self._by_words.get(order_free_key(name)) if order_free_key(name) else None
        if reordered:
            return self._in_order(reordered)[0], "reordered"
        shorter = self._longer_forms(words)
        if len(shorter) == 1:
            return shorter[0], "short"
        if len(shorter) > 1:
            return None, "ambiguous: " + ", ".join(d.name for d in shorter)
        longer = self._shorter_forms(words)
        if len(longer) == 1:
            return longer[0], "long"
        return None, ""

    def add(self, name: str, where: Note, wanted_id: str = "") -> PersonDraft:
        taken = self.by_id
        new_id = wanted_id if wanted_id and wanted_id not in taken else self.plan.new_id("people")
        while new_id in taken:
            new_id = self.plan.new_id("people")
        draft = PersonDraft(new_id, name, first_seen=where)
        self.drafts.append(draft)
        self._index(draft)
        return draft

    def resolve(self, name: str, where: Note, create: bool = True, wanted_id: str = "") -> PersonDraft | None:
        """A draft for a name used somewhere (a mention, a successor, an owner)."""
        draft, how = self.find(name)
        if draft is not None:
            if how in ("short", "reordered") and normalise(name) not in self.by_key:
                self._merge_note(name, draft, where, why="the same name in another order" if how == "reordered"
                                 else "the only person of that first name")
                self.by_key[normalise(name)] = draft
                self._generation += 1
            elif how == "long":
                # The short name seen first becomes an alias of the full name seen now.
                self._merge_note(draft.name, draft, where, upgrade_to=name)
                self._rename(draft, name)
                self.by_key.setdefault(normalise(name), draft)
            return draft
        if how.startswith("ambiguous"):
            self.notes.append(_at(where, f"{name!r} could be any of {how[11:]}; kept as a separate person",
                                  kind="warning"))
        return self.add(name, where, wanted_id) if create else None

    def _merge_note(self, short: str, draft: PersonDraft, where: Note, upgrade_to: str | None = None,
                    why: str = "the only person of that first name") -> None:
        full = upgrade_to or draft.name
        aliases = [a for a in as_text(draft.cells.get("aliases")).split(";") if a.strip()]
        if short not in aliases:
            draft.cells["aliases"] = ";".join(aliases + [short])
        self.notes.append(_at(where, f"{short!r} read as {full!r} ({why})", kind="merge", person=draft.id))

    def merge_mention(self, mention: Mention) -> PersonDraft:
        where = Note(mention.file, mention.sheet, mention.row, None, "")
        if mention.wanted_id in self.by_id:
            draft: PersonDraft | None = self.by_id[mention.wanted_id]
        elif mention.wanted_id:
            # A row of a file this application wrote: its id says who it is, even if two share a name.
            draft = self.add(mention.name, where, mention.wanted_id)
        else:
            draft = self.resolve(mention.name, where)
        assert draft is not None
        for key, value in mention.cells.items():
            if key == "aliases":
                continue
            current = draft.cells.get(key)
            if current is None or (isinstance(current, str) and not current):
                draft.cells[key] = value
                continue
            if key.endswith(("_text", "_certainty", "_earliest", "_latest")) or key == "placeholder":
                continue
            if _differs(current, value):
                shown = mention.cells.get(f"{key}_text") or as_text(value)
                kept = draft.cells.get(f"{key}_text") or as_text(current)
                if (draft.id, key, as_text(shown)) in self._conflicts:
                    continue  # one note per disagreement, not one per row that repeats it
                self._conflicts.add((draft.id, key, as_text(shown)))
                self.notes.append(Note(mention.file, mention.sheet, mention.row, None,
                                       f"{draft.name}: {key.replace('_', ' ')} {shown!r} here, {kept!r} elsewhere; "
                                       f"kept {kept!r}", kind="conflict", person=draft.id, field=key,
                                       value=as_text(shown)))
        if key_aliases := as_text(mention.cells.get("aliases")):
            existing = [a for a in as_text(draft.cells.get("aliases")).split(";") if a.strip()]
            draft.cells["aliases"] = ";".join(dict.fromkeys(existing + key_aliases.split(";")))
        for key, reason in mention.invalid.items():
            draft.invalid.setdefault(key, reason)
        return draft


def _differs(a: object, b: object) -> bool:
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        return not (pd.isna(a) and pd.isna(b)) and a != b
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) > 1e-9
    return as_text(a) != as_text(b) and bool(as_text(b))


def _at(where: Note, message: str, kind: str = "info", person: str | None = None) -> Note:
    return Note(where.file, where.sheet, where.row, where.column, message, kind=kind, person=person)


def _where_of(record: dict[str, object]) -> Note:
    """Where a record was read (not its `source` column, which may name an older file)."""
    return _where(record.pop("_where", None) or record["source"])


def _where(source: object) -> Note:
    file, _, rest = as_text(source).rpartition(":")  # "file:sheet:row"; file may hold ':' on Windows
    file, _, sheet = file.rpartition(":")
    return Note(file, sheet, int(rest) if rest.isdigit() else None, None, "")


def assemble(pendings: list[Pending], settings: PlanSettings | None = None) -> Plan:
    """One plan from every file's pending records."""
    with gc_paused():
        return _assemble(pendings, settings)


def _assemble(pendings: list[Pending], settings: PlanSettings | None = None) -> Plan:
    plan = Plan(settings)
    for p in pendings:
        as_records(p)
    notes: list[Note] = [n for p in pendings for n in p.notes]
    people = People(plan, notes)
    mentions = [m for p in pendings for m in p.mentions]
    for mention in sorted(mentions, key=lambda m: not m.from_roster):  # the roster speaks first
        people.merge_mention(mention)

    activity_ids: dict[str, str] = {}
    activity_rows: list[dict[str, object]] = []
    activity_ids_list: list[str] = []
    for record in (r for p in pendings for r in p.activities):
        name_key = normalise(as_text(record["name"]))
        # Rows with ids (a file this application wrote) are distinct even when names repeat.
        if not record.get("id") and name_key in activity_ids:
            notes.append(_at(_where_of(record), f"activity {record['name']!r} listed twice; first kept",
                             kind="warning"))
            continue
        record.pop("_where", None)
        activity_ids.setdefault(name_key, _keep_id(plan, "activities", record, activity_ids_list))
        activity_rows.append(record)

    assignments = [r for p in pendings for r in p.assignments]
    for record in assignments:
        source = record.pop("_where", None) or record["source"]
        where: Note | None = None  # made only when a note or a new person needs it
        name = as_text(record.pop("person_name", ""))
        person_id = as_text(record.pop("person_id", ""))
        if person_id in people.by_id:
            record["person"] = person_id
        elif name:
            known = people.by_key.get(normalise(name))  # the usual case: a name already met, as written
            if known is None:
                where = _where(source)
                known = people.resolve(name, where)
            record["person"] = known.id  # type: ignore[union-attr]
        else:
            record["person"] = None
        successor = as_text(record.pop("successor_name", ""))
        successor_id = as_text(record.pop("successor_id", ""))
        if successor_id in people.by_id:
            record["successor"] = successor_id
        elif successor:
            where = where or _where(source)
            record["successor"] = _named_person(people, successor, where, notes, "successor")
        handover = as_text(record.get("handover_to"))
        if handover and not handover.endswith("(experiment)"):
            draft, how = people.find(handover)
            if draft is not None and not record.get("successor"):
                record["successor"], record["handover_to"] = draft.id, ""
        activity = as_text(record.pop("activity_name", ""))
        activity_id = as_text(record.pop("activity_id", ""))
        if activity_id and activity_id in activity_ids_list:  # ids are never blank: no scan for most rows
            record["activity"] = activity_id
        elif activity:
            key = normalise(activity)
            if key not in activity_ids:
                activity_ids[key] = _keep_id(plan, "activities", {}, activity_ids_list)
                activity_rows.append({"name": activity, "source": record["source"]})
                notes.append(_at(where or _where(source), f"activity {activity!r} is not in any activity table; added",
                                 kind="warning"))
            record["activity"] = activity_ids[key]

    _apply_pickups(pendings, people, assignments, notes)

    milestones = [r for p in pendings for r in p.milestones]
    for record in milestones:
        where = _where_of(record)
        owner = as_text(record.pop("owner_name", ""))
        owner_id = as_text(record.pop("owner_id", ""))
        if owner_id in people.by_id:
            record["owner"] = owner_id
        elif owner:
            record["owner"] = _named_person(people, owner, where, notes, "owner")

    person_rows = [{"name": d.name, **d.cells, "invalid": d.invalid or None} for d in people.drafts]
    # A new plan's tables are built whole, column by column: nothing to undo before the plan exists.
    plan.tables["people"] = table_frame("people", [d.id for d in people.drafts], person_rows)
    plan.tables["activities"] = table_frame("activities", activity_ids_list, activity_rows)
    plan.tables["assignments"] = table_frame("assignments", _ids(plan, "assignments", assignments), assignments)
    plan.tables["milestones"] = table_frame("milestones", _ids(plan, "milestones", milestones), milestones)
    for near in near_spellings(d.name for d in people.drafts):
        a, b = people.by_key[normalise(near.a)], people.by_key[normalise(near.b)]
        where = a.first_seen or Note("", "", None, None, "")
        notes.append(Note(where.file, where.sheet, where.row, None,
                          f"{near.a!r} and {near.b!r} are probably the same person ({near.reason}); both kept",
                          kind="alias", person=a.id, field="name", value=b.id))
    plan.notes = notes
    plan.reserve_ids()
    return plan


def table_frame(table: str, ids: Sequence[str], rows: Sequence[dict[str, object]]) -> pd.DataFrame:
    """A plan table (the schema's columns and dtypes) from physical-value dicts, each column taken
    from every row at C speed (`map(dict.get, ...)`) instead of one Python step per cell."""
    schema = SCHEMAS[table]
    template = empty_table(schema)
    index = pd.Index(list(ids), dtype=object, name="id")
    data: dict[str, pd.Series] = {}
    for column in template.columns:
        values = list(map(dict.get, rows, repeat(column), repeat(blank_value(schema, column))))
        dtype = template[column].dtype
        # Object columns stay object: pandas would otherwise infer a string dtype and turn
        # None (no reference) into NaN, which is truthy.
        series = pd.Series(values, dtype=object) if dtype == object else pd.Series(values).astype(dtype)
        data[column] = series.set_axis(index)
    return pd.DataFrame(data, index=index, columns=template.columns)


def _near_names(people: People, name: str) -> list[NearName]:
    """Near spellings of one name among the people found: compared against first names only."""
    first = normalise(name).split(" ")[0]
    close = process.extract(first, list(people.by_first), scorer=fuzz.ratio, score_cutoff=ALIAS_THRESHOLD,
                            limit=None)
    candidates = [d.name for key, _score, _i in close for d in people.by_first[key]]
    return [n for n in near_spellings([name, *candidates]) if name in (n.a, n.b)]


def _named_person(people: People, name: str, where: Note, notes: list[Note], role: str) -> str:
    """The person a successor or owner name means; a unique near spelling is taken, with a warning."""
    known, _how = people.find(name)
    if known is None:
        near = _near_names(people, name)
        if len(near) == 1:
            other = near[0].b if near[0].a == name else near[0].a
            draft = people.by_key[normalise(other)]
            notes.append(_at(where, f"{name!r}, named as {role}, read as {draft.name!r} (the only similar name); "
                                    "check the spelling", kind="warning", person=draft.id))
            return draft.id
    resolved = people.resolve(name, where)
    assert resolved is not None
    if known is None:
        notes.append(_at(where, f"{name!r}, named as {role}, is on no roster or duty list; added as a person",
                         kind="warning", person=resolved.id))
    return resolved.id


def _apply_pickups(pendings: list[Pending], people: People, assignments: list[dict[str, object]],
                   notes: list[Note]) -> None:
    """ "Will pick up Paola's assignments": the picker succeeds Paola on each of her duties."""
    by_person: dict[object, list[dict[str, object]]] = {}
    for record in assignments:
        by_person.setdefault(record.get("person"), []).append(record)
    for picker, source, where in (p for pending in pendings for p in pending.pickups):
        picker_draft = people.resolve(picker, where)
        source_draft, _ = people.find(source)
        if source_draft is None or picker_draft is None:
            notes.append(_at(where, f"{picker} is to pick up {source}'s duties, but no {source} is in the plan",
                             kind="warning"))
            continue
        taken = 0
        for record in by_person.get(source_draft.id, ()):
            if not record.get("successor"):
                record["successor"] = picker_draft.id
                taken += 1
        if not taken:
            notes.append(_at(where, f"{source_draft.name} has no duties without a successor for {picker} to pick up",
                             kind="warning"))


def _keep_id(plan: Plan, table: str, record: dict[str, object], ids: list[str],
             taken: set[str] | None = None) -> str:
    """The record's own id when it has a free one (a file read back), else a new one."""
    taken = set(ids) if taken is None else taken
    wanted = as_text(record.pop("id", "")) if record else ""
    new = wanted if wanted and wanted not in taken else plan.new_id(table)
    while new in taken:
        new = plan.new_id(table)
    ids.append(new)
    taken.add(new)
    return new


def _ids(plan: Plan, table: str, records: list[dict[str, object]]) -> list[str]:
    ids: list[str] = []
    taken: set[str] = set()
    for record in records:
        _keep_id(plan, table, record, ids, taken)
    return ids
