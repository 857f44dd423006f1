"""The plan as plain JSON-ready data: schema column names, ISO dates, names for references.

Tables are converted a column at a time (each distinct value once, references through
one id -> name map per table), never a cell at a time through the frame.
"""

from __future__ import annotations

import json
import math
import re
from typing import IO, Any

import numpy as np
import orjson
import pandas as pd

from effortplanner.core.plan import Plan
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


def _plain_column(values: list[object], distinct: dict[object, Any] | None = None) -> list[Any]:
    """_plain of each value, computed once per distinct (type, value) (kept in `distinct`)."""
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


def _all_finite(distinct: dict[object, Any]) -> bool:
    return not _has_non_finite(list(distinct.values()))


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
        values = frame[column].tolist() if column in frame.columns else [None] * len(frame)
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


def plan_to_json(plan: Plan, distinct: dict[object, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {name: table_records(plan, name, distinct) for name in TABLES}
    data["notes"] = [_plain(n.to_dict()) for n in plan.notes]
    return data


def write_plan_json(plan: Plan, stream: IO[str]) -> None:
    """`show --json`: the plan as json.dump(indent=2, ensure_ascii=False, default=str) writes it."""
    distinct: dict[object, Any] = {}
    data = plan_to_json(plan, distinct)
    finite = _all_finite(distinct) and not _has_non_finite(data["notes"])
    dump_json(data, stream, finite=finite)


def write_flags_json(plan: Plan, flags: list[Any], as_of: Any, horizon: Any, stream: IO[str]) -> None:
    """`check --json`: the flags as json.dump(indent=2, ensure_ascii=False) writes them, via orjson."""
    from effortplanner.analysis.flags import flags_to_json

    dump_json(flags_to_json(plan, flags, as_of, horizon), stream)


# Numbers orjson writes differently from the json module (5e-05, 1e-06); inf and nan too.
_UNLIKE_JSON = re.compile(rb"0\.0000|[0-9]e-|Infinity|NaN")


def dump_json(data: Any, stream: IO[str], finite: bool | None = None) -> None:
    """Write `data` as json.dump(indent=2, ensure_ascii=False, default=str) would, fast.

    orjson does the work; where its output could differ from the json module's (a float
    below 1e-4 in exponent form, a non-finite number) the json module writes it instead.
    `finite` says the caller already knows whether every float is finite.
    """
    if finite is None:
        finite = not _has_non_finite(data)
    encoded = b""
    if finite:
        try:
            encoded = orjson.dumps(data, default=str, option=orjson.OPT_INDENT_2)
        except (TypeError, orjson.JSONEncodeError):
            encoded = b""
    if encoded and not _UNLIKE_JSON.search(encoded):
        stream.write(encoded.decode("utf-8"))
        return
    json.dump(data, stream, indent=2, ensure_ascii=False, default=str)


def _has_non_finite(data: Any) -> bool:
    """A float inf or nan anywhere (orjson writes null, json writes Infinity/NaN)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, (float, np.floating)) and not math.isfinite(float(item)):
            return True
    return False
