"""Flags as a table (`analysis.flag_table.FlagTable`) say what the `Flag` objects say.

`compute_flags` keeps the flags as sorted columns and makes objects only when asked; the
JSON of `check --json` is written from the columns. Here the columnar paths are compared
with the per-object ones on plans that raise every common kind: a small synthetic
department (hand-overs, successor chains, near names, uncertain dates) and the samples.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from effortplanner.analysis.context import build
from effortplanner.analysis.flag_table import FIELDS, FlagTable, flag_column
from effortplanner.analysis.flags import compute_flags, flags_to_json, has_errors
from effortplanner.analysis.load import _person_steps
from effortplanner.analysis.model import Flag, sort_key
from effortplanner.analysis.overload import over_allocation_flags
from effortplanner.analysis.text import Names
from effortplanner.io.importer import import_files

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.benchmarks.synthetic import write_department  # noqa: E402

WINDOWS = [(date(2016, 10, 1), date(2018, 9, 30)), (date(2015, 1, 1), date(2020, 1, 1))]


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    files = write_department(tmp_path_factory.mktemp("dept"), people=300, assignments=3000, seed=3)
    samples = sorted((_ROOT / "effortplanner" / "sample_data").glob("*.xlsx"))
    return {"department": import_files([files["duties.csv"]]), "samples": import_files(samples),
            "messy": import_files([_ROOT / "tests" / "data" / "appendix_ii_messy.ods"])}


@pytest.mark.parametrize("which", ["department", "samples", "messy"])
@pytest.mark.parametrize("window", WINDOWS)
def test_columns_objects_and_json_agree(plans, which, window) -> None:
    plan = plans[which]
    table = compute_flags(plan, *window)
    assert isinstance(table, FlagTable)
    first = table[0] if len(table) else None  # made alone, before any other object
    objects = list(table)
    assert len(objects) == len(table) > 0
    assert first == objects[0]
    assert objects == sorted(objects, key=sort_key)  # the table's order is sort_key's
    for name in FIELDS:
        assert table.column(name) == [getattr(f, name) for f in objects], name
    for flag in objects:  # made without the constructor's checks, yet what the constructor makes
        assert Flag(**{name: getattr(flag, name) for name in FIELDS}) == flag
    assert table == objects and table[1:3] == objects[1:3]
    assert flags_to_json(plan, table, *window) == flags_to_json(plan, objects, *window)
    assert has_errors(table) == has_errors(objects) == any(f.severity == "error" for f in objects)


def test_department_raises_the_kinds_compared(plans) -> None:
    kinds = set(flag_column(compute_flags(plans["department"], *WINDOWS[0]), "kind"))
    assert {"over_allocation", "contract_end_gap", "unassigned_handover", "name_alias",
            "uncertain_date"} <= kinds


@pytest.mark.parametrize("which", ["department", "samples"])
def test_over_allocation_sweeps_only_people_who_can_be_over(plans, which) -> None:
    """Leaving out the people whose duties all at once fit their capacity changes nothing."""
    ctx = build(plans[which], *WINDOWS[0])
    names = Names(ctx.plan)
    everyone = over_allocation_flags(ctx, names, steps=_person_steps(ctx))
    assert over_allocation_flags(ctx, names) == everyone
    assert everyone["kind"]


def test_duty_names_of_some_ids_as_of_all(plans) -> None:
    plan = plans["department"]
    aids = plan.assignments.index.tolist()[::7] + [None, "no such id"]
    assert Names(plan).duties(aids) == [Names(plan).duty(a) if a is not None else "" for a in aids]
