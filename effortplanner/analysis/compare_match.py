"""Which row of one plan is which row of another: by id, or by content.

Two scenarios of one file share ids, so rows are matched by id. Two separately
imported spreadsheets (last month's and this month's) number their rows afresh, so
rows are matched by what they say:

People: the same normalised name (case, accents, spacing and punctuation ignored),
then a listed alias, then an unambiguous short form ("Paola" is "Paola Buitrago" when
only one Paola is on either side). Near spellings (Tyler/Taylor) are never merged.

Assignments, in passes over what is still unmatched:
1. same person, VO and duty text (normalised);
2. same VO and duty, another person: the duty *moved*;
3. duty texts at least SIMILARITY similar (rapidfuzz) within the same VO, best first.
Where a pass had more than one way to pair rows, it pairs them in order and says so
in a note.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from effortplanner.core.names import first_name, is_short_form, normalise
from effortplanner.core.plan import Plan

SIMILARITY = 90.0  # duty-text similarity (0-100) from which two duties are taken as one
AMBIGUITY_MARGIN = 3.0  # a runner-up this close to the best similar match makes the match ambiguous
CLOSE_PAIRING_LIMIT = 10_000  # rows of one duty compared pairwise for their closest partner, at most
AUTO_SHARE = 0.8  # share of ids both plans must have for "auto" to match by id ...
AUTO_AGREE = 0.9  # ... and share of those ids that must name the same person / duty


@dataclass(frozen=True)
class Pair:
    base: str | None
    other: str | None
    how: str  # "id" | "same" | "moved" | "similar"
    similarity: float | None = None


@dataclass
class Matching:
    mode: str  # "id" | "content"
    people: list[Pair] = field(default_factory=list)
    assignments: list[Pair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def person_keys(self) -> tuple[dict[str, int], dict[str, int]]:
        """base person id -> canonical key, other person id -> canonical key (a matched pair shares one)."""
        base, other = {}, {}
        for i, pair in enumerate(self.people):
            if pair.base is not None:
                base[pair.base] = i
            if pair.other is not None:
                other[pair.other] = i
        return base, other

    def assignment_keys(self) -> tuple[dict[str, int], dict[str, int]]:
        base, other = {}, {}
        for i, pair in enumerate(self.assignments):
            if pair.base is not None:
                base[pair.base] = i
            if pair.other is not None:
                other[pair.other] = i
        return base, other


def _text(values: Iterable[object]) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]


def duty_key(text: object) -> str:
    """A duty or VO as compared: normalised like a name ('Daily monitoring ... jobs.' == '... jobs')."""
    return normalise(str(text or ""))


# --- choosing how to match -----------------------------------------------------------------------
def choose_mode(base: Plan, other: Plan) -> tuple[str, str]:
    """("id" | "content", why) for match="auto".

    By id only when the plans share most ids *and* those ids mean the same rows (same
    person names, same duties): that is one file's lineage. Two imports number rows
    afresh, so the same id can name another person; those are matched by content.
    """
    checks = (("people", lambda p: [normalise(n) for n in _text(p.people["name"])]),
              ("assignments", lambda p: [(duty_key(v), duty_key(d)) for v, d in
                                         zip(_text(p.assignments["vo"]), _text(p.assignments["duty"]))]))
    for table, key in checks:
        a, b = base.tables[table], other.tables[table]
        if not len(a) and not len(b):
            continue
        shared = a.index.intersection(b.index)
        if len(shared) < AUTO_SHARE * max(len(a), len(b)):
            return "content", f"the plans share few {table} ids, so rows were matched by content"
        ka = dict(zip(a.index, key(base)))
        kb = dict(zip(b.index, key(other)))
        agree = sum(ka[i] == kb[i] for i in shared)
        if agree < AUTO_AGREE * len(shared):
            return "content", (f"the same {table} ids name different rows in the two plans (separate imports), "
                               "so rows were matched by content")
    return "id", "the plans share their ids (one file's lineage), so rows were matched by id"


# --- by id ---------------------------------------------------------------------------------------------
def _by_id(a: pd.Index, b: pd.Index) -> list[Pair]:
    in_b = set(b)
    pairs = [Pair(i, i if i in in_b else None, "id") for i in a]
    in_a = set(a)
    pairs += [Pair(None, i, "id") for i in b if i not in in_a]
    return pairs


def match_by_id(base: Plan, other: Plan) -> Matching:
    return Matching("id", _by_id(base.people.index, other.people.index),
                    _by_id(base.assignments.index, other.assignments.index))


# --- by content ----------------------------------------------------------------------------------
def _pair_groups(left: dict[Hashable, list[str]], right: dict[Hashable, list[str]],
                 detail_b: dict[str, tuple] | None = None, detail_o: dict[str, tuple] | None = None,
                 ) -> tuple[list[tuple[str, str, Hashable]], set[Hashable]]:
    """Pair ids with the same key: the closest details first (dates, FTE, successor), else in order.

    Returns the pairs and the keys where a choice had to be made between equally close rows.
    """
    out, ambiguous = [], set()
    for key, ids in left.items():
        others = right.get(key, [])
        if not others:
            continue
        if len(ids) == 1 and len(others) == 1:
            out.append((ids[0], others[0], key))
            continue
        if detail_b is None or detail_o is None or len(ids) * len(others) > CLOSE_PAIRING_LIMIT:
            out += [(a, b, key) for a, b in zip(ids, others)]
            ambiguous.add(key)
            continue
        scored = sorted(((-sum(x == y for x, y in zip(detail_b[a], detail_o[b])), i, j)
                         for i, a in enumerate(ids) for j, b in enumerate(others)))
        taken_a: set[int] = set()
        taken_b: set[int] = set()
        for closeness, i, j in scored:
            if i in taken_a or j in taken_b:
                continue
            rivals = [c for c, x, y in scored if c == closeness and (x == i) != (y == j)
                      and x not in taken_a and y not in taken_b]
            if rivals:
                ambiguous.add(key)
            taken_a.add(i)
            taken_b.add(j)
            out.append((ids[i], others[j], key))
    return out, ambiguous


def match_people(base: Plan, other: Plan, notes: list[str]) -> list[Pair]:
    bp, op = base.people, other.people
    b_names = dict(zip(bp.index, _text(bp["name"])))
    o_names = dict(zip(op.index, _text(op["name"])))
    left_b, left_o = dict.fromkeys(bp.index), dict.fromkeys(op.index)
    pairs: list[Pair] = []

    def take(a: str, b: str, how: str) -> None:
        pairs.append(Pair(a, b, how))
        left_b.pop(a, None)
        left_o.pop(b, None)

    # 1. the same normalised name
    groups_b: dict[Hashable, list[str]] = defaultdict(list)
    groups_o: dict[Hashable, list[str]] = defaultdict(list)
    for pid, name in b_names.items():
        groups_b[normalise(name)].append(pid)
    for pid, name in o_names.items():
        groups_o[normalise(name)].append(pid)
    pairs_same, repeated = _pair_groups(groups_b, groups_o)
    for a, b, key in pairs_same:
        take(a, b, "same")
    for key in repeated:
        if key:
            notes.append(f"{len(groups_b[key])} people called {b_names[groups_b[key][0]]!r} before and "
                         f"{len(groups_o[key])} after; paired in order")
    # 2. an alias listed on either side
    def aliases(frame: pd.DataFrame) -> dict[str, set[str]]:
        return {pid: {normalise(x) for x in str(text or "").split(";") if x.strip()}
                for pid, text in zip(frame.index, frame["aliases"])}

    alias_b, alias_o = aliases(bp), aliases(op)
    by_name_o: dict[str, list[str]] = defaultdict(list)
    for b in left_o:
        for key in alias_o[b] | {normalise(o_names[b])}:
            by_name_o[key].append(b)
    for a in list(left_b):
        keys = alias_b[a] | {normalise(b_names[a])}
        hits = {b for key in keys for b in by_name_o.get(key, []) if b in left_o}
        if len(hits) == 1:
            take(a, hits.pop(), "alias")
    # 3. an unambiguous short form, either way round (a short form shares the first name)
    first_o: dict[str, list[str]] = defaultdict(list)
    first_b: dict[str, list[str]] = defaultdict(list)
    for b in left_o:
        first_o[first_name(o_names[b])].append(b)
    for a in left_b:
        first_b[first_name(b_names[a])].append(a)

    def short(x: str, y: str) -> bool:
        return is_short_form(x, y) or is_short_form(y, x)

    for a in list(left_b):
        shorts = [b for b in first_o.get(first_name(b_names[a]), []) if b in left_o and short(o_names[b], b_names[a])]
        if len(shorts) != 1:
            continue
        b = shorts[0]
        rivals = [x for x in first_b.get(first_name(o_names[b]), [])
                  if x != a and x in left_b and short(o_names[b], b_names[x])]
        if rivals:
            notes.append(f"{o_names[b]!r} could be {b_names[a]!r} or {b_names[rivals[0]]!r}; not matched")
            continue
        take(a, b, "short form")
        notes.append(f"{b_names[a]!r} and {o_names[b]!r} taken as one person (short form of the name)")
    pairs += [Pair(a, None, "") for a in left_b]
    pairs += [Pair(None, b, "") for b in left_o]
    return pairs


def match_by_content(base: Plan, other: Plan) -> Matching:
    notes: list[str] = []
    people = match_people(base, other, notes)
    pb, po = {}, {}
    for i, pair in enumerate(people):
        if pair.base is not None:
            pb[pair.base] = i
        if pair.other is not None:
            po[pair.other] = i

    def rows(plan: Plan, keys: dict[str, int], side: str) -> tuple[dict[str, tuple], dict[str, tuple]]:
        a = plan.assignments
        out, detail = {}, {}
        for aid, person, vo, duty, start, end, fte, successor in zip(
                a.index, a["person"], _text(a["vo"]), _text(a["duty"]), a["start"], a["end"], a["fte"],
                a["successor"]):
            who: Hashable = None if person is None or person != person else keys.get(person, (side, person))
            out[aid] = (who, duty_key(vo), duty_key(duty), duty)
            after = None if successor is None or successor != successor else keys.get(successor, (side, successor))
            detail[aid] = (None if pd.isna(start) else start, None if pd.isna(end) else end,
                           None if pd.isna(fte) else round(float(fte), 6), after)
        return out, detail

    (rb, db), (ro, do) = rows(base, pb, "b"), rows(other, po, "o")
    pairs: list[Pair] = []
    # 1. same person, VO and duty
    exact_b: dict[Hashable, list[str]] = defaultdict(list)
    exact_o: dict[Hashable, list[str]] = defaultdict(list)
    for aid, (who, vo, duty, _) in rb.items():
        exact_b[(who, vo, duty)].append(aid)
    for aid, (who, vo, duty, _) in ro.items():
        exact_o[(who, vo, duty)].append(aid)
    for a, b, _ in _pair_groups(exact_b, exact_o, db, do)[0]:
        pairs.append(Pair(a, b, "same"))
    used_b = {p.base for p in pairs}
    used_o = {p.other for p in pairs}
    # 2. same VO and duty, another person: moved
    moved_b: dict[Hashable, list[str]] = defaultdict(list)
    moved_o: dict[Hashable, list[str]] = defaultdict(list)
    for aid, (who, vo, duty, _) in rb.items():
        if aid not in used_b:
            moved_b[(vo, duty)].append(aid)
    for aid, (who, vo, duty, _) in ro.items():
        if aid not in used_o:
            moved_o[(vo, duty)].append(aid)
    moved_pairs, unsure = _pair_groups(moved_b, moved_o, db, do)
    for a, b, _ in moved_pairs:
        pairs.append(Pair(a, b, "moved"))
        used_b.add(a)
        used_o.add(b)
    for key in unsure:
        first = moved_b[key][0]
        text, vo = rb[first][3] or "(no duty)", base.assignments.at[first, "vo"]
        notes.append(f"'{text}'{f' ({vo})' if vo else ''} is held by {len(moved_b[key])} rows before and "
                     f"{len(moved_o[key])} after with other people, alike in dates and FTE: which went to whom is "
                     "a guess (ambiguous)")
    # 3. similar duty text within the same VO
    pairs += _similar(rb, ro, used_b, used_o, notes)
    used_b |= {p.base for p in pairs}
    used_o |= {p.other for p in pairs}
    pairs += [Pair(a, None, "") for a in rb if a not in used_b]
    pairs += [Pair(None, b, "") for b in ro if b not in used_o]
    return Matching("content", people, pairs, notes)


def _similar(rb: dict, ro: dict, used_b: set, used_o: set, notes: list[str]) -> list[Pair]:
    left_b: dict[str, list[str]] = defaultdict(list)
    left_o: dict[str, list[str]] = defaultdict(list)
    for aid, (_, vo, duty, _) in rb.items():
        if aid not in used_b and duty:
            left_b[vo].append(aid)
    for aid, (_, vo, duty, _) in ro.items():
        if aid not in used_o and duty:
            left_o[vo].append(aid)
    out: list[Pair] = []
    for vo, ids_b in left_b.items():
        ids_o = left_o.get(vo, [])
        if not ids_o:
            continue
        texts_b, texts_o = [rb[a][2] for a in ids_b], [ro[b][2] for b in ids_o]
        grid = np.maximum(
            process.cdist(texts_b, texts_o, scorer=fuzz.ratio, score_cutoff=SIMILARITY, workers=1),
            process.cdist(texts_b, texts_o, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILARITY, workers=1))
        scored = []
        for i, j in zip(*np.nonzero(grid)):
            a, b, score = ids_b[int(i)], ids_o[int(j)], float(grid[i, j])
            scored.append((-score, rb[a][0] != ro[b][0], a, b, score))
        scored.sort(key=lambda t: t[:2])
        chosen: dict[str, tuple[str, float]] = {}
        chosen_o: dict[str, tuple[str, float]] = {}
        for _, _, a, b, score in scored:
            if a in chosen or b in chosen_o:
                continue
            chosen[a] = (b, score)
            chosen_o[b] = (a, score)
            out.append(Pair(a, b, "similar", round(float(score), 1)))
        for a, (b, score) in chosen.items():
            rival = _rival(scored, a, b, score, chosen, chosen_o)
            if rival is not None:
                text = ro[rival[1]][3] if rival[0] == "o" else rb[rival[1]][3]
                notes.append(f"'{rb[a][3]}' was matched to '{ro[b][3]}' ({score:.0f}% similar), but "
                             f"'{text}' is about as similar (ambiguous; check it)")
    return out


def _rival(scored: list, a: str, b: str, score: float, chosen: dict, chosen_o: dict) -> tuple[str, str] | None:
    """Another candidate about as good as (a, b) that no better match took: ("o"|"b", its id), else None."""
    for _, _, x, y, s in scored:
        if s < score - AMBIGUITY_MARGIN or (x == a) == (y == b):
            continue
        if x == a and (y not in chosen_o or chosen_o[y][1] <= s + AMBIGUITY_MARGIN):
            return ("o", y)
        if y == b and (x not in chosen or chosen[x][1] <= s + AMBIGUITY_MARGIN):
            return ("b", x)
    return None


def match(base: Plan, other: Plan, mode: str = "auto") -> Matching:
    """Pair the rows of two plans; mode "id", "content" or "auto" (see `choose_mode`)."""
    if mode not in ("auto", "id", "content"):
        raise ValueError(f"match must be 'auto', 'id' or 'content', not {mode!r}")
    reason = {"id": "rows were matched by id (as asked)", "content": "rows were matched by content (as asked)"}
    if mode == "auto":
        mode, why = choose_mode(base, other)
    else:
        why = reason[mode]
    result = match_by_id(base, other) if mode == "id" else match_by_content(base, other)
    result.notes.insert(0, why[0].upper() + why[1:] + ".")
    return result
