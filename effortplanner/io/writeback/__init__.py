"""Write the plan back into copies of the spreadsheets it was imported from.

    report = write_back(plan, "out/", plan_file="plan.effortplan", log=scenarios.log_between(...))

For each source file a copy is written into the output folder (never over the
original): cells whose value the plan changed get the new value in the sheet's own
form, a fill and a comment with the old value; duties move between person blocks, new
ones join their person's block, removed ones go (or are struck through); a "Change
summary" sheet lists every change. Sheets or files that cannot be written in place
are named in the report, and their data goes to a review workbook beside the copies.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from effortplanner.core.plan import Plan
from effortplanner.core.scenarios import LogEntry
from effortplanner.io.atomic import atomic_write
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.layout_edits import SKIP
from effortplanner.io.writeback.duties import DutySheet
from effortplanner.io.writeback.fields import Diff
from effortplanner.io.writeback.sheet import TABLE_OF_KIND, FlatSheet, SheetResult, SheetSource
from effortplanner.io.writeback.sources import EDITABLE, find_sources, imported_again, sheet_sources
from effortplanner.io.writeback.summary import add_summary, summary_rows

__all__ = ["WriteOptions", "WriteReport", "WrittenFile", "write_back"]
REVIEW_NAME = "review (not written back).xlsx"


@dataclass(frozen=True)
class WriteOptions:
    strike_removed: bool = False  # keep removed duties, struck through, instead of deleting their rows
    change_summary: bool = True  # add the "Change summary" sheet at the end of each copy


@dataclass
class WrittenFile:
    source: Path
    output: Path
    sheets: list[SheetResult] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(s.count for s in self.sheets)


@dataclass
class WriteReport:
    files: list[WrittenFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be written in place, columns added
    review: Path | None = None  # the review workbook written for data not written back

    def describe(self) -> str:
        lines = [f"Wrote {f.output} ({f.changes} change{'s' if f.changes != 1 else ''})" for f in self.files]
        lines += [f"Note: {n}" for n in self.notes]
        if self.review is not None:
            lines.append(f"Wrote {self.review} (the plan's data for what could not be written back)")
        return "\n".join(lines)


Progress = Callable[[float, str], None]


def write_back(plan: Plan, out_dir: str | Path, *, plan_file: str | Path | None = None,
               options: WriteOptions = WriteOptions(), log: Sequence[tuple[str, LogEntry]] = (),
               progress: Progress | None = None) -> WriteReport:
    """Write a copy of each source spreadsheet with the plan's values (see the module docstring)."""
    out = Path(out_dir)
    paths = find_sources(plan, plan_file)
    if progress:
        progress(0.05, "Reading the source spreadsheets again")
    base = imported_again(plan, paths)
    diff = Diff.with_log(base, plan, list(log), strike=options.strike_removed)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanWriteError(f"cannot create the folder ({exc.strerror or exc})", file=out) from None
    for path in paths:
        if (out / path.name).resolve() == path.resolve():
            raise PlanWriteError(f"holds the original {path.name}; choose another folder for the copies", file=out)
    sheets = {path: sheet_sources(path, base) if path.suffix.lower() in EDITABLE else [] for path in paths}
    placement = _placement(diff, sheets)
    comparison = None
    if options.change_summary:
        from effortplanner.analysis.compare import compare  # noqa: PLC0415 (analysis only when asked)

        comparison = compare(base, plan, match="id", base_label="as imported", other_label="as written")
    report = WriteReport()
    not_written = False
    for index, path in enumerate(paths):
        if progress:
            progress(0.1 + 0.85 * index / len(paths), f"Writing {path.name}")
        if path.suffix.lower() not in EDITABLE:
            report.notes.append(f"{path.name}: a {path.suffix or 'text'} file cannot be written back in place "
                                "(only .xlsx and .xlsm); its data is in the review workbook")
            not_written = True
            continue
        written, skipped = _write_file(path, out / path.name, sheets[path], diff, placement, comparison)
        report.files.append(written)
        report.notes.extend(n for s in written.sheets for n in s.notes)
        report.notes.extend(skipped)
        not_written = not_written or bool(skipped)
    if not_written:
        from effortplanner.io.review_report import export_review  # noqa: PLC0415

        report.review = out / REVIEW_NAME
        export_review(report.review, plan, title="written back")
    if progress:
        progress(1.0, "Done")
    return report


def _placement(diff: Diff, sheets: dict[Path, list]) -> dict[tuple[str, str], list[str]]:
    """Which sheet each new record goes to: a new duty to the sheet holding most of its person's duties."""
    plan, base = diff.plan, diff.base
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for path, pairs in sheets.items():
        for sheet, source in pairs:
            if source is not None and path.suffix.lower() in EDITABLE:
                by_kind.setdefault(TABLE_OF_KIND[sheet.layout.kind], []).append((source.label, source.sheet))
    out: dict[tuple[str, str], list[str]] = {}
    duty_sheets = by_kind.get("assignments", [])
    if duty_sheets:
        homes: dict[object, Counter[tuple[str, str]]] = {}
        for aid, person, src in zip(plan.assignments.index, plan.assignments["person"], plan.assignments["source"]):
            if aid in base.assignments.index:
                label, _, rest = str(src).partition(":")
                key = (label, rest.rpartition(":")[0])
                if key in duty_sheets:
                    homes.setdefault(person, Counter())[key] += 1
        for aid, person in zip(plan.assignments.index, plan.assignments["person"]):
            if aid not in base.assignments.index:
                home = homes.get(person)
                out.setdefault(home.most_common(1)[0][0] if home else duty_sheets[0], []).append(aid)
    for table in ("people", "activities", "milestones"):
        targets = by_kind.get(table, [])
        new = [i for i in plan.tables[table].index if i not in base.tables[table].index]
        if targets and new:
            out.setdefault(targets[0], []).extend(new)
    return out


def _write_file(path: Path, target: Path, pairs: list, diff: Diff, placement: dict[tuple[str, str], list[str]],
                comparison: object) -> tuple[WrittenFile, list[str]]:
    try:
        book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise PlanReadError(f"cannot be opened for writing back ({exc})", file=path) from None
    written = WrittenFile(path, target)
    skipped: list[str] = []
    for sheet, source in pairs:
        if source is None:
            if sheet.layout.kind not in ("unknown", SKIP) and any(any(str(c).strip() for c in row)
                                                                 for row in sheet.raw.rows):
                skipped.append(f"{path.name}, sheet {sheet.raw.name!r}: a {sheet.layout.kind} sheet cannot be "
                               "written back in place; its data is in the review workbook")
            continue
        ws = book[sheet.raw.name] if sheet.raw.name in book.sheetnames else None
        if ws is None:
            skipped.append(f"{path.name}, sheet {sheet.raw.name!r}: not found when opened for writing; "
                           "its data is in the review workbook")
            continue
        written.sheets.append(_write_sheet(ws, source, diff, placement))
    if comparison is not None:
        rows = summary_rows(comparison, written.sheets, diff)  # type: ignore[arg-type]
        add_summary(book, rows, f"Changes written back into {path.name} by Effort Planner")
    atomic_write(target, book.save)
    return written, skipped


def _write_sheet(ws: object, source: SheetSource, diff: Diff, placement: dict[tuple[str, str], list[str]]) -> SheetResult:
    table = TABLE_OF_KIND[source.layout.kind]
    new_here = [i for i in placement.get((source.label, source.sheet), [])
                if i in diff.plan.tables[table].index]
    if table == "assignments":
        return DutySheet(ws, source, diff, new_here).write()
    return FlatSheet(ws, source, diff, table, new_here).write()
