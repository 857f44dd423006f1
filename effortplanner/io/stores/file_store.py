"""The `.effortplan` file as a plan store: its revision is the file's modification stamp.

Reading and writing stay in `io.planfile`/`io.scenario_file`; this only adds the
revision check, so two windows saving one file do not overwrite each other silently.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from effortplanner.core.scenarios import ScenarioSet
from effortplanner.io.planfile import scenario_names
from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set
from effortplanner.io.stores.base import Opened, PlanInfo, StaleRevision


def _stamp(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


class FileStore:
    """A plan file at `path`; every scenario of it shares the file's revision."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.shown = str(self.path)

    def open(self, password: str | None = None) -> Opened:
        revision = _stamp(self.path)
        scenarios = load_scenario_set(self.path)
        return Opened(scenarios, {name: revision for name in scenarios.names}, self.shown)

    def save(self, scenarios: ScenarioSet, loaded: dict[str, int], password: str | None = None) -> dict[str, int]:
        current = _stamp(self.path)
        if current and any(loaded.get(name) != current for name in scenarios.names):
            stale = next(n for n in scenarios.names if loaded.get(n) != current)
            raise StaleRevision(shown=self.shown, plan=self.path.stem, scenario=stale, loaded=loaded.get(stale),
                                current=current, saved_by="another program",
                                saved_at=datetime.fromtimestamp(current / 1e9, timezone.utc))
        save_scenario_set(self.path, scenarios)
        revision = _stamp(self.path)
        return {name: revision for name in scenarios.names}

    def list_plans(self, password: str | None = None) -> list[PlanInfo]:
        if not self.path.exists():
            return []
        stamp = _stamp(self.path)
        return [PlanInfo(self.path.stem, stamp, "", datetime.fromtimestamp(stamp / 1e9, timezone.utc))]

    def list_scenarios(self, password: str | None = None) -> list[str]:
        return scenario_names(self.path)
