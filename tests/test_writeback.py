"""Writing the plan back into copies of the department's own spreadsheets (issue 17)."""

from __future__ import annotations

import shutil
from copy import copy
from pathlib import Path

import openpyxl
import pytest

from effortplanner.analysis.compare import compare
from effortplanner.core import edits, staffing
from effortplanner.io.importer import import_files
from effortplanner.io.writeback import WriteOptions, write_back
from effortplanner.io.writeback.grid import FILLS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "appendix_ii.xlsx"
MESSY = ROOT / "tests" / "data" / "appendix_ii_messy_libreoffice.xlsx"


def style(cell):
    """A cell's look as plain style objects (openpyxl's proxies do not compare equal to each other)."""
    return (copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment), cell.number_format,
            copy(cell.protection))


def fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill is not None and cell.fill.fill_type == "solid" else ""


def rows_by_duty(ws, column: int = 3) -> dict[str, int]:
    return {str(ws.cell(r, column).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value}


def edited(path: Path, tmp_path: Path):
    """The test's edits: Tyler's duties to Vito, an FTE, a date as a season, a duty added, one removed."""
    source = tmp_path / "in" / path.name
    source.parent.mkdir()
    shutil.copy(path, source)
    plan = import_files([source])
    a = plan.assignments
    tyler, vito = plan.find_person("Tyler"), plan.find_person("Vito")
    paola, michele, filipe = plan.find_person("Paola"), plan.find_person("Michele"), plan.find_person("Filipe")
    staffing.reassign(plan, list(a.index[a.person == tyler]), vito)
    raw2root = a.index[a.duty == "raw2root keep-up"][0]
    edits.set_value(plan, "assignments", raw2root, "fte", 0.3)
    edits.set_value(plan, "people", paola, "contract_end", "late Summer 2016")
    edits.add_rows(plan, "assignments", [{"person": michele, "vo": "DUNE", "duty": "Keep-up for DUNE",
                                          "cadence": "daily"}])
    mc = a.index[(a.person == filipe) & (a.duty == "MC production") & (a.vo == "NOvA FD")][0]
    edits.remove_rows(plan, "assignments", [mc])
    return source, plan


def imported_copies(tmp_path: Path, files: list[Path]):
    """The files copied into a folder of their own and imported together (the originals stay untouched)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    return import_files(sorted(folder.glob("*.xlsx")))


def same_plan(a, b) -> None:
    """People, assignments, dates with certainty and successors as a user sees them."""
    result = compare(a, b, match="content")
    counts = {k: v for k, v in result.counts().items() if v and not k.startswith("flags")}
    assert counts == {}

    def duties(plan):
        p = plan.people["name"]
        return sorted((p.get(r.person, ""), r.vo, r.duty, r.cadence, str(r.start), r.start_certainty, str(r.end),
                       r.end_certainty, p.get(r.successor, ""), r.handover_to, r.fte if r.fte == r.fte else None,
                       bool(r.fte_estimated))
                      for r in plan.assignments.itertuples())

    def people(plan):
        return sorted((r.name, str(r.contract_end), r.contract_end_certainty, str(r.start), r.start_certainty)
                      for r in plan.people.itertuples())

    assert duties(a) == duties(b)
    assert people(a) == people(b)


@pytest.mark.parametrize("original", [SAMPLE, MESSY], ids=["sample", "libreoffice"])
def test_copy_carries_the_changes_in_the_sheets_own_layout(original, tmp_path):
    source, plan = edited(original, tmp_path)
    report = write_back(plan, tmp_path / "out")
    copy_path = tmp_path / "out" / original.name
    assert report.files[0].output == copy_path and copy_path.exists()
    assert source.read_bytes() == original.read_bytes()  # the original is never touched

    before = openpyxl.load_workbook(original).worksheets[0]
    ws = openpyxl.load_workbook(copy_path).worksheets[0]
    header = 3 if original is MESSY else 1
    old, new = rows_by_duty(before), rows_by_duty(ws)

    # Title and header rows: identical in value and style; the FTE column is new, styled like its neighbour.
    for r in range(1, header + 1):
        for c in range(1, 6):
            assert ws.cell(r, c).value == before.cell(r, c).value
            assert style(ws.cell(r, c)) == style(before.cell(r, c))
    assert ws.cell(header, 6).value == "FTE" and style(ws.cell(header, 6)) == style(before.cell(header, 5))

    # Tyler's two duties now close Vito's block: no name, their VO given, marked as moved.
    vito_last = new["OPOS weekly meeting reports. Weekly SCS ops dashboard update"]
    for offset, (duty, vo) in enumerate([("Production Systems Monitoring (daily)", "NOvA"),
                                         ("OFF-line systems monitoring (daily)", "MINERvA")], start=1):
        r = new[duty]
        assert r == vito_last + offset
        assert ws.cell(r, 1).value is None and ws.cell(r, 2).value == vo and ws.cell(r, 4).value is None
        assert fill(ws.cell(r, 3)) == FILLS["moved"] and "Moved from Tyler" in ws.cell(r, 3).comment.text
    # Tyler stays, with his contract end and no duties, the name cell saying where they went.
    tyler = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Tyler")
    assert ws.cell(tyler, 4).value == "June 30th, 2016" and ws.cell(tyler, 3).value is None
    assert "moved to Vito" in ws.cell(tyler, 1).comment.text

    # A changed date keeps its words, an FTE lands in the new column; both highlighted with the old value.
    paola = new["raw2root keep-up (daily) about 2K jobs, 50K files"]
    end = ws.cell(paola, 4)
    assert end.value == "late Summer 2016" and fill(end) == FILLS["changed"]
    assert end.comment.text.startswith("Was: July 31st, 2016")
    assert ws.cell(paola, 6).value == 0.3 and fill(ws.cell(paola, 6)) == FILLS["changed"]

    # The new duty joins Michele's block after her last duty; the removed one is gone.
    added = new["Keep-up for DUNE (daily)"]
    assert added == new["raw2digit"] + 1 and ws.cell(added, 2).value == "DUNE" and ws.cell(added, 1).value is None
    assert fill(ws.cell(added, 3)) == FILLS["added"]
    assert sum(ws.cell(r, 3).value == "MC production (on demand)" for r in range(1, ws.max_row + 1)) == 1

    # Rows of blocks that did not change: every cell identical in value and style.
    for duty in ("reconstruction keep-up (daily) 400 jobs",
                 "Contribution to Monitoring: condor event log and dCache log parsing",
                 "ND MC Reconstruction on AWS - on demand", "raw2digit"):
        for c in range(1, 6):
            o, n = before.cell(old[duty], c), ws.cell(new[duty], c)
            assert (n.value, style(n)) == (o.value, style(o)), (duty, c)
            assert n.comment is None

    # The change summary lists exactly the changes, in the compare view's words.
    summary = openpyxl.load_workbook(copy_path)["Change summary"]
    kinds = sorted(summary.cell(r, 1).value for r in range(4, summary.max_row + 1))
    assert kinds == ["Added", "Changed", "Moved", "Moved", "Person changed", "Removed"]
    lines = [summary.cell(r, 7).value for r in range(4, summary.max_row + 1)]
    assert "'Production Systems Monitoring' (NOvA): Tyler → Vito (0.2 FTE)" in lines

    # Round trip: the copy imports as the plan written, and differs from the original import by the edits.
    back = import_files([copy_path])
    same_plan(plan, back)
    counts = compare(import_files([original]), back, match="content").counts()
    assert {k: counts[k] for k in ("moved", "added", "removed", "changed", "people_changed", "people_added",
                                   "people_removed")} == \
        {"moved": 2, "added": 1, "removed": 1, "changed": 1, "people_changed": 1, "people_added": 0,
         "people_removed": 0}


def test_merged_name_blocks_follow_the_new_layout(tmp_path):
    _source, plan = edited(MESSY, tmp_path)
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / MESSY.name).worksheets[0]
    merges = sorted(str(m) for m in ws.merged_cells.ranges)
    # Filipe lost a row, Tyler kept one, Vito gained two, Michele gained one; Paola and Qiulan are as they were.
    assert merges == sorted(["A1:E1", "A4:A7", "D4:D7", "B4:B5", "A8:A11", "D8:D11", "B8:B9", "B10:B11",
                             "A12:A13", "D12:D13", "A16:A21", "D16:D21", "B16:B17", "B18:B19", "A22:A25",
                             "D22:D25"])
    assert ws["A1"].value == "SCD / OPOS — current assignments (draft 2016-03-30)"


def test_unchanged_plan_gives_a_cell_for_cell_copy(tmp_path):
    plan = import_files([MESSY])
    report = write_back(plan, tmp_path, options=WriteOptions(change_summary=False))
    assert report.files[0].changes == 0
    old, new = openpyxl.load_workbook(MESSY), openpyxl.load_workbook(tmp_path / MESSY.name)
    assert old.sheetnames == new.sheetnames
    for a, b in zip(old.worksheets, new.worksheets):
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert a.max_row == b.max_row and a.max_column == b.max_column
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows()):
            for x, y in zip(row_a, row_b):
                assert (x.value, style(x)) == (y.value, style(y)), x.coordinate
        assert {k: v.width for k, v in a.column_dimensions.items()} == \
            {k: v.width for k, v in b.column_dimensions.items()}


def test_strike_through_keeps_the_removed_row(tmp_path):
    _source, plan = edited(SAMPLE, tmp_path)
    write_back(plan, tmp_path / "out", options=WriteOptions(strike_removed=True))
    ws = openpyxl.load_workbook(tmp_path / "out" / SAMPLE.name).worksheets[0]
    struck = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).font.strike]
    assert [ws.cell(r, 3).value for r in struck] == ["MC production (on demand)"]
    assert fill(ws.cell(struck[0], 3)) == FILLS["removed"] and "Removed" in ws.cell(struck[0], 3).comment.text


def test_successor_written_in_words_and_read_back(tmp_path):
    source = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, source)
    plan = import_files([source])
    a = plan.assignments
    poms = a.index[a.duty == "POMS feedback"][0]
    michele = plan.find_person("Michele")
    edits.set_value(plan, "assignments", poms, "successor", michele)
    edits.set_value(plan, "assignments", poms, "handover_to", "NOvA (experiment)")
    bad = a.index[a.duty == "raw2digit"][0]
    edits.set_value(plan, "assignments", bad, "duty", "=HYPERLINK(\"x\")")
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / SAMPLE.name).worksheets[0]
    row = rows_by_duty(ws)["POMS feedback"]
    assert ws.cell(row, 5).value == "Michele first, then transfer to the experiment"
    formula = next(ws.cell(r, 3) for r in range(2, ws.max_row + 1) if str(ws.cell(r, 3).value).startswith("="))
    assert formula.data_type == "s"  # text stays text, never a formula
    back = import_files([tmp_path / "out" / SAMPLE.name])
    b = back.assignments
    again = b.index[b.duty == "POMS feedback"][0]
    assert back.person_name(b.at[again, "successor"]) == "Michele"


def test_change_log_notes_go_into_the_comments(tmp_path):
    from effortplanner.core.scenarios import ScenarioSet

    source = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, source)
    scenarios = ScenarioSet(import_files([source]))
    scenarios.create("B")
    scenarios.switch("B")
    plan = scenarios.plan
    aid = plan.assignments.index[plan.assignments.duty == "POMS feedback"][0]
    scenarios.record(edits.set_value(plan, "assignments", aid, "vo", "NOvA"), note="POMS is NOvA's now")
    write_back(plan, tmp_path / "out", log=scenarios.log_between("Baseline", "B"))
    ws = openpyxl.load_workbook(tmp_path / "out" / SAMPLE.name).worksheets[0]
    row = rows_by_duty(ws)["POMS feedback"]
    assert ws.cell(row, 2).value == "NOvA"
    assert ws.cell(row, 2).comment.text == "Was: All\nNote: POMS is NOvA's now"


def test_a_text_file_is_not_written_in_place_but_its_data_goes_to_the_review_workbook(tmp_path):
    source = tmp_path / "appendix_ii.csv"
    shutil.copy(ROOT / "tests" / "data" / "appendix_ii.csv", source)
    plan = import_files([source])
    report = write_back(plan, tmp_path / "out")
    assert report.files == [] and "cannot be written back in place" in report.notes[0]
    assert report.review is not None and report.review.exists()
    assert not (tmp_path / "out" / "appendix_ii.csv").exists()


def test_cli_writes_a_scenario_back_and_refuses_missing_sources(tmp_path, capsys):
    from effortplanner.cli import main
    from effortplanner.core.scenarios import ScenarioSet
    from effortplanner.io.planfile import load_plan
    from effortplanner.io.scenario_file import save_scenario_set

    source, plan = edited(SAMPLE, tmp_path)
    scenarios = ScenarioSet(import_files([source]))
    scenarios.create("Tyler to Vito")
    scenarios.switch("Tyler to Vito")
    scenarios[scenarios.active].plan = plan
    save_scenario_set(tmp_path / "p.effortplan", scenarios)
    assert main(["writeback", f"{tmp_path / 'p.effortplan'}#Tyler to Vito", "-o", str(tmp_path / "out")]) == 0
    assert "appendix_ii.xlsx (6 changes)" in capsys.readouterr().out
    same_plan(load_plan(tmp_path / "p.effortplan", "Tyler to Vito"), import_files([tmp_path / "out" / SAMPLE.name]))

    assert main(["writeback", str(tmp_path / "p.effortplan"), "-o", str(source.parent)]) == 2
    assert "choose another folder" in capsys.readouterr().err
    source.unlink()
    assert main(["writeback", str(tmp_path / "p.effortplan"), "-o", str(tmp_path / "again")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'appendix_ii.xlsx' is not found" in err


def test_a_source_changed_since_the_import_is_refused(tmp_path):
    from effortplanner.io.errors import PlanReadError

    source, plan = edited(SAMPLE, tmp_path)
    book = openpyxl.load_workbook(source)
    book.worksheets[0].insert_rows(3)
    book.worksheets[0]["C3"] = "A new duty typed in by hand"
    book.save(source)
    with pytest.raises(PlanReadError, match="changed since the plan was imported"):
        write_back(plan, tmp_path / "out")


def test_a_removed_persons_block_goes(tmp_path):
    source = tmp_path / "in" / MESSY.name
    source.parent.mkdir()
    shutil.copy(MESSY, source)
    plan = import_files([source])
    qiulan = plan.find_person("Qiulan")
    a = plan.assignments
    edits.remove_rows(plan, "assignments", list(a.index[a.person == qiulan]))
    edits.remove_rows(plan, "people", [qiulan], cascade=True)
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / MESSY.name).worksheets[0]
    names = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value]
    assert names == ["Filipe", "Paola", "Tyler", "Vito", "Michele"]
    # Qiulan's two rows and the blank row after them are gone; the blocks below move up whole.
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert ws.max_row == 21 and ws.cell(13, 1).value == "Tyler"
    assert {"A9:A12", "A13:A14", "D13:D14", "A15:A18", "A19:A21"} <= merges and "A12:A13" not in merges
    same_plan(plan, import_files([tmp_path / "out" / MESSY.name]))


def test_the_whole_sample_round_trips_and_the_roster_keeps_its_style(tmp_path, sample_files):
    plan = imported_copies(tmp_path, sample_files)
    a = plan.assignments
    tyler, vito = plan.find_person("Tyler"), plan.find_person("Vito Di Benedetto")
    staffing.reassign(plan, list(a.index[(a.person == tyler) & a.source.str.startswith("appendix")]), vito)
    paola = plan.find_person("Paola Buitrago")
    edits.set_value(plan, "people", paola, "contract_end", "late Summer 2016")
    anna = plan.find_person("Anna Mazzacane")
    edits.set_value(plan, "people", anna, "capacity_fte", 0.8)
    report = write_back(plan, tmp_path / "out")
    assert sorted(f.output.name for f in report.files) == sorted(p.name for p in sample_files)
    roster = openpyxl.load_workbook(tmp_path / "out" / "people.xlsx").worksheets[0]
    assert roster["E5"].value == "late summer 2016"  # the roster writes its seasons in lower case
    assert roster["F2"].value == 0.8 and roster["F2"].number_format == "0%"
    assert "Was: leaving on July 1st 2016" in roster["E5"].comment.text
    appendix = openpyxl.load_workbook(tmp_path / "out" / "appendix_ii.xlsx").worksheets[0]
    assert appendix["D7"].value == "late Summer 2016"  # no season in that column: kept as typed
    same_plan(plan, import_files(sorted((tmp_path / "out").glob("*.xlsx"))))


def test_an_arrival_in_the_contract_column_takes_the_new_start(tmp_path):
    source = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, source)
    plan = import_files([source])
    michele = plan.find_person("Michele")
    edits.set_value(plan, "people", michele, "start", "2016-04-18")
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / SAMPLE.name).worksheets[0]
    assert ws["D20"].value == "Arrives on April 18th, 2016" and ws["D20"].comment.text.startswith(
        "Was: Arrives on April 4th, 2016")
    same_plan(plan, import_files([tmp_path / "out" / SAMPLE.name]))


def test_what_we_do_not_own_is_kept(tmp_path):
    """Title, other sheets, widths, frozen panes, print settings, comments and formulas survive a move."""
    from datetime import datetime

    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Duties"
    ws["A1"] = "Team duties 2016"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["Name", "VO", "Duty", "Contract end", "Disposition", "Length"])
    rows = [("Ann", "NOvA", "Duty A (daily)", datetime(2016, 12, 31), "Transfer to USDC"),
            (None, None, "Duty B (weekly)", None, "Transfer to the experiment"),
            ("Bob", "DUNE", "Duty C (monthly)", datetime(2017, 6, 30), "Transfer to USDC"),
            (None, "All", "Duty D", None, "Transfer to USDC")]
    for r, values in enumerate(rows, start=4):
        ws.append([*values, f"=LEN(C{r})"])
        if values[3] is not None:
            ws.cell(r, 4).number_format = "yyyy-mm-dd"
    ws["C6"].comment = Comment("Bob's own note", "Bob")
    ws.column_dimensions["C"].width = 33
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "3:3"
    other = book.create_sheet("Notes")
    other["A1"] = "=Duties!C4"
    source = tmp_path / "team.xlsx"
    book.save(source)

    plan = import_files([source])
    a = plan.assignments
    duty_b = a.index[a.duty == "Duty B"][0]
    staffing.reassign(plan, [duty_b], plan.find_person("Bob"))
    edits.set_value(plan, "people", plan.find_person("Ann"), "contract_end", "2017-03-31")
    write_back(plan, tmp_path / "out")

    copy_book = openpyxl.load_workbook(tmp_path / "out" / "team.xlsx")
    assert copy_book.sheetnames == ["Duties", "Notes", "Change summary"]
    out = copy_book["Duties"]
    assert out["A1"].value == "Team duties 2016" and out["A1"].font.b and "A1:F1" in map(str, out.merged_cells.ranges)
    assert out.column_dimensions["C"].width == 33 and out.freeze_panes == "A4"
    assert out.page_setup.orientation == "landscape" and out.print_title_rows == "$3:$3"
    assert copy_book["Notes"]["A1"].value == "=Duties!C4"
    # Ann's contract end stays a real date; Duty B now closes Bob's block; formulas follow their rows.
    assert out["D4"].value == datetime(2017, 3, 31) and out["D4"].number_format == "yyyy-mm-dd"
    assert [out.cell(r, 3).value for r in range(4, 8)] == ["Duty A (daily)", "Duty C (monthly)", "Duty D",
                                                         "Duty B (weekly)"]
    assert [out.cell(r, 6).value for r in range(4, 8)] == ["=LEN(C4)", "=LEN(C5)", "=LEN(C6)", "=LEN(C7)"]
    assert out["B7"].value == "NOvA" and out["A7"].value is None
    assert out["C5"].comment.text == "Bob's own note"  # comments travel with their cells
    same_plan(plan, import_files([tmp_path / "out" / "team.xlsx"]))


def test_a_merged_disposition_split_by_a_move_keeps_its_words(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Name", "VO", "Duty", "Contract end", "Disposition"])
    ws.append(["Ann", "NOvA", "Duty A", "July 31st, 2016", "Transfer to USDC"])
    ws.append([None, None, "Duty B", None, None])
    ws.append(["Bob", "DUNE", "Duty C", "Permanent position", "Transfer to the experiment"])
    ws.merge_cells("E2:E3")
    source = tmp_path / "merged.xlsx"
    book.save(source)
    plan = import_files([source])
    a = plan.assignments
    staffing.reassign(plan, [a.index[a.duty == "Duty A"][0]], plan.find_person("Bob"))
    write_back(plan, tmp_path / "out")
    out = openpyxl.load_workbook(tmp_path / "out" / "merged.xlsx").active
    assert [out.cell(r, 3).value for r in range(2, 6)] == ["Duty B", "Duty C", "Duty A", None]
    assert [out.cell(r, 5).value for r in range(2, 5)] == ["Transfer to USDC", "Transfer to the experiment",
                                                         "Transfer to USDC"]
    assert not out.merged_cells.ranges
    same_plan(plan, import_files([tmp_path / "out" / "merged.xlsx"]))


def test_values_take_the_form_their_column_uses():
    from datetime import date, datetime

    from effortplanner.io.writeback.render import DateStyle, date_cell, fraction_cell

    words = DateStyle(["July 31st, 2016", "April 1st, 2016", "July, 21st 2017", "leaving Spring 2017?"])
    assert date_cell(words, date(2016, 8, 15), "2016-08-15", "exact") == "August 15th, 2016"
    assert date_cell(words, date(2016, 8, 15), "2016-08-15", "exact", "July, 21st 2017") == "August, 15th 2016"
    assert date_cell(words, date(2016, 9, 30), "late summer 2016", "approximate") == "late Summer 2016"
    assert date_cell(words, date(2017, 6, 30), "2017-06-30", "uncertain") == "June 30th, 2017?"
    assert date_cell(words, None, "Permanent position", "exact") == "Permanent position"
    real = DateStyle([datetime(2016, 1, 1), datetime(2017, 1, 1)])
    assert date_cell(real, date(2016, 8, 15), "Aug 15 2016", "exact") == datetime(2016, 8, 15)
    assert date_cell(real, date(2016, 8, 31), "late summer 2016", "approximate") == "late summer 2016"
    assert fraction_cell(0.3, "20%") == "30%" and fraction_cell(0.3, 20) == 30 and fraction_cell(0.3, 0.2) == 0.3


def test_a_flat_duty_list_names_every_row(tmp_path):
    """new_assignments.xlsx gives the name on every row: a moved duty gets its new owner's name."""
    source = tmp_path / "new_assignments.xlsx"
    shutil.copy(ROOT / "sample_data" / "new_assignments.xlsx", source)
    plan = import_files([source])
    a = plan.assignments
    anna, vito = plan.find_person("Anna Mazzacane"), plan.find_person("Vito Di Benedetto")
    staffing.reassign(plan, [a.index[a.duty == "CI project management"][0]], vito)
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / source.name).active
    names = [ws.cell(r, 1).value for r in range(2, 9)]
    duties = [ws.cell(r, 4).value for r in range(2, 9)]
    assert names == ["Anna Mazzacane"] * 2 + ["Vito Di Benedetto"] * 4 + ["Felipe Alba"]
    assert duties[5] == "CI project management" and fill(ws.cell(7, 4)) == FILLS["moved"]
    assert ws.cell(7, 7).value == "Summer 2016" and ws.cell(7, 2).value == "USDC"  # the duty's own cells travel
    assert plan.person_name(anna) == "Anna Mazzacane"
    same_plan(plan, import_files([tmp_path / "out" / source.name]))


def test_activity_and_milestone_tables_are_written_cell_by_cell(tmp_path, sample_files):
    plan = imported_copies(tmp_path, sample_files)
    acts, stones = plan.activities, plan.milestones
    profiling = acts.index[acts.name == "Application profiling"][0]
    edits.set_value(plan, "activities", profiling, "fte_required", 0.4)
    step5 = stones.index[stones.name == "Anna becomes POMS project manager"][0]
    edits.set_value(plan, "milestones", step5, "date", "early Summer 2016")
    step12 = stones.index[stones.name == "Transfer CMS group under USDC"][0]
    edits.remove_rows(plan, "milestones", [step12])
    edits.add_rows(plan, "milestones", [{"name": "Review the plan with the Division", "date": "October 2016"}])
    report = write_back(plan, tmp_path / "out")
    counts = {f.output.name: f.changes for f in report.files}
    assert counts["activities.xlsx"] == 1 and counts["ramp_down.xlsx"] == 3
    activities = openpyxl.load_workbook(tmp_path / "out" / "activities.xlsx").active
    assert activities["C3"].value == 0.4 and activities["C3"].comment.text.startswith("Was: 0.3")
    ramp = openpyxl.load_workbook(tmp_path / "out" / "ramp_down.xlsx").active
    assert ramp["D6"].value == "early Summer 2016" and fill(ramp["D6"]) == FILLS["changed"]
    steps = [ramp.cell(r, 2).value for r in range(2, ramp.max_row + 1)]
    assert "Transfer CMS group under USDC" not in steps and steps[-1] == "Review the plan with the Division"
    assert ramp.cell(ramp.max_row, 4).value == "October 2016" and fill(ramp.cell(ramp.max_row, 2)) == FILLS["added"]
    back = import_files(sorted((tmp_path / "out").glob("*.xlsx")))
    assert sorted(back.milestones["name"]) == sorted(plan.milestones["name"])
    assert sorted(map(str, back.milestones["date"])) == sorted(map(str, plan.milestones["date"]))
    assert back.activities.set_index("name")["fte_required"].to_dict() == \
        plan.activities.set_index("name")["fte_required"].to_dict()


def test_control_characters_typed_into_a_duty_are_dropped_not_fatal(tmp_path):
    source = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, source)
    plan = import_files([source])
    aid = plan.assignments.index[plan.assignments.duty == "POMS feedback"][0]
    edits.set_value(plan, "assignments", aid, "duty", "POMS\x01 feedback\x07 and support")
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / SAMPLE.name).active
    assert ws["C9"].value == "POMS feedback and support"


def test_an_fte_goes_to_the_column_that_says_whether_it_is_an_estimate(tmp_path):
    source = tmp_path / "new_assignments.xlsx"
    shutil.copy(ROOT / "sample_data" / "new_assignments.xlsx", source)
    plan = import_files([source])
    a = plan.assignments
    poms = a.index[a.duty == "POMS project management and deployment"][0]  # 0.2 in "FTE (estimate)"
    training = a.index[a.duty.str.startswith("Framework to train")][0]  # 0.5 in "FTE"
    edits.set_value(plan, "assignments", poms, "fte", 0.3)
    edits.set_values(plan, [("assignments", training, "fte", 0.4), ("assignments", training, "fte_estimated", True)])
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / source.name).active
    assert (ws["E3"].value, ws["F3"].value) == (None, 0.3)
    assert (ws["E2"].value, ws["F2"].value) == (None, 0.4) and ws["E2"].comment.text.startswith("Was: 0.5")
    same_plan(plan, import_files([tmp_path / "out" / source.name]))


def test_a_renamed_person_is_renamed_on_their_block(tmp_path):
    source = tmp_path / MESSY.name
    shutil.copy(MESSY, source)
    plan = import_files([source])
    edits.set_value(plan, "people", plan.find_person("Tyler"), "name", "Tyler Propp")
    write_back(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out" / MESSY.name).active
    assert ws["A16"].value == "Tyler Propp" and ws["A16"].comment.text == "Was: Tyler"
    assert "A16:A17" in {str(m) for m in ws.merged_cells.ranges}  # the block did not change shape
    same_plan(plan, import_files([tmp_path / "out" / MESSY.name]))
