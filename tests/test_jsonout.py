"""`show --json` and `check --json` are written by orjson only where it writes what the json module would."""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from effortplanner.core.plan import Note, Plan
from effortplanner.io.jsonout import dump_json, plan_to_json, write_plan_json


def _reference(data: object) -> str:
    out = io.StringIO()
    json.dump(data, out, indent=2, ensure_ascii=False, default=str)
    return out.getvalue()


def _ours(data: object) -> str:
    out = io.StringIO()
    dump_json(data, out)
    return out.getvalue()


def test_numbers_orjson_writes_differently_fall_back_to_the_json_module() -> None:
    for odd in (5e-05, 1e-06, 1e16, 1.5e300, math.inf, -math.inf, math.nan, np.float64(0.25)):
        data = {"rows": [{"fte": 0.5, "odd": odd, "text": "NaN and 1e-5 as words"}]}
        assert _ours(data) == _reference(data), odd


def test_plain_data_dates_and_text_are_written_alike() -> None:
    data = {"a": [1, 2.5, True, None, "ünïcode \u2028 tab\there"], "day": date(2017, 3, 1),
            "when": datetime(2017, 3, 1, 12, 30), "n": np.int64(7), "nested": {"x": (0.1, 0.2)}}
    assert _ours(data) == _reference(data)


def _plan() -> Plan:
    plan = Plan()
    people = plan.people
    pid = "P1"
    row = {c: None for c in people.columns}
    row.update(name="Ana Alba", capacity_fte=0.5, start=pd.Timestamp("2016-01-01"), placeholder=False)
    plan.tables["people"] = pd.DataFrame([row], index=pd.Index([pid], dtype=object, name="id")).astype(people.dtypes)
    plan.notes = [Note("a.xlsx", "Sheet", 3, "B", "a note", kind="warning", person=pid, value="x")]
    return plan


def test_the_plan_is_written_as_the_json_module_writes_it() -> None:
    plan = _plan()
    out = io.StringIO()
    write_plan_json(plan, out)
    assert out.getvalue() == _reference(plan_to_json(plan))
    assert '"start": "2016-01-01"' in out.getvalue() and '"message": "a note"' in out.getvalue()
    # A date with a time of day and a tiny number take the slow, exact ways.
    plan.people.loc["P1", "start"] = pd.Timestamp("2016-01-01 10:00")
    plan.people.loc["P1", "capacity_fte"] = 5e-05
    out = io.StringIO()
    write_plan_json(plan, out)
    assert out.getvalue() == _reference(plan_to_json(plan))
