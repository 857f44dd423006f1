"""A plan file is untrusted too: its schema, sizes and settings are checked before use.

A `.effortplan` is SQLite, and SQLite will happily hand back a view that recurses
forever, a table missing half its columns (a double-quoted missing column reads as
the string literal of its name), gigabytes of text, or a setting holding a string
where a number belongs. So before any plan query: the expected objects must be
plain tables with the expected columns, row counts and total text within limits,
and every query runs under a time budget. Settings are typed one by one; a bad one
falls back to its default with a note.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from datetime import date
from pathlib import Path

from effortplanner.core.plan import Note, PlanSettings
from effortplanner.core.settings_edit import RANGES
from effortplanner.io.errors import PlanReadError

MAX_ROWS = 1_000_000  # per table
MAX_TEXT = 256 * 1024 * 1024  # all text of the file together, in characters
QUERY_SECONDS = 30.0  # any one plan file is read in this time or refused


def not_a_plan(path: Path, why: str) -> PlanReadError:
    return PlanReadError(f"not an Effort Planner plan ({why})", file=path)


def damaged(path: Path, exc: BaseException) -> PlanReadError:
    """One line for a failure inside SQLite or while typing its values (a time-out says so)."""
    if "interrupted" in str(exc):
        return PlanReadError(f"took longer than {QUERY_SECONDS:.0f} s to read; refused", file=path)
    text = " ".join(str(exc).split())[:160] or type(exc).__name__
    return PlanReadError(f"is damaged ({text})", file=path)


def time_budget(conn: sqlite3.Connection, seconds: float | None = None) -> None:
    """Interrupt any statement once `seconds` (default QUERY_SECONDS) have passed since now: nothing hangs us."""
    deadline = time.monotonic() + (QUERY_SECONDS if seconds is None else seconds)
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)  # every ~10k SQLite steps (well under 1 ms)


def _stored_bytes(path: Path) -> int:
    """Bytes of the file and of a write-ahead log beside it (SQLite reads both)."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def check_schema(conn: sqlite3.Connection, path: Path, expected: Mapping[str, Sequence[str]]) -> None:
    """Every expected table is a plain table with the expected columns, within row and text limits.

    The text a query of a plain table returns is stored in the file (at least a byte a
    character), except a column's DEFAULT, which rows written before an ALTER TABLE ADD
    COLUMN take without storing it (generated columns are not listed by table_info, so an
    expected one counts as missing). So the characters are counted, a scan of every value,
    only for a table with a DEFAULT or when the file is larger than the text limit.
    """
    objects = {name: (kind, sql or "") for kind, name, sql in
               conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view')")}
    text = 0
    small = _stored_bytes(path) <= MAX_TEXT
    for table, columns in expected.items():
        if table not in objects:
            raise not_a_plan(path, f"no table {table}")
        kind, sql = objects[table]
        if kind != "table":
            raise not_a_plan(path, f"table {table} is a {kind}")
        if sql.upper().startswith("CREATE VIRTUAL"):
            raise not_a_plan(path, f"table {table} is a virtual table")
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        present = {row[1] for row in info}
        missing = [c for c in columns if c not in present]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise not_a_plan(path, f"table {table} lacks column{'s' if len(missing) > 1 else ''} {shown}")
        if small and all(row[4] is None for row in info):  # no DEFAULT: its text is within the file's bytes
            rows, chars = conn.execute(f'SELECT count(*), 0 FROM "{table}"').fetchone()
        else:
            sizes = " + ".join(f'coalesce(length("{c}"), 0)' for c in columns)
            rows, chars = conn.execute(f'SELECT count(*), sum({sizes}) FROM "{table}"').fetchone()
        if rows > MAX_ROWS:
            raise PlanReadError(f"table {table} holds {rows:,} rows, more than the {MAX_ROWS:,} a plan may have; "
                                "refused", file=path)
        text += chars or 0
        if text > MAX_TEXT:
            raise PlanReadError(f"holds more than {MAX_TEXT // 2**20} MB of text (table {table}), more than a "
                                "plan may have; refused", file=path)


def _month(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12 else None


def _day(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 31 else None


def _year(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 9999 else None


def _iso(v: object) -> date | None:
    if not isinstance(v, str):
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def _cadences(v: object) -> dict[str, float] | None:
    if not isinstance(v, dict):
        return None
    out = {}
    for key, fte in v.items():
        if not isinstance(fte, (int, float)) or isinstance(fte, bool) or not math.isfinite(fte) or not 0 <= fte <= 10:
            return None
        out[str(key)] = float(fte)
    return out


def _flag(v: object) -> bool | None:
    return v if isinstance(v, bool) else None


def _number_in(low: float, high: float) -> Callable[[object], float | None]:
    def convert(v: object) -> float | None:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and low <= v <= high:
            return float(v)
        return None
    return convert


def _sources(v: object) -> dict[str, str] | None:
    if not isinstance(v, dict) or len(v) > 10_000:
        return None
    if not all(isinstance(k, str) and isinstance(p, str) and len(k) + len(p) < 8192 for k, p in v.items()):
        return None
    return dict(v)


def _pairs(v: object) -> list[list[str]] | None:
    if not isinstance(v, list) or len(v) > 100_000:
        return None
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and len(x) < 64 for x in p) for p in v):
        return None
    return [list(p) for p in v]


_RULES = {"as_of": (_iso, "a date (YYYY-MM-DD)"), "horizon": (_iso, "a date (YYYY-MM-DD)"),
          "fy_start_month": (_month, "a month number 1-12"), "fy_start_day": (_day, "a day number 1-31"),
          "dayfirst": (_flag, "true or false"), "context_year": (_year, "a year"),
          "cadence_fte": (_cadences, "FTEs between 0 and 10 by cadence"),
          "sources": (_sources, "file names with the paths they were read from"),
          "hours_per_month": (_number_in(*RANGES["hours_per_month"]), "a number of hours from 1 to 744"),
          "days_per_week": (_number_in(*RANGES["days_per_week"]), "a number of days from 1 to 7"),
          "distinct_people": (_pairs, "pairs of person ids")}


def settings_from_json(text: object, where: str) -> tuple[PlanSettings, list[Note]]:
    """Typed settings from a scenario's stored JSON; each bad value is replaced by its default, with a note."""
    notes: list[Note] = []
    try:
        data = json.loads(text) if isinstance(text, (str, bytes)) and text else {}
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        notes.append(Note(where, "", None, None, "the stored settings are damaged; defaults used", kind="invalid"))
        data = {}
    defaults = PlanSettings()
    values: dict[str, object] = {}
    for f in fields(PlanSettings):
        if f.name not in data or (data[f.name] is None and getattr(defaults, f.name) is None):
            continue
        convert, wanted = _RULES.get(f.name, (lambda v: None, "a known value"))
        value = convert(data[f.name])
        if value is None:
            shown = json.dumps(data[f.name], ensure_ascii=False)[:80]
            notes.append(Note(where, "", None, None, f"setting {f.name} is {shown}, not {wanted}; the default "
                              f"({getattr(defaults, f.name)!r}) is used", kind="invalid", field=f.name, value=shown))
            continue
        values[f.name] = value
    return PlanSettings(**values), notes  # type: ignore[arg-type]
