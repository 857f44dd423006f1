"""`effortplanner check`: the manager's report, the JSON, and the exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from effortplanner.cli import EXIT_FLAGS, EXIT_OK, EXIT_UNREADABLE, main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = [str(p) for p in sorted((ROOT / "sample_data").glob("*.xlsx"))]
BAD = ROOT / "tests" / "data" / "bad"

SEED_ARGS = ["check", *SAMPLE_FILES, "--as-of", "2016-03-30"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_report_reads_like_the_done_when(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(SEED_ARGS, capsys)
    assert code == EXIT_FLAGS and err == ""
    lines = out.splitlines()
    assert lines[0] == "Plan check as of 2016-03-30, looking ahead to 2017-09-30 (end of FY17)."
    # Grouped by kind, the group holding an error first; one line per flag.
    headings = [line for line in lines if line and not line.startswith(" ")][2:]
    assert headings[0].startswith("Duties left without anyone when a contract ends")
    assert lines[3].startswith("Duties left") and lines[4].startswith("  ERROR")
    # People leaving with no one named; chains; aliases; Paola's dates; the proposal's total.
    assert "Tyler leaves on 2016-06-30; 'Production Systems Monitoring' (NOvA) goes to the NOvA experiment " \
           "from 2016-07-01 with no person named" in out
    assert ("Qiulan leaves on 2016-04-01; 'reconstruction keep-up' (NOvA) passes to Felipe Alba, who leaves around "
            "2017-08-31 ('leaving summer 2017'); then it goes to the NOvA experiment from 2017-09-01") in out
    assert "merge 'Filipe' into 'Felipe Alba'?" in out and "merge 'Tyler' into 'Taylor Propp'?" not in out
    assert "Paola Buitrago's contract end is 'leaving on July 1st 2016' (2016-07-01)" in out
    assert "'July 31st, 2016' (2016-07-31)" in out
    assert "stated total 1.7 FTE, but its 6 items add up to 1.65" in out
    # No contract gap for a permanent position.
    assert not [line for line in lines if line.strip().startswith(("ERROR", "warning")) and
                line.split(None, 1)[1].startswith("Vito") and "leaves" in line]


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*SEED_ARGS, "--json"], capsys)
    assert code == EXIT_FLAGS
    data = json.loads(out)
    assert set(data) == {"as_of", "horizon", "flags"}
    assert (data["as_of"], data["horizon"]) == ("2016-03-30", "2017-09-30")
    first = data["flags"][0]
    assert first["severity"] == "error" and first["kind"] == "contract_end_gap"
    assert first["person"] == "Felipe Alba" and first["duty"] == "MINOS & MINERvA ramp down"
    assert (first["start"], first["end"]) == ("2017-09-01", "2017-09-30")
    for record in data["flags"]:
        assert {"kind", "severity", "person", "duty", "start", "end", "amount", "message"} <= set(record)
    tyler = [r for r in data["flags"] if r["person"] == "Tyler" and r["kind"] == "unassigned_handover"]
    assert sorted(r["duty"] for r in tyler) == ["OFF-line systems monitoring (MINERvA)",
                                               "Production Systems Monitoring (NOvA)"]


def test_exit_zero_when_no_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "duties.csv"
    sheet.write_text("Name,VO,Assignment,End of Contract,FY17\n"
                     "Vito,NOvA,Keep-up monitoring (daily),Permanent position,Transfer to USDC\n"
                     ",All,Weekly report (weekly),,\n", encoding="utf-8")
    code, out, _ = run(["check", str(sheet), "--as-of", "2016-03-30"], capsys)
    assert code == EXIT_OK and "Nothing to flag." in out


def test_exit_one_on_an_error_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "duties.csv"
    sheet.write_text("Name,VO,Assignment,End of Contract,FY17\n"
                     'Tyler,NOvA,Production Systems Monitoring (daily),"June 30th, 2016",\n', encoding="utf-8")
    code, out, _ = run(["check", str(sheet), "--as-of", "2016-03-30", "--horizon", "2016-12-31"], capsys)
    assert code == EXIT_FLAGS
    assert "ERROR    Tyler leaves on 2016-06-30; 'Production Systems Monitoring' (NOvA) has no one named from " \
           "2016-07-01 to the horizon" in out
    code, out, _ = run(["check", str(sheet), "--as-of", "2016-03-30", "--horizon", "2016-06-30"], capsys)
    assert code == EXIT_OK  # the gap starts after the horizon


def test_exit_two_when_an_input_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(BAD / "not_a_spreadsheet.xlsx")], capsys)
    assert code == EXIT_UNREADABLE and out == "" and "not_a_spreadsheet.xlsx" in err
    code, _, err = run(["check", str(tmp_path / "missing.xlsx")], capsys)
    assert code == EXIT_UNREADABLE and "missing.xlsx" in err


def test_bad_window_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*SEED_ARGS, "--horizon", "2016-01-01"], capsys)
    assert code == EXIT_UNREADABLE and "before the as-of date" in err
    with pytest.raises(SystemExit) as exc:
        main(["check", *SAMPLE_FILES, "--as-of", "March 30th"])
    assert exc.value.code == 2


def test_command_line_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "effortplanner", *SEED_ARGS, "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == EXIT_FLAGS, result.stderr
    assert json.loads(result.stdout)["as_of"] == "2016-03-30"
