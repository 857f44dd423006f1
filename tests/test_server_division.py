"""The Division roll-up over a real server: a person two departments share is flagged once, naming both."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from effortplanner.cli import main
from tests.server_helpers import Server, pg_cluster, pg_server  # noqa: F401  (fixtures)

HEADER = "Name,VO,Assignment,FTE,Start,End\n"


def _department(folder: Path, name: str, rows: str) -> str:
    path = folder / f"{name}.csv"
    path.write_text(HEADER + rows)
    return str(path)


@pytest.fixture()
def two_departments(pg_server: Server, tmp_path: Path) -> Server:
    """Maria Lopez works 0.6 FTE for each of two departments; each department alone is fine."""
    physics = _department(tmp_path, "physics", "Maria Lopez,NOvA,Keep-up,0.6,2026-01-01,2030-12-31\n"
                                               "Ken Ito,DUNE,Monitoring,0.5,2026-01-01,2030-12-31\n")
    computing = _department(tmp_path, "computing", "Maria Lopez,All,Operations,0.6,2026-01-01,2030-12-31\n"
                                                   "Ada Berg,CMS,Production,1.0,2026-01-01,2030-12-31\n")
    for plan, source in (("physics", physics), ("computing", computing)):
        assert main(["convert", source, "-o", f"{pg_server.admin}?plan={plan}"]) == 0
    return pg_server


WINDOW = ["--as-of", "2027-01-01", "--horizon", "2027-12-31"]


def _over(capsys: pytest.CaptureFixture[str], url: str) -> tuple[int, list[dict[str, object]]]:
    capsys.readouterr()
    status = main(["check", url, *WINDOW, "--json"])
    flags = json.loads(capsys.readouterr().out)["flags"]
    return status, [f for f in flags if f["kind"] == "over_allocation"]


def test_each_department_alone_is_not_over_allocated(two_departments: Server,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for plan in ("physics", "computing"):
        assert _over(capsys, f"{two_departments.admin}?plan={plan}")[1] == []


def test_rollup_flags_the_shared_person_naming_both_departments(two_departments: Server,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    reviewer = two_departments.login("division", "division-pw")
    assert main(["db", "grant", two_departments.admin, "--plan", "*", "--to", two_departments.role(reviewer)]) == 0
    status, over = _over(capsys, f"{reviewer}?plan=*")
    assert status == 1  # 120% on given FTEs is an error
    assert len(over) == 1 and over[0]["person"] == "Maria Lopez" and over[0]["severity"] == "error"
    assert "at 120%" in over[0]["message"] and "booked by departments computing, physics" in over[0]["message"]
    capsys.readouterr()
    assert main(["check", f"{reviewer}?plan=*", *WINDOW]) == 1
    assert "Maria Lopez at 120%" in capsys.readouterr().out


def test_rollup_reads_only_the_plans_a_login_may_read(two_departments: Server,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    head = two_departments.login("head", "head-pw")
    assert main(["db", "grant", two_departments.admin, "--plan", "physics", "--to", two_departments.role(head)]) == 0
    status, over = _over(capsys, f"{head}?plan=*")
    assert status == 0 and over == []
    capsys.readouterr()
    assert main(["show", f"{head}?plan=*", "--json"]) == 0
    names = {p["name"] for p in json.loads(capsys.readouterr().out)["people"]}
    assert names == {"Maria Lopez", "Ken Ito"}


def test_division_workbook_has_departments_and_summed_load(two_departments: Server, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "division.xlsx"
    assert main(["export", f"{two_departments.admin}?plan=*", "-o", str(out), *WINDOW]) == 0
    assert "2 departments: computing, physics" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    for name in ("People", "Assignments", "Activities", "Milestones"):
        assert book[name].cell(1, 2).value == "Department"
    people = {r[2]: r[1] for r in book["People"].iter_rows(min_row=2, values_only=True)}
    assert people == {"Maria Lopez": "computing; physics", "Ada Berg": "computing", "Ken Ito": "physics"}
    duties = [(r[1], r[2], r[4]) for r in book["Assignments"].iter_rows(min_row=2, values_only=True)]
    assert sorted(duties) == [("computing", "Ada Berg", "Production"), ("computing", "Maria Lopez", "Operations"),
                              ("physics", "Ken Ito", "Monitoring"), ("physics", "Maria Lopez", "Keep-up")]
    load = {r[1]: r for r in book["Load"].iter_rows(min_row=2, values_only=True)}
    assert load["Maria Lopez"][0] == "computing, physics" and load["Maria Lopez"][2] == pytest.approx(1.2)
    flags = [r for r in book["Flags"].iter_rows(min_row=2, values_only=True) if r[1] == "over allocation"]
    assert [(f[2], f[9]) for f in flags] == [("Maria Lopez", "computing, physics")]
    summary = [r[:4] for r in book["Summary"].iter_rows(values_only=True)]
    assert ("physics", "(no group)", 2, pytest.approx(1.1)) in summary
