"""The registry of sheet kinds: every way the importer knows to read a sheet.

Each kind is one object (see `base.SheetKind`): it scores a sheet and reads it into
records. `detect` asks every kind and keeps the surest; the import dialog lists
`choices()`. Adding a kind is adding a module that calls `register` and its tests.
"""

from __future__ import annotations

from effortplanner.core.dates import DateParser
from effortplanner.core.plan import PlanSettings
from effortplanner.io.headers import SheetLayout, detect_layout, relabel_for_kind
from effortplanner.io.kinds.base import ReadContext, SheetKind
from effortplanner.io.kinds.tables import ACTIVITY_TABLE, DUTY_LIST, MILESTONE_LIST, ROSTER, TableKind
from effortplanner.io.layout_edits import SKIP
from effortplanner.io.record_columns import as_records
from effortplanner.io.records import Pending, RecordBuilder
from effortplanner.io.workbook import RawSheet

UNKNOWN = "unknown"  # no kind claims the sheet (SKIP: the user left it out)
_REGISTRY: dict[str, SheetKind] = {}
_SPECIAL_LABELS = {UNKNOWN: "not recognised", SKIP: "left out"}


def register(kind: SheetKind) -> SheetKind:
    """Add a kind (a later kind with the same name replaces the earlier one)."""
    _REGISTRY[kind.name] = kind
    return kind


def get(name: str) -> SheetKind | None:
    return _REGISTRY.get(name)


def label(name: str) -> str:
    kind = _REGISTRY.get(name)
    return kind.label if kind is not None else _SPECIAL_LABELS.get(name, name)


def choices() -> list[tuple[str, str]]:
    """(name, label) of every registered kind, in registration order."""
    return [(k.name, k.label) for k in _REGISTRY.values()]


def detect(raw: RawSheet, settings: PlanSettings | None = None) -> SheetLayout:
    """The surest kind's layout of a sheet; kind "unknown" when no kind claims it."""
    settings = settings or PlanSettings()
    table = relabel_for_kind(detect_layout(raw.name, raw.rows))
    best: SheetLayout | None = None
    for kind in _REGISTRY.values():
        layout = kind.detect(raw, table, settings)
        if layout is not None and (best is None or layout.score > best.score):
            best = layout
    return best if best is not None else table


def redetect(raw: RawSheet, name: str, current: SheetLayout, settings: PlanSettings | None = None) -> SheetLayout | None:
    """The layout kind `name` finds in a sheet the user chose it for, or None if it finds none."""
    kind = _REGISTRY.get(name)
    if kind is None:
        return None
    settings = settings or PlanSettings()
    table = relabel_for_kind(detect_layout(raw.name, raw.rows))
    return kind.detect(raw, SheetLayout(table.sheet, name, table.header_row, table.headers, table.mapping,
                                        table.scores), settings)


def is_tabular(name: str) -> bool:
    """A kind read row by row under one header (its preview is the rows as fields)."""
    return isinstance(_REGISTRY.get(name), TableKind)


def preview(raw: RawSheet, layout: SheetLayout, settings: PlanSettings | None = None, file: str = "") -> Pending:
    """What reading one sheet with `layout` would give: records and notes (for the import dialog)."""
    settings = settings or PlanSettings()
    pending = Pending()
    kind = _REGISTRY.get(layout.kind)
    if kind is None:
        return pending
    parser = DateParser(dayfirst=settings.dayfirst, fy_start_month=settings.fy_start_month,
                        fy_start_day=settings.fy_start_day, context_year=settings.context_year)
    kind.read(raw, layout, ReadContext(file, settings, parser, pending, RecordBuilder(file, parser, pending)))
    return as_records(pending)


for _kind in (DUTY_LIST, ROSTER, ACTIVITY_TABLE, MILESTONE_LIST):
    register(_kind)

from effortplanner.io.kinds import indented, long_table, period_grid  # noqa: E402  (they register themselves)

__all__ = ["ReadContext", "SheetKind", "SKIP", "UNKNOWN", "choices", "detect", "get", "indented", "is_tabular",
           "label", "long_table", "period_grid", "preview", "redetect", "register"]
