"""Publishing to / opening from a PostgreSQL server beside saving / loading the .effortplan file.

Run from the repository root::

    python -m tests.benchmarks.server_bench [--people N --assignments N --runs N] [--json]

The synthetic department (tests/benchmarks/synthetic.py, 20,000 assignments by default) is
imported once; then, best of --runs each, in this process: save_plan / load_plan of a plan
file (the baseline) and publish / open of the same plan on a server, through a head's login
(row-level security on, as heads use it). The server is EFFORTPLANNER_TEST_PG, or a
throwaway cluster started here (tests/pg_cluster.py). Target: publish and open each at
most 2x the file's save and load. Exit status 1 when a target is missed or the plan read
back differs from the one written.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.timing import best_of, log
from tests.benchmarks.synthetic import make_department, write_department
from tests.pg_cluster import cluster_from_env_or_start

TARGET = 2.0


def _head_url(admin: str, database: str) -> str:
    """A fresh database with the schema, and a head's login that may write plan 'bench'."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    from effortplanner.cli_db import main as db_main

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'bench_head'").fetchone() is None:
            conn.execute("CREATE ROLE bench_head LOGIN PASSWORD 'bench-pw'")
    parts = urlsplit(admin)
    db_admin = urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", ""))
    assert db_main(["init", db_admin]) == 0
    assert db_main(["grant", db_admin, "--plan", "bench", "--to", "bench_head", "--write"]) == 0
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"postgresql://bench_head:bench-pw@{host}/{database}?plan=bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--assignments", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from effortplanner.io.importer import import_files
    from effortplanner.io.jsonout import plan_to_json
    from effortplanner.io.planfile import load_plan, save_plan
    from effortplanner.io.stores.location import parse_location
    from effortplanner.io.stores.server import list_plans, open_plan, publish_plan

    cluster = cluster_from_env_or_start()
    if cluster is None:
        log("no PostgreSQL server: set EFFORTPLANNER_TEST_PG or install PostgreSQL")
        return 1
    try:
        with tempfile.TemporaryDirectory() as folder:
            log(f"drawing and importing {args.assignments} assignments, {args.people} people…")
            paths = write_department(folder, department=make_department(args.people, args.assignments))
            plan = import_files([paths["duties.csv"], paths["people.csv"]])
            file = Path(folder) / "plan.effortplan"
            save_s, save_n, _ = best_of(lambda: save_plan(file, plan), args.runs)
            load_s, load_n, from_file = best_of(lambda: load_plan(file), args.runs)
            loc = parse_location(_head_url(cluster.url, "effortplanner_bench"))

            def publish() -> int:
                current = {p.name: p.revision for p in list_plans(loc)}
                at = parse_location(f"{loc.conninfo.split('?')[0]}?plan=bench&revision={current['bench']}") \
                    if "bench" in current else loc
                return publish_plan(at, plan)

            pub_s, pub_n, _ = best_of(publish, args.runs)
            open_s, open_n, from_server = best_of(lambda: open_plan(loc), args.runs)
            same = plan_to_json(from_server) == plan_to_json(from_file)  # type: ignore[arg-type]
    finally:
        cluster.stop()
    figures = {"assignments": len(plan.assignments), "people": len(plan.people),
               "save_effortplan_s": save_s, "publish_server_s": pub_s, "publish_ratio": pub_s / save_s,
               "load_effortplan_s": load_s, "open_server_s": open_s, "open_ratio": open_s / load_s,
               "runs": min(save_n, load_n, pub_n, open_n), "read_back_equal": same}
    ok = same and figures["publish_ratio"] <= TARGET and figures["open_ratio"] <= TARGET
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{figures['assignments']} assignments, {figures['people']} people (best of {figures['runs']})")
        print(f"  save .effortplan {save_s:7.3f} s   publish to server {pub_s:7.3f} s   "
              f"ratio {figures['publish_ratio']:.2f}x (target <= {TARGET}x)")
        print(f"  load .effortplan {load_s:7.3f} s   open from server  {open_s:7.3f} s   "
              f"ratio {figures['open_ratio']:.2f}x (target <= {TARGET}x)")
        print(f"  plan read back from the server equals the file's: {'yes' if same else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
