"""The plan as plain JSON-ready data: schema column names, ISO dates, names for references.

Tables are converted a column at a time (each distinct value once, references through
one id -> name map per table), never a cell at a time through the frame.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import fields
from typing import IO, Any

import numpy as np
import orjson
import pandas as pd

from effortplanner.core.plan import Note, Plan
from effortplanner.io.plan_columns import sql_column
from effortplanner.core.schema import SCHEMAS, TABLES


def _plain(value: object) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if hasattr(value, "item") and not isinstance(value, (str, bytes, dict)):
        return _plain(value.item())  # numpy scalars
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_AS_IS = frozenset({str, type(None), bool, int})  # types _plain returns unchanged


def _plain_column(values: list[object], distinct: dict[object, Any] | None = None) -> list[Any]:
    """_plain of each value, computed once per distinct (type, value) (kept in `distinct`).

    A column holding only text, whole numbers, booleans and blanks is returned as it is
    (_plain would return each value unchanged; none of them can be a non-finite float).
    """
    if set(map(type, values)) <= _AS_IS:
        return values
    seen: dict[object, Any] = {} if distinct is None else distinct
    out: list[Any] = []
    for value in values:
        try:
            key = (type(value), value)
            if key in seen:
                out.append(seen[key])
                continue
        except TypeError:  # a dict (a row's problems): not hashable
            plain = _plain(value)
            seen[(dict, id(value))] = plain
            out.append(plain)
            continue
        plain = seen[key] = _plain(value)
        out.append(plain)
    return out


def _names_of(plan: Plan, table: str) -> dict[object, str]:
    """id -> the name a user knows the row by (as Plan.display_name gives it)."""
    frame = plan.tables[table]
    return dict(zip(frame.index, (str(v) for v in frame[SCHEMAS[table].display].tolist())))


def _display(names: dict[object, str], row_id: object) -> str:
    if row_id is None or (isinstance(row_id, float) and math.isnan(row_id)):
        return ""
    try:
        return names.get(row_id, str(row_id))
    except TypeError:
        return str(row_id)


def table_records(plan: Plan, table: str, distinct: dict[object, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of one table; reference columns give display names, with the ids beside them.

    `distinct`, if given, collects every distinct value written (to check them once).
    """
    schema = SCHEMAS[table]
    frame = plan.tables[table]
    refs = {c.name: c.ref for c in schema.columns if c.type == "ref"}
    keys: list[str] = ["id"]
    columns: list[list[Any]] = [list(frame.index)]
    ref_names: dict[str, dict[object, str]] = {}
    for column in schema.physical_columns():
        if column == "id":
            continue
        if column not in frame.columns:
            values: list[Any] = [None] * len(frame)
        elif frame[column].dtype.kind == "M" and (days := _iso_days(frame[column])) is not None:
            keys.append(column)
            columns.append(days)
            continue
        else:
            values = frame[column].tolist()
        if column in refs:
            table_ref = refs[column] or ""
            if table_ref not in ref_names:
                ref_names[table_ref] = _names_of(plan, table_ref)
            names = ref_names[table_ref]
            keys += [column, f"{column}_id"]
            columns += [[_display(names, v) or None for v in values], values]
            if distinct is not None:
                distinct.update(((float, v), v) for v in values if isinstance(v, float))
        else:
            keys.append(column)
            columns.append(_plain_column(values, distinct))
    if distinct is not None:
        distinct.update(((float, v), v) for v in columns[0] if isinstance(v, float))
    return [dict(zip(keys, row)) for row in zip(*columns)]


def _iso_days(column: pd.Series) -> list[str | None] | None:
    """A datetime column as 'YYYY-MM-DD' texts (None for NaT), whole-column, as the plan file
    stores it (`plan_columns.sql_column`); None when a value has a time of day (then each one
    goes through _plain, as before)."""
    stamps = column.to_numpy()
    present = ~np.isnat(stamps)
    if (stamps[present] != stamps[present].astype("datetime64[D]").astype(stamps.dtype)).any():
        return None
    return sql_column(column)  # type: ignore[return-value]


_NOTE_FIELDS = tuple(f.name for f in fields(Note))


def _notes_json(notes: list[Note], distinct: dict[object, Any] | None) -> list[Any]:
    """_plain(note.to_dict()) of every note, a field at a time (asdict deep-copies each note)."""
    if any(type(n) is not Note for n in notes):
        return [_plain(n.to_dict()) for n in notes]
    columns = [_plain_column([getattr(n, f) for n in notes], distinct) for f in _NOTE_FIELDS]
    return [dict(zip(_NOTE_FIELDS, row)) for row in zip(*columns)]


def plan_to_json(plan: Plan, distinct: dict[object, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {name: table_records(plan, name, distinct) for name in TABLES}
    data["notes"] = _notes_json(plan.notes, distinct)
    return data


def write_plan_json(plan: Plan, stream: IO[str]) -> None:
    """`show --json`: the plan as json.dump(indent=2, ensure_ascii=False, default=str) writes it."""
    distinct: dict[object, Any] = {}
    data = plan_to_json(plan, distinct)
    # Every float written passed through `distinct` (cells, ids, note fields): check those, not the data.
    dump_json(data, stream, floats=_floats(list(distinct.values())))


def write_flags_json(plan: Plan, flags: Sequence[Any], as_of: Any, horizon: Any, stream: IO[str]) -> None:
    """`check --json`: the flags as json.dump(indent=2, ensure_ascii=False) writes them, via orjson."""
    from effortplanner.analysis.flags import flags_to_json

    dump_json(flags_to_json(plan, flags, as_of, horizon), stream)


def dump_json(data: Any, stream: IO[str], floats: list[float] | None = None) -> None:
    """Write `data` as json.dump(indent=2, ensure_ascii=False, default=str) would, fast.

    orjson does the work when every float in the data is written by it exactly as the json
    module writes it (not so for 5e-05 or 1e+16, nor inf and nan); else the json module
    writes it all. `floats`, if given, are all the floats in `data` (the caller knows them).
    """
    if floats is None:
        floats = _floats(data)
    encoded = b""
    if all(math.isfinite(f) and orjson.dumps(f) == repr(f).encode() for f in set(floats)):
        try:
            encoded = orjson.dumps(data, default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME)
        except (TypeError, orjson.JSONEncodeError):
            encoded = b""
    if encoded:
        stream.write(encoded.decode("utf-8"))
        return
    json.dump(data, stream, indent=2, ensure_ascii=False, default=str)


def _floats(data: Any) -> list[float]:
    """Every float anywhere in `data` (dicts, lists, tuples)."""
    found: list[float] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif type(item) is float:
            found.append(item)
        elif isinstance(item, (float, np.floating)):
            found.append(math.nan)  # a float subclass (numpy's): orjson would write it as text
    return found
