"""`effortplanner show`: what a script or a person gets on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from effortplanner.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
DATA = Path(__file__).resolve().parent / "data"


def test_show_json_gives_the_six_people_of_appendix_ii(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SAMPLE / "appendix_ii.xlsx"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"people", "assignments", "activities", "milestones", "notes"}
    people = {p["name"]: p for p in data["people"]}
    assert list(people) == ["Filipe", "Paola", "Qiulan", "Tyler", "Vito", "Michele"]
    assert people["Filipe"]["contract_end"] == "2017-07-21"
    assert people["Paola"]["contract_end"] == "2016-07-31"
    assert people["Vito"]["contract_end"] is None and people["Vito"]["contract_end_text"] == "Permanent position"
    assert people["Michele"]["start"] == "2016-04-04" and people["Michele"]["contract_end"] is None
    for column in ("id", "name", "aliases", "role", "group", "start", "contract_end", "capacity_fte",
                   "placeholder", "notes"):
        assert column in people["Tyler"]
    duties = data["assignments"]
    assert len(duties) == 19
    keepup = next(d for d in duties if d["duty"] == "raw2root keep-up")
    assert keepup["person"] == "Paola" and keepup["cadence"] == "daily" and keepup["successor"] == "Michele"
    assert keepup["handover_to"] == "NOvA (experiment)" and keepup["source"] == "appendix_ii.xlsx:Current assignments:7"
    reco = next(d for d in duties if d["duty"] == "reconstruction keep-up")
    assert reco["successor"] == "Filipe" and reco["successor_id"] == people["Filipe"]["id"]
    note = data["notes"][0]
    assert set(note) >= {"file", "sheet", "row", "column", "message"}


def test_show_json_of_the_messy_libreoffice_copy_matches_the_clean_one(capsys: pytest.CaptureFixture[str]) -> None:
    def load(path: Path) -> dict:
        assert main(["show", str(path), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    clean, messy = load(SAMPLE / "appendix_ii.xlsx"), load(DATA / "appendix_ii_messy_libreoffice.xlsx")
    keys = ("person", "vo", "duty", "cadence", "volume", "successor", "handover_to", "disposition")
    assert [[d[k] for k in keys] for d in clean["assignments"]] == [[d[k] for k in keys] for d in messy["assignments"]]
    assert [(p["name"], p["start"], p["contract_end"]) for p in clean["people"]] == \
        [(p["name"], p["start"], p["contract_end"]) for p in messy["people"]]


@pytest.mark.parametrize("name", ["not_a_spreadsheet.xlsx", "truncated.xlsx", "password.xlsx", "empty_sheet.xlsx",
                                  "no_header.xlsx"])
def test_each_bad_file_gives_one_line_and_exit_status_2(name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "effortplanner", "show", str(DATA / "bad" / name)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr


def test_show_text_lists_people_duties_and_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", *map(str, sorted(SAMPLE.glob("*.xlsx")))]) == 0
    out = capsys.readouterr().out
    assert "People (19)" in out and "Assignments (35)" in out and "Milestones (14)" in out
    assert "[alias]" in out and "[conflict]" in out and "[total]" in out
