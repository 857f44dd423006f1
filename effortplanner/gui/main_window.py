"""The main window: composes the table pages, the flags panel, menus and status bar.

It holds no business rule: edits go through the document (core edit API), files
through the file controller (io), flags through the flags panel (analysis).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QUndoView, QWidget

from effortplanner import __version__
from effortplanner.analysis.model import Flag
from effortplanner.core import edits
from effortplanner.core.edits import EditError
from effortplanner.gui.actions import build_actions
from effortplanner.gui.alias_actions import AliasActions
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.files import SPREADSHEET_SUFFIXES, FileController
from effortplanner.gui.flags_panel import FlagsPanel
from effortplanner.gui.load_view import LoadView
from effortplanner.gui.jobs import JobRunner, JobStatus
from effortplanner.gui.notes_page import NotesPage
from effortplanner.gui.print_support import preload_later
from effortplanner.gui.recovery import Recovery
from effortplanner.gui.scenario_bar import ChangeLogPanel, ScenarioBar
from effortplanner.gui.server_dialogs import ServerController
from effortplanner.gui.session import SessionMemory
from effortplanner.gui.settings import AppSettings
from effortplanner.gui.table_page import TablePage
from effortplanner.gui.timeline import TimelineView, add_zoom_actions, link_selection
from effortplanner.gui.words import count
from effortplanner.io.planfile import SUFFIX

TABLE_TABS = (("people", "People"), ("assignments", "Assignments"), ("activities", "Activities"),
              ("milestones", "Milestones"))


class MainWindow(QMainWindow):
    def __init__(self, document: PlanDocument | None = None, settings: AppSettings | None = None,
                 recovery_folder: Path | None = None) -> None:
        super().__init__()
        self.document = document or PlanDocument(parent=self)
        self.document.setParent(self)
        self.settings = settings or AppSettings()
        self.document.set_history_limit(self.settings.undo_limit())  # the user's undo history length
        self.jobs = JobRunner(self)  # long work off the GUI thread, shown in the status bar
        self.files = FileController(self, self.document, self.settings, self.jobs)
        self.server = ServerController(self, self.document, self.settings)  # File › Open from/Publish to Server
        self.recovery = Recovery(self.document, recovery_folder, parent=self, jobs=self.jobs)
        self.tabs = QTabWidget(documentMode=True)
        self.pages: dict[str, TablePage] = {}
        for table, label in TABLE_TABS:
            page = TablePage(self.document, table)
            self.pages[table] = page
            self.tabs.addTab(page, label)
        self.timeline = TimelineView(self.document, jobs=self.jobs)  # its exports show in the status bar
        self.tabs.addTab(self.timeline, "Timeline")
        self.load_view = LoadView(self.document)
        self.tabs.addTab(self.load_view, "Load")
        self.load_view.dutiesChosen.connect(self.select_duties)
        self.notes = NotesPage(self.document)
        self.tabs.addTab(self.notes, "Import notes")
        self.setCentralWidget(self.tabs)
        self.flags = FlagsPanel(self.document)
        self.flags_dock = self._dock("Flags", self.flags, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.alias_actions = AliasActions(self.flags, self.document, self)
        self.alias_actions.places = self._flag_places  # right-click a flag: go to what it is about
        self.history = QUndoView(self.document.undo_group)
        self.history.setEmptyLabel("Opened plan")
        self.history_dock = self._dock("Undo history", self.history, Qt.DockWidgetArea.RightDockWidgetArea)
        self.history_dock.hide()
        self.change_log = ChangeLogPanel(self.document)
        self.log_dock = self._dock("Change log", self.change_log, Qt.DockWidgetArea.RightDockWidgetArea)
        self.log_dock.hide()
        self.scenario_bar = ScenarioBar(self.document, self)
        self.addToolBar(self.scenario_bar)
        self.scenario_bar.compare_action.triggered.connect(self.compare)
        self.status = QLabel()
        self.status.setToolTip("Click the dates to change the plan settings")
        self.status.linkActivated.connect(lambda _link: self.plan_settings())
        self.refusal: QMessageBox | None = None
        self.statusBar().addPermanentWidget(self.status)
        self.job_status = JobStatus(self.jobs, self.statusBar())
        self.actions_ = build_actions(self)
        self.actions_.update(add_zoom_actions(self.menuBar(), self.timeline,
                                              show=lambda: self.tabs.setCurrentWidget(self.timeline)))
        link_selection(self.timeline, self.pages)
        self.setAcceptDrops(True)
        self.document.changed.connect(self._refresh_status)
        self.document.replaced.connect(self._refresh_status)
        self.document.undo_group.cleanChanged.connect(self._refresh_title)
        self.document.undo_group.indexChanged.connect(self._refresh_title)
        self.document.scenariosChanged.connect(self._refresh_title)
        self.document.pathChanged.connect(self._refresh_title)
        self.document.refused.connect(self._refused)
        self.document.analysis.flags_ready.connect(self._refresh_status)
        self.flags.activated.connect(self.show_flag)
        self.files.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.server.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.timeline.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.session = SessionMemory(self)
        self.fit_screen()
        self._refresh_title()
        self._refresh_status()
        self.flags.recompute()
        preload_later(self)  # Qt's print support mapped off the GUI thread before the first Print…

    def fit_screen(self, width: int = 1400, height: int = 900) -> None:
        """Open at a comfortable size that never exceeds the screen's free area (at any scaling)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, int(free.width() * 0.95)), min(height, int(free.height() * 0.92))
        self.resize(width, height)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # --- state shown ---------------------------------------------------------------------
    def _refresh_title(self, *_args: object) -> None:
        scenario = self.document.scenarios.active
        shown = self.document.title if len(self.document.scenarios) == 1 else f"{self.document.title} — {scenario}"
        self.setWindowTitle(f"{shown}[*] — Effort Planner")
        self.setWindowModified(self.document.modified)
        self._refresh_status()

    def _refresh_status(self, *_args: object) -> None:
        """Counts from the analysis of the shown revision ('analysing…' until its flags are known)."""
        plan = self.document.plan
        snap = self.document.analysis.flagged()
        counts = plan.counts()
        state = "modified" if self.document.modified else "saved" if self.document.path else "not saved"
        if snap is None:
            self.status.setText(f"{count(counts['people'], 'person', 'people')} · "
                                f"{count(counts['assignments'], 'assignment')} · analysing… · {state}")
            return
        self.status.setText(f"<a href='settings'>As of {snap.as_of.isoformat()} · horizon {snap.horizon.isoformat()}"
                            f"</a> · {count(counts['people'], 'person', 'people')} · "
                            f"{count(counts['assignments'], 'assignment')} · "
                            f"{count(snap.counts['flags'], 'flag')} ({count(snap.counts['errors'], 'error')}) · "
                            f"{state}")

    def _refused(self, reason: str) -> None:
        """Say why an edit was refused, without blocking the user (a notice, not a modal dialog)."""
        self.statusBar().showMessage(f"Not changed: {reason}", 10000)
        if self.refusal is None:
            self.refusal = QMessageBox(QMessageBox.Icon.Warning, "Not changed", "", QMessageBox.StandardButton.Ok,
                                       self)
            self.refusal.setWindowModality(Qt.WindowModality.NonModal)
        self.refusal.setText(reason)
        self.refusal.show()

    # --- commands the menus call ---------------------------------------------------------------
    def current_page(self) -> TablePage | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, TablePage) else None

    def show_tab(self, name: str) -> None:
        names = [t for t, _ in TABLE_TABS] + ["timeline", "load", "notes"]
        if name == "flags":
            self.flags_dock.show()
            self.flags_dock.raise_()
            self.resizeDocks([self.flags_dock], [int(self.height() * 0.6)], Qt.Orientation.Vertical)
            return
        self.tabs.setCurrentIndex(names.index(name))

    def add_row(self) -> None:
        page = self.current_page()
        if page is None:
            return
        defaults = {"people": {"name": "New person"}, "assignments": {"duty": "New duty"},
                    "activities": {"name": "New activity"}, "milestones": {"name": "New milestone"}}[page.table]
        change = self.document.edit(lambda plan: edits.add_rows(plan, page.table, [defaults]))
        if change:
            page.select_id(change.touched()[0].ids[0])

    def delete_rows(self) -> None:
        page = self.current_page()
        if page is None or not page.selected_ids():
            return
        ids = page.selected_ids()
        try:
            self.document.edit_or_raise(lambda plan: edits.remove_rows(plan, page.table, ids))
        except EditError as exc:
            answer = QMessageBox.question(self, "Delete rows", f"{exc}.\n\nDelete anyway and clear those references?")
            if answer == QMessageBox.StandardButton.Yes:
                self.document.edit(lambda plan: edits.remove_rows(plan, page.table, ids, cascade=True))

    def find(self) -> None:
        """Ctrl+F finds on the tab shown (a table, the timeline, the import notes); it never changes tab."""
        widget = self.tabs.currentWidget()
        if widget is self.timeline:
            self.timeline.filter_bar.focus()
        elif widget is self.notes:
            self.notes.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.notes.filter.selectAll()
        elif isinstance(widget, TablePage):
            widget.focus_filter()
        else:
            self.statusBar().showMessage("Find works in the tables, the timeline and the import notes", 8000)

    def _flag_places(self, menu: QMenu, flag: Flag) -> None:
        menu.addAction("Show in Table", lambda: self.show_flag(flag, table=True))
        menu.addAction("Show on Timeline", lambda: self.show_flag_on_timeline(flag))

    def show_flag_on_timeline(self, flag: Flag) -> None:
        """A flag's "Show on Timeline": asked for, so the Timeline tab comes forward."""
        self.tabs.setCurrentWidget(self.timeline)
        self.timeline.show_flag(flag)

    def show_flag(self, flag: Flag, table: bool = False) -> None:
        """Double-click on a flag (or its "Show in Table"): show the duty it is about, else the person;
        a double-click while on the timeline shows it there."""
        on_timeline = self.tabs.currentWidget() is self.timeline and not table
        self.timeline.show_flag(flag)
        if on_timeline:
            return
        if flag.duty and self.pages["assignments"].select_id(flag.duty):
            self.tabs.setCurrentWidget(self.pages["assignments"])
        elif flag.person and self.pages["people"].select_id(flag.person):
            self.tabs.setCurrentWidget(self.pages["people"])
        elif flag.activity and self.pages["activities"].select_id(flag.activity):
            self.tabs.setCurrentWidget(self.pages["activities"])

    def select_duties(self, ids: list[str]) -> None:
        """Select duties (from the load view) in the Assignments table and on the timeline, staying here."""
        from effortplanner.gui.load_select import select_rows

        shown = select_rows(self.pages["assignments"], ids)
        self.timeline.select_assignments(ids, scroll=False)
        self.statusBar().showMessage(f"Selected {count(shown, 'duty', 'duties')} in Assignments "
                                     "and on the timeline", 8000)

    def compare(self) -> None:
        from effortplanner.gui.compare_view import CompareDialog

        self.compare_dialog = CompareDialog(self.document, self)
        self.compare_dialog.show()  # not modal: keep editing beside it

    def reassign(self) -> None:
        """The duties selected on the tab shown, without changing tab: in Assignments, on the timeline,
        or those a click on a Load cell selected."""
        from effortplanner.gui.staffing_dialogs import open_reassign

        widget = self.tabs.currentWidget()
        ids = self.timeline.selected_ids() if widget is self.timeline else \
            self.pages["assignments"].selected_ids() if widget in (self.pages["assignments"], self.load_view) else []
        if not ids:
            self.statusBar().showMessage("Select duties on the Assignments tab, the timeline or the Load tab first",
                                         8000)
            return
        open_reassign(self.document, ids, self)

    def fill_placeholder(self) -> None:
        from effortplanner.gui.staffing_dialogs import open_fill_placeholder

        ids = self.pages["people"].selected_ids() if self.current_page() is self.pages["people"] else []
        if not ids:
            self.statusBar().showMessage("Select a role to fill on the People tab first", 8000)
            return
        open_fill_placeholder(self.document, ids[0], self)

    def export_review(self) -> None:
        """File › Export to Excel…: scenario, as-of and horizon, then the file (a short suggested name)."""
        from effortplanner.gui.export_dialog import ExportDialog

        self.export_dialog = ExportDialog(self.document, self.settings.last_folder(), self, jobs=self.jobs)
        self.export_dialog.setModal(True)
        self.export_dialog.exported.connect(self._exported)
        self.export_dialog.show()

    def _exported(self, path: Path) -> None:
        self.settings.set_last_folder(path)
        self.statusBar().showMessage(f"Exported {path.name}", 8000)

    def print_current(self) -> None:
        from effortplanner.gui.printing import print_current

        print_current(self)

    def print_preview_current(self) -> None:
        from effortplanner.gui.printing import preview_current

        self.print_preview = preview_current(self)

    def plan_settings(self) -> None:
        from effortplanner.gui.settings_dialog import open_plan_settings

        self.settings_dialog = open_plan_settings(self.document, self)

    def about(self) -> None:
        QMessageBox.about(self, "About Effort Planner",
                          f"<b>Effort Planner</b> {__version__}<p>Plan who does what, at what fraction of their "
                          "time, until when. Import the spreadsheets you keep, see over-allocation and "
                          "contract-end gaps, and send the Division a clean review workbook.</p>")

    # --- window events -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(Path(u.toLocalFile()).suffix.lower() in (*SPREADSHEET_SUFFIXES, SUFFIX)
               for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.jobs.cancel_all()
        self.jobs.wait()  # a save or export still running finishes before the window goes
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.recovery.discard()
        event.accept()

    def restore_layout(self) -> None:
        geometry, state = self.settings.geometry(), self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

