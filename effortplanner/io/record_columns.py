"""Records held as columns, and plan tables built from whole columns.

A duty list of 50,000 rows is read column by column (`io.duty_columns`) into a
`ColumnChunk`: one list or numpy array per field. Other kinds still give one dict per
record; `assignment_chunks` yields both, in the order the sheets were read, and
`columns_frame` makes a plan table from columns without a Python step per cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from typing import TYPE_CHECKING, TypeVar, Union

import numpy as np
import pandas as pd

from effortplanner.core.plan import blank_value, empty_table
from effortplanner.core.schema import SCHEMAS

if TYPE_CHECKING:
    from effortplanner.io.pending import Pending

Column = Union[list, np.ndarray]  # one value per record


class Parts(list):
    """A column still in pieces (some numpy arrays): joined once its table's dtype is known."""


@dataclass
class ColumnChunk:
    """One sheet's records as columns (field -> values, all `length` long)."""

    length: int
    columns: dict[str, Column]
    # Columns the reader already coded: field -> (each row's code, as_text of each distinct cell,
    # an object array), so that resolving names does not code them again. Optional, never required.
    codes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def records(self) -> list[dict[str, object]]:
        """The same records one dict each (what the import dialog's preview lists)."""
        names = list(self.columns)
        values = [(c.tolist() if c.dtype == object else pd.Series(c).tolist()) if isinstance(c, np.ndarray) else list(c)
                  for c in self.columns.values()]
        return [dict(zip(names, row)) for row in zip(*values)] if names else [{} for _ in range(self.length)]


Run = TypeVar("Run")
Chunk = TypeVar("Chunk")


def interleaved(read: list[Run], chunks: list[tuple[int, Chunk]]) -> Iterator[list[Run] | Chunk]:
    """What a file's readers produced in reading order: runs of `read` (row by row) and the chunks read
    by column, each stored with how many row-read items came before it; runs left empty are skipped."""
    start = 0
    for position, chunk in chunks:
        if position > start:
            yield read[start:position]
        start = position
        yield chunk
    if start < len(read):
        yield read[start:]


def assignment_chunks(pending: Pending) -> Iterator[list[dict[str, object]] | ColumnChunk]:
    """A file's assignments in reading order: runs of dict records and column chunks (the records,
    even none, when nothing was read by column)."""
    if not pending.assignment_columns:
        yield pending.assignments
        return
    yield from interleaved(pending.assignments, pending.assignment_columns)


def as_records(pending: Pending) -> Pending:
    """The pending records with every column chunk made objects (for callers that list records)."""
    pending.assignments = [r for chunk in assignment_chunks(pending)
                           for r in (chunk.records() if isinstance(chunk, ColumnChunk) else chunk)]
    pending.assignment_columns = []
    pending.mentions = pending.listed_mentions()
    pending.mention_columns = []
    return pending


def dict_columns(records: Sequence[dict[str, object]], names: Sequence[str],
                 defaults: dict[str, object]) -> ColumnChunk:
    """Dict records as columns: each column taken from every record at C speed (`map(dict.get)`)."""
    return ColumnChunk(len(records), {name: list(map(dict.get, records, repeat(name), repeat(defaults.get(name))))
                                      for name in names})


@lru_cache(maxsize=None)
def _template(table: str) -> tuple[tuple[str, ...], tuple[object, ...], tuple[object, ...]]:
    """A table's physical columns, their dtypes and blank values (the schema's, worked out once)."""
    schema = SCHEMAS[table]
    template = empty_table(schema)
    columns = tuple(template.columns)
    return columns, tuple(template[c].dtype for c in columns), tuple(blank_value(schema, c) for c in columns)


def schema_defaults(table: str) -> dict[str, object]:
    """What an unset cell of each physical column of a table holds."""
    columns, _dtypes, blanks = _template(table)
    return dict(zip(columns, blanks))


def concat_columns(chunks: Sequence[ColumnChunk], names: Sequence[str]) -> dict[str, Column]:
    """Chunks joined end to end, column by column (lists stay lists unless a chunk holds an array)."""
    out: dict[str, Column] = {}
    for name in names:
        parts = [c.columns[name] for c in chunks]
        if any(isinstance(p, np.ndarray) for p in parts):
            out[name] = Parts(parts)
        else:
            out[name] = list(chain.from_iterable(parts)) if len(parts) != 1 else parts[0]
    return out


def _typed(values: Column | list[Column], dtype: object) -> pd.Series:
    # An object column is said to be one: pandas would infer its string dtype from an array of str too.
    kept = object if dtype == object else None
    if isinstance(values, Parts):
        if len(values) == 1:
            return _typed(values[0], dtype)  # one sheet's column: nothing to join
        return pd.Series(np.concatenate([np.asarray(_typed(p, dtype)) for p in values]), dtype=kept)
    if isinstance(values, np.ndarray):
        return pd.Series(values.astype(dtype, copy=False), dtype=kept)
    if dtype == np.float64:
        try:  # numbers (or number texts) read at C speed, as astype reads them; anything else the long way
            return pd.Series(np.fromiter(values, dtype=np.float64, count=len(values)))
        except (TypeError, ValueError):
            pass
    # Object columns stay object: pandas would otherwise infer a string dtype and turn
    # None (no reference) into NaN, which is truthy.
    return pd.Series(values, dtype=object) if dtype == object else pd.Series(values).astype(dtype)


def columns_frame(table: str, ids: Sequence[str], columns: dict[str, Column], length: int) -> pd.DataFrame:
    """A plan table (the schema's columns and dtypes) from whole columns; absent columns are blank."""
    if not length and not len(ids):
        return empty_table(SCHEMAS[table])  # the same frame (a sheet list without activities or milestones)
    names, dtypes, blanks = _template(table)
    index = pd.Index(list(ids), dtype=object, name="id")
    data: dict[str, pd.Series] = {}
    for column, dtype, blank in zip(names, dtypes, blanks):
        values = columns.get(column)
        if values is None:
            values = [blank] * length
        data[column] = _typed(values, dtype).set_axis(index)
    return pd.DataFrame(data, index=index, columns=list(names))


def table_frame(table: str, ids: Sequence[str], rows: Sequence[dict[str, object]]) -> pd.DataFrame:
    """A plan table from physical-value dicts (a record without a key holds the blank value)."""
    defaults = schema_defaults(table)
    return columns_frame(table, ids, dict_columns(rows, list(defaults), defaults).columns, len(rows))
