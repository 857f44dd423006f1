"""Editing cells as a user does: delegate editors, paste/copy/cut/clear of ranges, undo and redo."""

from __future__ import annotations

import math

import pandas as pd
import pytest


from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QTableView  # noqa: E402

from effortplanner.core.schema import CADENCES  # noqa: E402
from effortplanner.gui import clipboard  # noqa: E402
from effortplanner.gui.clipboard import copy_selection, cut, delete_cells, format_tsv, parse_tsv, paste  # noqa: E402
from effortplanner.gui.delegates import (  # noqa: E402
    ComboDelegate,
    DateDelegate,
    DateLineEdit,
    FteDelegate,
    FteLineEdit,
    NumberDelegate,
    install_delegates,
)
from effortplanner.gui.document import PlanDocument  # noqa: E402
from effortplanner.gui.table_model import PlanTableModel  # noqa: E402


# --- fixtures and helpers ------------------------------------------------------------------
@pytest.fixture
def document(seed_plan):
    return PlanDocument(seed_plan.copy())


@pytest.fixture
def open_table(qtbot, document):
    """A shown table view with the delegates installed, for a table name."""

    def make(table: str) -> tuple[QTableView, PlanTableModel]:
        model = PlanTableModel(document, table)
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        install_delegates(view, model)
        view.resize(1200, 600)
        view.show()
        qtbot.waitExposed(view)
        return view, model

    return make


def col(model: PlanTableModel, name: str) -> int:
    return model.column_index(name)


def select(view: QTableView, top: int, left: int, bottom: int | None = None, right: int | None = None) -> None:
    model = view.model()
    tl = model.index(top, left)
    br = model.index(top if bottom is None else bottom, left if right is None else right)
    view.selectionModel().setCurrentIndex(tl, QItemSelectionModel.SelectionFlag.NoUpdate)
    view.selectionModel().select(QItemSelection(tl, br), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def block(frame: pd.DataFrame, ids: list[str], columns: list[str]) -> pd.DataFrame:
    return frame.loc[ids, columns].copy()


def make_editor(view: QTableView, model: PlanTableModel, row: int, column: str):
    index = model.index(row, col(model, column))
    delegate = view.itemDelegateForIndex(index)  # the column's, or the view's default
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    return delegate, editor, index


# --- delegate editors ------------------------------------------------------------------------
def test_delegates_are_installed_per_column_kind(open_table) -> None:
    view, model = open_table("assignments")
    kinds = {c.name: type(view.itemDelegateForColumn(i)) for i, c in enumerate(model.columns)}
    assert kinds["start"] is kinds["end"] is DateDelegate
    assert kinds["person"] is kinds["successor"] is kinds["activity"] is kinds["vo"] is ComboDelegate
    assert kinds["cadence"] is ComboDelegate
    assert kinds["fte"] is FteDelegate
    assert view.itemDelegateForColumn(col(model, "duty")) is None  # text: the view's default editor
    assert all(view.itemDelegateForColumn(i).parent() is view for i in range(model.columnCount())
               if view.itemDelegateForColumn(i) is not None)


def test_date_typed_in_the_editor_then_undo_and_redo(qtbot, open_table, document) -> None:
    view, model = open_table("people")
    plan = document.plan
    row, column = model.row_of("P4"), col(model, "contract_end")  # Paola, "leaving on July 1st 2016"
    before_text, before_value = plan.people.at["P4", "contract_end_text"], plan.people.at["P4", "contract_end"]
    index = model.index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, DateLineEdit)
    qtbot.waitUntil(editor.isVisible)
    assert editor.text() == before_text
    editor.selectAll()
    qtbot.keyClicks(editor, "late Spring 2016")
    assert "2016-05-31" in editor.preview_text()
    assert editor.preview.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: plan.people.at["P4", "contract_end_text"] == "late Spring 2016")
    assert plan.people.at["P4", "contract_end"] == pd.Timestamp("2016-05-31")  # an end date takes the latest
    assert plan.people.at["P4", "contract_end_certainty"] == "approximate"
    assert document.undo_stack.count() == 1
    assert model.data(index).startswith("2016-05-31")

    document.undo_stack.undo()
    assert plan.people.at["P4", "contract_end_text"] == before_text
    assert plan.people.at["P4", "contract_end"] == before_value
    assert model.data(index, Qt.ItemDataRole.EditRole) == before_text
    document.undo_stack.redo()
    assert plan.people.at["P4", "contract_end_text"] == "late Spring 2016"
    assert plan.people.at["P4", "contract_end"] == pd.Timestamp("2016-05-31")


def test_date_editor_previews_the_reading(open_table) -> None:
    view, model = open_table("milestones")
    _, editor, _ = make_editor(view, model, 0, "date")
    editor.setText("late Spring 2016")
    assert "2016-05" in editor.preview_text()
    assert "approximate" in editor.preview_text() and editor.preview_is_valid()
    assert editor.toolTip() == editor.preview_text()
    editor.setText("sometime soonish")
    assert editor.preview_text().startswith("not a date")
    assert not editor.preview_is_valid()
    editor.setText("")
    assert "no date" in editor.preview_text()


def test_an_unreadable_date_is_committed_and_refused_with_the_reason(qtbot, open_table, document) -> None:
    view, model = open_table("milestones")
    delegate, editor, index = make_editor(view, model, 0, "date")
    editor.setText("sometime soonish")
    with qtbot.waitSignal(document.refused) as refused:
        delegate.setModelData(editor, model, index)
    assert "sometime soonish" in refused.args[0] and "not a date" in refused.args[0]
    assert document.undo_stack.count() == 0


def test_an_editor_left_unchanged_commits_nothing(qtbot, open_table, document) -> None:
    view, model = open_table("people")
    row = model.row_of("P7")  # "leaving on July 1st": its year came from the import's context
    with qtbot.assertNotEmitted(document.refused):
        for column in ("contract_end", "capacity_fte", "name"):
            delegate, editor, index = make_editor(view, model, row, column)
            delegate.setModelData(editor, model, index)
    assert document.undo_stack.count() == 0


@pytest.mark.parametrize(("typed", "stored", "shown"), [
    ("0.5", 0.5, "50%"), (".5", 0.5, "50%"), ("50%", 0.5, "50%"), ("50 %", 0.5, "50%"),
    ("50", 0.5, "50%"), ("0,5", 0.5, "50%"), ("1.5", 1.5, "150%"), ("12.5%", 0.125, "12.5%"),
    ("0.3 FTE", 0.3, "30%"),
])
def test_fte_typed_as_people_write_it_is_read_by_the_importers_rule(qtbot, open_table, document, typed, stored,
                                                                     shown) -> None:
    """Typed text → stored fraction → shown percent, the same rule the importer applies (core.values)."""
    from effortplanner.core.values import parse_fraction

    view, model = open_table("assignments")
    frame = document.plan.assignments
    first = frame.index[0]
    delegate, editor, index = make_editor(view, model, model.row_of(first), "fte")
    assert isinstance(editor, FteLineEdit)
    editor.setText(typed)
    assert editor.preview_is_valid()
    assert editor.preview_text().startswith(f"→ {shown}") and f"{stored:g} FTE" in editor.preview_text()
    delegate.setModelData(editor, model, index)
    assert frame.at[first, "fte"] == pytest.approx(stored)
    assert parse_fraction(typed)[0] == pytest.approx(stored)  # the importer reads the same text the same way
    assert model.data(index) == shown
    assert model.data(index, Qt.ItemDataRole.ToolTipRole).startswith(f"{stored:g} FTE") or \
        f"{stored:g} FTE" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    # Reopened, the editor shows what the cell shows, and leaving it unchanged stores nothing new.
    delegate, editor, index = make_editor(view, model, model.row_of(first), "fte")
    assert editor.text() == shown
    steps = document.undo_stack.count()
    delegate.setModelData(editor, model, index)
    assert document.undo_stack.count() == steps


def test_an_empty_fte_cell_opens_empty_and_typing_gives_the_typed_value(qtbot, open_table, document) -> None:
    view, model = open_table("assignments")
    frame = document.plan.assignments
    first = frame.index[0]
    assert math.isnan(frame.at[first, "fte"])  # no FTE stated
    index = model.index(model.row_of(first), col(model, "fte"))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    qtbot.waitUntil(editor.isVisible)
    assert editor.text() == ""
    qtbot.keyClicks(editor, "50%")
    assert editor.text() == "50%"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: frame.at[first, "fte"] == pytest.approx(0.5))
    assert model.data(index) == "50%"


@pytest.mark.parametrize(("typed", "reason"), [("lots", "not a number"), ("200", "more than any one person"),
                                                ("-0.2", "cannot be negative")])
def test_an_fte_that_does_not_parse_is_refused_and_the_cell_keeps_the_text(qtbot, open_table, document, typed,
                                                                          reason) -> None:
    view, model = open_table("assignments")
    first = document.plan.assignments.index[0]
    index = model.index(model.row_of(first), col(model, "fte"))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    qtbot.waitUntil(editor.isVisible)
    qtbot.keyClicks(editor, typed)
    assert not editor.preview_is_valid() and reason in editor.preview_text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # refused: the editor stays open with the text, saying why
    assert view.indexWidget(index) is editor and editor.text() == typed
    assert editor.preview_text().startswith("Not changed") and reason in editor.preview_text()
    assert math.isnan(document.plan.assignments.at[first, "fte"]) and document.undo_stack.count() == 0
    # Committed anyway (focus leaves the cell): the core refuses it with the same reason.
    delegate = view.itemDelegateForIndex(index)
    with qtbot.waitSignal(document.refused) as refused:
        delegate.setModelData(editor, model, index)
    assert reason in refused.args[0] and typed in refused.args[0]
    assert document.undo_stack.count() == 0


def test_a_bad_date_is_refused_the_same_way(qtbot, open_table, document) -> None:
    view, model = open_table("milestones")
    index = model.index(0, col(model, "date"))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    qtbot.waitUntil(editor.isVisible)
    editor.selectAll()
    qtbot.keyClicks(editor, "sometime soonish")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.indexWidget(index) is editor and editor.text() == "sometime soonish"
    assert "not a date" in editor.preview_text()
    assert document.undo_stack.count() == 0


def test_other_numbers_use_a_plain_spin_box(open_table, document) -> None:
    view, model = open_table("activities")
    delegate, editor, index = make_editor(view, model, 0, "fte_required")
    assert editor.suffix() == "" and editor.maximum() == 1000.0 and editor.decimals() == 2
    editor.setValue(2.25)
    delegate.setModelData(editor, model, index)
    assert document.plan.activities.at[model.row_id(0), "fte_required"] == 2.25


def test_person_combo_completes_and_an_unknown_name_is_refused(qtbot, open_table, document) -> None:
    view, model = open_table("assignments")
    row = model.row_of("A6")  # raw2root keep-up, Paola's
    delegate, combo, index = make_editor(view, model, row, "person")
    assert isinstance(combo, QComboBox) and combo.isEditable()
    assert combo.itemText(0) == ""  # clears the cell
    assert "Michele Fattoruso" in [combo.itemText(i) for i in range(combo.count())]
    assert combo.currentText() == "Paola Buitrago"
    completer = combo.completer()
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    combo.show()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "FATTO")
    qtbot.waitUntil(lambda: completer.completionCount() == 1)
    assert completer.currentCompletion() == "Michele Fattoruso"

    combo.setEditText("Nobody Atall")
    with qtbot.waitSignal(document.refused) as refused:
        delegate.setModelData(combo, model, index)
    assert "unknown person 'Nobody Atall'" in refused.args[0]
    assert document.plan.assignments.at["A6", "person"] == "P4"
    assert document.undo_stack.count() == 0

    combo.setEditText("Michele Fattoruso")
    delegate.setModelData(combo, model, index)
    assert document.plan.assignments.at["A6", "person"] == "P6"
    combo.setEditText("")
    delegate.setModelData(combo, model, index)
    assert document.plan.assignments.at["A6", "person"] is None
    assert document.undo_stack.count() == 2


def test_vo_and_cadence_combos(open_table, document) -> None:
    view, model = open_table("assignments")
    _, vo, _ = make_editor(view, model, 0, "vo")
    items = [vo.itemText(i) for i in range(vo.count())]
    assert vo.isEditable() and items[0] == "" and {"NOvA", "DUNE", "MINERvA"} <= set(items)
    delegate, cadence, index = make_editor(view, model, model.row_of("A6"), "cadence")
    assert not cadence.isEditable()
    assert [cadence.itemText(i) for i in range(cadence.count())] == ["", *CADENCES]
    assert cadence.currentText() == "daily"
    cadence.setCurrentText("weekly")
    delegate.setModelData(cadence, model, index)
    assert document.plan.assignments.at["A6", "cadence"] == "weekly"


# --- tab-separated text ---------------------------------------------------------------------
def test_parse_tsv_reads_excel_text() -> None:
    text = 'a\t"b\tc\nd"\t"say ""hi"""\r\n\t\tlast\r\n'
    assert parse_tsv(text) == [["a", "b\tc\nd", 'say "hi"'], ["", "", "last"]]
    assert parse_tsv("") == []
    assert parse_tsv("\n") == [[""]]
    assert parse_tsv("one") == [["one"]]
    assert parse_tsv('5" screen\tx') == [['5" screen', "x"]]  # a quote inside a field is text


@pytest.mark.parametrize("rows", [
    [["plain", "with\ttab", "two\nlines"], ['"quoted"', "", 'a "b" c']],
    [[""]],
    [["x", ""], ["", "y"]],
])
def test_parse_tsv_round_trips_quoted_fields(rows) -> None:
    assert parse_tsv(format_tsv(rows)) == rows


# --- copy ----------------------------------------------------------------------------------
def test_copy_gives_the_selection_as_tsv(open_table, document) -> None:
    view, model = open_table("people")
    document.set_value("people", "P4", "notes", 'moves to\n"NOvA"')
    document.set_value("people", "P2", "placeholder", True)
    rows = [model.row_of(p) for p in ("P2", "P4")]
    assert rows == sorted(rows) and rows[1] == rows[0] + 2  # P3 sits between them
    names = {r: model.data(model.index(r, col(model, "name"))) for r in range(rows[0], rows[1] + 1)}

    select(view, rows[0], col(model, "name"), rows[1], col(model, "name"))
    selection = view.selectionModel()
    for p, column in (("P2", "placeholder"), ("P4", "contract_end"), ("P4", "notes"), ("P2", "capacity_fte")):
        selection.select(model.index(model.row_of(p), col(model, column)), QItemSelectionModel.SelectionFlag.Select)
    text = copy_selection(view)

    span = [c.name for c in model.columns][col(model, "name"):col(model, "notes") + 1]
    expected_rows = []
    for r in range(rows[0], rows[1] + 1):
        line = [""] * len(span)
        line[0] = names[r]
        expected_rows.append(line)
    expected_rows[0][span.index("placeholder")] = "yes"
    expected_rows[0][span.index("capacity_fte")] = "100%"
    expected_rows[2][span.index("contract_end")] = "leaving on July 1st 2016"  # as written
    expected_rows[2][span.index("notes")] = 'moves to\n"NOvA"'
    assert parse_tsv(text) == expected_rows
    assert '"moves to\n""NOvA"""' in text
    assert text.startswith("Vito Di Benedetto\t\t")
    assert QGuiApplication.clipboard().text() == text


def test_copy_skips_hidden_columns_and_rows(open_table) -> None:
    view, model = open_table("people")
    view.setColumnHidden(col(model, "aliases"), True)
    view.setRowHidden(1, True)
    select(view, 0, col(model, "name"), 2, col(model, "role"))
    rows = parse_tsv(copy_selection(view))
    expected = [[model.data(model.index(r, c)) for c in (col(model, "name"), col(model, "role"))] for r in (0, 2)]
    assert rows == expected


# --- paste ---------------------------------------------------------------------------------
PASTE_COLUMNS = ["vo", "duty", "activity", "fte"]


def test_paste_a_3x4_range_is_one_undo_step(open_table, document) -> None:
    view, model = open_table("assignments")
    frame = document.plan.assignments
    ids = [model.row_id(r) for r in range(3)]
    before = block(frame, ids, PASTE_COLUMNS + ["invalid"])
    text = format_tsv([
        ["DUNE", "Keep-up one", "Application profiling", "30%"],
        ["LArIAT", "Keep-up two", "", "0.2"],
        ["All", "Keep-up three", "Extend LArSoft CI service", "15"],
    ])
    select(view, 0, col(model, "vo"))
    count = document.undo_stack.count()
    change = paste(view, text)

    assert change is not None and change.description == "Paste 12 cells"
    assert document.undo_stack.count() == count + 1
    assert document.undo_stack.undoText() == "Paste 12 cells"
    frame = document.plan.assignments
    assert list(frame.loc[ids, "vo"]) == ["DUNE", "LArIAT", "All"]
    assert list(frame.loc[ids, "duty"]) == ["Keep-up one", "Keep-up two", "Keep-up three"]
    assert list(frame.loc[ids, "activity"]) == ["T2", None, "T1"]
    assert list(frame.loc[ids, "fte"]) == pytest.approx([0.3, 0.2, 0.15])
    assert model.data(model.index(0, col(model, "duty"))) == "Keep-up one"

    document.undo_stack.undo()
    pd.testing.assert_frame_equal(block(document.plan.assignments, ids, PASTE_COLUMNS + ["invalid"]), before)
    document.undo_stack.redo()
    assert list(document.plan.assignments.loc[ids, "duty"]) == ["Keep-up one", "Keep-up two", "Keep-up three"]


def test_an_invalid_paste_is_refused_whole_with_the_reason(qtbot, open_table, document) -> None:
    view, model = open_table("assignments")
    ids = [model.row_id(r) for r in range(2)]
    before = block(document.plan.assignments, ids, PASTE_COLUMNS)
    select(view, 0, col(model, "vo"))
    with qtbot.waitSignal(document.refused) as refused:
        result = paste(view, "DUNE\tNew duty\t\t0.3\nAll\tOther duty\t\tlots\n")
    assert result is None
    reason = refused.args[0]
    assert "'lots' is not a number" in reason and "row 2" in reason and "FTE" in reason
    assert document.undo_stack.count() == 0
    pd.testing.assert_frame_equal(block(document.plan.assignments, ids, PASTE_COLUMNS), before)


def test_paste_from_the_clipboard_fills_a_selection_with_one_value(open_table, document) -> None:
    view, model = open_table("assignments")
    QGuiApplication.clipboard().setText("DUNE\r\n")  # as Excel puts one cell
    select(view, 2, col(model, "vo"), 5, col(model, "vo"))
    change = paste(view)
    assert change is not None and change.description == "Paste 4 cells"
    assert list(document.plan.assignments.loc[[model.row_id(r) for r in range(2, 6)], "vo"]) == ["DUNE"] * 4
    assert document.undo_stack.count() == 1


def test_paste_drops_what_lies_beyond_the_table_and_skips_read_only_columns(open_table, document) -> None:
    view, model = open_table("activities")
    last = model.rowCount() - 1
    select(view, last, col(model, "notes"))  # notes, source (read-only), then the edge
    change = paste(view, "n1\tsrc\textra\nn2\tsrc\textra\n")
    assert change is not None
    assert change.description == "Paste 1 cell; 4 cells beyond the table left out; 1 read-only cell skipped"
    assert document.plan.activities.at[model.row_id(last), "notes"] == "n1"
    assert document.plan.activities.at[model.row_id(last), "source"] != "src"


def test_pasting_only_onto_read_only_cells_is_refused(qtbot, open_table, document) -> None:
    view, model = open_table("activities")
    select(view, 0, col(model, "id"))
    with qtbot.waitSignal(document.refused) as refused:
        assert paste(view, "T99") is None
    assert "Nothing pasted" in refused.args[0]


def test_paste_into_yes_no_columns(open_table, document) -> None:
    view, model = open_table("people")
    select(view, 0, col(model, "placeholder"))
    change = paste(view, "yes\nno\ntrue\nfalse\n1\n0\n")
    assert change is not None
    assert list(document.plan.people.loc[[model.row_id(r) for r in range(6)], "placeholder"]) == \
        [True, False, True, False, True, False]


def test_copy_then_paste_elsewhere_round_trips(open_table, document) -> None:
    view, model = open_table("people")
    start, end = col(model, "name"), col(model, "notes")
    select(view, 1, start, 3, end)
    text = copy_selection(view)
    source = block(document.plan.people, [model.row_id(r) for r in (1, 2, 3)], ["contract_end_text", "notes"])
    select(view, 10, start)
    assert paste(view) is not None  # the clipboard's text
    target = block(document.plan.people, [model.row_id(r) for r in (10, 11, 12)], ["contract_end_text", "notes"])
    assert target.to_numpy().tolist() == source.to_numpy().tolist()
    select(view, 10, start, 12, end)
    assert copy_selection(view) == text


# --- cut and clear ---------------------------------------------------------------------------
def test_delete_clears_the_selection_as_one_step(open_table, document) -> None:
    view, model = open_table("assignments")
    row = model.row_of("A6")
    select(view, row, col(model, "vo"), row + 1, col(model, "vo"))
    view.selectionModel().select(model.index(row, col(model, "cadence")), QItemSelectionModel.SelectionFlag.Select)
    change = delete_cells(view)
    assert change is not None and change.description == "Clear 3 cells"
    assert document.plan.assignments.at["A6", "vo"] == "" and document.plan.assignments.at["A6", "cadence"] == ""
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.plan.assignments.at["A6", "vo"] == "NOvA"
    assert document.plan.assignments.at["A6", "cadence"] == "daily"


def test_clearing_a_required_column_is_refused(qtbot, open_table, document) -> None:
    view, model = open_table("assignments")
    select(view, 0, col(model, "vo"), 1, col(model, "duty"))
    before = block(document.plan.assignments, [model.row_id(0), model.row_id(1)], ["vo", "duty"])
    with qtbot.waitSignal(document.refused) as refused:
        assert delete_cells(view) is None
    assert "Duty is required" in refused.args[0]
    pd.testing.assert_frame_equal(block(document.plan.assignments, [model.row_id(0), model.row_id(1)],
                                        ["vo", "duty"]), before)
    assert document.undo_stack.count() == 0


def test_cut_copies_then_clears(open_table, document) -> None:
    view, model = open_table("assignments")
    row = model.row_of("A6")
    select(view, row, col(model, "vo"))
    view.selectionModel().select(model.index(row, col(model, "successor")), QItemSelectionModel.SelectionFlag.Select)
    change = cut(view)
    assert change is not None and change.description == "Cut 2 cells"
    rows = parse_tsv(QGuiApplication.clipboard().text())
    assert rows[0][0] == "NOvA" and rows[0][-1] == "Michele Fattoruso" and set(rows[0][1:-1]) == {""}
    assert document.plan.assignments.at["A6", "vo"] == ""
    assert document.plan.assignments.at["A6", "successor"] is None
    document.undo_stack.undo()
    assert document.plan.assignments.at["A6", "successor"] == "P6"


def test_the_module_exports_the_documented_api() -> None:
    for name in ("copy_selection", "parse_tsv", "format_tsv", "paste", "cut", "delete_cells"):
        assert callable(getattr(clipboard, name))


@pytest.mark.parametrize("table", ["people", "assignments", "activities", "milestones"])
def test_copied_text_is_what_the_cells_show_unabbreviated(open_table, table: str) -> None:
    view, model = open_table(table)
    ids = [model.row_id(r) for r in range(model.rowCount())]
    for c, view_column in enumerate(model.columns):
        texts = clipboard.column_texts(model, c, ids)
        column = view_column.column
        for r, text in enumerate(texts):
            index = model.index(r, c)
            if column.type == "date":
                assert text == (model.data(index, Qt.ItemDataRole.EditRole) or "")
            elif column.type == "bool":
                assert text == ("yes" if model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
                                else "")
            elif column.type == "float":
                value = model.data(index, Qt.ItemDataRole.EditRole)
                assert (text == "") == (value is None or math.isnan(value))
                if text:
                    assert float(text.rstrip("%")) / (100 if text.endswith("%") else 1) == pytest.approx(value)
            else:
                assert text == model.data(index), (column.name, r)


def test_copy_and_paste_follow_the_columns_as_shown(open_table, document) -> None:
    view, model = open_table("assignments")
    header = view.horizontalHeader()
    header.setSectionsMovable(True)
    header.moveSection(header.visualIndex(col(model, "volume")), header.visualIndex(col(model, "vo")) + 1)
    view.setRowHidden(1, True)
    select(view, 0, col(model, "vo"))
    view.selectionModel().select(model.index(2, col(model, "volume")), QItemSelectionModel.SelectionFlag.Select)
    rows = parse_tsv(copy_selection(view))
    assert rows == [[model.data(model.index(0, col(model, "vo"))), ""],
                    ["", model.data(model.index(2, col(model, "volume")))]]
    select(view, 0, col(model, "vo"))
    assert paste(view, "DUNE\tlots of jobs\nLArIAT\tfew jobs\n") is not None
    frame = document.plan.assignments
    assert (frame.at[model.row_id(0), "vo"], frame.at[model.row_id(0), "volume"]) == ("DUNE", "lots of jobs")
    assert frame.at[model.row_id(1), "vo"] != "LArIAT"  # hidden: skipped
    assert (frame.at[model.row_id(2), "vo"], frame.at[model.row_id(2), "volume"]) == ("LArIAT", "few jobs")


def test_a_date_without_a_year_stays_editable_after_import(tmp_path) -> None:
    """Juan's 'leaving on July 1st' was read with the roster's year; editing it later reads the same way."""
    from effortplanner.core import edits
    from effortplanner.io.importer import import_files

    path = tmp_path / "r.csv"
    path.write_text("Name,Contract end\nJuan Morales,leaving on July 1st\nAnn,2016-09-30\n", encoding="utf-8")
    plan = import_files([path])
    assert plan.settings.context_year == 2016
    edits.set_value(plan, "people", "P1", "contract_end", "leaving on August 1st")
    assert plan.people.at["P1", "contract_end"].date().isoformat() == "2016-08-01"
