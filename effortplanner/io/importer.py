"""Import spreadsheets into a plan: the one entry point the CLI and the GUI call.

Reading is a plain function with a progress callback and a cancel check, so the GUI
can run it off its thread and the tests can run it as is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path

from effortplanner.core.date_years import years_mentioned
from effortplanner.core.dates import DateParser
from effortplanner.core.plan import Note, Plan, PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.assemble import assemble
from effortplanner.io.errors import ImportCancelled, PlanReadError
from effortplanner.io import kinds
from effortplanner.io.formula_cells import formula_notes, unread_message
from effortplanner.io.headers import SheetLayout
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.layout_edits import SKIP
from effortplanner.io.records import Pending, RecordBuilder
from effortplanner.io.review_notes import restore_notes, window_of_review
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.sniff import sniff_readable
from effortplanner.io.workbook import RawSheet, read_workbook

Progress = Callable[[float, str], None]
# How one file's sheets are read: their layouts by sheet name, or a function that makes them from the
# sheets as detected (a reopened import set: each file is read once, not once more to detect).
FileLayouts = Mapping[str, SheetLayout] | Callable[[list["SheetPlan"]], Mapping[str, SheetLayout]]
DATE_FIELDS = ("contract_end", "start", "end", "date")


@dataclass
class SheetPlan:
    """A sheet, what it was taken for, and how its columns map: what the import dialog shows."""

    file: Path
    raw: RawSheet
    layout: SheetLayout

    def describe(self) -> str:
        mapped = ", ".join(f"{self.layout.headers[i] or column_letter(i)} → {f}"
                           for i, f in self.layout.mapping.items() if i < len(self.layout.headers))
        return f"{self.file.name} / {self.raw.name}: {kinds.label(self.layout.kind)} ({mapped})"


def inspect_file(path: str | Path, settings: PlanSettings | None = None) -> list[SheetPlan]:
    """Read a file and detect each sheet's kind (the surest in the registry) and layout."""
    path = Path(path)
    kind = sniff_readable(path)
    if kind and kind.is_project:
        from effortplanner.io.project import project_preview  # project readers load only for project files

        sheets = project_preview(path, kind)
    else:
        sheets = read_workbook(path)
    return [SheetPlan(path, raw, kinds.detect(raw, settings)) for raw in sheets]


def context_year(sheets: Sequence[SheetPlan]) -> int | None:
    """The year a document speaks of most: given to dates written without one."""
    years: Counter[int] = Counter()
    texts: Counter[str] = Counter()  # a few hundred date texts repeat over thousands of cells: read each once
    for sheet in sheets:
        body = sheet.raw.rows[sheet.layout.header_row + 1:]
        shortest = min(map(len, body), default=0)
        for i, f in sheet.layout.mapping.items():
            if f not in DATE_FIELDS:
                continue
            column = map(itemgetter(i), body) if i < shortest else (row[i] for row in body if i < len(row))
            try:
                cells = Counter(column)  # each distinct cell looked at once
            except TypeError:  # an unhashable cell: count them one by one
                cells = Counter()
                for row in body:
                    if i < len(row):
                        cell = row[i]
                        if isinstance(cell, (date, datetime, str)):
                            cells[cell] += 1
            for cell, count in cells.items():
                if isinstance(cell, (date, datetime)):
                    years[cell.year] += count
                elif isinstance(cell, str):
                    texts[cell] += count
    for text, count in texts.items():
        for year in years_mentioned(text):
            years[year] += count
    if not years:
        return None
    top = max(years.values())
    return min(y for y, n in years.items() if n == top)


def _derived_sheets(sheets: Sequence[SheetPlan]) -> set[str]:
    """The computed sheets of a workbook this application wrote (known by its Summary title)."""
    summary = next((s for s in sheets if s.raw.name == "Summary"), None)
    if summary is None or not summary.raw.rows or not summary.raw.rows[0]:
        return set()
    from effortplanner.io.export_columns import DERIVED_SHEETS, WORKBOOK_MARK  # the export's module, when needed

    return set(DERIVED_SHEETS) if as_text(summary.raw.rows[0][0]).startswith(WORKBOOK_MARK) else set()


def _header(layout: SheetLayout, index: int) -> str:
    headers = layout.headers
    return headers[index] if index < len(headers) and headers[index] else column_letter(index)


def headed_but_unknown(layout: SheetLayout) -> str:
    """Why a header that was found makes no sheet kind: never "Name and FTE not found" to a Name;FTE file."""
    found = ", ".join(f"{_header(layout, i)!r}" for i in layout.mapping)
    hint = " (to read FTE as each person's capacity, head that column 'Capacity')" \
        if layout.fields <= {"name", "fte", "notes"} else ""
    return (f"row {layout.header_row + 1} has the columns {found}, but a duty list also needs a duty column "
            "(Assignment, Task), a roster a role, group, start, contract end or capacity column, and an activity "
            f"table an Activity column{hint}; sheet not read")


def read_file(path: str | Path, settings: PlanSettings, layouts: FileLayouts | None = None,
              cancelled: Callable[[], bool] | None = None) -> Pending:
    """Every recognised sheet of one file as pending records (names not yet resolved)."""
    return _read_file(path, settings, layouts, cancelled, [])


def _read_file(path: str | Path, settings: PlanSettings, layouts: FileLayouts | None,
               cancelled: Callable[[], bool] | None, spans: list[tuple[date, date]]) -> Pending:
    path = Path(path)
    kind = sniff_readable(path)
    if kind and kind.is_project:
        from effortplanner.io.project import read_project_file

        if callable(layouts):  # given the tables as previewed (one more read: layout_replay gives a mapping)
            layouts = layouts(inspect_file(path, settings))
        return read_project_file(path, kind, {n for n, v in (layouts or {}).items() if v.kind == SKIP})
    sheets = inspect_file(path, settings)
    if callable(layouts):
        layouts = layouts(sheets)
    if layouts:
        sheets = [SheetPlan(s.file, s.raw, layouts.get(s.raw.name, s.layout)) for s in sheets]
    pending = Pending()
    label = path.name
    year = context_year(sheets) or settings.context_year or (settings.as_of.year if settings.as_of else None)
    pending.context_year = year
    parser = DateParser(dayfirst=settings.dayfirst, fy_start_month=settings.fy_start_month,
                        fy_start_day=settings.fy_start_day, context_year=year)
    builder = RecordBuilder(label, parser, pending, cancelled)
    others = [(s.raw, s.layout) for s in sheets]
    used = left_out = 0
    derived = _derived_sheets(sheets)
    for sheet in sheets:
        if cancelled and cancelled():
            raise ImportCancelled()
        if sheet.raw.name in derived:
            pending.notes.append(Note(label, sheet.raw.name, None, None,
                                      "computed from the plan by Effort Planner; not read back", kind="info"))
            pending.notes[:] = restore_notes(label, sheet.raw, pending.notes)  # the notes flags are computed from
            continue
        if not any(as_text(c) for row in sheet.raw.rows for c in row):
            pending.notes.append(Note(label, sheet.raw.name, None, None, "sheet is empty; skipped", kind="skipped"))
            continue
        if sheet.layout.kind == SKIP:
            pending.notes.append(Note(label, sheet.raw.name, None, None, "left out of the import by the user",
                                      kind="skipped"))
            left_out += 1
            continue
        pending.notes.extend(formula_notes(label, sheet.raw.name, sheet.raw.unread_formulas, sheet.layout.header_row,
                                           sheet.raw.read_formulas))
        sheet_kind = kinds.get(sheet.layout.kind)
        if sheet_kind is None:
            pending.notes.append(Note(label, sheet.raw.name, None, None, headed_but_unknown(sheet.layout)
                                      if sheet.layout.mapping else "no recognisable header row (looked for columns "
                                      "such as Name, Assignment, FTE, Activity, End of Contract, or a row of "
                                      "periods); sheet skipped",
                                      kind="skipped"))
            continue
        used += 1
        sheet_kind.read(sheet.raw, sheet.layout, ReadContext(label, settings, parser, pending, builder, cancelled,
                                                             others, spans))
    if not used and not left_out:
        if all(not any(as_text(c) for row in s.raw.rows for c in row) for s in sheets):
            raise PlanReadError("has no data (every sheet is empty)", file=path)
        unread = next((s for s in sheets if s.raw.unread_formulas), None)
        if unread is not None:  # the header may be a row of formulas nothing calculated: say so first
            first = unread.raw.unread_formulas[0].row
            raise PlanReadError(unread_message(unread.raw.unread_formulas, first), file=path, sheet=unread.raw.name)
        headed = next((s for s in sheets if s.layout.mapping), None)
        if headed is not None:  # a header was found, but no kind of sheet it makes: say what it has
            raise PlanReadError(headed_but_unknown(headed.layout), file=path, sheet=headed.raw.name)
        raise PlanReadError("has no sheet with a recognisable header row (looked for columns such as Name, "
                            "Assignment, FTE, Activity, End of Contract)", file=path)
    return pending


def import_files(paths: Sequence[str | Path], settings: PlanSettings | None = None,
                 layouts: Mapping[str, FileLayouts] | None = None,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> Plan:
    """One plan from several spreadsheets. Raises PlanReadError naming the first bad file."""
    settings = settings or PlanSettings()
    pendings = []
    spans: list[tuple[date, date]] = []
    for index, path in enumerate(paths):
        if progress:
            progress(index / max(len(paths), 1), f"Reading {Path(path).name}")
        pendings.append(_read_file(path, settings, (layouts or {}).get(str(path)), cancelled, spans))
    if cancelled and cancelled():
        raise ImportCancelled()
    if progress:
        progress(0.95, "Matching people across files")
    if settings.context_year is None:
        # Later edits of a date written without a year read it as the import did.
        years = [p.context_year for p in pendings if p.context_year]
        settings = replace(settings, context_year=years[0] if years else None)
    # Write-back finds the spreadsheets again by the names `source` gives them.
    settings = replace(settings, sources={Path(p).name: str(Path(p).resolve()) for p in paths})
    if spans and settings.as_of is None and settings.horizon is None:
        # Period grids speak of their own periods: look at those, not at today.
        first, last = min(s for s, _ in spans), max(e for _, e in spans) - timedelta(days=1)
        settings = replace(settings, as_of=first, horizon=last)
        pendings[0].notes.append(Note(Path(paths[0]).name, "", None, None,
                                      f"plan window set to the periods read: {first.isoformat()} to "
                                      f"{last.isoformat()} (no as-of date was given)"))
    settings = window_of_review([n for p in pendings for n in p.notes], settings)  # a review workbook's own
    plan = assemble(pendings, settings)
    if progress:
        progress(1.0, "Done")
    return plan
