"""File › Open from Server… and File › Publish to Server…: the connection dialog and the work behind it.

The server is remembered (recent servers) without its password: a password typed here
lives in memory for the session only; leave it empty to use libpq's own PGPASSWORD or
~/.pgpass. Opening and publishing run on a worker thread; the window stays usable. A
publish refused because someone saved a newer revision offers Reload, Save as a new
scenario, or Compare (theirs beside yours in the compare view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QWidget)

from effortplanner.core.scenarios import Scenario
from effortplanner.gui.settings import AppSettings
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.stores.base import Opened, StaleRevision
from effortplanner.io.stores.location import ServerLocation, is_server_location, parse_location
from effortplanner.gui.words import count

RECENT_KEY, MAX_RECENT = "recent_servers", 10
Choice = str  # "reload" | "new_scenario" | "compare" | "cancel"


def recent_servers(settings: AppSettings) -> list[str]:
    value = settings.store.value(RECENT_KEY, [])
    return [v for v in ([value] if isinstance(value, str) else list(value or [])) if v]


def remember_server(settings: AppSettings, loc: ServerLocation) -> None:
    """Put the server (never its password) first in the recent list."""
    entry = loc.server_url
    settings.store.setValue(RECENT_KEY, [entry, *[s for s in recent_servers(settings) if s != entry]][:MAX_RECENT])


class Worker(QThread):
    """Runs one server call off the GUI thread; `done` carries its result or its error."""

    done = Signal(object, object)  # result, error (one of them None)

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            self.done.emit(self._work(), None)
        except (PlanReadError, PlanWriteError) as exc:
            self.done.emit(None, exc)


class ConnectDialog(QDialog):
    """Server URL (recent servers offered), plan name (listed from the server), password (optional)."""

    def __init__(self, settings: AppSettings, title: str, plan: str = "", server: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.server = QComboBox(editable=True)
        self.server.addItems(recent_servers(settings))
        self.server.setCurrentText(server or self.server.itemText(0))
        self.server.lineEdit().setPlaceholderText("postgresql://user@host:5432/dbname")
        self.plan = QComboBox(editable=True)
        self.plan.setCurrentText(plan)
        self.list_button = QPushButton("List plans")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: use PGPASSWORD or ~/.pgpass")
        self.status = QLabel(wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow("Server", self.server)
        form.addRow("Plan", self.plan)
        form.addRow("", self.list_button)
        form.addRow("Password", self.password)
        form.addRow(QLabel("The password is not saved; it is kept only while the application runs."))
        form.addRow(self.status)
        form.addRow(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.list_button.clicked.connect(self.list_plans)
        self.worker: Worker | None = None
        self.resize(560, self.sizeHint().height())

    def location(self) -> ServerLocation | None:
        """What was typed, as a location; a password typed into the URL is used, never shown."""
        text = self.server.currentText().strip()
        if not is_server_location(text):
            self.status.setText("The server is a URL: postgresql://user@host:port/dbname")
            return None
        try:
            loc = parse_location(text)
        except PlanReadError as exc:
            self.status.setText(str(exc))
            return None
        plan = self.plan.currentText().strip()
        return loc.with_plan(plan, loc.scenario) if plan else loc

    def password_text(self) -> str | None:
        return self.password.text() or None

    def list_plans(self) -> None:
        loc = self.location()
        if loc is None:
            return
        from effortplanner.io.stores.server import list_plans

        self.status.setText("Asking the server…")
        self.worker = Worker(lambda: list_plans(loc, self.password_text()), self)
        self.worker.done.connect(self._listed)
        self.worker.start()

    def _listed(self, plans: object, error: object) -> None:
        if error is not None:
            self.status.setText(str(error))
            return
        names = [p.name for p in plans]  # type: ignore[attr-defined]
        current = self.plan.currentText()
        self.plan.clear()
        self.plan.addItems(names)
        self.plan.setCurrentText(current or (names[0] if names else ""))
        self.status.setText(f"{count(len(names), 'plan')} you may read" if names else "You may read no plan here")

    def _accept(self) -> None:
        loc = self.location()
        if loc is not None and not loc.plan:
            self.status.setText("Name the plan")
        elif loc is not None:
            self.accept()


@dataclass
class Origin:
    """Where the open plan came from on a server, and the revision of each scenario read."""

    location: ServerLocation
    password: str | None
    revisions: dict[str, int] = field(default_factory=dict)


class ServerController(QObject):
    """Open from / publish to a server for one window; the window only wires menu actions here."""

    message = Signal(str)
    finished = Signal(bool)  # an open or publish ended (True: it worked)

    def __init__(self, window: QWidget, document: object, settings: AppSettings) -> None:
        super().__init__(window)
        self.window, self.document, self.settings = window, document, settings
        self.origin: Origin | None = None
        self.worker: Worker | None = None
        self.choose: Callable[[StaleRevision], Choice] = self._ask_conflict  # tests replace it

    # --- dialogs -----------------------------------------------------------------------
    def open_dialog(self) -> None:
        if not self.window.files.maybe_save():  # type: ignore[attr-defined]
            return
        dialog = ConnectDialog(self.settings, "Open from Server", parent=self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and (loc := dialog.location()) is not None:
            self.open_location(loc, dialog.password_text())

    def publish_dialog(self) -> None:
        origin = self.origin
        dialog = ConnectDialog(self.settings, "Publish to Server", plan=origin.location.plan or "" if origin else "",
                               server=origin.location.server_url if origin else "", parent=self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and (loc := dialog.location()) is not None:
            self.publish_to(loc, dialog.password_text() or (origin.password if origin else None))

    def division_dialog(self) -> None:
        """View › Division…: the roll-up of a server's plans, in its own window."""
        from effortplanner.gui.division_view import open_division_view

        self.worker = open_division_view(self.window, self.settings)

    # --- work --------------------------------------------------------------------------
    def _run(self, work: Callable[[], object], then: Callable[[object, object], None], text: str) -> None:
        self.message.emit(text)
        self.worker = Worker(work, self)
        self.worker.done.connect(then)
        self.worker.start()

    def open_location(self, loc: ServerLocation, password: str | None) -> None:
        """Read every scenario of the plan off the GUI thread, then show it."""
        from effortplanner.io.stores.server import open_scenarios

        def shown(result: object, error: object) -> None:
            if error is not None:
                QMessageBox.warning(self.window, "Could not open from the server", str(error))
                self.finished.emit(False)
                return
            opened: Opened = result  # type: ignore[assignment]
            self.document.replace_scenarios(opened.scenarios, None, title=loc.shown)  # type: ignore[attr-defined]
            self.origin = Origin(loc, password, dict(opened.revisions))
            remember_server(self.settings, loc)
            self.message.emit(f"Opened {loc.shown}")
            self.finished.emit(True)

        self._run(lambda: open_scenarios(loc, password), shown, f"Opening {loc.shown}…")

    def _loaded_for(self, loc: ServerLocation) -> dict[str, int]:
        origin = self.origin  # still the plan shown (not replaced by a file since), and the same plan
        same = origin is not None and self.document.title == origin.location.shown and \
            (origin.location.server, origin.location.plan) == (loc.server, loc.plan)  # type: ignore[attr-defined]
        return dict(origin.revisions) if same and origin else {}

    def publish_to(self, loc: ServerLocation, password: str | None,
                   scenarios: list[Scenario] | None = None) -> None:
        """Publish every scenario (or the ones given) on top of the revisions read; conflicts are offered."""
        from effortplanner.io.stores.server import publish

        items = scenarios if scenarios is not None else list(self.document.scenarios)  # type: ignore[attr-defined]
        loaded = self._loaded_for(loc)

        def published(result: object, error: object) -> None:
            if isinstance(error, StaleRevision):
                self._conflict(loc, password, error)
                return
            if error is not None:
                QMessageBox.warning(self.window, "Could not publish", str(error))
                self.finished.emit(False)
                return
            revisions: dict[str, int] = result  # type: ignore[assignment]
            self.origin = Origin(loc, password, {**loaded, **revisions})
            remember_server(self.settings, loc)
            if scenarios is None:
                self.document.set_clean()  # type: ignore[attr-defined]
            self.message.emit(f"Published {loc.shown} (revision {max(revisions.values())})")
            self.finished.emit(True)

        self._run(lambda: publish(loc, items, loaded, password), published, f"Publishing {loc.shown}…")

    # --- a newer revision on the server ----------------------------------------------------------
    def _ask_conflict(self, error: StaleRevision) -> Choice:
        box = QMessageBox(QMessageBox.Icon.Warning, "Someone published first", str(error), parent=self.window)
        buttons = {box.addButton("Reload theirs", QMessageBox.ButtonRole.DestructiveRole): "reload",
                   box.addButton("Save mine as a new scenario", QMessageBox.ButtonRole.AcceptRole): "new_scenario",
                   box.addButton("Compare", QMessageBox.ButtonRole.ActionRole): "compare",
                   box.addButton(QMessageBox.StandardButton.Cancel): "cancel"}
        box.exec()
        return buttons.get(box.clickedButton(), "cancel")

    def _conflict(self, loc: ServerLocation, password: str | None, error: StaleRevision) -> None:
        choice = self.choose(error)
        if choice == "reload":
            self.open_location(loc, password)
        elif choice == "new_scenario":
            mine = self.document.scenarios[error.scenario]  # type: ignore[attr-defined]
            stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
            copy = Scenario(f"{mine.name} (mine, {stamp})", mine.plan.copy(), mine.description, mine.name,
                            log=list(mine.log))
            self.publish_to(loc, password, [copy])
        elif choice == "compare":
            self._compare(loc, password, error)
        else:
            self.finished.emit(False)

    def _compare(self, loc: ServerLocation, password: str | None, error: StaleRevision) -> None:
        """Bring their revision in as a scenario beside yours and open the compare view on the two."""
        from effortplanner.io.stores.server import open_plan

        def arrived(result: object, error_: object) -> None:
            if error_ is not None:
                QMessageBox.warning(self.window, "Could not read their revision", str(error_))
                self.finished.emit(False)
                return
            name = f"{error.scenario} (revision {error.current} by {error.saved_by})"

            def add(scenarios: object) -> Scenario:
                theirs = scenarios.create(name, error.scenario)  # type: ignore[attr-defined]
                theirs.plan = result
                return theirs

            document = self.document
            mine = document.scenarios.active  # type: ignore[attr-defined]
            document.scenario_action(add, switch_to=mine)  # type: ignore[attr-defined]
            self.window.compare()  # type: ignore[attr-defined]
            dialog = self.window.compare_dialog  # type: ignore[attr-defined]
            dialog.base.setCurrentText(document.scenarios[name].name)  # type: ignore[attr-defined]
            dialog.other.setCurrentText(error.scenario)
            dialog.run()
            self.finished.emit(False)

        self._run(lambda: open_plan(loc, password, error.scenario), arrived, "Reading their revision…")
