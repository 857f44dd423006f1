"""Flags as text a manager reads in a terminal: grouped by kind, most severe first, one line each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from effortplanner.analysis.flag_table import FlagTable, columns_of, flag_column, sorted_order
from effortplanner.analysis.model import FLAG_KINDS, KIND_TITLES, SEVERITIES, Flag
from effortplanner.analysis.window import fiscal_year_label

_LABEL = {"error": "ERROR  ", "warning": "warning", "info": "note   "}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_CHRONOLOGICAL = ("contract_end_gap", "unassigned_handover", "unfilled_demand")


def format_report(flags: Sequence[Flag], as_of: date, horizon: date, fy_start_month: int = 10,
                  fy_start_day: int = 1) -> str:
    """The `effortplanner check` text: a summary line, then one block per kind.

    Blocks holding an error come first. Inside a block, flags go most severe first;
    gaps, handovers and unstaffed activities then in date order (what happens first
    is read first: `_reading_order`), over-allocations by excess, the rest by size (the
    flag order, `flag_table.sorted_order`). Read from the flags' columns (no `Flag` made for a `FlagTable`).
    """
    fy = fiscal_year_label(horizon, fy_start_month, fy_start_day)
    lines = [f"Plan check as of {as_of.isoformat()}, looking ahead to {horizon.isoformat()} (end of {fy})."]
    if not flags:
        lines.append("Nothing to flag.")
        return "\n".join(lines) + "\n"
    order = None if isinstance(flags, FlagTable) else sorted_order(columns_of(flags))

    def column(name: str) -> list[Any]:
        values = flag_column(flags, name)
        return values if order is None else [values[i] for i in order]

    severity, kind, start, message = (column(name) for name in ("severity", "kind", "start", "message"))
    counts = Counter(severity)
    lines.append(", ".join([_count(counts["error"], "error"), _count(counts["warning"], "warning"),
                            _count(counts["info"], "note")]) + ".")
    groups: dict[str, list[int]] = {}
    for at, k in enumerate(kind):
        groups.setdefault(k, []).append(at)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    ranks = [rank[s] for s in severity]
    chronological = [k for k in _CHRONOLOGICAL if k in groups]
    if chronological:
        starts = [day or date.min for day in start]
        for k in chronological:
            groups[k] = _reading_order(groups[k], ranks, starts, message)
    blocks = sorted(groups, key=lambda k: (min(map(ranks.__getitem__, groups[k])), FLAG_KINDS.index(k)))
    for k in blocks:
        lines.append("")
        lines.append(f"{KIND_TITLES[k]} ({len(groups[k])})")
        lines.extend(f"  {_LABEL[severity[at]]}  {message[at]}" for at in groups[k])
    return "\n".join(lines) + "\n"


def _reading_order(members: list[int], rank: list[int], start: list[date], message: list[str]) -> list[int]:
    """Most severe first, then what happens first (then the text): three stable sorts, last key first,
    each on a list's own lookup (no key tuple made per flag)."""
    members = sorted(members, key=message.__getitem__)
    members.sort(key=start.__getitem__)
    members.sort(key=rank.__getitem__)
    return members
