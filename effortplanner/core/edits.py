"""The one edit API: every change to a plan is validated here and returned as a record.

A `Change` is a list of primitive operations (set cells, insert rows, delete rows),
each of which knows its inverse, plus a sentence for the undo menu. The GUI wraps a
Change in a QUndoCommand; scenario change logs and comparisons reuse the same records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Union

import pandas as pd

from effortplanner.core.date_cells import date_cells
from effortplanner.core.dates import DateParser, FuzzyDate
from effortplanner.core.plan import Plan, blank_value
from effortplanner.core.schema import SCHEMAS, Column, TableSchema
from effortplanner.core.values import ValueError_, as_text, coerce_scalar, is_blank


class EditError(ValueError):
    """An edit that was refused; the message says why, in the user's words."""

    def __init__(self, message: str, *, table: str = "", row_id: str = "", column: str = "") -> None:
        super().__init__(message)
        self.table, self.row_id, self.column = table, row_id, column


@dataclass(frozen=True)
class SetCells:
    table: str
    row_id: str
    before: Mapping[str, object]
    after: Mapping[str, object]


@dataclass(frozen=True)
class InsertRows:
    table: str
    rows: tuple[tuple[str, int, Mapping[str, object]], ...]  # (id, position, physical values)


@dataclass(frozen=True)
class DeleteRows:
    table: str
    rows: tuple[tuple[str, int, Mapping[str, object]], ...]


Op = Union[SetCells, InsertRows, DeleteRows]
SETTINGS_TABLE = "settings"  # SetCells on the plan's settings (row "plan"), so logs and files carry them as cells


@dataclass(frozen=True)
class Touch:
    """What one operation changed, for views that refresh only that."""

    table: str
    kind: str  # "set" | "insert" | "delete"
    ids: tuple[str, ...]
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    description: str
    ops: tuple[Op, ...] = field(default_factory=tuple)

    def inverse(self) -> Change:
        return Change(f"Undo {self.description}", tuple(_invert(op) for op in reversed(self.ops)))

    def touched(self) -> list[Touch]:
        out = []
        for op in self.ops:
            if isinstance(op, SetCells):
                out.append(Touch(op.table, "set", (op.row_id,), tuple(op.after)))
            elif isinstance(op, InsertRows):
                out.append(Touch(op.table, "insert", tuple(r[0] for r in op.rows)))
            else:
                out.append(Touch(op.table, "delete", tuple(r[0] for r in op.rows)))
        return out

    def __bool__(self) -> bool:
        return bool(self.ops)


def _invert(op: Op) -> Op:
    if isinstance(op, SetCells):
        return SetCells(op.table, op.row_id, op.after, op.before)
    if isinstance(op, InsertRows):
        return DeleteRows(op.table, op.rows)
    return InsertRows(op.table, op.rows)


# --- applying operations ---------------------------------------------------------------
def apply(plan: Plan, change: Change) -> None:
    """Carry out a change (again): used for redo and for replaying change logs. Bumps the revision."""
    for op in change.ops:
        _apply_op(plan, op)
    plan.touch()


def undo(plan: Plan, change: Change) -> None:
    apply(plan, change.inverse())


def _apply_op(plan: Plan, op: Op) -> None:
    if isinstance(op, SetCells) and op.table == SETTINGS_TABLE:  # plan settings: see core.settings_edit
        for name, value in op.after.items():
            setattr(plan.settings, name, dict(value) if isinstance(value, Mapping) else
                    [list(v) for v in value] if isinstance(value, (list, tuple)) else value)
        return
    frame = plan.tables[op.table]
    if isinstance(op, SetCells):
        for column, value in op.after.items():
            frame.at[op.row_id, column] = value
        return
    if isinstance(op, InsertRows):
        result = _insert(SCHEMAS[op.table], frame, op.rows)
    else:
        result = frame.drop(index=[r[0] for r in op.rows])
    # Ids stay plain objects whatever pandas infers from a list of strings.
    result.index = pd.Index(result.index, dtype=object, name="id")
    plan.tables[op.table] = result


def frame_from_rows(schema: TableSchema, ids: Sequence[str], rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """A frame with the schema's columns and dtypes from physical-value dicts."""
    columns = [c for c in schema.physical_columns() if c != "id"]
    template = _template(schema)
    data = {}
    for column in columns:
        blank = blank_value(schema, column)
        values = [row.get(column, blank) for row in rows]
        dtype = template[column].dtype
        # Build object columns as object: pandas would otherwise infer a string dtype and
        # turn None (no reference) into NaN, which is truthy.
        data[column] = pd.Series(values, dtype=object if dtype == object else None).astype(dtype) \
            if dtype != object else pd.Series(values, dtype=object)
    index = pd.Index(list(ids), dtype=object, name="id")
    return pd.DataFrame({c: data[c].set_axis(index) for c in columns}, index=index, columns=columns)


_TEMPLATES: dict[str, pd.DataFrame] = {}


def _template(schema: TableSchema) -> pd.DataFrame:
    from effortplanner.core.plan import empty_table

    if schema.name not in _TEMPLATES:
        _TEMPLATES[schema.name] = empty_table(schema)
    return _TEMPLATES[schema.name]


def _insert(schema: TableSchema, frame: pd.DataFrame, rows: Sequence[tuple[str, int, Mapping[str, object]]]) -> pd.DataFrame:
    new = frame_from_rows(schema, [r[0] for r in rows], [r[2] for r in rows])
    if frame.empty:
        return new
    combined = pd.concat([frame, new])
    positions = [r[1] for r in rows]
    if all(p >= len(frame) for p in positions):
        return combined
    # Put re-inserted rows (an undone delete) back where they were.
    order = list(frame.index)
    for row_id, position, _ in sorted(rows, key=lambda r: r[1]):
        order.insert(min(position, len(order)), row_id)
    return combined.loc[order]


# --- validation --------------------------------------------------------------------------
def parser_for(plan: Plan) -> DateParser:
    s = plan.settings
    context = s.context_year or (s.as_of.year if s.as_of else None)
    return DateParser(dayfirst=s.dayfirst, fy_start_month=s.fy_start_month, fy_start_day=s.fy_start_day,
                      context_year=context)


def resolve_ref(plan: Plan, column: Column, value: object) -> str | None:
    """An id from an id or a name; None for blank. Raises EditError for an unknown name."""
    if is_blank(value):
        return None
    text = as_text(value)
    target = column.ref or ""
    if text in plan.tables[target].index:
        return text
    found = plan.find_person(text) if target == "people" else plan.find_activity(text)
    if found is None:
        what = "person" if target == "people" else "activity"
        raise EditError(f"unknown {what} {text!r}", column=column.name)
    return found


def cells_for(plan: Plan, table: str, column: str, value: object) -> dict[str, object]:
    """Validate one logical value and return the physical cells it sets."""
    schema = SCHEMAS[table]
    try:
        col = schema.column(column)
    except KeyError as exc:
        raise EditError(str(exc), table=table, column=column) from exc
    if col.type == "id":
        raise EditError("ids cannot be edited", table=table, column=column)
    if col.type == "date":
        if isinstance(value, FuzzyDate):
            parsed = value
        else:
            parsed = parser_for(plan).parse(value, role=col.date_role)
        if not parsed.is_valid:
            raise EditError(f"{col.label}: {as_text(value)!r} is not a date I can read ({parsed.note})",
                            table=table, column=column)
        return date_cells(column, parsed)
    if col.type == "ref":
        return {column: resolve_ref(plan, col, value)}
    if col.required and is_blank(value):
        raise EditError(f"{col.label} is required", table=table, column=column)
    try:
        typed, _note = coerce_scalar(col, value)
    except ValueError_ as exc:
        raise EditError(str(exc), table=table, column=column) from exc
    return {column: typed}


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    try:
        if pd.isna(a) and pd.isna(b):
            return True
    except (TypeError, ValueError):
        pass
    return bool(a == b) if not isinstance(a, float) or not math.isnan(a) else False


def _set_op(plan: Plan, table: str, row_id: str, cells: Mapping[str, object], touched_columns: Iterable[str]) -> SetCells | None:
    frame = plan.tables[table]
    if row_id not in frame.index:
        raise EditError(f"no row {row_id} in {table}", table=table, row_id=row_id)
    before = {c: frame.at[row_id, c] for c in cells}
    after = dict(cells)
    invalid = frame.at[row_id, "invalid"]
    if invalid:
        cleaned = {k: v for k, v in invalid.items() if k not in set(touched_columns)}
        if cleaned != invalid:
            before["invalid"], after["invalid"] = invalid, (cleaned or None)
    if all(_same(before[c], after[c]) for c in after):
        return None
    return SetCells(table, row_id, before, after)


# --- the edit API ------------------------------------------------------------------------
def set_value(plan: Plan, table: str, row_id: str, column: str, value: object) -> Change:
    """Set one cell (a logical column) and return the applied change."""
    return set_values(plan, [(table, row_id, column, value)])


def set_values(plan: Plan, edits: Sequence[tuple[str, str, str, object]], description: str | None = None) -> Change:
    """Set many cells as one change (a pasted range is one undo step). All or nothing."""
    ops: list[Op] = []
    for table, row_id, column, value in edits:
        try:
            cells = cells_for(plan, table, column, value)
        except EditError as exc:
            raise EditError(str(exc), table=table, row_id=row_id, column=column) from None
        op = _set_op(plan, table, row_id, cells, [column])
        if op is not None:
            ops.append(op)
    if description is None:
        if len(edits) == 1 and ops:
            table, row_id, column, value = edits[0]
            label = SCHEMAS[table].column(column).label
            name = plan.display_name(table, row_id)
            description = f"Set {label} of '{name}' to {as_text(value) or 'empty'}"
        else:
            description = f"Edit {len(ops)} cells"
    change = Change(description, tuple(ops))
    apply(plan, change)
    return change


def add_rows(plan: Plan, table: str, records: Sequence[Mapping[str, object]], description: str | None = None) -> Change:
    """Add rows given as logical values (validated); returns the change with their new ids."""
    schema = SCHEMAS[table]
    prepared = []
    for record in records:
        physical: dict[str, object] = {}
        for column, value in record.items():
            if column == "id" or is_blank(value):
                continue
            physical.update(cells_for(plan, table, column, value))
        for col in schema.columns:
            if col.required and is_blank(physical.get(col.name)):
                raise EditError(f"{col.label} is required", table=table, column=col.name)
        prepared.append(physical)
    return insert_physical(plan, table, prepared, description, copy=False)


def insert_physical(plan: Plan, table: str, rows: Sequence[Mapping[str, object]], description: str | None = None,
                    ids: Sequence[str] | None = None, copy: bool = True) -> Change:
    """Add rows whose cells are already typed (the importer's path); one change.

    The change record keeps the row dicts; callers that built them for this call alone
    pass copy=False and must not change them afterwards.
    """
    start = len(plan.tables[table])
    ids = list(ids) if ids is not None else [plan.new_id(table) for _ in rows]
    entries = tuple((row_id, start + i, dict(row) if copy else row) for i, (row_id, row) in enumerate(zip(ids, rows)))
    noun = table if len(rows) != 1 else table.rstrip("s")
    change = Change(description or f"Add {len(rows)} {noun}", (InsertRows(table, entries),))
    apply(plan, change)
    return change


_REFERENCES = {
    "people": (("assignments", "person"), ("assignments", "successor"), ("milestones", "owner")),
    "activities": (("assignments", "activity"),),
}


def remove_rows(plan: Plan, table: str, ids: Sequence[str], *, cascade: bool = False) -> Change:
    """Remove rows. Rows others refer to are refused unless `cascade`, which clears those references."""
    frame = plan.tables[table]
    missing = [i for i in ids if i not in frame.index]
    if missing:
        raise EditError(f"no row {missing[0]} in {table}", table=table, row_id=missing[0])
    id_set = set(ids)
    ops: list[Op] = []
    for other, column in _REFERENCES.get(table, ()):
        refs = plan.tables[other][column]
        users = refs[refs.isin(id_set)]
        if users.empty:
            continue
        if not cascade:
            who = plan.display_name(table, users.iloc[0])
            raise EditError(f"'{who}' is named in {len(users)} {other} ({SCHEMAS[other].column(column).label}); "
                            "reassign those first", table=table, row_id=str(users.iloc[0]))
        for row_id in users.index:
            ops.append(SetCells(other, row_id, {column: frame_value(plan, other, row_id, column)}, {column: None}))
    positions = {row_id: pos for pos, row_id in enumerate(frame.index)}
    rows = tuple((i, positions[i], {c: frame.at[i, c] for c in frame.columns}) for i in ids)
    ops.append(DeleteRows(table, rows))
    noun = table if len(ids) != 1 else table.rstrip("s")
    name = plan.display_name(table, ids[0]) if len(ids) == 1 else ""
    description = f"Delete {noun} '{name}'" if name else f"Delete {len(ids)} {noun}"
    change = Change(description, tuple(ops))
    apply(plan, change)
    return change


def frame_value(plan: Plan, table: str, row_id: str, column: str) -> object:
    return plan.tables[table].at[row_id, column]
