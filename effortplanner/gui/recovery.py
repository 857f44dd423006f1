"""Crash recovery: while the plan has unsaved changes, a copy is saved every minute.

The copy is written in the background (a job on a copy of the scenarios) and never
starts while the previous one still runs.

The copy is a normal plan file beside a small JSON note of where the plan came from;
a clean close deletes both, so finding them at start-up means the last session died.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from effortplanner.core.scenarios import ScenarioSet
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.jobs import Job, JobRunner
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set

INTERVAL_MS = 60_000
RECOVERY = "recovery"  # the job queue of recovery copies


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or str(Path.home())
    return Path(base) / "recovery"


class Recovery(QObject):
    def __init__(self, document: PlanDocument, folder: Path | None = None, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.jobs = jobs or JobRunner(self)
        self.last_ok = True
        self.folder = folder or recovery_folder()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    @property
    def plan_path(self) -> Path:
        return self.folder / "recovery.effortplan"

    @property
    def info_path(self) -> Path:
        return self.folder / "recovery.json"

    def save_now(self) -> bool:
        """Start writing the recovery copy if there is anything unsaved; False when one is still being written."""
        if not self.document.modified:
            return True
        if self.jobs.busy(RECOVERY):
            return False
        scenarios = self.document.scenarios.copy()
        info = json.dumps({"path": str(self.document.path or ""), "title": self.document.title})
        self.jobs.start(Job("Saving a recovery copy", lambda _p, _c: self._write(scenarios, info), self._written,
                            self._written, queue=RECOVERY))
        return True

    def _write(self, scenarios: ScenarioSet, info: str) -> bool:
        """On a worker thread: the plan copy and the note of where it came from."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            save_scenario_set(self.plan_path, scenarios)
            self.info_path.write_text(info, encoding="utf-8")
        except (OSError, PlanWriteError):
            return False
        return True

    def _written(self, result: object) -> None:
        self.last_ok = result is True

    def wait(self) -> bool:
        """Until the copy being written is on disk (tests; closing); whether it was written."""
        self.jobs.wait(RECOVERY)
        return self.last_ok

    def discard(self) -> None:
        self.wait()  # a copy still being written would appear after the delete
        self.plan_path.unlink(missing_ok=True)
        self.info_path.unlink(missing_ok=True)

    def pending(self) -> dict[str, str] | None:
        """What a crashed session left (its title and original path), or None."""
        if not self.plan_path.exists():
            return None
        try:
            return json.loads(self.info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"path": "", "title": "Recovered plan"}

    def restore(self) -> tuple[ScenarioSet, str, Path | None] | None:
        info = self.pending()
        if info is None:
            return None
        try:
            scenarios = load_scenario_set(self.plan_path)
        except PlanReadError:
            return None
        path = Path(info["path"]) if info.get("path") else None
        return scenarios, info.get("title") or "Recovered plan", path
