"""Flags as a table: the rules build columns, `FlagTable` sorts them once and makes `Flag`
objects only for the consumers that want objects.

Building thousands of frozen dataclass instances (and looking names up for each) cost a
large part of a department's flag run; the columns cost a list per field.
"""

from __future__ import annotations

import operator

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import date
from functools import wraps
from typing import Any, ParamSpec, overload

import numpy as np

from effortplanner.analysis.model import FLAG_KINDS, SEVERITIES, Flag

FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Flag))
_DEFAULTS: dict[str, object] = {f.name: f.default for f in fields(Flag) if f.name in ("certainty", "related",
                                                                                          "activity", "estimated")}
Columns = dict[str, list[Any]]  # one list per Flag field, all of one length
_P = ParamSpec("_P")


def flag_columns(n: int, **values: object) -> Columns:
    """Columns of `n` flags from per-flag lists or one value for all (fields not given take Flag's defaults).

    The rules build their flags this way, a column at a time; `FlagTable` sorts them and
    makes `Flag` objects when asked.
    """
    out: Columns = {}
    for name in FIELDS:
        if name not in values and name not in _DEFAULTS and n:
            raise TypeError(f"flag field {name!r} not given")
        value = values.pop(name) if name in values else _DEFAULTS.get(name)
        column = value if isinstance(value, list) else [value] * n
        if len(column) != n:
            raise ValueError(f"flag column {name!r} has {len(column)} values, expected {n}")
        out[name] = column
    if values:
        raise TypeError(f"unknown flag fields {sorted(values)}")
    bad = (set(out["kind"]) - set(FLAG_KINDS)) | (set(out["severity"]) - set(SEVERITIES))
    if bad:
        raise ValueError(f"unknown flag kind or severity {sorted(map(str, bad))}")
    return out


def columns_of(flags: Sequence[Flag]) -> Columns:
    """The columns of some flags already made."""
    return {name: [getattr(f, name) for f in flags] for name in FIELDS}


def made_as_objects(rule: Callable[_P, list[Flag]]) -> Callable[_P, Columns]:
    """A rule that makes its few flags as objects (one per note or activity), giving columns like the others."""
    @wraps(rule)
    def as_columns(*args: _P.args, **kwargs: _P.kwargs) -> Columns:
        return columns_of(rule(*args, **kwargs))
    return as_columns


def concat(parts: Iterable[Columns]) -> Columns:
    """One table from several (in order)."""
    out: Columns = {name: [] for name in FIELDS}
    for part in parts:
        for name in FIELDS:
            out[name].extend(part[name])
    return out


_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_KIND_RANK = {k: i for i, k in enumerate(FLAG_KINDS)}


def sorted_order(cols: Columns) -> list[int]:
    """Positions in flag order, the one order of flags everywhere: severity (error first), kind
    (as FLAG_KINDS lists them), size (largest ``|amount|`` first; none counts as 0), start date
    (none first), then message text; equal flags keep the order given (a stable sort).

    The message is the last key, so the text is compared only to break ties; the other keys are
    sorted as numbers (`np.lexsort`, stable, over the permutation that orders the messages).
    """
    n = len(cols["kind"])
    amounts, starts, messages = cols["amount"], cols["start"], cols["message"]
    if n < 2 or not _plain_keys(amounts, starts):
        return _sorted_by_objects(cols)
    by_text = np.array(sorted(range(n), key=messages.__getitem__), dtype=np.int64)
    keys = (np.array([(d or date.min).toordinal() for d in starts], dtype=np.int64),
            np.array([-abs(a) if a is not None else 0.0 for a in amounts], dtype=float),
            np.array([_KIND_RANK[k] for k in cols["kind"]], dtype=np.int64),
            np.array([_SEVERITY_RANK[s] for s in cols["severity"]], dtype=np.int64))
    return by_text[np.lexsort(tuple(key[by_text] for key in keys))].tolist()


def _plain_keys(amounts: list[Any], starts: list[Any]) -> bool:
    """Whether the sizes and dates sort as numbers do: no NaN size (Python's sort treats it as
    equal to everything), every start a `date` (not a datetime) or None."""
    return (all(type(d) is date for d in starts if d is not None)
            and not any(a != a for a in amounts if a is not None))


def _sorted_by_objects(cols: Columns) -> list[int]:
    """`sorted_order` with the same keys compared by Python, as tuples (for sizes or dates numbers
    cannot stand for)."""
    keys = list(zip(map(_SEVERITY_RANK.__getitem__, cols["severity"]), map(_KIND_RANK.__getitem__, cols["kind"]),
                    [-abs(a) if a is not None else 0.0 for a in cols["amount"]],
                    [d or date.min for d in cols["start"]], cols["message"]))
    return sorted(range(len(keys)), key=keys.__getitem__)


def _made(rows: Iterable[tuple[Any, ...]]) -> list[Flag]:
    """`Flag` objects of rows of field values, made without re-checking each one
    (`flag_columns` checked the kinds and severities of the whole table)."""
    new, put = object.__new__, object.__setattr__
    out = []
    for row in rows:
        flag = new(Flag)
        put(flag, "__dict__", dict(zip(FIELDS, row)))
        out.append(flag)
    return out


class FlagTable(Sequence[Flag]):
    """Flags as columns (one list per `Flag` field) in `sorted_order`; `Flag` objects are made
    only when asked for: one by one for an index (not kept: a double-click asks for one), all at
    once and kept when the table is iterated or sliced (a slice is a list).

    `compute_flags` returns one: writing `check --json` or filling the flags panel reads the
    columns; the review workbook, compare and the report read objects, as before.
    """

    def __init__(self, columns: Columns) -> None:
        order = sorted_order(columns)
        self._columns = columns
        self._order = order
        self._sorted: Columns = {}
        self._flags: list[Flag] | None = None

    def column(self, name: str) -> list[Any]:
        """One field of every flag, in order."""
        if name not in self._sorted:
            values = self._columns[name]
            self._sorted[name] = [values[i] for i in self._order]
        return self._sorted[name]

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Flag: ...

    @overload
    def __getitem__(self, index: slice) -> list[Flag]: ...

    def __getitem__(self, index: int | slice) -> Flag | list[Flag]:
        if self._flags is None and not isinstance(index, slice):
            at = self._order[operator.index(index)]
            return _made([tuple(self._columns[name][at] for name in FIELDS)])[0]
        return self.flags()[index]

    def __iter__(self) -> Iterator[Flag]:
        return iter(self.flags())

    def flags(self) -> list[Flag]:
        """Every flag as a `Flag` object, in order (made once)."""
        if self._flags is None:
            rows = list(zip(*(self._columns[name] for name in FIELDS)))
            self._flags = _made(rows[i] for i in self._order)
        return self._flags

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (FlagTable, list, tuple)):
            return self.flags() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FlagTable({self.flags()!r})"


def flag_column(flags: Sequence[Flag], name: str) -> list[Any]:
    """One field of every flag: read from the table's column when `flags` is a `FlagTable`
    (no object made), else from each flag."""
    if isinstance(flags, FlagTable):
        return flags.column(name)
    return [getattr(f, name) for f in flags]
