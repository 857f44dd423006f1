"""Project tools' files as plan sources: hand-written MSPDI and GanttProject files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from effortplanner.analysis.flags import compute_flags
from effortplanner.cli import main
from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.project.gan_read import finish_of

DATA = Path(__file__).resolve().parent / "data" / "project"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _day(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _assignments(plan) -> list[tuple[str, str, str, float, str, str]]:
    return [(plan.person_name(r["person"]), r["vo"], r["duty"], round(float(r["fte"]), 4), _day(r["start"]),
             _day(r["end"])) for _, r in plan.assignments.iterrows()]


def test_ms_project_xml_resources_tasks_and_bookings_become_the_plan() -> None:
    plan = import_files([DATA / "small_mspdi.xml"])
    people = plan.people.set_index("name")
    # The unnamed resource UID 0 and the material resource are no people.
    assert list(people.index) == ["Paola Buitrago", "Vito Di Benedetto", "Joe Boyd"]
    assert people.at["Paola Buitrago", "group"] == "OPOS"
    assert people.at["Paola Buitrago", "capacity_fte"] == 1.0
    assert _day(people.at["Paola Buitrago", "start"]) == "2015-01-05"
    assert _day(people.at["Paola Buitrago", "contract_end"]) == "2017-07-31"
    assert people.at["Paola Buitrago", "notes"] == "Leaves in the summer."
    assert people.at["Vito Di Benedetto", "capacity_fte"] == 0.5
    assert _day(people.at["Vito Di Benedetto", "contract_end"]) == ""  # MS Project's 2049 means no end
    assert "inactive" in people.at["Joe Boyd", "notes"]
    assert _assignments(plan) == [
        ("Paola Buitrago", "NOvA", "raw2root keep-up", 0.5, "2016-10-03", "2017-06-30"),
        # A finish at midnight is the end of the day before.
        ("Vito Di Benedetto", "NOvA", "Reconstruction keep-up", 0.3, "2016-11-01", "2017-09-29"),
        # The task's "Experiment" custom field wins over its summary task; the booking's own dates win.
        ("Paola Buitrago", "NOvA FD", "MC production", 0.25, "2016-10-03", "2016-11-30"),
        ("Joe Boyd", "NOvA FD", "MC production", 1.0, "2016-10-03", "2016-12-23"),
    ]
    assert plan.assignments.iloc[0]["notes"] == "Daily; about 2K jobs."
    activity = plan.activities.iloc[0]
    assert (activity["name"], _day(activity["start"]), _day(activity["end"])) == \
        ("Monitoring upgrade", "2017-01-09", "2017-03-31")
    milestone = plan.milestones.iloc[0]
    assert (milestone["name"], _day(milestone["date"]), plan.person_name(milestone["owner"])) == \
        ("OPOS closed", "2017-09-29", "Joe Boyd")


def test_what_a_plan_cannot_hold_is_named_in_one_note_and_quirks_do_not_stop_the_import() -> None:
    plan = import_files([DATA / "small_mspdi.xml"])
    left_out = [n.message for n in plan.notes if n.kind == "skipped"]
    assert len(left_out) == 1
    for words in ("dependencies (1)", "baselines (1)", "costs (2)", "calendars' working hours and holidays (1)",
                  "material and cost resources (1)"):
        assert words in left_out[0]
    assert any("starts (2017-03-01) after it finishes (2016-10-01)" in n.message for n in plan.notes)


def test_ganttproject_durations_count_the_files_working_week() -> None:
    weekdays = {0, 1, 2, 3, 4}
    assert finish_of(date(2024, 1, 15), 10, weekdays) == date(2024, 1, 26)
    assert finish_of(date(2024, 1, 1), 5, weekdays) == date(2024, 1, 5)
    assert finish_of(date(2024, 1, 5), 2, weekdays) == date(2024, 1, 8)  # Friday + Monday
    assert finish_of(date(2024, 1, 1), 1, weekdays) == date(2024, 1, 1)
    assert finish_of(date(2024, 1, 1), 30, set(range(7))) == date(2024, 1, 30)


def test_ganttproject_file_becomes_the_plan() -> None:
    plan = import_files([DATA / "house_building.gan"])
    assert list(plan.people["name"]) == ["Jack Architect", "Bob Builder", "Mary Mason"]
    assert list(plan.people["capacity_fte"]) == [1.0, 1.0, 1.0]  # GanttProject has no capacity: full time
    assert plan.people.iloc[0]["role"] == "project manager"
    assert "absent 2024-02-12 – 2024-02-16" in plan.people.iloc[2]["notes"]  # a vacation, kept
    assert _assignments(plan) == [
        ("Jack Architect", "Project planning", "Architectural design", 1.5, "2024-01-01", "2024-01-05"),
        ("Jack Architect", "Project planning", "Building permit", 1.0, "2024-01-08", "2024-01-12"),
        ("Bob Builder", "Construction", "Foundation", 2.0, "2024-01-15", "2024-01-26"),
        ("Bob Builder", "Construction", "Walls", 1.0, "2024-01-29", "2024-02-02"),
        ("Mary Mason", "Construction", "Walls", 1.0, "2024-01-29", "2024-02-02"),
    ]
    assert list(plan.activities["name"]) == ["Site inspection"]
    assert list(plan.milestones["name"]) == ["House ready"]
    assert plan.person_name(plan.milestones.iloc[0]["owner"]) == "Jack Architect"
    left_out = [n.message for n in plan.notes if n.kind == "skipped"]
    assert len(left_out) == 1 and "dependencies (2)" in left_out[0] and "costs (1)" in left_out[0]


def test_over_allocation_in_a_ganttproject_file_is_flagged_exactly_where_it_is() -> None:
    plan = import_files([DATA / "house_building.gan"])
    flags = [f for f in compute_flags(plan, date(2024, 1, 1), date(2024, 3, 31)) if f.kind == "over_allocation"]
    found = sorted((plan.person_name(f.person), f.start.isoformat(), f.end.isoformat()) for f in flags)
    assert found == [("Bob Builder", "2024-01-15", "2024-01-26"), ("Jack Architect", "2024-01-01", "2024-01-05")]
    loads = {plan.person_name(f.person): f.message for f in flags}
    assert "200%" in loads["Bob Builder"] and "150%" in loads["Jack Architect"]


def test_localised_ganttproject_file_with_non_latin_names_imports() -> None:
    plan = import_files([DATA / "localised.gan"])
    assert list(plan.people["name"]) == ["Ольга Петрова", "王小明"]
    assert plan.people.iloc[0]["role"] == "Инженер"
    assert _assignments(plan) == [
        ("Ольга Петрова", "Мониторинг", "Обработка «сырых» данных", 0.5, "2016-10-03", "2016-10-14"),
        ("王小明", "", "数据传输", 0.8, "2016-10-17", "2016-10-21"),
    ]
    assert plan.assignments.iloc[0]["notes"] == "Ежедневно; примечание 注释"


def test_project_file_mixes_with_spreadsheets_in_one_import() -> None:
    plan = import_files([SAMPLE / "people.xlsx", DATA / "small_mspdi.xml"])
    people = plan.people.set_index("name")
    # Paola from the roster and from the project file is one person; the roster speaks first.
    assert list(plan.people["name"]).count("Paola Buitrago") == 1
    paola = people.index.get_loc("Paola Buitrago")
    owners = {plan.person_name(p) for p in plan.assignments["person"]}
    assert "Paola Buitrago" in owners and paola >= 0
    assert {"raw2root keep-up", "MC production"} <= set(plan.assignments["duty"])


def test_import_dialog_preview_shows_a_project_file_as_tables() -> None:
    sheets = inspect_file(DATA / "house_building.gan")
    assert [(s.raw.name, s.layout.kind) for s in sheets] == [
        ("People", "roster"), ("Assignments", "duties"), ("Activities", "activities"), ("Milestones", "milestones")]
    assert sheets[1].raw.rows[1][:4] == ["Jack Architect", "Project planning", "Architectural design", 1.5]


def test_cli_show_and_check_read_project_files(capsys) -> None:
    assert main(["show", str(DATA / "house_building.gan")]) == 0
    out = capsys.readouterr().out
    assert "Bob Builder | Construction | Foundation" in out and "FTE 2.00" in out
    assert main(["check", "--as-of", "2024-01-01", "--horizon", "2024-03-31", str(DATA / "house_building.gan")]) == 1
    out = capsys.readouterr().out
    assert "Bob Builder at 200% from 2024-01-15 to 2024-01-26" in out


def test_damaged_project_file_is_refused_in_one_line(capsys) -> None:
    assert main(["show", str(DATA / "not_mspdi.gan")]) == 2
    err = capsys.readouterr().err
    assert "not_mspdi.gan: a GanttProject project file that cannot be read (XML error" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&b;</Name></Project>',
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<project name="x" view-date="2024-01-01"><tasks/><resources><resource id="0" name="&x;"/></resources></project>',
])
def test_xml_entities_are_refused(tmp_path: Path, payload: bytes, capsys) -> None:
    path = tmp_path / "hostile.xml"
    path.write_bytes(payload)
    assert main(["show", str(path)]) == 2
    assert "unsafe XML" in capsys.readouterr().err


def test_utf16_project_file_and_a_negative_load(tmp_path: Path) -> None:
    text = (DATA / "house_building.gan").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    text = text.replace('load="200.0"', 'load="-50"')
    path = tmp_path / "house.gan"
    path.write_text(text, encoding="utf-16")
    plan = import_files([path])
    foundation = plan.assignments[plan.assignments["duty"] == "Foundation"].iloc[0]
    assert pd.isna(foundation["fte"]) and "fte" in foundation["invalid"]
    assert any("booked at -50% on 'Foundation'" in n.message for n in plan.notes if n.kind == "invalid")
