"""Store locations and the plan-file store, without a server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from effortplanner.io.errors import PlanReadError
from effortplanner.io.stores import StaleRevision, is_server_location, store_for
from effortplanner.io.stores.file_store import FileStore
from effortplanner.io.stores.location import parse_location


def test_location_parts_and_what_is_shown() -> None:
    loc = parse_location("postgresql://alice:p%40ss%3Aw0rd@db.example.org:5433/division"
                         "?plan=opos&sslmode=require&revision=4#Ramp-down")
    assert (loc.plan, loc.scenario, loc.revision, loc.password) == ("opos", "Ramp-down", 4, "p@ss:w0rd")
    assert loc.shown == "postgresql://alice@db.example.org:5433/division?plan=opos&sslmode=require#Ramp-down"
    assert loc.server_url == "postgresql://alice@db.example.org:5433/division?sslmode=require"
    assert "sslmode=require" in loc.conninfo and "plan=" not in loc.conninfo and "revision" not in loc.conninfo
    assert loc.scrub("failed for p@ss:w0rd and p%40ss%3Aw0rd") == "failed for *** and ***"
    other = loc.with_plan("usdc")
    assert other.shown == "postgresql://alice@db.example.org:5433/division?plan=usdc&sslmode=require"
    assert other.conninfo == loc.conninfo
    assert parse_location("postgres://h/db?plan=*").all_plans


def test_location_errors_name_it_without_the_password() -> None:
    with pytest.raises(PlanReadError, match="name the database") as caught:
        parse_location("postgresql://bob:hunter2@host:5432/?plan=x")
    assert "hunter2" not in str(caught.value)
    with pytest.raises(PlanReadError, match="revision='x' is not a number"):
        parse_location("postgresql://bob:hunter2@host/db?plan=x&revision=x")


def test_store_for_picks_by_location(tmp_path: Path) -> None:
    assert is_server_location("postgresql://h/db") and not is_server_location(str(tmp_path / "a.effortplan"))
    assert isinstance(store_for(tmp_path / "a.effortplan"), FileStore)
    assert type(store_for("postgresql://h/db?plan=x")).__name__ == "ServerStore"


def test_file_store_refuses_to_overwrite_a_newer_save(seed_plan, tmp_path: Path) -> None:
    from effortplanner.core.scenarios import ScenarioSet

    path = tmp_path / "plan.effortplan"
    first = FileStore(path)
    revisions = first.save(ScenarioSet(seed_plan.copy()), {})
    mine, theirs = first.open(), FileStore(path).open()
    assert mine.revisions == revisions
    newer = theirs.revisions["Baseline"] + 1_000_000_000
    first.save(theirs.scenarios, theirs.revisions)
    os.utime(path, ns=(newer, newer))  # their save, a second later (file systems with coarse clocks)
    with pytest.raises(StaleRevision, match="was saved by another program"):
        first.save(mine.scenarios, mine.revisions)
    assert first.list_scenarios() == ["Baseline"] and first.list_plans()[0].name == "plan"
