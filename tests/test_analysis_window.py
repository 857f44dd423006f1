"""The analysis window is decided once per analysis: the snapshot's key, its context and its timeline
name the same days, and the analysis reads "today" from the window it is given, not from the clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from effortplanner.analysis import snapshot as snapshot_module
from effortplanner.analysis import window as window_module
from effortplanner.analysis.timeline import timeline_rows
from effortplanner.analysis.window import AnalysisWindow, analysis_window
from effortplanner.core.plan import Plan


def _fresh(plan: Plan) -> Plan:
    """A copy with a revision of its own (the snapshot cache is shared by the whole test run)."""
    copy = plan.copy()
    copy.touch()
    return copy


def _clock(monkeypatch: pytest.MonkeyPatch, *days: date) -> list[date]:
    """The clock says each of `days` in turn (then the last one for ever); returns the days read."""
    read: list[date] = []
    ticks: Iterator[date] = iter(days)

    def today() -> date:
        read.append(next(ticks, days[-1]))
        return read[-1]

    monkeypatch.setattr(window_module, "default_as_of", today)
    return read


def test_an_analysis_straddling_midnight_is_built_for_the_window_its_key_names(seed_plan, monkeypatch) -> None:
    plan = _fresh(seed_plan)
    assert plan.settings.as_of is None  # analysed from today
    read = _clock(monkeypatch, date(2017, 1, 31), date(2017, 2, 1))
    snap = snapshot_module.flags_first(plan)
    assert read == [date(2017, 1, 31)]  # the clock is read once for the key and the build
    assert snap.as_of == snap.context.as_of == date(2017, 1, 31)
    assert snap.key[2] == f"{snap.context.as_of.isoformat()}..{snap.context.horizon.isoformat()}"
    assert snap.with_rows().timeline.as_of == date(2017, 1, 31) and read == [date(2017, 1, 31)]
    # after midnight the plan's key names the new day: the old analysis is not served for it
    assert snapshot_module.snapshot_key(plan) != snap.key


def test_the_timeline_takes_today_from_the_window_it_is_given(seed_plan, monkeypatch) -> None:
    def no_clock() -> date:
        raise AssertionError("the analysis read the clock")

    monkeypatch.setattr(window_module, "default_as_of", no_clock)
    given = AnalysisWindow(date(2016, 6, 1), date(2017, 9, 30))
    data = timeline_rows(seed_plan, window=given)
    assert (data.as_of, data.horizon) == (given.as_of, given.horizon)
    assert analysis_window(seed_plan, today=date(2016, 6, 1)) == given  # the default horizon: end of FY17


def test_a_horizon_before_the_as_of_date_gives_an_empty_window_and_why(seed_plan) -> None:
    plan = _fresh(seed_plan)
    plan.settings.horizon = date(2015, 1, 1)
    window = analysis_window(plan, today=date(2016, 6, 1))
    assert (window.as_of, window.horizon) == (date(2016, 6, 1), date(2016, 6, 1))
    assert "2015-01-01" in window.error and window.span == window.error
    plan.settings.as_of = date(2016, 3, 30)
    assert analysis_window(plan, today=date(2016, 6, 1)).as_of == date(2016, 3, 30)  # the plan's own as-of date
