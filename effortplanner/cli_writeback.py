"""`effortplanner writeback PLAN -o OUTDIR`: the plan written into copies of its own spreadsheets."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = ("Write the plan back into copies of the spreadsheets it was imported from, in their own layout: "
               "changed cells highlighted with the old value in a comment, duties moved between person blocks, "
               "added and removed, and a Change summary sheet. The originals are never overwritten. PLAN is "
               "spreadsheets or a plan file (PLAN.effortplan or PLAN.effortplan#SCENARIO).")


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.description = DESCRIPTION
    parser.add_argument("files", nargs="+", metavar="PLAN",
                        help="spreadsheets, or one plan file (.effortplan[#SCENARIO])")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for the copies")
    parser.add_argument("--strike-removed", action="store_true",
                        help="keep removed duties, struck through, instead of deleting their rows")
    parser.add_argument("--no-summary", action="store_true", help="leave out the Change summary sheet")
    parser.add_argument("--dayfirst", action="store_true", help="read 03/04/2016 as 3 April")
    return parser


def run(args: argparse.Namespace) -> int:
    """Load the plan (and, for a plan file, the change log that led to it) and write the copies."""
    from effortplanner.cli import PLAN_SUFFIX, load_plan
    from effortplanner.core.plan import PlanSettings
    from effortplanner.io.locations import split_scenario
    from effortplanner.io.writeback import WriteOptions, write_back

    texts = [str(f) for f in args.files]
    plan = load_plan(texts, PlanSettings(dayfirst=args.dayfirst))
    plan_file, log = None, []
    name, scenario = split_scenario(texts[0])
    if len(texts) == 1 and name.lower().endswith(PLAN_SUFFIX):
        from effortplanner.io.scenario_file import load_scenario_set

        plan_file = Path(name)
        scenarios = load_scenario_set(plan_file)
        chosen = scenario or scenarios.baseline.name
        log = scenarios.log_between(scenarios.baseline.name, chosen) if chosen in scenarios else []
    options = WriteOptions(strike_removed=args.strike_removed, change_summary=not args.no_summary)
    report = write_back(plan, Path(args.output), plan_file=plan_file, options=options, log=log)
    print(report.describe())
    return 0
