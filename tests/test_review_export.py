"""The review workbook and CSV export: readable, safe, and read back into the same plan."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from effortplanner.core import edits
from effortplanner.core.plan import Plan
from effortplanner.io.csv_export import write_csv_folder
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.importer import import_files
from effortplanner.io.review import write_review

FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=1+1", "\tTabbed", "=cmd|' /C calc'!A0"]


def assert_same_plan(a: Plan, b: Plan) -> None:
    for table in a.tables:
        pd.testing.assert_index_equal(a.tables[table].index, b.tables[table].index)
        for column in a.tables[table].columns:
            if column.endswith(("_earliest", "_latest")):
                continue  # the range a text allows is re-derived from the text; checked separately
            pd.testing.assert_series_equal(a.tables[table][column], b.tables[table][column], check_names=False,
                                           obj=f"{table}.{column}")


def test_the_seed_plan_round_trips_through_its_review_workbook(seed_plan, tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(path, seed_plan, "OPOS ramp-down")
    back = import_files([path])
    assert_same_plan(seed_plan, back)
    for table in seed_plan.tables:  # here even the ranges match: every text re-parses the same way
        pd.testing.assert_frame_equal(seed_plan.tables[table], back.tables[table])


def test_review_workbook_is_readable_and_dates_are_dates(seed_plan, tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(path, seed_plan, "OPOS ramp-down")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:5] == ["Summary", "People", "Assignments", "Activities", "Milestones"]
    assert book.sheetnames[-1] == "Notes"
    people = book["People"]
    assert people.freeze_panes == "B2" and people.auto_filter.ref.startswith("A1:")
    headers = [c.value for c in people[1]]
    end = headers.index("Contract end") + 1
    dates = [people.cell(r, end).value for r in range(2, people.max_row + 1)]
    assert all(d is None or isinstance(d, datetime) for d in dates) and any(dates)
    first_dated = next(r for r in range(2, people.max_row + 1) if people.cell(r, end).value)
    assert people.cell(first_dated, end).number_format == "yyyy-mm-dd"
    sheet = book["Assignments"]
    headers = [c.value for c in sheet[1]]
    fte = headers.index("FTE") + 1
    estimated = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, fte).font.i]
    assert estimated and all(sheet.cell(r, fte).comment is not None for r in estimated)
    assert sheet.cell(estimated[0], fte).number_format in ("0%", "0.0%")  # percent, as the window shows FTE
    assert sheet.column_dimensions["D"].width > 20  # the Duty column is fitted, not default-narrow


def test_user_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    plan = Plan()
    edits.add_rows(plan, "people", [{"name": "Ann"}])
    edits.add_rows(plan, "assignments", [{"person": "P1", "duty": text, "vo": text, "notes": text}
                                         for text in FORMULA_LIKE])
    path = tmp_path / "review.xlsx"
    write_review(path, plan)
    sheet = openpyxl.load_workbook(path)["Assignments"]
    duties = [sheet.cell(r, 4).value for r in range(2, sheet.max_row + 1)]
    assert duties == [" ".join(t.split()) for t in FORMULA_LIKE]
    assert all(sheet.cell(r, 4).data_type == "s" for r in range(2, sheet.max_row + 1))
    back = import_files([path])
    assert back.assignments["duty"].tolist() == plan.assignments["duty"].tolist()


def test_csv_export_is_excel_friendly_and_injection_safe(tmp_path: Path) -> None:
    plan = Plan()
    edits.add_rows(plan, "people", [{"name": "Ann", "contract_end": "late Spring 2016"}])
    edits.add_rows(plan, "assignments", [{"person": "P1", "duty": t, "fte": 0.25} for t in FORMULA_LIKE])
    files = write_csv_folder(tmp_path / "out", plan)
    assert [f.name for f in files] == ["people.csv", "assignments.csv", "activities.csv", "milestones.csv"]
    raw = files[1].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(files[1].read_text(encoding="utf-8-sig").splitlines()))
    assert [r["Duty"] for r in rows][:4] == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)"]
    assert rows[0]["FTE"] == "0.25" and rows[0]["Person"] == "Ann"
    people = list(csv.DictReader(files[0].read_text(encoding="utf-8-sig").splitlines()))
    assert people[0]["Contract end"] == "2016-05-31" and people[0]["Contract end (as written)"] == "late Spring 2016"


def test_an_unwritable_destination_leaves_nothing_behind(seed_plan, tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(PlanWriteError, match="folder does not exist"):
        write_review(tmp_path / "no" / "r.xlsx", seed_plan)
    import effortplanner.io.atomic as atomic

    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(PlanWriteError, match="No space left"):
        write_review(tmp_path / "r.xlsx", seed_plan)
    assert list(tmp_path.iterdir()) == []


# --- hypothesis: any plan a user could build reads back the same --------------------------------
DATE_TEXTS = ["July, 21st 2017", "July 31st, 2016", "2016-07-31", "late Spring 2016", "summer 2017",
              "leaving spring 2017?", "by September 2016", "Sep 2016", "Q3 2016", "FY17", "Permanent position",
              "Arrives on April 4th, 2016", "early 2018", "Jan-18"]
WORDS = st.sampled_from(["keep-up", "MC", "production", "(daily)", "raw2root", "Ünïcödé", "Total", "A2",
                         "Associate", "on demand", "monitoring", "=SUM(A1)", "+1", "-", "@x", "Paola", "O'Neil",
                         "50%", "2016", "ops;report", "'quoted'", "#1"])
LINE = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
NOTES = st.one_of(st.just(""), LINE, st.tuples(LINE, LINE).map("\n".join))
NAMES = st.sampled_from(["Paola Buitrago", "Vito Di Benedetto", "Felipe Alba", "Filipe", "Ann", "Ann Smith",
                         "A2 Associate (CI)", "Jürgen Groß", "Total", "Qiulan"])


@st.composite
def plans(draw) -> Plan:
    plan = Plan()
    people = draw(st.lists(st.fixed_dictionaries({
        "name": NAMES, "role": st.sampled_from(["", "Intern", "Scientist"]), "group": st.sampled_from(["", "OPOS"]),
        "start": st.sampled_from(["", *DATE_TEXTS]), "contract_end": st.sampled_from(["", *DATE_TEXTS]),
        "capacity_fte": st.sampled_from(["", 1.0, 0.2, 0.5]), "placeholder": st.booleans(), "notes": NOTES,
    }), min_size=1, max_size=6))
    edits.add_rows(plan, "people", people)
    person_ids = list(plan.people.index)
    activities = draw(st.lists(st.fixed_dictionaries({
        "name": LINE, "fte_required": st.sampled_from(["", 0.3, 1.65]),
        "interns_required": st.sampled_from(["", 0.0, 1.0]), "notes": NOTES}), max_size=3))
    if activities:
        edits.add_rows(plan, "activities", activities)
    activity_ids = [None, *plan.activities.index]
    refs = st.sampled_from([None, *person_ids])
    duties = draw(st.lists(st.fixed_dictionaries({
        "person": refs, "vo": st.sampled_from(["", "NOvA", "All", "MINOS+"]), "duty": LINE,
        "activity": st.sampled_from(activity_ids), "fte": st.sampled_from(["", 0.05, 0.3, 1.0]),
        "fte_estimated": st.booleans(), "cadence": st.sampled_from(["", "daily", "on demand", "weekly"]),
        "volume": st.sampled_from(["", "400 jobs"]), "start": st.sampled_from(["", *DATE_TEXTS]),
        "end": st.sampled_from(["", *DATE_TEXTS]), "disposition": st.sampled_from(
            ["", "Transfer to the experiment", "Felipe first, then transfer to the experiment",
             "Will pick up Paola's assignments."]),
        "successor": refs, "handover_to": st.sampled_from(["", "USDC", "NOvA (experiment)"]), "notes": NOTES,
    }), max_size=8))
    if duties:
        edits.add_rows(plan, "assignments", duties)
    milestones = draw(st.lists(st.fixed_dictionaries({"name": LINE, "date": st.sampled_from(["", *DATE_TEXTS]),
                                                      "owner": refs}), max_size=3))
    if milestones:
        edits.add_rows(plan, "milestones", milestones)
    return plan


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(plan=plans())
def test_any_plan_round_trips_through_the_review_workbook(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(path, plan)
    back = import_files([path])
    assert_same_plan(plan, back)


def test_the_review_workbook_read_back_gives_the_same_flags(sample_files, tmp_path: Path) -> None:
    """Deliver 6: the stated total and a person's conflicting contract ends survive the round trip."""
    from effortplanner.analysis.flags import compute_flags
    from effortplanner.core.plan import PlanSettings
    from effortplanner.io.review_report import export_review
    from effortplanner.sample import SAMPLE_AS_OF

    plan = import_files(sample_files, PlanSettings(as_of=SAMPLE_AS_OF))
    flags = compute_flags(plan)
    kinds = {f.kind for f in flags}
    assert {"total_mismatch", "conflicting_dates"} <= kinds  # the sample has both
    path = tmp_path / "review.xlsx"
    export_review(path, plan, "OPOS ramp-down")
    back = import_files([path])
    assert back.settings.as_of == SAMPLE_AS_OF  # the window the workbook's flags were computed for
    assert set(compute_flags(back)) == set(flags)
    again = tmp_path / "again.xlsx"  # a second round trip neither loses nor doubles a stated total
    export_review(again, back, "OPOS ramp-down")
    twice = import_files([again])
    assert sorted(n.location() for n in twice.notes if n.kind == "total") == \
        sorted(n.location() for n in plan.notes if n.kind == "total")
    assert set(compute_flags(twice)) == set(flags)
    given = import_files([path], PlanSettings(as_of=date(2016, 9, 1)))  # an as-of given wins
    assert given.settings.as_of == date(2016, 9, 1) and given.settings.horizon is None


def test_a_tampered_notes_sheet_restores_only_notes_it_can_trust(seed_plan, tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(path, seed_plan)
    book = openpyxl.load_workbook(path)
    notes = book["Notes"]
    assert [c.value for c in notes[1]][6:] == ["Person", "Field", "Value"]
    assert notes.column_dimensions["G"].hidden  # data for the reader, not for the reviewer
    conflicts = [r for r in range(2, notes.max_row + 1) if notes.cell(r, 1).value == "conflict"]
    notes.cell(conflicts[0], 8).value = "=cmd|' /C calc'!A0"  # not a field of the plan
    notes.cell(conflicts[1], 4).value = "row nine"  # not a row number
    book.save(path)
    back = import_files([path])
    restored = [n for n in back.notes if n.kind == "conflict"]
    originals = [n for n in seed_plan.notes if n.kind == "conflict"]
    assert len(restored) == len(originals) - 2
    assert all(n.field in ("contract_end", "start", "group") for n in restored)


def test_every_table_sheet_prints_within_its_pages_at_a_legible_size(seed_plan, tmp_path: Path) -> None:
    """Text that runs past the last column widens the printed area, and fit-to-width then shrinks the
    type to nothing (the Flags and Notes sheets did): long texts wrap in columns a page can hold."""
    from effortplanner.io.review import PAGE_CHARACTERS
    from effortplanner.io.review_report import export_review

    path = tmp_path / "review.xlsx"
    export_review(path, seed_plan, "OPOS ramp-down", scenario="Michele takes Paola")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets[1:]:  # the Summary is a page of its own, checked by eye in the README
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToHeight or 0) == 0 and sheet.print_title_rows == "$1:$1", sheet.title
        width = {c: 8.43 for c in range(1, sheet.max_column + 1)}  # a range of columns is one entry
        for dim in sheet.column_dimensions.values():
            for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                width[c] = dim.width or 8.43
                if dim.hidden:
                    width.pop(c)
        width = {c: w for c, w in width.items() if c <= sheet.max_column}
        pages = setup.fitToWidth if setup.fitToWidth is not None else 1
        assert sum(width.values()) <= PAGE_CHARACTERS * pages, sheet.title
        for row in sheet.iter_rows():
            shown = [c for c in row if c.value not in (None, "") and c.column in width]
            last = shown[-1] if shown else None
            if last is None or not isinstance(last.value, str) or last.alignment.wrap_text:
                continue
            room = sum(w for c, w in width.items() if c >= last.column)
            assert len(last.value) <= room * 1.15 + 2, (sheet.title, last.coordinate, last.value)


def test_a_summary_without_a_readable_window_leaves_the_as_of_to_the_reader(seed_plan, tmp_path: Path) -> None:
    from effortplanner.io.review_report import export_review

    path = tmp_path / "review.xlsx"
    export_review(path, seed_plan, "OPOS ramp-down", as_of=date(2016, 3, 30))
    assert import_files([path]).settings.as_of == date(2016, 3, 30)
    book = openpyxl.load_workbook(path)
    book["Summary"]["D2"].value = "2015-01-01"  # a horizon before the as-of: not a window we wrote
    book.save(path)
    back = import_files([path])
    assert back.settings.as_of is None and back.settings.horizon is None
