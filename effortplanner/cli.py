"""Command line: `effortplanner [FILE...]` opens the window; `show`, `check`, `export`, `convert` work without one.

Exit status: 0 success, 1 a check found an error-severity flag, 2 an input could not
be read. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

from effortplanner.cli_collector import one_shot, paused_while_loading

with paused_while_loading():  # see cli_collector; pandas and the plan model load in main (_load_plan_modules)
    import argparse
    import json
    import sys
    from collections.abc import Sequence
    from datetime import date
    from pathlib import Path
    from typing import TYPE_CHECKING

    from effortplanner import __version__
    from effortplanner.io.errors import PlanReadError, PlanWriteError
    from effortplanner.cli_start import ONE_SHOT, load_plan_modules, spreadsheets_read
    from effortplanner.io.locations import is_plan_name, is_server_url, split_scenario
    from effortplanner.io.prefetch import reading_ahead

if TYPE_CHECKING:
    from effortplanner.core.plan import Plan, PlanSettings


EXIT_OK, EXIT_FLAGS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("show", "check", "export", "convert", "compare", "writeback", "db")
COMMAND_HELP = {"show": "print the plan as imported (--json for one object)",
                "check": "list what needs a decision (exit 1 when an error is flagged)",
                "export": "write the review workbook for the Division",
                "convert": "write a plan file, a review workbook or CSV files",
                "compare": "what differs between two plans or scenarios",
                "writeback": "write the plan into copies of the spreadsheets it came from",
                "db": "set up a PostgreSQL server for shared plans and grant access"}
PLAN_SUFFIX = ".effortplan"


def sample_files() -> list[Path]:
    """The bundled sample plan (the seed department's spreadsheets), inside the package."""
    from effortplanner.sample import sample_files as bundled

    return bundled()


def load_plan(files: Sequence[str | Path], settings: PlanSettings | None = None, scenario: str | None = None) -> Plan:
    """Spreadsheets imported into one plan, or a plan file (`PLAN.effortplan` or `PLAN.effortplan#SCENARIO`)."""
    from effortplanner.io.importer import import_files

    texts = [str(f) for f in files]
    if texts and is_server_url(texts[0]):  # a plan on a server: see cli_db
        from effortplanner.cli_db import load_from_server

        return load_from_server(texts, settings, scenario)
    from effortplanner.sample import SAMPLE_AS_OF, is_sample

    if settings is not None and settings.as_of is None and is_sample(texts):
        settings.as_of = SAMPLE_AS_OF  # the sample speaks from its own date, as in the window
    native = [t for t in texts if is_plan_name(t)]
    if not native:
        if scenario:
            raise PlanReadError("--scenario needs a plan file (.effortplan)", file=texts[0])
        return import_files([Path(t) for t in texts], settings=settings)
    if len(texts) > 1:
        raise PlanReadError("a plan file is read on its own, not together with other files", file=native[0])
    from effortplanner.io.planfile import load_plan as load_plan_file  # sqlite and the plan schema: only here

    name, fragment = split_scenario(texts[0])
    plan = load_plan_file(Path(name), scenario or fragment or None)
    if settings is not None:  # command-line dates win over the file's own
        plan.settings.as_of = settings.as_of or plan.settings.as_of
        plan.settings.horizon = settings.horizon or plan.settings.horizon
    return plan


def _show(args: argparse.Namespace) -> int:
    from effortplanner.core.plan import PlanSettings
    from effortplanner.io.jsonout import write_plan_json

    plan = load_plan(args.files, PlanSettings(dayfirst=args.dayfirst))
    if args.json:
        write_plan_json(plan, sys.stdout)
        sys.stdout.write("\n")
        return EXIT_OK
    from effortplanner.io.textout import plan_to_text

    sys.stdout.write(plan_to_text(plan))
    return EXIT_OK


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _check(args: argparse.Namespace) -> int:
    from effortplanner.analysis.flags import compute_flags, has_errors
    from effortplanner.analysis.model import Flag
    from effortplanner.analysis.report import format_report
    from effortplanner.analysis.window import plan_window
    from effortplanner.core.plan import PlanSettings

    settings = PlanSettings(dayfirst=args.dayfirst, as_of=args.as_of, horizon=args.horizon)
    plan = load_plan(args.files, settings)
    try:
        as_of, horizon = plan_window(plan, settings.as_of, args.horizon)
    except ValueError as exc:
        print(f"effortplanner check: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    flags: Sequence[Flag] = compute_flags(plan, as_of, horizon)
    if is_server_url(args.files[0]):  # a Division roll-up names departments
        from effortplanner.cli_db import name_departments

        flags = name_departments(plan, flags)
    if args.json:
        from effortplanner.io.jsonout import write_flags_json

        write_flags_json(plan, flags, as_of, horizon, sys.stdout)
        sys.stdout.write("\n")
    else:
        from effortplanner.io.textout import printable_lines

        sys.stdout.write(printable_lines(format_report(flags, as_of, horizon, settings.fy_start_month,
                                                       settings.fy_start_day)))
    return EXIT_FLAGS if has_errors(flags) else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from effortplanner.core.plan import PlanSettings
    from effortplanner.io.review_report import export_review

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        print(f"effortplanner export: {out}: the review workbook is written as .xlsx", file=sys.stderr)
        return EXIT_UNREADABLE
    from effortplanner.cli_db import export_division, is_division

    if is_division(args.files):  # 'URL?plan=*': the Division workbook
        return export_division(args)
    settings = PlanSettings(dayfirst=args.dayfirst, as_of=args.as_of, horizon=args.horizon)
    plan = load_plan(args.files, settings, args.scenario)
    title = ", ".join(Path(split_scenario(str(f))[0]).name for f in args.files)
    result = export_review(out, plan, title=title, as_of=settings.as_of, horizon=args.horizon,
                           scenario=_scenario_shown(args.files, args.scenario))
    print(f"Wrote {out} ({len(plan.people)} people, {len(plan.assignments)} assignments, "
          f"{len(result.flags)} flags, as of {result.as_of.isoformat()})")
    return EXIT_OK


def _scenario_shown(files: Sequence[str], scenario: str | None) -> str | None:
    """The scenario a plan file's export holds, or None for its baseline (or for spreadsheets)."""
    from effortplanner.io.planfile import scenario_names

    name, fragment = split_scenario(str(files[0]))
    chosen = scenario or fragment
    if not chosen or not name.lower().endswith(PLAN_SUFFIX):
        return None
    names = scenario_names(name)
    return None if names and chosen == names[0] else chosen


def _convert(args: argparse.Namespace) -> int:
    from effortplanner.core.plan import PlanSettings
    from effortplanner.io.csv_export import write_csv_folder
    from effortplanner.io.planfile import save_plan
    from effortplanner.io.project.cli import convert_to_project
    from effortplanner.io.review_report import export_review

    plan = load_plan(args.files, PlanSettings(dayfirst=args.dayfirst), args.scenario)
    if is_server_url(args.output):  # publish to a server
        from effortplanner.cli_db import publish

        print(publish(args.output, plan, args.files, args.scenario))
        return EXIT_OK
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix == PLAN_SUFFIX:
        from effortplanner.cli_db import save_whole_plan

        if not save_whole_plan(args.files, args.scenario, str(out)):  # a server plan: every scenario
            save_plan(out, plan)
    elif suffix == ".xlsx":
        export_review(out, plan, title=out.stem)
    elif suffix in (".xml", ".gan"):
        return convert_to_project(out, plan)
    elif suffix == "":
        written = write_csv_folder(out, plan)
        print(f"Wrote {', '.join(p.name for p in written)} in {out}")
        return EXIT_OK
    else:
        print(f"effortplanner convert: {out}: write .effortplan, .xlsx, .xml (MS Project), .gan (GanttProject), "
              "or a folder for CSV", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Wrote {out}")
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from effortplanner.analysis.compare import compare
    from effortplanner.analysis.compare_text import format_comparison
    from effortplanner.core.plan import PlanSettings

    out = Path(args.output) if args.output else None
    if out is not None and out.suffix.lower() != ".xlsx":
        print(f"effortplanner compare: {out}: the comparison workbook is written as .xlsx", file=sys.stderr)
        return EXIT_UNREADABLE
    settings = PlanSettings(dayfirst=args.dayfirst, as_of=args.as_of, horizon=args.horizon)
    base, other = load_plan([args.base], settings), load_plan([args.other], settings)
    args.as_of = settings.as_of
    files = [Path(split_scenario(side)[0]) for side in (args.base, args.other)]
    one_file = all(f.suffix.lower() == PLAN_SUFFIX for f in files) and files[0].resolve() == files[1].resolve()
    match = "id" if args.match == "auto" and one_file else args.match  # scenarios of one file share ids
    labels = [Path(side).name + (" (baseline)" if f.suffix.lower() == PLAN_SUFFIX and not split_scenario(side)[1] else "")
              for side, f in zip((args.base, args.other), files)]
    try:
        result = compare(base, other, match=match, as_of=args.as_of, horizon=args.horizon, base_label=labels[0],
                         other_label=labels[1])
    except ValueError as exc:  # a horizon before the as-of date
        print(f"effortplanner compare: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if out is not None:
        from effortplanner.io.compare_workbook import export_comparison
        from effortplanner.io.scenario_file import load_scenario_set

        log = []
        if files[1].suffix.lower() == PLAN_SUFFIX:
            scenarios = load_scenario_set(files[1])
            name = split_scenario(args.other)[1] or scenarios.baseline.name
            start = (split_scenario(args.base)[1] or scenarios.baseline.name) if one_file else None
            log = scenarios.log_between(start, name) if start in scenarios else \
                [(name, e) for e in scenarios[name].log] if name in scenarios else []
        export_comparison(out, result, log=log)
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        from effortplanner.io.textout import printable_lines

        sys.stdout.write(printable_lines(format_comparison(result)))
    if out is not None:
        print(f"Wrote {out}", file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"effortplanner {command}")
    if command == "writeback":
        from effortplanner.cli_writeback import add_arguments
        return add_arguments(parser)
    if command == "compare":
        parser.description = ("Compare two plans: assignments moved, added, removed, re-dated, re-sized; people; "
                              "FTE by person and month; flags resolved and introduced. Each side is a spreadsheet, "
                              "a plan file (its baseline) or PLAN.effortplan#SCENARIO.")
        parser.add_argument("base", metavar="BASE", help="the plan compared from")
        parser.add_argument("other", metavar="OTHER", help="the plan compared with it")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("-o", "--output", metavar="OUT.xlsx", help="also write the comparison workbook")
        parser.add_argument("--match", choices=("auto", "id", "content"), default="auto",
                            help="pair rows by id (scenarios of one file) or by content (separate spreadsheets); "
                                 "default: decide from the plans")
        parser.add_argument("--as-of", type=_iso_date, metavar="DATE", help="the date the plans speak from")
        parser.add_argument("--horizon", type=_iso_date, metavar="DATE", help="how far to look")
        parser.add_argument("--dayfirst", action="store_true", help="read 03/04/2016 as 3 April")
        return parser
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="spreadsheets (xlsx, xlsm, xls, ods, csv), project files (MS Project .xml, GanttProject .gan), "
                             "or one plan file (.effortplan[#SCENARIO])")
    if command in ("export", "convert"):
        parser.add_argument("-o", "--output", required=True, metavar="OUT",
                            help="OUT.xlsx" if command == "export" else
                            "OUT.effortplan, OUT.xlsx, OUT.xml (MS Project), OUT.gan (GanttProject), or a folder for CSV")
        parser.add_argument("--scenario", metavar="NAME", help="a scenario of the plan file (default: its baseline)")
        parser.add_argument("--dayfirst", action="store_true", help="read 03/04/2016 as 3 April")
    if command == "export":
        parser.description = "Write the review workbook (Summary, tables, Flags, Load, Notes) for the Division."
        parser.add_argument("--as-of", type=_iso_date, metavar="DATE", help="the date the plan speaks from")
        parser.add_argument("--horizon", type=_iso_date, metavar="DATE", help="how far to look")
    if command == "convert":
        parser.description = "Convert spreadsheets or a plan file to a plan file, a review workbook or CSV files."
    if command == "show":
        parser.description = "Import spreadsheets and print the plan."
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--dayfirst", action="store_true", help="read 03/04/2016 as 3 April")
    if command == "check":
        parser.description = ("Import spreadsheets and list what needs a decision: over-allocation, duties left "
                              "without anyone when contracts end, unstaffed activities, inconsistent data. "
                              "Exit status 0: no errors; 1: at least one error-severity flag; 2: unreadable input.")
        parser.add_argument("--as-of", type=_iso_date, metavar="DATE",
                            help="the date the plan speaks from (YYYY-MM-DD; default today)")
        parser.add_argument("--horizon", type=_iso_date, metavar="DATE",
                            help="how far to look (YYYY-MM-DD; default the end of the next fiscal year)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--dayfirst", action="store_true", help="read 03/04/2016 as 3 April")
    return parser


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="effortplanner",
        description="Plan who does what, at what fraction of their time, until when. With no command, opens "
                    "the window on FILE... (default: the bundled sample plan).",
        epilog="commands (run 'effortplanner COMMAND --help'):\n" + "\n".join(
            f"  {name:<9} {text}" for name, text in COMMAND_HELP.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="a plan file or spreadsheets to open (default: the sample plan)")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    parser.add_argument("--tab", default="assignments",
                        choices=("people", "assignments", "activities", "milestones", "flags", "timeline", "load",
                                 "notes"),
                        help="the tab shown in the screenshot")
    parser.add_argument("--install-desktop", action="store_true",
                        help="add Effort Planner to this user's application menu (icon and .desktop entry) and exit")
    parser.add_argument("--version", action="version", version=f"effortplanner {__version__}")
    return parser


def _unknown_command(argv: Sequence[str]) -> str | None:
    """The first argument when it is neither a command nor a file: a mistyped command ("shwo")."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is None or first in COMMANDS or Path(split_scenario(first)[0]).exists():
        return None
    if "/" in first or "\\" in first or Path(first).suffix:
        return None  # a path that does not exist: the window (or --screenshot) says so
    return first


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "db":
            load_plan_modules()
            from effortplanner.cli_db import main as db_main

            return db_main(argv[1:])
        if argv and argv[0] in COMMANDS:
            command = argv[0]
            args = _command_parser(command).parse_args(argv[1:])
            with reading_ahead(spreadsheets_read(command, args)):
                load_plan_modules()
                return _run(command, args)
        parser = _gui_parser()
        unknown = _unknown_command(argv)
        if unknown is not None:
            import difflib

            close = difflib.get_close_matches(unknown, COMMANDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (commands: {', '.join(COMMANDS)})"
            parser.print_usage(sys.stderr)
            print(f"effortplanner: {unknown!r} is not a command nor a file{hint}", file=sys.stderr)
            return EXIT_UNREADABLE
        args = parser.parse_args(argv)
        if args.install_desktop:
            from effortplanner.cli_desktop import run_install_desktop

            return run_install_desktop()
        load_plan_modules()
        from effortplanner.gui.app import run

        return run(args.files or [str(p) for p in sample_files()], screenshot=args.screenshot, tab=args.tab,
                   is_sample=not args.files)
    except (PlanReadError, PlanWriteError) as exc:
        from effortplanner.io.textout import printable

        print(f"effortplanner: {printable(str(exc))}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _run(command: str, args: argparse.Namespace) -> int:
    if command == "writeback":
        from effortplanner.cli_writeback import run as _writeback
        return _writeback(args)
    run_command = {"show": _show, "check": _check, "export": _export, "convert": _convert,
                   "compare": _compare}[command]
    if command in ONE_SHOT:
        with one_shot():
            return run_command(args)
    return run_command(args)
