"""Two rows that are probably one person: near spellings, same names, importer alias notes.

The rule of what counts as a near spelling is `core.names.near_spellings`; every pair
reported here is one it reports. Calling it on a whole department roster is slow when
many people share a first name (each such pair is examined in Python), so candidates
are found column-wise first and each candidate pair is then put to it:

- two multi-word names: only a near-identical whole name counts, so candidates are
  the pairs whose whole-name ratio reaches `FULL_CUTOFF`;
- a one-word name ("Filipe") against anyone: decided on first names, so
  `near_spellings` runs on the one-word names plus one stand-in per distinct first
  name of the others, and each hit is expanded back to the names behind it.

Flag: ``person`` is the row to merge away (fewer name words, fewer roster details),
``related`` the row to keep; ``amount`` the similarity score (0-100); severity warning.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from effortplanner.analysis.context import Context
from effortplanner.analysis.model import Flag
from effortplanner.analysis.text import Names, iso
from effortplanner.core.names import near_spellings, normalise

FULL_CUTOFF = 88.0  # near_spellings' whole-name threshold


def _similar_full_names(multi: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs of multi-word names whose whole-name ratio reaches FULL_CUTOFF.

    A ratio of r% needs the lengths within (100 - r)% of their sum, so names are
    compared only with names of a compatible length (an exact filter, 4x less work).
    """
    if len(multi) < 2:
        return set()
    ordered = sorted(multi, key=lambda nk: len(nk[1]))
    keys = [k for _, k in ordered]
    lengths = np.array([len(k) for k in keys])
    out: set[tuple[str, str]] = set()
    slack = int(FULL_CUTOFF)
    for length in np.unique(lengths):
        lo, hi = np.searchsorted(lengths, length, "left"), np.searchsorted(lengths, length, "right")
        top = np.searchsorted(lengths, (int(length) * (200 - slack)) // slack, "right")
        scores = process.cdist(keys[lo:hi], keys[lo:top], scorer=fuzz.ratio, score_cutoff=FULL_CUTOFF,
                               dtype=np.uint8, workers=-1)
        for i, j in zip(*np.nonzero(scores)):
            if i < j:
                out.add((ordered[lo + i][0], ordered[lo + j][0]))
    return out


BATCH = 400  # candidate names checked in one near_spellings call; beyond that, pair by pair


@lru_cache(maxsize=8)
def _pairs(unique: tuple[str, ...], keys: tuple[str, ...]) -> tuple[tuple[str, str, float, str], ...]:
    """(name a, name b, score, reason) of distinct names that near_spellings pairs.

    Cached on the names: re-checking a plan after an edit that renamed no one is free.
    """
    single = [n for n, k in zip(unique, keys) if k and " " not in k]
    single_set = set(single)
    multi = [(n, k) for n, k in zip(unique, keys) if " " in k]
    candidates = _similar_full_names(multi)
    by_first: dict[str, list[str]] = {}
    for name, key in multi:
        by_first.setdefault(key.split(" ", 1)[0], []).append(name)
    if single:
        single_keys = {k: n for n, k in zip(unique, keys) if n in single_set}
        for near in near_spellings(single + list(by_first)):
            ka, kb = normalise(near.a), normalise(near.b)
            sides = [([single_keys[k]] if k in single_keys else []) + by_first.get(k, []) for k in (ka, kb)]
            if not (ka in single_keys or kb in single_keys):
                continue
            for a in sides[0]:
                for b in sides[1]:
                    if a != b and (a in single_set or b in single_set):
                        candidates.add((a, b))
    named = sorted({n for pair in candidates for n in pair})
    if len(named) <= BATCH:
        wanted = {frozenset(pair) for pair in candidates}
        found = [n for n in near_spellings(named) if frozenset((n.a, n.b)) in wanted]
    else:
        found = [n for a, b in sorted(candidates) for n in near_spellings([a, b])]
    return tuple((n.a, n.b, n.score, n.reason) for n in found)


def alias_flags(ctx: Context, names: Names) -> list[Flag]:
    plan = ctx.plan
    people = plan.people
    if len(people) < 2:
        return []
    ids_by_name: dict[str, list[str]] = {}
    for pid, name in zip(people.index, people["name"].tolist()):
        if isinstance(name, str) and name.strip():
            ids_by_name.setdefault(name, []).append(pid)
    unique = tuple(ids_by_name)
    keys = tuple(normalise(n) for n in unique)
    found: dict[frozenset[str], tuple[str, str, float, str]] = {}
    # The same name on two rows (or two spellings that normalise alike).
    by_key: dict[str, list[str]] = {}
    for name, key in zip(unique, keys):
        if key:
            by_key.setdefault(key, []).extend(ids_by_name[name])
    for same in by_key.values():
        for other in same[1:]:
            found.setdefault(frozenset((same[0], other)), (same[0], other, 100.0, "same name"))
    for a, b, score, reason in _pairs(unique, keys):
        for pa in ids_by_name.get(a, []):
            for pb in ids_by_name.get(b, []):
                found.setdefault(frozenset((pa, pb)), (pa, pb, score, reason))
    for note in plan.notes:
        if note.kind == "alias" and note.person is not None and note.value is not None \
                and note.person in people.index and note.value in people.index:
            pair = frozenset((note.person, note.value))
            if len(pair) == 2:
                found.setdefault(pair, (note.person, note.value, float("nan"), "noted at import"))
    if not found:
        return []
    info = _Info(ctx)
    return [info.flag(names, a, b, score, reason) for a, b, score, reason in found.values()]


class _Info:
    """What to say about each person of a pair, read once from the roster."""

    def __init__(self, ctx: Context) -> None:
        people = ctx.people
        self.counts = ctx.duty["person"].value_counts().to_dict()
        columns = ("name", "role", "group", "end_kind", "end_day", "end_text")
        self.rows = dict(zip(people.index, zip(*(people[c].tolist() for c in columns))))

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

    def flag(self, names: Names, a: str, b: str, score: float, reason: str) -> Flag:
        keep, drop = (a, b) if self.weight(a) >= self.weight(b) else (b, a)
        message = (f"'{names.person(drop)}' ({self.describe(drop)}) and '{names.person(keep)}' "
                   f"({self.describe(keep)}) are probably one person ({reason}): "
                   f"merge '{names.person(drop)}' into '{names.person(keep)}'?")
        amount = None if score != score else round(score, 1)
        return Flag("name_alias", "warning", drop, None, None, None, amount, message, "uncertain", (keep,))
