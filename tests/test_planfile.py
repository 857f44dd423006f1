"""The native plan file: exact round trip, versions, and saves that never lose the old file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from effortplanner.core import edits, staffing
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.planfile import FORMAT_VERSION, load_plan, load_plans, save_plan, save_plans, scenario_names


def _assert_same(a, b) -> None:
    for table in a.tables:
        pd.testing.assert_frame_equal(a.tables[table], b.tables[table])
    assert a.notes == b.notes and a.settings == b.settings


def test_round_trip_is_exact_and_ids_continue(seed_plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.effortplan"
    save_plan(path, seed_plan)
    loaded = load_plan(path)
    _assert_same(seed_plan, loaded)
    change = edits.add_rows(loaded, "people", [{"name": "New Hire"}])
    assert change.touched()[0].ids == ("P20",)  # ids never reuse a saved one


def test_several_scenarios_are_kept_in_order(seed_plan, tmp_path: Path) -> None:
    other = seed_plan.copy()
    staffing.reassign(other, ["A12", "A13"], "Vito Di Benedetto")
    path = tmp_path / "plan.effortplan"
    save_plans(path, {"Baseline": seed_plan, "Tyler to Vito": other}, {"Tyler to Vito": "what if"})
    assert scenario_names(path) == ["Baseline", "Tyler to Vito"]
    plans = load_plans(path)
    _assert_same(plans["Tyler to Vito"], other)
    assert load_plan(path, "Tyler to Vito").assignments.at["A12", "person"] == other.find_person("Vito")
    with pytest.raises(PlanReadError, match="has no scenario 'Nope'"):
        load_plan(path, "Nope")


def test_a_newer_format_is_refused_with_a_clear_message(seed_plan, tmp_path: Path) -> None:
    path = tmp_path / "new.effortplan"
    save_plan(path, seed_plan)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value=? WHERE key='format_version'", (str(FORMAT_VERSION + 1),))
    with pytest.raises(PlanReadError, match="newer Effort Planner"):
        load_plan(path)


def test_an_older_format_without_a_migration_is_refused_and_left_untouched(seed_plan, tmp_path: Path) -> None:
    path = tmp_path / "old.effortplan"
    save_plan(path, seed_plan)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value='0' WHERE key='format_version'")
    before = path.read_bytes()
    with pytest.raises(PlanReadError, match="format 0"):
        load_plan(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 100])
def test_damaged_files_give_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.effortplan"
    path.write_bytes(content)
    with pytest.raises(PlanReadError) as info:
        load_plan(path)
    assert "bad.effortplan" in str(info.value)


def test_an_unwritable_folder_gives_one_error_and_no_partial_file(seed_plan, tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(PlanWriteError, match="folder does not exist"):
        save_plan(tmp_path / "missing" / "x.effortplan", seed_plan)
    import effortplanner.io.atomic as atomic

    def read_only(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    # A read-only folder, as the operating system reports it (root may write anywhere, so simulate).
    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
    with pytest.raises(PlanWriteError, match="cannot write in this folder .Permission denied"):
        save_plan(tmp_path / "x.effortplan", seed_plan)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_the_previous_file_and_no_temporary(seed_plan, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "plan.effortplan"
    save_plan(path, seed_plan)
    before = path.read_bytes()
    import effortplanner.io.atomic as atomic

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(PlanWriteError, match="No space left on device"):
        save_plan(path, seed_plan)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.effortplan"]


_SAVER = r"""
import os, sys, time
import effortplanner.io.atomic as atomic
from effortplanner.io.planfile import load_plan, save_plan
from effortplanner.core import edits

path, point = sys.argv[1], sys.argv[2]


def pause_at(name, real):
    # A controlled point of the save: say so, then hang until killed.
    def paused(*args, **kwargs):
        if name == point:
            print("at " + name, flush=True)
            time.sleep(60)
        return real(*args, **kwargs)
    return paused


os.fsync = pause_at("fsync", os.fsync)  # the new content written, not yet flushed
os.replace = pause_at("replace", os.replace)  # flushed, not yet renamed over the old file
atomic._fsync_folder = pause_at("renamed", atomic._fsync_folder)  # renamed, folder not yet flushed
plan = load_plan(path)
edits.set_value(plan, "people", "P1", "notes", "version 1")
print("ready", flush=True)
save_plan(path, plan)
"""


@pytest.mark.parametrize(("point", "new"), [("fsync", False), ("replace", False), ("renamed", True)])
def test_killing_a_saving_process_never_leaves_a_corrupt_or_missing_file(tmp_path: Path, sample_files, point: str,
                                                                          new: bool) -> None:
    """Killed at each step of a save: the file is whole, old before the rename and new after it."""
    path = tmp_path / "plan.effortplan"
    from effortplanner.io.importer import import_files

    original = import_files(sample_files)
    save_plan(path, original)
    proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(path), point], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    assert proc.stdout.readline().strip() == f"at {point}"  # the kill lands mid-save, at this point
    temporaries = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(temporaries) == (0 if point == "renamed" else 1)  # the new content is on disk beside the old
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    plan = load_plan(path)  # raises if the file were corrupt or missing
    assert plan.people.at["P1", "notes"] == ("version 1" if new else original.people.at["P1", "notes"])
    assert len(plan.assignments) == 35
