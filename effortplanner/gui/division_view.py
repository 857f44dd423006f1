"""View › Division…: every plan the login may read on a server, rolled up (read-only).

Shows headcount and FTE by department and group and the people whose load, summed
across departments, is over capacity (naming the departments), and writes the Division
workbook. Reading and analysis run on a worker thread; the window stays usable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from effortplanner.analysis.model import Flag
from effortplanner.gui.compare_view import _table
from effortplanner.gui.server_dialogs import ConnectDialog, Worker, remember_server
from effortplanner.gui.settings import AppSettings
from effortplanner.io.stores.division import Division
from effortplanner.io.stores.location import ServerLocation
from effortplanner.gui.words import count


@dataclass
class RollUp:
    division: Division
    summary: pd.DataFrame
    over: list[Flag]
    as_of: str


def roll_up(loc: ServerLocation, password: str | None) -> RollUp:
    """Read, combine and analyse every readable plan (runs on the worker thread)."""
    from effortplanner.analysis.flags import compute_flags
    from effortplanner.analysis.window import plan_window
    from effortplanner.io.stores.division import division_of, name_departments, open_division
    from effortplanner.io.stores.division_workbook import department_summary

    plan = open_division(loc.with_plan("*"), password)
    division = division_of(plan)
    assert division is not None
    as_of, horizon = plan_window(plan)
    over = [f for f in name_departments(plan, compute_flags(plan, as_of, horizon)) if f.kind == "over_allocation"]
    return RollUp(division, department_summary(division, as_of), over, as_of.isoformat())


class DivisionDialog(QDialog):
    """The roll-up of one server's plans (non-modal)."""

    def __init__(self, result: RollUp, shown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        division = result.division
        self.setWindowTitle(f"Division — {shown}")
        self.resize(1000, 620)
        plan = division.plan
        heading = QLabel(f"{len(division.departments)} departments ({', '.join(division.departments)}), "
                         f"{count(len(plan.people), 'person', 'people')}, "
                         f"{count(len(plan.assignments), 'assignment')}; as of {result.as_of}")
        self.summary = _table(["Department", "Group", "Headcount", "FTE committed"],
                              [[d, g, str(n), f"{f:.2f}"] for d, g, n, f in result.summary.itertuples(index=False)])
        self.over = _table(["Severity", "Person", "Departments", "Message"],
                           [[f.severity, plan.person_name(f.person), ", ".join(division.booked_in.get(str(f.person), [])),
                             f.message] for f in result.over])
        self.export_button = QPushButton("Export Division workbook…")
        self.export_button.clicked.connect(self.export)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(QLabel("Headcount and FTE by department and group"))
        layout.addWidget(self.summary, 1)
        layout.addWidget(QLabel(f"Over-allocated across the Division ({len(result.over)})"))
        layout.addWidget(self.over, 1)
        layout.addLayout(bottom)

    def export(self, path: str | None = None) -> bool:
        from effortplanner.io.errors import PlanWriteError
        from effortplanner.io.stores.division_workbook import export_division

        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Export Division workbook", "division.xlsx",
                                                  "Excel workbook (*.xlsx)")
        if not path:
            return False
        try:
            export_division(path, self.result.division, title="Division")
        except PlanWriteError as exc:
            QMessageBox.warning(self, "Could not export", str(exc))
            return False
        return True


def open_division_view(window: QWidget, settings: AppSettings, location: ServerLocation | None = None,
                       password: str | None = None) -> Worker | None:
    """Ask for the server (unless given), then roll it up off the GUI thread and show the dialog."""
    if location is None:
        dialog = ConnectDialog(settings, "Division roll-up", plan="*", parent=window)
        if dialog.exec() != QDialog.DialogCode.Accepted or (location := dialog.location()) is None:
            return None
        password = dialog.password_text()
    loc = location

    def shown(result: object, error: object) -> None:
        if error is not None:
            QMessageBox.warning(window, "Could not roll up", str(error))
            return
        remember_server(settings, loc)
        view = DivisionDialog(result, loc.server_url, window)  # type: ignore[arg-type]
        window.division_dialog = view  # type: ignore[attr-defined]
        view.show()

    worker = Worker(lambda: roll_up(loc, password), window)
    worker.done.connect(shown)
    worker.start()
    return worker
