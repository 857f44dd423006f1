"""The native plan file (`.effortplan`): one SQLite file, several scenarios, saved atomically.

Saving writes a temporary file in the same folder and renames it over the old one, so
a crash, a kill or a full disk mid-save leaves the previous file as it was. The file
carries a format version; older formats are migrated on load, newer ones refused.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from effortplanner import __version__
from effortplanner.core.dates import EARLIEST_PLAN_DATE, LATEST_PLAN_DATE
from effortplanner.core.edits import frame_from_rows
from effortplanner.core.plan import Note, Plan, PlanSettings, _dtype
from effortplanner.core.schema import SCHEMAS, TABLES
from effortplanner.io.atomic import atomic_write, remove_stale_temporaries
from effortplanner.io.errors import PlanReadError
from effortplanner.io.guard import checked_file, read_head
from effortplanner.io.plancheck import check_schema, damaged, settings_from_json, time_budget

SUFFIX = ".effortplan"
FORMAT_VERSION = 1
BASELINE = "Baseline"
# Migrations from format N to N+1, applied in order to an open connection.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}
LogRow = tuple[str, str, str, str]  # changelog: at (ISO time), description, note, change (JSON text)
NOTE_FIELDS = ("file", "sheet", "row", "column", "message", "kind", "person", "field", "value")


def _columns(table: str) -> list[str]:
    return [c for c in SCHEMAS[table].physical_columns() if c != "id"]


def _schema_sql() -> str:
    statements = [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE scenarios (name TEXT PRIMARY KEY, position INTEGER, description TEXT, parent TEXT, "
        "created TEXT, settings TEXT, next_ids TEXT)",
        "CREATE TABLE notes (scenario TEXT, position INTEGER, " + ", ".join(f'"{f}"' for f in NOTE_FIELDS) + ")",
        "CREATE TABLE changelog (scenario TEXT, position INTEGER, at TEXT, description TEXT, note TEXT, "
        "change TEXT)",
    ]
    for table in TABLES:
        cols = ", ".join(f'"{c}"' for c in _columns(table))
        statements.append(f'CREATE TABLE "{table}" (scenario TEXT, position INTEGER, id TEXT, {cols}, '
                          "PRIMARY KEY (scenario, id))")
    return ";\n".join(statements) + ";"


def _cell(value: object) -> object:
    """A frame cell as an SQLite value: ISO dates, NULL for NaN/NaT/None, JSON for dicts."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "item"):
        return _cell(value.item())
    return value


def _settings_json(settings: PlanSettings) -> str:
    data = asdict(settings)
    for key in ("as_of", "horizon"):
        data[key] = data[key].isoformat() if data[key] else None
    return json.dumps(data)


def save_plans(path: str | Path, plans: Mapping[str, Plan], descriptions: Mapping[str, str] | None = None, *,
               parents: Mapping[str, str | None] | None = None, created: Mapping[str, str] | None = None,
               changelog: Mapping[str, Sequence[LogRow]] | None = None) -> None:
    """Write scenarios (name -> plan; the first is the baseline) atomically to `path`.

    Optional, per scenario name: `parents` (the scenario it was copied from), `created`
    (ISO time; default now) and `changelog` rows (at ISO time, description, note, change
    as JSON text), which `effortplanner.io.scenario_file` reads back.
    """
    atomic_write(path, lambda tmp: _write(tmp, plans, descriptions or {}, parents, created, changelog),
                 errors=(sqlite3.Error,))


def save_plan(path: str | Path, plan: Plan) -> None:
    save_plans(path, {BASELINE: plan})


def _write(tmp: Path, plans: Mapping[str, Plan], descriptions: Mapping[str, str],
           parents: Mapping[str, str | None] | None = None, created: Mapping[str, str] | None = None,
           changelog: Mapping[str, Sequence[LogRow]] | None = None) -> None:
    parents, created, changelog = parents or {}, created or {}, changelog or {}
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")  # the temporary file is the journal
        conn.execute("PRAGMA synchronous=OFF")  # fsync once, before the rename
        conn.executescript(_schema_sql())
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("format_version", str(FORMAT_VERSION)),
                                                            ("app_version", __version__), ("saved_at", now)])
        for position, (name, plan) in enumerate(plans.items()):
            conn.execute("INSERT INTO scenarios VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (name, position, descriptions.get(name, ""), parents.get(name), created.get(name, now),
                          _settings_json(plan.settings), json.dumps(plan._next_id)))
            for table in TABLES:
                frame = plan.tables[table]
                columns = _columns(table)
                marks = ", ".join("?" for _ in range(len(columns) + 3))
                values = frame[columns].to_numpy(dtype=object)
                rows = [(name, i, row_id, *map(_cell, row)) for i, (row_id, row) in enumerate(zip(frame.index, values))]
                conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
            conn.executemany("INSERT INTO changelog VALUES (?, ?, ?, ?, ?, ?)",
                             [(name, i, *row) for i, row in enumerate(changelog.get(name, ()))])
            conn.executemany(f"INSERT INTO notes VALUES ({', '.join('?' for _ in range(len(NOTE_FIELDS) + 2))})",
                             [(name, i, *(getattr(n, f) for f in NOTE_FIELDS)) for i, n in enumerate(plan.notes)])
        conn.commit()
    finally:
        conn.close()


def expected_schema() -> dict[str, list[str]]:
    """Table -> the columns this version reads: what a plan file must have."""
    expected = {"meta": ["key", "value"],
                "scenarios": ["name", "position", "description", "parent", "created", "settings", "next_ids"],
                "notes": ["scenario", "position", *NOTE_FIELDS],
                "changelog": ["scenario", "position", "at", "description", "note", "change"]}
    for table in TABLES:
        expected[table] = ["scenario", "position", "id", *_columns(table)]
    return expected


def _open(path: Path) -> sqlite3.Connection:
    """The plan file opened read-only, its schema and sizes checked, every query under a time budget."""
    checked_file(path, "plan")
    remove_stale_temporaries(path)
    if read_head(path, 16) != b"SQLite format 3\x00":
        raise PlanReadError("is not an Effort Planner plan file", file=path)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise PlanReadError(f"cannot be opened ({exc})", file=path) from None
    try:
        time_budget(conn)
        check_schema(conn, path, {"meta": ["key", "value"]})
        row = conn.execute("SELECT value FROM meta WHERE key='format_version'").fetchone()
        version = int(row[0])
    except PlanReadError:
        conn.close()
        raise
    except (sqlite3.Error, TypeError, ValueError, OverflowError):
        conn.close()
        raise PlanReadError("is damaged or not an Effort Planner plan file", file=path) from None
    if version > FORMAT_VERSION:
        conn.close()
        raise PlanReadError(f"was saved by a newer Effort Planner (file format {version}; this version reads "
                            f"up to {FORMAT_VERSION}); please update the application", file=path)
    if version < FORMAT_VERSION:
        # Migrate a private in-memory copy; the file on disk is left as it was.
        memory = sqlite3.connect(":memory:")
        conn.backup(memory)
        conn.close()
        conn = memory
        time_budget(conn)
        for step in range(version, FORMAT_VERSION):
            if step not in MIGRATIONS:
                raise PlanReadError(f"uses file format {step}, which this version cannot convert", file=path)
            MIGRATIONS[step](conn)
    try:
        check_schema(conn, path, expected_schema())
    except sqlite3.Error as exc:
        conn.close()
        raise damaged(path, exc) from None
    except PlanReadError:
        conn.close()
        raise
    return conn


def scenario_names(path: str | Path) -> list[str]:
    return [r[0] for r in _query(path, "SELECT name FROM scenarios ORDER BY position")]


def load_plans(path: str | Path) -> dict[str, Plan]:
    """Every scenario in a plan file, in order (the baseline first)."""
    path = Path(path)
    conn = _open(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM scenarios ORDER BY position")]
        return {name: _read_scenario(conn, name, path) for name in names}
    except (sqlite3.Error, KeyError, ValueError, TypeError, OverflowError) as exc:
        raise damaged(path, exc) from None
    finally:
        conn.close()


def load_plan(path: str | Path, scenario: str | None = None) -> Plan:
    """One scenario of a plan file (the baseline by default)."""
    plans = load_plans(path)
    if not plans:
        raise PlanReadError("holds no plan", file=path)
    if scenario is None:
        return next(iter(plans.values()))
    if scenario not in plans:
        raise PlanReadError(f"has no scenario {scenario!r} (it has: {', '.join(plans)})", file=path)
    return plans[scenario]


def _read_scenario(conn: sqlite3.Connection, name: str, path: Path) -> Plan:
    settings_text, next_ids = conn.execute("SELECT settings, next_ids FROM scenarios WHERE name=?", (name,)).fetchone()
    settings, settings_notes = settings_from_json(settings_text, path.name)
    plan = Plan(settings)
    for table in TABLES:
        columns = _columns(table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        cursor = conn.execute(f'SELECT id, {quoted} FROM "{table}" WHERE scenario=? ORDER BY position', (name,))
        records = cursor.fetchall()
        ids = [r[0] for r in records]
        plan.tables[table] = _frame(table, columns, ids, records)
    notes = conn.execute(f"SELECT {', '.join(chr(34) + f + chr(34) for f in NOTE_FIELDS)} FROM notes "
                         "WHERE scenario=? ORDER BY position", (name,)).fetchall()
    plan.notes = [Note(**dict(zip(NOTE_FIELDS, n))) for n in notes] + settings_notes
    counters = json.loads(next_ids or "{}")
    if isinstance(counters, dict):
        plan._next_id.update({str(k): v for k, v in counters.items() if isinstance(v, int) and 0 <= v < 10**9})
    return plan


def _frame(table: str, columns: list[str], ids: list[str], records: list[tuple]) -> pd.DataFrame:
    schema = SCHEMAS[table]
    data: dict[str, list[object]] = {c: [r[i + 1] for r in records] for i, c in enumerate(columns)}
    rows_by_column: dict[str, object] = {}
    for column, values in data.items():
        dtype = _dtype(schema, column)
        if dtype == "datetime64[ns]":
            rows_by_column[column] = _dates(values)
        elif dtype == "float64":
            rows_by_column[column] = [math.nan if v is None else float(v) for v in values]  # type: ignore[arg-type]
        elif dtype == "bool":
            rows_by_column[column] = [bool(v) for v in values]
        elif column == "invalid":
            rows_by_column[column] = [json.loads(str(v)) if v else None for v in values]
        else:
            rows_by_column[column] = values
    rows = [{c: rows_by_column[c][i] for c in columns} for i in range(len(ids))]  # type: ignore[index]
    return frame_from_rows(schema, ids, rows)


def _dates(values: list[object]) -> object:
    """ISO texts as datetime64[ns]; anything else, or a date a plan cannot hold, is NaT (its _text column stays)."""
    low, high = EARLIEST_PLAN_DATE.isoformat(), LATEST_PLAN_DATE.isoformat()
    kept = [v if isinstance(v, str) and low <= v[:10] <= high else None for v in values]
    return pd.to_datetime(pd.Series(kept, dtype=object), format="ISO8601", errors="coerce").astype(
        "datetime64[ns]").to_numpy()


def _query(path: str | Path, sql: str) -> list[tuple]:
    """Rows of one read-only query on a plan file; a damaged file is one located error."""
    path = Path(path)
    conn = _open(path)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error as exc:
        raise damaged(path, exc) from None
    finally:
        conn.close()


def scenario_info(path: str | Path) -> list[dict[str, object]]:
    """Each scenario's name, position, description, parent and created time, in order."""
    rows = _query(path, "SELECT name, position, description, parent, created FROM scenarios ORDER BY position")
    return [dict(zip(("name", "position", "description", "parent", "created"), r)) for r in rows]


def load_changelog(path: str | Path) -> dict[str, list[LogRow]]:
    """scenario name -> its change log rows (at, description, note, change JSON), oldest first."""
    rows = _query(path, "SELECT scenario, at, description, note, change FROM changelog ORDER BY scenario, position")
    out: dict[str, list[LogRow]] = {}
    for scenario, at, description, note, change in rows:
        out.setdefault(scenario, []).append((at or "", description or "", note or "", change or ""))
    return out
