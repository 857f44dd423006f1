"""File actions of the window: new, open, import, save, export, recent files, close prompt.

Dialogs live here; reading and writing are io functions run as background jobs
(`gui.jobs`) on copies of the plan, so the window stays usable while they run, with
progress in the status bar. Saves queue: a second save waits for the first. Errors from
io arrive as one located line and are shown as such; nothing is lost on a failed save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from effortplanner.core.plan import Plan, PlanSettings
from effortplanner.core.scenarios import ScenarioSet
from effortplanner.gui.document import PlanDocument, Prepared
from effortplanner.gui.settings import AppSettings
from effortplanner.gui.jobs import Job, JobRunner, Progress
from effortplanner.gui.recent import RecentList
from effortplanner.gui.words import count
from effortplanner.io.errors import ImportCancelled, PlanReadError, PlanWriteError
from effortplanner.io.layout_choices import ImportChoices
from effortplanner.io.planfile import SUFFIX
from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set

SPREADSHEETS = "Spreadsheets and project files (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.xml *.gan)"
PLAN_FILES = f"Effort plans (*{SUFFIX})"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt", ".xml", ".gan")


class FileController(QObject):
    recentChanged = Signal()
    message = Signal(str)

    def __init__(self, window: QWidget, document: PlanDocument, settings: AppSettings,
                 jobs: JobRunner | None = None) -> None:
        super().__init__(window)
        self.window, self.document, self.settings = window, document, settings
        self.jobs = jobs or JobRunner(self)
        self.last_save_ok = False
        self.recent = RecentList(settings)  # File › Open Recent: plans and import sets the user opened

    def wait(self, queue: str | None = None) -> None:
        """Until the file jobs (of `queue`) are done, the window running meanwhile (tests; the close prompt)."""
        self.jobs.wait(queue)

    def _run(self, title: str, work: Callable[[Progress, Callable[[], bool]], object],
             done: Callable[[object], None], failed: Callable[[BaseException], None], queue: str = "",
             cancellable: bool = False) -> None:
        self.jobs.start(Job(title, work, done, failed, queue, cancellable))

    # --- helpers -----------------------------------------------------------------------
    def _error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    def _folder(self) -> str:
        return self.settings.last_folder() or str(Path.home())

    # --- opening -----------------------------------------------------------------------
    def new_plan(self) -> None:
        if self.maybe_save():
            self.document.new()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self.window, "Open plan", self._folder(),
                                              f"{PLAN_FILES};;{SPREADSHEETS};;All files (*)")
        if name:
            self.open_paths([Path(name)], ask=False)

    def open_paths(self, paths: Sequence[Path], ask: bool = True, settings: PlanSettings | None = None,
                   title: str | None = None, choices: ImportChoices | None = None) -> bool:
        """Open a plan file, or import spreadsheets as a new plan (what File > Open and drops do);
        `choices`: how the import dialog had them read (an import set reopened from Open Recent)."""
        paths = [Path(p) for p in paths]
        if not paths or (ask and not self.maybe_save()):
            return False
        if len(paths) == 1 and paths[0].suffix.lower() == SUFFIX:
            path = paths[0]

            def opened(loaded: object) -> None:
                scenarios, prepared = loaded  # type: ignore[misc]
                assert isinstance(scenarios, ScenarioSet) and isinstance(prepared, Prepared)
                prepared.deliver()
                self.document.replace_scenarios(scenarios, path)
                self._remember([path])

            prepare = self.document.preparation()  # the views' share of showing it, done in the job too

            def load(_progress: Progress, _cancelled: Callable[[], bool]) -> tuple[ScenarioSet, Prepared]:
                scenarios = load_scenario_set(path)
                return scenarios, prepare(scenarios.plan)

            self._run(f"Opening {path.name}", load, opened, self._failure("Could not open the plan"), queue="open")
            return True
        return self.import_paths(paths, settings=settings, title=title, choices=choices)

    def import_paths(self, paths: Sequence[Path], settings: PlanSettings | None = None,
                     title: str | None = None, choices: ImportChoices | None = None) -> bool:
        """Import spreadsheets as a new plan in the background (cancellable); True when started."""
        from effortplanner.io.importer import import_files
        from effortplanner.io.layout_replay import chosen_layouts

        paths = list(paths)
        chosen = settings or self.document.plan.settings

        def imported(loaded: object) -> None:
            plan, prepared = loaded  # type: ignore[misc]
            assert isinstance(plan, Plan) and isinstance(prepared, Prepared)
            prepared.deliver()
            self._show_imported(plan, title or ", ".join(p.name for p in paths))
            self._remember(paths, title, choices)
            self.message.emit(f"Imported {count(len(paths), 'file')} with {count(len(plan.notes), 'import note')}")

        prepare = self.document.preparation()

        def load(progress: Progress, cancelled: Callable[[], bool]) -> tuple[Plan, Prepared]:
            plan = import_files(paths, settings=chosen, progress=progress, cancelled=cancelled,
                                layouts=chosen_layouts(paths, choices, chosen) if choices else None)
            return plan, prepare(plan)

        self._run(f"Importing {count(len(paths), 'file')}", load, imported, self._failure("Could not import"),
                  queue="open", cancellable=True)
        return True

    def _failure(self, title: str, hint: str = "") -> Callable[[BaseException], None]:
        """Show an io error as its one located line; a cancelled import quietly; re-raise bugs."""
        def failed(error: BaseException) -> None:
            if isinstance(error, ImportCancelled):
                self.message.emit("Import cancelled; nothing was changed")
            elif isinstance(error, (PlanReadError, PlanWriteError)):
                self._error(title, f"{error}{hint}")
            else:
                raise error
        return failed

    def import_dialog(self, paths: Sequence[Path] | None = None) -> bool:
        """Choose spreadsheets, check how they will be read, then import them as a new plan."""
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self.window, "Import spreadsheets", self._folder(), SPREADSHEETS)
            paths = [Path(n) for n in names]
        if not paths or not self.maybe_save():
            return False
        from effortplanner.gui.import_dialog import ImportDialog

        dialog = ImportDialog(list(paths), self.document.plan.settings, self.window)
        if dialog.exec() != ImportDialog.DialogCode.Accepted or dialog.plan is None:
            return False
        self._show_imported(dialog.plan, ", ".join(p.name for p in dialog.selected_paths()))
        self._remember(dialog.selected_paths(), choices=dialog.choices())
        return True

    def _show_imported(self, plan: Plan, title: str) -> None:
        """An import into an empty, untouched window is a new plan; into an open plan, an undoable step."""
        if self.document.is_blank:
            self.document.new(plan, title)
        else:
            self.document.replace(plan, None, title)

    def _remember(self, paths: Sequence[Path], title: str | None = None,
                  choices: ImportChoices | None = None) -> None:
        if self.recent.add(paths, title, choices):  # not the sample opened at start-up
            self.settings.set_last_folder(paths[0])
        self.recentChanged.emit()

    # --- saving ------------------------------------------------------------------------
    def save(self) -> bool:
        if self.document.path is None or self.document.path.suffix.lower() != SUFFIX:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = str(Path(self._folder()) / (Path(self.document.title).stem + SUFFIX))
        name, _ = QFileDialog.getSaveFileName(self.window, "Save plan as", suggested, PLAN_FILES)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != SUFFIX:
            path = path.with_suffix(SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        """Save a copy of the plan as it is now, in the background (after any save still running)."""
        scenarios = self.document.scenarios.copy()
        saved_at = self.document.save_point()
        self.last_save_ok = False

        def saved(_result: object) -> None:
            self.last_save_ok = True
            self.document.mark_saved(path, saved_at)
            self._remember([path])
            self.message.emit(f"Saved {path.name}")

        self._run(f"Saving {path.name}", lambda _progress, _cancelled: save_scenario_set(path, scenarios), saved,
                  self._failure("Could not save", "\n\nYour changes are still open here; try another folder."),
                  queue="save")
        return True

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True when it is fine to go on."""
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes", f"Save the changes to {self.document.title}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            if not self.save():
                return False
            self.wait("save")  # the window keeps painting meanwhile
            return self.last_save_ok
        return answer == QMessageBox.StandardButton.Discard
