"""New ids continue after the largest id a plan holds, read by column exactly as id by id."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from effortplanner.core.plan import Plan, largest_number


def _one_by_one(ids: list[str], skip: int) -> int:
    return max((int(i[skip:]) for i in ids if i[skip:].isdecimal()), default=0)


@pytest.mark.parametrize("ids", [
    [f"A{i}" for i in range(1, 3000)],
    ["A99999999999999999999999", "A1"],  # more digits than an int64 holds
    [],
    ["A٣4", "A007", "B9x", "A"],  # digits of another script, leading zeros, no digits
    ["M5", "M05", "Mx5", "5"],
    ["P²", "P4", "P³1"],  # digits int() refuses (superscripts) are not an id number
    ["A9\0", "A3", "A1\x002"],  # NULs numpy would drop
])
def test_largest_number_reads_ids_as_one_by_one(ids: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert largest_number(pd.Index(ids, dtype=object), 1) == _one_by_one(ids, 1)
    monkeypatch.setattr(np, "strings", None, raising=False)  # a numpy without string functions: id by id
    assert largest_number(pd.Index(ids, dtype=object), 1) == _one_by_one(ids, 1)


def test_new_ids_continue_after_the_largest_held() -> None:
    plan = Plan()
    people = plan.tables["people"]
    plan.tables["people"] = pd.concat([people, pd.DataFrame(index=pd.Index(["P7", "P12", "Px"], name="id"))])
    plan.reserve_ids()
    assert plan.new_id("people") == "P13"
    assert plan.new_id("assignments") == "A1"


@pytest.mark.parametrize("table_rows", [0, 3])
@pytest.mark.parametrize("count,taken", [(0, set()), (5, set()), (6, {"P1", "P2", "P4", "P7", "P8", "P9", "P10"}),
                                         (3, {"P3"}), (4, {"P1", "P2", "P3", "P4", "P5"})])
def test_a_batch_of_new_ids_is_new_id_called_until_each_is_free(table_rows: int, count: int, taken: set[str]) -> None:
    """Plan.new_ids (a sheet's new people numbered at once) gives what calling new_id until each id
    is free gives, and new ids go on from the same place afterwards; with rows in the table (whose
    ids new_id skips) and without (a plan being assembled)."""
    def made() -> Plan:
        plan = Plan()
        if table_rows:
            plan.tables["people"] = pd.DataFrame({"name": ["x"] * table_rows},
                                                 index=pd.Index([f"P{k}" for k in (2, 5, 6)][:table_rows], name="id"))
        return plan

    batch, one_by_one = made(), made()
    expected = []
    for _ in range(count):
        candidate = one_by_one.new_id("people")
        while candidate in taken:
            candidate = one_by_one.new_id("people")
        expected.append(candidate)
    assert batch.new_ids("people", count, taken) == expected
    assert batch.new_id("people") == one_by_one.new_id("people")
