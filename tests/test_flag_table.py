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

import pandas as pd
import pytest

from effortplanner.analysis.context import build
from effortplanner.analysis.flag_table import FIELDS, FlagTable, flag_column
from effortplanner.analysis.flags import compute_flags, flags_to_json, has_errors
from effortplanner.analysis.load import _person_steps
from effortplanner.analysis.model import FLAG_KINDS, SEVERITIES, Flag
from effortplanner.analysis.overload import over_allocation_flags
from effortplanner.analysis.text import Names
from effortplanner.io.importer import import_files

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.benchmarks.synthetic import write_department  # noqa: E402

def _flag_order(flag: Flag) -> tuple[object, ...]:
    """The order flags are listed in, as the user reads it: most severe, kind, largest, earliest, then by text."""
    return (SEVERITIES.index(flag.severity), FLAG_KINDS.index(flag.kind),
            -abs(flag.amount) if flag.amount is not None else 0.0, flag.start or date.min, flag.message)


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
    assert objects == sorted(objects, key=_flag_order)  # the one flag order
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


def _random_columns(rng, n: int) -> dict:
    """Flags whose keys tie often (few severities, kinds, sizes, dates and texts)."""
    from effortplanner.analysis.flag_table import flag_columns

    return flag_columns(
        n, kind=[rng.choice(FLAG_KINDS[:3]) for _ in range(n)], severity=[rng.choice(SEVERITIES) for _ in range(n)],
        person=None, duty=None, start=[rng.choice([None, date(1, 1, 1), date(2016, 10, 1), date(2017, 1, 31)])
                                       for _ in range(n)], end=None,
        amount=[rng.choice([None, 0.0, -0.0, 1.5, -1.5, 2, 0.25, float("inf")]) for _ in range(n)],
        message=[rng.choice(["a", "b", "B", "é", ""]) for _ in range(n)])


def test_sorted_order_is_the_flag_order_with_ties() -> None:
    """Sizes and dates sorted as numbers, texts only between ties: the order Python's sort of the
    keys gives, equal flags kept in the order given."""
    import random

    from effortplanner.analysis.flag_table import _made, sorted_order

    rng = random.Random(5)
    for n in (0, 1, 2, 7, 300):
        cols = _random_columns(rng, n)
        flags = _made(zip(*(cols[name] for name in FIELDS)))
        expected = sorted(range(n), key=lambda i: _flag_order(flags[i]))
        assert sorted_order(cols) == expected


def test_sorted_order_of_sizes_numbers_cannot_stand_for() -> None:
    """A NaN size (no rule makes one) or a datetime start: ordered as Python's sort orders them."""
    import random
    from datetime import datetime

    from effortplanner.analysis.flag_table import _made, sorted_order

    rng = random.Random(6)
    for odd in ("amount", "start"):
        cols = _random_columns(rng, 50)
        cols[odd][3] = float("nan") if odd == "amount" else datetime(2017, 1, 1, 12)
        if odd == "start":
            cols["start"] = [d if isinstance(d, datetime) else datetime(d.year, d.month, d.day) if d else
                             datetime(2016, 1, 1) for d in cols["start"]]  # a datetime and a date do not compare
        flags = _made(zip(*(cols[name] for name in FIELDS)))
        assert sorted_order(cols) == sorted(range(50), key=lambda i: _flag_order(flags[i]))


def test_report_of_flags_in_any_order_is_the_tables(plans) -> None:
    """`format_report` reads a `FlagTable`'s columns as they are and puts a list of flags in the flag order first."""
    from effortplanner.analysis.report import format_report

    table = compute_flags(plans["department"], *WINDOWS[0])
    shuffled = list(table)[::-1]
    assert format_report(table, *WINDOWS[0]) == format_report(shuffled, *WINDOWS[0])
    assert "Over-allocation" in format_report(table, *WINDOWS[0])


@pytest.mark.parametrize("cells", [["P1", "", "P2"], ["P1", None, "", float("nan"), "P2"], [None, None],
                                   ["", ""], [], ["P1", pd.NaT, ""]])
def test_text_and_reference_columns_read_every_kind_of_blank(cells) -> None:
    """A column of text only takes the quick path; one with None, NaN or NaT the general one; both
    read a blank as '' (text) or None (a reference), and the plan's own column is left as it was."""
    from effortplanner.analysis.frames import _ref, _text

    column = pd.Series(cells, dtype=object)
    before = column.tolist()
    assert _text(column).tolist() == [c if isinstance(c, str) else "" for c in cells]
    assert _ref(column).tolist() == [c if isinstance(c, str) and c else None for c in cells]
    assert column.tolist() == before  # the same objects (NaN, NaT) in place
