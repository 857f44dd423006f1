"""`effortplanner db init URL` and `db grant URL --plan NAME --to ROLE [--write]`, and the
server side of the other commands: reading a plan (or every plan) from a URL, publishing.

Errors are one line naming the location without its password; exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from effortplanner.analysis.model import Flag
from effortplanner.core.plan import Plan, PlanSettings
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.stores.location import is_server_location, parse_location

EXIT_OK, EXIT_UNREADABLE = 0, 2


def load_from_server(locations: Sequence[str], settings: PlanSettings | None = None,
                     scenario: str | None = None) -> Plan:
    """The plan a server location names; `?plan=*` is the Division roll-up of every readable plan."""
    loc = parse_location(locations[0])
    if len(locations) > 1:
        raise PlanReadError("a plan on a server is read on its own, not together with other files", file=loc.shown)
    if loc.all_plans:
        from effortplanner.io.stores.division import open_division

        plan = open_division(loc, scenario=scenario or loc.scenario)
    else:
        from effortplanner.io.stores.server import open_plan

        plan = open_plan(loc, scenario=scenario)
    if settings is not None:  # command-line dates win over the plan's own
        plan.settings.as_of = settings.as_of or plan.settings.as_of
        plan.settings.horizon = settings.horizon or plan.settings.horizon
    return plan


def publish(location: str, plan: Plan, sources: Sequence[str] = (), scenario: str | None = None) -> str:
    """Publish `plan` to a server location; the line to print.

    A plan file given whole (no #SCENARIO, no --scenario) is published with every scenario;
    otherwise the plan goes to the location's #SCENARIO (default the baseline).
    """
    from effortplanner.io.stores.base import StaleRevision
    from effortplanner.io.stores.server import publish_plan, publish_scenarios

    loc = parse_location(location)
    if loc.all_plans:
        raise PlanWriteError("publish to one plan: ?plan=NAME, not ?plan=*", file=loc.shown)
    whole = len(sources) == 1 and str(sources[0]).lower().endswith(".effortplan") and not scenario and \
        not loc.scenario
    try:
        if whole:
            from effortplanner.io.scenario_file import load_scenario_set

            scenarios = load_scenario_set(str(sources[0]))
            revision = publish_scenarios(loc, scenarios)
            return f"Published {loc.shown} ({len(scenarios)} scenarios: {', '.join(scenarios.names)}; " \
                   f"revision {revision})"
        revision = publish_plan(loc, plan)
    except StaleRevision as exc:
        raise PlanWriteError(f"{exc.message}; to publish over it anyway, add &revision={exc.current} to the URL",
                             file=exc.file) from None
    return f"Published {loc.shown} (revision {revision})"


def save_whole_plan(sources: Sequence[str], scenario: str | None, out: str) -> bool:
    """`convert URL?plan=NAME -o PLAN.effortplan`: every scenario with its log into the file.

    False (nothing done) unless the source is one server plan taken whole (no #SCENARIO, no --scenario).
    """
    if len(sources) != 1 or not is_server_location(sources[0]) or scenario:
        return False
    loc = parse_location(str(sources[0]))
    if loc.all_plans or loc.scenario:
        return False
    from effortplanner.io.scenario_file import save_scenario_set
    from effortplanner.io.stores.server import open_scenarios

    save_scenario_set(out, open_scenarios(loc).scenarios)
    return True


def is_division(files: Sequence[object]) -> bool:
    """True for one server location naming every plan (`?plan=*`)."""
    return len(files) == 1 and is_server_location(files[0]) and parse_location(str(files[0])).all_plans


def export_division(args: argparse.Namespace) -> int:
    """`export 'URL?plan=*' -o division.xlsx`: the Division workbook of every readable plan."""
    from effortplanner.io.stores.division import division_of
    from effortplanner.io.stores.division_workbook import export_division as write

    plan = load_from_server(args.files, PlanSettings(as_of=args.as_of, horizon=args.horizon), args.scenario)
    division = division_of(plan)
    assert division is not None
    result = write(args.output, division, title="Division", as_of=args.as_of, horizon=args.horizon)
    print(f"Wrote {args.output} ({len(division.departments)} departments: {', '.join(division.departments)}; "
          f"{len(plan.people)} people, {len(plan.assignments)} assignments, {len(result.flags)} flags, "
          f"as of {result.as_of.isoformat()})")
    return EXIT_OK


def name_departments(plan: Plan, flags: Sequence[Flag]) -> list[Flag]:
    """Flags of a Division roll-up name the departments that book a person; others unchanged."""
    from effortplanner.io.stores.division import name_departments as name

    return name(plan, flags)


def shown(location: str) -> str:
    """A location fit to show: a URL without its password, anything else as it is."""
    return parse_location(location).shown if is_server_location(location) else location


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="effortplanner db",
                                     description="Set up the plan database on a PostgreSQL server and grant rights.")
    sub = parser.add_subparsers(dest="action", required=True)
    init = sub.add_parser("init", help="create or migrate the plan schema and the reviewer role",
                          description="Create (or migrate, in one transaction) the plan schema, the role "
                                      "effortplanner_user and the role effortplanner_reviewer, which reads every plan."
                                      " Run it as the database owner or an administrator.")
    init.add_argument("url", metavar="URL", help="postgresql://[user[:password]@]host[:port]/dbname")
    grant = sub.add_parser("grant", help="let a login read or publish a plan",
                           description="Let ROLE (a login, or a group role) read PLAN, or publish it with --write. "
                                       "--plan '*' makes ROLE a reviewer who reads every plan.")
    grant.add_argument("url", metavar="URL", help="postgresql://[user[:password]@]host[:port]/dbname")
    grant.add_argument("--plan", required=True, metavar="NAME", help="the plan name, or '*' for every plan (read)")
    grant.add_argument("--to", required=True, metavar="ROLE", help="the login or role given the right")
    grant.add_argument("--write", action="store_true", help="also let it publish the plan")
    return parser


def main(argv: Sequence[str]) -> int:
    """Run `effortplanner db …`; the exit status."""
    from effortplanner.io.stores.server import connect
    from effortplanner.io.stores.server_schema import grant, init_schema

    args = _parser().parse_args(list(argv))
    if not is_server_location(args.url):
        print(f"effortplanner db: {args.url!r} is not a postgresql:// URL", file=sys.stderr)
        return EXIT_UNREADABLE
    loc = parse_location(args.url)
    try:
        with connect(loc, writing=True) as conn:
            if args.action == "init":
                print(init_schema(conn))
            else:
                print(grant(conn, args.plan, args.to, args.write))
    except (PlanReadError, PlanWriteError) as exc:
        print(f"effortplanner db: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK
