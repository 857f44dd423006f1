"""The review workbook a department sends to the Division, written with XlsxWriter.

Every user text is written as a string cell, never as a formula: a duty called
`=HYPERLINK(...)` stays that text. The file is written beside its destination and
renamed over it, so a failed export leaves no partial workbook behind.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.sharedstrings import SharedStringTable
from xlsxwriter.worksheet import Worksheet

from effortplanner.core.plan import Plan
from effortplanner.core.schema import SCHEMAS, TABLES
from effortplanner.io.atomic import atomic_write
from effortplanner.io.cell_limits import CappedWorksheet
from effortplanner.io.export_columns import WORKBOOK_MARK, ExportTable, export_table
from effortplanner.io.review_notes import write_notes_sheet
from effortplanner.io.review_rows import fit_row, wrapped_lines

Formats = dict[str, object]
SheetWriter = Callable[["xlsxwriter.Workbook", Formats, Plan], None]


def _formats(book: xlsxwriter.Workbook) -> Formats:
    add = book.add_format
    return {
        "header": add({"bold": True, "bg_color": "#DDE4EE", "bottom": 1, "text_wrap": True, "valign": "top"}),
        "title": add({"bold": True, "font_size": 14}),
        "subtitle": add({"bold": True, "font_size": 11, "font_color": "#1F3864"}),
        "label": add({"bold": True}),
        "text": add({"valign": "top"}),
        "wrap": add({"text_wrap": True, "valign": "top"}),
        "date": add({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"}),
        "number": add({"num_format": "0.00", "valign": "top"}),
        "estimated": add({"num_format": "0.00", "italic": True, "font_color": "#555555", "valign": "top"}),
        "count": add({"num_format": "0", "valign": "top"}),
        "row_number": add({"num_format": "0", "valign": "top", "align": "center"}),
        "percent": add({"num_format": "0%", "valign": "top"}),
        "percent_fine": add({"num_format": "0.0%", "valign": "top"}),
        "estimated_percent": add({"num_format": "0%", "italic": True, "font_color": "#555555", "valign": "top"}),
        "estimated_percent_fine": add({"num_format": "0.0%", "italic": True, "font_color": "#555555",
                                       "valign": "top"}),
        "problem": add({"bg_color": "#FCE4E4", "text_wrap": True, "valign": "top"}),
        "error": add({"bg_color": "#F8CBAD", "valign": "top"}),
        "warning": add({"bg_color": "#FFE699", "valign": "top"}),
        "info": add({"bg_color": "#DDEBF7", "valign": "top"}),
        "over": add({"bg_color": "#F4B183", "font_color": "#9C0006", "num_format": "0.00"}),
        "low": add({"bg_color": "#EDF3FA", "num_format": "0.00"}),
        "total": add({"bold": True, "top": 1, "num_format": "0.00"}),
        "total_label": add({"bold": True, "top": 1}),
    }


PAGE_CHARACTERS = 190  # column-width characters that fit one A4/Letter landscape page at a legible size


def print_setup(sheet: Worksheet, repeat_header: bool = True) -> None:
    """Printed or turned into PDF, a sheet is landscape, one page wide, its header on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4; Letter users get the same fit-to-width
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    if repeat_header:
        sheet.repeat_rows(0)
    sheet.set_footer("&L&A&RPage &P of &N")


def _width(header: str, texts: list[str], hint: int) -> float:
    """Fitted width: the header or most values, whichever is longer; long texts capped."""
    lengths = sorted(len(t) for t in texts if t)
    typical = lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0
    # Capped so a printed page (landscape, fit to width) keeps legible type; long texts wrap.
    return float(min(max(min(len(header), 16) + 2, typical + 2, 6), 42 if hint >= 30 else 24))


def _fit_row_heights(sheet: Worksheet, table: ExportTable, widths: list[float]) -> None:
    """Rows as tall as their wrapped text (spreadsheet programs do not grow them by themselves), header too."""
    header = max((wrapped_lines(c.header, widths[i]) for i, c in enumerate(table.columns) if not c.hidden), default=1)
    if header > 1:
        sheet.set_row(0, 15 * header)
    wrapped = [c for c, column in enumerate(table.columns)
               if not column.hidden and (column.width_hint >= 30 or column.header == "Problems")]
    for r, row in enumerate(table.rows, start=1):
        fit_row(sheet, r, [(str(row[c]), widths[c]) for c in wrapped if isinstance(row[c], str)])


def with_stated_totals(table: ExportTable, plan: Plan) -> ExportTable:
    """The Activities sheet ends with the sources' stated totals as a "Total" row, which the importer
    reads back as a stated total (not an activity), so the total_mismatch flag survives the round trip."""
    if table.name != "Activities":
        return table
    stated: dict[str, str] = {}
    for note in plan.notes:
        if note.kind == "total" and note.field and note.value is not None:
            stated[note.field] = note.value  # one sheet of totals: the last stated one per column
    if not stated:
        return table
    labels = {c.name: c.label for c in SCHEMAS["activities"].columns}
    row: list[object] = [math.nan if c.kind in ("number", "count", "percent") else "" for c in table.columns]
    row[1] = "Total"
    for c, column in enumerate(table.columns):
        field = next((f for f, label in labels.items() if label == column.header), None)
        if field in stated:
            try:
                row[c] = float(stated[field])
            except ValueError:
                row[c] = stated[field]
    table.rows.append(row)
    table.estimated.append(False)
    return table


def write_table(book: xlsxwriter.Workbook, fmt: Formats, table: ExportTable) -> Worksheet:
    """A sheet of one plan table: frozen header, autofilter, fitted widths, real dates."""
    sheet = book.add_worksheet(table.name)
    for c, column in enumerate(table.columns):
        sheet.write_string(0, c, column.header, fmt["header"])
    texts: list[list[str]] = [[] for _ in table.columns]
    for r, row in enumerate(table.rows, start=1):
        for c, (column, value) in enumerate(zip(table.columns, row)):
            kind = column.kind
            if kind == "date":
                if isinstance(value, pd.Timestamp) and not pd.isna(value):
                    sheet.write_datetime(r, c, value.to_pydatetime(), fmt["date"])
                    texts[c].append("2016-07-31")
            elif kind in ("number", "count", "percent"):
                if value is not None and not (isinstance(value, float) and math.isnan(value)):
                    estimated = c == table.fte_column and table.estimated[r - 1]
                    style = ("estimated_" if estimated else "") + kind
                    style = "estimated" if style == "estimated_number" else style
                    if kind == "percent" and not float(value * 100).is_integer():  # type: ignore[operator]
                        style += "_fine"  # 12.5%, not 13%
                    sheet.write_number(r, c, float(value), fmt[style])  # type: ignore[arg-type]
                    texts[c].append(f"{value:.2f}")
                    if estimated:
                        sheet.write_comment(r, c, "Estimated FTE: not stated in the source; check before relying "
                                                  "on it.", {"x_scale": 1.6})
            elif kind == "bool":
                if value:
                    sheet.write_string(r, c, "yes", fmt["text"])
                    texts[c].append("yes")
            else:
                text = str(value)
                if text:
                    style = "problem" if column.header == "Problems" else \
                        "wrap" if column.width_hint >= 30 and len(text) > 40 else "text"
                    sheet.write_string(r, c, text, fmt[style])  # a string, never a formula
                    texts[c].append(text)
    widths = [_width(column.header, texts[c], column.width_hint) for c, column in enumerate(table.columns)]
    for c, column in enumerate(table.columns):
        options = {"hidden": True} if column.hidden else {}
        sheet.set_column(c, c, widths[c], None, options)
    _fit_row_heights(sheet, table, widths)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    print_setup(sheet)
    pages_wide(sheet, sum(w for w, column in zip(widths, table.columns) if not column.hidden))
    return sheet


def pages_wide(sheet: Worksheet, visible: float) -> None:
    """A sheet wider than a page (`visible` column-width characters) prints on several pages side by
    side rather than in unreadable type; each page repeats the header row and the first two columns."""
    wide = max(1, math.ceil(visible / PAGE_CHARACTERS))
    if wide > 1:
        sheet.fit_to_pages(wide, 0)
        sheet.repeat_columns(0, 1)


def write_notes(book: xlsxwriter.Workbook, fmt: Formats, plan: Plan) -> None:
    print_setup(write_notes_sheet(book, fmt, plan))


def write_summary_header(sheet: Worksheet, fmt: Formats, plan: Plan, title: str) -> int:
    """The marked title (the importer knows a review workbook by it) and the plan's counts."""
    sheet.write_string(0, 0, f"{WORKBOOK_MARK}: {title}", fmt["title"])
    counts = plan.counts()
    row = 2
    for label, value in (("People", counts["people"]), ("Assignments", counts["assignments"]),
                         ("Activities", counts["activities"]), ("Milestones", counts["milestones"]),
                         ("Import notes", len(plan.notes))):
        sheet.write_string(row, 0, label, fmt["label"])
        sheet.write_number(row, 1, value, fmt["count"])
        row += 1
    sheet.set_column(0, 0, 58)
    sheet.set_column(1, 8, 14)
    print_setup(sheet, repeat_header=False)
    sheet.fit_to_pages(1, 0)
    return row + 1


class StringsInOrder(SharedStringTable):
    """XlsxWriter's shared-string table, listed in the order the strings came instead of sorted by
    their index: the same list (a string's index is the number of strings before it), without the
    one `sorted()` call that holds the interpreter lock for all ~50,000 strings of a 20,000-assignment
    review (30 ms; longer at 50,000) while the window waits for it."""

    string_table: dict[str, int]
    string_array: list[str]

    def _sort_string_data(self) -> None:
        table = self.string_table
        if list(table.values()) != list(range(len(table))):  # not numbered in order (linear): sort
            super()._sort_string_data()
            return
        self.string_array = list(table)
        self.string_table = {}


def new_workbook(path: Path) -> xlsxwriter.Workbook:
    # Belt and braces: write_string is used for text, and conversions are off anyway.
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                           "strings_to_urls": False, "nan_inf_to_errors": False})
    book.worksheet_class = CappedWorksheet  # text past a cell's 32,767 characters is cut visibly, with a comment
    book.str_table = StringsInOrder()  # before any sheet is added: each sheet is handed this table
    return book


def label_sheets(book: xlsxwriter.Workbook, label: str) -> None:
    """Name the scenario in every sheet's printed header (and the plan's name at the right)."""
    for sheet in book.worksheets():
        text = label.replace("&", "&&")
        sheet.set_header(f'&L&"-,Bold"&12{text}&R&A' if text else "&R&A")


def write_atomically(path: str | Path, build: Callable[[xlsxwriter.Workbook], None], label: str = "") -> None:
    """Write a workbook next to `path` and rename it into place; no partial file on failure."""

    def write(tmp: Path) -> None:
        book = new_workbook(tmp)
        try:
            book.set_properties({"title": WORKBOOK_MARK, "subject": label or "Baseline plan",
                                 "comments": "Written by Effort Planner"})
            build(book)
            label_sheets(book, label)
            book.close()
        finally:
            book.fileclosed = True  # a failed close must not run again, noisily, in __del__

    atomic_write(path, write, errors=(XlsxWriterException,))


def write_review(path: str | Path, plan: Plan, title: str = "plan",
                 extra_sheets: list[SheetWriter] | None = None, summary: SheetWriter | None = None,
                 label: str = "") -> None:
    """Summary, one sheet per plan table, derived sheets (flags, load) and the import notes."""

    def build(book: xlsxwriter.Workbook) -> None:
        fmt = _formats(book)
        if summary is not None:
            summary(book, fmt, plan)
        else:
            write_summary_header(book.add_worksheet("Summary"), fmt, plan, title)
        for table in TABLES:
            write_table(book, fmt, with_stated_totals(export_table(plan, table), plan))
        for writer in extra_sheets or []:
            writer(book, fmt, plan)
        write_notes(book, fmt, plan)

    write_atomically(path, build, label)
