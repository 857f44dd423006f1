"""People's names as sheets spell them: "Paola" and "Paola Buitrago", "Filipe" and "Felipe Alba".

The rule that keeps users' trust: an unambiguous short form of a full name is the
same person (and the merge is noted); a near spelling is never merged silently, it
is reported for the user to decide.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

_PUNCT = re.compile(r"[^\w\s'-]")
ALIAS_THRESHOLD = 70.0  # rapidfuzz ratio on first names; Filipe/Felipe 83, Tyler/Taylor 73
FULL_NAME_CUTOFF = 88.0  # rapidfuzz ratio on whole names for two multi-word names to be a pair


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Case-, accent- and spacing-insensitive key of a name (cached: sheets repeat names)."""
    text = name
    if not text.isascii():  # ASCII has no accents to take off (NFKD leaves it as it is)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", text).casefold().split())


def order_free_key(name: str) -> str:
    """The words of a name in a fixed order: "Lennon, John", "Lennon_John", "LENNON John" and
    "John Lennon" all give "john lennon". "" for a one-word name (nothing to reorder)."""
    words = normalise(name.replace("_", " ") if "_" in name else name).split()  # the name's own key is cached
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


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct int64 values (a sort and a diff: np.unique's hashing is slow on pair codes)."""
    values = np.sort(values)
    return values[np.diff(values, prepend=-1) != 0] if len(values) else values


def _char_counts(keys: list[str]) -> np.ndarray:
    """Per key, its count of each character (capped at 127) folded into 8 one-byte buckets packed
    in a uint64. An insertion or a deletion changes one count by one, so the L1 distance of two
    keys' buckets is a lower bound of their indel distance: a cheap test before scoring."""
    codes, uniques = pd.factorize(np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32))
    owner = np.repeat(np.arange(len(keys)), [len(k) for k in keys])
    width = max(len(uniques), 1)
    counts = np.bincount(owner * width + codes, minlength=len(keys) * width).reshape(len(keys), width)
    bucket = np.empty(width, dtype=np.int64)  # dealt by frequency so common letters fall apart
    bucket[np.argsort(-counts.sum(axis=0), kind="stable")] = np.arange(width) % 8
    folded = np.zeros((len(keys), 8), dtype=np.int64)
    for b in range(8):  # each bucket's characters counted together (np.add.at is slow)
        folded[:, b] = counts[:, bucket == b].sum(axis=1)
    return np.minimum(folded, 127).astype(np.int8).view(np.uint64).ravel()


def _indel_at_least(packed: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The lower bound of _char_counts for each pair (i, j)."""
    # Counts are 0..127, so a difference fits an int8: no widening copy before the subtraction.
    difference = packed[i].view(np.int8).reshape(-1, 8) - packed[j].view(np.int8).reshape(-1, 8)
    gaps = np.abs(difference, out=difference).view(np.uint64).ravel()  # 8 byte lanes of 0..127
    # The lanes summed inside each word (a sum over an axis of 8 is 7x slower): neighbouring lanes
    # added into 4 lanes of 16 bits (each at most 254), those four gathered into the top one.
    pairs = (gaps & _EVEN_BYTES) + ((gaps >> np.uint64(8)) & _EVEN_BYTES)
    return ((pairs * _SUM_LANES) >> np.uint64(48)).astype(np.int16)


_EVEN_BYTES = np.uint64(0x00FF00FF00FF00FF)
_SUM_LANES = np.uint64(0x0001000100010001)  # x * this: the sum of x's four 16-bit lanes in the top one


def _sorted_with_keys(index: np.ndarray, keys: np.ndarray, n: int, bits: float) -> tuple[np.ndarray, np.ndarray]:
    """`index` sorted, and the key (0 <= key < n) of each entry beside it; ties in any order.
    `bits`: how many bits `index` may take. When the key's number fits below them, one plain sort
    (half an argsort's time) of both in one integer, then split."""
    if bits + np.log2(max(n, 2)) <= 62:
        both = np.sort(index * n + keys)
        return both // n, both % n
    order = np.argsort(index)
    return index[order], keys[order]


PROBE_CHUNK = 65_536  # segment probes joined at a time: candidate memory stays bounded


def _segment_candidates(keys: list[str], lengths: np.ndarray, k: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """Pairs i * n + j (i the shorter key, or either when as long) that could be within indel
    distance k[i]: key i cut into k[i] + 1 pieces, one piece of a near key b survives every
    insertion and deletion, unchanged (pigeonhole). Where it lands is bounded three ways, for keys
    of lengths la <= lb that may be near (`windows`: la, lb, the farthest distance d between
    them, of the parity of lb - la): (1) at most (d - (lb - la)) / 2 of the edits are deletions
    and (d + (lb - la)) / 2 insertions, so it moved at most that far back or on; (2) some
    untouched piece q has exactly q edits in the pieces before it (the first piece q where the
    edits so far fall behind the pieces so far), so it moved at most q places; (3) the pieces
    after it hold at most d - q edits, so its place measured from the end moved at most d - q.
    Pieces are joined to every substring of the same width, in keys of each such length, at
    those places, as integer codes (characters as base-B digits), then pairs whose character
    counts differ by more than d are dropped (see _char_counts)."""
    n = len(keys)
    chars, _ = pd.factorize(np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32))
    base = int(chars.max(initial=0)) + 2  # digits 1..base-1: substrings of any width differ
    digits = chars.astype(np.int64) + 1
    start = np.cumsum(lengths) - lengths  # each key's first character in `digits`
    pieces = k + 1
    seg_key = np.repeat(np.arange(n), pieces)
    part = np.arange(len(seg_key)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    seg_lo = lengths[seg_key] * part // pieces[seg_key]
    seg_width = lengths[seg_key] * (part + 1) // pieces[seg_key] - seg_lo
    packed = _char_counts(keys)
    span = int(lengths.max(initial=0)) + 1
    # The windows of each shorter length, one after another: those of length la start at first[la].
    windows = windows[np.lexsort((windows[:, 1], windows[:, 0]))]
    first = np.searchsorted(windows[:, 0], np.arange(span + 1))
    owner = np.repeat(np.arange(n), lengths)
    pos = np.arange(len(digits)) - start[owner]
    room = lengths[owner] - pos  # characters from each place to its key's end
    found = [np.zeros(0, dtype=np.int64)]
    for width in np.unique(seg_width).tolist():
        if width * np.log2(base) + 2 * np.log2(span) > 62:
            raise OverflowError  # the caller compares such keys the plain way
        # Code of the substring of this width starting at each character (where it fits in its key).
        fits = np.flatnonzero(room >= width)
        code = np.zeros(len(digits), dtype=np.int64)
        for t in range(width):
            code[fits] = code[fits] * base + digits[fits + t]
        # Sorted by (code, length of its key, place): a window of places in keys of one length is one run.
        index = (code[fits] * span + lengths[owner[fits]]) * span + pos[fits]
        index, index_key = _sorted_with_keys(index, owner[fits], n, width * np.log2(base) + 2 * np.log2(span))
        mine = np.flatnonzero(seg_width == width)
        la = lengths[seg_key[mine]]
        count = first[la + 1] - first[la]  # one probe per piece and longer length it may be near
        probe = np.repeat(mine, count)
        row = np.repeat(first[la] - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
        p_key, p_pos, q, lb, d = seg_key[probe], seg_lo[probe], part[probe], windows[row, 1], windows[row, 2]
        grow = lb - lengths[p_key]
        back = np.minimum(np.minimum(q, d - q - grow), (d - grow) // 2)
        on = np.minimum(np.minimum(q, d - q + grow), (d + grow) // 2)
        low, high = np.maximum(p_pos - back, 0), np.minimum(p_pos + on, lb - width)
        live = np.flatnonzero(low <= high)
        p_code = (code[start[p_key[live]] + p_pos[live]] * span + lb[live]) * span
        low, high = p_code + low[live], p_code + high[live]
        # Sorted probes: each binary search starts where the one before ended.
        order = np.argsort(low)
        p_key, d, low, high = p_key[live][order], d[live][order], low[order], high[order]
        for lo in range(0, len(p_key), PROBE_CHUNK):
            part_of = slice(lo, lo + PROBE_CHUNK)
            at = np.searchsorted(index, low[part_of], side="left")
            hits = np.maximum(np.searchsorted(index, high[part_of], side="right") - at, 0)
            total = int(hits.sum())
            i = np.repeat(p_key[part_of], hits)
            j = index_key[np.repeat(at - np.cumsum(hits) + hits, hits) + np.arange(total)]  # at, at + 1, ... per probe
            keep = (i != j) & (_indel_at_least(packed, i, j) <= np.repeat(d[part_of], hits))
            i, j = i[keep], j[keep]
            found.append(_distinct(np.minimum(i, j) * n + np.maximum(i, j)))
    return _distinct(np.concatenate(found))


SHARED_PAIRS_FROM = 256  # key lists at least this long keep their pairs for the next caller


def similar_key_pairs(keys: Sequence[str], cutoff: float) -> list[tuple[int, int]]:
    """Index pairs (i < j), sorted, of keys whose rapidfuzz ratio reaches `cutoff` (exact, no quadratic scan).

    Worked out on the distinct keys and mapped back. A roster's pairs are kept (see
    _distinct_key_pairs): the import's alias notes and the alias flags ask for the same
    names' pairs, in another order, and the second asker gets them for nothing.
    """
    distinct = sorted(set(keys))
    pairs = distinct_key_pairs(distinct, cutoff)
    places: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        places.setdefault(key, []).append(i)
    out = [(min(i, j), max(i, j)) for a, b in pairs for i in places[distinct[a]] for j in places[distinct[b]]]
    for key, where in places.items():  # the same key twice: a pair when the key scores against itself
        if len(where) > 1 and (score := fuzz.ratio(key, key, score_cutoff=cutoff)) >= cutoff and score > 0:
            out += [(i, j) for n, i in enumerate(where) for j in where[n + 1:]]
    out.sort()
    return out


@lru_cache(maxsize=4)
def _distinct_key_pairs(keys: tuple[str, ...], cutoff: float) -> tuple[tuple[int, int], ...]:
    """_similar_distinct_pairs kept for the last few rosters (keyed by their sorted distinct keys)."""
    return tuple(_similar_distinct_pairs(list(keys), cutoff))


def distinct_key_pairs(distinct: Sequence[str], cutoff: float) -> Sequence[tuple[int, int]]:
    """similar_key_pairs of keys already distinct and sorted: the pairs index them (nothing to map back)."""
    if len(distinct) >= SHARED_PAIRS_FROM:
        return _distinct_key_pairs(tuple(distinct), cutoff)
    return _similar_distinct_pairs(list(distinct), cutoff)


def _similar_distinct_pairs(keys: list[str], cutoff: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) of distinct keys whose rapidfuzz ratio reaches `cutoff`.

    ratio >= c means an indel distance D <= (1 - c/100)(la + lb), and D has the parity of
    lb - la. Each key, cut into k + 1 pieces (k for its farthest possible partner), shares one
    piece, unchanged and a few places away, with every near key at least as long (see
    _segment_candidates);
    the candidates are scored in rapidfuzz's C loop (cpdist). Keys too short to cut are
    compared with the keys of a compatible length only. Memory stays linear in the keys.
    """
    slack = 100.0 - cutoff
    def dmax(total: int) -> int:
        return int(slack * total // 100)

    n = len(keys)
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    present = sorted(set(lengths.tolist()))
    reach: dict[int, int] = {}  # key length -> indel distance to its farthest partner at least as long
    windows: list[tuple[int, int, int]] = []  # (la, lb, the largest indel distance of near keys of these lengths)
    for la in present:
        if slack >= 100:  # every pair is near: nothing to cut
            reach[la] = la
            continue
        reach[la] = 0
        # lb - la - dmax(la + lb) never decreases as lb grows: stop at the first length too far.
        for lb in present[present.index(la):]:
            if lb - la > dmax(la + lb):
                break
            d = dmax(la + lb)
            d -= (d - (lb - la)) % 2  # la + lb - 2 * LCS: a distance has the parity of lb - la
            windows.append((la, lb, d))
            reach[la] = max(reach[la], d)
    k = np.array([reach[la] for la in lengths.tolist()], dtype=np.int64)
    loose = np.flatnonzero(k + 1 > lengths)  # too short to cut into k + 1 pieces
    cut = np.flatnonzero(k + 1 <= lengths)
    parts = []
    if len(cut):
        try:
            local = _segment_candidates([keys[i] for i in cut.tolist()], lengths[cut], k[cut],
                                        np.array(windows, dtype=np.int64).reshape(-1, 3))
        except OverflowError:  # pieces too wide to code as integers: compare by length, as short keys
            local, loose = np.zeros(0, dtype=np.int64), np.arange(n)
        m = len(cut)
        parts.append(np.minimum(cut[local // m], cut[local % m]) * n + np.maximum(cut[local // m], cut[local % m]))
    longest = int(lengths.max(initial=0))
    for i in loose.tolist():
        la = int(lengths[i])
        near = np.flatnonzero(np.abs(lengths - la) <= dmax(la + longest))
        near = near[near != i]
        parts.append(np.minimum(near, i) * n + np.maximum(near, i))
    if not parts:
        return []
    candidates = _distinct(np.concatenate(parts))
    if not len(candidates):
        return []
    first, second = candidates // n, candidates % n
    scores = process.cpdist([keys[i] for i in first.tolist()], [keys[j] for j in second.tolist()],
                            scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float64, workers=1)
    hit = (scores >= cutoff) & (scores > 0)
    return list(zip(first[hit].tolist(), second[hit].tolist()))


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
