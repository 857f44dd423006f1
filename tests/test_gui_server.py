"""File › Open from Server… / Publish to Server… against a real server: off the GUI thread, conflicts offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from effortplanner.cli import main
from effortplanner.io.stores import store_for
from effortplanner.io.stores.location import parse_location
from tests.gui_helpers import make_window
from tests.server_helpers import Server, pg_cluster, pg_server  # noqa: F401  (fixtures)

PASSWORD = "gui-S3cret"


@pytest.fixture()
def published(pg_server: Server, sample_files: list[Path]) -> tuple[Server, str]:
    """The sample plan on the server, and a head's URL (with password) that may write it."""
    assert main(["convert", *map(str, sample_files), "-o", f"{pg_server.admin}?plan=opos"]) == 0
    head = pg_server.login("head", PASSWORD)
    assert main(["db", "grant", pg_server.admin, "--plan", "opos", "--to", pg_server.role(head), "--write"]) == 0
    return pg_server, f"{head}?plan=opos"


def _open(qtbot, window, url: str) -> None:
    with qtbot.waitSignal(window.server.finished, timeout=30000) as done:
        window.server.open_location(parse_location(url), None)
    assert done.args == [True]


def test_open_from_server_shows_the_plan_and_never_the_password(qtbot, published, seed_plan, tmp_path) -> None:
    from effortplanner.core.plan import Plan
    from effortplanner.gui.server_dialogs import ConnectDialog, recent_servers

    _, url = published
    window = make_window(qtbot, Plan(), tmp_path)
    _open(qtbot, window, url)
    assert len(window.document.plan.people) == len(seed_plan.people)
    assert len(window.document.plan.assignments) == len(seed_plan.assignments)
    assert PASSWORD not in window.windowTitle() and "?plan=opos" in window.windowTitle()
    assert recent_servers(window.settings) == [parse_location(url).server_url]
    assert all(PASSWORD not in str(v) for k in window.settings.store.allKeys() for v in [window.settings.store.value(k)])
    dialog = ConnectDialog(window.settings, "Publish to Server", plan="opos", parent=window)
    assert dialog.server.currentText() == parse_location(url).server_url  # offered from the recent list
    dialog.grab().save(str(tmp_path / "connect.png"))
    dialog.close()


def _stale_window(qtbot, published, tmp_path):
    from effortplanner.core.plan import Plan

    server, url = published
    window = make_window(qtbot, Plan(), tmp_path)
    _open(qtbot, window, url)
    theirs = store_for(f"{server.admin}?plan=opos")
    opened = theirs.open()
    theirs.save(opened.scenarios, opened.revisions)  # someone publishes after we opened
    person = window.document.plan.people.index[0]
    window.document.set_value("people", person, "role", "Director")  # our unpublished edit
    return window, url, person


def test_stale_publish_saved_as_a_new_scenario(qtbot, published, tmp_path) -> None:
    window, url, person = _stale_window(qtbot, published, tmp_path)
    offered = []
    window.server.choose = lambda error: offered.append(error) or "new_scenario"
    with qtbot.waitSignal(window.server.finished, timeout=30000) as done:
        window.server.publish_to(parse_location(url), None)
    assert done.args == [True] and offered[0].current == 2 and offered[0].loaded == 1
    names = store_for(url).list_scenarios()
    assert names[0] == "Baseline" and names[1].startswith("Baseline (mine, ")
    opened = store_for(url).open()
    assert opened.scenarios[names[1]].plan.people.at[person, "role"] == "Director"
    assert opened.scenarios["Baseline"].plan.people.at[person, "role"] != "Director"  # theirs kept


def test_stale_publish_reload_takes_theirs(qtbot, published, tmp_path) -> None:
    window, url, person = _stale_window(qtbot, published, tmp_path)
    window.server.choose = lambda error: "reload"
    with qtbot.waitSignal(window.server.finished, timeout=30000) as done:  # emitted once the reload is shown
        window.server.publish_to(parse_location(url), None)
    assert done.args == [True]
    assert window.server.origin.revisions == {"Baseline": 2}
    assert window.document.plan.people.at[person, "role"] != "Director" and not window.document.modified


def test_stale_publish_compare_puts_theirs_beside_mine(qtbot, published, tmp_path) -> None:
    window, url, person = _stale_window(qtbot, published, tmp_path)
    window.server.choose = lambda error: "compare"
    with qtbot.waitSignal(window.server.finished, timeout=30000):
        window.server.publish_to(parse_location(url), None)
    theirs = "Baseline (revision 2 by postgres)"
    assert window.document.scenarios.names == ["Baseline", theirs] and window.document.scenarios.active == "Baseline"
    dialog = window.compare_dialog
    assert (dialog.base.currentText(), dialog.other.currentText()) == (theirs, "Baseline")
    assert dialog.result is not None and dialog.result.to_json()  # the comparison ran
    assert window.document.scenarios[theirs].plan.people.at[person, "role"] != "Director"
    dialog.close()


def test_division_view_rolls_up_and_exports(qtbot, pg_server: Server, tmp_path) -> None:
    from effortplanner.core.plan import Plan
    from effortplanner.gui.division_view import open_division_view

    for plan, rows in (("physics", "Maria Lopez,NOvA,Keep-up,0.7,2026-01-01,2030-12-31\n"),
                       ("computing", "Maria Lopez,All,Operations,0.7,2026-01-01,2030-12-31\n")):
        source = tmp_path / f"{plan}.csv"
        source.write_text("Name,VO,Assignment,FTE,Start,End\n" + rows)
        assert main(["convert", str(source), "-o", f"{pg_server.admin}?plan={plan}"]) == 0
    reviewer = pg_server.login("division", PASSWORD)
    assert main(["db", "grant", pg_server.admin, "--plan", "*", "--to", pg_server.role(reviewer)]) == 0
    window = make_window(qtbot, Plan(), tmp_path)
    with qtbot.waitSignal(open_division_view(window, window.settings, parse_location(reviewer)).finished,
                          timeout=30000):
        pass
    qtbot.waitUntil(lambda: hasattr(window, "division_dialog"), timeout=10000)
    dialog = window.division_dialog
    assert PASSWORD not in dialog.windowTitle()
    assert dialog.over.rowCount() == 1 and dialog.over.item(0, 1).text() == "Maria Lopez"
    assert dialog.over.item(0, 2).text() == "computing, physics" and "140%" in dialog.over.item(0, 3).text()
    assert dialog.summary.rowCount() == 2
    dialog.grab().save(str(tmp_path / "division.png"))
    out = tmp_path / "division.xlsx"
    assert dialog.export(str(out)) and out.stat().st_size > 0
    dialog.close()


def test_connect_dialog_lists_the_plans_a_login_may_read(qtbot, published, tmp_path) -> None:
    from effortplanner.core.plan import Plan
    from effortplanner.gui.server_dialogs import ConnectDialog

    _, url = published
    window = make_window(qtbot, Plan(), tmp_path)
    dialog = ConnectDialog(window.settings, "Open from Server", parent=window)
    dialog.server.setCurrentText(url.split("?")[0])  # a URL typed with its password
    dialog.list_plans()
    qtbot.waitUntil(lambda: dialog.plan.count() == 1, timeout=30000)
    assert dialog.plan.currentText() == "opos" and dialog.status.text() == "1 plan you may read"
    loc = dialog.location()
    assert loc is not None and loc.plan == "opos" and PASSWORD not in loc.shown and loc.password == PASSWORD
    dialog.server.setCurrentText("db.example.org")
    assert dialog.location() is None and "postgresql://" in dialog.status.text()
    dialog.close()
