"""A plan written for project tools (MS Project XML, GanttProject) and read back is the same plan."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from effortplanner.cli import main
from effortplanner.core.plan import Plan
from effortplanner.io.importer import import_files
from effortplanner.io.project.export import export_project

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
SUFFIXES = (".xml", ".gan")


def _day(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _fte(value: object) -> float | None:
    return None if pd.isna(value) else round(float(value), 6)  # type: ignore[arg-type]


def _people(plan: Plan) -> list[tuple]:
    return sorted((r["name"], r["group"], _fte(r["capacity_fte"]) or 1.0, _day(r["start"]), _day(r["contract_end"]),
                   bool(r["placeholder"])) for _, r in plan.people.iterrows())


def _assignments(plan: Plan) -> list[tuple]:
    return sorted((plan.person_name(r["person"]), r["vo"], r["duty"], _fte(r["fte"]), bool(r["fte_estimated"]),
                   _day(r["start"]), _day(r["end"]), r["notes"]) for _, r in plan.assignments.iterrows())


def _milestones(plan: Plan) -> list[tuple]:
    return sorted((r["name"], _day(r["date"]), plan.person_name(r["owner"]), r["notes"])
                  for _, r in plan.milestones.iterrows())


def _activities(plan: Plan) -> list[tuple]:
    return sorted((r["name"], _fte(r["fte_required"]), _day(r["start"]), _day(r["end"]))
                  for _, r in plan.activities.iterrows())


def _assert_same(plan: Plan, back: Plan) -> None:
    assert _people(back) == _people(plan)
    assert _assignments(back) == _assignments(plan)
    assert _milestones(back) == _milestones(plan)
    assert _activities(back) == _activities(plan)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_sample_plan_round_trips(seed_plan: Plan, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"plan{suffix}"
    counts = export_project(out, seed_plan)
    assert counts["resources"] == 19
    _assert_same(seed_plan, import_files([out]))


@pytest.fixture
def dated_plan(tmp_path: Path) -> Plan:
    """Dates on weekends, estimated FTEs, ongoing duties, a duty nobody does, a project file mixed in."""
    duties = tmp_path / "duties.csv"
    duties.write_text("Name,VO,Assignment,FTE (estimate),Start,End,Notes\n"
                      "Ana Lima,DUNE,Data quality shifts,0.35,2024-03-02,2024-06-30,weekend start and end\n"
                      "Ana Lima,DUNE,Calibration,0.125,2024-01-08,,ongoing\n"
                      ",DUNE,Unowned duty,0.2,2024-02-01,2024-02-29,\n", encoding="utf-8")
    return import_files([duties, DATA / "project" / "house_building.gan", DATA / "project" / "small_mspdi.xml"])


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_dates_ftes_and_ongoing_duties_round_trip(dated_plan: Plan, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"dated{suffix}"
    export_project(out, dated_plan)
    back = import_files([out])
    _assert_same(dated_plan, back)
    shifts = back.assignments[back.assignments["duty"] == "Data quality shifts"].iloc[0]
    assert (_day(shifts["start"]), _day(shifts["end"]), shifts["fte"], shifts["fte_estimated"]) == \
        ("2024-03-02", "2024-06-30", 0.35, True)
    calibration = back.assignments[back.assignments["duty"] == "Calibration"].iloc[0]
    assert _day(calibration["end"]) == ""  # ongoing again, although the file shows it ending at the horizon


def test_exported_ms_project_xml_says_what_the_tool_cannot(dated_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "plan.xml"
    export_project(out, dated_plan)
    text = out.read_text(encoding="utf-8")
    assert "<MaxUnits>0.5</MaxUnits>" in text  # Vito's capacity
    assert "<AvailableTo>2017-07-31T17:00:00</AvailableTo>" in text  # Paola's contract end
    assert "Ongoing duty: no end date in the plan; shown ending at the plan horizon." in text
    assert "FTE estimated (not stated in the source)." in text
    assert "<Milestone>1</Milestone>" in text


def test_convert_writes_project_files_and_refuses_other_suffixes(tmp_path: Path, capsys) -> None:
    files = [str(p) for p in sorted(SAMPLE.glob("*.xlsx"))]
    assert main(["convert", *files, "-o", str(tmp_path / "plan.xml")]) == 0
    assert "19 resources" in capsys.readouterr().out
    assert main(["convert", *files, "-o", str(tmp_path / "plan.gan")]) == 0
    assert main(["show", str(tmp_path / "plan.gan")]) == 0
    assert "People (19)" in capsys.readouterr().out
    assert main(["convert", *files, "-o", str(tmp_path / "plan.mpp")]) == 2
    assert ".gan (GanttProject)" in capsys.readouterr().err


MPXJ_COUNT = """
import json, sys
import jpype
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
project = UniversalProjectReader().read(sys.argv[1])
resources = [r for r in project.getResources() if r.getName()]
tasks = list(project.getTasks())
bookings = [(str(a.getTask().getName() or ""), str(a.getResource().getName()), float(a.getUnits() or 0))
            for a in project.getResourceAssignments()]
print(json.dumps({"resources": sorted(str(r.getName()) for r in resources), "tasks": len(tasks),
                  "bookings": sorted(bookings)}))
"""


def _mpxj_ready() -> bool:
    try:
        import jpype  # noqa: F401
        import mpxj  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


@pytest.mark.skipif(os.environ.get("CI") != "true" and not _mpxj_ready(),
                    reason="MPXJ needs Java and the mpxj package (installed in CI, where this check always runs)")
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_mpxj_reads_every_resource_task_and_assignment(seed_plan: Plan, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"plan{suffix}"
    counts = export_project(out, seed_plan)
    result = subprocess.run([sys.executable, "-c", MPXJ_COUNT, str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    assert read["resources"] == sorted(seed_plan.people["name"])
    assert len(read["resources"]) == 19
    assert read["tasks"] == counts["tasks"]
    assert len(read["bookings"]) == counts["assignments"]
    people = {pid: name for pid, name in seed_plan.people["name"].items()}
    wanted = sorted((r["duty"], people[r["person"]], round(float(r["fte"]) * 100, 3) if not pd.isna(r["fte"]) else 0.0)
                    for _, r in seed_plan.assignments.iterrows() if r["person"] in people)
    got = sorted((task, name, round(units, 3)) for task, name, units in read["bookings"])
    assert all(item in got for item in wanted)  # every assignment, at its FTE (MPXJ counts units in %)


def test_compare_and_export_take_project_files(seed_plan: Plan, tmp_path: Path, capsys) -> None:
    xml, gan = tmp_path / "plan.xml", tmp_path / "plan.gan"
    export_project(xml, seed_plan)
    export_project(gan, seed_plan)
    assert main(["compare", str(xml), str(gan)]) == 0
    out = capsys.readouterr().out
    assert "Assignments: 0 moved, 0 added, 0 removed, 0 changed" in out
    assert main(["export", str(gan), "-o", str(tmp_path / "review.xlsx")]) == 0
    assert "19 people" in capsys.readouterr().out
