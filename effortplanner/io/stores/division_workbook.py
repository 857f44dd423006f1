"""The Division review workbook: the review workbook's sheets with a Department column.

Summary: headcount and FTE by department and group. People, Assignments, Activities,
Milestones: every row with its department. Flags: with the departments involved. Load:
each person's load summed across departments, over capacity in red. Notes: by department.
The sheet writers and formats are the review workbook's own (`io.review`, `io.review_report`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import xlsxwriter

from effortplanner.analysis.flags import compute_flags
from effortplanner.analysis.load import aggregate_load
from effortplanner.analysis.window import plan_window
from effortplanner.io.export_columns import ExportColumn, export_table
from effortplanner.io.review import Formats, _formats, print_setup, write_atomically, write_notes, write_table
from effortplanner.io.review import write_summary_header
from effortplanner.io.review_report import Analysis, write_flags
from effortplanner.io.stores.division import Division, name_departments
from effortplanner.core.schema import TABLES


def department_summary(division: Division, as_of: date) -> pd.DataFrame:
    """Department, group, headcount and FTE committed on `as_of`, from each department's own plan."""
    rows = []
    day = pd.Timestamp(as_of)
    for dept, plan in division.sources.items():
        people, duties = plan.people, plan.assignments
        groups = people["group"].replace("", "(no group)")
        active = duties[(duties["start"].isna() | (duties["start"] <= day)) & (duties["end"].isna() | (duties["end"] >= day))]
        fte = active.groupby(active["person"].map(groups).fillna("(no group)"))["fte"].sum()
        for group, count in groups.value_counts().sort_index().items():
            rows.append((dept, group, int(count), float(fte.get(group, 0.0))))
    return pd.DataFrame(rows, columns=["department", "group", "headcount", "fte"])


def _write_summary(book: xlsxwriter.Workbook, fmt: Formats, division: Division, result: Analysis, title: str) -> None:
    sheet = book.add_worksheet("Summary")
    row = write_summary_header(sheet, fmt, division.plan, title)
    sheet.write_string(row, 0, f"By department and group, as of {result.as_of.isoformat()}", fmt["subtitle"])
    row += 1
    for c, header in enumerate(("Department", "Group", "Headcount", "FTE committed")):
        sheet.write_string(row, c, header, fmt["header"])
    summary = department_summary(division, result.as_of)
    for r, (dept, group, count, fte) in enumerate(summary.itertuples(index=False), start=row + 1):
        sheet.write_string(r, 0, dept, fmt["text"])
        sheet.write_string(r, 1, group, fmt["text"])
        sheet.write_number(r, 2, count, fmt["count"])
        sheet.write_number(r, 3, fte, fmt["number"])
    row += len(summary) + 2
    shared = {p: d for p, d in division.booked_in.items() if len(d) > 1}
    sheet.write_string(row, 0, f"People booked by more than one department: {len(shared)}", fmt["label"])
    for r, (person, depts) in enumerate(sorted(shared.items()), start=row + 1):
        sheet.write_string(r, 0, division.plan.person_name(person), fmt["text"])
        sheet.write_string(r, 1, ", ".join(depts), fmt["text"])


def _write_tables(book: xlsxwriter.Workbook, fmt: Formats, division: Division) -> None:
    for table in TABLES:
        export = export_table(division.plan, table)
        depts = division.department.get(table, pd.Series(dtype=object))
        export.columns.insert(1, ExportColumn("Department", "text", 14))
        for row_values in export.rows:
            row_values.insert(1, str(depts.get(row_values[0], "")))
        if export.fte_column is not None:
            export.fte_column += 1
        write_table(book, fmt, export)


def _write_load(book: xlsxwriter.Workbook, fmt: Formats, division: Division, by_person: pd.DataFrame) -> None:
    """Person x month FTE summed across departments; over capacity in red."""
    sheet = book.add_worksheet("Load")
    periods = list(dict.fromkeys(by_person["period"])) if len(by_person) else []
    for c, header in enumerate(("Departments", "Person", *periods)):
        sheet.write_string(0, c, str(header), fmt["header"])
    if periods:
        grid = by_person.pivot_table(index="person", columns="period", values="fte", aggfunc="sum", sort=False)
        cap = by_person.pivot_table(index="person", columns="period", values="capacity", aggfunc="sum", sort=False)
        plan = division.plan
        order = sorted(grid.index, key=lambda p: plan.person_name(p).casefold())
        for r, person in enumerate(order, start=1):
            sheet.write_string(r, 0, ", ".join(division.booked_in.get(str(person), [])), fmt["text"])
            sheet.write_string(r, 1, plan.person_name(person), fmt["text"])
            for c, period in enumerate(periods, start=2):
                value = float(grid.at[person, period])
                limit = float(cap.at[person, period])
                sheet.write_number(r, c, value, fmt["over" if value > limit + 1e-9 else "number"])
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, len(periods) + 1, 8.5)
    sheet.freeze_panes(1, 2)
    print_setup(sheet)


def _flag_departments(division: Division, result: Analysis) -> list[str]:
    out = []
    for flag in result.flags:
        if flag.person:
            out.append(", ".join(division.booked_in.get(str(flag.person), [])) or
                       str(division.department["people"].get(flag.person, "")))
        elif flag.duty:
            out.append(str(division.department["assignments"].get(flag.duty, "")))
        elif flag.activity:
            out.append(str(division.department["activities"].get(flag.activity, "")))
        else:
            out.append("")
    return out


def export_division(path: str | Path, division: Division, title: str = "Division", as_of: date | None = None,
                    horizon: date | None = None) -> Analysis:
    """Write the Division workbook; returns the analysis of the combined plan it shows."""
    plan = division.plan
    as_of, horizon = plan_window(plan, as_of, horizon)
    flags = name_departments(plan, compute_flags(plan, as_of, horizon).flags())
    result = Analysis(as_of, horizon, flags, aggregate_load(plan, "M", "person", as_of, horizon),
                      aggregate_load(plan, "M", "group", as_of, horizon))

    def build(book: xlsxwriter.Workbook) -> None:
        fmt = _formats(book)
        _write_summary(book, fmt, division, result, title)
        _write_tables(book, fmt, division)
        write_flags(book, fmt, plan, result.flags)
        flags_sheet = book.get_worksheet_by_name("Flags")
        flags_sheet.write_string(0, 9, "Departments", fmt["header"])
        for r, text in enumerate(_flag_departments(division, result), start=1):
            flags_sheet.write_string(r, 9, text, fmt["text"])
        flags_sheet.set_column(9, 9, 22)
        _write_load(book, fmt, division, result.by_person)
        write_notes(book, fmt, plan)

    write_atomically(path, build)
    return result
