"""Fixtures for tests against a real PostgreSQL server (see tests/pg_cluster.py).

Each test gets a fresh database with the plan schema; logins are created per test with
passwords. Under CI=true a missing server fails the test instead of skipping it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import pytest

from tests.pg_cluster import Cluster, cluster_from_env_or_start

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = cluster_from_env_or_start()
    if cluster is None:
        message = "no PostgreSQL server: set EFFORTPLANNER_TEST_PG or install PostgreSQL (initdb, pg_ctl)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield cluster
    cluster.stop()


def _with_db(url: str, db: str, user: str | None = None, password: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        host = netloc.rsplit("@", 1)[-1]
        netloc = f"{user}:{quote(password, safe='')}@{host}" if password else f"{user}@{host}"
    return urlunsplit((parts.scheme, netloc, f"/{db}", parts.query, ""))


@dataclass
class Server:
    """One fresh database with the schema: its admin URL and a way to add logins."""

    admin: str
    database: str
    logins: list[str] = field(default_factory=list)

    def login(self, name: str, password: str) -> str:
        """Create a login role and return its URL to this database (with the password)."""
        import psycopg
        from psycopg import sql

        role = f"{name}_{self.database}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role),
                                                                            sql.Literal(password)))
        self.logins.append(role)
        return _with_db(self.admin, self.database, role, password)

    def role(self, url: str) -> str:
        return unquote(urlsplit(url).username or "")


@pytest.fixture()
def pg_server(pg_cluster: Cluster) -> Iterator[Server]:
    import psycopg
    from psycopg import sql

    from effortplanner.cli_db import main as db_main

    name = f"ep_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server = Server(_with_db(pg_cluster.url, name), name)
    assert db_main(["init", server.admin]) == 0
    yield server
    with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        for role in server.logins:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
