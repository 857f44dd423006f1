"""Whole columns read once per distinct value, and the results mapped back to every row.

A 50,000-row sheet repeats a few thousand texts, dates and numbers. Each distinct cell
is looked at once; a column of codes (each cell's position among the distinct values)
maps the results back with one numpy `take`, so no Python step runs per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from typing import TypeVar

import numpy as np
import pandas as pd


_T = TypeVar("_T")
_NUMBERS = frozenset({int, float, bool})
_PLAIN_TYPES = _NUMBERS | {str, type(None), date, datetime, time}


def objects(values: Iterable[object], count: int) -> np.ndarray:
    """An object array of `values`, each kept as it is (a tuple stays one cell, not a row of cells)."""
    return np.fromiter(values, dtype=object, count=count)


def codes_of(column: Sequence[object]) -> tuple[np.ndarray, list[object]]:
    """Each cell's position among the column's distinct values (by type and value: 1, 1.0, True differ).

    pandas' hash table codes the column in one pass at C speed. Where its idea of "the same
    value" differs from Python's (a blank or NaN, which it merges; numbers of two types, which
    compare equal), the column is coded by `_codes_by_dict` instead.
    """
    try:
        codes, uniques = pd.factorize(objects(column, len(column)))  # a blank or NaN: code -1
    except TypeError:  # an unhashable cell: every cell its own value
        return np.arange(len(column), dtype=np.intp), list(column)
    values = uniques.tolist()
    types = set(map(type, values))
    if types <= _PLAIN_TYPES and not (len(codes) and codes.min() < 0):
        # A column of one kind of number (or none) is coded alike either way; several kinds are not.
        if not types & _NUMBERS or len(set(map(type, column)) & _NUMBERS) == 1:
            return codes.astype(np.intp, copy=False), values
    return _codes_by_dict(column)


def _codes_by_dict(column: Sequence[object]) -> tuple[np.ndarray, list[object]]:
    """`codes_of` by a dict keyed by cell, or by (type, cell) where two types could be equal (1 == 1.0 == True)."""
    types = set(map(type, column))
    plain = types <= _PLAIN_TYPES and len(types & _NUMBERS) <= 1
    keys: Sequence[object] = column if plain else list(zip(map(type, column), column))
    try:
        index: dict[object, int] = dict.fromkeys(keys, 0)
    except TypeError:  # an unhashable cell: every cell its own value
        return np.arange(len(column), dtype=np.intp), list(column)
    for code, key in enumerate(index):
        index[key] = code
    values = list(index) if plain else [key[1] for key in index]  # type: ignore[index]
    return np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys)), values


def distinct(column: Sequence[object]) -> tuple[list[int], list[object]]:
    """`codes_of` with the codes as a list."""
    codes, values = codes_of(column)
    return codes.tolist(), values


def spread(results: Sequence[object], codes: np.ndarray) -> np.ndarray:
    """Per-distinct-value results given back to every row (an object array)."""
    return objects(results, len(results))[codes]


def per_value(column: Sequence[object], compute: Callable[[object], _T]) -> list[_T]:
    """compute(cell) for every cell, computed once per distinct value."""
    codes, values = codes_of(column)
    results = [compute(v) for v in values]
    return list(map(results.__getitem__, codes.tolist()))


def flags(column: Sequence[object], test: Callable[[object], bool]) -> np.ndarray:
    """test(cell) for every cell as a bool array, tested once per distinct value."""
    codes, values = codes_of(column)
    return np.array([bool(test(v)) for v in values], dtype=bool)[codes] if values else np.zeros(len(column), bool)

