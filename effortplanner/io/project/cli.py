"""`effortplanner convert FILE… -o OUT.xml|OUT.gan`: the command's body, kept out of cli.py."""

from __future__ import annotations

from pathlib import Path

from effortplanner.core.plan import Plan
from effortplanner.io.project.export import PROJECT_SUFFIXES, export_project


def convert_to_project(out: Path, plan: Plan) -> int:
    """Write the project file and say what is in it; exit status 0 (errors raise PlanWriteError)."""
    counts = export_project(out, plan)
    print(f"Wrote {out} ({PROJECT_SUFFIXES[out.suffix.lower()]}: {counts['resources']} resources, "
          f"{counts['tasks']} tasks, {counts['assignments']} resource assignments)")
    return 0
