"""`effortplanner export` and `convert`: review workbooks, plan files and CSV from the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from effortplanner.cli import main
from effortplanner.io.importer import import_files
from effortplanner.io.planfile import load_plan, save_plans

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
FILES = [str(p) for p in sorted(SAMPLE.glob("*.xlsx"))]


def test_export_writes_the_whole_review_workbook(tmp_path: Path, capsys) -> None:
    out = tmp_path / "review.xlsx"
    assert main(["export", *FILES, "-o", str(out), "--as-of", "2016-03-30"]) == 0
    assert "42 flags, as of 2016-03-30" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "People", "Assignments", "Activities", "Milestones", "Flags", "Load",
                               "Notes"]
    summary = book["Summary"]
    assert summary["A1"].value == "Effort Planner review: " + ", ".join(Path(f).name for f in FILES)
    assert summary._charts, "the committed-vs-capacity chart is on the Summary sheet"
    flags = book["Flags"]
    assert [c.value for c in flags[1]][:3] == ["Severity", "Kind", "Person"]
    assert flags["A2"].value == "error" and flags["A2"].fill.fgColor.rgb.endswith("F8CBAD")
    load = book["Load"]
    michele = next(r for r in range(2, load.max_row + 1) if load.cell(r, 2).value == "Michele Fattoruso")
    assert load.cell(michele, 3).value == 1.0  # capacity beside the months
    over = [c for c in load[michele][3:] if c.value and c.value > 1.0]
    assert over and all(c.number_format == "0%" for c in over)
    # Over capacity red, under half pale: conditional formats against the Capacity column, so the
    # colours follow numbers a reviewer changes in Excel.
    rules = [(str(rng.sqref), rule) for rng in load.conditional_formatting for rule in rng.rules]
    red = [(ref, r) for ref, r in rules if r.dxf.fill is not None and str(r.dxf.fill.bgColor.rgb).endswith("F4B183")]
    assert red and any(f"{over[0].coordinate}" in _cells(ref) for ref, _ in red)
    assert all(">$C" in r.formula[0] for _, r in red)
    assert any("<0.5*$C" in r.formula[0] for _, r in rules)
    assert load.cell(load.max_row, 2).value == "Department total (FTE)"
    back = import_files([out])  # the computed sheets are not read back as data
    assert back.counts() == {"people": 19, "assignments": 35, "activities": 6, "milestones": 14}


def _cells(ref: str) -> set[str]:
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.utils import get_column_letter

    out: set[str] = set()
    for part in ref.split():
        low_col, low_row, high_col, high_row = range_boundaries(part)
        out |= {f"{get_column_letter(c)}{r}" for c in range(low_col, high_col + 1)
                for r in range(low_row, high_row + 1)}
    return out


def test_convert_to_a_plan_file_then_export_a_scenario(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.effortplan"
    assert main(["convert", *FILES, "-o", str(plan_path)]) == 0
    base = load_plan(plan_path)
    other = base.copy()
    from effortplanner.core import edits, staffing

    staffing.reassign(other, ["A12", "A13"], "Vito Di Benedetto")
    save_plans(plan_path, {"Baseline": base, "Tyler to Vito": other})
    out = tmp_path / "scenario.xlsx"
    assert main(["export", str(plan_path), "--scenario", "Tyler to Vito", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["Assignments"]
    people = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)}
    assert people["A12"] == people["A13"] == "Vito Di Benedetto"
    assert main(["export", f"{plan_path}#Tyler to Vito", "-o", str(tmp_path / "b.xlsx")]) == 0
    # A scenario's workbook says so: in its title, on the Summary and in every sheet's header.
    label = "Scenario: Tyler to Vito — not the baseline"
    for path in (out, tmp_path / "b.xlsx"):
        book = openpyxl.load_workbook(path)
        assert label in book["Summary"]["A1"].value and book["Summary"]["D3"].value == label
        assert book.properties.subject == label
        assert all(label in sheet.oddHeader.left.text for sheet in book.worksheets)
    assert main(["export", f"{plan_path}#Baseline", "-o", str(tmp_path / "c.xlsx")]) == 0
    baseline = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert "Scenario" not in baseline["Summary"]["A1"].value
    assert not any((sheet.oddHeader.left.text or "") for sheet in baseline.worksheets)


def test_convert_to_a_csv_folder(tmp_path: Path) -> None:
    assert main(["convert", FILES[1], "-o", str(tmp_path / "csv")]) == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "activities.csv", "assignments.csv", "milestones.csv", "people.csv"]


def test_show_and_check_accept_plan_files(tmp_path: Path, capsys) -> None:
    plan_path = tmp_path / "plan.effortplan"
    assert main(["convert", *FILES, "-o", str(plan_path)]) == 0
    capsys.readouterr()
    assert main(["check", str(plan_path), "--as-of", "2016-03-30"]) == 1
    assert "Felipe Alba leaves around 2017-08-31" in capsys.readouterr().out
    assert main(["show", str(plan_path)]) == 0
    assert "People (19)" in capsys.readouterr().out


@pytest.mark.parametrize("target", ["missing/review.xlsx", "review.txt"])
def test_an_output_that_cannot_be_written_exits_2_with_one_line(tmp_path: Path, capsys, target: str) -> None:
    assert main(["export", FILES[1], "-o", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert not any(tmp_path.rglob("*.xlsx"))


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path, capsys, monkeypatch) -> None:
    import effortplanner.io.atomic as atomic

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    assert main(["export", FILES[1], "-o", str(tmp_path / "r.xlsx")]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["convert", FILES[1], "-o", str(tmp_path / "r.xlsx")]) == 2
    assert list(tmp_path.iterdir()) == []


def test_unknown_scenario_is_a_clear_error(tmp_path: Path, capsys) -> None:
    plan_path = tmp_path / "plan.effortplan"
    main(["convert", FILES[1], "-o", str(plan_path)])
    assert main(["export", str(plan_path), "--scenario", "Nope", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "has no scenario 'Nope' (it has: Baseline)" in capsys.readouterr().err
