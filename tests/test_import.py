"""Importing the spreadsheets departments really keep."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from effortplanner.io.errors import PlanReadError
from effortplanner.io.headers import detect_layout, relabel_for_kind
from effortplanner.io.importer import import_files, inspect_file

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
APPENDIX_LAYOUTS = [SAMPLE / "appendix_ii.xlsx", DATA / "appendix_ii_messy_openpyxl.xlsx",
                    DATA / "appendix_ii_messy_libreoffice.xlsx", DATA / "appendix_ii_messy.ods",
                    DATA / "appendix_ii.csv", DATA / "appendix_ii_semicolon.csv"]


def _duties(plan) -> list[tuple[str, str, str, str]]:
    a = plan.assignments
    return [(plan.person_name(p), vo, duty, cad) for p, vo, duty, cad in zip(a["person"], a["vo"], a["duty"], a["cadence"])]


@pytest.mark.parametrize("path", APPENDIX_LAYOUTS, ids=lambda p: p.name)
def test_appendix_ii_reads_the_same_in_every_layout(path: Path) -> None:
    plan = import_files([path])
    people = plan.people.set_index("name")
    assert list(people.index) == ["Filipe", "Paola", "Qiulan", "Tyler", "Vito", "Michele"]
    ends = {n: (None if pd.isna(d) else d.date().isoformat()) for n, d in people["contract_end"].items()}
    assert ends == {"Filipe": "2017-07-21", "Paola": "2016-07-31", "Qiulan": "2016-04-01", "Tyler": "2016-06-30",
                    "Vito": None, "Michele": None}
    assert people.at["Vito", "contract_end_text"] == "Permanent position"
    assert people.at["Vito", "contract_end_certainty"] == "exact"  # known to be open-ended
    assert people.at["Michele", "start"] == pd.Timestamp("2016-04-04")
    assert people.at["Michele", "contract_end_text"] == ""  # an arrival is not an end
    duties = _duties(plan)
    assert len(duties) == 19
    assert duties[:5] == [("Filipe", "NOvA FD", "Stage data from tape to dCache", "monthly"),
                          ("Filipe", "NOvA FD", "MC production", "on demand"),
                          ("Filipe", "NOvA FD", "Backprocessing", "on demand"),
                          ("Filipe", "MINERvA", "MC production", "on demand"),
                          ("Filipe", "MINOS+", "Keepup for MINOS+", "daily")]
    assert ("Vito", "NOvA", "Daily monitoring and scan of the offsites accepting jobs.", "daily") in duties
    assert ("Vito", "All", "OPOS weekly meeting reports. Weekly SCS ops dashboard update", "weekly") in duties
    assert ("Michele", "LArIAT", "raw2digit", "") in duties
    raw2root = plan.assignments[plan.assignments["duty"] == "raw2root keep-up"].iloc[0]
    assert raw2root["volume"] == "about 2K jobs, 50K files"


def test_successors_and_handovers_come_from_the_fy17_column() -> None:
    plan = import_files([SAMPLE / "appendix_ii.xlsx"])
    a = plan.assignments
    by_duty = {d: row for d, row in zip(a["duty"], a.to_dict("records"))}
    keepup = by_duty["reconstruction keep-up"]
    # "Felipe" is named only here; the one similar name in the sheet is Filipe: taken, with a warning.
    assert plan.person_name(keepup["successor"]) == "Filipe" and keepup["handover_to"] == "NOvA (experiment)"
    assert any(n.kind == "warning" and n.row == 11 and "'Felipe', named as successor, read as 'Filipe'" in n.message
               for n in plan.notes)
    assert keepup["disposition"] == "Felipe first, then transfer to the experiment"
    # "Will pick up Paola's assignments." on Michele's row: Michele succeeds Paola on each of her duties.
    paola = a[a["person"] == plan.find_person("Paola")]
    assert len(paola) == 4 and set(plan.person_name(s) for s in paola["successor"]) == {"Michele"}
    assert by_duty["POMS feedback"]["handover_to"] == "USDC"
    assert by_duty["Contribution to Monitoring: condor event log and dCache log parsing"]["successor"] is None
    assert "ops report" in by_duty["OPOS weekly meeting reports. Weekly SCS ops dashboard update"]["notes"]


def test_every_judgement_is_a_located_note() -> None:
    plan = import_files([DATA / "appendix_ii_messy_openpyxl.xlsx"])
    messages = [(n.kind, n.file, n.sheet, n.row, n.column, n.message) for n in plan.notes]
    assert any(k == "info" and r == 3 and "header in row 3" in m for k, _, _, r, _, m in messages)
    assert any("merged cells A4:A8 read as 'Filipe'" in m and c == "Staff member" for _, _, _, _, c, m in messages)
    assert any(k == "warning" and "read as 'Filipe'" in m and r == 13 for k, _, _, r, _, m in messages)
    layout = relabel_for_kind(detect_layout("x", [["SCD / OPOS — current assignments"], [],
                                                 ["Staff member", "Experiment", "Duty", "Contract ends", "Plan for FY17"]]))
    assert layout.header_row == 2 and layout.kind == "duties"
    assert list(layout.mapping.values()) == ["name", "vo", "duty", "contract_end", "disposition"]


def test_inspect_file_reports_kind_and_mapping_for_the_import_dialog() -> None:
    [sheet] = inspect_file(SAMPLE / "activities.xlsx")
    assert sheet.layout.kind == "activities"
    assert sheet.layout.mapping == {0: "number", 1: "activity", 2: "fte_required", 3: "interns_required",
                                    4: "group", 5: "notes"}
    assert "FTE/activity table" in sheet.describe()


def test_roster_capacity_placeholders_and_context_year(seed_plan) -> None:
    people = seed_plan.people.set_index("name")
    assert people.at["Taylor Propp", "capacity_fte"] == pytest.approx(0.2)
    assert people.at["Anna Mazzacane", "capacity_fte"] == pytest.approx(1.0)
    assert people.loc[people["placeholder"]].index.tolist() == [
        "A2 Associate (CI development)", "A2 Associate (Monitoring)", "Associate for CI and Monitoring"]
    assert people.at["Michele Fattoruso", "contract_end_certainty"] == "uncertain"
    # "leaving on July 1st" has no year: the roster speaks of 2016, and a note says so.
    assert people.at["Juan Morales", "contract_end"] == pd.Timestamp("2016-07-01")
    assert people.at["Juan Morales", "contract_end_certainty"] == "approximate"
    assert any(n.kind == "warning" and "year 2016 taken from context" in n.message and n.row == 8
               for n in seed_plan.notes)


def test_people_merge_across_files_and_aliases_are_kept_apart(seed_plan) -> None:
    names = seed_plan.people["name"].tolist()
    assert "Paola" not in names and "Vito" not in names and "Michele" not in names  # short forms merged
    assert "Filipe" in names and "Felipe Alba" in names  # near spelling: both kept...
    alias_notes = [n for n in seed_plan.notes if n.kind == "alias"]
    assert {frozenset(seed_plan.person_name(x) for x in (n.person, n.value)) for n in alias_notes} == {
        frozenset(("Felipe Alba", "Filipe")), frozenset(("Taylor Propp", "Tyler"))}  # ...and reported
    merges = [n.message for n in seed_plan.notes if n.kind == "merge"]
    assert "'Paola' read as 'Paola Buitrago' (the only person of that first name)" in merges
    # The successor "Felipe" in Appendix II is Felipe Alba of the roster.
    keepup = seed_plan.assignments[seed_plan.assignments["duty"] == "reconstruction keep-up"].iloc[0]
    assert seed_plan.person_name(keepup["successor"]) == "Felipe Alba"
    paola = seed_plan.people.index[seed_plan.people["name"] == "Paola Buitrago"][0]
    conflicts = [n for n in seed_plan.notes if n.kind == "conflict" and n.person == paola]
    assert len(conflicts) == 1 and conflicts[0].field == "contract_end" and conflicts[0].value == "July 31st, 2016"


def test_activity_table_total_row_is_a_stated_total_and_links_resolve(seed_plan) -> None:
    activities = seed_plan.activities
    assert len(activities) == 6 and "Total" not in activities["name"].tolist()
    assert activities["fte_required"].sum() == pytest.approx(1.65)
    totals = {n.field: n.value for n in seed_plan.notes if n.kind == "total"}
    assert totals == {"fte_required": "1.7", "interns_required": "3"}
    linked = seed_plan.assignments.dropna(subset=["activity"])
    assert len(linked) >= 8 and set(linked["activity"]) <= set(activities.index)
    estimated = seed_plan.assignments[seed_plan.assignments["fte_estimated"]]
    assert len(estimated) > 0 and estimated["fte"].notna().all()


def test_milestones_with_fuzzy_dates_and_owners(seed_plan) -> None:
    m = seed_plan.milestones
    assert len(m) == 14
    poms = m[m["name"].str.startswith("Anna becomes POMS")].iloc[0]
    assert poms["date_text"] == "late Spring 2016" and poms["date_certainty"] == "approximate"
    assert seed_plan.person_name(poms["owner"]) == "Anna Mazzacane"
    assert m["date"].notna().sum() == 7


def test_bad_values_keep_their_text_and_the_rest_imports() -> None:
    plan = import_files([DATA / "bad" / "bad_values.xlsx"])
    a = plan.assignments
    assert len(a) == 5
    marked = {k for inv in a["invalid"] if inv for k in inv}
    assert marked == {"fte"}
    lots = a[a["invalid"].map(lambda d: bool(d) and "lots" in d.get("fte", ""))].iloc[0]
    assert pd.isna(lots["fte"]) and "FTE as written: lots" in lots["notes"]
    people_invalid = {k: v for inv in plan.people["invalid"] if inv for k, v in inv.items()}
    assert "contract_end" in people_invalid and "soon" in people_invalid["contract_end"]
    soon = plan.people[plan.people["invalid"].notna()].iloc[0]
    assert soon["contract_end_text"] == "soon" and soon["contract_end_certainty"] == "unknown"
    invalid_notes = [n for n in plan.notes if n.kind == "invalid"]
    assert {n.column for n in invalid_notes} == {"FTE", "End of Contract"}
    assert all(n.row is not None and n.sheet for n in invalid_notes)


@pytest.mark.parametrize(("name", "message"), [
    ("not_a_spreadsheet.xlsx", "is not a spreadsheet"),
    ("truncated.xlsx", "is damaged or incomplete"),
    ("password.xlsx", "is password-protected"),
    ("empty_sheet.xlsx", "has no data"),
    ("no_header.xlsx", "no sheet with a recognisable header"),
])
def test_each_bad_file_gives_one_clear_located_message(name: str, message: str) -> None:
    with pytest.raises(PlanReadError, match=message) as info:
        import_files([DATA / "bad" / name])
    text = str(info.value)
    assert name in text and "\n" not in text and "Traceback" not in text


def test_a_word_document_and_an_empty_file_are_named(tmp_path: Path) -> None:
    import zipfile

    docx = tmp_path / "minutes.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(PlanReadError, match="is a Word document"):
        import_files([docx])
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(PlanReadError, match="is empty"):
        import_files([empty])


def test_a_roster_in_csv_with_percentages_and_start_end_in_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Staff", "Position", "Team", "Contract", "Availability"])
        writer.writerow(["Michele Fattoruso", "Intern", "OPOS", "arriving April 4th 2016, leaving spring 2017?", "100%"])
        writer.writerow(["Taylor Propp", "On call", "OPOS", "June 30th, 2016", "0.2"])
        writer.writerow(["Half Timer", "Engineer", "SDPS", "permanent", "50"])
    plan = import_files([path])
    people = plan.people.set_index("name")
    assert people.at["Michele Fattoruso", "start"] == pd.Timestamp("2016-04-04")
    assert people.at["Michele Fattoruso", "contract_end_certainty"] == "uncertain"
    assert people["capacity_fte"].tolist() == pytest.approx([1.0, 0.2, 0.5])
    assert any("Availability 50 read as 50%" in n.message for n in plan.notes)


def test_merged_cells_in_a_roster_and_a_sheet_among_others(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active["A1"] = "Department staffing, March 2016"
    ws = wb.create_sheet("Staff")
    ws.append(["Name", "Group", "Contract end"])
    ws.append(["Ann One", "OPOS", "Summer 2016"])
    ws.append(["Bob Two", None, None])
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:C3")
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    plan = import_files([path])
    assert plan.people["group"].tolist() == ["OPOS", "OPOS"]
    assert plan.people["contract_end_text"].tolist() == ["Summer 2016", "Summer 2016"]
    assert any(n.kind == "skipped" and n.sheet == "Cover" for n in plan.notes)


def test_dayfirst_is_an_import_option(tmp_path: Path) -> None:
    from effortplanner.core.plan import PlanSettings

    path = tmp_path / "d.csv"
    path.write_text("Name,Assignment,End\nAnn,Keep-up,03/04/2016\n", encoding="utf-8")
    us = import_files([path]).assignments.iloc[0]
    eu = import_files([path], settings=PlanSettings(dayfirst=True)).assignments.iloc[0]
    assert us["end"] == pd.Timestamp("2016-03-04") and eu["end"] == pd.Timestamp("2016-04-03")


def test_import_can_be_cancelled_and_reports_progress() -> None:
    from effortplanner.io.errors import ImportCancelled

    seen: list[str] = []
    import_files([SAMPLE / "appendix_ii.xlsx"], progress=lambda f, msg: seen.append(msg))
    assert seen[0].startswith("Reading appendix_ii.xlsx") and seen[-1] == "Done"
    with pytest.raises(ImportCancelled):
        import_files([SAMPLE / "appendix_ii.xlsx"], cancelled=lambda: True)


def test_a_short_name_seen_before_the_full_name_is_one_person(tmp_path: Path) -> None:
    """Regression: 'Paola' in the first file, 'Paola Buitrago' in the second made two Paolas."""
    first = tmp_path / "a.csv"
    first.write_text("Name,Assignment,FY17\nPaola,raw2root keep-up,\nMichele,,Will pick up Paola's assignments.\n",
                     encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("Name,Role\nPaola Buitrago,Intern\nMichele Fattoruso,Intern\n", encoding="utf-8")
    plan = import_files([first, second])
    assert sorted(plan.people["name"]) == ["Michele Fattoruso", "Paola Buitrago"]
    duty = plan.assignments.iloc[0]
    assert plan.person_name(duty["person"]) == "Paola Buitrago"
    assert plan.person_name(duty["successor"]) == "Michele Fattoruso"
    assert not [n for n in plan.notes if "could be any of" in n.message]


def test_a_sheet_left_out_by_the_user_is_noted_not_an_error() -> None:
    from dataclasses import replace as dc_replace

    [sheet] = inspect_file(SAMPLE / "activities.xlsx")
    layouts = {str(SAMPLE / "activities.xlsx"): {sheet.raw.name: dc_replace(sheet.layout, kind="skip")}}
    plan = import_files([SAMPLE / "activities.xlsx", SAMPLE / "appendix_ii.xlsx"], layouts=layouts)
    assert plan.activities.empty and len(plan.assignments) == 19
    assert any(n.kind == "skipped" and n.message == "left out of the import by the user" for n in plan.notes)


def test_a_layout_mapping_columns_without_headers_reads(tmp_path: Path) -> None:
    """Regression: a layout mapping a column past the header row's end crashed the 'read as' note."""
    from effortplanner.io.headers import SheetLayout

    path = tmp_path / "plain.csv"
    path.write_text("Ann,keep-up,0.3\nBob,reports,0.2\n", encoding="utf-8")
    layout = SheetLayout("plain", "duties", -1, [], {0: "name", 1: "duty", 2: "fte"})
    plan = import_files([path], layouts={str(path): {"plain": layout}})
    assert plan.assignments["duty"].tolist() == ["keep-up", "reports"]


def test_cancel_takes_effect_inside_a_long_sheet(tmp_path: Path) -> None:
    from effortplanner.io.errors import ImportCancelled

    path = tmp_path / "long.csv"
    path.write_text("Name,Assignment\n" + "".join(f"Person {i},Duty {i}\n" for i in range(3000)), encoding="utf-8")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # not before the sheet starts: while its rows are read

    with pytest.raises(ImportCancelled):
        import_files([path], cancelled=cancelled)
    assert len(asked) == 2
