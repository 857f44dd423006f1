"""The plan file read and written by column: files of earlier versions open, and what is
written is what the cell-by-cell writer wrote (same values, same SQLite types)."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from effortplanner.core.plan import Note, Plan
from effortplanner.core.schema import TABLES
from effortplanner.io.errors import PlanReadError
from effortplanner.io.plan_columns import LOCK_CHUNK, frame_from_records, sql_column, sql_value
from effortplanner.io.planfile import NOTE_FIELDS, load_plan, save_plans
from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set

# Written by the cell-by-cell writer of format 1 (before the column-wise one): the sample
# plan plus a sheet of bad values (invalid marks), and a scenario with five logged edits.
FORMAT1 = Path(__file__).parent / "data" / "plans" / "format1.effortplan"
DATA_TABLES = ("notes", "changelog", *TABLES)


def _typed_rows(path: Path, table: str) -> list[tuple]:
    """Every row as SQL literals (quote() tells 1 from 1.0 from '1' from NULL), in stored order."""
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        quoted = ", ".join(f'quote("{c}")' for c in columns)
        return conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY scenario, position').fetchall()


def test_a_format_1_file_opens_with_its_scenarios_logs_notes_and_marks() -> None:
    scenarios = load_scenario_set(FORMAT1)
    assert scenarios.names == ["Baseline", "Tyler to Vito"]
    base, other = scenarios["Baseline"].plan, scenarios["Tyler to Vito"].plan
    assert [e.description for e in scenarios["Tyler to Vito"].log][0].startswith("Reassign")
    assert len(scenarios["Tyler to Vito"].log) == 5 and scenarios["Tyler to Vito"].log[0].note == "asked Vito"
    assert base.counts() == {"people": 19, "assignments": 40, "activities": 6, "milestones": 14}
    assert other.counts()["people"] == 20 and other.counts()["milestones"] == 13
    assert other.assignments.at["A1", "fte"] == pytest.approx(0.35) and base.assignments.at["A1", "fte"] != 0.35
    assert pd.isna(other.people.at["P1", "contract_end"]) or other.people.at["P1", "contract_end_text"]
    assert other.people.at["P1", "contract_end_text"] == "late spring 2017?"
    assert len(base.notes) == 35 and all(isinstance(n, Note) for n in base.notes)
    assert base.assignments["invalid"].map(lambda v: isinstance(v, dict)).sum() == 3
    assert base.assignments["start"].dtype == "datetime64[ns]" and base.assignments["fte"].dtype == "float64"
    assert base.assignments["fte_estimated"].dtype == bool and base.assignments["duty"].dtype == object
    assert str(base.settings.as_of) == "2016-03-30"


def test_saving_writes_the_same_typed_values_the_format_1_writer_wrote(tmp_path: Path) -> None:
    again = tmp_path / "again.effortplan"
    save_scenario_set(again, load_scenario_set(FORMAT1))
    for table in DATA_TABLES:
        assert _typed_rows(again, table) == _typed_rows(FORMAT1, table), table


def test_a_round_trip_keeps_every_table_cell_and_type(tmp_path: Path) -> None:
    plans = load_scenario_set(FORMAT1).plans()
    path = tmp_path / "plan.effortplan"
    save_plans(path, plans)
    for name, plan in plans.items():
        back = load_plan(path, name)
        for table in TABLES:
            pd.testing.assert_frame_equal(back.tables[table], plan.tables[table], check_exact=True)
            for column in plan.tables[table].columns[plan.tables[table].dtypes == object]:
                assert list(map(type, back.tables[table][column])) == list(map(type, plan.tables[table][column]))
        assert back.notes == plan.notes and back.settings == plan.settings and back._next_id == plan._next_id


def test_a_column_is_stored_as_each_of_its_cells_would_be() -> None:
    frame = pd.DataFrame({
        "day": pd.to_datetime(["2017-03-01", None, "1960-05-05 12:30", "2017-03-01"], format="ISO8601").astype("datetime64[ns]"),
        "fte": [0.5, np.nan, 1.0, np.inf],
        "tick": [True, False, True, False],
        "text": np.array(["a", None, "", "é"], dtype=object),
        "mixed": np.array([{"fte": "lots"}, np.nan, np.int64(3), pd.Timestamp("2016-01-02")], dtype=object),
    })
    for column in frame.columns:
        assert sql_column(frame[column]) == [sql_value(v) for v in frame[column].to_numpy(dtype=object)], column
    assert sql_column(frame["day"]) == ["2017-03-01", None, "1960-05-05", "2017-03-01"]
    assert sql_column(frame["mixed"]) == ['{"fte": "lots"}', None, 3, "2016-01-02"]


def test_stored_rows_are_put_in_position_order_and_typed_by_column() -> None:
    columns = ["name", "start", "start_text", "capacity_fte", "placeholder", "invalid"]
    plan_columns = [c for c in Plan().people.columns]
    records = [(2, "P3", "C", "2017-01-01", "Jan 2017", None, 0, None),
               (0, "P1", "A", "9999-12-31", "far", 0.5, 1, '{"start": "x"}'),
               (1, "P2", "B", 42, "", "0.25", None, None)]
    frame = frame_from_records("people", columns, records, positioned=True)
    assert list(frame.index) == ["P1", "P2", "P3"] and list(frame["name"]) == ["A", "B", "C"]
    assert pd.isna(frame.at["P1", "start"]) and pd.isna(frame.at["P2", "start"])  # out of range; not a text
    assert frame.at["P3", "start"] == pd.Timestamp("2017-01-01") and frame.at["P1", "start_text"] == "far"
    assert frame["capacity_fte"].tolist()[:2] == [0.5, 0.25] and np.isnan(frame.at["P3", "capacity_fte"])
    assert frame["placeholder"].tolist() == [True, False, False] and frame["placeholder"].dtype == bool
    assert frame.at["P1", "invalid"] == {"start": "x"} and frame.at["P2", "invalid"] is None
    assert set(columns) <= set(plan_columns)


def test_rows_over_several_copy_chunks_keep_their_order_and_dates() -> None:
    """A table longer than the chunks it is copied in (so the reading job lets the window run)."""
    columns = ["name", "start", "contract_end"]
    count = 2 * LOCK_CHUNK + 123
    rows = [(i, f"P{i}", f"N{i}", f"2016-{1 + i % 12:02d}-01", None if i % 7 else "2018-09-30") for i in range(count)]
    shuffled = [rows[i] for i in np.random.default_rng(5).permutation(count)]
    frame = frame_from_records("people", columns, shuffled, positioned=True)
    assert list(frame.index) == [f"P{i}" for i in range(count)]
    assert list(frame["name"]) == [f"N{i}" for i in range(count)]
    assert list(frame["start"]) == [pd.Timestamp(r[3]) for r in rows]
    assert frame["contract_end"].isna().sum() == sum(1 for r in rows if r[4] is None)
    assert frame.at["P7", "contract_end"] == pd.Timestamp("2018-09-30")


def test_text_where_a_number_belongs_is_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.effortplan"
    shutil.copy(FORMAT1, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE assignments SET fte='lots' WHERE id='A3'")
    with pytest.raises(PlanReadError, match="is damaged"):
        load_plan(path)


def test_note_fields_are_in_the_order_of_note() -> None:
    # Notes are rebuilt positionally from the stored columns.
    assert NOTE_FIELDS == tuple(f.name for f in fields(Note))


def test_text_a_default_adds_without_storing_it_is_still_counted(tmp_path: Path, monkeypatch) -> None:
    """A DEFAULT given by ALTER TABLE ADD COLUMN reaches every older row without being stored: such a
    file is scanned for its text even when the file itself is smaller than the text limit."""
    from effortplanner.io import plancheck

    path = tmp_path / "default.effortplan"
    shutil.copy(FORMAT1, path)
    big = "x" * 20_000
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE n2 AS SELECT scenario, position, file, sheet, row, \"column\", kind, person, field, value "
            "FROM notes; DROP TABLE notes; ALTER TABLE n2 RENAME TO notes; "
            f"ALTER TABLE notes ADD COLUMN message TEXT DEFAULT '{big}';")
    size = path.stat().st_size
    monkeypatch.setattr(plancheck, "MAX_TEXT", size + 1000)  # the file fits; its 70 x 20,000 characters do not
    with pytest.raises(PlanReadError, match="MB of text"):
        load_plan(path)
    monkeypatch.setattr(plancheck, "MAX_TEXT", 70 * 20_000 + 10 * size)
    assert load_plan(path).notes[0].message == big  # within the limit: read as it reads


def test_a_file_within_the_text_limit_and_without_defaults_is_not_scanned(tmp_path: Path, monkeypatch) -> None:
    from effortplanner.io import plancheck

    statements: list[str] = []
    real = plancheck.check_schema

    def traced(conn, *args):
        conn.set_trace_callback(statements.append)
        try:
            return real(conn, *args)
        finally:
            conn.set_trace_callback(None)

    monkeypatch.setattr("effortplanner.io.planfile.check_schema", traced)
    load_plan(FORMAT1)
    assert statements and not any("length(" in s for s in statements)
    monkeypatch.setattr(plancheck, "MAX_TEXT", FORMAT1.stat().st_size - 1)  # a file larger than the limit
    statements.clear()
    load_plan(FORMAT1)  # its text is within the limit, but only counting can tell
    assert any("length(" in s for s in statements)
