"""The plan schema on a PostgreSQL server, its roles and its row-level security.

Every table is keyed by plan. Rights live in the server, not in the client:
- `effortplanner_user` may touch the tables at all (granted to every head's login);
- row-level security lets a login see a plan's rows only when `grants` names one of its
  roles for that plan (or it is a member of `effortplanner_reviewer`, which reads every
  plan), and change them only when that grant has `can_write`.
`schema_version` holds the version; `init_schema` creates or migrates it in one
transaction and refuses a newer one.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from psycopg import sql

from effortplanner.core.plan import _dtype
from effortplanner.core.schema import SCHEMAS, TABLES
from effortplanner.io.planfile import NOTE_FIELDS

SCHEMA = "effortplanner"
SCHEMA_VERSION = 1
USER_ROLE = "effortplanner_user"
REVIEWER_ROLE = "effortplanner_reviewer"
# Migrations from schema version N to N+1, run inside init_schema's transaction.
MIGRATIONS: dict[int, Callable[[psycopg.Connection], None]] = {}
PLAN_TABLES = ("plans", "scenarios", "notes", "changelog", *TABLES)  # the tables rights apply to


class SchemaError(Exception):
    """The database holds no plan schema, or one this version cannot use."""


def data_columns(table: str) -> list[str]:
    """A plan table's stored columns after plan, scenario, position, id."""
    return [c for c in SCHEMAS[table].physical_columns() if c != "id"]


def column_type(table: str, column: str) -> str:
    dtype = _dtype(SCHEMAS[table], column)
    return {"datetime64[ns]": "date", "float64": "double precision", "bool": "boolean"}.get(dtype, "text")


def _table_sql(table: str) -> str:
    cols = ", ".join(f'"{c}" {column_type(table, c)}' for c in data_columns(table))
    return (f'CREATE TABLE {SCHEMA}."{table}" (plan text NOT NULL, scenario text NOT NULL, position integer, '
            f"id text NOT NULL, {cols}, PRIMARY KEY (plan, scenario, id))")


# Row conditions of the policies: uncorrelated subqueries, so PostgreSQL evaluates them once
# per statement (a hashed subplan), not once per row.
_MINE = f"SELECT g.plan FROM {SCHEMA}.grants g WHERE g.role IN (SELECT {SCHEMA}.my_roles())"
_READABLE = f"pg_has_role(current_user, '{REVIEWER_ROLE}', 'MEMBER') OR plan IN ({_MINE})"
_WRITABLE = f"plan IN ({_MINE} AND g.can_write)"


def _create_statements() -> list[str]:
    s = SCHEMA
    note_cols = ", ".join(f'"{f}" {"integer" if f == "row" else "text"}' for f in NOTE_FIELDS)
    statements = [
        f"CREATE SCHEMA {s}",
        f"CREATE TABLE {s}.schema_version (version integer NOT NULL)",
        f"CREATE TABLE {s}.plans (plan text PRIMARY KEY, revision bigint NOT NULL DEFAULT 0, saved_by text, "
        "saved_at timestamptz)",
        f"CREATE TABLE {s}.grants (plan text NOT NULL, role text NOT NULL, can_write boolean NOT NULL, "
        "PRIMARY KEY (plan, role))",
        f"CREATE TABLE {s}.scenarios (plan text NOT NULL REFERENCES {s}.plans ON DELETE CASCADE, name text NOT NULL, "
        "position integer, description text, parent text, created text, settings text, next_ids text, "
        "revision bigint NOT NULL DEFAULT 0, saved_by text, saved_at timestamptz, PRIMARY KEY (plan, name))",
        f"CREATE TABLE {s}.notes (plan text NOT NULL, scenario text NOT NULL, position integer, {note_cols})",
        f"CREATE INDEX ON {s}.notes (plan, scenario)",
        f"CREATE TABLE {s}.changelog (plan text NOT NULL, scenario text NOT NULL, position integer, at text, "
        "description text, note text, change text)",
        f"CREATE INDEX ON {s}.changelog (plan, scenario)",
        *(_table_sql(t) for t in TABLES),
        # Whether the login (through any role it holds) may read / write a plan.
        f"CREATE FUNCTION {s}.my_roles() RETURNS SETOF text LANGUAGE sql STABLE AS "
        "$$ SELECT rolname::text FROM pg_roles WHERE pg_has_role(current_user, oid, 'MEMBER') $$",
        f"CREATE FUNCTION {s}.may_read(p text) RETURNS boolean LANGUAGE sql STABLE AS "
        f"$$ SELECT pg_has_role(current_user, '{REVIEWER_ROLE}', 'MEMBER') OR EXISTS (SELECT 1 FROM {s}.grants g "
        f"WHERE g.plan = p AND g.role IN (SELECT {s}.my_roles())) $$",
        f"CREATE FUNCTION {s}.may_write(p text) RETURNS boolean LANGUAGE sql STABLE AS "
        f"$$ SELECT EXISTS (SELECT 1 FROM {s}.grants g WHERE g.plan = p AND g.can_write "
        f"AND g.role IN (SELECT {s}.my_roles())) $$",
        f"ALTER TABLE {s}.grants ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_grants ON {s}.grants FOR SELECT USING (role IN (SELECT {s}.my_roles()) "
        f"OR pg_has_role(current_user, '{REVIEWER_ROLE}', 'MEMBER'))",
        f"GRANT USAGE ON SCHEMA {s} TO {USER_ROLE}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {USER_ROLE}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {USER_ROLE}",
    ]
    for table in PLAN_TABLES:
        name = f'{s}."{table}"'
        statements += [
            f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY reading ON {name} FOR SELECT USING ({_READABLE})",
            f"CREATE POLICY writing ON {name} FOR ALL USING ({_WRITABLE}) WITH CHECK ({_WRITABLE})",
            f"GRANT INSERT, UPDATE, DELETE ON {name} TO {USER_ROLE}",
        ]
    return statements


def _ensure_roles(cur: psycopg.Cursor) -> None:
    """The group roles (cluster-wide, so they may exist from another database)."""
    for role in (USER_ROLE, REVIEWER_ROLE):
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(USER_ROLE), sql.Identifier(REVIEWER_ROLE)))


def schema_version(cur: psycopg.Cursor) -> int | None:
    """The schema version in the database, or None when there is no plan schema."""
    cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",))
    row = cur.fetchone()
    if row is None or row[0] is None:
        return None
    cur.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version")
    found = cur.fetchone()
    return int(found[0]) if found and found[0] is not None else None


def check_version(version: int | None) -> None:
    """Refuse a database without the schema, or with one newer or older than this version's."""
    if version is None:
        raise SchemaError("the database holds no Effort Planner plans yet: run 'effortplanner db init' on it first")
    if version > SCHEMA_VERSION:
        raise SchemaError(f"the server's plan schema is version {version}, newer than this Effort Planner reads "
                          f"({SCHEMA_VERSION}); please update the application")
    if version < SCHEMA_VERSION:
        raise SchemaError(f"the server's plan schema is version {version}; an administrator must run "
                          f"'effortplanner db init' to migrate it to version {SCHEMA_VERSION}")


def init_schema(conn: psycopg.Connection) -> str:
    """Create or migrate the schema in one transaction; returns what was done, in words."""
    with conn.transaction(), conn.cursor() as cur:
        _ensure_roles(cur)
        version = schema_version(cur)
        if version is None:
            for statement in _create_statements():
                cur.execute(statement)  # our own DDL, no user text
            cur.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (%s)", (SCHEMA_VERSION,))
            return f"created the plan schema (version {SCHEMA_VERSION}) and the roles {USER_ROLE}, {REVIEWER_ROLE}"
        if version > SCHEMA_VERSION:
            check_version(version)
        for step in range(version, SCHEMA_VERSION):
            if step not in MIGRATIONS:
                raise SchemaError(f"the plan schema version {step} cannot be migrated by this version")
            MIGRATIONS[step](conn)
        cur.execute(f"UPDATE {SCHEMA}.schema_version SET version = %s", (SCHEMA_VERSION,))
        if version == SCHEMA_VERSION:
            return f"the plan schema is up to date (version {SCHEMA_VERSION})"
        return f"migrated the plan schema from version {version} to {SCHEMA_VERSION}"


def grant(conn: psycopg.Connection, plan: str, role: str, write: bool) -> str:
    """Let `role` read (and with `write`, publish) `plan`; plan '*' makes it a reviewer of every plan."""
    with conn.transaction(), conn.cursor() as cur:
        check_version(schema_version(cur))
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if cur.fetchone() is None:
            raise SchemaError(f"the server has no role {role!r} (create the login first: CREATE ROLE … LOGIN)")
        if plan == "*":
            if write:
                raise SchemaError("--write applies to one plan; '*' grants reading every plan (the reviewer role)")
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(REVIEWER_ROLE), sql.Identifier(role)))
            return f"{role} now reads every plan (member of {REVIEWER_ROLE})"
        cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(USER_ROLE), sql.Identifier(role)))
        cur.execute(f"INSERT INTO {SCHEMA}.grants VALUES (%s, %s, %s) ON CONFLICT (plan, role) "
                    "DO UPDATE SET can_write = EXCLUDED.can_write", (plan, role, write))
        return f"{role} may now {'read and publish' if write else 'read'} plan {plan!r}"
