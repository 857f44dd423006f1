"""File › Open Recent: the plans and import sets the user opened, one entry each.

A plan file is one entry; an import of several spreadsheets is one entry that reopens the
whole set (under the title it was imported with, read the way the user chose in the import
dialog: kind, header row, column fields, sheets left out, a grid's unit), never one entry per
file. Only what the user chose is listed: the bundled sample the window opens at start-up is
not (the start-up code says so with `not_chosen`). The list is kept in QSettings through
`AppSettings`; what is read from there is untrusted and checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QMenu

from effortplanner.gui.settings import MAX_RECENT, AppSettings
from effortplanner.gui.words import count
from effortplanner.io.layout_choices import ImportChoices, choices_from_json, choices_to_json
from effortplanner.io.planfile import SUFFIX

SHOWN_NAMES = 3  # an import set's label names this many files, then "+ N more"


@dataclass(frozen=True)
class RecentEntry:
    paths: tuple[Path, ...]
    title: str | None = None  # the title an import set was opened under (the sample's, say)
    choices: ImportChoices = field(default_factory=dict)  # str(path) -> the sheets read otherwise than detected

    @property
    def is_plan(self) -> bool:
        return len(self.paths) == 1 and self.paths[0].suffix.lower() == SUFFIX

    def label(self) -> str:
        """'plan.effortplan — ~/plans' or 'Import: a.xlsx, b.xlsx + 2 more — ~/sheets'."""
        folder = _short_folder(self.paths[0].parent)
        if self.is_plan:
            return f"{self.paths[0].name} — {folder}"
        names = [p.name for p in self.paths[:SHOWN_NAMES]]
        more = f" + {len(self.paths) - SHOWN_NAMES} more" if len(self.paths) > SHOWN_NAMES else ""
        shown = self.title or ", ".join(names) + more
        return f"Import: {shown} — {folder}"

    def tooltip(self) -> str:
        changed = sum(len(sheets) for sheets in self.choices.values())
        read_as = [f"Read as set up in the Import dialog ({count(changed, 'sheet')} not as detected)"] \
            if changed else []
        return "\n".join([str(p) for p in self.paths] + read_as)

    def missing(self) -> list[Path]:
        return [p for p in self.paths if not p.is_file()]

    def to_json(self) -> dict[str, object]:
        stored: dict[str, object] = {"paths": [str(p) for p in self.paths], "title": self.title}
        if self.choices:
            stored["choices"] = choices_to_json(self.choices)
        return stored


def _short_folder(folder: Path) -> str:
    """'~/plans' for a folder under the home folder, '~' for home itself, else the whole path."""
    try:
        inside = folder.relative_to(Path.home())
    except ValueError:
        return str(folder)
    return "~" if inside == Path() else f"~/{inside}"


def _entry(value: object) -> RecentEntry | None:
    """One stored entry, or None when it is not one we wrote."""
    if not isinstance(value, dict):
        return None
    paths, title = value.get("paths"), value.get("title")
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
        return None
    files = tuple(Path(p) for p in paths)
    return RecentEntry(files, title if isinstance(title, str) and title else None,
                       _choices_for(files, choices_from_json(value.get("choices"))))


def _choices_for(paths: Sequence[Path], choices: ImportChoices) -> ImportChoices:
    """The choices made for these files (keyed by str(path)); choices for any other file are dropped."""
    return {str(p): choices[str(p)] for p in paths if str(p) in choices}


class RecentList:
    """The Open Recent list: most recent first, one entry per plan or import set, at most MAX_RECENT."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings
        self._not_chosen: set[tuple[Path, ...]] = set()

    def entries(self) -> list[RecentEntry]:
        return [e for e in (_entry(v) for v in self.settings.recent_entries()) if e is not None]

    def not_chosen(self, paths: Sequence[Path]) -> None:
        """The next opening of exactly these files is not the user's choice (the start-up sample): skip it."""
        self._not_chosen.add(_key(paths))

    def add(self, paths: Sequence[Path], title: str | None = None, choices: ImportChoices | None = None) -> bool:
        """Put the plan or import set first (moving it up if listed already); False when it is not listed.
        `choices`: how the import dialog had the files read ({str(path): {sheet: choices}})."""
        key = _key(paths)
        if not key:
            return False
        if key in self._not_chosen:
            self._not_chosen.discard(key)
            return False
        files = tuple(dict.fromkeys(Path(p).resolve() for p in paths))  # in the order given
        resolved = {str(Path(k).resolve()): v for k, v in (choices or {}).items()}
        entry = RecentEntry(files, title, _choices_for(files, resolved))
        kept = [e for e in self.entries() if _key(e.paths) != key]
        self.settings.set_recent_entries([e.to_json() for e in [entry, *kept][:MAX_RECENT]])
        return True

    def clear(self) -> None:
        self.settings.set_recent_entries([])


def _key(paths: Sequence[Path]) -> tuple[Path, ...]:
    """The same set of files whatever order or spelling they were given in."""
    return tuple(sorted({Path(p).resolve() for p in paths}))


def fill_recent_menu(menu: QMenu, recent: RecentList, open_entry: Callable[[RecentEntry], object]) -> None:
    """(Re)build File › Open Recent: one action per entry, a missing file shown and disabled, Clear List."""
    menu.clear()
    menu.setToolTipsVisible(True)
    entries = recent.entries()
    for number, entry in enumerate(entries, start=1):
        missing = entry.missing()
        text = entry.label().replace("&", "&&")
        action = menu.addAction(f"&{number % 10} {text}" + (" (not found)" if missing else ""))
        action.setToolTip(entry.tooltip())
        action.setEnabled(not missing)
        action.triggered.connect(lambda _checked=False, e=entry: open_entry(e))

    def clear() -> None:
        recent.clear()
        fill_recent_menu(menu, recent, open_entry)

    if entries:
        menu.addSeparator()
        menu.addAction("&Clear List", clear)
    menu.setEnabled(bool(entries))
