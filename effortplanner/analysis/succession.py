"""Who holds each duty, day by day, from the as-of date to the horizon.

A duty is held by its owner while both the duty runs and the owner is there. When the
owner's contract ends first, the duty passes along its successor chain: the
assignment's own successor, then whoever is named as successor on *every* duty of that
person (see `_relay`), and so on, at most MAX_CHAIN links, never
back to someone already in the chain. A successor covers from the day after the
previous holder leaves, or from their own start if that is later (the days between are
an *interim* gap); one with no end date (open-ended or not given) covers the duty to its
end. Days before an owner arrives are not a gap: the duty waits for them.

What is left uncovered after the last named person leaves is the duty's *tail*: handed
over (the disposition names a group or an experiment), ended (the disposition says the
duty stops), or a gap.

All of it is computed column-wise, one pass per chain link, never per assignment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from effortplanner.analysis.frames import dispositions, frame

MAX_CHAIN = 8


@dataclass(frozen=True)
class Succession:
    """segments: who holds what when; interim: gaps before a late successor; tails: the end."""

    segments: pd.DataFrame  # assignment, holder, link (0 = owner), start_day, end_day (inclusive),
    # row (the assignment's position in the duties), holder_pos (the holder's position in the roster)
    interim: pd.DataFrame  # assignment, owner, holder (the late successor), start_day, end_day, cert, chain, row
    tails: pd.DataFrame  # assignment, owner, last (last named holder), start_day, end_day, cert, kind, handover_to,
    # chain, row, owner_pos (the owner's position in the roster)
    owner_pos: np.ndarray  # per duty, its owner's position in the roster (-1: none, or not on it)


def _relay(owner: np.ndarray, successor: np.ndarray, n_people: int) -> np.ndarray:
    """Per person position, the position of the one successor named on *every* duty of
    theirs (-1 for none, someone unknown, or themselves).

    "Will pick up Paola's assignments" names Michele on all of Paola's duties, so a duty
    that passes to Paola passes on to Michele when Paola leaves. A person whose duties
    name different successors (or none on some) passes nothing on."""
    out = np.full(n_people, -1, dtype=np.int64)
    mine = owner >= 0
    if not mine.any():
        return out
    o, nxt = owner[mine], successor[mine]  # successor: -2 none, -1 unknown id, else a position
    # Positions fit in 16 bits in any department: numpy sorts those stably by radix, in linear time.
    order = np.argsort(o.astype(np.int16) if n_people < 2**15 else o, kind="stable")
    o, nxt = o[order], nxt[order]
    new = np.ones(len(o), dtype=bool)
    new[1:] = o[1:] != o[:-1]
    firsts = np.flatnonzero(new)
    named_all = np.logical_and.reduceat(nxt != -2, firsts)
    same = np.logical_and.reduceat(nxt == nxt[np.repeat(firsts, np.diff(np.append(firsts, len(o))))], firsts)
    who, to = o[firsts], nxt[firsts]
    keep = named_all & same & (to != who)
    out[who[keep]] = np.maximum(to[keep], -1)
    return out


def follow(duty: pd.DataFrame, people: pd.DataFrame, as_of: int, horizon: int,
           assignments: pd.DataFrame) -> Succession:
    """Segments, interim gaps and tails of every duty within [as_of, horizon] (day numbers);
    `assignments` is the plan's table `duty` was made from (`frames.duties`).

    People are handled as positions in `people` (one lookup per id column up front), so
    each chain link is plain integer indexing.
    """
    ids = duty.index.to_numpy(dtype=object)
    person_ids = people.index.to_numpy(dtype=object)
    owner_ids = duty["person"].to_numpy(dtype=object)
    owner = people.index.get_indexer(pd.Index(owner_ids, dtype=object))
    successor_ids = duty["successor"].to_numpy(dtype=object)
    successor = np.full(len(successor_ids), -2, dtype=np.intp)  # frames.duties: None for no successor
    named = np.flatnonzero(~np.equal(successor_ids, None))  # only those looked up (a few duties in four)
    successor[named] = people.index.get_indexer(pd.Index(successor_ids[named], dtype=object))
    raw_start = duty["start_day"].to_numpy()
    d_start = np.maximum(raw_start, as_of)
    d_end = np.minimum(duty["end_day"].to_numpy(), horizon)  # last day the duty needs someone
    p_start = np.append(people["start_day"].to_numpy(dtype=np.int64), 0)  # position -1 reads the default
    p_end = np.append(people["end_day"].to_numpy(dtype=np.int64), 0)
    p_cert = np.append(people["end_cert"].to_numpy(dtype=np.int8), 0)
    p_scert = np.append(people["start_cert"].to_numpy(dtype=np.int8), 0)
    p_dated = np.append(people["end_kind"].to_numpy(dtype=object) == "dated", False)
    has_owner = owner >= 0

    o_start = p_start[owner]
    o_end = p_end[owner]
    seg_s = np.maximum(d_start, o_start)
    seg_e = np.minimum(d_end, o_end)
    keep = has_owner & (seg_s <= seg_e)
    rows = np.flatnonzero(keep)
    segments = [(rows, owner[rows], np.zeros(len(rows), dtype=np.int64), seg_s[rows], seg_e[rows])]

    # Duties that outlive their owner inside the window.
    live = has_owner & p_dated[owner] & (o_end < d_end) & (d_end >= as_of) & (raw_start <= d_end)
    rows = np.flatnonzero(live)
    duty_end_cert = duty["end_cert"].to_numpy() * (duty["end_day"].to_numpy() <= horizon)
    state = {
        "row": rows,
        "t": np.maximum(o_end[rows] + 1, raw_start[rows]),  # first day no one named holds it (may be < as_of)
        "cert": np.maximum(p_cert[owner[rows]], duty_end_cert[rows]),
        "last": owner[rows],
        "next": successor[rows],
    }
    chain: list[np.ndarray] = [owner[rows]]
    interim: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]] = []
    finished: list[tuple[dict[str, np.ndarray], list[np.ndarray]]] = []
    relay = _relay(owner, successor, len(person_ids))
    for link in range(1, MAX_CHAIN + 2):
        nxt = state["next"]
        valid = (nxt >= 0) & (link <= MAX_CHAIN)
        for earlier in chain:
            valid &= nxt != earlier
        finished.append(({k: v[~valid] for k, v in state.items()}, [c[~valid] for c in chain]))
        if not valid.any():
            break
        state = {k: v[valid] for k, v in state.items()}
        chain = [c[valid] for c in chain]
        r, h, t, cert = state["row"], state["next"], state["t"], state["cert"]
        end = d_end[r]
        hs = p_start[h]
        he = p_end[h]
        late = hs > t
        if late.any():
            gap_cert = np.maximum(cert, p_scert[h])
            gap_end = np.minimum(hs - 1, end)
            shown = late & (gap_end >= t)  # a gap of at least one day
            interim.append((r[shown], h[shown], t[shown], gap_end[shown], gap_cert[shown],
                            [c[shown] for c in chain] + [h[shown]]))
            cert = np.where(late, gap_cert, cert)
        cover_s = np.maximum(t, hs)
        cover_e = np.minimum(he, end)
        seg_start = np.maximum(cover_s, as_of)
        ok = seg_start <= cover_e
        segments.append((r[ok], h[ok], np.full(int(ok.sum()), link, dtype=np.int64), seg_start[ok], cover_e[ok]))
        going = p_dated[h] & (he < end) & (hs <= end)  # h leaves before the duty ends
        state = {
            "row": r[going],
            "t": np.maximum(cover_s, he + 1)[going],
            "cert": np.maximum(cert, p_cert[h])[going],
            "last": h[going],
            "next": relay[h[going]],
        }
        chain = [c[going] for c in chain] + [h[going]]
    shown = [f["t"] <= d_end[f["row"]] for f, _ in finished]  # at least one day left uncovered
    rows = np.concatenate([f["row"][s] for (f, _), s in zip(finished, shown)])
    t = np.concatenate([f["t"][s] for (f, _), s in zip(finished, shown)])
    cert = np.concatenate([f["cert"][s] for (f, _), s in zip(finished, shown)])
    last = person_ids[np.concatenate([f["last"][s] for (f, _), s in zip(finished, shown)])]
    paths = [p for (_, c), s in zip(finished, shown) for p in _chain_tuples([person_ids[x[s]] for x in c])]
    handover, ends = dispositions(assignments, rows)
    tail_kind = np.where(handover != "", "handover", np.where(ends, "ends", "gap")).astype(object)
    tails = frame({"assignment": ids[rows], "owner": owner_ids[rows], "last": last,
                   "start_day": t, "end_day": d_end[rows], "cert": cert, "kind": tail_kind, "handover_to": handover,
                   "chain": paths, "row": rows, "owner_pos": owner[rows]})
    return Succession(_segments(segments, ids, person_ids), _interim(interim, ids, owner_ids, person_ids), tails,
                      owner)


def _interim(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]],
             ids: np.ndarray, owner_ids: np.ndarray, person_ids: np.ndarray) -> pd.DataFrame:
    """One frame of the gaps before late successors found link by link."""
    if not parts:
        return pd.DataFrame({c: [] for c in ("assignment", "owner", "holder", "start_day", "end_day", "cert",
                                             "chain", "row")})
    row, holder, start, end, cert = (np.concatenate(column) for column in zip(*(p[:5] for p in parts)))
    chains = [c for p in parts for c in _chain_tuples([person_ids[x] for x in p[5]])]
    return frame({"assignment": ids[row], "owner": owner_ids[row], "holder": person_ids[holder], "start_day": start,
                  "end_day": end, "cert": cert, "chain": chains, "row": row})


def _segments(parts: list[tuple[np.ndarray, ...]], ids: np.ndarray, person_ids: np.ndarray) -> pd.DataFrame:
    """One frame of the holder segments found link by link: (row, holder position, link, start, end) each."""
    row, holder_pos, link, start, end = (np.concatenate(column) for column in zip(*parts))
    return frame({"assignment": ids[row], "holder": person_ids[holder_pos], "link": link, "start_day": start,
                  "end_day": end, "row": row, "holder_pos": holder_pos})


def _chain_tuples(chain: list[np.ndarray]) -> list[tuple[str, ...]]:
    """Per row, the named holders in order (owner first)."""
    if not chain or len(chain[0]) == 0:
        return []
    return [tuple(row) for row in zip(*chain)]
