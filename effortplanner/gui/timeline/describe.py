"""Hover texts of the timeline, from the plan (no Qt): an assignment, a hand-over, a person, a load stretch."""

from __future__ import annotations

import math

import pandas as pd

from effortplanner.gui.timeline.data import Ghost, Person, TimelineData


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    return str(value).strip()


def _date(row: pd.Series, column: str) -> str:
    value, text, certainty = row[column], _text(row[f"{column}_text"]), _text(row[f"{column}_certainty"])
    if value is pd.NaT or pd.isna(value):
        return text or ""
    iso = pd.Timestamp(value).date().isoformat()
    shown = f"{iso} ('{text}')" if text and text != iso else iso
    return shown + (f", {certainty}" if certainty and certainty != "exact" else "")


def assignment(plan: object, data: TimelineData, aid: str) -> str:
    table = plan.assignments  # type: ignore[attr-defined]
    if aid not in table.index:
        return ""
    row = table.loc[aid]
    i = data.index.get(aid)
    person = plan.person_name(row["person"]) or "nobody (unassigned)"  # type: ignore[attr-defined]
    lines = [_text(row["duty"]) or "(no duty text)", f"{person} · {_text(row['vo']) or 'no VO'} · {aid}"]
    fte = row["fte"]
    if i is not None and not math.isnan(float(data.bars.fte[i])):
        shown = f"{float(data.bars.fte[i]) * 100:.0f}%"
        estimated = bool(data.bars.estimated[i])
        note = (" (estimated from its cadence)" if pd.isna(fte) else " (marked estimated)") if estimated else ""
        lines.append(f"FTE {shown}{note}")
    if _text(row["cadence"]):
        volume = _text(row["volume"])
        lines.append(f"Cadence: {_text(row['cadence'])}" + (f" · {volume}" if volume else ""))
    start = _date(row, "start") or f"not given (shown from {data.as_of.isoformat()})"
    end = _date(row, "end") or "ongoing"
    lines.append(f"From {start} until {end}")
    if _text(row["disposition"]):
        lines.append(f"When the owner leaves: {_text(row['disposition'])}")
    if _text(row["successor"]):
        lines.append(f"Successor: {plan.person_name(row['successor'])}")  # type: ignore[attr-defined]
    if i is not None and i in data.bars.overflow:
        owner = data.people.get(data.bars.person[i])
        held = sorted({h for _, _, h in data.bars.overflow[i] if h})
        gap = any(not h for _, _, h in data.bars.overflow[i])
        if owner is not None and owner.end is not None:
            text = f"Runs past {owner.name}'s contract end ({data.day(owner.end - 1).isoformat()})"
            if held:
                text += f": held by {', '.join(held)}"
            if gap:
                text += (" then " if held else ": ") + "nobody named"
            lines.append(text)
    if _text(row["notes"]):
        lines.append(f"Notes: {_text(row['notes'])}")
    lines.append("Drag to move · drag an end to change it · drop on another row to reassign")
    return "\n".join(lines)


def ghost(plan: object, data: TimelineData, item: Ghost, holder: Person) -> str:
    duties = [str(plan.assignments.at[a, "duty"] or plan.assignments.at[a, "vo"] or a)  # type: ignore[attr-defined]
              for a in item.aids if a in plan.assignments.index]  # type: ignore[attr-defined]
    span = f"{data.day(item.x0).isoformat()} – {data.day(item.x1 - 1).isoformat()}"
    head = f"{holder.name} holds {item.owner}'s duties after they leave"
    return "\n".join([head, span, *("• " + d for d in duties)])


def person(data: TimelineData, who: Person) -> str:
    lines = [who.name + (f" · {who.role}" if who.role else ""), f"Group: {who.group}"]
    if who.start is not None:
        lines.append(f"Starts {data.day(who.start).isoformat()}" + (f" ('{who.start_text}')" if who.start_text else ""))
    if who.end is not None:
        lines.append(f"Contract ends {data.day(who.end - 1).isoformat()}"
                     + (f" ('{who.end_text}')" if who.end_text else "")
                     + (f", {who.end_certainty}" if who.end_certainty not in ("", "exact") else ""))
    elif who.open_ended:
        lines.append("Permanent position")
    if who.peak:
        lines.append(f"Peak load {who.peak * 100:.0f}% of capacity")
    return "\n".join(lines)


def load(data: TimelineData, who: Person, x: float) -> str:
    for x0, x1, value, capacity in who.load:
        if x0 <= x < x1:
            state = "over capacity" if value > capacity + 1e-9 else "of capacity"
            share = f"{value / capacity * 100:.0f}% {state}" if capacity > 0 else "no capacity"
            return (f"{who.name}: {value:.2f} FTE committed, {share} ({capacity:g} FTE)\n"
                    f"{data.day(x0).isoformat()} – {data.day(x1 - 1).isoformat()}")
    return f"{who.name}: nothing committed here"
