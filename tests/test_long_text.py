"""A 40,000-character duty: whole in the plan file, cut with a visible mark and a comment in every workbook we
write (Excel cells hold at most 32,767 characters; XlsxWriter would cut silently, openpyxl would write a file
Excel refuses)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from effortplanner.analysis.compare import compare
from effortplanner.core import edits
from effortplanner.io.cell_limits import EXCEL_CELL_CHARS, fit_cell
from effortplanner.io.compare_workbook import export_comparison
from effortplanner.io.importer import import_files
from effortplanner.io.planfile import load_plan, save_plan
from effortplanner.io.review import write_review
from effortplanner.io.writeback import write_back

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "appendix_ii.xlsx"
LONG = "Keep-up " + "".join(f"step {i}; " for i in range(5_000))
LONG = LONG[:40_000]


def _cut_cells(path: Path) -> list:
    book = openpyxl.load_workbook(path)
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if isinstance(cell.value, str) and "[cut: the text has 40,000 characters" in cell.value]


def _long_plan(tmp_path: Path):
    source = tmp_path / "in" / SAMPLE.name
    source.parent.mkdir()
    shutil.copy(SAMPLE, source)
    plan = import_files([source])
    aid = plan.assignments.index[plan.assignments.duty == "POMS feedback"][0]
    edits.set_value(plan, "assignments", aid, "duty", LONG)
    return plan


def _check(cells: list) -> None:
    assert cells, "no cell carries the cut mark"
    for cell in cells:
        assert len(cell.value) <= EXCEL_CELL_CHARS
        assert cell.value.startswith(LONG[:30_000])
        assert cell.comment is not None and "40,000 characters" in cell.comment.text


def test_fit_cell_counts_utf16_units_and_leaves_short_text_alone() -> None:
    assert fit_cell("short") == ("short", None)
    exact = "x" * EXCEL_CELL_CHARS
    assert fit_cell(exact) == (exact, None)
    wide = "😀" * 20_000  # two UTF-16 units each: 40,000 units
    text, length = fit_cell(wide)
    assert length == 20_000 and len(text.encode("utf-16-le")) // 2 <= EXCEL_CELL_CHARS
    assert text.endswith("more than a spreadsheet cell holds]")


def test_the_plan_file_keeps_the_whole_text_and_the_review_workbook_marks_the_cut(tmp_path) -> None:
    plan = _long_plan(tmp_path)
    save_plan(tmp_path / "p.effortplan", plan)
    assert LONG in set(load_plan(tmp_path / "p.effortplan").assignments["duty"])
    write_review(tmp_path / "review.xlsx", plan)
    _check(_cut_cells(tmp_path / "review.xlsx"))


def test_the_comparison_workbook_marks_the_cut(tmp_path) -> None:
    plan = _long_plan(tmp_path)
    base = import_files([tmp_path / "in" / SAMPLE.name])
    export_comparison(tmp_path / "compare.xlsx", compare(base, plan, match="id"))
    _check(_cut_cells(tmp_path / "compare.xlsx"))


def test_a_written_back_copy_marks_the_cut(tmp_path) -> None:
    plan = _long_plan(tmp_path)
    write_back(plan, tmp_path / "out")
    _check(_cut_cells(tmp_path / "out" / SAMPLE.name))
