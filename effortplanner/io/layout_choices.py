"""What the user chose in the import dialog, as kept with an Open Recent entry.

The dialog lets the user change, per sheet, its kind, its header row, each column's field,
whether it is read at all and (for a period grid) the unit and the units per period that
make 1.0 FTE. `SheetChoices` records the outcome (only for a sheet the user changed);
`io.layout_replay` turns it back into the layout the dialog gave. Stored choices are
untrusted (a settings file can be edited by hand): `choices_from_json` keeps only
well-formed values within bounds. Light on purpose: the window reads the list at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from effortplanner.io.headers import MAX_HEADER_COLUMNS
from effortplanner.io.units import UNITS

MAX_FILES = 64  # files of one import set whose choices are kept
MAX_SHEETS = 64  # sheets per file
MAX_NAME = 255  # characters of a sheet name (Excel allows 31; CSV and ODS names are file names)
MAX_PER_FTE = 10_000.0  # the dialog's own upper bound for "units per period for 1.0 FTE"
_FIELD = re.compile(r"[a-z][a-z0-9_]{0,39}")

FileChoices = dict[str, "SheetChoices"]  # sheet name -> choices
ImportChoices = dict[str, FileChoices]  # str(path) -> its sheets' choices


@dataclass(frozen=True)
class SheetChoices:
    """How the user had a sheet read: its kind, header row (0-based; -1 none), column fields,
    whether it is read, and a grid's unit and units per period for 1.0 FTE (None: as detected)."""

    kind: str
    header_row: int
    mapping: tuple[tuple[int, str], ...]
    included: bool = True
    unit: str | None = None
    per_fte: float | None = None

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "header_row": self.header_row, "mapping": [list(m) for m in self.mapping],
                "included": self.included, "unit": self.unit, "per_fte": self.per_fte}


def choices_to_json(choices: Mapping[str, Mapping[str, SheetChoices]]) -> dict[str, dict[str, object]]:
    return {path: {sheet: c.to_json() for sheet, c in sheets.items()} for path, sheets in choices.items()}


def choices_from_json(value: object) -> ImportChoices:
    """Choices as stored, keeping only what is well-formed and within bounds (the rest is dropped)."""
    out: ImportChoices = {}
    if not isinstance(value, dict):
        return out
    for path, sheets in list(value.items())[:MAX_FILES]:
        if not isinstance(path, str) or not path or not isinstance(sheets, dict):
            continue
        kept = {name: c for name, c in ((n, _sheet_choices(v)) for n, v in list(sheets.items())[:MAX_SHEETS])
                if isinstance(name, str) and 0 < len(name) <= MAX_NAME and c is not None}
        if kept:
            out[path] = kept
    return out


def _sheet_choices(value: object) -> SheetChoices | None:
    if not isinstance(value, dict):
        return None
    kind, header_row, mapping = value.get("kind"), value.get("header_row"), value.get("mapping")
    included, unit, per_fte = value.get("included", True), value.get("unit"), value.get("per_fte")
    if not isinstance(kind, str) or not _FIELD.fullmatch(kind) or type(header_row) is not int \
            or not -1 <= header_row <= 10_000_000 or not isinstance(mapping, list) \
            or len(mapping) > MAX_HEADER_COLUMNS or not isinstance(included, bool):
        return None
    pairs: dict[int, str] = {}
    for item in mapping:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int
                and 0 <= item[0] < MAX_HEADER_COLUMNS and isinstance(item[1], str) and _FIELD.fullmatch(item[1])):
            return None
        if item[0] in pairs:  # a column gives one field
            return None
        pairs[item[0]] = item[1]
    if len(set(pairs.values())) != len(pairs):  # a field comes from one column
        return None
    if unit is not None and unit not in UNITS:
        unit = None
    # The range first: math.isfinite overflows on an int of 400 digits; NaN fails the range too.
    if not (isinstance(per_fte, (int, float)) and not isinstance(per_fte, bool) and 0 < per_fte <= MAX_PER_FTE):
        per_fte = None
    return SheetChoices(kind, header_row, tuple(sorted(pairs.items())), included, unit,
                        float(per_fte) if per_fte is not None else None)
