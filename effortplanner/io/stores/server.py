"""Plans on a PostgreSQL server (psycopg 3): open, publish with a revision check, list.

Tables are read and written with COPY. Publishing is one transaction: the plan row is
locked, each scenario's revision compared with the one the client loaded, the rows
replaced and the revision raised; a client killed or cut off half-way leaves the
previous revision whole. Rights are the server's (see `server_schema`); the client only
asks first so that a refusal can name the plan. Every message names the location
without its password.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from itertools import count, repeat

import pandas as pd
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from effortplanner.core.plan import Note, Plan
from effortplanner.core.scenarios import Scenario, ScenarioSet
from effortplanner.core.schema import TABLES
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.plancheck import settings_from_json
from effortplanner.io.plan_columns import frame_from_records, sql_columns
from effortplanner.io.planfile import BASELINE, NOTE_FIELDS, _settings_json, next_ids_from_json
from effortplanner.io.scenario_file import _entry, _time, change_to_json
from effortplanner.io.stores.base import AccessRefused, Opened, PlanInfo, StaleRevision
from effortplanner.io.stores.location import ServerLocation, parse_location
from effortplanner.io.stores.server_schema import (SCHEMA, SchemaError, check_version, column_type, data_columns,
                                                   schema_version)

# Where each plan object read from a server came from: (server, plan, scenario) -> revision,
# so that `convert URL -o URL` publishes on top of what it read.
_ORIGINS: weakref.WeakKeyDictionary[Plan, tuple[str, str, str, int]] = weakref.WeakKeyDictionary()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextmanager
def connect(loc: ServerLocation, password: str | None = None, *, writing: bool = False) -> Iterator[psycopg.Connection]:
    """A connection; any failure becomes one line naming the location, password scrubbed."""
    error = PlanWriteError if writing else PlanReadError
    options: dict[str, object] = {"application_name": "effortplanner"}
    if "connect_timeout" not in conninfo_to_dict(loc.conninfo):
        options["connect_timeout"] = 10
    if password:
        options["password"] = password
    try:
        conn = psycopg.connect(loc.conninfo, **options)
    except psycopg.Error as exc:
        message = _one_line(exc)
        if password:
            message = message.replace(password, "***")
        raise error(f"cannot connect: {loc.scrub(message)}", file=loc.shown) from None
    try:
        with conn:
            yield conn
    except SchemaError as exc:
        raise error(str(exc), file=loc.shown) from None
    except psycopg.errors.InsufficientPrivilege as exc:
        if writing:
            raise AccessRefused(_refusal(loc), file=loc.shown) from None
        raise error(f"your login may read no plan here ({loc.scrub(_one_line(exc))}); ask for a grant: "
                    "effortplanner db grant URL --plan NAME --to LOGIN", file=loc.shown) from None
    except psycopg.Error as exc:
        raise error(f"server error: {loc.scrub(_one_line(exc))}", file=loc.shown) from None


def _refusal(loc: ServerLocation) -> str:
    return (f"you may not publish plan {loc.plan!r} on this server: your login has no write grant for it "
            f"(an administrator can give one: effortplanner db grant URL --plan {loc.plan} --to LOGIN --write)")


def _need_plan(loc: ServerLocation, error: type[Exception] = PlanReadError) -> str:
    if not loc.plan or loc.all_plans:
        raise error("name one plan: add ?plan=NAME to the location", file=loc.shown)  # type: ignore[call-arg]
    return loc.plan


# --- reading ------------------------------------------------------------------------------------------
def _read_table(cur: psycopg.Cursor, plan: str, scenario: str, table: str) -> tuple[list[str], list[tuple]]:
    columns = data_columns(table)
    types = ["text"] + [{"double precision": "float8", "boolean": "bool"}.get(column_type(table, c), "text")
                        for c in columns]
    selected = sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) if column_type(table, c) == "date"
                                  else sql.Identifier(c) for c in columns)
    query = sql.SQL("COPY (SELECT id, {} FROM {}.{} WHERE plan = {} AND scenario = {} ORDER BY position) TO STDOUT"
                    ).format(selected, sql.Identifier(SCHEMA), sql.Identifier(table), sql.Literal(plan),
                             sql.Literal(scenario))
    with cur.copy(query) as copy:
        copy.set_types(types)
        records = list(copy.rows())
    return columns, records


def _read_rows(cur: psycopg.Cursor, table: str, fields: Sequence[str], plan: str, scenario: str) -> list[tuple]:
    query = sql.SQL("COPY (SELECT {} FROM {}.{} WHERE plan = {} AND scenario = {} ORDER BY position) TO STDOUT"
                    ).format(sql.SQL(", ").join(map(sql.Identifier, fields)), sql.Identifier(SCHEMA),
                             sql.Identifier(table), sql.Literal(plan), sql.Literal(scenario))
    with cur.copy(query) as copy:
        copy.set_types(["int4" if f == "row" else "text" for f in fields])
        return list(copy.rows())


def _read_plan(cur: psycopg.Cursor, loc: ServerLocation, plan: str, scenario: str, settings: str | None,
               next_ids: str | None) -> Plan:
    typed, setting_notes = settings_from_json(settings, f"plan {plan}")  # a server's data is untrusted too
    out = Plan(typed)
    for table in TABLES:
        columns, records = _read_table(cur, plan, scenario, table)
        out.tables[table] = frame_from_records(table, columns, records)  # as the plan file reads its rows
    out.notes = [Note(**dict(zip(NOTE_FIELDS, n))) for n in _read_rows(cur, "notes", NOTE_FIELDS, plan, scenario)]
    out.notes += setting_notes
    try:
        out._next_id.update(next_ids_from_json(next_ids))
    except ValueError:
        raise PlanReadError(f"plan {plan!r}, scenario {scenario!r}: its id counters are damaged (not JSON)",
                            file=loc.shown) from None
    return out


def _begin_reading(conn: psycopg.Connection) -> psycopg.Cursor:
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # one consistent snapshot
    conn.read_only = True
    cur = conn.cursor()
    check_version(schema_version(cur))
    return cur


def _scenario_rows(cur: psycopg.Cursor, plan: str) -> list[tuple]:
    cur.execute(f"SELECT name, description, parent, created, settings, next_ids, revision FROM {SCHEMA}.scenarios "
                "WHERE plan = %s ORDER BY position", (plan,))
    return cur.fetchall()


def _missing(loc: ServerLocation, plan: str) -> PlanReadError:
    return PlanReadError(f"no plan {plan!r} here, or your login may not read it", file=loc.shown)


def _scenario_plan(cur: psycopg.Cursor, loc: ServerLocation, plan_name: str, wanted: str | None) -> Plan:
    rows = _scenario_rows(cur, plan_name)
    if not rows:
        raise _missing(loc, plan_name)
    found = rows[0] if wanted is None else next((r for r in rows if r[0] == wanted), None)
    if found is None:
        raise PlanReadError(f"plan {plan_name!r} has no scenario {wanted!r} (it has: {', '.join(r[0] for r in rows)})",
                            file=loc.shown)
    name, _, _, _, settings, next_ids, revision = found
    plan = _read_plan(cur, loc, plan_name, name, settings, next_ids)
    _ORIGINS[plan] = (loc.server, plan_name, name, int(revision))
    return plan


def open_plan(loc: ServerLocation, password: str | None = None, scenario: str | None = None) -> Plan:
    """One scenario of a plan (the location's #SCENARIO, else the baseline)."""
    plan_name = _need_plan(loc)
    with connect(loc, password) as conn:
        return _scenario_plan(_begin_reading(conn), loc, plan_name, scenario or loc.scenario)


def open_every_plan(loc: ServerLocation, password: str | None = None,
                    scenario: str | None = None) -> dict[str, Plan]:
    """Every plan the login may read (each one's `scenario`, else its baseline), from one snapshot."""
    with connect(loc, password) as conn:
        cur = _begin_reading(conn)
        cur.execute(f"SELECT plan FROM {SCHEMA}.plans ORDER BY plan")
        names = [r[0] for r in cur.fetchall()]
        if not names:
            raise PlanReadError("your login may read no plan on this server", file=loc.shown)
        return {name: _scenario_plan(cur, loc, name, scenario) for name in names}


def open_scenarios(loc: ServerLocation, password: str | None = None) -> Opened:
    """Every scenario of a plan with its change log and the revision each was read at."""
    plan_name = _need_plan(loc)
    with connect(loc, password) as conn:
        cur = _begin_reading(conn)
        rows = _scenario_rows(cur, plan_name)
        if not rows:
            raise _missing(loc, plan_name)
        names = {r[0] for r in rows}
        items = []
        for name, description, parent, created, settings, next_ids, _ in rows:
            plan = _read_plan(cur, loc, plan_name, name, settings, next_ids)
            log = _read_rows(cur, "changelog", ("at", "description", "note", "change"), plan_name, name)
            items.append(Scenario(name, plan, description or "", parent if parent in names and parent != name
                                  else None, _time(created), [_entry(tuple(r)) for r in log]))
    active = loc.scenario if loc.scenario in names else None
    return Opened(ScenarioSet.from_scenarios(items, active), {r[0]: int(r[6]) for r in rows}, loc.shown)


def list_plans(loc: ServerLocation, password: str | None = None) -> list[PlanInfo]:
    """The plans this login may read, by name."""
    with connect(loc, password) as conn:
        cur = _begin_reading(conn)
        cur.execute(f"SELECT plan, revision, saved_by, saved_at FROM {SCHEMA}.plans ORDER BY plan")
        return [PlanInfo(p, int(r), s or "", at) for p, r, s, at in cur.fetchall()]


def list_scenarios(loc: ServerLocation, password: str | None = None) -> list[str]:
    plan_name = _need_plan(loc)
    with connect(loc, password) as conn:
        return [r[0] for r in _scenario_rows(_begin_reading(conn), plan_name)]


# --- publishing ---------------------------------------------------------------------------------------
@contextmanager
def _staged_copy(cur: psycopg.Cursor, table: str, fields: Sequence[str]) -> Iterator[psycopg.Copy]:
    """COPY into a session-private staging table, then one INSERT … SELECT into the plan table.

    PostgreSQL refuses COPY FROM into a table with row-level security; the INSERT is
    checked by the policies instead, so a login still writes only the plans it may.
    """
    target = sql.SQL("{}.{}").format(sql.Identifier(SCHEMA), sql.Identifier(table))
    stage = sql.Identifier(f"stage_{table}")
    names = sql.SQL(", ").join(map(sql.Identifier, fields))
    cur.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {}) ON COMMIT DROP").format(stage, target))
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy:
        yield copy
    cur.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(target, names, names, stage))
    cur.execute(sql.SQL("TRUNCATE {}").format(stage))


def _write_table(cur: psycopg.Cursor, plan: str, scenario: str, table: str, frame: pd.DataFrame) -> None:
    """One plan table's rows, converted by column as the plan file stores them (ISO dates, NULL for
    missing values, JSON text for dicts); COPY reads the rows in C."""
    columns = data_columns(table)
    rows = zip(repeat(plan), repeat(scenario), count(), frame.index.tolist(), *sql_columns(frame, columns))
    with _staged_copy(cur, table, ("plan", "scenario", "position", "id", *columns)) as copy:
        for row in rows:
            copy.write_row(row)


def _write_rows(cur: psycopg.Cursor, table: str, fields: Sequence[str], plan: str, scenario: str,
                rows: Sequence[Sequence[object]]) -> None:
    with _staged_copy(cur, table, ("plan", "scenario", "position", *fields)) as copy:
        for position, row in enumerate(rows):
            copy.write_row((plan, scenario, position, *row))


def _may_write(cur: psycopg.Cursor, plan: str) -> bool:
    """Whether the server will let this login write `plan` (asked only to name the plan in a refusal)."""
    cur.execute(f"SELECT {SCHEMA}.may_write(%s) OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user "
                "AND (rolsuper OR rolbypassrls)) OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables "
                "WHERE schemaname = %s AND tablename = 'plans'), 'MEMBER')", (plan, SCHEMA))
    row = cur.fetchone()
    return bool(row and row[0])


def _check_revisions(cur: psycopg.Cursor, loc: ServerLocation, plan: str, names: Sequence[str],
                     loaded: dict[str, int]) -> None:
    cur.execute(f"SELECT name, revision, saved_by, saved_at FROM {SCHEMA}.scenarios WHERE plan = %s", (plan,))
    current = {r[0]: r[1:] for r in cur.fetchall()}
    for name in names:
        if name in current and current[name][0] != loaded.get(name):
            revision, saved_by, saved_at = current[name]
            raise StaleRevision(shown=loc.shown, plan=plan, scenario=name, loaded=loaded.get(name),
                                current=int(revision), saved_by=saved_by or "", saved_at=saved_at)


def publish(loc: ServerLocation, scenarios: ScenarioSet | Sequence[Scenario], loaded: dict[str, int],
            password: str | None = None) -> dict[str, int]:
    """Write the given scenarios of the location's plan in one transaction; their new revision.

    `loaded` maps each scenario name to the revision it was read at; a scenario the server
    has at another revision (or has at all, when it is missing from `loaded`) is refused.
    Scenarios of the plan not given are left as they are.
    """
    plan = _need_plan(loc, PlanWriteError)
    items = list(scenarios)
    with connect(loc, password, writing=True) as conn, conn.transaction(), conn.cursor() as cur:
        check_version(schema_version(cur))
        if not _may_write(cur, plan):
            raise AccessRefused(_refusal(loc), file=loc.shown)
        cur.execute(f"INSERT INTO {SCHEMA}.plans (plan) VALUES (%s) ON CONFLICT (plan) DO NOTHING", (plan,))
        cur.execute(f"SELECT revision FROM {SCHEMA}.plans WHERE plan = %s FOR UPDATE", (plan,))
        row = cur.fetchone()
        if row is None:
            raise AccessRefused(_refusal(loc), file=loc.shown)
        _check_revisions(cur, loc, plan, [s.name for s in items], loaded)
        revision = int(row[0]) + 1
        cur.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {SCHEMA}.scenarios WHERE plan = %s", (plan,))
        next_position = int(cur.fetchone()[0])
        for scenario in items:
            _publish_scenario(cur, plan, scenario, revision, next_position)
            next_position += 1
        cur.execute(f"UPDATE {SCHEMA}.plans SET revision = %s, saved_by = current_user, saved_at = now() "
                    "WHERE plan = %s", (revision, plan))
    return {s.name: revision for s in items}


def _publish_scenario(cur: psycopg.Cursor, plan: str, scenario: Scenario, revision: int, position: int) -> None:
    name, data = scenario.name, scenario.plan
    for table in (*TABLES, "notes", "changelog"):
        cur.execute(sql.SQL("DELETE FROM {}.{} WHERE plan = %s AND scenario = %s").format(
            sql.Identifier(SCHEMA), sql.Identifier(table)), (plan, name))
    cur.execute(f"INSERT INTO {SCHEMA}.scenarios (plan, name, position, description, parent, created, settings, "
                "next_ids, revision, saved_by, saved_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, current_user, "
                "now()) ON CONFLICT (plan, name) DO UPDATE SET description = EXCLUDED.description, "
                "parent = EXCLUDED.parent, settings = EXCLUDED.settings, next_ids = EXCLUDED.next_ids, "
                "revision = EXCLUDED.revision, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at",
                (plan, name, position, scenario.description, scenario.parent,
                 scenario.created.isoformat(timespec="seconds"), _settings_json(data.settings),
                 json.dumps(data._next_id), revision))
    for table in TABLES:
        _write_table(cur, plan, name, table, data.tables[table])
    _write_rows(cur, "notes", NOTE_FIELDS, plan, name, [[getattr(n, f) for f in NOTE_FIELDS] for n in data.notes])
    _write_rows(cur, "changelog", ("at", "description", "note", "change"), plan, name,
                [(e.at.isoformat(timespec="seconds"), e.description, e.note, change_to_json(e.change))
                 for e in scenario.log])


def publish_plan(loc: ServerLocation, plan: Plan, password: str | None = None) -> int:
    """Publish one plan as the location's scenario (default the baseline); its new revision.

    Published on top of the revision it was read at when it came from this very plan
    and scenario (or the revision the location states with `revision=N`).
    """
    plan_name = _need_plan(loc, PlanWriteError)
    name = loc.scenario or BASELINE
    loaded: dict[str, int] = {}
    origin = _ORIGINS.get(plan)
    if loc.revision is not None:
        loaded[name] = loc.revision
    elif origin is not None and origin[:3] == (loc.server, plan_name, name):
        loaded[name] = origin[3]
    revision = publish(loc, [Scenario(name, plan, created=datetime.now(timezone.utc))], loaded, password)[name]
    _ORIGINS[plan] = (loc.server, plan_name, name, revision)
    return revision


def publish_scenarios(loc: ServerLocation, scenarios: ScenarioSet, password: str | None = None) -> int:
    """Publish every scenario of a plan file; the plan's new revision.

    Refused when the plan exists, unless the location says `revision=N` and N is still
    the plan's revision: then every scenario is published on top of what the server holds.
    """
    plan_name = _need_plan(loc, PlanWriteError)
    loaded: dict[str, int] = {}
    if loc.revision is not None:
        with connect(loc, password, writing=True) as conn:
            cur = _begin_reading(conn)
            cur.execute(f"SELECT revision, saved_by, saved_at FROM {SCHEMA}.plans WHERE plan = %s", (plan_name,))
            row = cur.fetchone()
            if row is not None and int(row[0]) != loc.revision:
                raise StaleRevision(shown=loc.shown, plan=plan_name, scenario="(every scenario)", loaded=loc.revision,
                                    current=int(row[0]), saved_by=row[1] or "", saved_at=row[2])
            loaded = {r[0]: int(r[6]) for r in _scenario_rows(cur, plan_name)}
    return max(publish(loc, scenarios, loaded, password).values())


class ServerStore:
    """A plan on a PostgreSQL server, as a `PlanStore`."""

    def __init__(self, location: str | ServerLocation) -> None:
        self.location = parse_location(location) if isinstance(location, str) else location
        self.shown = self.location.shown

    def open(self, password: str | None = None) -> Opened:
        return open_scenarios(self.location, password)

    def save(self, scenarios: ScenarioSet, loaded: dict[str, int], password: str | None = None) -> dict[str, int]:
        return publish(self.location, scenarios, loaded, password)

    def list_plans(self, password: str | None = None) -> list[PlanInfo]:
        return list_plans(self.location, password)

    def list_scenarios(self, password: str | None = None) -> list[str]:
        return list_scenarios(self.location, password)
