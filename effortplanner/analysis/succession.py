"""Who holds each duty, day by day, from the as-of date to the horizon.

A duty is held by its owner while both the duty runs and the owner is there. When the
owner's contract ends first, the duty passes along its successor chain: the
assignment's own successor, then whoever is named as successor on *every* duty of that
person (see `frames.uniform_successors`), and so on, at most MAX_CHAIN links, never
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

from effortplanner.analysis.frames import frame, uniform_successors

MAX_CHAIN = 8


@dataclass(frozen=True)
class Succession:
    """segments: who holds what when; interim: gaps before a late successor; tails: the end."""

    segments: pd.DataFrame  # assignment, holder, link (0 = owner), start_day, end_day (inclusive)
    interim: pd.DataFrame  # assignment, owner, holder (the late successor), start_day, end_day, cert, chain
    tails: pd.DataFrame  # assignment, owner, last (last named holder), start_day, end_day, cert, kind, chain


def _lookup(ids: np.ndarray, table: pd.Series, default: object) -> np.ndarray:
    """table[ids] column-wise with a default for None/unknown ids."""
    if len(table) == 0 or len(ids) == 0:
        return np.full(len(ids), default, dtype=object)
    index = table.index.get_indexer(pd.Index(ids, dtype=object))
    values = table.to_numpy()
    out = np.where(index >= 0, values[np.maximum(index, 0)], default)
    return out.astype(values.dtype) if values.dtype != object else out


def follow(duty: pd.DataFrame, people: pd.DataFrame, as_of: int, horizon: int) -> Succession:
    """Segments, interim gaps and tails of every duty within [as_of, horizon] (day numbers)."""
    ids = duty.index.to_numpy(dtype=object)
    owner = duty["person"].to_numpy(dtype=object)
    raw_start = duty["start_day"].to_numpy()
    d_start = np.maximum(raw_start, as_of)
    d_end = np.minimum(duty["end_day"].to_numpy(), horizon)  # last day the duty needs someone
    p_start = people["start_day"]
    p_end = people["end_day"]
    p_cert = people["end_cert"]
    p_scert = people["start_cert"]
    has_owner = pd.notna(owner) & pd.Index(owner, dtype=object).isin(people.index)

    o_start = _lookup(owner, p_start, 0).astype(np.int64)
    o_end = _lookup(owner, p_end, 0).astype(np.int64)
    seg_s = np.maximum(d_start, o_start)
    seg_e = np.minimum(d_end, o_end)
    keep = has_owner & (seg_s <= seg_e)
    segments = [frame({"assignment": ids[keep], "holder": owner[keep], "link": 0,
                       "start_day": seg_s[keep], "end_day": seg_e[keep]})]

    # Duties that outlive their owner inside the window.
    kind = _lookup(owner, people["end_kind"], "unknown")
    live = has_owner & (kind == "dated") & (o_end < d_end) & (d_end >= as_of) & (raw_start <= d_end)
    rows = np.flatnonzero(live)
    duty_end_cert = duty["end_cert"].to_numpy() * (duty["end_day"].to_numpy() <= horizon)
    state = {
        "row": rows,
        "t": np.maximum(o_end[rows] + 1, raw_start[rows]),  # first day no one named holds it (may be < as_of)
        "cert": np.maximum(_lookup(owner[rows], p_cert, 0).astype(np.int8), duty_end_cert[rows]),
        "last": owner[rows],
        "next": duty["successor"].to_numpy(dtype=object)[rows],
    }
    chain: list[np.ndarray] = [owner[rows]]
    interim: list[pd.DataFrame] = []
    finished: list[tuple[dict[str, np.ndarray], list[np.ndarray]]] = []
    relay = uniform_successors(duty)
    for link in range(1, MAX_CHAIN + 2):
        nxt = state["next"]
        valid = pd.notna(nxt) & pd.Index(nxt, dtype=object).isin(people.index) & (link <= MAX_CHAIN)
        for earlier in chain:
            valid &= nxt != earlier
        finished.append(({k: v[~valid] for k, v in state.items()}, [c[~valid] for c in chain]))
        if not valid.any():
            break
        state = {k: v[valid] for k, v in state.items()}
        chain = [c[valid] for c in chain]
        r, h, t, cert = state["row"], state["next"], state["t"], state["cert"]
        end = d_end[r]
        hs = _lookup(h, p_start, 0).astype(np.int64)
        he = _lookup(h, p_end, 0).astype(np.int64)
        hkind = _lookup(h, people["end_kind"], "unknown")
        late = hs > t
        if late.any():
            gap_cert = np.maximum(cert, _lookup(h, p_scert, 0).astype(np.int8))
            interim.append(frame({
                "assignment": ids[r][late], "owner": owner[r][late], "holder": h[late],
                "start_day": t[late], "end_day": np.minimum(hs[late] - 1, end[late]), "cert": gap_cert[late],
                "chain": _chain_tuples([c[late] for c in chain] + [h[late]])}))
            cert = np.where(late, gap_cert, cert)
        cover_s = np.maximum(t, hs)
        cover_e = np.minimum(he, end)
        seg_start = np.maximum(cover_s, as_of)
        ok = seg_start <= cover_e
        segments.append(frame({"assignment": ids[r][ok], "holder": h[ok], "link": link,
                               "start_day": seg_start[ok], "end_day": cover_e[ok]}))
        going = (hkind == "dated") & (he < end) & (hs <= end)  # h leaves before the duty ends
        state = {
            "row": r[going],
            "t": np.maximum(cover_s, he + 1)[going],
            "cert": np.maximum(cert, _lookup(h, p_cert, 0).astype(np.int8))[going],
            "last": h[going],
            "next": _lookup(h[going], relay, None),
        }
        chain = [c[going] for c in chain] + [h[going]]
    rows = np.concatenate([f["row"] for f, _ in finished])
    t = np.concatenate([f["t"] for f, _ in finished])
    cert = np.concatenate([f["cert"] for f, _ in finished])
    last = np.concatenate([f["last"] for f, _ in finished])
    paths = [p for _, c in finished for p in _chain_tuples(c)]
    handover = duty["handover_to"].to_numpy(dtype=object)[rows]
    ends = duty["ends"].to_numpy()[rows]
    tail_kind = np.where(handover != "", "handover", np.where(ends, "ends", "gap"))
    tails = frame({"assignment": ids[rows], "owner": owner[rows], "last": last,
                   "start_day": t, "end_day": d_end[rows], "cert": cert, "kind": tail_kind, "chain": paths})
    tails = tails[tails["start_day"] <= tails["end_day"]]
    interim_frame = pd.concat(interim, ignore_index=True) if interim else pd.DataFrame(
        {c: [] for c in ("assignment", "owner", "holder", "start_day", "end_day", "cert", "chain")})
    interim_frame = interim_frame[interim_frame["end_day"] >= interim_frame["start_day"]]
    return Succession(pd.concat(segments, ignore_index=True), interim_frame.reset_index(drop=True),
                      tails.reset_index(drop=True))


def _chain_tuples(chain: list[np.ndarray]) -> list[tuple[str, ...]]:
    """Per row, the named holders in order (owner first)."""
    if not chain or len(chain[0]) == 0:
        return []
    return [tuple(row) for row in zip(*chain)]
