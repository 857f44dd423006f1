"""Typed records of effort read from grids and long tables, and how they become assignments.

An `Effort` is one person's FTE on one duty over one period, as one cell said it.
Consecutive periods with the same person, duty, VO and FTE join into one `EffortRun`;
a change of FTE (or a gap) starts a new run. Runs become the pending assignment rows
`io.assemble` resolves into the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from effortplanner.core.dates import FuzzyDate
from effortplanner.core.date_cells import date_cells
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.records import Mention

_TOTAL = re.compile(r"^\s*(?:grand\s+|sub-?)?(?:total|totals|sum)\b", re.I)
_COVERED = re.compile(r"%.*cover|covered|% of avail", re.I)


def is_total(text: str) -> bool:
    """'Total', 'Grand total', 'Total hours': a stated total, never a person."""
    return bool(_TOTAL.match(text))


def is_covered(text: str) -> bool:
    """'% of available hours covered': a stated ratio, never a period."""
    return bool(_COVERED.search(text))


@dataclass(frozen=True)
class Effort:
    """One cell's effort: who, on what, when (end exclusive), how much, and where it was read."""

    person: str
    duty: str
    vo: str
    start: date
    end: date
    fte: float
    sheet: str
    row: int  # 1-based
    label: str  # the period's label as written
    probability: float | None = None
    written: str = ""  # the value and unit as written ("120 h")
    role: str = ""  # the person's role, where the sheet gives one


@dataclass
class EffortRun:
    """Consecutive efforts of one person on one duty at one FTE: one assignment."""

    first: Effort
    end: date
    labels: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    @property
    def fte(self) -> float:
        return self.first.fte


def join_runs(efforts: Iterable[Effort]) -> list[EffortRun]:
    """Runs of equal FTE over touching periods, per person, duty and VO (sorted once: n log n)."""
    runs: list[EffortRun] = []
    last: dict[tuple[str, str, str, str], EffortRun] = {}
    for effort in sorted(efforts, key=lambda e: (e.person, e.duty, e.vo, e.sheet, e.start)):
        key = (effort.person, effort.duty, effort.vo, effort.sheet)
        run = last.get(key)
        if run is not None and run.end == effort.start and abs(run.fte - effort.fte) < 1e-6:
            run.end = effort.end
        else:
            run = EffortRun(effort, effort.end)
            runs.append(run)
            last[key] = run
        run.labels.append(effort.label)
        if effort.written:
            run.written.append(effort.written)
    return runs


def _day(value: date) -> FuzzyDate:
    return FuzzyDate(value.isoformat(), value, value, value, "exact", "date", None)


def emit(runs: Iterable[EffortRun], ctx: ReadContext, extra_note: str = "") -> int:
    """Pending assignments (and one mention per person and sheet) from runs; returns how many."""
    seen: set[tuple[str, str]] = set()
    count = 0
    for run in runs:
        e = run.first
        if (e.person, e.sheet) not in seen:
            seen.add((e.person, e.sheet))
            cells: dict[str, object] = {"role": e.role} if e.role else {}
            ctx.pending.mentions.append(Mention(e.person, ctx.file, e.sheet, e.row, from_roster=False, cells=cells))
        where = f"{ctx.file}:{e.sheet}:{e.row}"
        span = run.labels[0] if len(run.labels) == 1 else f"{run.labels[0]} to {run.labels[-1]}"
        note = f"from {span} ({len(run.labels)} period{'s' if len(run.labels) > 1 else ''}"
        note += f", {', '.join(dict.fromkeys(run.written))} each)" if run.written else ")"
        record: dict[str, object] = {
            "person_name": e.person, "vo": e.vo, "duty": e.duty, "fte": round(e.fte, 6),
            "source": where, "_where": where, "disposition": "",
            "notes": "; ".join(p for p in (note, extra_note) if p), "invalid": None,
        }
        if e.probability is not None:
            record["probability"] = e.probability
        ctx.spans.append((e.start, run.end))
        record.update(date_cells("start", _day(e.start)))
        record.update(date_cells("end", _day(run.end - timedelta(days=1))))
        ctx.pending.assignments.append(record)
        count += 1
    return count
