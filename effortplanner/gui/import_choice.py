"""One sheet in the import dialog: what io detected, what the user made of it, whether it is read.

Qt-free state the dialog's panels edit; the rules that change a layout are io's
(`layout_edits`, `layout_choices`), so the dialog and a reopened import set agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout
from effortplanner.io.layout_choices import SheetChoices
from effortplanner.io.layout_replay import choices_of, sheet_width, starting_layout
from effortplanner.io.layout_edits import NOT_READ, SKIP
from effortplanner.io.sheets import SheetRows, sheet_rows
from effortplanner.io.workbook import RawSheet


def _filled(value: object) -> bool:
    return value is not None and value != ""


@dataclass
class SheetChoice:
    """One sheet of one file: what io detected, what the user made of it, and whether it is read."""

    path: Path
    raw: RawSheet
    detected: SheetLayout
    layout: SheetLayout
    included: bool
    chosen: set[int] = field(default_factory=set)  # columns whose field the user set
    width: int = 0

    @classmethod
    def detected_from(cls, path: Path, raw: RawSheet, layout: SheetLayout) -> SheetChoice:
        width = sheet_width(raw, layout)
        layout = starting_layout(layout, width)  # no header found: columns are known by their letters
        return cls(path, raw, layout, layout, layout.kind not in NOT_READ, set(), width)

    def reset(self) -> None:
        self.layout, self.included, self.chosen = self.detected, self.detected.kind not in NOT_READ, set()

    def effective_layout(self) -> SheetLayout:
        """The layout import_files gets: an excluded sheet is left out ("skip")."""
        return self.layout if self.included else replace(self.layout, kind=SKIP)

    def example(self, column: int, scan: int = 50) -> str:
        """The first value under the header in `column`: what the column holds, at a glance."""
        start = self.layout.header_row + 1
        for row in self.raw.rows[start:start + scan]:
            if column < len(row) and _filled(row[column]):
                return as_text(row[column])
        return ""

    def choices(self) -> SheetChoices | None:
        """What to remember of this sheet for reopening the import set; None when read as detected."""
        return choices_of(self.detected, self.layout, self.included)

    def read(self) -> SheetRows:
        return sheet_rows(self.raw.rows, self.raw.merged, self.layout, self.path.name)
