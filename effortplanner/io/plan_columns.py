"""Plan tables to and from SQL cell values a whole column at a time (the plan file and the server store).

Why by column: converting cell by cell cost tens of microseconds of Python per row on
every save and load (2.5 s for a 20,000-duty plan). Here dates, numbers and ticks are
converted by numpy over the column, and the few values that need a Python call (a
float from stored text, a date from a stored ISO text) are converted once per distinct
value and mapped back. The stored values are exactly those of the cell-by-cell writer
(ISO dates, NULL for NaN/NaT/None, JSON text for the `invalid` dicts), so files written
before and after read the same.

Stored values are untrusted: a date that is not an ISO text within the plan's range
becomes NaT (its `_text` column stays), a number that is not one raises ValueError or
TypeError (the caller reports the file as damaged).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from effortplanner.core.dates import EARLIEST_PLAN_DATE, LATEST_PLAN_DATE
from effortplanner.core.plan import _dtype
from effortplanner.core.schema import SCHEMAS

_PLAIN_TEXT = frozenset({str, type(None)})
# Rows per C call when whole tables are copied: a plan is read in a background job, and one numpy
# call over every row holds the interpreter lock throughout (tens of ms at 20,000 rows), while the
# window's thread waits for it to answer a repaint.
LOCK_CHUNK = 4096


def sql_value(value: object) -> object:
    """One frame cell as an SQLite value: ISO dates, NULL for NaN/NaT/None, JSON for dicts."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "item"):
        return sql_value(value.item())
    return value


def sql_column(series: pd.Series) -> list[object]:
    """A frame column as SQLite values, the same as `sql_value` on each cell."""
    values = series.to_numpy()
    kind = values.dtype.kind
    if kind == "M":  # each distinct day written once (a column of 50,000 dates has a few hundred)
        codes, days = pd.factorize(values.astype("datetime64[D]").view(np.int64))
        texts = np.datetime_as_string(days.view("datetime64[D]"), unit="D").astype(object)
        texts[np.isnat(days.view("datetime64[D]"))] = None
        return texts[codes].tolist()
    if kind == "f":
        out = values.astype(object)
        out[np.isnan(values)] = None
        return out.tolist()
    if kind in "biu":
        return values.tolist()
    if set(map(type, values)) <= _PLAIN_TEXT:  # texts and references: stored as they are
        return values.tolist()
    return [sql_value(v) for v in values]


def sql_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[object]]:
    return [sql_column(frame[c]) for c in columns]


def frame_from_sql(table: str, ids: Sequence[object], columns: Sequence[str],
                   values: Sequence[Sequence[object]]) -> pd.DataFrame:
    """The plan table `table` from stored ids and one sequence of stored values per column."""
    schema = SCHEMAS[table]
    index = pd.Index(list(ids), dtype=object, name="id")
    dtypes = [_dtype(schema, column) for column in columns]
    # The date columns share most of their texts: all parsed together, each distinct text once.
    dates = iter(_dates([v for v, dtype in zip(values, dtypes) if dtype == "datetime64[ns]"]))
    data = {}
    for column, column_values, dtype in zip(columns, values, dtypes):
        if dtype == "datetime64[ns]":
            series = pd.Series(next(dates), index=index, copy=False)
        elif dtype == "float64":
            series = pd.Series(_by_distinct(column_values, float, math.nan, np.float64), index=index, copy=False)
        elif dtype == "bool":
            series = pd.Series(_by_distinct(column_values, bool, False, np.bool_), index=index, copy=False)
        elif column == "invalid":
            series = pd.Series([json.loads(str(v)) if v else None for v in column_values], index=index,
                               dtype=object)
        else:
            series = pd.Series(_object_array(column_values), index=index, dtype=object, copy=False)
        data[column] = series
    return pd.DataFrame(data, index=index, columns=list(columns))


def frame_from_records(table: str, columns: Sequence[str], records: Sequence[Sequence[object]],
                       positioned: bool = False) -> pd.DataFrame:
    """The plan table from stored rows: id first, then `columns` in order. With `positioned`,
    each row starts with its position instead and the rows are put in that order here
    (sorting numbers in numpy costs less than SQLite sorting whole rows)."""
    if not records:
        return frame_from_sql(table, [], columns, [()] * len(columns))
    rows, width = len(records), len(records[0])
    grid = np.empty((rows, width), dtype=object)
    for start in range(0, rows, LOCK_CHUNK):  # SQLite values are scalars, so the grid is rows x columns
        grid[start:start + LOCK_CHUNK] = records[start:start + LOCK_CHUNK]
    if positioned:
        order = np.argsort(np.array(grid[:, 0], dtype=np.float64), kind="stable")  # NULL: NaN, last
        if (order[1:] < order[:-1]).any():
            grid = np.concatenate([grid[order[s:s + LOCK_CHUNK]] for s in range(0, rows, LOCK_CHUNK)])
        grid = grid[:, 1:]
    by_column = np.empty((grid.shape[1], rows), dtype=object)  # each column contiguous
    for start in range(0, rows, LOCK_CHUNK):
        by_column[:, start:start + LOCK_CHUNK] = grid[start:start + LOCK_CHUNK].T
    return frame_from_sql(table, by_column[0], columns, by_column[1:])


def _object_array(values: Sequence[object]) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == object:
        return values
    return np.fromiter(values, dtype=object, count=len(values))  # always 1-d, whatever the values hold


def _by_distinct(values: Sequence[object], convert: Callable[[Any], object], missing: object,
                 dtype: type) -> np.ndarray:
    """convert() applied once per distinct value, NULL as `missing` (the results as `dtype`)."""
    codes, uniques = pd.factorize(_object_array(values))
    converted = np.array([convert(u) for u in uniques] + [missing], dtype=dtype)
    return converted[codes]  # code -1 (NULL) takes the last item: `missing`


def _dates(columns: Sequence[Sequence[object]]) -> list[np.ndarray]:
    """ISO texts as datetime64[ns], column by column; anything else, or a date a plan cannot hold, is NaT."""
    if len(columns) == 0:
        return []
    low, high = EARLIEST_PLAN_DATE.isoformat(), LATEST_PLAN_DATE.isoformat()
    # Each column factorized on its own: one long C call per column, not one over all of them.
    factorized = [pd.factorize(_object_array(c)) for c in columns]
    distinct = pd.Index(pd.unique(np.concatenate([u for _, u in factorized])), dtype=object)
    kept = [u if isinstance(u, str) and low <= u[:10] <= high else None for u in distinct] + [None]
    days = pd.to_datetime(pd.Series(kept, dtype=object), format="ISO8601", errors="coerce")
    parsed = days.astype("datetime64[ns]").to_numpy()
    out = []
    for codes, uniques in factorized:
        at = np.append(distinct.get_indexer(uniques), len(kept) - 1)  # code -1 (NULL): the last item, NaT
        out.append(parsed[at[codes]])
    return out
