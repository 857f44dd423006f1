"""Flags about the data itself: totals that do not add up, sources that disagree on a
date, dates that could not be pinned down, values missing or unreadable.

Rules:
- ``total_mismatch`` (warning): an importer ``total`` note against the sum of the
  activities read from the same sheet between the previous total (if any) and that
  row. ``amount`` = stated - sum of items.
- ``conflicting_dates`` (warning; info when both dates are before the as-of date): an
  importer ``conflict`` note on a person's start or contract end. ``amount`` = days apart.
- ``uncertain_date`` (info): a date marked uncertain ("spring 2017?") whose range
  reaches into the window. ``amount`` = days the text allows (latest - earliest + 1).
- ``missing_data`` (info): a person or activity with no name, a duty row with no duty
  or no person, an unreadable cell (the ``invalid`` column), and per person the
  duties with neither an FTE nor a cadence to estimate one from (counted as 0).
  Rows that ended before the as-of date are left alone.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from effortplanner.analysis.context import Context
from effortplanner.analysis.frames import blank_texts, filled_dicts
from effortplanner.analysis.model import Flag
from effortplanner.analysis.flag_table import Columns, concat, flag_columns, made_as_objects
from effortplanner.analysis.text import Names, iso, number, quoted_duties
from effortplanner.analysis.window import day_number
from effortplanner.core.dates import DateParser
from effortplanner.core.schema import SCHEMAS

_UNIT = {"fte_required": ("FTE", "FTE"), "interns_required": ("intern/associate", "interns/associates")}


def _where(source: object) -> str:
    """'appendix_ii.xlsx, sheet 'Current assignments', row 21' from 'file:sheet:row'."""
    text = str(source or "")
    rest, _, row = text.rpartition(":")
    file, _, sheet = rest.rpartition(":")
    if not file or not row.isdigit():
        return text
    return f"{file}, sheet {sheet!r}, row {row}"


@made_as_objects
def total_flags(ctx: Context, names: Names) -> list[Flag]:
    """A sheet's stated totals that differ from the sum of its items (the proposal's 1.7 vs 1.65)."""
    acts = ctx.plan.activities
    totals = [n for n in ctx.notes("total") if n.field in _UNIT]
    if not totals or acts.empty:
        return []
    parts = acts["source"].astype(object).where(acts["source"].notna(), "").astype(str).str.rsplit(":", n=1)
    sheet_of = parts.str[0]
    row_of = pd.to_numeric(parts.str[1], errors="coerce")
    flags = []
    previous: dict[tuple[str, str, str], int] = {}
    for note in sorted(totals, key=lambda n: (n.file, n.sheet, n.field, n.row or 0)):
        try:
            stated = float(note.value or "")
        except (TypeError, ValueError):
            continue
        key = (note.file, note.sheet, note.field or "")
        low = previous.get(key, 0)
        high = note.row if note.row is not None else math.inf
        previous[key] = note.row or 0
        mask = (sheet_of == f"{note.file}:{note.sheet}") & (row_of > low) & (row_of < high)
        if not mask.any():
            continue
        items = pd.to_numeric(acts.loc[mask.to_numpy(), note.field], errors="coerce")
        total = round(float(items.fillna(0).sum()), 6)
        diff = round(stated - total, 6)
        if abs(diff) <= 1e-6:
            continue
        one, many = _UNIT[note.field or ""]
        unit = one if abs(stated) == 1 else many
        side = "more" if diff > 0 else "less"
        message = (f"{note.location()}: stated total {number(stated)} {unit}, but its {int(mask.sum())} items "
                   f"add up to {number(total)} ({number(abs(diff))} {many if abs(diff) != 1 else one} {side} "
                   f"stated than listed)")
        flags.append(Flag("total_mismatch", "warning", None, None, None, None, diff, message))
    return flags


@made_as_objects
def conflict_flags(ctx: Context, names: Names) -> list[Flag]:
    """Sources that give one person different dates (Paola: July 1st here, July 31st there)."""
    plan = ctx.plan
    dates = set(SCHEMAS["people"].date_columns)
    notes = [n for n in ctx.notes("conflict") if n.field in dates]
    people = plan.people
    flags = []
    settings = plan.settings
    for note in notes:
        if note.person not in people.index:
            continue
        kept = people.at[note.person, note.field]
        kept_text = str(people.at[note.person, f"{note.field}_text"] or "")
        parser = DateParser(dayfirst=settings.dayfirst, fy_start_month=settings.fy_start_month,
                            fy_start_day=settings.fy_start_day,
                            context_year=kept.year if not pd.isna(kept) else ctx.as_of.year)
        other = parser.parse(note.value or "", role="end" if note.field == "contract_end" else "start")
        label = SCHEMAS["people"].column(note.field or "").label.lower()
        kept_day = None if pd.isna(kept) else kept.date()
        other_day = other.value if other.kind == "date" else None
        shown_kept = f"{kept_text!r} ({iso(kept_day)})" if kept_day else repr(kept_text or "none")
        shown_other = f"{note.value!r} ({iso(other_day)})" if other_day else repr(note.value)
        apart = abs((other_day - kept_day).days) if kept_day and other_day else None
        if apart == 0:
            continue  # written differently, same day: nothing to decide
        gap = f", {apart} days apart" if apart else ""
        message = (f"{names.person(note.person)}'s {label} is {shown_kept} in the plan, but {_where_note(note)} "
                   f"says {shown_other}{gap}; check which is right")
        days = [d for d in (kept_day, other_day) if d is not None]
        moot = bool(days) and max(days) < ctx.as_of
        flags.append(Flag("conflicting_dates", "info" if moot else "warning", note.person, None,
                          min(days) if days else None, max(days) if days else None,
                          float(apart) if apart is not None else None, message,
                          "exact" if apart is not None else "unknown"))
    return flags


def _where_note(note: object) -> str:
    """'appendix_ii.xlsx, sheet 'Current assignments', row 7' for an import note."""
    parts = [note.file]  # type: ignore[attr-defined]
    if note.sheet:  # type: ignore[attr-defined]
        parts.append(f"sheet {note.sheet!r}")  # type: ignore[attr-defined]
    if note.row is not None:  # type: ignore[attr-defined]
        parts.append(f"row {note.row}")  # type: ignore[attr-defined]
    return ", ".join(p for p in parts if p)


def uncertain_flags(ctx: Context, names: Names) -> Columns:
    """Dates written as uncertain ("spring 2017?") that matter inside the window."""
    plan = ctx.plan
    first = np.datetime64(ctx.as_of, "D")
    last = np.datetime64(ctx.horizon, "D")
    parts = []
    for table in ("people", "assignments", "activities", "milestones"):
        frame = plan.tables[table]
        schema = SCHEMAS[table]
        for column in schema.date_columns:
            marked = np.flatnonzero(frame[f"{column}_certainty"].to_numpy(dtype=object) == "uncertain")
            if not len(marked):
                continue
            latest = frame[f"{column}_latest"].to_numpy()[marked].astype("datetime64[D]")
            earliest = frame[f"{column}_earliest"].to_numpy()[marked].astype("datetime64[D]")
            reaches = np.flatnonzero((np.isnat(latest) | (latest >= first)) & (np.isnat(earliest) | (earliest <= last)))
            if not len(reaches):
                continue
            pos = marked[reaches]
            value = frame[column].to_numpy()[pos].astype("datetime64[D]")
            lo, hi = earliest[reaches], latest[reaches]
            ranged = ~np.isnat(lo) & ~np.isnat(hi)
            width = np.where(ranged, (hi - lo).astype(np.int64) + 1, 0).tolist()
            uses = [("no date" if v == "NaT" else v + (f" (it could be {a} to {b})" if r and a != b else ""))
                    for v, a, b, r in zip(np.datetime_as_string(value).tolist(), np.datetime_as_string(lo).tolist(),
                                          np.datetime_as_string(hi).tolist(), ranged.tolist())]
            texts = frame[f"{column}_text"].to_numpy(dtype=object)[pos].tolist()
            ids = frame.index.to_numpy()[pos].tolist()
            who = frame[_WHO[table]].to_numpy(dtype=object)[pos].tolist() if _WHO[table] else [None] * len(pos)
            label = schema.column(column).label.lower()
            whose = _whose(ctx, names, table, label, ids, pos, who)
            nobody = [None] * len(pos)
            parts.append(flag_columns(
                len(pos), kind="uncertain_date", severity="info",
                person=ids if table == "people" else who if table in ("assignments", "milestones") else nobody,
                duty=ids if table == "assignments" else nobody, start=lo.tolist(), end=hi.tolist(),
                amount=[float(size) if ok else None for size, ok in zip(width, ranged.tolist())],
                message=[f"{w} is uncertain ({str(t or '')!r}); the plan uses {u}"
                         for w, t, u in zip(whose, texts, uses)],
                certainty="uncertain", activity=ids if table == "activities" else nobody))
    return concat(parts)


_WHO = {"people": None, "assignments": "person", "activities": None, "milestones": "owner"}


def _whose(ctx: Context, names: Names, table: str, label: str, ids: list[str], pos: np.ndarray,
           who: list[object]) -> list[str]:
    """Whose date each uncertain date is, as the message opens: "Paola's contract end", "The end of 'X' (Paola)"."""
    if table == "people":
        return [f"{names.person(rid)}'s {label}" for rid in ids]
    if table == "assignments":
        return [f"The {label} of {what}" + (f" ({names.person(other)})" if other else "")
                for what, other in zip(quoted_duties(ctx.duty, pos), who)]
    if table == "activities":
        return [f"The {label} of activity '{names.activity(rid)}'" for rid in ids]
    return [f"The date of milestone '{names.milestone(rid)}'" for rid in ids]


def missing_flags(ctx: Context, names: Names) -> Columns:
    """Required values absent, cells that could not be read, duties with no FTE to count."""
    plan = ctx.plan
    person: list[object] = []
    duty: list[object] = []
    activity: list[object] = []
    messages: list[str] = []
    first = day_number(ctx.as_of)
    for table in ("people", "assignments", "activities", "milestones"):
        frame = plan.tables[table]
        if frame.empty:
            continue
        schema = SCHEMAS[table]
        blank_name = ctx.duty["duty_blank"].to_numpy(dtype=bool) if table == "assignments" else \
            blank_texts(frame[schema.display])
        has_invalid = filled_dicts(frame["invalid"])
        no_person = np.zeros(len(frame), dtype=bool)
        current = np.ones(len(frame), dtype=bool)
        if table == "assignments":
            no_person = np.equal(ctx.duty["person"].to_numpy(dtype=object), None)  # frames.duties: None for none
            current = ctx.duty["end_day"].to_numpy() >= first
        elif table == "people":
            current = ctx.people["end_day"].to_numpy() >= first
        positions = np.flatnonzero((blank_name | has_invalid | no_person) & current)
        if not len(positions):
            continue
        rows = frame.iloc[positions].to_dict("records")
        whats = quoted_duties(ctx.duty, positions) if table == "assignments" else [""] * len(positions)
        for position, row, what in zip(positions, rows, whats):
            who, which, act, message = _missing(names, table, frame.index[position], row, bool(blank_name[position]),
                                                bool(no_person[position]), what)
            person.append(who)
            duty.append(which)
            activity.append(act)
            messages.append(message)
    found = flag_columns(len(messages), kind="missing_data", severity="info", person=person, duty=duty, start=None,
                         end=None, amount=None, message=messages, certainty="unknown", activity=activity)
    return concat([found, _no_fte(ctx, names)])


def _missing(names: Names, table: str, rid: str, row: dict, blank: bool, no_person: bool,
             quoted_duty: str) -> tuple[object, object, object, str]:
    """(person, duty, activity, message) of one row with values missing."""
    schema = SCHEMAS[table]
    reasons = []
    if blank:
        reasons.append(f"no {schema.column(schema.display).label.lower()}")
    if no_person:
        reasons.append("no person named")
    for column, reason in (row.get("invalid") or {}).items():
        if blank and column == schema.display:
            continue
        label = schema.column(column).label if schema.has(column) else column
        reasons.append(f"{label}: {reason}")
    person = duty = activity = None
    if table == "people":
        person, what = rid, names.person(rid)
    elif table == "assignments":
        person, duty = row.get("person"), rid
        owner = f"{names.person(person)}'s " if person else ""
        vo = str(row.get("vo") or "")
        what = f"{owner}duty {quoted_duty}" if not blank else f"{owner}{vo + ' ' if vo else ''}duty row"
    elif table == "activities":
        activity, what = rid, f"activity '{names.activity(rid)}'" if not blank else f"activity {rid}"
    else:
        what = f"milestone '{row.get('name')}'"
    source = _where(row.get("source")) if row.get("source") else ""
    message = f"{what[0].upper() + what[1:]}: {'; '.join(reasons)}" + (f" ({source})" if source else "")
    return person, duty, activity, message


def _no_fte(ctx: Context, names: Names) -> Columns:
    """Per person: duties held in the window with neither an FTE nor a cadence."""
    duty = ctx.duty
    active = np.zeros(len(duty), dtype=bool)
    active[ctx.held_row] = True
    owners = duty["person"].to_numpy(dtype=object)
    positions = np.flatnonzero(duty["fte_missing"].to_numpy(dtype=bool) & active)
    positions = positions[pd.notna(owners[positions]) & (duty["duty"].to_numpy(dtype=object)[positions] != "")]
    by_person: dict[str, list[tuple[str, str]]] = {}
    for aid, pid, what in zip(duty.index[positions].tolist(), owners[positions].tolist(),
                              quoted_duties(duty, positions)):
        by_person.setdefault(pid, []).append((aid, what))
    messages = []
    for pid, listed in by_person.items():
        count = len(listed)
        shown = ", ".join(what for _, what in listed[:3]) + (f" and {count - 3} more" if count > 3 else "")
        messages.append(f"{names.person(pid)}: {count} dut{'ies have' if count != 1 else 'y has'} no FTE and no "
                        f"cadence to estimate one from ({shown}); counted as 0 in the load")
    related = [tuple([aid for aid, _ in listed]) for listed in by_person.values()]
    return flag_columns(len(messages), kind="missing_data", severity="info", person=list(by_person),
                        duty=[aids[0] if len(aids) == 1 else None for aids in related], start=None, end=None,
                        amount=[float(len(aids)) for aids in related], message=messages, certainty="unknown",
                        related=related)
