"""Parts made beside the flags (the flags panel's rows) never take the flags down with them."""

from __future__ import annotations

import logging

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
    snap = snapshot_module.flags_first(plan)
    assert snap.parts[snapshot_module.FLAG_ROWS_PART] == flag_rows(plan, snap.flags)
    assert len(snap.flags) > 0 and not snap.has_rows


def test_a_failing_part_leaves_the_flags_and_is_logged(seed_plan, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    def broken(_snap: object) -> object:
        raise KeyError("no such column")

    monkeypatch.setattr(snapshot_module, "_PARTS", dict(snapshot_module._PARTS))
    monkeypatch.setattr(snapshot_module, "_WITH_FLAGS", list(snapshot_module._WITH_FLAGS))
    snapshot_module.register_part("broken", broken, with_flags=True)
    with caplog.at_level(logging.ERROR, logger=snapshot_module.__name__):
        snap = snapshot_module.flags_first(_fresh(seed_plan))
    assert len(snap.flags) > 0 and "broken" not in snap.parts  # left out: whoever shows it makes it itself
    assert snapshot_module.FLAG_ROWS_PART in snap.parts and "'broken' failed" in caplog.text
