"""A whole `ScenarioSet` in a plan file: every scenario, its description, parent, creation
time and change log, through the tables of `effortplanner.io.planfile`.

The change log's `Change` records are stored as JSON: each primitive operation with its
cell values tagged by type (dates, missing values, the `invalid` dicts), so a loaded log
can be replayed or undone on the loaded plans exactly. A log entry that cannot be read
back (a damaged file) keeps its description and time but no operations, rather than
making the whole file unreadable.

A file written by `planfile.save_plans` alone loads as a set with empty logs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from effortplanner.core.edits import Change, DeleteRows, InsertRows, Op, SetCells
from effortplanner.core.scenarios import LogEntry, Scenario, ScenarioSet, now
from effortplanner.io.errors import PlanReadError
from effortplanner.io.planfile import LogRow, read_plan_file, save_plans

UNREADABLE = "(the details of this change could not be read back)"


# --- values ------------------------------------------------------------------------------------------
def encode_value(value: Any) -> Any:
    """A cell value as JSON data; dates and missing values tagged so they come back as they were."""
    if value is None:
        return None
    if value is pd.NaT or (isinstance(value, np.datetime64) and np.isnat(value)):
        return {"$": "nat"}
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return {"$": "ts", "v": pd.Timestamp(value).isoformat()}
    if isinstance(value, datetime):
        return {"$": "ts", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, np.generic):
        return encode_value(value.item())
    if isinstance(value, bool) or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return {"$": "float", "v": repr(value)} if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {"$": "dict", "v": {str(k): encode_value(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"$": "list", "v": [encode_value(v) for v in value]}
    return {"$": "str", "v": str(value)}


def decode_value(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    tag = data.get("$")
    value: Any = data.get("v")
    if tag == "nat":
        return pd.NaT
    if tag == "ts":
        return pd.Timestamp(value)
    if tag == "date":
        return date.fromisoformat(value)
    if tag == "float":
        return float(value)
    if tag == "dict":
        return {k: decode_value(v) for k, v in value.items()}
    if tag == "list":
        return [decode_value(v) for v in value]
    if tag == "str":
        return str(value)
    raise ValueError(f"unknown value tag {tag!r}")


# --- changes -------------------------------------------------------------------------------------------
def _cells(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): encode_value(v) for k, v in mapping.items()}


def change_to_json(change: Change) -> str:
    ops: list[dict[str, object]] = []
    for op in change.ops:
        if isinstance(op, SetCells):
            ops.append({"op": "set", "table": op.table, "row_id": op.row_id, "before": _cells(op.before),
                        "after": _cells(op.after)})
        else:
            ops.append({"op": "insert" if isinstance(op, InsertRows) else "delete", "table": op.table,
                        "rows": [[row_id, position, _cells(values)] for row_id, position, values in op.rows]})
    return json.dumps({"description": change.description, "ops": ops}, ensure_ascii=False)


def change_from_json(text: str) -> Change:
    data = json.loads(text)
    ops: list[Op] = []
    for op in data["ops"]:
        decode = lambda cells: {str(k): decode_value(v) for k, v in cells.items()}  # noqa: E731
        if op["op"] == "set":
            ops.append(SetCells(op["table"], op["row_id"], decode(op["before"]), decode(op["after"])))
        elif op["op"] in ("insert", "delete"):
            rows = tuple((str(r[0]), int(r[1]), decode(r[2])) for r in op["rows"])
            ops.append((InsertRows if op["op"] == "insert" else DeleteRows)(op["table"], rows))
        else:
            raise ValueError(f"unknown operation {op['op']!r}")
    return Change(str(data["description"]), tuple(ops))


def _time(text: object) -> datetime:
    try:
        at = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return now()
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def _entry(row: LogRow) -> LogEntry:
    at, description, note, change_text = row
    try:
        change = change_from_json(change_text)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return LogEntry(_time(at), description, (note + " " if note else "") + UNREADABLE, Change(description))
    return LogEntry(_time(at), description, note, change)


# --- files -----------------------------------------------------------------------------------------------
def save_scenario_set(path: str | Path, scenarios: ScenarioSet) -> None:
    """Write every scenario with its description, parent, creation time and change log, atomically."""
    items = list(scenarios)
    save_plans(path, scenarios.plans(), {s.name: s.description for s in items},
               parents={s.name: s.parent for s in items},
               created={s.name: s.created.isoformat(timespec="seconds") for s in items},
               changelog={s.name: [(e.at.isoformat(timespec="seconds"), e.description, e.note,
                                    change_to_json(e.change)) for e in s.log] for s in items})


def load_scenario_set(path: str | Path, active: str | None = None) -> ScenarioSet:
    """Every scenario of a plan file with its log; the baseline (or `active`) is active."""
    path = Path(path)
    contents = read_plan_file(path)  # one opening and one schema check for plans, scenarios and logs
    plans, logs = contents.plans, contents.changelog
    if not plans:
        raise PlanReadError("holds no plan", file=path)
    info = {row["name"]: row for row in contents.info}
    items = []
    for name, plan in plans.items():
        row = info.get(name, {})
        parent = row.get("parent")
        items.append(Scenario(name, plan, str(row.get("description") or ""),
                              str(parent) if parent is not None and parent in plans and parent != name else None,
                              _time(row.get("created")), [_entry(r) for r in logs.get(name, [])]))
    try:
        return ScenarioSet.from_scenarios(items, active if active in plans else None)
    except ValueError as exc:
        raise PlanReadError(f"is damaged ({exc})", file=path) from None
