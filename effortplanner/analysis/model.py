"""The flag record and its vocabulary (kinds, severities), shared by every rule.

Kept apart from `flags` so the rule modules can build flags without importing the
module that runs them. Import `Flag` and `FLAG_KINDS` from `effortplanner.analysis.flags`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

FLAG_KINDS: tuple[str, ...] = (
    "over_allocation",
    "contract_end_gap",
    "unassigned_handover",
    "unfilled_demand",
    "total_mismatch",
    "name_alias",
    "conflicting_dates",
    "uncertain_date",
    "missing_data",
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")  # most severe first
KIND_TITLES: dict[str, str] = {
    "over_allocation": "Over-allocation",
    "contract_end_gap": "Duties left without anyone when a contract ends",
    "unassigned_handover": "Duties handed to a group or an experiment with no person named",
    "unfilled_demand": "Activities not staffed as the plan requires",
    "total_mismatch": "Stated totals that differ from their items",
    "name_alias": "Probably the same person under two names",
    "conflicting_dates": "Sources that disagree on a date",
    "uncertain_date": "Dates that could not be pinned down",
    "missing_data": "Missing or unreadable values",
}


@dataclass(frozen=True)
class Flag:
    """One thing a department head should look at: what, how bad, who, which duty, when, how much.

    ``start``/``end`` are inclusive dates. ``amount`` is in the kind's own unit (see
    `effortplanner.analysis.flags`). ``certainty`` is the worst certainty of the dates
    the flag rests on ("exact", "approximate", "uncertain", "unknown"). ``related``
    holds other ids involved (successors, the other spelling of a name). ``estimated``
    says the amount rests on FTEs estimated from duty cadences.
    """

    kind: str
    severity: str
    person: str | None
    duty: str | None
    start: date | None
    end: date | None
    amount: float | None
    message: str
    certainty: str = "exact"
    related: tuple[str, ...] = ()
    activity: str | None = None  # activity id, for unfilled_demand
    estimated: bool = False  # amount rests on an FTE estimated from a cadence (or marked estimated)

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS:
            raise ValueError(f"unknown flag kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")


def sort_key(flag: Flag) -> tuple[object, ...]:
    """Severity (error first), then kind, then size (largest first), then date and text."""
    return (SEVERITIES.index(flag.severity), FLAG_KINDS.index(flag.kind),
            -abs(flag.amount) if flag.amount is not None else 0.0,
            flag.start or date.min, flag.message)


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Flag))
_DEFAULTS: dict[str, object] = {f.name: f.default for f in fields(Flag) if f.name in ("certainty", "related",
                                                                                          "activity", "estimated")}
Columns = dict[str, list[Any]]  # one list per Flag field, all of one length


def flag_columns(n: int, **values: object) -> Columns:
    """Columns of `n` flags from per-flag lists or one value for all (fields not given take Flag's defaults).

    The rules build their flags this way, a column at a time; `flags_from` turns the
    sorted columns into `Flag` objects.
    """
    out: Columns = {}
    for name in FIELDS:
        if name not in values and name not in _DEFAULTS and n:
            raise TypeError(f"flag field {name!r} not given")
        value = values.pop(name) if name in values else _DEFAULTS.get(name)
        column = value if isinstance(value, list) else [value] * n
        if len(column) != n:
            raise ValueError(f"flag column {name!r} has {len(column)} values, expected {n}")
        out[name] = column
    if values:
        raise TypeError(f"unknown flag fields {sorted(values)}")
    bad = (set(out["kind"]) - set(FLAG_KINDS)) | (set(out["severity"]) - set(SEVERITIES))
    if bad:
        raise ValueError(f"unknown flag kind or severity {sorted(map(str, bad))}")
    return out


def columns_of(flags: Sequence[Flag]) -> Columns:
    """The columns of some flags already made (rules that raise a handful, one per note or activity)."""
    return {name: [getattr(f, name) for f in flags] for name in FIELDS}


def concat(parts: Iterable[Columns]) -> Columns:
    """One table from several (in order)."""
    out: Columns = {name: [] for name in FIELDS}
    for part in parts:
        for name in FIELDS:
            out[name].extend(part[name])
    return out


def sorted_order(cols: Columns) -> list[int]:
    """Positions in `sort_key` order (stable: ties keep the rules' order)."""
    severity = {s: i for i, s in enumerate(SEVERITIES)}
    kind = {k: i for i, k in enumerate(FLAG_KINDS)}
    keys = list(zip(map(severity.__getitem__, cols["severity"]), map(kind.__getitem__, cols["kind"]),
                    [-abs(a) if a is not None else 0.0 for a in cols["amount"]],
                    [d or date.min for d in cols["start"]], cols["message"]))
    return sorted(range(len(keys)), key=keys.__getitem__)


def flags_from(cols: Columns, order: Sequence[int] | None = None) -> list[Flag]:
    """`Flag` objects of the rows of `cols` (in `order`), made without re-checking each one
    (`flag_columns` checked the kinds and severities of the whole table)."""
    rows = list(zip(*(cols[name] for name in FIELDS)))
    if order is not None:
        rows = [rows[i] for i in order]
    new, put = object.__new__, object.__setattr__
    out = []
    for row in rows:
        flag = new(Flag)
        put(flag, "__dict__", dict(zip(FIELDS, row)))
        out.append(flag)
    return out
