"""What the application remembers between sessions (QSettings stays here, out of the core)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from effortplanner.core.history import DEFAULT_LIMIT, LIMIT_RANGE

MAX_RECENT = 10
MAX_RECENT_TEXT = 2_000_000  # characters of the stored Open Recent list read back


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings("EffortPlanner", "Effort Planner")

    def recent_entries(self) -> list[object]:
        """The Open Recent list as stored (`gui.recent` checks and reads it): plans and import sets."""
        text = str(self.store.value("recent_plans", "") or "[]")
        if len(text) > MAX_RECENT_TEXT:  # not what we write: ten entries with their import choices
            return []
        try:
            value = json.loads(text)
        except ValueError:
            return []
        return value if isinstance(value, list) else []

    def set_recent_entries(self, entries: list[dict[str, object]]) -> None:
        self.store.setValue("recent_plans", json.dumps(entries))

    def last_folder(self) -> str:
        return str(self.store.value("last_folder", "") or "")

    def set_last_folder(self, path: Path) -> None:
        self.store.setValue("last_folder", str(path if path.is_dir() else path.parent))

    def geometry(self) -> QByteArray | None:
        value = self.store.value("geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self.store.value("window_state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue("geometry", geometry)
        self.store.setValue("window_state", state)

    def undo_limit(self) -> int:
        """Undo steps kept per scenario (and rebuilt from the change log when a plan is reopened)."""
        try:
            value = int(self.store.value("undo_limit", DEFAULT_LIMIT))  # type: ignore[arg-type]
        except (TypeError, ValueError):  # a hand-edited settings file
            return DEFAULT_LIMIT
        return min(max(value, LIMIT_RANGE[0]), LIMIT_RANGE[1])

    def set_undo_limit(self, steps: int) -> None:
        self.store.setValue("undo_limit", int(steps))
