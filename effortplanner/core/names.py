"""People's names as sheets spell them: "Paola" and "Paola Buitrago", "Filipe" and "Felipe Alba".

The rule that keeps users' trust: an unambiguous short form of a full name is the
same person (and the merge is noted); a near spelling is never merged silently, it
is reported for the user to decide.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

_PUNCT = re.compile(r"[^\w\s'-]")
ALIAS_THRESHOLD = 70.0  # rapidfuzz ratio on first names; Filipe/Felipe 83, Tyler/Taylor 73
FULL_NAME_CUTOFF = 88.0  # rapidfuzz ratio on whole names for two multi-word names to be a pair


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Case-, accent- and spacing-insensitive key of a name (cached: sheets repeat names)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", text).casefold().split())


def order_free_key(name: str) -> str:
    """The words of a name in a fixed order: "Lennon, John", "Lennon_John", "LENNON John" and
    "John Lennon" all give "john lennon". "" for a one-word name (nothing to reorder)."""
    words = normalise(name.replace("_", " ")).split()
    return " ".join(sorted(words)) if len(words) > 1 else ""


def first_name(name: str) -> str:
    key = normalise(name)
    return key.split(" ", 1)[0] if key else ""


def is_short_form(short: str, full: str) -> bool:
    """True when `short` is the first name (or first + initial) of the longer `full`."""
    s, f = normalise(short).split(), normalise(full).split()
    if not s or len(s) > len(f) or s == f:
        return False
    if s[0] != f[0]:
        return False
    return all(a == b or (len(a) == 1 and b.startswith(a)) for a, b in zip(s[1:], f[1:]))


def consonant_skeleton(word: str) -> str:
    """First letter, then consonants without repeats: Tyler/Taylor -> tlr, Jorge -> jrg."""
    if not word:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", word[1:])
    out = word[0]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


@dataclass(frozen=True)
class NearName:
    a: str
    b: str
    score: float
    reason: str


def _bigrams(key: str) -> list[tuple[str, int]]:
    """The key's bigrams, each tagged with its occurrence number (a multiset as a set)."""
    grams = [key[p:p + 2] for p in range(len(key) - 1)]
    if len(set(grams)) == len(grams):
        return [(g, 1) for g in grams]
    seen: dict[str, int] = {}
    out = []
    for gram in grams:
        seen[gram] = seen.get(gram, 0) + 1
        out.append((gram, seen[gram]))
    return out


def similar_key_pairs(keys: list[str], cutoff: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) of keys whose rapidfuzz ratio reaches `cutoff` (exact, no quadratic scan).

    ratio >= c means an indel distance D <= (1 - c/100)(la + lb); such strings share at
    least max(la, lb) - 1 - 2D bigrams. A prefix filter (each key's rarest bigrams) finds
    every pair that could share that many; keys too short to filter are compared with the
    keys of a compatible length only, a block at a time, so memory stays linear.
    """
    slack = 100.0 - cutoff
    def dmax(total: int) -> int:
        return int(slack * total // 100)

    grams = [_bigrams(k) for k in keys]
    frequency: dict[tuple[str, int], int] = {}
    for g in grams:
        for gram in g:
            frequency[gram] = frequency.get(gram, 0) + 1
    # One global order, rarest first (ties by the bigram itself): the prefix filter needs it.
    rank = {gram: r for r, gram in enumerate(sorted(frequency, key=lambda x: (frequency[x], x)))}
    postings: dict[tuple[str, int], list[int]] = {}
    loose: list[int] = []  # keys the count filter cannot prune
    least_shared: dict[int, int] = {}  # key length -> bigrams shared with any partner, at least
    for i, (key, g) in enumerate(zip(keys, grams)):
        la = len(key)
        if la not in least_shared:
            least_shared[la] = min(max(la, lb) - 1 - 2 * dmax(la + lb)
                                   for lb in range(max(0, la - dmax(2 * la) - 1), la + dmax(4 * la) + 2))
        t_min = least_shared[la]
        if t_min < 1:
            loose.append(i)
            continue
        for gram in sorted(g, key=rank.__getitem__)[:len(g) - t_min + 1]:
            postings.setdefault(gram, []).append(i)
    candidates: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) < 2:
            continue
        block = [keys[i] for i in members]
        # Scored in rapidfuzz's C loop: a posting list is a block of names sharing a rare bigram.
        scores = process.cdist(block, block, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=1)
        for x, y in zip(*np.nonzero(np.triu(scores, 1))):
            i, j = members[x], members[y]
            candidates.add((i, j) if i < j else (j, i))
    if loose:
        lengths = np.array([len(k) for k in keys])
        for i in loose:
            la = len(keys[i])
            near = np.nonzero(np.abs(lengths - la) <= dmax(la + int(lengths.max(initial=0))))[0]
            scores = process.cdist([keys[i]], [keys[j] for j in near], scorer=fuzz.ratio, score_cutoff=cutoff,
                                   dtype=np.float32, workers=1)[0]
            for j in near[np.nonzero(scores)[0]]:
                if int(j) != i:
                    candidates.add((min(i, int(j)), max(i, int(j))))
    return sorted((i, j) for i, j in candidates if fuzz.ratio(keys[i], keys[j], score_cutoff=cutoff))


def _similar_firsts(singles: list[str], firsts: list[str], threshold: float) -> list[tuple[int, int]]:
    """(single index, first index) whose first names score at least `threshold`, a block at a time."""
    out: list[tuple[int, int]] = []
    for lo in range(0, len(singles), 256):
        scores = process.cdist(singles[lo:lo + 256], firsts, scorer=fuzz.ratio, score_cutoff=threshold,
                               dtype=np.float32, workers=1)
        out += [(lo + int(i), int(j)) for i, j in zip(*np.nonzero(scores))]
    return out


def near_spellings(names: Iterable[str], threshold: float = ALIAS_THRESHOLD) -> list[NearName]:
    """Pairs of distinct names that are probably one person spelled two ways.

    Compares first names (where people write short forms) and whole names; pairs
    where one is a plain short form of the other are left out (those merge). Two
    multi-word names are only a pair when their whole names are near; a one-word name
    is compared on first names. Candidates are found by blocks (see similar_key_pairs),
    never by scoring every pair of a department.
    """
    unique = list(dict.fromkeys(n for n in names if n and n.strip()))
    keys = [normalise(n) for n in unique]
    firsts = [k.split(" ", 1)[0] for k in keys]
    if len(unique) < 2:
        return []
    multi = [i for i, k in enumerate(keys) if " " in k]
    candidates = {(multi[a], multi[b]) for a, b in similar_key_pairs([keys[i] for i in multi], FULL_NAME_CUTOFF)}
    singles = [i for i, k in enumerate(keys) if " " not in k]
    if singles:
        distinct = list(dict.fromkeys(firsts))
        holders: dict[str, list[int]] = {}
        for i, first in enumerate(firsts):
            holders.setdefault(first, []).append(i)
        for s, f in _similar_firsts([firsts[i] for i in singles], distinct, threshold):
            i = singles[s]
            if distinct[f] == firsts[i]:
                continue  # same first names are two people unless the whole names are near
            candidates |= {(min(i, j), max(i, j)) for j in holders[distinct[f]]}
    out: list[NearName] = []
    for i, j in sorted(candidates):
        near = _judge(unique[i], unique[j], keys[i], keys[j], threshold)
        if near is not None:
            out.append(near)
    return out


def _judge(name_a: str, name_b: str, a: str, b: str, threshold: float) -> NearName | None:
    """near_spellings' verdict on one candidate pair (names and their keys)."""
    if a == b or is_short_form(name_a, name_b) or is_short_form(name_b, name_a):
        return None
    if " " in a and " " in b:
        # Two full names: only a near-identical whole name is suspicious.
        return NearName(name_a, name_b, float(np.float32(fuzz.ratio(a, b))), "similar full names")
    fa, fb = a.split(" ", 1)[0], b.split(" ", 1)[0]
    score = float(np.float32(fuzz.ratio(fa, fb)))
    sounds_alike = consonant_skeleton(fa) == consonant_skeleton(fb)
    if fa != fb and min(len(fa), len(fb)) >= 3 and score >= threshold and (sounds_alike or score >= 85):
        return NearName(name_a, name_b, score, "similar first names")
    return None


def near_pair(a: str, b: str, threshold: float = ALIAS_THRESHOLD) -> NearName | None:
    """What `near_spellings([a, b])` says of two names, without the blocking a roster needs."""
    if not (a and a.strip() and b and b.strip()) or a == b:
        return None
    ka, kb = normalise(a), normalise(b)
    if " " in ka and " " in kb:
        if not fuzz.ratio(ka, kb, score_cutoff=FULL_NAME_CUTOFF):
            return None  # two full names are only candidates when the whole names are near
    else:
        fa, fb = ka.split(" ", 1)[0], kb.split(" ", 1)[0]
        if fa == fb or not fuzz.ratio(fa, fb, score_cutoff=threshold):
            return None  # a one-word name is a candidate on a different, similar first name
    return _judge(a, b, ka, kb, threshold)
