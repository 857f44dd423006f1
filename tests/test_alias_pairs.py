"""The alias rule's pairs of a roster are exactly what judging every two rows would give.

`analysis.aliases` finds its candidates by blocks (whole names by shared pieces; a one-word
name only against the first names that score near it) and takes a quicker path when every
name is text and given once. Here both paths are checked against the plain rule applied to
every pair of rows: the same name (or one key) is a pair, else `near_pair` decides.
"""

from __future__ import annotations

import random

from effortplanner.analysis import aliases
from effortplanner.core.names import near_pair, normalise

from tests.test_near_names import FIRSTS, _names


def _every_pair(ids: list[str], names: list[object]) -> dict[frozenset[str], tuple[float, str]]:
    rows = [(pid, name) for pid, name in zip(ids, names) if isinstance(name, str) and name.strip()]
    out: dict[frozenset[str], tuple[float, str]] = {}
    for n, (pa, a) in enumerate(rows):
        for pb, b in rows[n + 1:]:
            ka, kb = normalise(a), normalise(b)
            if ka and ka == kb:
                out[frozenset((pa, pb))] = (100.0, "same name")
            elif (near := near_pair(a, b)) is not None:
                out[frozenset((pa, pb))] = (near.score, near.reason)
    return out


def _found(ids: list[str], names: list[object]) -> dict[frozenset[str], tuple[float, str]]:
    aliases._name_pairs.cache_clear()
    aliases._pairs.cache_clear()
    return {pair: (score, reason) for pair, (_a, _b, score, reason) in aliases._name_pairs(tuple(ids), tuple(names))}


def test_pairs_of_a_roster_of_distinct_names_with_a_few_one_word_ones() -> None:
    for seed in range(12):
        rng = random.Random(seed)
        names: list[object] = list(dict.fromkeys(_names(seed, rng.choice([40, 160]))))
        names += rng.sample([f for f in FIRSTS if f not in names], 3)
        rng.shuffle(names)
        assert aliases._all_filled_text(tuple(names)) and len(set(names)) == len(names)  # the quicker path
        ids = [f"P{i}" for i in range(len(names))]
        assert _found(ids, names) == _every_pair(ids, names), seed


def test_pairs_of_a_roster_with_repeated_blank_and_odd_names() -> None:
    for seed in range(8):
        rng = random.Random(100 + seed)
        names: list[object] = _names(seed, 60)
        full = [n for n in names if " " in n]  # (two spellings of one one-word key pair as only one of them does)
        names += [full[0], full[1].upper(), "  ", None, float("nan"), "!!!", "???"]
        rng.shuffle(names)
        ids = [f"P{i}" for i in range(len(names))]
        assert _found(ids, names) == _every_pair(ids, names), seed
