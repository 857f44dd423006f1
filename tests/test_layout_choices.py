"""Import-dialog choices kept with an Open Recent entry: read back from untrusted settings, and
applied to the sheets as detected now with the dialog's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.layout_choices import MAX_SHEETS, SheetChoices, choices_from_json, choices_to_json
from effortplanner.io.layout_edits import with_field
from effortplanner.io.layout_replay import choices_of, chosen_layout

APPENDIX = Path(__file__).resolve().parent.parent / "sample_data" / "appendix_ii.xlsx"
PROJECT = Path(__file__).resolve().parent / "data" / "project"


def test_choices_round_trip_through_their_stored_form() -> None:
    choices = {"/a.xlsx": {"Sheet 1": SheetChoices("duties", 2, ((0, "name"), (3, "notes")), False, "hours", 152.5)}}
    assert choices_from_json(choices_to_json(choices)) == choices


@pytest.mark.parametrize("junk", [
    None, 3, "x", [], {"": {"S": {}}}, {"/a": []}, {"/a": {"S": "x"}},
    {"/a": {"S": {"kind": "duties", "header_row": "1", "mapping": []}}},
    {"/a": {"S": {"kind": "duties", "header_row": True, "mapping": []}}},
    {"/a": {"S": {"kind": "Duties; DROP", "header_row": 0, "mapping": []}}},
    {"/a": {"S": {"kind": "duties", "header_row": -2, "mapping": []}}},
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [[0, "name"], [1, "name"]]}}},  # one field twice
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [[0, "name"], [0, "org"]]}}},  # one column twice
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [[-1, "name"]]}}},
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [[10**9, "name"]]}}},
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [[0, "NAME<>"]]}}},
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [[0]]}}},
    {"/a": {"S": {"kind": "duties", "header_row": 0, "mapping": [], "included": "no"}}},
    {"/a": {"x" * 300: {"kind": "duties", "header_row": 0, "mapping": []}}},
])
def test_stored_choices_that_are_not_ours_are_dropped(junk) -> None:
    assert choices_from_json(junk) == {}


def test_stored_choices_are_bounded_and_odd_units_fall_back_to_detected() -> None:
    sheet = {"kind": "period_grid", "header_row": 0, "mapping": [], "unit": "furlongs", "per_fte": float("inf")}
    kept = choices_from_json({"/a": {f"S{i}": sheet for i in range(MAX_SHEETS + 10)}})
    assert len(kept["/a"]) == MAX_SHEETS
    assert kept["/a"]["S0"] == SheetChoices("period_grid", 0, (), True, None, None)


@pytest.mark.parametrize("per_fte", [10**400, -10**400, float("nan"), "152", True, 0])
def test_an_odd_units_per_fte_falls_back_to_detected(per_fte) -> None:
    sheet = {"kind": "period_grid", "header_row": 0, "mapping": [], "unit": "hours", "per_fte": per_fte}
    assert choices_from_json({"/a": {"S": sheet}})["/a"]["S"].per_fte is None


def test_a_changed_field_is_replayed_on_the_sheet_as_detected_now() -> None:
    detected = inspect_file(APPENDIX)[0]
    chosen = with_field(with_field(detected.layout, 2, "notes"), 1, "name")
    choice = choices_of(detected.layout, chosen, True)
    assert choice is not None and choice.mapping == ((1, "name"), (2, "notes"), (3, "contract_end"), (4, "disposition"))
    again = chosen_layout(detected.raw, detected.layout, choice)
    assert (again.kind, again.header_row, again.mapping) == (chosen.kind, chosen.header_row, chosen.mapping)
    assert choices_of(detected.layout, detected.layout, True) is None  # nothing chosen: nothing kept
    # A stored column past the sheet's width or a field no kind knows is left out, not applied.
    odd = SheetChoices("duties", 0, ((2, "duty"), (40, "vo"), (3, "no_such_field")))
    assert chosen_layout(detected.raw, detected.layout, odd).mapping == {2: "duty"}
    assert chosen_layout(detected.raw, detected.layout, SheetChoices("duties", 0, (), False)).kind == "skip"


def _counting(monkeypatch, module: object, name: str) -> list[str]:
    """Patch `module.name` (a reader taking the path first) to record each path it reads."""
    inner, read = getattr(module, name), []

    def reader(path, *args, **kwargs):
        read.append(Path(path).name)
        return inner(path, *args, **kwargs)

    monkeypatch.setattr(module, name, reader)
    return read


def test_a_reopened_import_set_reads_each_changed_file_once(monkeypatch) -> None:
    """Open Recent with choices: the layouts are rebuilt from the sheets import_files reads, not from a
    read of their own (each changed file was read twice), and the plan is the one the choices make."""
    import effortplanner.io.importer as importer
    from effortplanner.io.layout_replay import chosen_layouts

    people = APPENDIX.parent / "people.xlsx"
    detected = inspect_file(APPENDIX)[0]
    choice = choices_of(detected.layout, with_field(detected.layout, 2, "notes"), True)
    assert choice is not None
    wanted = import_files([APPENDIX, people], layouts={str(APPENDIX): {
        detected.raw.name: chosen_layout(detected.raw, detected.layout, choice)}})
    read = _counting(monkeypatch, importer, "read_workbook")
    reopened = import_files([APPENDIX, people], layouts=chosen_layouts(
        [APPENDIX, people], {str(APPENDIX): {detected.raw.name: choice}}))
    assert sorted(read) == ["appendix_ii.xlsx", "people.xlsx"]
    for table in ("people", "assignments"):
        assert reopened.tables[table].equals(wanted.tables[table]), table
    assert reopened.assignments["notes"].notna().any()  # the column moved to notes is read as notes


def test_a_reopened_project_file_is_read_once_and_a_table_left_out_stays_out(monkeypatch) -> None:
    import effortplanner.io.project as project
    from effortplanner.io.layout_replay import chosen_layouts

    path = PROJECT / "small_mspdi.xml"
    read = _counting(monkeypatch, project, "read_project")
    left_out = {"Milestones": SheetChoices("milestones", 0, (), False),
                "Tasks": SheetChoices("activities", 0, (), False)}  # a table the file does not have (any more)
    plan = import_files([path], layouts=chosen_layouts([path], {str(path): left_out}))
    assert read == [path.name]
    assert len(plan.milestones) == 0 and len(plan.assignments) > 0
    assert [n.sheet for n in plan.notes if "left out" in n.message] == ["Milestones"]
