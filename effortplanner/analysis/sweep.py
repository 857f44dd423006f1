"""Event sweeps: step functions and their integrals from intervals, without expanding days.

Each interval ``[start, end)`` of a key contributes ``+w`` at its start and ``-w`` at its
end. Sorting the events by (key, day) and taking cumulative sums gives, per key, the
value on every stretch between consecutive event days. Integrals over periods come from
the same sorted events: the integral up to day b is ``b * W(b) - TW(b)`` where W and TW
are the cumulative sums of w and w * day over the events before b.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROUND = 9  # decimals kept after cumulative sums, so 0.1 + 0.2 - 0.3 is 0


@dataclass(frozen=True)
class Steps:
    """Constant stretches per key: key[i] has values[i] on [start[i], end[i])."""

    key: np.ndarray
    start: np.ndarray
    end: np.ndarray
    values: np.ndarray  # shape (n, number of weight columns)

    def __len__(self) -> int:
        return len(self.key)

    def take(self, mask: np.ndarray) -> Steps:
        return Steps(self.key[mask], self.start[mask], self.end[mask], self.values[mask])


def _as_2d(weights: np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w.reshape(-1, 1) if w.ndim == 1 else w


def _sorted_events(key: np.ndarray, start: np.ndarray, end: np.ndarray,
                   weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events combined per (key, day), sorted: (key, day, summed delta rows)."""
    w = _as_2d(weights)
    keep = np.asarray(end) > np.asarray(start)
    key, start, end, w = np.asarray(key)[keep], np.asarray(start)[keep], np.asarray(end)[keep], w[keep]
    keys = np.concatenate([key, key]).astype(np.int64)
    days = np.concatenate([start, end]).astype(np.int64)
    deltas = np.concatenate([w, -w])
    if len(keys) and keys.min() >= 0:
        base = int(days.min())
        span = int(days.max()) - base + 1
        if (int(keys.max()) + 1) * span < 2**62:  # one int64 sort key: faster than lexsort
            order = np.argsort(keys * span + (days - base))
        else:
            order = np.lexsort((days, keys))
    else:
        order = np.lexsort((days, keys))
    keys, days, deltas = keys[order], days[order], deltas[order]
    if len(keys) == 0:
        return keys, days, deltas
    new = np.ones(len(keys), dtype=bool)
    new[1:] = (keys[1:] != keys[:-1]) | (days[1:] != days[:-1])
    firsts = np.flatnonzero(new)
    return keys[firsts], days[firsts], np.add.reduceat(deltas, firsts, axis=0)


def steps(key: np.ndarray, start: np.ndarray, end: np.ndarray, weights: np.ndarray) -> Steps:
    """The step function of every key: stretches between consecutive event days.

    `key` are int codes; `start`/`end` day numbers (end exclusive); `weights` one value
    (or one row of values) per interval. Stretches inside a key's span where nothing
    runs are included with value 0; nothing before a key's first event or after its last.
    """
    keys, days, deltas = _sorted_events(key, start, end, weights)
    width = _as_2d(weights).shape[1]
    if len(keys) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Steps(empty, empty, empty, np.zeros((0, width)))
    cum = np.cumsum(deltas, axis=0)
    # Reset at each key's first event so rounding never leaks from one key to the next.
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    head = np.maximum.accumulate(np.where(first, np.arange(len(keys)), 0))
    cum = cum - (cum[head] - deltas[head])
    cum = np.round(cum, ROUND)
    inner = np.flatnonzero(keys[:-1] == keys[1:])
    return Steps(keys[inner], days[inner], days[inner + 1], cum[inner])


def merge_runs(s: Steps, columns: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Run ids grouping consecutive stretches of a key that touch (and, if `columns` is
    given, have equal values there). Returns (run id per stretch, first index of each run)."""
    n = len(s)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    new = np.ones(n, dtype=bool)
    new[1:] = (s.key[1:] != s.key[:-1]) | (s.start[1:] != s.end[:-1])
    if columns is not None:
        vals = s.values[:, columns] if s.values.ndim == 2 else s.values
        new[1:] |= np.any(vals[1:] != vals[:-1], axis=1) if vals.ndim == 2 else vals[1:] != vals[:-1]
    run = np.cumsum(new) - 1
    return run, np.flatnonzero(new)


def integrals(key: np.ndarray, start: np.ndarray, end: np.ndarray, weights: np.ndarray,
              bounds: np.ndarray, n_keys: int) -> np.ndarray:
    """Integral of each key's step function between consecutive `bounds` (day numbers).

    Returns shape (n_keys, len(bounds) - 1, weight columns): weight x days per period.
    """
    keys, days, deltas = _sorted_events(key, start, end, weights)
    width = _as_2d(weights).shape[1]
    bounds = np.asarray(bounds, dtype=np.int64)
    out = np.zeros((n_keys, max(len(bounds) - 1, 0), width))
    if len(keys) == 0 or len(bounds) < 2:
        return out
    base = int(min(days.min(), bounds.min()))
    span = int(max(days.max(), bounds.max())) - base + 2
    flat = keys * span + (days - base)
    cum_w = np.vstack([np.zeros((1, width)), np.cumsum(deltas, axis=0)])
    cum_tw = np.vstack([np.zeros((1, width)), np.cumsum(deltas * (days - base)[:, None], axis=0)])
    grid_keys = np.repeat(np.arange(n_keys, dtype=np.int64), len(bounds))
    grid_days = np.tile(bounds - base, n_keys)
    # Events strictly before b (an event on day b has not yet contributed any day-weight).
    before = np.searchsorted(flat, grid_keys * span + grid_days, side="left")
    first = np.searchsorted(flat, grid_keys * span, side="left")
    w = cum_w[before] - cum_w[first]
    tw = cum_tw[before] - cum_tw[first]
    area = (grid_days[:, None] * w - tw).reshape(n_keys, len(bounds), width)
    return np.diff(area, axis=1)
