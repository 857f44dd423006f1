"""`effortplanner compare`: spreadsheets, plan files and scenarios; JSON, text and the workbook."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from effortplanner.cli import main
from effortplanner.core import edits, staffing
from effortplanner.core.scenarios import ScenarioSet
from effortplanner.io.importer import import_files
from effortplanner.io.scenario_file import save_scenario_set

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
APPENDIX = SAMPLE / "appendix_ii.xlsx"


@pytest.fixture
def tyler_to_vito(tmp_path: Path) -> Path:
    book = openpyxl.load_workbook(APPENDIX)
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Tyler")
    sheet.cell(row, 1).value = "Vito"  # the block's first row: the rows under it become Vito's too
    out = tmp_path / "appendix_ii_this_month.xlsx"
    book.save(out)
    return out


def test_json_of_two_spreadsheets_reports_exactly_the_moves(tyler_to_vito: Path, capsys) -> None:
    assert main(["compare", str(APPENDIX), str(tyler_to_vito), "--json", "--as-of", "2016-03-30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"added", "removed", "moved", "changed", "flags_resolved", "flags_introduced", "fte_delta"} <= set(data)
    assert data["match"] == "content"
    assert [{k: m[k] for k in ("duty", "vo", "from", "to")} for m in data["moved"]] == [
        {"duty": "Production Systems Monitoring", "vo": "NOvA", "from": "Tyler", "to": "Vito"},
        {"duty": "OFF-line systems monitoring", "vo": "MINERvA", "from": "Tyler", "to": "Vito"}]
    assert data["added"] == data["removed"] == data["changed"] == []
    assert all(set(d) >= {"person", "month", "delta"} for d in data["fte_delta"])
    tyler = [d for d in data["fte_delta"] if d["person"] == "Tyler"]
    assert tyler and all(d["delta"] < 0 for d in tyler)


def test_text_and_workbook_for_two_scenarios_of_one_file(tmp_path: Path, capsys) -> None:
    plan = import_files(sorted(SAMPLE.glob("*.xlsx")))
    scenarios = ScenarioSet(plan)
    scenarios.switch(scenarios.create("Tyler to Vito").name)
    tyler = [a for a, p in scenarios.plan.assignments["person"].items() if scenarios.plan.person_name(p) == "Tyler"]
    scenarios.record(staffing.reassign(scenarios.plan, tyler, "Vito Di Benedetto"), note="Tyler leaves in June")
    path = tmp_path / "plan.effortplan"
    save_scenario_set(path, scenarios)
    out = tmp_path / "diff.xlsx"

    assert main(["compare", str(path), f"{path}#Tyler to Vito", "--as-of", "2016-03-30", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "rows matched by id" in text and "Assignments: 2 moved, 0 added, 0 removed" in text
    assert "'Production Systems Monitoring' (NOvA): Tyler → Vito Di Benedetto" in text
    assert f"Wrote {out}" in text
    book = openpyxl.load_workbook(out)
    assert book["Moved"].max_row == 3
    log = book["Change log"]
    assert log["B2"].value == "Tyler to Vito" and log["D2"].value == "Tyler leaves in June"
    assert log["C2"].value == "Reassigned 2 duties from Tyler to Vito Di Benedetto"


def test_json_with_a_workbook_keeps_stdout_pure_json(tyler_to_vito: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "diff.xlsx"
    assert main(["compare", str(APPENDIX), str(tyler_to_vito), "--json", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert f"Wrote {out}" in captured.err and out.exists()


def test_match_can_be_forced(tyler_to_vito: Path, capsys) -> None:
    assert main(["compare", str(APPENDIX), str(tyler_to_vito), "--json", "--match", "id"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["match"] == "id"


def test_bad_inputs_give_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["compare", str(APPENDIX), str(tmp_path / "missing.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "missing.xlsx" in err and "Traceback" not in err
    assert main(["compare", str(APPENDIX), str(APPENDIX), "-o", str(tmp_path / "out.pdf")]) == 2
    assert "written as .xlsx" in capsys.readouterr().err
    plan_file = tmp_path / "p.effortplan"
    save_scenario_set(plan_file, ScenarioSet(import_files([APPENDIX])))
    assert main(["compare", str(plan_file), f"{plan_file}#Nope"]) == 2
    assert "has no scenario 'Nope'" in capsys.readouterr().err


def test_a_horizon_before_the_as_of_date_is_refused(capsys) -> None:
    assert main(["compare", str(APPENDIX), str(APPENDIX), "--as-of", "2016-03-30", "--horizon", "2015-01-01"]) == 2
    assert "effortplanner compare:" in capsys.readouterr().err
