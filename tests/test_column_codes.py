"""Coding a column into its distinct cells: the same answer as a plain dict keyed by (type, cell).

`codes_of` uses pandas' hash table where it agrees with Python equality and falls back to a
dict where it does not (blanks and NaN, which pandas merges; numbers of several types).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

import numpy as np

from effortplanner.io.column_codes import codes_of

NAN = float("nan")
_POOL: list[object] = ["a", "b", "", " ", "1", "\ud800", 1, 2, 1.0, 2.5, 0.0, -0.0, True, False, None, NAN,
                       date(2024, 1, 1), datetime(2024, 1, 1), datetime(2024, 1, 1, 9), time(9, 30), (1, 2)]


def _reference(column: list[object]) -> tuple[list[int], list[object]]:
    index: dict[object, int] = {}
    firsts: list[object] = []
    codes = []
    for cell in column:
        key = (type(cell), cell)
        if key not in index:
            index[key] = len(firsts)
            firsts.append(cell)
        codes.append(index[key])
    return codes, firsts


def _check(column: list[object]) -> None:
    codes, values = codes_of(column)
    want_codes, want_values = _reference(column)
    assert codes.dtype == np.intp
    assert codes.tolist() == want_codes, column
    assert len(values) == len(want_values) and all(v is w or v == w for v, w in zip(values, want_values)), column
    assert [type(v) for v in values] == [type(w) for w in want_values], column


def test_columns_of_one_kind_are_coded_by_first_appearance() -> None:
    _check(["b", "a", "b", "", "a"])
    _check([0.5, 1.0, 0.5, "1.0"])
    _check([date(2024, 1, 1), datetime(2024, 1, 1), "2024-01-01", date(2024, 1, 1)])
    _check([0.0, -0.0, 1.5])  # equal floats are one value; the first met is kept
    _check([])


def test_blanks_nan_and_numbers_of_several_types_stay_apart() -> None:
    _check(["a", None, "b", None])  # pandas would make None a NaN
    other_nan = float("nan")
    _check([NAN, 1.5, NAN, other_nan])  # one NaN object is one value; another NaN object another
    _check([1, 1.0, True, "1", 1])
    _check(["x", 1, "x", 1.0])  # 1.0 is not merged into the 1 met first


def test_unhashable_cells_make_every_cell_its_own_value() -> None:
    codes, values = codes_of([[1], [1], "a"])
    assert codes.tolist() == [0, 1, 2] and values == [[1], [1], "a"]


def test_random_mixed_columns_match_the_dict_reference() -> None:
    rng = random.Random(16)
    for _ in range(300):
        pool = rng.sample(_POOL, rng.randint(1, 6))
        _check([rng.choice(pool) for _ in range(rng.randint(0, 40))])
