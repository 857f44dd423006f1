"""The import dialog's changes to a sheet's layout, applied again: by the dialog as the user
makes them, and to a reopened import set from its stored `SheetChoices`.

`chosen_layout` rebuilds the layout the dialog gave a sheet, starting from what detection
finds in the file as it is now and applying the stored kind, header row, column fields and
grid unit in turn, each only where it differs, with the same rules the dialog applies
(`layout_edits`, `with_chosen_kind`, `with_unit`). A choice that no longer fits the sheet
(a column past its width, a header row past its rows, a kind or field not known) is left out.
`chosen_layouts` hands `import_files` that rebuilding as a function of the sheets it reads and
detects, so that a reopened file is read once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from effortplanner.core.plan import PlanSettings
from effortplanner.io import kinds
from effortplanner.io.headers import SYNONYMS, SheetLayout
from effortplanner.io.importer import FileLayouts, SheetPlan
from effortplanner.io.kinds.grid_layout import GridSpec
from effortplanner.io.layout_choices import SheetChoices
from effortplanner.io.layout_edits import NOT_READ, SKIP, with_field, with_header_row, with_kind
from effortplanner.io.sniff import sniff_readable
from effortplanner.io.units import FTE, PERCENT
from effortplanner.io.workbook import RawSheet


def _grid(layout: SheetLayout) -> GridSpec | None:
    return layout.detail if isinstance(layout.detail, GridSpec) else None


def sheet_width(raw: RawSheet, layout: SheetLayout) -> int:
    """Columns the dialog offers for a sheet: its headers, or the last filled cell of any row."""
    def last_filled(row: Sequence[object]) -> int:
        return next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None and row[i] != ""), 0)
    return max([len(layout.headers)] + [last_filled(row) for row in raw.rows])


def starting_layout(layout: SheetLayout, width: int) -> SheetLayout:
    """The detected layout as the dialog starts from it: without a header, columns known by their letters."""
    if layout.header_row >= 0:
        return layout
    return SheetLayout(layout.sheet, layout.kind, -1, [""] * width, dict(layout.mapping), {})


def with_chosen_kind(raw: RawSheet, current: SheetLayout, kind: str, settings: PlanSettings | None) -> SheetLayout:
    """The layout once the user says the sheet holds `kind`. Grids and long tables find their own
    periods and columns again; tables keep their columns as mapped."""
    whole = kind not in NOT_READ and (not kinds.is_tabular(kind) or current.detail is not None)
    found = kinds.redetect(raw, kind, current, settings) if whole else None
    return found if found is not None else with_kind(current, kind)


def with_unit(layout: SheetLayout, unit: str, per_fte: float | None) -> SheetLayout:
    """A grid read in `unit`, `per_fte` units per period making 1.0 FTE (None: as detected)."""
    spec = _grid(layout)
    if spec is None:
        return layout
    per_fte = per_fte if unit not in (FTE, PERCENT) else None
    reason = "your choice" if unit != spec.unit or per_fte else spec.unit_reason
    return replace(layout, detail=replace(spec, unit=unit, per_fte=per_fte, unit_reason=reason))


def choices_of(detected: SheetLayout, layout: SheetLayout, included: bool) -> SheetChoices | None:
    """What the user made of a sheet (its layout and whether it is read); None when it is read as detected."""
    def state(value: SheetLayout, read: bool) -> SheetChoices:
        spec = _grid(value)
        return SheetChoices(value.kind, value.header_row, tuple(sorted(value.mapping.items())), read,
                            spec.unit if spec else None, spec.per_fte if spec else None)
    chosen = state(layout, included)
    return None if chosen == state(detected, detected.kind not in NOT_READ) else chosen


def chosen_layout(raw: RawSheet, detected: SheetLayout, choice: SheetChoices,
                  settings: PlanSettings | None = None) -> SheetLayout:
    """The layout the dialog gave the sheet, rebuilt from the detected one with the dialog's rules
    (as import_files takes it: a sheet not read has the kind "skip")."""
    width = sheet_width(raw, detected)
    layout = starting_layout(detected, width)
    if choice.kind != layout.kind and (kinds.get(choice.kind) is not None or choice.kind in NOT_READ):
        layout = with_chosen_kind(raw, layout, choice.kind, settings)
    if choice.header_row != layout.header_row and -1 <= choice.header_row < len(raw.rows):
        layout = with_header_row(layout, raw.rows, choice.header_row, width)
    wanted = {c: f for c, f in choice.mapping if c < width and (f in SYNONYMS or f in layout.mapping.values())}
    if wanted != layout.mapping:
        for column in [c for c in layout.mapping if c not in wanted]:
            layout = with_field(layout, column, None)
        for column, name in wanted.items():
            if layout.mapping.get(column) != name:
                layout = with_field(layout, column, name)
    spec = _grid(layout)
    if spec is not None and choice.unit is not None and (choice.unit, choice.per_fte) != (spec.unit, spec.per_fte):
        layout = with_unit(layout, choice.unit, choice.per_fte)
    return layout if choice.included else replace(layout, kind=SKIP)


def chosen_layouts(paths: Sequence[Path], choices: Mapping[str, Mapping[str, SheetChoices]],
                   settings: PlanSettings | None = None) -> dict[str, FileLayouts]:
    """{str(path): how its sheets are read} for `import_files`, for the files the user changed; the
    other files are read as detected. A spreadsheet's layouts are rebuilt from the sheets import_files
    reads and detects (the file is read once); a project file's reader takes only the sheets left out."""
    out: dict[str, FileLayouts] = {}
    for path in paths:
        chosen = choices.get(str(path))
        if not chosen:
            continue
        kind = sniff_readable(path)
        if kind is not None and kind.is_project:
            out[str(path)] = {name: SheetLayout(name, SKIP, -1, []) for name, c in chosen.items() if not c.included}
        else:
            out[str(path)] = partial(layouts_for, chosen=chosen, settings=settings)
    return out


def layouts_for(sheets: Sequence[SheetPlan], chosen: Mapping[str, SheetChoices],
                settings: PlanSettings | None = None) -> dict[str, SheetLayout]:
    """{sheet: layout} of the sheets of one file the user changed, from the sheets as detected now."""
    return {s.raw.name: chosen_layout(s.raw, s.layout, chosen[s.raw.name], settings)
            for s in sheets if s.raw.name in chosen}
