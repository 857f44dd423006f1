"""Plan files as untrusted input; saving that leaves nothing partial or stale; text that is safe to print."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from effortplanner.core.plan import Plan
from effortplanner.io import csv_export, plancheck
from effortplanner.io.csv_export import safe_cell, write_csv_folder
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.importer import import_files
from effortplanner.io.locations import split_scenario
from effortplanner.io.planfile import load_plan, save_plan
from effortplanner.io.review_report import export_review
from effortplanner.io.textout import plan_to_text, printable

from .corpus import _valid_xlsx


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return import_files([_valid_xlsx(tmp_path / "staff.xlsx")])


@pytest.fixture
def plan_file(plan: Plan, tmp_path: Path) -> Path:
    path = tmp_path / "team.effortplan"
    save_plan(path, plan)
    return path


def _edit(path: Path, sql: str) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return path


# -- plan files ------------------------------------------------------------------------------------------------

def test_a_view_in_place_of_a_table_is_named_in_one_line(plan_file: Path) -> None:
    _edit(plan_file, "DROP TABLE notes; CREATE VIEW notes AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL "
                     "SELECT x + 1 FROM r) SELECT * FROM r;")
    with pytest.raises(PlanReadError) as err:
        load_plan(plan_file)
    assert str(err.value) == f"{plan_file}: not an Effort Planner plan (table notes is a view)"


def test_a_table_missing_columns_is_refused_not_opened_empty(plan_file: Path) -> None:
    _edit(plan_file, "DROP TABLE people; CREATE TABLE people (scenario TEXT, position INTEGER, id TEXT, name TEXT);")
    with pytest.raises(PlanReadError, match=r"not an Effort Planner plan \(table people lacks columns aliases, role"):
        load_plan(plan_file)


def test_row_and_text_limits(plan_file: Path, monkeypatch) -> None:
    monkeypatch.setattr(plancheck, "MAX_ROWS", 3)
    with pytest.raises(PlanReadError, match=r"table people holds 4 rows, more than the 3"):
        load_plan(plan_file)
    monkeypatch.setattr(plancheck, "MAX_ROWS", 1000)
    monkeypatch.setattr(plancheck, "MAX_TEXT", 100)
    with pytest.raises(PlanReadError, match=r"more than 0 MB of text"):
        load_plan(plan_file)


def test_a_query_that_runs_too_long_is_interrupted(plan_file: Path, monkeypatch) -> None:
    _edit(plan_file, "INSERT INTO notes (scenario, position, message) WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL "
                     "SELECT x + 1 FROM r WHERE x < 5000) SELECT 'Baseline', x, 'note' FROM r;")
    monkeypatch.setattr(plancheck, "QUERY_SECONDS", 0.0)
    with pytest.raises(PlanReadError, match=r"took longer than 0 s to read; refused"):
        load_plan(plan_file)


def test_settings_are_typed_and_a_bad_one_falls_back_with_a_note(plan_file: Path) -> None:
    _edit(plan_file, """UPDATE scenarios SET settings='{"fy_start_month": "ten", "as_of": "2016-03-30",
          "horizon": 5, "dayfirst": true, "cadence_fte": {"daily": 1e308}, "unknown": 1}';""")
    loaded = load_plan(plan_file)
    assert loaded.settings.fy_start_month == 10 and loaded.settings.horizon is None
    assert loaded.settings.as_of.isoformat() == "2016-03-30" and loaded.settings.dayfirst is True
    assert loaded.settings.cadence_fte["daily"] == 0.2
    invalid = {n.field for n in loaded.notes if n.kind == "invalid"}
    assert invalid == {"fy_start_month", "horizon", "cadence_fte"}


def test_dates_a_plan_cannot_hold_are_kept_as_text(plan_file: Path) -> None:
    _edit(plan_file, "UPDATE people SET contract_end='9999-12-31', contract_end_text='31 Dec 9999';")
    people = load_plan(plan_file).people
    assert people["contract_end"].isna().all() and set(people["contract_end_text"]) == {"31 Dec 9999"}


def test_a_folder_and_a_hash_in_the_name(plan_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "x.effortplan"
    folder.mkdir()
    with pytest.raises(PlanReadError, match="is a folder"):
        load_plan(folder)
    hashed = tmp_path / "hash#name.effortplan"
    shutil.copy(plan_file, hashed)
    assert len(load_plan(hashed).people) == 4  # the URI is quoted: # is part of the name


def test_the_scenario_rule(plan_file: Path, tmp_path: Path) -> None:
    hashed = tmp_path / "a#b.effortplan"
    shutil.copy(plan_file, hashed)
    assert split_scenario(str(hashed)) == (str(hashed), None)
    assert split_scenario(f"{plan_file}#Intern") == (str(plan_file), "Intern")
    assert split_scenario(f"{tmp_path}/missing.effortplan#X") == (f"{tmp_path}/missing.effortplan#X", None)
    assert split_scenario(f"{hashed}#Plan B") == (str(hashed), "Plan B")


# -- writing ------------------------------------------------------------------------------------------------

def test_saving_keeps_the_permission_bits(plan: Plan, plan_file: Path) -> None:
    os.chmod(plan_file, 0o644)
    save_plan(plan_file, plan)
    assert plan_file.stat().st_mode & 0o777 == 0o644


def test_a_killed_saves_temporaries_are_swept_by_the_next_save_and_open(plan: Plan, plan_file: Path) -> None:
    folder = plan_file.parent
    stale = [folder / f".{plan_file.name}.ab12cd34.tmp", folder / f".{plan_file.name}.zz_9yy8x.tmp"]
    kept = [folder / f".{plan_file.name}.new12345.tmp", folder / ".other.effortplan.ab12cd34.tmp",
            folder / f"{plan_file.name}.ab12cd34.tmp"]
    old = time.time() - 3600
    for path in stale + kept:
        path.write_bytes(b"half a save")
        os.utime(path, (old, old))
    os.utime(kept[0])  # newer than this process: perhaps a save still running elsewhere
    load_plan(plan_file)
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)


def test_a_full_disk_during_the_csv_export_leaves_nothing_partial(plan: Plan, tmp_path: Path, monkeypatch) -> None:
    real = csv_export._write_table
    calls = []

    def failing(path: Path, plan: Plan, table: str) -> None:
        calls.append(table)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, plan, table)

    monkeypatch.setattr(csv_export, "_write_table", failing)
    out = tmp_path / "csv"
    with pytest.raises(PlanWriteError, match="No space left on device"):
        write_csv_folder(out, plan)
    assert not out.exists() and os.listdir(tmp_path) == ["staff.xlsx"]


def test_a_failed_xlsx_write_is_one_error_and_no_noise(plan: Plan, tmp_path: Path, monkeypatch) -> None:
    import xlsxwriter

    def full_disk(self) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "_store_workbook", full_disk)
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: seen.append(info))
    with pytest.raises(PlanWriteError, match="No space left on device"):
        export_review(tmp_path / "review.xlsx", plan)
    gc.collect()
    assert seen == [] and not list(tmp_path.glob("*review*"))


# -- output hygiene -------------------------------------------------------------------------------------------

def test_control_characters_and_bidi_overrides_are_escaped_for_the_terminal(tmp_path: Path) -> None:
    csv = tmp_path / "evil\nname.csv"
    csv.write_text("Name,Assignment,FTE\n\x1b]0;pwned\x07Eve,\u202eduty\x9b,0.5\n")
    text = plan_to_text(import_files([csv]))
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x9b" not in text
    assert "\\x1b]0;pwned\\x07Eve" in text and "\\u202eduty\\x9b" in text
    assert "evil\\nname.csv, sheet 'evil\\nname'" in text and not any(l.startswith("name") for l in text.splitlines())
    assert printable("a\nb\tc\u2066") == "a\\nb\\tc\\u2066"


@pytest.mark.parametrize("text", ["=1+1", "＝1+1", " =1+1", "\n=1", "\t=1", "\x01x", "＠SUM(A1)", "－1", "+1", "@x"])
def test_the_formula_guard(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ada", "a=b", "", "1 - 2", "e-mail"])
def test_plain_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_stale_csv_staging_folders_are_swept(plan: Plan, tmp_path: Path) -> None:
    staging = tmp_path / ".csv.abcd1234.tmp"
    staging.mkdir()
    (staging / "people.csv").write_text("half")
    old = time.time() - 3600
    os.utime(staging, (old, old))
    write_csv_folder(tmp_path / "csv", plan)
    assert not staging.exists() and sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "activities.csv", "assignments.csv", "milestones.csv", "people.csv"]


def test_check_escapes_a_name_that_would_retitle_the_terminal(tmp_path: Path, capsys) -> None:
    from effortplanner.cli import main

    csv = tmp_path / "over.csv"
    csv.write_text("Name,Assignment,FTE\n\x1b]0;pwned\x07Eve,a,0.9\n\x1b]0;pwned\x07Eve,b,0.9\n")
    assert main(["check", str(csv), "--as-of", "2016-01-01"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b]0;pwned\\x07Eve at 180%" in out
