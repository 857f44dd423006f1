"""Near spellings found by blocks are exactly the pairs a full comparison finds.

`similar_key_pairs` looks only inside blocks of names sharing a rare bigram (memory
linear in the roster); here it is checked against scoring every pair, on names with
typos, swapped letters, short names and shared first names and surnames.
"""

from __future__ import annotations

import random

import numpy as np
from rapidfuzz import fuzz, process

from effortplanner.core.names import near_spellings, normalise, similar_key_pairs

FIRSTS = ["Anna", "Ana", "John", "Jon", "Li", "Lei", "Wei", "Paola", "Felipe", "Filipe", "Tyler", "Taylor",
          "Svetlana", "Mari", "Maria", "Mark", "Ivan", "Yan", "Jun", "Juan"]
LASTS = ["Rossi", "Wang", "Wu", "Li", "Buitrago", "Alba", "Adelman-McCarthy", "Van Dyke", "O'Brien", "Smith",
         "Smyth", "Johansson", "Johnson", "Kato", "Sato", "Mazzacane"]


def _names(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    names = {f"{rng.choice(FIRSTS)} {rng.choice(LASTS)}" for _ in range(count)}
    names |= {rng.choice(FIRSTS) for _ in range(8)}  # a few one-word names
    out = sorted(names)
    for _ in range(count // 5):  # typos: one letter changed, dropped or doubled
        name = rng.choice(out)
        i = rng.randrange(len(name))
        out.append(rng.choice([name[:i] + "e" + name[i + 1:], name[:i] + name[i + 1:], name[:i] + name[i] + name[i:]]))
    rng.shuffle(out)
    return list(dict.fromkeys(out))


def _all_pairs(keys: list[str], cutoff: float) -> list[tuple[int, int]]:
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return sorted((int(i), int(j)) for i, j in zip(*np.nonzero(scores)) if i < j)


def test_blocked_pairs_equal_the_full_comparison():
    for seed in range(4):
        keys = [normalise(n) for n in _names(seed, 250)] + ["", "a", "li wu", "li wa", "al bo"]
        for cutoff in (88.0, 80.0):
            assert similar_key_pairs(keys, cutoff) == _all_pairs(keys, cutoff), (seed, cutoff)


def test_cut_pieces_find_every_pair_at_any_cutoff_and_length():
    """The pigeonhole pieces hold for long keys, short keys, any alphabet and cutoffs from loose
    to strict (a strict one on long keys makes pieces too wide to code: the plain way is used)."""
    rng = random.Random(11)
    alphabet = "abcdeé ü-'xyz"
    keys = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(120)]
    keys += [k[:i] + k[i + 1:] for k in keys[:40] for i in (len(k) // 2,) if k]  # near copies
    keys = list(dict.fromkeys(keys))
    for cutoff in (30.0, 60.0, 88.0, 97.0, 99.0):
        assert similar_key_pairs(keys, cutoff) == _all_pairs(keys, cutoff), cutoff


def _reference(names: list[str]) -> list[tuple[str, str, str]]:
    """near_spellings' rule applied to every pair, the slow way."""
    from effortplanner.core.names import consonant_skeleton, is_short_form

    unique = list(dict.fromkeys(n for n in names if n.strip()))
    out = []
    for i, a in enumerate(unique):
        for b in unique[i + 1:]:
            ka, kb = normalise(a), normalise(b)
            if ka == kb or is_short_form(a, b) or is_short_form(b, a):
                continue
            if " " in ka and " " in kb:
                if fuzz.ratio(ka, kb) >= 88:
                    out.append((a, b, "similar full names"))
                continue
            fa, fb = ka.split(" ")[0], kb.split(" ")[0]
            score = fuzz.ratio(fa, fb)
            alike = consonant_skeleton(fa) == consonant_skeleton(fb)
            if fa != fb and min(len(fa), len(fb)) >= 3 and score >= 70 and (alike or score >= 85):
                out.append((a, b, "similar first names"))
    return out


def test_near_spellings_report_what_every_pair_would():
    names = _names(7, 300)
    found = [(n.a, n.b, n.reason) for n in near_spellings(names)]
    assert found == _reference(names)
    assert any(r == "similar first names" for *_, r in found) and any(r == "similar full names" for *_, r in found)


def test_one_pair_is_judged_as_near_spellings_judges_the_two_names():
    """near_pair (used where the candidates are already known) says what near_spellings([a, b]) says."""
    from effortplanner.core.names import near_pair

    names = _names(3, 80) + ["Filipe", "Felipe Alba", "Tyler Propp", "Taylor Propp", "Paola", "Paola Buitrago"]
    for i, a in enumerate(names):
        for b in names[i + 1:i + 40]:
            expected = near_spellings([a, b])
            got = near_pair(a, b)
            assert ([got] if got is not None else []) == expected, (a, b)


def test_pairs_of_repeated_keys_and_of_a_kept_roster_equal_the_full_comparison():
    """Pairs are found on the distinct keys and mapped back; a roster-sized list keeps them for
    the next caller (the alias flags after the import's notes), who may list the keys in another
    order or repeat some: each caller still gets the full comparison's pairs of its own list."""
    keys = [normalise(n) for n in _names(5, 400)]
    assert len(set(keys)) >= 256  # large enough to be kept
    shuffled = keys[::-1] + keys[:30]  # another order, some keys twice
    for listed in (keys, shuffled, keys + ["", ""]):
        assert similar_key_pairs(listed, 88.0) == _all_pairs(listed, 88.0)


def _edited(rng: random.Random, text: str, edits: int, alphabet: str) -> str:
    """`text` with `edits` random deletions, insertions and substitutions (anywhere, even at piece edges)."""
    for _ in range(edits):
        i = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.35 and text:
            text = text[:i] + text[i + 1:]
        elif roll < 0.7:
            text = text[:i] + rng.choice(alphabet) + text[i:]
        elif text:
            text = text[:i] + rng.choice(alphabet) + text[i + 1:]
    return text


def test_pieces_looked_for_only_where_a_near_key_can_hold_them_miss_no_pair():
    """Pieces are looked for only in keys of a length that may be near, and only at the places
    the edits allowed by both lengths (and by the pieces before and after) can move them to: on
    small alphabets, short and long keys, one to five edits, every cutoff, the pairs are the full
    comparison's."""
    for seed in range(60):
        rng = random.Random(seed)
        alphabet = rng.choice(["ab", "abc ", "abcdefghij klmno", "aeiou rstln-'é"])
        longest = rng.choice([8, 16, 30])
        base = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, longest))) for _ in range(rng.randint(5, 40))]
        keys = base + [_edited(rng, rng.choice(base), rng.randint(1, 5), alphabet) for _ in range(rng.randint(5, 60))]
        keys = sorted({k for k in keys if k})
        for cutoff in (50.0, 70.0, 85.0, 88.0, 90.0, 95.0):
            assert similar_key_pairs(keys, cutoff) == _all_pairs(keys, cutoff), (seed, cutoff)


def test_index_sorted_with_its_keys_is_the_same_either_way():
    """The substring index is sorted with each entry's key packed below it when the bits allow, by
    argsort otherwise: the same entries (ties may come in another order), at any size."""
    from effortplanner.core.names import _sorted_with_keys

    rng = np.random.default_rng(5)
    for n, top in ((2, 1 << 20), (5000, 1 << 40), (70_000, 1 << 45)):
        index = rng.integers(0, top, 3000, dtype=np.int64)
        index[::7] = index[0]  # ties: one substring in several keys
        keys = rng.integers(0, n, 3000, dtype=np.int64)
        packed = _sorted_with_keys(index, keys, n, np.log2(top))
        plain = _sorted_with_keys(index, keys, n, 62.0)  # no room below: argsort
        for got in (packed, plain):
            assert (np.diff(got[0]) >= 0).all()
            assert sorted(zip(got[0].tolist(), got[1].tolist())) == sorted(zip(index.tolist(), keys.tolist()))


def test_character_count_bound_summed_in_words_is_the_plain_sum():
    """The lower bound's eight lanes are summed inside each 64-bit word: the same as summing them one by one."""
    from effortplanner.core.names import _char_counts, _indel_at_least

    rng = random.Random(9)
    keys = ["".join(rng.choice("aaaaeeiinnrst lmé") for _ in range(rng.randint(0, 200))) for _ in range(300)]
    keys += ["a" * 127, "a" * 300, ""]  # counts at and past the 127 cap
    packed = _char_counts(keys)
    i = np.array([rng.randrange(len(keys)) for _ in range(5000)] + [len(keys) - 3, len(keys) - 1])
    j = np.array([rng.randrange(len(keys)) for _ in range(5000)] + [len(keys) - 1, len(keys) - 3])
    plain = np.abs(packed[i].view(np.int8).reshape(-1, 8).astype(int) -
                   packed[j].view(np.int8).reshape(-1, 8).astype(int)).sum(axis=1)
    assert _indel_at_least(packed, i, j).tolist() == plain.tolist()
    assert plain.max() > 127  # lanes near the cap were met


def test_near_names_of_one_name_are_what_near_spellings_says_of_its_pairs():
    """A successor or owner name unknown as written is compared with the people of similar first
    names one pair at a time: the pairs with it that near_spellings of the name and all of them
    gives (the same pairs, reasons and scores, in the same order)."""
    from rapidfuzz import fuzz, process

    from effortplanner.core.names import ALIAS_THRESHOLD
    from effortplanner.core.plan import Note, Plan
    from effortplanner.io.people_index import People, near_names

    found = 0
    for seed in range(6):
        people = People(Plan(), [])
        names = _names(seed, 120)
        for name in names:
            if people.find(name)[0] is None:
                people.add(name, Note("duties.xlsx", "Duties", 2, None, ""))
        probes = names[:40] + ["Filipe", "Felipe Alba", "Tayler Propp", "Jonh Smith", "Ann", "  ", "Anna Rossi"]
        for name in probes:
            first = normalise(name).split(" ")[0]
            close = process.extract(first, list(people.by_first), scorer=fuzz.ratio, score_cutoff=ALIAS_THRESHOLD,
                                    limit=None)
            candidates = [d.name for key, _score, _i in close for d in people.by_first[key]]
            expected = [n for n in near_spellings([name, *candidates]) if name in (n.a, n.b)]
            assert near_names(people, name) == expected, (seed, name)
            found += len(expected)
    assert found > 20  # the names do meet near spellings, of first names and of full names
