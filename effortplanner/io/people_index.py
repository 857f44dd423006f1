"""People found across files, indexed so that a name is matched by key, never by a scan.

A unique first name that matches a full name is the same person (merged, noted), and so is
the same name in another order ("Lennon, John", "Lennon_John", "LENNON John"). A near
spelling is a different row until the user says otherwise (kept, noted as a probable
alias). When two sources give one person different values, the roster's value is kept
and the other is noted as a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat

import pandas as pd
from rapidfuzz import fuzz, process

from effortplanner.core.names import ALIAS_THRESHOLD, NearName, is_short_form, near_pair, normalise
from effortplanner.core.plan import Note, Plan
from effortplanner.core.values import as_text
from effortplanner.io.name_relations import NameKeys, name_keys, unrelated_keys
from effortplanner.io.pending import Mention, MentionColumns
from effortplanner.io.record_columns import schema_defaults


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
        key, words, reordered = name_keys(draft.name)
        first = words[0] if words else ""
        self.by_id[draft.id] = draft
        self.by_key.setdefault(key, draft)
        self.by_first.setdefault(first, []).append(draft)
        self._order[id(draft)] = len(self.drafts) - 1  # add() appended it
        # What _index_name(draft, add=True) does, spelled out: every person passes here once.
        self._by_name.setdefault(key, []).append(draft)
        if reordered:
            self._by_words.setdefault(reordered, []).append(draft)
        if len(words) > 1:
            self._multi_by_first.setdefault(first, []).append(draft)
            self._by_initial.setdefault((first, words[1][0]), []).append(draft)

    def _index_name(self, draft: PersonDraft, add: bool) -> None:
        key, words, reordered = name_keys(draft.name)
        buckets = [self._by_name.setdefault(key, [])]
        if reordered:
            buckets.append(self._by_words.setdefault(reordered, []))
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
        # A longer form has at least these words and, past an initial, the same second word.
        found = [d for d in found if len(name_keys(d.name)[1]) >= len(words) and
                 (len(words[1]) == 1 or name_keys(d.name)[1][1] == words[1])]
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
        key, words_, order_free = name_keys(name)
        if key in self.by_key:
            return self.by_key[key], "exact"
        words = list(words_)
        if not words:
            return None, ""
        reordered = self._by_words.get(order_free) if order_free else None
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
            self.notes.append(Note.at(where, f"{name!r} could be any of {how[11:]}; kept as a separate person",
                                  kind="warning"))
        return self.add(name, where, wanted_id) if create else None

    def _merge_note(self, short: str, draft: PersonDraft, where: Note, upgrade_to: str | None = None,
                    why: str = "the only person of that first name") -> None:
        full = upgrade_to or draft.name
        aliases = [a for a in as_text(draft.cells.get("aliases")).split(";") if a.strip()]
        if short not in aliases:
            draft.cells["aliases"] = ";".join(aliases + [short])
        self.notes.append(Note.at(where, f"{short!r} read as {full!r} ({why})", kind="merge", person=draft.id))

    def columns(self) -> dict[str, list[object]]:
        """The people table's columns, a person a row: their name, their cells, what was invalid
        (what one dict per person, {"name": name, **cells, "invalid": ...}, holds, without the dicts)."""
        drafts = self.drafts
        cells = [d.cells for d in drafts]
        out: dict[str, list[object]] = {}
        for column, blank in schema_defaults("people").items():
            out[column] = list(map(dict.get, cells, repeat(column), repeat(blank)))
        out["name"] = [c["name"] if "name" in c else d.name for c, d in zip(cells, drafts)]
        out["invalid"] = [d.invalid or None for d in drafts]
        return out

    def merge_mentions(self, chunks: Sequence[MentionColumns]) -> None:
        """Every mention, the roster's first, as merge_mention one at a time would take them.

        Each distinct name's keys are worked out once for every sheet. Most names are met as
        written (one lookup) or are new and unlike any other name read: those are added without
        a search, a sheet's at once, and enter the search indexes in one pass at the end (no rule
        leads another name of this list to them, so nothing looks for them sooner). Only the few
        that may be a short, long or reordered form of another take the rules one at a time.
        """
        # The roster speaks first (a stable sort on `not from_roster`, in two passes).
        ordered = [c for c in chunks if c.from_roster] + [c for c in chunks if not c.from_roster]
        keys = {name: name_keys(name) for name in set().union(*(c.names for c in ordered))}
        unrelated = unrelated_keys(keys)
        settled = {keys[name][0] for name in unrelated}  # a key is related or not, whatever its spelling
        late: list[PersonDraft] = []
        for chunk in ordered:
            row_keys = [keys[name][0] for name in chunk.names]
            new = set(row_keys).difference(self.by_key)
            if chunk.wanted_ids is None and new <= settled:
                self._merge_settled(chunk, row_keys, new, keys, late)
            else:
                self._merge_by_rules(chunk, row_keys, unrelated, keys, late)
        if late:
            self._index_late(late, keys)

    def _merge_settled(self, chunk: MentionColumns, row_keys: list[str], new: set[str], keys: NameKeys,
                       late: list[PersonDraft]) -> None:
        """A sheet whose every name is known as written or new and unrelated: its new people added
        first (at their first rows, in order), then every other row's cells merged in row order. The
        same as row by row: adding a person makes no note and touches nobody else."""
        first: dict[str, int] = dict(zip(reversed(row_keys), range(len(row_keys) - 1, -1, -1)))
        adds = sorted(first[key] for key in new)
        if adds:
            self._add_unrelated(chunk, adds, [row_keys[p] for p in adds], keys, late)
        if len(adds) == len(row_keys):
            return
        added, by_key, take = set(adds), self.by_key, self._take_cells
        file, sheet = chunk.file, chunk.sheet
        for pos, key, cells, invalid, row in zip(range(len(row_keys)), row_keys, chunk.cells, chunk.invalid,
                                                 chunk.rows):
            if pos not in added:
                take(by_key[key], cells, invalid, file, sheet, row)

    def _merge_by_rules(self, chunk: MentionColumns, row_keys: list[str], unrelated: set[str], keys: NameKeys,
                        late: list[PersonDraft]) -> None:
        """A sheet with names that may be another's short, long or reordered form (or with ids of
        its own), row by row: what merge_mention does, with unrelated new names added as above."""
        by_key, take = self.by_key, self._take_cells
        file, sheet = chunk.file, chunk.sheet
        for pos, (name, key, row, cells, invalid, wanted) in enumerate(zip(
                chunk.names, row_keys, chunk.rows, chunk.cells, chunk.invalid, chunk.wanted_ids or repeat(""))):
            if wanted:
                self.merge_mention(Mention(name, file, sheet, row, chunk.from_roster, cells, invalid, wanted))
                continue
            draft = by_key.get(key)
            if draft is None:
                if name in unrelated:
                    self._add_unrelated(chunk, [pos], [key], keys, late)
                    continue
                draft = self.resolve(name, Note(file, sheet, row, None, ""))
                assert draft is not None
            take(draft, cells, invalid, file, sheet, row)

    def _add_unrelated(self, chunk: MentionColumns, positions: list[int], row_keys: list[str], keys: NameKeys,
                       late: list[PersonDraft]) -> None:
        """What add() does for the rows at `positions` (new names, unrelated to any other), in order,
        the search indexes left for _index_late."""
        by_id = self.by_id
        ids = self.plan.new_ids("people", len(positions), by_id)  # only those taken before are skipped
        every = len(positions) == len(chunk.names)  # a whole sheet of new people: its columns as they are
        names = chunk.names if every else [chunk.names[p] for p in positions]
        cells = chunk.cells if every else [chunk.cells[p] for p in positions]
        invalid = chunk.invalid if every else [chunk.invalid[p] for p in positions]
        rows = chunk.rows if every else [chunk.rows[p] for p in positions]
        wheres = map(Note, repeat(chunk.file), repeat(chunk.sheet), rows, repeat(None), repeat(""))
        # The person's first cells: nothing to compare with (aliases are joined below).
        made = list(map(PersonDraft, ids, names, map(dict, cells), map(dict, invalid), wheres))
        by_id.update(zip(ids, made))
        self.by_key.update(zip(row_keys, made))
        start = len(self.drafts)
        self._order.update(zip(map(id, made), range(start, start + len(made))))
        self.drafts += made
        late += made
        by_first = self.by_first
        for name, draft in zip(names, made):
            words = keys[name][1]
            by_first.setdefault(words[0] if words else "", []).append(draft)
        for draft, cells_, invalid_, row in zip(made, cells, invalid, rows):
            if "aliases" in cells_:  # joined as merging joins them, into cells of its own
                draft.cells, draft.invalid = {}, {}
                self._merge_cells(draft, cells_, invalid_, chunk.file, chunk.sheet, row)

    def _take_cells(self, draft: PersonDraft, cells: dict[str, object], invalid: dict[str, str], file: str,
                    sheet: str, row: int) -> None:
        """A mention's cells into its known person's."""
        if not draft.cells and not draft.invalid and "aliases" not in cells:
            draft.cells.update(cells)  # the person's first cells: nothing to compare with
            draft.invalid.update(invalid)
        else:
            self._merge_cells(draft, cells, invalid, file, sheet, row)

    def _index_late(self, late: list[PersonDraft], keys: NameKeys) -> None:
        """The rest of what _index does, for drafts merge_mentions added (it set their by_id, by_key,
        by_first and order entries as it added them, in the order of every draft)."""
        self._generation += 1
        by_name, by_words, multi, initial = self._by_name, self._by_words, self._multi_by_first, self._by_initial
        for draft in late:
            key, words, reordered = keys[draft.name]  # never renamed: no rule leads to them
            by_name.setdefault(key, []).append(draft)
            if reordered:
                by_words.setdefault(reordered, []).append(draft)
            if len(words) > 1:
                multi.setdefault(words[0], []).append(draft)
                initial.setdefault((words[0], words[1][0]), []).append(draft)

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
        self._merge_cells(draft, mention.cells, mention.invalid, mention.file, mention.sheet, mention.row)
        return draft

    def _merge_cells(self, draft: PersonDraft, cells: dict[str, object], invalid: dict[str, str], file: str,
                     sheet: str, row: int) -> None:
        """A mention's cells into its person's: blanks filled, disagreements noted (the roster's kept)."""
        for key, value in cells.items():
            if key == "aliases":
                continue
            current = draft.cells.get(key)
            if current is None or (isinstance(current, str) and not current):
                draft.cells[key] = value
                continue
            if current is value or key.endswith(_NOT_COMPARED) or key == "placeholder":
                continue  # the same object never differs from itself (_differs(x, x) is False)
            if _differs(current, value):
                shown = cells.get(f"{key}_text") or as_text(value)
                kept = draft.cells.get(f"{key}_text") or as_text(current)
                if (draft.id, key, as_text(shown)) in self._conflicts:
                    continue  # one note per disagreement, not one per row that repeats it
                self._conflicts.add((draft.id, key, as_text(shown)))
                self.notes.append(Note(file, sheet, row, None,
                                       f"{draft.name}: {key.replace('_', ' ')} {shown!r} here, {kept!r} elsewhere; "
                                       f"kept {kept!r}", kind="conflict", person=draft.id, field=key,
                                       value=as_text(shown)))
        if key_aliases := as_text(cells.get("aliases")):
            existing = [a for a in as_text(draft.cells.get("aliases")).split(";") if a.strip()]
            draft.cells["aliases"] = ";".join(dict.fromkeys(existing + key_aliases.split(";")))
        for key, reason in invalid.items():
            draft.invalid.setdefault(key, reason)


_NOT_COMPARED = ("_text", "_certainty", "_earliest", "_latest")


def _differs(a: object, b: object) -> bool:
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        return not (pd.isna(a) and pd.isna(b)) and a != b
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) > 1e-9
    return as_text(a) != as_text(b) and bool(as_text(b))


def near_names(people: People, name: str) -> list[NearName]:
    """Near spellings of one name among the people found: compared against first names only."""
    first = normalise(name).split(" ")[0]
    close = process.extract(first, list(people.by_first), scorer=fuzz.ratio, score_cutoff=ALIAS_THRESHOLD,
                            limit=None)
    candidates = dict.fromkeys(d.name for key, _score, _i in close for d in people.by_first[key])
    # What near_spellings([name, *candidates]) says of the pairs with `name`, one pair at a time
    # (it would also pair the candidates with one another, and block them: ~1 ms for two names).
    return [n for n in map(near_pair, repeat(name), (c for c in candidates if c != name)) if n is not None]


def named_person(people: People, name: str, where: Note, notes: list[Note], role: str) -> str:
    """The person a successor or owner name means; a unique near spelling is taken, with a warning."""
    known, _how = people.find(name)
    if known is None:
        near = near_names(people, name)
        if len(near) == 1:
            other = near[0].b if near[0].a == name else near[0].a
            draft = people.by_key[normalise(other)]
            notes.append(Note.at(where, f"{name!r}, named as {role}, read as {draft.name!r} (the only similar name); "
                                    "check the spelling", kind="warning", person=draft.id))
            return draft.id
    resolved = people.resolve(name, where)
    assert resolved is not None
    if known is None:
        notes.append(Note.at(where, f"{name!r}, named as {role}, is on no roster or duty list; added as a person",
                         kind="warning", person=resolved.id))
    return resolved.id
