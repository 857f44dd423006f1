"""Flags as text a manager reads in a terminal: grouped by kind, most severe first, one line each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from effortplanner.analysis.model import FLAG_KINDS, KIND_TITLES, SEVERITIES, Flag, sort_key
from effortplanner.analysis.window import fiscal_year_label

_LABEL = {"error": "ERROR  ", "warning": "warning", "info": "note   "}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_CHRONOLOGICAL = ("contract_end_gap", "unassigned_handover", "unfilled_demand")


def _reading_order(flag: Flag) -> tuple[object, ...]:
    """Most severe first, then what happens first."""
    return (SEVERITIES.index(flag.severity), flag.start or date.min, flag.message)


def format_report(flags: Sequence[Flag], as_of: date, horizon: date, fy_start_month: int = 10,
                  fy_start_day: int = 1) -> str:
    """The `effortplanner check` text: a summary line, then one block per kind.

    Blocks holding an error come first. Inside a block, flags go most severe first;
    gaps, handovers and unstaffed activities then in date order (what happens first
    is read first), over-allocations by excess, the rest by size.
    """
    fy = fiscal_year_label(horizon, fy_start_month, fy_start_day)
    lines = [f"Plan check as of {as_of.isoformat()}, looking ahead to {horizon.isoformat()} (end of {fy})."]
    if not flags:
        lines.append("Nothing to flag.")
        return "\n".join(lines) + "\n"
    by_severity = {s: sum(1 for f in flags if f.severity == s) for s in SEVERITIES}
    lines.append(", ".join([_count(by_severity["error"], "error"), _count(by_severity["warning"], "warning"),
                            _count(by_severity["info"], "note")]) + ".")
    groups: dict[str, list[Flag]] = {}
    for flag in flags:
        groups.setdefault(flag.kind, []).append(flag)
    for kind, members in groups.items():
        members.sort(key=_reading_order if kind in _CHRONOLOGICAL else sort_key)
    order = sorted(groups, key=lambda k: (min(SEVERITIES.index(f.severity) for f in groups[k]),
                                          FLAG_KINDS.index(k)))
    for kind in order:
        lines.append("")
        lines.append(f"{KIND_TITLES[kind]} ({len(groups[kind])})")
        for flag in groups[kind]:
            lines.append(f"  {_LABEL[flag.severity]}  {flag.message}")
    return "\n".join(lines) + "\n"
