"""Where the user was: the scenario and tab of each plan, remembered so a reopen or a crash
recovery comes back to them (QSettings through AppSettings' store; nothing in the plan file)."""

from __future__ import annotations

import json
from hashlib import sha1
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from effortplanner.gui.main_window import MainWindow


class SessionMemory(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._recalling = False
        self._scenarios = window.document.scenarios  # a new set (open, recovery) is recalled before stored
        window.tabs.currentChanged.connect(lambda _i: self.remember())
        window.document.scenariosChanged.connect(self.remember)
        window.document.pathChanged.connect(self.recall)

    def key(self) -> str:
        document = self.window.document
        where = str(document.path.resolve()) if document.path is not None else f"untitled:{document.title}"
        return "session/" + sha1(where.encode("utf-8")).hexdigest()[:16]

    def remember(self) -> None:
        if self._recalling or self._scenarios is not self.window.document.scenarios:
            return
        state = {"scenario": self.window.document.scenarios.active,
                 "tab": self.window.tabs.tabText(self.window.tabs.currentIndex())}
        self.window.settings.store.setValue(self.key(), json.dumps(state))

    def recall(self) -> None:
        """Switch to the scenario and tab last seen for this plan, if they still exist.

        Only for a plan just opened or restored (a new set of scenarios): a save, Save As or an
        import into the open plan also changes its path or title, but must not move the user."""
        if self._scenarios is self.window.document.scenarios:
            self.remember()  # the same plan under its new name
            return
        try:
            state = json.loads(str(self.window.settings.store.value(self.key(), "") or "{}"))
        except ValueError:
            return
        if not isinstance(state, dict):
            return
        self._scenarios = self.window.document.scenarios
        self._recalling = True
        try:
            document = self.window.document
            scenario = state.get("scenario")
            if isinstance(scenario, str) and scenario in document.scenarios and scenario != document.scenarios.active:
                document.switch(scenario)
            tabs = self.window.tabs
            for index in range(tabs.count()):
                if tabs.tabText(index) == state.get("tab"):
                    tabs.setCurrentIndex(index)
        finally:
            self._recalling = False
        self.remember()
