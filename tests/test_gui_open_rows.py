"""Opening or importing a plan while a table is sorted or filtered: the rows' order is worked out in
the job that loads the plan, not on the GUI thread (issue 13: ~30-70 ms of the open's longest
block at 50,000 duties), and it is the order the table would show anyway."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from effortplanner.core import edits
from effortplanner.gui import table_rows
from effortplanner.gui.table_model import PlanTableModel
from effortplanner.io.planfile import save_plan
from tests.gui_helpers import make_window

DISPLAY = Qt.ItemDataRole.DisplayRole


def _shown(model: PlanTableModel, column: int) -> list[str]:
    return [model.data(model.index(r, column), DISPLAY) for r in range(model.rowCount())]


def _threads_ordering(monkeypatch) -> list[bool]:
    """Whether each row order worked out ran on the GUI (main) thread."""
    seen: list[bool] = []
    original = table_rows.TableTexts.visible_positions

    def spy(self, needle, sort):
        seen.append(threading.current_thread() is threading.main_thread())
        return original(self, needle, sort)

    monkeypatch.setattr(table_rows.TableTexts, "visible_positions", spy)
    return seen


def _by_duty(qtbot, plan, tmp_path, order: Qt.SortOrder):
    """A window on `plan` whose Assignments table is sorted by duty; (window, model, duty column)."""
    window = make_window(qtbot, plan, tmp_path)
    model = window.pages["assignments"].model
    duty = model.column_index("duty")
    model.sort(duty, order)
    return window, model, duty


def _settled(window) -> None:
    """The open or import done, and the analysis it started."""
    window.files.wait()
    window.document.analysis.jobs.wait()


def test_a_sorted_and_filtered_table_gets_its_rows_from_the_open_job(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    other = seed_plan.copy()
    edits.set_value(other, "assignments", "A1", "duty", "Zz last duty")
    edits.set_value(other, "assignments", "A2", "duty", "aa first duty")
    path = tmp_path / "other.effortplan"
    save_plan(path, other)
    window, model, duty = _by_duty(qtbot, seed_plan, tmp_path, Qt.SortOrder.DescendingOrder)
    model.set_filter("duty")
    seen = _threads_ordering(monkeypatch)
    assert window.files.open_paths([path], ask=False)
    _settled(window)
    assert seen and not any(seen), "the rows of the opened plan were ordered on the GUI thread"
    shown = _shown(model, duty)
    expected = sorted((d for d in other.assignments["duty"] if "duty" in d.lower()), key=str.casefold, reverse=True)
    assert shown == expected and shown[0] == "Zz last duty" and shown[-1] == "aa first duty"
    # the same rows as the table works them out itself
    model.reload()
    assert _shown(model, duty) == shown


def test_a_sort_changed_while_the_plan_loads_is_the_one_shown(qtbot, seed_plan, tmp_path) -> None:
    path = tmp_path / "plan.effortplan"
    save_plan(path, seed_plan)
    window, model, duty = _by_duty(qtbot, seed_plan, tmp_path, Qt.SortOrder.AscendingOrder)
    assert window.files.open_paths([path], ask=False)  # its job orders the rows by duty, ascending
    model.sort(duty, Qt.SortOrder.DescendingOrder)  # the user clicks the header again meanwhile
    _settled(window)
    assert _shown(model, duty) == sorted(seed_plan.assignments["duty"], key=str.casefold, reverse=True)


def test_an_import_orders_the_rows_in_its_job(qtbot, seed_plan, sample_files, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    model = window.pages["people"].model
    name = model.column_index("name")
    model.sort(name, Qt.SortOrder.AscendingOrder)
    seen = _threads_ordering(monkeypatch)
    assert window.files.import_paths(sample_files)
    _settled(window)
    assert seen and not any(seen)
    shown = _shown(model, name)
    assert shown == sorted(window.document.plan.people["name"], key=str.casefold)


def test_a_view_whose_preparation_fails_still_shows_the_opened_plan(qtbot, seed_plan, tmp_path, monkeypatch,
                                                                   caplog) -> None:
    """The rows worked out in the job are an extra: if that work fails, the plan opens all the same and
    the table orders its rows itself."""
    path = tmp_path / "plan.effortplan"
    save_plan(path, seed_plan)
    window, model, duty = _by_duty(qtbot, seed_plan, tmp_path, Qt.SortOrder.AscendingOrder)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in a view's preparation")

    monkeypatch.setattr(table_rows.RowOrder, "prepare", broken)
    window.document.new()  # another plan shown first: the open must bring the rows back
    assert model.rowCount() == 0
    assert window.files.open_paths([path], ask=False)
    _settled(window)
    assert window.document.path == path and "preparing a view of the loaded plan failed" in caplog.text
    assert _shown(model, duty) == sorted(seed_plan.assignments["duty"], key=str.casefold)



def test_the_job_leaves_the_views_alone_until_the_plan_is_shown(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    """The loading job only computes: a view gets its rows when the GUI thread delivers them as the plan
    is shown; a plan loaded but never delivered (a failed or dropped open) leaves the views to order
    the next plan they show themselves."""
    window, model, duty = _by_duty(qtbot, seed_plan, tmp_path, Qt.SortOrder.AscendingOrder)
    other = seed_plan.copy()
    edits.set_value(other, "assignments", "A1", "duty", "aa first duty")
    seen = _threads_ordering(monkeypatch)

    def in_a_job():
        results = []
        job = threading.Thread(target=lambda: results.append(window.document.preparation()(other)))
        job.start()
        job.join()
        return results[0]

    in_a_job()  # worked out, never delivered
    assert seen and not any(seen)
    seen.clear()
    window.document.replace(other, None)
    assert any(seen)  # the table ordered the rows itself: nothing from the dropped job was used
    seen.clear()
    prepared = in_a_job()
    prepared.deliver()
    window.document.replace(other, None)
    assert seen and not any(seen)  # the rows worked out in the job, taken as the plan was shown
    assert _shown(model, duty) == sorted(other.assignments["duty"], key=str.casefold)
