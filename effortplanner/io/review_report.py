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

from effortplanner.analysis.flags import compute_flags
from effortplanner.analysis.load import aggregate_load
from effortplanner.analysis.model import Flag
from effortplanner.analysis.window import plan_window
from effortplanner.core.plan import Plan
from effortplanner.io.review import Formats, print_setup, write_review, write_summary_header

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


def analyse(plan: Plan, as_of: date | None = None, horizon: date | None = None) -> Analysis:
    as_of, horizon = plan_window(plan, as_of, horizon)
    return Analysis(as_of, horizon, compute_flags(plan, as_of, horizon),
                    aggregate_load(plan, "M", "person", as_of, horizon),
                    aggregate_load(plan, "M", "group", as_of, horizon))


def _day(value: date) -> datetime:
    return datetime(value.year, value.month, value.day)


def write_summary(book: xlsxwriter.Workbook, fmt: Formats, plan: Plan, result: Analysis, title: str) -> None:
    sheet = book.add_worksheet("Summary")
    row = write_summary_header(sheet, fmt, plan, title)
    sheet.write_string(1, 0, "As of", fmt["label"])
    sheet.write_datetime(1, 1, _day(result.as_of), fmt["date"])
    sheet.write_string(1, 2, "Horizon", fmt["label"])
    sheet.write_datetime(1, 3, _day(result.horizon), fmt["date"])

    sheet.write_string(row, 0, "Headcount and FTE by group", fmt["subtitle"])
    row += 1
    for c, header in enumerate(("Group", "People", "Roles to fill", "Capacity (FTE)", "Committed FTE now",
                                "Committed FTE, average")):
        sheet.write_string(row, c, header, fmt["header"])
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
        sheet.write_string(r, 3, str(duties.get(flag.duty, "")) if flag.duty else "", fmt["text"])
        for c, value in ((4, flag.start), (5, flag.end)):
            if value:
                sheet.write_datetime(r, c, _day(value), fmt["date"])
        if flag.amount is not None:
            sheet.write_number(r, 6, float(flag.amount), fmt["number"])
        sheet.write_string(r, 7, flag.certainty, fmt["text"])
        sheet.write_string(r, 8, flag.message, fmt["text"])
    for c, width in enumerate((9, 20, 20, 32, 11, 11, 9, 11, 120)):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(flags), 1), len(headers) - 1)
    print_setup(sheet)


def write_load(book: xlsxwriter.Workbook, fmt: Formats, plan: Plan, by_person: pd.DataFrame) -> None:
    """Person x month committed FTE, grouped by group: over capacity red, under half shaded."""
    sheet = book.add_worksheet("Load")
    periods = list(dict.fromkeys(by_person["period"])) if len(by_person) else []
    for c, header in enumerate(("Group", "Person", *periods)):
        sheet.write_string(0, c, str(header), fmt["header"])
    if not periods:
        return
    grid = by_person.pivot_table(index="person", columns="period", values="fte", aggfunc="sum", sort=False)
    cap = by_person.pivot_table(index="person", columns="period", values="capacity", aggfunc="sum", sort=False)
    people = plan.people
    groups = people["group"].replace("", "(no group)")
    row = 1
    for group in sorted(groups.unique(), key=str.casefold):
        members = [p for p in people.index[groups == group] if p in grid.index]
        if not members:
            continue
        sheet.write_string(row, 0, group, fmt["total_label"])
        sheet.write_string(row, 1, "Group total", fmt["total_label"])
        totals = grid.loc[members].sum()
        for c, period in enumerate(periods, start=2):
            sheet.write_number(row, c, float(totals.get(period, 0.0)), fmt["total"])
        row += 1
        for person in sorted(members, key=lambda p: str(people.at[p, "name"]).casefold()):
            sheet.set_row(row, None, None, {"level": 1})
            sheet.write_string(row, 0, group, fmt["text"])
            sheet.write_string(row, 1, str(people.at[person, "name"]), fmt["text"])
            for c, period in enumerate(periods, start=2):
                value = float(grid.at[person, period]) if period in grid.columns else 0.0
                limit = float(cap.at[person, period]) if period in cap.columns else 1.0
                style = "over" if value > limit + 1e-9 else "low" if value < 0.5 * limit else "number"
                sheet.write_number(row, c, value, fmt[style])
            row += 1
    sheet.write_string(row, 1, "Department total", fmt["total_label"])
    for c, period in enumerate(periods, start=2):
        sheet.write_number(row, c, float(grid[period].sum()) if period in grid.columns else 0.0, fmt["total"])
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, len(periods) + 1, 8.5)
    sheet.freeze_panes(1, 2)
    sheet.outline_settings(True, False, True, False)
    print_setup(sheet)


def export_review(path: str | Path, plan: Plan, title: str = "plan", as_of: date | None = None,
                  horizon: date | None = None) -> Analysis:
    """Write the whole review workbook; returns the analysis it shows."""
    result = analyse(plan, as_of, horizon)
    write_review(path, plan, title,
                 summary=lambda book, fmt, p: write_summary(book, fmt, p, result, title),
                 extra_sheets=[lambda book, fmt, p: write_flags(book, fmt, p, result.flags),
                               lambda book, fmt, p: write_load(book, fmt, p, result.by_person)])
    return result
