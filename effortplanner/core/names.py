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


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Case-, accent- and spacing-insensitive key of a name (cached: sheets repeat names)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", text).casefold().split())


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


def near_spellings(names: Iterable[str], threshold: float = ALIAS_THRESHOLD) -> list[NearName]:
    """Pairs of distinct names that are probably one person spelled two ways.

    Compares first names (where people write short forms) and whole names; pairs
    where one is a plain short form of the other are left out (those merge).
    """
    unique = list(dict.fromkeys(n for n in names if n and n.strip()))
    keys = [normalise(n) for n in unique]
    firsts = [k.split(" ", 1)[0] for k in keys]
    if len(unique) < 2:
        return []
    # Vectorised candidate search: quadratic Python loops are too slow for a large roster.
    first_scores = process.cdist(firsts, firsts, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
    full_scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=88, workers=1)
    out: list[NearName] = []
    # Same first names score 100 but are two people unless the whole names are near: leave them
    # to the whole-name check, or a roster of many "John"s becomes a quadratic loop.
    candidates = {(int(i), int(j)) for i, j in zip(*np.nonzero(first_scores)) if i < j and firsts[i] != firsts[j]}
    candidates |= {(int(i), int(j)) for i, j in zip(*np.nonzero(full_scores)) if i < j}
    for i, j in sorted(candidates):
        a, b = keys[i], keys[j]
        if a == b or is_short_form(unique[i], unique[j]) or is_short_form(unique[j], unique[i]):
            continue
        if " " in a and " " in b:
            # Two full names: only a near-identical whole name is suspicious.
            if full_scores[i, j] >= 88:
                out.append(NearName(unique[i], unique[j], float(full_scores[i, j]), "similar full names"))
            continue
        fa, fb = firsts[i], firsts[j]
        score = first_scores[i, j]
        sounds_alike = consonant_skeleton(fa) == consonant_skeleton(fb)
        if fa != fb and min(len(fa), len(fb)) >= 3 and score >= threshold and (sounds_alike or score >= 85):
            out.append(NearName(unique[i], unique[j], float(first_scores[i, j]), "similar first names"))
    return out
