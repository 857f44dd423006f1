"""The plan as text a person reads in a terminal.

Cells and file names are untrusted: a control character (ESC can set the terminal's
title or colours, BEL rings, NUL and CR hide text, a newline fakes a line) or a bidi
override (U+202E shows a name backwards) is written escaped, as `\\x1b` or `\\u202e`.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from effortplanner.core.plan import Plan


# Unsafe beyond the C0 controls, as code point ranges: DEL and C1, the bidi marks, embeddings and
# overrides, the bidi isolates, the line and paragraph separators, the byte order mark.
_BIDI_AND_C1_RANGES = ((0x7F, 0x9F), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0x2028, 0x2029),
                       (0xFEFF, 0xFEFF))
_BIDI_AND_C1 = "".join(f"{chr(low)}-{chr(high)}" for low, high in _BIDI_AND_C1_RANGES)  # as a regex class's ranges
_UNSAFE = re.compile(f"[\x00-\x1f{_BIDI_AND_C1}]")
_UNSAFE_IN_LINES = re.compile(f"[\x00-\x09\x0b-\x1f{_BIDI_AND_C1}]")  # the same but the line feed


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return {9: "\\t", 10: "\\n", 13: "\\r"}.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` with every control character and bidi override escaped: one safe line for a terminal."""
    return _UNSAFE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """A multi-line report with each line made printable (its own line breaks kept): one pass over
    the whole text with every unsafe character but the line feed escaped. A report with none (the
    usual case) is seen to have none by one vectorised pass over its code points (a tenth of the
    regular expression's scan of a 50,000-row check's ~0.8 MB report)."""
    if not _has_unsafe_in_lines(text):
        return text
    return _UNSAFE_IN_LINES.sub(_escape, text)


def _has_unsafe_in_lines(text: str) -> bool:
    """Whether `text` holds a character `_UNSAFE_IN_LINES` matches (the same set, as code point ranges)."""
    if text.isascii():
        points = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        return bool((((points < 0x20) & (points != 0x0A)) | (points == 0x7F)).any())
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    unsafe = (points < 0x20) & (points != 0x0A)
    for low, high in _BIDI_AND_C1_RANGES:
        unsafe |= (points >= low) & (points <= high)
    return bool(unsafe.any())


def _date(frame_row: dict[str, object], column: str) -> str:
    value = frame_row.get(column)
    text = str(frame_row.get(f"{column}_text") or "")
    if isinstance(value, pd.Timestamp) and not pd.isna(value):
        shown = value.date().isoformat()
        certainty = frame_row.get(f"{column}_certainty")
        return shown if certainty == "exact" else f"{shown} ({certainty}: {text})"
    return text or "-"


def plan_to_text(plan: Plan) -> str:
    lines: list[str] = []
    people = plan.people
    lines.append(f"People ({len(people)})")
    for pid, row in zip(people.index, people.to_dict("records")):
        end = _date(row, "contract_end")
        if not row.get("contract_end_text") and row.get("contract_end_certainty") == "":
            end = "no end known"
        capacity = row.get("capacity_fte")
        cap = f"{capacity:.0%}" if isinstance(capacity, float) and not math.isnan(capacity) else "-"
        kind = " [placeholder]" if row.get("placeholder") else ""
        lines.append(f"  {pid:>5}  {row['name']}{kind}  group={row.get('group') or '-'}  "
                     f"start={_date(row, 'start')}  contract end={end}  capacity={cap}")
    frame = plan.assignments
    lines.append(f"\nAssignments ({len(frame)})")
    for aid, row in zip(frame.index, frame.to_dict("records")):
        fte = row.get("fte")
        fte_text = "-" if not isinstance(fte, float) or math.isnan(fte) else f"{fte:.2f}{'~' if row.get('fte_estimated') else ''}"
        after = []
        if row.get("successor"):
            after.append(f"then {plan.person_name(row['successor'])}")
        if row.get("handover_to"):
            after.append(f"then {row['handover_to']}")
        lines.append(f"  {aid:>5}  {plan.person_name(row.get('person')) or '(unassigned)'} | {row.get('vo') or '-'} | "
                     f"{row.get('duty') or '(no duty)'} | {row.get('cadence') or '-'} | FTE {fte_text}"
                     + (f" | {'; '.join(after)}" if after else ""))
    for table, label in (("activities", "Activities"), ("milestones", "Milestones")):
        frame = plan.tables[table]
        lines.append(f"\n{label} ({len(frame)})")
        for rid, row in zip(frame.index, frame.to_dict("records")):
            extra = f"  FTE {row['fte_required']:g}" if table == "activities" and not math.isnan(row["fte_required"]) \
                else (f"  {_date(row, 'date')}" if table == "milestones" else "")
            lines.append(f"  {rid:>5}  {row['name']}{extra}")
    lines.append(f"\nImport notes ({len(plan.notes)})")
    for note in plan.notes:
        lines.append(f"  [{note.kind}] {note.location()}: {note.message}")
    return "\n".join("\n" * (len(line) - len(line.lstrip("\n"))) + printable(line.lstrip("\n"))
                     for line in lines) + "\n"
