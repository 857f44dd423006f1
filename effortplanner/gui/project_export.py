"""File › Export to Project…: the plan as MS Project XML or a GanttProject file.

The file is written by `io.project.export` in a worker thread from a copy of the plan,
behind a progress dialog, so the window keeps painting while a large plan is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QThread, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from effortplanner.core.plan import Plan
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.project.export import PROJECT_SUFFIXES, export_project

if TYPE_CHECKING:
    from effortplanner.gui.files import FileController

MS_PROJECT_FILTER = "MS Project XML (*.xml)"
GANTTPROJECT_FILTER = "GanttProject (*.gan)"


class ProjectExportThread(QThread):
    """Writes one project file; `counts` or `error` is set once `finished` was emitted."""

    def __init__(self, path: Path, plan: Plan, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.plan, self.title = path, plan, title
        self.counts: dict[str, int] | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            self.counts = export_project(self.path, self.plan, self.title)
        except PlanWriteError as exc:
            self.error = str(exc)


def write_project(parent: QWidget, path: Path, plan: Plan, title: str) -> ProjectExportThread:
    """Write off the GUI thread behind a busy progress dialog; returns the finished worker."""
    thread = ProjectExportThread(path, plan.copy(), title, parent)
    progress = QProgressDialog(f"Writing {path.name}…", "", 0, 0, parent)
    progress.setCancelButton(None)  # an atomic write is short and leaves nothing half done
    progress.setWindowTitle("Export to Project")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    loop = QEventLoop(parent)
    thread.finished.connect(loop.quit)
    thread.start()
    if not thread.isFinished():
        loop.exec()
    thread.wait()
    progress.close()
    progress.deleteLater()
    return thread


def project_path(name: str, chosen_filter: str) -> Path:
    """The name typed, with the suffix of the chosen format when it has none of ours."""
    path = Path(name)
    if path.suffix.lower() in PROJECT_SUFFIXES:
        return path
    return path.with_name(path.name + (".gan" if chosen_filter == GANTTPROJECT_FILTER else ".xml"))


def export_to_project(files: FileController) -> bool:
    """Ask where, write the plan for a project tool, say what was written."""
    window = files.window
    suggested = str(Path(files.settings.last_folder() or Path.home()) / (Path(files.document.title).stem + ".xml"))
    name, chosen = QFileDialog.getSaveFileName(window, "Export to project tool", suggested,
                                               f"{MS_PROJECT_FILTER};;{GANTTPROJECT_FILTER}")
    if not name:
        return False
    path = project_path(name, chosen)
    worker = write_project(window, path, files.document.plan, files.document.title)
    worker.deleteLater()
    if worker.error or worker.counts is None:
        QMessageBox.warning(window, "Could not export", worker.error or f"{path}: not written")
        return False
    files.settings.set_last_folder(path)
    counts = worker.counts
    files.message.emit(f"Exported {path.name} ({PROJECT_SUFFIXES[path.suffix.lower()]}: {counts['resources']} "
                       f"resources, {counts['tasks']} tasks)")
    return True
