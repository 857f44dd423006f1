"""Two rows that are probably one person: near spellings, same names, importer alias notes.

The rule of what counts as a near spelling is `core.names.near_spellings`; every pair
reported here is one it reports. Calling it on a whole department roster is slow when
many people share a first name (each such pair is examined in Python), so candidates
are found column-wise first and each candidate pair is then put to it:

- two multi-word names: only a near-identical whole name counts, so candidates are
  the pairs whose whole-name ratio reaches `FULL_NAME_CUTOFF`;
- a one-word name ("Filipe") against anyone: decided on first names, so
  `near_spellings` runs on the one-word names plus one stand-in per distinct first
  name of the others, and each hit is expanded back to the names behind it.

Two *different* first names that merely look alike (Tyler, Taylor Propp: more than one letter
apart) are proposed only when the roster gives a reason: the same group, contract ends within
three months, or a VO in common; and never for a pair the user said are two people (settings.distinct_people).

Flag: ``person`` is the row to merge away (fewer name words, fewer roster details),
``related`` the row to keep; ``amount`` the similarity score (0-100); severity warning.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import compress, repeat
from typing import TypeGuard

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from effortplanner.analysis.context import Context
from effortplanner.analysis.flag_table import Columns, flag_columns
from effortplanner.analysis.text import Names, iso
from effortplanner.core.names import (ALIAS_THRESHOLD, FULL_NAME_CUTOFF, distinct_key_pairs, near_pair, near_spellings,
                                      normalise, similar_key_pairs)

_Pair = tuple[str, str, float, str]  # id a, id b, score, reason
REASON_DAYS = 92  # contract ends this close make two similar first names worth a question


def _similar_full_names(multi: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs of multi-word names whose whole-name ratio reaches FULL_NAME_CUTOFF.

    Found by `similar_key_pairs` (blocks of names sharing a rare bigram, scored in
    rapidfuzz's C loop), each pair ordered shorter key first, then as listed.
    """
    if len(multi) < 2:
        return set()
    keys = [k for _, k in multi]
    at_of = dict(zip(keys, range(len(keys))))
    if len(at_of) == len(keys):  # every key once (a roster's usual case): the pairs of the sorted keys
        distinct = sorted(keys)
        found = set()
        for i, j in distinct_key_pairs(distinct, FULL_NAME_CUTOFF):
            a, b = at_of[distinct[i]], at_of[distinct[j]]
            found.add((multi[a][0], multi[b][0]) if (len(keys[a]), a) < (len(keys[b]), b) else
                      (multi[b][0], multi[a][0]))
        return found
    ordered = sorted(multi, key=lambda nk: len(nk[1]))
    pairs = similar_key_pairs([k for _, k in ordered], FULL_NAME_CUTOFF)
    return {(ordered[i][0], ordered[j][0]) for i, j in pairs}


def _near_first_names(single: list[str], multi: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Candidate pairs of a one-word name and any other name, on first names: `near_spellings` of the
    one-word names and one stand-in per first name of the others, each hit expanded back to the names
    behind it. A stand-in whose first name scores below ALIAS_THRESHOLD against every one-word name
    pairs with none of them: left out of that call (thousands of first names, a few one-word names)."""
    single_keys = {normalise(n): n for n in single}  # key -> the last one-word name with it
    firsts = [key.split(" ", 1)[0] for _, key in multi]
    standins = list(dict.fromkeys(firsts))
    if standins:
        scores = process.cdist(list(single_keys), [normalise(f).split(" ", 1)[0] for f in standins],
                               scorer=fuzz.ratio, score_cutoff=ALIAS_THRESHOLD, dtype=np.float32, workers=1)
        standins = [standins[j] for j in np.flatnonzero(scores.any(axis=0)).tolist()]
    hits = [(normalise(near.a), normalise(near.b)) for near in near_spellings(single + standins)]
    hits = [(ka, kb) for ka, kb in hits if ka in single_keys or kb in single_keys]
    wanted = {k for pair in hits for k in pair}
    by_first: dict[str, list[str]] = {}  # the names behind each stand-in hit
    for (name, _), first in zip(multi, firsts):
        if first in wanted:
            by_first.setdefault(first, []).append(name)
    single_set = set(single)
    candidates: set[tuple[str, str]] = set()
    for ka, kb in hits:
        sides = [([single_keys[k]] if k in single_keys else []) + by_first.get(k, []) for k in (ka, kb)]
        for a in sides[0]:
            for b in sides[1]:
                if a != b and (a in single_set or b in single_set):
                    candidates.add((a, b))
    return candidates


BATCH = 400  # up to this many candidate names, pairs are oriented as one near_spellings call gives them


@lru_cache(maxsize=8)
def _pairs(unique: tuple[str, ...], keys: tuple[str, ...]) -> tuple[tuple[str, str, float, str], ...]:
    """(name a, name b, score, reason) of distinct names that near_spellings pairs.

    Cached on the names: re-checking a plan after an edit that renamed no one is free.
    """
    spaced = list(map(str.__contains__, keys, repeat(" ")))
    multi = list(compress(zip(unique, keys), spaced))
    candidates = _similar_full_names(multi)
    if len(multi) < len(keys):  # one-word names (or names with no letters: no key, no pair)
        single = [name for name, key, two in zip(unique, keys, spaced) if key and not two]
        if single:
            candidates |= _near_first_names(single, multi)
    named = {n for pair in candidates for n in pair}
    if len(named) <= BATCH:
        # As near_spellings(sorted names) lists them: each pair in name order, pairs sorted.
        ordered = sorted({(a, b) if a < b else (b, a) for a, b in candidates})
    else:
        ordered = sorted(candidates)
    found = [n for n in (near_pair(a, b) for a, b in ordered) if n is not None]
    return tuple((n.a, n.b, n.score, n.reason) for n in found)


def alias_flags(ctx: Context, names: Names) -> Columns:
    plan = ctx.plan
    people = plan.people
    if len(people) < 2:
        return flag_columns(0)
    found = dict(_name_pairs(tuple(people.index.tolist()), tuple(people["name"].tolist())))
    ids: set[object] | None = None
    for note in ctx.notes("alias"):
        if note.person is None or note.value is None:
            continue
        ids = set(people.index) if ids is None else ids
        if note.person in ids and note.value in ids:
            pair = frozenset((note.person, note.value))
            if len(pair) == 2:
                found.setdefault(pair, (note.person, note.value, float("nan"), "noted at import"))
    for pair in getattr(plan.settings, "distinct_people", []):
        found.pop(frozenset(pair), None)  # the user said these are two people
    if not found:
        return flag_columns(0)
    info = _Info(ctx, {pid for a, b, _score, _reason in found.values() for pid in (a, b)})
    for pair, (a, b, _score, reason) in list(found.items()):
        if reason == "similar first names" and not info.gives_reason(a, b):
            del found[pair]  # Tyler / Taylor Propp: two real first names, nothing else in common
    drop: list[str] = []
    keep: list[tuple[str]] = []
    amounts: list[float | None] = []
    messages: list[str] = []
    for a, b, score, reason in found.values():
        kept, dropped = (a, b) if info.weight(a) >= info.weight(b) else (b, a)
        drop.append(dropped)
        keep.append((kept,))
        amounts.append(None if score != score else round(score, 1))
        messages.append(info.message(names, dropped, kept, reason))
    return flag_columns(len(drop), kind="name_alias", severity="warning", person=drop, duty=None, start=None,
                        end=None, amount=amounts, message=messages, certainty="uncertain", related=keep)


@lru_cache(maxsize=8)
def _name_pairs(ids: tuple[str, ...], names: tuple[object, ...]) -> tuple[tuple[frozenset[str], _Pair], ...]:
    """(pair of ids, (id a, id b, score, reason)) of rows whose names say they may be one person:
    the same name (or two spellings that normalise alike), then the near spellings.

    Cached on the roster's ids and names: a check after an edit that touched no name reuses it.
    """
    found: dict[frozenset[str], tuple[str, str, float, str]] = {}
    if _all_filled_text(names) and len(set(names)) == len(names):
        # Each name once, all of them text (a roster's usual case): no Python step per name below.
        keys = tuple(map(normalise, names))
        if len(set(keys)) == len(keys):  # and no two spellings of one key: no same-name pair
            id_of = dict(zip(names, ids))
            for a, b, score, reason in _pairs(names, keys):
                pa, pb = id_of[a], id_of[b]
                found.setdefault(frozenset((pa, pb)), (pa, pb, score, reason))
            return tuple(found.items())
    ids_by_name: dict[str, list[str]] = {}
    for pid, name in zip(ids, names):
        if isinstance(name, str) and name.strip():
            ids_by_name.setdefault(name, []).append(pid)
    unique = tuple(ids_by_name)
    keys = tuple(map(normalise, unique))
    names_of_key = Counter(key for key in keys if key)
    by_key: dict[str, list[str]] = {}  # only the keys of more than one person: a key of one names no pair
    for name, key in zip(unique, keys):
        if key and (names_of_key[key] > 1 or len(ids_by_name[name]) > 1):
            by_key.setdefault(key, []).extend(ids_by_name[name])
    for same in by_key.values():
        for other in same[1:]:
            found.setdefault(frozenset((same[0], other)), (same[0], other, 100.0, "same name"))
    for a, b, score, reason in _pairs(unique, keys):
        for pa in ids_by_name.get(a, []):
            for pb in ids_by_name.get(b, []):
                found.setdefault(frozenset((pa, pb)), (pa, pb, score, reason))
    return tuple(found.items())


def _all_filled_text(names: tuple[object, ...]) -> TypeGuard[tuple[str, ...]]:
    """Whether every name is a str with something besides spaces (tested in C, not a step per name)."""
    return set(map(type, names)) <= {str} and all(map(str.strip, names))  # type: ignore[arg-type]


class _Info:
    """What to say about each person of a pair, read once from the roster."""

    def __init__(self, ctx: Context, involved: set[str]) -> None:
        """Only the people of the pairs found are read (a few hundred of a department's thousands)."""
        people = ctx.people
        at = people.index.get_indexer(pd.Index(list(involved), dtype=object))
        at = np.sort(at[at >= 0])
        columns = ("name", "role", "group", "end_kind", "end_day", "end_text")
        self.rows = dict(zip(people.index.to_numpy()[at].tolist(), zip(*(people[c].to_numpy()[at].tolist()
                                                                         for c in columns))))
        owner_pos = ctx.succession.owner_pos  # per duty, its owner's place in the roster (-1: none)
        wanted = np.zeros(len(people) + 1, dtype=bool)  # the last entry: duties of no one on the roster
        wanted[at] = True
        theirs = np.flatnonzero(wanted[owner_pos])
        self._theirs, self._their_owner = theirs, owner_pos[theirs]
        self._place = dict(zip(self.rows, at.tolist()))
        duty_counts = np.bincount(self._their_owner, minlength=len(people))[at].tolist()
        self.counts = dict(zip(self.rows, duty_counts))
        self._vo = ctx.duty["vo"].to_numpy(dtype=object)
        self._vos: dict[str, set[str]] = {}

    def vos(self, pid: str) -> set[str]:
        """The VOs of a person's duties (read only for the few pairs that need them)."""
        if pid not in self._vos:
            texts = self._vo[self._theirs[self._their_owner == self._place[pid]]].tolist()
            self._vos[pid] = {v for v in (t.strip().lower() for t in texts) if v and v != "all"}
        return self._vos[pid]

    def gives_reason(self, a: str, b: str) -> bool:
        """Whether a first-name likeness is worth a question: one letter apart (Filipe / Felipe, a
        spelling), or the roster backs it up (same group, contract ends within REASON_DAYS of each
        other, or a VO in common among their duties). Tyler / Taylor is neither."""
        ra, rb = self.rows[a], self.rows[b]
        first_a, first_b = (normalise(str(r[0])).split(" ", 1)[0] for r in (ra, rb))
        if Levenshtein.distance(first_a, first_b) <= 1:
            return True
        if ra[2] and ra[2] == rb[2]:
            return True
        if ra[3] == rb[3] == "dated" and abs(int(ra[4]) - int(rb[4])) <= REASON_DAYS:
            return True
        return bool(self.vos(a) & self.vos(b))

    def weight(self, pid: str) -> tuple[int, int, int]:
        name, role, group, *_ = self.rows[pid]
        return (len(str(name).split()), int(bool(role or group)), int(self.counts.get(pid, 0)))

    def describe(self, pid: str) -> str:
        _, role, _, kind, end_day, end_text = self.rows[pid]
        parts = [str(role)] if role else []
        n = int(self.counts.get(pid, 0))
        parts.append(f"{n} dut{'ies' if n != 1 else 'y'}")
        if kind == "dated":
            parts.append(f"ends {iso(int(end_day))}")
        elif kind == "open":
            parts.append(str(end_text))
        return ", ".join(parts)

    def message(self, names: Names, drop: str, keep: str, reason: str) -> str:
        """What the flag of one pair says: who to merge into whom, with what the roster says of each."""
        return (f"'{names.person(drop)}' ({self.describe(drop)}) and '{names.person(keep)}' "
                f"({self.describe(keep)}) are probably one person ({reason}): "
                f"merge '{names.person(drop)}' into '{names.person(keep)}'?")
