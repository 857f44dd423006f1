"""Duty lists, activity tables and milestone lists read one row at a time.

The common duty list and roster are read by column (`io.duty_columns`,
`io.roster_columns`); a duty list with columns only files this application wrote
(ids, explicit successors, cadence) is read here, row by row, as are the smaller
activity tables and milestone lists.
"""

from __future__ import annotations

import math

from effortplanner.core.duty_text import parse_disposition, split_duty
from effortplanner.core.schema import SCHEMAS
from effortplanner.core.values import ValueError_, as_text, is_blank, parse_bool, parse_cadence, parse_fraction
from effortplanner.io.pending import experiment_handover
from effortplanner.io.records import RecordBuilder
from effortplanner.io.sheets import FieldRow, SheetRows, gc_paused


def read_duty_rows(builder: RecordBuilder, rows: SheetRows) -> None:
    """A duty list row by row (sheets with columns the column reader does not know: our own export)."""
    with gc_paused():
        _duties(builder, rows)


def _duties(builder: RecordBuilder, rows: SheetRows) -> None:
    last_name = ""
    for row in builder.each_row(rows):
        if row.is_total:
            builder.note(rows, row, None, "a total row in a duty list; not imported as a duty", kind="skipped")
            continue
        mention = builder.mention(rows, row, from_roster=False)
        # A continuation row only repeats its person's name: one mention per block is enough.
        if mention is not None and (mention.cells or mention.invalid or mention.name != last_name):
            builder.out.mentions.append(mention)
            last_name = mention.name
        person = as_text(row.values.get("name"))
        _disposition_for_person(builder, rows, row, person)
        duty_text = as_text(row.values.get("duty"))
        vo = as_text(row.values.get("vo"))
        if not duty_text and not (vo and "vo" not in row.filled):
            continue  # a person's own row (contract end, "will pick up ...") with no duty on it
        builder.out.assignments.append(_assignment(builder, rows, row, person, vo, duty_text))


def _assignment(builder: RecordBuilder, rows: SheetRows, row: FieldRow, person: str, vo: str, duty_text: str) -> dict[str, object]:
    record: dict[str, object] = {"person_name": person, "vo": vo}
    invalid: dict[str, str] = {}
    builder.common(rows, row, record, invalid)
    if duty_text:
        explicit_cadence = as_text(row.values.get("cadence"))
        parts = split_duty(duty_text) if not explicit_cadence and "volume" not in row.values else None
        record["duty"] = parts.duty if parts else duty_text
        record["volume"] = parts.volume if parts else as_text(row.values.get("volume"))
        try:
            record["cadence"] = parse_cadence(explicit_cadence) if explicit_cadence else (parts.cadence if parts else "")
        except ValueError_ as exc:
            invalid["cadence"] = str(exc)
            builder.note(rows, row, "cadence", f"{exc}; kept in notes", kind="invalid")
            record.setdefault("notes_extra", []).append(f"Cadence as written: {explicit_cadence}")  # type: ignore[attr-defined]
    else:
        record["duty"] = ""
        invalid["duty"] = "no duty given"
        builder.note(rows, row, "duty", f"{vo or 'a row'} is listed for {person or 'nobody'} with no duty",
                   kind="warning")
    if not builder.fraction(rows, row, "fte", "fte", "FTE", record, invalid):
        if builder.fraction(rows, row, "fte_estimate", "fte", "FTE (estimate)", record, invalid):
            record["fte_estimated"] = True
    if not is_blank(row.values.get("fte_estimated")):
        try:
            record["fte_estimated"] = parse_bool(row.values["fte_estimated"], column="FTE estimated")
        except ValueError_:
            # "FTE (estimated)" holding numbers: the estimates themselves.
            if "fte" not in record and builder.fraction(rows, row, "fte_estimated", "fte", "FTE (estimated)",
                                                      record, invalid):
                record["fte_estimated"] = True
    builder.fraction(rows, row, "probability", "probability", "Funding probability", record, invalid)
    builder.date(rows, row, "start", "start", "start", record, invalid)
    builder.date(rows, row, "end", "end", "end", record, invalid)
    disposition = as_text(row.values.get("disposition"))
    record["disposition"] = disposition
    parsed = parse_disposition(disposition)
    explicit = "successor" in row.values or "handover_to" in row.values
    if parsed.picks_up_from or explicit:
        pass  # pick-ups are per person (_disposition_for_person); explicit columns win below
    else:
        record["successor_name"] = parsed.successor
        if parsed.to_experiment:
            record["handover_to"] = experiment_handover(vo)
        elif parsed.handover_to:
            record["handover_to"] = parsed.handover_to  # may name a person: resolved in assemble
        if parsed.ends:
            record.setdefault("notes_extra", []).append("duty ends when its owner leaves")  # type: ignore[attr-defined]
        if parsed.note.startswith("not understood"):
            builder.note(rows, row, "disposition", f"disposition {parsed.note}", kind="warning")
        elif parsed.note:
            record.setdefault("notes_extra", []).append(parsed.note)  # type: ignore[attr-defined]
    if explicit:
        record["successor_name"] = as_text(row.values.get("successor"))
        record["handover_to"] = as_text(row.values.get("handover_to"))
    if as_text(row.values.get("activity")):
        record["activity_name"] = as_text(row.values["activity"])
    record["notes"] = builder.record_notes(row, record)
    record["invalid"] = invalid or None
    return record


def _disposition_for_person(builder: RecordBuilder, rows: SheetRows, row: FieldRow, person: str) -> None:
    text = as_text(row.values.get("disposition"))
    if not text or "disposition" in row.filled or "successor" in row.values:
        return  # explicit successor columns (our own export) already say who takes over
    parsed = parse_disposition(text)
    if parsed.picks_up_from and person:
        note = builder.note(rows, row, "disposition",
                          f"{person} succeeds {parsed.picks_up_from} on all of {parsed.picks_up_from}'s duties",
                          kind="info")
        builder.out.pickups.append((person, parsed.picks_up_from, note))


def read_activities(builder: RecordBuilder, rows: SheetRows) -> None:
    """An FTE/activity table: an activity per row; stated totals kept as notes to check against."""
    for row in builder.each_row(rows):
        if row.is_total:
            for field_name, column in (("fte_required", "fte_required"), ("interns_required", "interns_required")):
                raw = row.values.get(field_name)
                if is_blank(raw):
                    continue
                try:
                    value, _ = parse_fraction(raw, column="Total", per_person=False)
                except (ValueError, TypeError):
                    builder.note(rows, row, field_name, f"stated total {as_text(raw)!r} is not a number", kind="invalid")
                    continue
                builder.note(rows, row, field_name, f"stated total {value:g} ({SCHEMAS['activities'].column(column).label})",
                           kind="total", field=column, value=f"{value:g}")
            continue
        name = as_text(row.values.get("activity"))
        if not name:
            builder.note(rows, row, "activity", "row has no activity name; skipped", kind="skipped")
            continue
        record: dict[str, object] = {"name": name, "group": as_text(row.values.get("group"))}
        invalid: dict[str, str] = {}
        builder.common(rows, row, record, invalid)
        builder.fraction(rows, row, "fte_required", "fte_required", "FTE required", record, invalid,
                       per_person=False)
        raw = row.values.get("interns_required")
        if not is_blank(raw):
            try:
                count = float(as_text(raw)) if not isinstance(raw, (int, float)) else float(raw)
                if count < 0 or math.isnan(count):
                    raise ValueError
                record["interns_required"] = count
            except ValueError:
                invalid["interns_required"] = f"{as_text(raw)!r} is not a head count"
                builder.note(rows, row, "interns_required", f"{as_text(raw)!r} is not a head count", kind="invalid")
        builder.date(rows, row, "start", "start", "start", record, invalid)
        builder.date(rows, row, "end", "end", "end", record, invalid)
        record["notes"] = builder.record_notes(row, record)
        record["invalid"] = invalid or None
        builder.out.activities.append(record)


def read_milestones(builder: RecordBuilder, rows: SheetRows) -> None:
    for row in builder.each_row(rows):
        name = as_text(row.values.get("milestone"))
        if not name or row.is_total:
            builder.note(rows, row, "milestone", "row has no milestone text; skipped", kind="skipped")
            continue
        record: dict[str, object] = {"name": name,
                                     "owner_name": as_text(row.values.get("owner") or row.values.get("name"))}
        invalid: dict[str, str] = {}
        builder.common(rows, row, record, invalid)
        builder.date(rows, row, "date", "date", "point", record, invalid)
        record["notes"] = builder.record_notes(row, record)
        record["invalid"] = invalid or None
        builder.out.milestones.append(record)
