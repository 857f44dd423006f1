"""The window's analysis in two stages: an edit's flags are shown before the timeline rows are
computed, both stages read one snapshot of the revision (each part computed once), and a stage
that ends after a newer edit is dropped (older flags never replace newer ones)."""

from __future__ import annotations

import threading

from effortplanner.analysis import snapshot as snapshot_module
from effortplanner.core import edits
from effortplanner.gui import analysis_runner
from tests.gui_helpers import make_window


def _large_window(qtbot, seed_plan, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis_runner, "LARGE_PLAN", 5)  # the seed plan counts as large: background jobs
    window = make_window(qtbot, seed_plan, tmp_path)
    runner = window.document.analysis
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)
    return window, runner


def _counting(monkeypatch, name: str) -> list[int]:
    """Count the calls of one of snapshot.py's building blocks."""
    calls: list[int] = []
    real = getattr(snapshot_module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshot_module, name, counted)
    return calls


def _slow_first_rows(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The next second stage computed waits for `release` once it has `started`."""
    started, release = threading.Event(), threading.Event()
    real = snapshot_module._rows_of

    def slow_rows(snap):
        if not started.is_set():
            started.set()
            release.wait(10)
        return real(snap)

    monkeypatch.setattr(snapshot_module, "_rows_of", slow_rows)
    return started, release


def test_an_edit_shows_its_flags_before_the_timeline_rows_and_computes_each_part_once(
        qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    flag_runs, row_runs = _counting(monkeypatch, "flags_in"), _counting(monkeypatch, "timeline_rows")
    seen: list[tuple[str, object, bool]] = []
    runner.flags_ready.connect(lambda snap: seen.append(("flags", snap, snap.has_rows)))
    runner.ready.connect(lambda snap: seen.append(("ready", snap, snap.has_rows)))
    at_flags: dict[str, object] = {}

    def look(snap: object) -> None:  # what the window shows when the flags arrive
        at_flags.update(panel=window.flags.all_flags is snap.flags, current=runner.current(),  # type: ignore[attr-defined]
                        flagged=runner.flagged() is snap, status=window.status.text())

    runner.flags_ready.connect(look)
    with qtbot.waitSignal(runner.ready, timeout=10000):
        window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
    (first, snap, rows_then), (second, same, rows_now) = seen
    assert (first, second) == ("flags", "ready") and same is snap  # one snapshot, completed in place
    assert not rows_then and rows_now  # the flags were handed over before the rows were computed
    assert at_flags["panel"] and at_flags["flagged"] and at_flags["current"] is None
    assert f"{len(snap.flags)} flag" in str(at_flags["status"])  # the status bar counts them at once
    assert snap.revision == window.document.plan.revision and runner.current() is snap
    window.tabs.setCurrentWidget(window.timeline)  # the timeline reads the same snapshot's rows
    assert window.timeline.data is not None
    assert runner.snapshot() is snap and (len(flag_runs), len(row_runs)) == (1, 1)


def test_older_flags_never_replace_newer_ones(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """The first stage of an older revision ends after a newer edit: its flags are not shown."""
    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    started, release = threading.Event(), threading.Event()
    real = analysis_runner.flags_first

    def slow_first(plan, *parts):
        if not started.is_set():  # only the first: the older revision
            started.set()
            release.wait(10)
        return real(plan, *parts)

    monkeypatch.setattr(analysis_runner, "flags_first", slow_first)
    handed: list[tuple[str, int, int]] = []  # (signal, snapshot's revision, shown plan's revision then)
    runner.flags_ready.connect(lambda s: handed.append(("flags", s.revision, window.document.plan.revision)))
    runner.ready.connect(lambda s: handed.append(("ready", s.revision, window.document.plan.revision)))
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
    runner.run()  # the older revision's job starts now
    older = window.document.plan.revision
    qtbot.waitUntil(started.is_set, timeout=10000)
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 3.0))
    newer = window.document.plan.revision
    dropped = runner.discarded
    release.set()
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)
    assert runner.discarded > dropped and runner.current().revision == newer
    assert [h for h in handed if h[1] == older] == []  # the older flags never reached a view
    assert handed == [("flags", newer, newer), ("ready", newer, newer)]
    assert window.flags.all_flags is runner.current().flags


def test_rows_of_an_older_revision_are_dropped_and_its_flags_not_kept(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """An edit while the second stage runs: the older rows are dropped, the newer flags follow."""
    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    started, release = _slow_first_rows(monkeypatch)
    handed: list[tuple[str, int]] = []
    runner.flags_ready.connect(lambda s: handed.append(("flags", s.revision)))
    runner.ready.connect(lambda s: handed.append(("ready", s.revision)))
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
    runner.run()
    older = window.document.plan.revision
    qtbot.waitUntil(started.is_set, timeout=10000)  # its flags are shown, its rows are being computed
    assert handed == [("flags", older)] and runner.flagged() is not None
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 3.0))
    newer = window.document.plan.revision
    assert runner.flagged() is None and "analysing…" in window.status.text()  # no longer the shown plan's
    release.set()
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)
    assert handed == [("flags", older), ("flags", newer), ("ready", newer)]
    assert window.flags.all_flags is runner.current().flags and runner.current().revision == newer


def test_back_to_a_scenario_analysed_before_its_flags_are_the_shown_ones(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """Switch to a scenario, edit it, and switch back while its rows are computing: the baseline's
    analysis is current again, flags included (the status bar counts them, the export reuses them)."""
    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    document = window.document
    baseline = runner.current()
    started, release = _slow_first_rows(monkeypatch)
    assert document.scenario_action(lambda s: s.create("B"))
    document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
    runner.run()
    qtbot.waitUntil(started.is_set, timeout=10000)  # B's flags are shown, its rows are being computed
    try:
        document.switch("Baseline")
        assert runner.current() is baseline and runner.flagged() is baseline
        assert "analysing…" not in window.status.text() and f"{len(baseline.flags)} flag" in window.status.text()
        assert window.flags.all_flags is baseline.flags
    finally:
        release.set()
    runner.jobs.wait()
    assert runner.flagged() is baseline and runner.current() is baseline


def test_an_edit_cancels_the_rows_of_the_older_revision_before_they_start(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """The older revision's flags are shown and its rows job waits to start when the next edit comes:
    those rows are never computed, the newer revision's are."""
    from effortplanner.gui import jobs as jobs_module

    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    rows_for: list[int] = []
    real_rows = snapshot_module._rows_of
    monkeypatch.setattr(snapshot_module, "_rows_of", lambda snap: rows_for.append(snap.revision) or real_rows(snap))
    held: list = []  # the start of the older revision's rows job, held until the edit is made
    hold = {"next": False, "once": True}
    real_after = jobs_module.after_repaint

    def after_repaint(call) -> None:
        if hold["next"]:
            hold["next"] = False
            held.append(call)
        else:
            real_after(call)

    monkeypatch.setattr(jobs_module, "after_repaint", after_repaint)

    def rows_next(_snap: object) -> None:  # the job started after the older flags: their rows
        hold.update(next=hold["once"], once=False)

    runner.flags_ready.connect(rows_next)
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
    runner.run()
    older = window.document.plan.revision
    qtbot.waitUntil(lambda: bool(held), timeout=10000)
    assert runner.flagged() is not None and runner.flagged().revision == older and not runner.flagged().has_rows
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 3.0))
    newer = window.document.plan.revision
    held.pop()()  # the older rows job starts now: cancelled, it computes nothing
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)
    runner.jobs.wait()
    assert runner.current().revision == newer and rows_for == [newer]


def test_the_flags_panel_lists_the_rows_the_analysis_made_beside_the_flags(
        qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """At 50,000 assignments listing ~5,000 flags took ~40 ms: the analysis job makes the rows, and
    the panel shows that very list (not rows made again on the GUI thread)."""
    from effortplanner.analysis.flag_rows import flag_rows

    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    listed = _counting(monkeypatch, "flag_rows")
    from effortplanner.gui import flags_panel

    on_gui: list[int] = []
    monkeypatch.setattr(flags_panel, "flag_rows", lambda *args: on_gui.append(1) or flag_rows(*args))
    with qtbot.waitSignal(runner.ready, timeout=10000), qtbot.waitSignal(runner.flags_ready, timeout=10000) as shown:
        window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
    snap = shown.args[0]
    rows = snap.parts[snapshot_module.FLAG_ROWS_PART]
    assert (len(listed), len(on_gui)) == (1, 0) and window.flags.model.rows == rows and len(rows) == len(snap.flags) > 0
    assert rows == flag_rows(window.document.plan, snap.flags)  # the same rows the panel would make
    plan = window.document.plan
    named = [(row, flag) for row, flag in zip(rows, snap.flags.flags()) if flag.person]
    assert named and all(row[2] == plan.person_name(flag.person) for row, flag in named)


def test_a_new_day_analyses_a_plan_without_an_as_of_date_again(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """At midnight the window of a plan analysed from today moves on: the runner analyses it again
    (in the background here) instead of showing yesterday's flags until the next edit."""
    import datetime as dt

    from effortplanner.analysis import window as window_module

    window, runner = _large_window(qtbot, seed_plan, tmp_path, monkeypatch)
    plan = window.document.plan
    assert plan.settings.as_of is None  # the seed plan is analysed from today
    before = runner.flagged()
    assert before is not None and runner.new_day.isActive()
    tomorrow = before.as_of + dt.timedelta(days=1)
    monkeypatch.setattr(window_module, "default_as_of", lambda: tomorrow)
    assert runner.flagged() is None  # the shown flags are yesterday's
    with qtbot.waitSignal(runner.ready, timeout=10000), qtbot.waitSignal(runner.flags_ready, timeout=10000) as shown:
        runner.new_day.timeout.emit()
    assert shown.args[0].as_of == tomorrow and runner.flagged() is shown.args[0]
    assert runner.new_day.isActive()  # armed for the next midnight
    assert "analysing" not in window.status.text()
