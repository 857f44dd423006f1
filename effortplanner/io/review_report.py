"""The review workbook's computed sheets: Summary (with a chart), Flags and Load.

The analysis runs once; these writers only lay its results out for a Division
reviewer who has never seen the application.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name as xl_col

from effortplanner.analysis.context import Context, build
from effortplanner.analysis.flag_table import FlagTable
from effortplanner.analysis.flags import flags_in
from effortplanner.analysis.load import aggregate_load_in
from effortplanner.analysis.model import Flag
from effortplanner.analysis.snapshot import Snapshot, snapshot_key
from effortplanner.analysis.window import plan_window
from effortplanner.core.plan import Plan
from effortplanner.io.review import Formats, pages_wide, print_setup, write_review, write_summary_header
from effortplanner.io.review_names import scenario_label
from effortplanner.io.review_rows import fit_row

KIND_TITLES = {
    "contract_end_gap": "Duties left without anyone when a contract ends",
    "over_allocation": "Over-allocation",
    "unassigned_handover": "Duties handed to a group or experiment with no person named",
    "unfilled_demand": "Activities not staffed as required",
    "total_mismatch": "Stated totals that differ from their items",
    "name_alias": "Probably the same person under two names",
    "conflicting_dates": "Sources that disagree on a date",
    "uncertain_date": "Dates that could not be pinned down",
    "missing_data": "Missing or unreadable values",
}


@dataclass
class Analysis:
    as_of: date
    horizon: date
    flags: list[Flag]
    by_person: pd.DataFrame
    by_group: pd.DataFrame


def analyse(plan: Plan, as_of: date | None = None, horizon: date | None = None,
            snapshot: Snapshot | None = None) -> Analysis:
    """The flags and the monthly load the workbook shows, over [as_of, horizon].

    `snapshot` is an analysis the caller already has (the window's, see `analysis.snapshot`):
    when it is of this plan state (same revision and settings) and this window, its flags and
    its context are used instead of analysing the plan again; else it is ignored. The result
    is the same either way.
    """
    as_of, horizon = plan_window(plan, as_of, horizon)
    ctx = reusable_context(plan, as_of, horizon, snapshot)
    if ctx is not None and snapshot is not None:
        flags = snapshot.flags
    else:
        ctx = build(plan, as_of, horizon)
        flags = flags_in(ctx)
    return Analysis(as_of, horizon, flags.flags() if isinstance(flags, FlagTable) else list(flags),
                    aggregate_load_in(ctx, "M", "person"), aggregate_load_in(ctx, "M", "group"))


def reusable_context(plan: Plan, as_of: date, horizon: date, snap: Snapshot | None) -> Context | None:
    """The context of `snap` when it analysed `plan` as it is now over [as_of, horizon], else None."""
    if snap is None or snap.context is None or snap.key != snapshot_key(plan):
        return None
    return snap.context if (snap.context.as_of, snap.context.horizon) == (as_of, horizon) else None


def _day(value: date) -> datetime:
    return datetime(value.year, value.month, value.day)


def write_summary(book: xlsxwriter.Workbook, fmt: Formats, plan: Plan, result: Analysis, title: str,
                  label: str = "") -> None:
    sheet = book.add_worksheet("Summary")
    row = write_summary_header(sheet, fmt, plan, title)
    if label:
        sheet.write_string(2, 3, label, book.add_format({"bold": True, "font_color": "#9C0006",
                                                         "bg_color": "#FCE4E4", "font_size": 12}))
    sheet.write_string(1, 0, "As of", fmt["label"])
    sheet.write_datetime(1, 1, _day(result.as_of), fmt["date"])
    sheet.write_string(1, 2, "Horizon", fmt["label"])
    sheet.write_datetime(1, 3, _day(result.horizon), fmt["date"])

    sheet.write_string(row, 0, "Headcount and FTE by group", fmt["subtitle"])
    row += 1
    for c, header in enumerate(("Group", "People", "Roles to fill", "Capacity (FTE)", "Committed FTE now",
                                "Committed FTE, average")):
        sheet.write_string(row, c, header, fmt["header"])
    sheet.set_row(row, 30)  # two lines: wrapped headers stay in their cells
    people = plan.people
    groups = people["group"].replace("", "(no group)")
    capacity = people["capacity_fte"].fillna(1.0)
    first_period = result.by_group.groupby("group")["fte"].first() if len(result.by_group) else pd.Series(dtype=float)
    average = (result.by_group.assign(w=result.by_group["fte"] * result.by_group["days"]).groupby("group")
               .apply(lambda g: g["w"].sum() / max(g["days"].sum(), 1), include_groups=False)
               if len(result.by_group) else pd.Series(dtype=float))
    for name in sorted(groups.unique(), key=str.casefold):
        row += 1
        members = groups == name
        sheet.write_string(row, 0, name, fmt["text"])
        sheet.write_number(row, 1, int((members & ~people["placeholder"]).sum()), fmt["count"])
        sheet.write_number(row, 2, int((members & people["placeholder"]).sum()), fmt["count"])
        sheet.write_number(row, 3, float(capacity[members].sum()), fmt["number"])
        sheet.write_number(row, 4, float(first_period.get(name, 0.0)), fmt["number"])
        sheet.write_number(row, 5, float(average.get(name, 0.0)), fmt["number"])
    row += 2

    sheet.write_string(row, 0, "Flags by kind", fmt["subtitle"])
    row += 1
    for c, header in enumerate(("Kind", "Errors", "Warnings", "Notes")):
        sheet.write_string(row, c, header, fmt["header"])
    counts = Counter((f.kind, f.severity) for f in result.flags)
    for kind, label in KIND_TITLES.items():
        row += 1
        sheet.write_string(row, 0, label, fmt["text"])
        for c, severity in enumerate(("error", "warning", "info"), start=1):
            value = counts.get((kind, severity), 0)
            sheet.write_number(row, c, value, fmt[severity] if value and severity != "info" else fmt["count"])
    row += 2

    for kind, heading in (("over_allocation", "Largest over-allocations"),
                          ("contract_end_gap", "Largest contract-end gaps")):
        sheet.write_string(row, 0, heading, fmt["subtitle"])
        row += 1
        chosen = sorted((f for f in result.flags if f.kind == kind), key=lambda f: -(f.amount or 0.0))[:5]
        if not chosen:
            sheet.write_string(row, 0, "None.", fmt["text"])
            row += 1
        for flag in chosen:
            sheet.write_string(row, 0, flag.message, fmt["text"])
            row += 1
        row += 1
    _chart(book, sheet, fmt, result, row)


def _chart(book: xlsxwriter.Workbook, sheet: xlsxwriter.worksheet.Worksheet, fmt: Formats, result: Analysis,
           top: int) -> None:
    """Department committed FTE against capacity by month: a native Excel chart over a small table."""
    monthly = result.by_group.groupby("period", sort=False)[["fte", "capacity"]].sum().reset_index()
    sheet.write_string(top, 0, "Committed FTE and capacity by month", fmt["subtitle"])
    header = top + 1
    for c, text in enumerate(("Month", "Committed FTE", "Capacity (FTE)")):
        sheet.write_string(header, c, text, fmt["header"])
    for i, record in enumerate(monthly.itertuples(index=False), start=header + 1):
        sheet.write_string(i, 0, str(record.period), fmt["text"])
        sheet.write_number(i, 1, float(record.fte), fmt["number"])
        sheet.write_number(i, 2, 0.0 if math.isnan(record.capacity) else float(record.capacity), fmt["number"])
    last = header + len(monthly)
    if not len(monthly):
        return
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "Committed FTE", "categories": ["Summary", header + 1, 0, last, 0],
                      "values": ["Summary", header + 1, 1, last, 1], "fill": {"color": "#4472C4"}})
    line = book.add_chart({"type": "line"})
    line.add_series({"name": "Capacity (FTE)", "categories": ["Summary", header + 1, 0, last, 0],
                     "values": ["Summary", header + 1, 2, last, 2], "line": {"color": "#C00000", "width": 2.25}})
    chart.combine(line)
    chart.set_title({"name": "Committed FTE vs capacity, by month"})
    chart.set_y_axis({"name": "FTE", "major_gridlines": {"visible": True, "line": {"color": "#DDDDDD"}}})
    chart.set_x_axis({"num_font": {"rotation": -45}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 340})
    sheet.insert_chart(last + 2, 0, chart)


# Printed landscape at a legible size: the widths add up to less than a page (review.PAGE_CHARACTERS);
# the duty and the message wrap in their columns instead of running off the page.
FLAG_WIDTHS = (9, 18, 18, 28, 11, 11, 8, 11, 66)


def write_flags(book: xlsxwriter.Workbook, fmt: Formats, plan: Plan, flags: list[Flag]) -> None:
    sheet = book.add_worksheet("Flags")
    headers = ("Severity", "Kind", "Person", "Duty", "From", "Until", "Amount", "Certainty", "Message")
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, fmt["header"])
    duties = plan.assignments["duty"]
    for r, flag in enumerate(flags, start=1):
        sheet.write_string(r, 0, flag.severity, fmt[flag.severity])
        sheet.write_string(r, 1, flag.kind.replace("_", " "), fmt["text"])
        sheet.write_string(r, 2, plan.person_name(flag.person) if flag.person else "", fmt["text"])
        sheet.write_string(r, 3, str(duties.get(flag.duty, "")) if flag.duty else "", fmt["wrap"])
        for c, value in ((4, flag.start), (5, flag.end)):
            if value:
                sheet.write_datetime(r, c, _day(value), fmt["date"])
        if flag.amount is not None:
            sheet.write_number(r, 6, float(flag.amount), fmt["number"])
        sheet.write_string(r, 7, flag.certainty, fmt["text"])
        sheet.write_string(r, 8, flag.message, fmt["wrap"])
        fit_row(sheet, r, [(str(duties.get(flag.duty, "")) if flag.duty else "", FLAG_WIDTHS[3]),
                           (flag.message, FLAG_WIDTHS[8])])
    for c, width in enumerate(FLAG_WIDTHS):
        sheet.set_column(c, c, width, fmt["wrap"] if c in (3, 8) else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(flags), 1), len(headers) - 1)
    print_setup(sheet)


def write_load(book: xlsxwriter.Workbook, fmt: Formats, plan: Plan, by_person: pd.DataFrame) -> None:
    """Person x month committed FTE (percent), grouped by group, beside each person's capacity.

    Over capacity red, under half shaded: conditional formats against the Capacity column,
    so the colours follow numbers a reviewer changes in Excel.
    """
    sheet = book.add_worksheet("Load")
    periods = list(dict.fromkeys(by_person["period"])) if len(by_person) else []
    for c, header in enumerate(("Group", "Person", "Capacity", *periods)):
        sheet.write_string(0, c, str(header), fmt["header"])
    if not periods:
        return
    grid = by_person.pivot_table(index="person", columns="period", values="fte", aggfunc="sum", sort=False)
    people = plan.people
    groups = people["group"].replace("", "(no group)")
    capacity = people["capacity_fte"].fillna(1.0)
    percent = book.add_format({"num_format": "0%"})
    percent_total = book.add_format({"num_format": "0.0", "bold": True, "top": 1})
    first, last_col = 3, len(periods) + 2
    blocks: list[tuple[int, int]] = []
    row = 1
    for group in sorted(groups.unique(), key=str.casefold):
        members = [p for p in people.index[groups == group] if p in grid.index]
        if not members:
            continue
        sheet.write_string(row, 0, group, fmt["total_label"])
        sheet.write_string(row, 1, "Group total (FTE)", fmt["total_label"])
        sheet.write_blank(row, 2, None, fmt["total_label"])
        totals = grid.loc[members].sum()
        for c, period in enumerate(periods, start=first):
            sheet.write_number(row, c, float(totals.get(period, 0.0)), percent_total)
        row += 1
        top = row
        for person in sorted(members, key=lambda p: str(people.at[p, "name"]).casefold()):
            sheet.set_row(row, None, None, {"level": 1})
            sheet.write_string(row, 0, group, fmt["text"])
            sheet.write_string(row, 1, str(people.at[person, "name"]), fmt["text"])
            sheet.write_number(row, 2, float(capacity[person]), percent)
            for c, period in enumerate(periods, start=first):
                value = float(grid.at[person, period]) if period in grid.columns else 0.0
                sheet.write_number(row, c, value, percent)
            row += 1
        blocks.append((top, row - 1))
    sheet.write_string(row, 1, "Department total (FTE)", fmt["total_label"])
    for c, period in enumerate(periods, start=first):
        sheet.write_number(row, c, float(grid[period].sum()) if period in grid.columns else 0.0, percent_total)
    over = book.add_format({"bg_color": "#F4B183", "font_color": "#9C0006"})
    low = book.add_format({"bg_color": "#EDF3FA"})
    for top, bottom in blocks:
        anchor = f"{xl_col(first)}{top + 1}"
        cap = f"$C{top + 1}"
        sheet.conditional_format(top, first, bottom, last_col, {
            "type": "formula", "criteria": f"={anchor}>{cap}+0.000001", "format": over})
        sheet.conditional_format(top, first, bottom, last_col, {
            "type": "formula", "criteria": f"={anchor}<0.5*{cap}", "format": low})
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, last_col, 8.5)
    sheet.freeze_panes(1, first)
    sheet.outline_settings(True, False, True, False)
    print_setup(sheet)
    pages_wide(sheet, 16 + 28 + 8.5 * (last_col - 1))  # a long horizon: months on several pages, legible
    sheet.repeat_columns(0, 1)


def export_review(path: str | Path, plan: Plan, title: str = "plan", as_of: date | None = None,
                  horizon: date | None = None, scenario: str | None = None,
                  snapshot: Snapshot | None = None) -> Analysis:
    """Write the whole review workbook; returns the analysis it shows.

    With `scenario` (a scenario other than the baseline) the title, the Summary and every
    sheet's printed header say "Scenario: NAME — not the baseline". `snapshot`: an analysis
    already made, used when it is of this plan state and window (see `analyse`).
    """
    result = analyse(plan, as_of, horizon, snapshot)
    label = scenario_label(scenario)
    full_title = f"{title} — {label}" if label else title
    write_review(path, plan, full_title,
                 summary=lambda book, fmt, p: write_summary(book, fmt, p, result, full_title, label),
                 extra_sheets=[lambda book, fmt, p: write_flags(book, fmt, p, result.flags),
                               lambda book, fmt, p: write_load(book, fmt, p, result.by_person)],
                 label=label)
    return result
