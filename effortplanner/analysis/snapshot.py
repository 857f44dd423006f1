"""One analysis per plan revision: everything the window's views read, computed together.

`snapshot(plan)` builds the analysis context once (roster, duties, who holds what
when) and derives from it the flags, the person load steps, the inherited duties, the
timeline rows and the summary counts. The result is cached per (revision, settings, analysis window),
so the flags panel, the timeline and the status bar never compute the same thing twice;
the window computes it on a copy of the plan off the GUI thread (a copy keeps its
source's revision, so the cached result serves the original too).

It comes in two stages, because a user who edits a cell waits for the flags: `flags_first(plan)`
gives the snapshot with its flags and counts (the context and the flag rules, about a third of
the work), and `Snapshot.with_rows()` adds the load steps, the inherited duties and the timeline
rows to the same object (each computed once, whichever thread asks first; the other waits).

More parts can be added without touching the views: `Snapshot.part(name)` computes a
registered part (see `register_part`) lazily from the snapshot's context and keeps it.
This is the public face of `analysis` for the GUI: the types the timeline draws are
re-exported here, so `gui/` imports nothing else from `analysis` for them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from effortplanner.analysis import heatmap as heatmap_module
from effortplanner.analysis.context import Context, build
from effortplanner.analysis.flag_rows import flag_rows
from effortplanner.analysis.flags import flags_in
from effortplanner.analysis.load import person_load_in
from effortplanner.analysis.flag_table import flag_column
from effortplanner.analysis.model import Flag
from effortplanner.analysis.timeline import timeline_rows
from effortplanner.analysis.timeline_changes import changed_people
from effortplanner.analysis.window import AnalysisWindow, analysis_window
from effortplanner.analysis.timeline_model import (Bars, Ghost, Milestone, Person, TimelineData, month_start,
                                                   next_month, pack_lanes)
from effortplanner.core.plan import Plan

__all__ = ["CAPACITY_PART", "FLAG_ROWS_PART", "Bars", "Ghost", "Milestone", "Person", "Snapshot", "SnapshotKey",
           "TimelineData", "changed_people",
           "compute_eager", "flags_first", "has_eager", "heatmap_part", "month_start", "next_month", "pack_lanes",
           "register_part", "snapshot", "snapshot_key"]

SnapshotKey = tuple[int, str, str]
_log = logging.getLogger(__name__)
CACHE_SIZE = 4  # snapshots kept: the shown scenario, the one before an edit, a comparison's two sides


@dataclass
class Snapshot:
    """The analysis of one plan state. Read-only for its users: views share it.

    `load`, `inherited` and `timeline` are the second stage: reading one computes it (`with_rows`)
    when it is not done yet, so a view that must not wait checks `has_rows` first."""

    key: SnapshotKey  # (plan revision, settings, analysis window) it was computed for: see `snapshot_key`
    as_of: date
    horizon: date
    flags: Sequence[Flag]  # a FlagTable: objects made when a view asks for them
    counts: dict[str, int]  # rows per table, flags and flags by severity
    window_error: str = ""  # why the plan has no analysis window (horizon before as-of), if so
    context: Context | None = field(default=None, repr=False)
    plan: Plan | None = field(default=None, repr=False)  # the state analysed: the second stage reads it
    parts: dict[str, object] = field(default_factory=dict, repr=False)
    _rows: _Rows | None = field(default=None, repr=False)
    _rows_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    failed_parts: set[str] = field(default_factory=set, repr=False)  # failed once: not tried again
    _part_locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)  # one per part being made
    _part_locks_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def revision(self) -> int:
        return self.key[0]

    @property
    def has_rows(self) -> bool:
        """Whether the second stage (load, inherited duties, timeline rows) is computed."""
        return self._rows is not None

    def with_rows(self) -> Snapshot:
        """Compute the second stage if it is not yet (once: a second thread asking waits); returns self."""
        if self._rows is None:
            with self._rows_lock:
                if self._rows is None:
                    self._rows = _rows_of(self)
        return self

    @property
    def load(self) -> pd.DataFrame | None:
        """Person load steps (`load.person_load` columns); None without a window."""
        return self._stage_two().load

    @property
    def inherited(self) -> pd.DataFrame | None:
        """Held segments of duties carried by a successor (context `held` rows)."""
        return self._stage_two().inherited

    @property
    def timeline(self) -> TimelineData:
        return self._stage_two().timeline

    def _stage_two(self) -> _Rows:
        rows = self.with_rows()._rows
        assert rows is not None  # set by with_rows
        return rows

    def part(self, name: str) -> object:
        """A registered extra part (e.g. heatmap cells), computed on first use and kept (once: a second
        thread asking for the same part waits for it; other parts are not held up)."""
        if name not in self.parts:
            with self._part_locks_lock:  # not the rows lock: held through the whole second stage
                lock = self._part_locks.setdefault(name, threading.Lock())
            with lock:
                if name not in self.parts:
                    self.parts[name] = _PARTS[name][0](self)
        return self.parts[name]


@dataclass(frozen=True)
class _Rows:
    """The second stage of a snapshot: what the timeline and the load view read beside the flags."""

    load: pd.DataFrame | None
    inherited: pd.DataFrame | None
    timeline: TimelineData


_PARTS: dict[str, tuple[Callable[[Snapshot], object], bool]] = {}


def register_part(name: str, compute: Callable[[Snapshot], object], eager: bool = False) -> None:
    """Add a named part every snapshot offers (`Snapshot.part(name)`), computed from the snapshot
    (its `context` has the plan). An eager part is computed with the snapshot itself (in the window:
    off the GUI thread, with the first part the load view asks for, see `compute_eager`); a lazy one
    on first use, or in the first stage by a caller that names it (`flags_first(with_parts=...)`:
    what shows the flags comes with them, off the GUI thread)."""
    _PARTS[name] = (compute, eager)


def snapshot_key(plan: Plan, window: AnalysisWindow | None = None) -> SnapshotKey:
    """What a snapshot depends on: the plan's revision, its settings and its analysis window (which
    moves with today when the settings name no as-of date: a window open past midnight); `window`
    when it is decided already (`analysis_window`), else the plan's as of today."""
    span = (window or analysis_window(plan)).span
    return plan.revision, repr(sorted(asdict(plan.settings).items())), span


_cache: OrderedDict[SnapshotKey, Snapshot] = OrderedDict()
_lock = threading.Lock()


def snapshot(plan: Plan, eager: bool = True, with_parts: Collection[str] = ()) -> Snapshot:
    """Everything the views need for `plan` as it is now, both stages; computed once per revision and
    settings. `eager=False` leaves the eager parts to a later `compute_eager` (the window shows an
    edit's flags and timeline without waiting for what only the load view reads); `with_parts` as in
    `flags_first`."""
    result = flags_first(plan, with_parts).with_rows()
    if eager:
        compute_eager(result)
    return result


def flags_first(plan: Plan, with_parts: Collection[str] = ()) -> Snapshot:
    """The snapshot of `plan` with its flags and counts; its rows may not be computed yet (`with_rows`).
    `plan` must not change until they are: the second stage reads it (the window hands it a copy).

    The registered parts named in `with_parts` are made too, here (the window's flags panel has its
    rows made in the analysis job); snapshots nobody shows them for (a comparison's sides, an
    export's) skip them. A part that fails is logged and left out: whoever shows it makes it itself."""
    window = analysis_window(plan)  # today read once: the key and the analysis name the same window
    key = snapshot_key(plan, window)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
    if found is None:
        result = _compute(plan, key, window)
        with _lock:
            found = _cache.get(key)  # another thread computed the same state meanwhile: keep one
            if found is None:
                _cache[key] = found = result
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    _make_parts(found, with_parts)
    return found


def _make_parts(snap: Snapshot, names: Collection[str]) -> None:
    """The named parts `snap` does not hold yet; one that fails is logged once and left out (the flags
    must not go down with a view's extra; the view then makes it itself)."""
    for name in names:
        if name in snap.parts or name in snap.failed_parts:
            continue
        try:
            snap.part(name)
        except Exception:  # noqa: BLE001 — a view's extra must not take the flags down: left out, the view makes it
            snap.failed_parts.add(name)
            _log.exception("analysis part %r failed", name)


def _compute(plan: Plan, key: SnapshotKey, window: AnalysisWindow) -> Snapshot:
    """The first stage, in `window`: the context, the flags and the counts."""
    ctx = None if window.error else build(plan, window.as_of, window.horizon)
    flags: Sequence[Flag] = flags_in(ctx) if ctx is not None else []
    as_of, horizon, error = window.as_of, window.horizon, window.error
    counts = dict(plan.counts())
    counts["flags"] = len(flags)
    severities = flag_column(flags, "severity")
    for severity in ("error", "warning", "info"):
        counts[severity + "s"] = severities.count(severity)
    return Snapshot(key, as_of, horizon, flags, counts, error, ctx, plan)


def _rows_of(snap: Snapshot) -> _Rows:
    """The second stage, from the first stage's context: load steps, inherited duties, timeline rows."""
    ctx, plan = snap.context, snap.plan
    assert plan is not None  # every snapshot made here has its plan
    window = AnalysisWindow(snap.as_of, snap.horizon, snap.window_error)  # the first stage's
    if ctx is None:
        return _Rows(None, None, timeline_rows(plan, None, None, window))
    load = person_load_in(ctx)
    held = ctx.held
    inherited = held[held["inherited"].to_numpy(dtype=bool)]
    return _Rows(load, inherited, timeline_rows(plan, held, load, window))


def has_eager(snap: Snapshot) -> bool:
    """Whether `snap` holds every eager part already."""
    return all(name in snap.parts for name, (_compute_part, eager) in list(_PARTS.items()) if eager)


def compute_eager(snap: Snapshot) -> Snapshot:
    """Compute the parts registered as eager that `snap` does not hold yet; returns `snap`."""
    for name, (_compute_part, eager) in list(_PARTS.items()):
        if eager:
            snap.part(name)
    return snap



# --- the flags panel's rows -------------------------------------------------------------------
FLAG_ROWS_PART = "flag rows"  # the flags as the panel's rows of texts (analysis.flag_rows)
register_part(FLAG_ROWS_PART, lambda snap: flag_rows(snap.plan, snap.flags) if snap.plan is not None else [])


# --- the load view's parts ----------------------------------------------------------------------
CAPACITY_PART = "capacity"  # committed vs capacity by month (analysis.heatmap.committed_vs_capacity)
EAGER_HEATMAP = "M"  # the period the load view opens on; the others are computed when chosen


def heatmap_part(freq: str) -> str:
    """The part name of the load view's heatmap for one period (W, M, Q or FY)."""
    return f"heatmap:{freq}"


def _heatmap_of(freq: str) -> Callable[[Snapshot], object]:
    def compute(snap: Snapshot) -> heatmap_module.Heatmap | None:
        ctx = snap.context
        return None if ctx is None else heatmap_module.heatmap(ctx.plan, freq, context=ctx)
    return compute


def _capacity(snap: Snapshot) -> pd.DataFrame | None:
    ctx = snap.context
    return None if ctx is None else heatmap_module.committed_vs_capacity(ctx.plan, context=ctx)


# At the 20k synthetic plan the snapshot takes ~0.38 s; the month heatmap adds ~0.11 s and the
# capacity chart ~0.03 s, while the week heatmap alone costs ~0.31 s: only what the view opens on
# is computed with every snapshot.
for _freq in heatmap_module.FREQUENCIES:
    register_part(heatmap_part(_freq), _heatmap_of(_freq), eager=_freq == EAGER_HEATMAP)
register_part(CAPACITY_PART, _capacity, eager=True)
