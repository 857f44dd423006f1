"""The native plan file (`.effortplan`): one SQLite file, several scenarios, saved atomically.

Saving writes a temporary file in the same folder and renames it over the old one, so
a crash, a kill or a full disk mid-save leaves the previous file as it was. The file
carries a format version; older formats are migrated on load, newer ones refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from itertools import count, repeat, starmap
from operator import attrgetter
from pathlib import Path

from effortplanner import __version__
from effortplanner.core.plan import Note, Plan, PlanSettings
from effortplanner.core.schema import SCHEMAS, TABLES
from effortplanner.io.atomic import atomic_write, remove_stale_temporaries
from effortplanner.io.errors import PlanReadError
from effortplanner.io.guard import checked_file, read_head
from effortplanner.io.plan_columns import frame_from_records, sql_columns
from effortplanner.io.plancheck import check_schema, damaged, settings_from_json, time_budget

SUFFIX = ".effortplan"
FORMAT_VERSION = 1
BASELINE = "Baseline"
# Migrations from format N to N+1, applied in order to an open connection.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}
LogRow = tuple[str, str, str, str]  # changelog: at (ISO time), description, note, change (JSON text)
NOTE_FIELDS = ("file", "sheet", "row", "column", "message", "kind", "person", "field", "value")  # Note's order
_note_values = attrgetter(*NOTE_FIELDS)


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
                # Converted by column, then bound row by row in C: no Python object per row here.
                rows = zip(repeat(name), count(), frame.index.tolist(), *sql_columns(frame, columns))
                conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
            conn.executemany("INSERT INTO changelog VALUES (?, ?, ?, ?, ?, ?)",
                             [(name, i, *row) for i, row in enumerate(changelog.get(name, ()))])
            conn.executemany(f"INSERT INTO notes VALUES ({', '.join('?' for _ in range(len(NOTE_FIELDS) + 2))})",
                             [(name, i, *_note_values(n)) for i, n in enumerate(plan.notes)])
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
    return read_plan_file(path, with_log=False).plans


@dataclass
class PlanFileContents:
    """What one reading of a plan file gives: plans by scenario, each scenario's stored
    description/parent/created row, and change logs (empty unless asked for)."""

    plans: dict[str, Plan]
    info: list[dict[str, object]]
    changelog: dict[str, list[LogRow]]


def read_plan_file(path: str | Path, with_log: bool = True) -> PlanFileContents:
    """Plans, scenario rows and (`with_log`) change logs through one opening and one schema check."""
    path = Path(path)
    conn = _open(path)
    try:
        info = [dict(zip(INFO_FIELDS, r)) for r in conn.execute(f"SELECT {', '.join(INFO_FIELDS)} FROM scenarios "
                                                                "ORDER BY position")]
        plans = {str(row["name"]): _read_scenario(conn, row["name"], path) for row in info}
        logs = _changelog(conn.execute(CHANGELOG_SQL).fetchall()) if with_log else {}
        return PlanFileContents(plans, info, logs)
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


def _read_scenario(conn: sqlite3.Connection, name: object, path: Path) -> Plan:
    settings_text, next_ids = conn.execute("SELECT settings, next_ids FROM scenarios WHERE name=?", (name,)).fetchone()
    settings, settings_notes = settings_from_json(settings_text, path.name)
    plan = Plan(settings)
    for table in TABLES:
        columns = _columns(table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        records = conn.execute(f'SELECT position, id, {quoted} FROM "{table}" WHERE scenario=?', (name,)).fetchall()
        if records:  # else the new plan's own empty table stays
            plan.tables[table] = frame_from_records(table, columns, records, positioned=True)
    notes = conn.execute(f"SELECT {', '.join(chr(34) + f + chr(34) for f in NOTE_FIELDS)} FROM notes "
                         "WHERE scenario=? ORDER BY position", (name,)).fetchall()
    plan.notes = list(starmap(Note, notes)) + settings_notes
    plan._next_id.update(next_ids_from_json(next_ids))
    return plan


def next_ids_from_json(text: str | None) -> dict[str, int]:
    """A scenario's stored id counters, only those that are sane (a file or a server is untrusted);
    ValueError when the text is not JSON."""
    counters = json.loads(text or "{}")
    if not isinstance(counters, dict):
        return {}
    return {str(k): v for k, v in counters.items() if isinstance(v, int) and 0 <= v < 10**9}


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


INFO_FIELDS = ("name", "position", "description", "parent", "created")
CHANGELOG_SQL = "SELECT scenario, at, description, note, change FROM changelog ORDER BY scenario, position"


def _changelog(rows: list[tuple]) -> dict[str, list[LogRow]]:
    out: dict[str, list[LogRow]] = {}
    for scenario, at, description, note, change in rows:
        out.setdefault(scenario, []).append((at or "", description or "", note or "", change or ""))
    return out
