"""Duties that outlive the people holding them: contract-end gaps and unassigned handovers.

Rules (see `succession` for how a duty passes along its chain):

- ``contract_end_gap``: days a duty still runs with no named person holding it, after
  the last named holder leaves (to the duty's end or the horizon), or before a late
  successor arrives. Severity *error* when the dates it rests on are exact or
  approximate, *warning* when one is uncertain ("spring 2017?"): uncertainty lowers
  the certainty shown, it never hides the flag.
- ``unassigned_handover``: the disposition hands the duty to a group or an experiment
  ("Transfer to USDC") with no person named; effective the day after the last named
  holder leaves. Severity *warning*. Such a duty is not also a gap. A handover on the
  duty of someone who is not leaving (a permanent position) has no date and is not
  flagged.
- A duty whose disposition says it stops when its owner leaves raises nothing.
- Owners on an open-ended position, or with no end date at all, raise nothing.
- Nothing is flagged for days before the as-of date: a duty still listed for someone
  who has already left is flagged from the as-of date ("left on ...").

``person`` is the last named holder, whose leaving opens the gap; ``related`` lists
the chain before them (owner first). ``amount`` is the duty's FTE times the uncovered
months inside the window (FTE-months; 0 for a duty with no FTE and no cadence).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from effortplanner.analysis.context import Context
from effortplanner.analysis.frames import CERT_NAMES
from effortplanner.analysis.flag_table import Columns, concat, flag_columns
from effortplanner.analysis.text import Names, handover_target, leaves, quoted_duties, when
from effortplanner.analysis.window import MONTH_DAYS


class _People:
    """'leaves on 2016-06-30' per person, cached: messages repeat the same few people."""

    def __init__(self, ctx: Context, names: Names) -> None:
        self.ctx, self.names = ctx, names
        people = ctx.people
        self._pos = dict(zip(people.index.tolist(), range(len(people))))
        self._end, self._cert, self._text, self._start, self._stext, self._scert = (
            people[c].to_numpy() for c in ("end_day", "end_cert", "end_text", "start_day", "start_text", "start_cert"))
        self._leaves: dict[str, str] = {}
        self._leaving: dict[str, str] = {}

    def leaves(self, pid: str) -> str:
        text = self._leaves.get(pid)
        if text is None:
            at = self._pos[pid]
            day = int(self._end[at])
            text = f"{leaves(day, self.ctx.first)} {when(day, int(self._cert[at]), str(self._text[at]))}"
            self._leaves[pid] = text
        return text

    def leaving(self, pid: str) -> str:
        text = self._leaving.get(pid)
        if text is None:
            text = self._leaving[pid] = f"{self.names.person(pid)} {self.leaves(pid)}"
        return text

    def arriving(self, pid: str) -> str:
        at = self._pos[pid]
        return when(int(self._start[at]), int(self._scert[at]), str(self._stext[at]))

    def passes(self, chain: tuple[str, ...]) -> str:
        """'passes to Felipe Alba, who leaves around 2017-08-31 (...)' for each successor."""
        return "; then to ".join(f"{self.names.person(h)}, who {self.leaves(h)}" for h in chain[1:])


def _open(frame: pd.DataFrame, first: int, keep: np.ndarray | None = None) -> np.ndarray:
    """Positions of the rows still open on the as-of date (and in `keep`)."""
    is_open = frame["end_day"].to_numpy(dtype=np.int64) >= first
    return np.flatnonzero(is_open if keep is None else is_open & keep)


def _columns(frame: pd.DataFrame, at: np.ndarray, first: int, fte: np.ndarray, horizon: int) -> dict[str, list[Any]]:
    """Per-flag values of the rows at positions `at`, computed column-wise: dates (starting no earlier
    than the as-of date; `since` keeps an earlier real start), ISO texts, amounts, certainty words."""
    since = frame["start_day"].to_numpy(dtype=np.int64)[at]
    s = np.maximum(since, first)
    e = frame["end_day"].to_numpy(dtype=np.int64)[at]
    cert = np.clip(frame["cert"].to_numpy(dtype=np.int64)[at], 0, 3)
    s_day, e_day = s.astype("datetime64[D]"), e.astype("datetime64[D]")
    since_iso = np.datetime_as_string(since.astype("datetime64[D]"))
    return {
        "start": s_day.tolist(), "end": e_day.tolist(),
        "s_iso": np.datetime_as_string(s_day).tolist(),
        "since": np.where(since < s, since_iso, None).tolist(),  # set when it began before the as-of date
        "until": np.where(e >= horizon, "the horizon", np.datetime_as_string(e_day)).tolist(),
        "amount": np.round(fte * (e - s + 1) / MONTH_DAYS, 2).tolist(),
        "cert": np.array(CERT_NAMES, dtype=object)[cert].tolist(),
        "severity": np.where(cert <= 1, "error", "warning").tolist(),
    }


def gap_flags(ctx: Context, names: Names) -> Columns:
    """contract_end_gap and unassigned_handover flags of every duty."""
    people = _People(ctx, names)
    duty = ctx.duty
    tails = ctx.succession.tails
    kinds = tails["kind"].to_numpy(dtype=object)
    at = _open(tails, ctx.first, kinds != "ends")
    kinds = kinds[at]
    where = tails["row"].to_numpy(dtype=np.int64)[at]
    v = _columns(tails, at, ctx.first, duty["fte"].to_numpy(dtype=float)[where], ctx.last)
    late_start = (duty["start_day"].to_numpy()[where] >
                  ctx.people["end_day"].to_numpy()[tails["owner_pos"].to_numpy(dtype=np.int64)[at]]).tolist()
    handover = tails["handover_to"].to_numpy(dtype=object)[at].tolist()
    chains = tails["chain"].to_numpy(dtype=object)[at].tolist()
    messages = []
    leaving = people.leaving
    for what, kind, chain, late, target, s_iso, since, until in zip(
            quoted_duties(duty, where), kinds.tolist(), chains, late_start, handover, v["s_iso"], v["since"],
            v["until"]):
        if len(chain) == 1:
            head = f"{leaving(chain[0])}, before {what} starts; it" if late else f"{leaving(chain[0])}; {what}"
        else:
            head = f"{leaving(chain[0])}; {what} passes to {people.passes(chain)}; then it"
        if kind == "handover" and since:
            messages.append(f"{head} went to {handover_target(str(target))} on {since}, and no person is named yet")
        elif kind == "handover":
            messages.append(f"{head} goes to {handover_target(str(target))} from {s_iso} with no person named")
        else:
            messages.append(f"{head} has had no one named since {since}; uncovered to {until}" if since else
                            f"{head} has no one named from {s_iso} to {until}")
    handed = kinds == "handover"
    tail_flags = flag_columns(
        len(messages), kind=np.where(handed, "unassigned_handover", "contract_end_gap").tolist(),
        severity=np.where(handed, "warning", np.array(v["severity"], dtype=object)).tolist(),
        person=tails["last"].to_numpy(dtype=object)[at].tolist(),
        duty=tails["assignment"].to_numpy(dtype=object)[at].tolist(), start=v["start"], end=v["end"],
        amount=v["amount"], message=messages, certainty=v["cert"], related=[c[:-1] for c in chains],
        estimated=duty["estimated"].to_numpy(dtype=bool)[where].tolist())
    interim = ctx.succession.interim
    at = _open(interim, ctx.first)
    where = interim["row"].to_numpy(dtype=np.int64)[at]
    v = _columns(interim, at, ctx.first, duty["fte"].to_numpy(dtype=float)[where], ctx.last)
    holders = interim["holder"].to_numpy(dtype=object)[at].tolist()
    chains = interim["chain"].to_numpy(dtype=object)[at].tolist()
    messages = [f"{people.leaving(chain[-2])}; {what} passes to {names.person(holder)}, "
                f"who only starts {people.arriving(holder)}: no one holds it from {s_iso} to {last.isoformat()}"
                for what, holder, chain, s_iso, last in zip(quoted_duties(duty, where), holders, chains, v["s_iso"],
                                                            v["end"])]
    interim_flags = flag_columns(
        len(messages), kind="contract_end_gap", severity=v["severity"], person=[c[-2] for c in chains],
        duty=interim["assignment"].to_numpy(dtype=object)[at].tolist(), start=v["start"], end=v["end"],
        amount=v["amount"], message=messages,
        certainty=v["cert"], related=[c[:-2] + (h,) for c, h in zip(chains, holders)],
        estimated=duty["estimated"].to_numpy(dtype=bool)[where].tolist())
    return concat([tail_flags, interim_flags])
