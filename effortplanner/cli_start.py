"""What a command-line run does before its plan modules load: it names the spreadsheets a one-shot
command will import, so that they are read ahead (io/prefetch.py) while pandas and the plan model load
(with the collector paused, see cli_collector)."""

from __future__ import annotations

import argparse
from pathlib import Path

from effortplanner.cli_collector import paused_while_loading
from effortplanner.io.locations import is_plan_name, is_server_url

ONE_SHOT = ("show", "check", "compare")  # commands whose objects live until the process ends


def load_plan_modules() -> None:
    """The plan model and pandas, loaded with the collector paused (see cli_collector); after a one-shot
    command's spreadsheets started reading (io/prefetch.py), so that the two run side by side."""
    with paused_while_loading():
        import effortplanner.core.plan  # noqa: F401


def spreadsheets_read(command: str, args: argparse.Namespace) -> list[Path]:
    """The spreadsheets a one-shot command imports, in its order (`load_plan`: not a plan file, not a server)."""
    if command not in ONE_SHOT:
        return []
    sides = [[args.base], [args.other]] if command == "compare" else [list(args.files)]
    return [Path(t) for side in sides if not is_server_url(side[0]) and not any(map(is_plan_name, side))
            for t in side]
