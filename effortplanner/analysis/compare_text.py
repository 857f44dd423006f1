"""A comparison as text a department head reads: what `effortplanner compare` prints."""

from __future__ import annotations

from typing import Any

from collections.abc import Iterable

from effortplanner.analysis.compare import AssignmentDiff, Comparison, FlagDiff, PersonDiff

NONE = "nobody"


def _num(value: float) -> str:
    return f"{value:+.2f}"


def _value(value: object) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def duty_label(diff: AssignmentDiff) -> str:
    name = f"'{diff.duty}'" if diff.duty else "(no duty named)"
    return f"{name} ({diff.vo})" if diff.vo else name


def describe_changes(diff: AssignmentDiff | PersonDiff) -> str:
    """'end 2017-05-31 → 2016-12-31; fte 0.2 → 0.3' for the fields that differ."""
    return "; ".join(f"{k.replace('_', ' ')} {_value(diff.before.get(k))} → {_value(diff.after.get(k))}"
                     for k in diff.after)


def assignment_line(diff: AssignmentDiff) -> str:
    fte = f" ({_value(diff.fte)} FTE)" if diff.fte is not None else ""
    if diff.kind == "moved":
        rest = describe_changes(diff)
        return (f"{duty_label(diff)}: {diff.from_person or NONE} → {diff.to_person or NONE}{fte}"
                + (f"; also {rest}" if rest else ""))
    if diff.kind == "changed":
        return f"{duty_label(diff)} ({diff.to_person or NONE}): {describe_changes(diff)}"
    who = diff.from_person if diff.kind == "removed" else diff.to_person
    values = diff.before or diff.after
    when = ""
    if values.get("start") or values.get("end"):
        when = f", {_value(values.get('start')) if values.get('start') else '…'} to " \
               f"{_value(values.get('end')) if values.get('end') else 'ongoing'}"
    return f"{duty_label(diff)}: {who or NONE}{fte}{when}"


def person_line(diff: PersonDiff) -> str:
    role = " (role to fill)" if diff.placeholder else ""
    group = f", {diff.group}" if diff.group else ""
    if diff.kind in ("added", "removed"):
        return f"{diff.name}{role}{group}"
    prefix = "filled: " if diff.kind == "filled" else ""
    return f"{diff.name}: {prefix}{describe_changes(diff)}"


def flag_line(diff: FlagDiff) -> str:
    line = f"[{diff.severity}] {diff.message}"
    if diff.status == "changed" and diff.before is not None:
        word = {"worse": "worse", "better": "better"}.get(diff.direction, "changed")
        line = f"{word}: {diff.message}\n      was: {diff.before.message}"
    return line


def fte_runs(result: Comparison) -> list[str]:
    """Per person, consecutive months with one FTE difference: 'Michele: +0.30 FTE in 2016-04 to 2016-06'."""
    lines = []
    order = {p: i for i, p in enumerate(result.periods)}
    for person, rows in result.fte_delta.groupby("person", sort=False):
        runs: list[list[Any]] = []
        for r in rows.itertuples(index=False):
            delta = round(float(r.delta), 2)
            if runs and runs[-1][2] == delta and order[r.period] == order[runs[-1][1]] + 1:
                runs[-1][1] = r.period
            else:
                runs.append([r.period, r.period, delta])
        parts = [f"{_num(d)} in {a}" if a == b else f"{_num(d)} in {a} to {b}" for a, b, d in runs if d]
        if parts:
            lines.append(f"{person}: " + ", ".join(parts))
    return lines


def _section(title: str, lines: Iterable[str]) -> list[str]:
    lines = list(lines)
    if not lines:
        return []
    return ["", f"{title} ({len(lines)})", *(f"  {line}" for line in lines)]


def format_comparison(result: Comparison) -> str:
    c = result.counts()
    out = [f"Comparison of {result.base_label!r} with {result.other_label!r}, from {result.as_of.isoformat()} "
           f"to {result.horizon.isoformat()} (rows matched by {result.match})",
           f"Assignments: {c['moved']} moved, {c['added']} added, {c['removed']} removed, {c['changed']} changed "
           f"({c['re-dated']} re-dated, {c['re-sized']} re-sized)",
           f"People: {c['people_added']} added, {c['people_removed']} removed, {c['people_changed']} changed",
           f"Flags: {c['flags_resolved']} resolved, {c['flags_introduced']} introduced, "
           f"{c['flags_changed']} changed "
           f"({sum(f.direction == 'worse' for f in result.flags_changed)} worse, "
           f"{sum(f.direction == 'better' for f in result.flags_changed)} better)"]
    if result.is_empty:
        out.append("No differences.")
    out += _section("Moved", map(assignment_line, result.moved))
    out += _section("Added", map(assignment_line, result.added))
    out += _section("Removed", map(assignment_line, result.removed))
    out += _section("Changed", map(assignment_line, result.changed))
    out += _section("People added", map(person_line, result.people_added))
    out += _section("People removed", map(person_line, result.people_removed))
    out += _section("People changed", map(person_line, result.people_changed))
    out += _section("Flags resolved", map(flag_line, result.flags_resolved))
    out += _section("Flags introduced", map(flag_line, result.flags_introduced))
    out += _section("Flags changed", map(flag_line, result.flags_changed))
    out += _section("FTE difference by month", fte_runs(result))
    if len(result.totals):
        moved = result.totals[result.totals["delta"].abs() > 0.005]
        out += _section("Totals that changed (average FTE over the window)",
                        [f"{r.dimension} {r.key}: {r.before:.2f} → {r.after:.2f} ({_num(r.delta)})"
                         for r in moved.itertuples(index=False)])
    out += _section("Notes", result.notes)
    return "\n".join(out) + "\n"
