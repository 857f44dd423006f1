"""Parts made beside the flags (the flags panel's rows), only for the callers that show them; they
never take the flags down with them."""

from __future__ import annotations

import logging
import threading

import pytest

from effortplanner.analysis import snapshot as snapshot_module
from effortplanner.analysis.flag_rows import flag_rows
from effortplanner.core.plan import Plan


def _fresh(plan: Plan) -> Plan:
    """A copy with a revision of its own (the snapshot cache is shared by the whole test run)."""
    copy = plan.copy()
    copy.touch()
    return copy


def test_the_flag_rows_come_with_the_flags(seed_plan) -> None:
    plan = _fresh(seed_plan)
    snap = snapshot_module.flags_first(plan, with_parts=[snapshot_module.FLAG_ROWS_PART])
    assert snap.parts[snapshot_module.FLAG_ROWS_PART] == flag_rows(plan, snap.flags)
    assert len(snap.flags) > 0 and not snap.has_rows


def test_the_flag_rows_are_made_only_for_a_caller_that_shows_them(seed_plan, monkeypatch) -> None:
    """A comparison's sides (or an export) never show a flags panel: their snapshots skip its rows; the
    window's analysis, asking for them, gets them made once on the snapshot it shares."""
    made: list[int] = []
    compute, eager = snapshot_module._PARTS[snapshot_module.FLAG_ROWS_PART]
    monkeypatch.setattr(snapshot_module, "_PARTS", dict(snapshot_module._PARTS))
    snapshot_module.register_part(snapshot_module.FLAG_ROWS_PART, lambda snap: made.append(1) or compute(snap), eager)
    plan = _fresh(seed_plan)
    side = snapshot_module.snapshot(plan)
    assert snapshot_module.FLAG_ROWS_PART not in side.parts and made == []
    shown = snapshot_module.flags_first(plan, with_parts=[snapshot_module.FLAG_ROWS_PART])
    assert shown is side and side.parts[snapshot_module.FLAG_ROWS_PART] == flag_rows(plan, side.flags)
    snapshot_module.flags_first(plan, with_parts=[snapshot_module.FLAG_ROWS_PART])
    assert made == [1]


def test_a_failing_part_leaves_the_flags_and_is_logged(seed_plan, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    def broken(_snap: object) -> object:
        raise KeyError("no such column")

    monkeypatch.setattr(snapshot_module, "_PARTS", dict(snapshot_module._PARTS))
    snapshot_module.register_part("broken", broken)
    with caplog.at_level(logging.ERROR, logger=snapshot_module.__name__):
        snap = snapshot_module.flags_first(_fresh(seed_plan), with_parts=["broken", snapshot_module.FLAG_ROWS_PART])
    assert len(snap.flags) > 0 and "broken" not in snap.parts  # left out: whoever shows it makes it itself
    assert snapshot_module.FLAG_ROWS_PART in snap.parts and "'broken' failed" in caplog.text


def test_a_failing_part_is_tried_once_per_snapshot(seed_plan, monkeypatch: pytest.MonkeyPatch) -> None:
    tries: list[int] = []

    def broken(_snap: object) -> object:
        tries.append(1)
        raise KeyError("no such column")

    monkeypatch.setattr(snapshot_module, "_PARTS", dict(snapshot_module._PARTS))
    snapshot_module.register_part("broken", broken)
    plan = _fresh(seed_plan)
    for _ in range(3):  # the window asks again with every flags stage of the same revision
        snap = snapshot_module.flags_first(plan, with_parts=["broken"])
    assert tries == [1] and "broken" in snap.failed_parts


def test_two_threads_asking_for_a_part_make_it_once(seed_plan, monkeypatch: pytest.MonkeyPatch) -> None:
    started, release, made = threading.Event(), threading.Event(), []

    def slow(_snap: object) -> object:
        made.append(1)
        started.set()
        release.wait(5)
        return "cells"

    monkeypatch.setattr(snapshot_module, "_PARTS", dict(snapshot_module._PARTS))
    snapshot_module.register_part("slow", slow)
    snap = snapshot_module.flags_first(_fresh(seed_plan))
    first = threading.Thread(target=snap.part, args=("slow",))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=snap.part, args=("slow",))
    second.start()  # asks while the first is computing it
    second.join(0.2)  # time to reach the part (without the per-part lock it would compute it again)
    release.set()
    first.join(5)
    second.join(5)
    assert made == [1] and snap.parts["slow"] == "cells"
