"""The comparison workbook: what differs between two plans, for the Division.

Sheets: Summary (counts, FTE moved by month, totals by group, VO and activity, notes),
Moved, Added, Removed, Changed (one row per changed field), People, FTE difference
(person x month with a diverging colour scale: red less, blue more), Flags (resolved,
introduced, changed) and Change log. Text is always written as text, never as a formula;
the file is written beside its destination and renamed into place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from effortplanner.analysis.window import MONTH_DAYS
from effortplanner.analysis.compare import AssignmentDiff, Comparison, FlagDiff
from effortplanner.analysis.compare_text import describe_changes
from effortplanner.core.scenarios import LogEntry
from effortplanner.io.review import Formats, _formats, print_setup, write_atomically
from effortplanner.io.review_rows import fit_row

TITLE = "Effort Planner comparison"
STATUS_FORMATS = {"resolved": "good", "introduced": "bad", "worse": "bad", "better": "good", "changed": "info"}


def _more_formats(book: xlsxwriter.Workbook, fmt: Formats) -> Formats:
    add = book.add_format
    fmt = dict(fmt)
    fmt.update({
        "good": add({"bg_color": "#C6EFCE", "font_color": "#006100", "valign": "top"}),
        "bad": add({"bg_color": "#FFC7CE", "font_color": "#9C0006", "valign": "top"}),
        "delta": add({"num_format": '+0.00;-0.00;"·"', "valign": "top", "align": "center"}),
        "delta_total": add({"num_format": '+0.00;-0.00;"·"', "bold": True, "top": 1, "align": "center"}),
        "small": add({"font_color": "#555555", "italic": True}),
    })
    return fmt


class _Estimated(float):
    """An FTE estimated from a cadence: written in the review workbook's grey italics."""


def _fte(diff: AssignmentDiff) -> float | None:
    if diff.fte is None:
        return None
    return _Estimated(diff.fte) if diff.fte_estimated else diff.fte


def _utc(at: datetime) -> datetime:
    return at.astimezone(timezone.utc).replace(tzinfo=None) if at.tzinfo else at


def _day(value: date) -> datetime:
    return datetime(value.year, value.month, value.day)


def _write(sheet: Worksheet, row: int, col: int, value: Any, fmt: Formats, style: str = "text") -> None:
    """One cell by type: dates as dates, numbers as numbers, everything else as a string (never a formula)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, bool):
        sheet.write_string(row, col, "yes" if value else "no", fmt[style])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, _day(value), fmt["date"])
    elif isinstance(value, _Estimated):
        sheet.write_number(row, col, float(value), fmt["estimated"])
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, float(value), fmt["number" if style == "text" else style])
    else:
        sheet.write_string(row, col, str(value), fmt[style])


def _table(book: xlsxwriter.Workbook, fmt: Formats, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[float], empty: str, styles: Sequence[str] | None = None) -> Worksheet:
    sheet = book.add_worksheet(name)
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, fmt["header"])
    wide = {c for c, width in enumerate(widths) if width >= 40}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            style = styles[r - 1] if styles and c == 0 else "wrap" if c in wide else "text"
            _write(sheet, r, c, value, fmt, style)
    for r, row in enumerate(rows, start=1):
        fit_row(sheet, r, [(value, widths[c]) for c, value in enumerate(row) if c in wide and isinstance(value, str)])
    if not rows:
        sheet.write_string(1, 0, empty, fmt["small"])
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width, fmt["wrap"] if width >= 40 else None)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    print_setup(sheet)
    return sheet


# --- Summary ----------------------------------------------------------------------------------------------
def _summary(book: xlsxwriter.Workbook, fmt: Formats, result: Comparison, title: str) -> None:
    sheet = book.add_worksheet("Summary")
    sheet.write_string(0, 0, f"{TITLE}: {title}", fmt["title"])
    row = 2
    for label, value in (("Base", result.base_label), ("Compared with", result.other_label),
                         ("Rows matched by", result.match), ("As of", result.as_of), ("Horizon", result.horizon)):
        sheet.write_string(row, 0, label, fmt["label"])
        _write(sheet, row, 1, value, fmt)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Summary of differences", fmt["subtitle"])
    row += 1
    sheet.write_string(row, 0, "What", fmt["header"])
    sheet.write_string(row, 1, "Count", fmt["header"])
    c = result.counts()
    worse = sum(f.direction == "worse" for f in result.flags_changed)
    better = sum(f.direction == "better" for f in result.flags_changed)
    lines = (("Assignments moved to another person", c["moved"], ""), ("Assignments added", c["added"], ""),
             ("Assignments removed", c["removed"], ""), ("Assignments changed, same person", c["changed"], ""),
             ("… of which re-dated (moved or not)", c["re-dated"], ""),
             ("… of which re-sized (moved or not)", c["re-sized"], ""),
             ("People added (hires, roles to fill)", c["people_added"], ""),
             ("People removed", c["people_removed"], ""), ("People changed (or roles filled)", c["people_changed"], ""),
             ("Flags resolved", c["flags_resolved"], "good"), ("Flags introduced", c["flags_introduced"], "bad"),
             ("Flags worse", worse, "bad"), ("Flags better", better, "good"))
    for label, count, style in lines:
        row += 1
        sheet.write_string(row, 0, label, fmt["text"])
        sheet.write_number(row, 1, count, fmt[style] if count and style else fmt["count"])
    row += 2
    row = _monthly(sheet, fmt, result, row)
    row = _totals(sheet, fmt, result, row + 1)
    if result.notes:
        sheet.write_string(row + 1, 0, "Notes", fmt["subtitle"])
        for i, note in enumerate(result.notes, start=row + 2):
            sheet.write_string(i, 0, note, fmt["text"])
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 5, 13)
    print_setup(sheet, repeat_header=False)


def _monthly(sheet: Worksheet, fmt: Formats, result: Comparison, row: int) -> int:
    """Per month: FTE that moved (the sum of the increases) and the department's net change."""
    sheet.write_string(row, 0, "FTE moved by month", fmt["subtitle"])
    row += 1
    for c, header in enumerate(("Month", "FTE moved", "Net change", "People")):
        sheet.write_string(row, c, header, fmt["header"])
    delta = result.fte_delta
    for period in result.periods:
        part = delta[delta["period"] == period] if len(delta) else delta
        if not len(part):
            continue
        row += 1
        sheet.write_string(row, 0, str(period), fmt["text"])
        sheet.write_number(row, 1, float(part["delta"].clip(lower=0).sum()), fmt["number"])
        sheet.write_number(row, 2, round(float(part["delta"].sum()), 4) + 0.0, fmt["delta"])
        sheet.write_number(row, 3, int(part["person"].nunique()), fmt["count"])
    if not len(delta):
        row += 1
        sheet.write_string(row, 0, "No FTE moved in the window.", fmt["small"])
    return row + 2


def _totals(sheet: Worksheet, fmt: Formats, result: Comparison, row: int) -> int:
    sheet.write_string(row, 0, "Average committed FTE over the window by group, VO and activity", fmt["subtitle"])
    row += 1
    for c, header in enumerate(("Group / VO / activity", "Kind", "Before", "After", "Difference", "FTE-months")):
        sheet.write_string(row, c, header, fmt["header"])
    labels = {"group": "group", "vo": "VO", "activity": "activity"}
    for r in result.totals.itertuples(index=False):
        row += 1
        style = "info" if abs(r.delta) > 0.005 else "text"
        sheet.write_string(row, 0, str(r.key), fmt[style])
        sheet.write_string(row, 1, labels.get(r.dimension, r.dimension), fmt["text"])
        sheet.write_number(row, 2, float(r.before), fmt["number"])
        sheet.write_number(row, 3, float(r.after), fmt["number"])
        sheet.write_number(row, 4, round(float(r.delta), 2) + 0.0, fmt["delta"])
        sheet.write_number(row, 5, round(float(r.delta_fte_months), 2) + 0.0, fmt["delta"])
    return row + 2


# --- assignment sheets ----------------------------------------------------------------------------------------
def _assignment_rows(diffs: list[AssignmentDiff], side: str) -> list[list[Any]]:
    rows = []
    for d in diffs:
        values = d.before if side == "before" else d.after
        who = d.from_person if side == "before" else d.to_person
        rows.append([who or "(unassigned)", d.duty or "(no duty named)", d.vo, _fte(d), values.get("start"),
                     values.get("end"), values.get("successor"), d.base_id if side == "before" else d.other_id])
    return rows


def _changed_rows(diffs: list[AssignmentDiff]) -> list[list[Any]]:
    rows = []
    for d in diffs:
        for field in d.after:
            before, after = d.before.get(field), d.after.get(field)
            rows.append([d.to_person or "(unassigned)", d.duty or "(no duty named)", d.vo, field.replace("_", " "),
                         "(none)" if before in (None, "") else before, "(none)" if after in (None, "") else after,
                         d.how])
    return rows


# --- FTE difference grid -----------------------------------------------------------------------------------------
def _fte_grid(book: xlsxwriter.Workbook, fmt: Formats, result: Comparison) -> None:
    sheet = book.add_worksheet("FTE difference")
    periods = result.periods
    headers = ("Group", "Person", *periods, "FTE-months")
    for c, header in enumerate(headers):
        sheet.write_string(0, c, str(header), fmt["header"])
    delta = result.fte_delta
    if not len(delta):
        sheet.write_string(1, 0, "No difference in committed FTE in the window.", fmt["small"])
        print_setup(sheet)
        return
    grid = delta.pivot_table(index="person", columns="period", values="delta", aggfunc="sum", sort=False)
    groups = delta.groupby("person", sort=False)["group"].first()
    order = sorted(grid.index, key=lambda p: (str(groups.get(p, "") or "~").casefold(), str(p).casefold()))
    last_col = len(periods) + 1
    for r, person in enumerate(order, start=1):
        sheet.write_string(r, 0, str(groups.get(person, "") or ""), fmt["text"])
        sheet.write_string(r, 1, str(person), fmt["text"])
        for c, period in enumerate(periods, start=2):
            value = grid.at[person, period] if period in grid.columns else float("nan")
            sheet.write_number(r, c, 0.0 if math.isnan(value) else round(float(value), 4) + 0.0, fmt["delta"])
        sheet.write_number(r, last_col + 1, _fte_months(delta[delta["person"] == person]), fmt["delta"])
    total = len(order) + 1
    sheet.write_string(total, 1, "Net change", fmt["total_label"])
    for c, period in enumerate(periods, start=2):
        value = float(grid[period].sum()) if period in grid.columns else 0.0
        sheet.write_number(total, c, value, fmt["delta_total"])
    sheet.write_number(total, last_col + 1, _fte_months(delta), fmt["delta_total"])
    sheet.conditional_format(1, 2, len(order), last_col, {
        "type": "3_color_scale", "min_color": "#F8696B", "mid_type": "num", "mid_value": 0,
        "mid_color": "#FFFFFF", "max_color": "#5A8AC6"})
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 26)
    sheet.set_column(2, last_col, 7.5)
    sheet.set_column(last_col + 1, last_col + 1, 11)
    sheet.freeze_panes(1, 2)
    print_setup(sheet)


def _fte_months(rows: Any) -> float:
    """Σ delta x days / mean month length over the rows (months clipped to the window)."""
    if not len(rows):
        return 0.0
    return float((rows["delta"] * rows["days"]).sum() / MONTH_DAYS)


# --- flags and log -------------------------------------------------------------------------------------------------
def _flag_rows(result: Comparison) -> tuple[list[list[Any]], list[str]]:
    rows, styles = [], []
    groups: list[tuple[str, list[FlagDiff]]] = [("resolved", result.flags_resolved),
                                                 ("introduced", result.flags_introduced),
                                                 ("changed", result.flags_changed)]
    for status, diffs in groups:
        for f in diffs:
            label = f.direction if status == "changed" and f.direction else status
            message = f.message
            if status == "changed" and f.before is not None:
                message = f"Now: {f.message}\nWas: {f.before.message}"
            rows.append([label, f.severity, f.kind.replace("_", " "), f.person, f.duty, f.start, f.end,
                         None if f.amount is None else round(float(f.amount), 2), message])
            styles.append(STATUS_FORMATS.get(label, "info"))
    return rows, styles


def export_comparison(path: str | Path, result: Comparison, *, title: str | None = None,
                      log: Sequence[LogEntry | tuple[str, LogEntry]] | None = None, log_scenario: str = "") -> None:
    """Write the comparison workbook atomically.

    `log`: the edits between the two plans, as log entries (of the scenario `log_scenario`)
    or (scenario, entry) pairs (see `ScenarioSet.log_between`).
    """
    title = title or f"{result.base_label} → {result.other_label}"

    def build(book: xlsxwriter.Workbook) -> None:
        fmt = _more_formats(book, _formats(book))
        _summary(book, fmt, result, title)
        person_cols = ("Person", "Duty", "VO", "FTE", "Start", "End", "Successor", "Id")
        widths = (24, 50, 12, 7, 11, 11, 22, 8)
        _table(book, fmt, "Moved", ("Duty", "VO", "From", "To", "FTE", "Also changed", "Matched by", "Base id",
                                     "Other id"),
               [[d.duty or "(no duty named)", d.vo, d.from_person or "(unassigned)", d.to_person or "(unassigned)",
                 _fte(d), describe_changes(d), d.how, d.base_id, d.other_id] for d in result.moved],
               (46, 12, 22, 22, 7, 40, 10, 8, 8), "No assignment moved to another person.")
        _table(book, fmt, "Added", person_cols, _assignment_rows(result.added, "after"), widths, "No assignment added.")
        _table(book, fmt, "Removed", person_cols, _assignment_rows(result.removed, "before"), widths,
               "No assignment removed.")
        _table(book, fmt, "Changed", ("Person", "Duty", "VO", "What", "Before", "After", "Matched by"),
               _changed_rows(result.changed), (24, 50, 12, 12, 24, 24, 10),
               "No assignment changed without moving.")
        people = ([["added", p.name, p.group, p.placeholder, ""] for p in result.people_added]
                  + [["removed", p.name, p.group, p.placeholder, ""] for p in result.people_removed]
                  + [[p.kind, p.name, p.group, p.placeholder, describe_changes(p)] for p in result.people_changed])
        _table(book, fmt, "People", ("Change", "Name", "Group", "Role to fill", "Details"), people,
               (10, 30, 16, 10, 70), "No one added, removed or changed.")
        _fte_grid(book, fmt, result)
        rows, styles = _flag_rows(result)
        _table(book, fmt, "Flags", ("Status", "Severity", "Kind", "Person", "Duty", "From", "Until", "Amount",
                                    "Message"), rows, (10, 8, 16, 18, 26, 11, 11, 8, 70),
               "No flag resolved, introduced or changed.", styles)
        pairs = [item if isinstance(item, tuple) else (log_scenario, item) for item in (log or [])]
        entries = [[_utc(e.at), name, e.description, e.note] for name, e in pairs]
        sheet = _table(book, fmt, "Change log", ("At (UTC)", "Scenario", "Change", "Note"), [],
                       (17, 40, 60, 45), "" if entries else
                       "No change log: the plans were compared as they are (no recorded edits between them).")
        stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top", "align": "left"})
        for r, (at, scenario, description, note) in enumerate(entries, start=1):
            sheet.write_datetime(r, 0, at, stamp)
            sheet.write_string(r, 1, scenario, fmt["wrap"])
            sheet.write_string(r, 2, description, fmt["wrap"])
            sheet.write_string(r, 3, note, fmt["wrap"])
            fit_row(sheet, r, [(str(scenario), 40), (str(description), 60), (str(note), 45)])
        if entries:
            sheet.autofilter(0, 0, len(entries), 3)

    write_atomically(path, build)
