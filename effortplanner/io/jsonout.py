"""The plan as plain JSON-ready data: schema column names, ISO dates, names for references."""

from __future__ import annotations

import math
from typing import Any

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


def table_records(plan: Plan, table: str) -> list[dict[str, Any]]:
    """Rows of one table; reference columns give display names, with the ids beside them."""
    schema = SCHEMAS[table]
    frame = plan.tables[table]
    refs = {c.name: c.ref for c in schema.columns if c.type == "ref"}
    out = []
    for row_id, row in zip(frame.index, frame.to_dict("records")):
        record: dict[str, Any] = {"id": row_id}
        for column in schema.physical_columns():
            if column == "id":
                continue
            value = row.get(column)
            if column in refs:
                record[column] = plan.display_name(refs[column] or "", value) or None
                record[f"{column}_id"] = value
            else:
                record[column] = _plain(value)
        out.append(record)
    return out


def plan_to_json(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {name: table_records(plan, name) for name in TABLES}
    data["notes"] = [_plain(n.to_dict()) for n in plan.notes]
    return data
