"""Cell texts of the plan table models that are worked out a column (or a referenced table) at a time.

The names of referenced rows (an assignment's person, activity...) follow `Plan.display_name`'s
rule, read by position from the referenced table's name column and kept until the plan changes
(a repaint names a few hundred referenced rows, and an `.at` costs ~10 µs); a date column's texts
are made once per distinct (day, certainty)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from effortplanner.core.plan import Plan, is_no_row
from effortplanner.core.schema import SCHEMAS
from effortplanner.gui.column_keys import TextColumn


class ReferencedNames:
    """`Plan.display_name` of one plan's referenced rows, one lookup array per referenced table."""

    def __init__(self) -> None:
        self._names: dict[str, tuple[tuple[int, int], pd.Index, np.ndarray]] = {}  # table -> (key, ids, names)

    def clear(self) -> None:
        self._names = {}

    def name(self, plan: Plan, table: str, row_id: object) -> str:
        """`plan.display_name(table, row_id)`."""
        frame = plan.tables[table]
        key = (id(frame), plan.revision)
        names = self._names.get(table)
        if names is None or names[0] != key:
            if not frame.index.is_unique:  # a damaged plan: its own slower rule
                return plan.display_name(table, row_id)
            names = self._names[table] = (key, frame.index, frame[SCHEMAS[table].display].to_numpy(dtype=object))
        if is_no_row(row_id):
            return ""
        try:
            position = names[1].get_loc(row_id)
        except KeyError:
            return str(row_id)
        return str(names[2][position])


def referenced_texts(plan: Plan, table: str, values: np.ndarray) -> TextColumn:
    """The names of a column of references to `table`, each distinct id looked up once."""
    codes, ids = pd.factorize(values)
    frame = plan.tables[table]
    names = frame[SCHEMAS[table].display].to_numpy(dtype=object)
    found = frame.index.get_indexer(ids) if frame.index.is_unique else [-1] * len(ids)
    return TextColumn(codes, [str(names[f]) if f >= 0 else str(i) for f, i in zip(found, ids.tolist())])


def date_texts(frame: pd.DataFrame, name: str) -> TextColumn:
    """`PlanTableModel._date_text` of every row: the ISO date (with " ~" unless exact), else the text as written."""
    values = frame[name].to_numpy()
    missing = np.isnat(values)
    codes, days = pd.factorize(values.astype("datetime64[D]").view(np.int64))
    iso = np.datetime_as_string(days.view("datetime64[D]"), unit="D").tolist()
    approximate = ~frame[f"{name}_certainty"].isin(["exact", ""]).to_numpy()
    pairs, distinct = pd.factorize(codes * 2 + approximate)  # one text per distinct (day, approximate)
    texts = [iso[p // 2] + (" ~" if p % 2 else "") for p in distinct.tolist()]
    if missing.any():  # no date: the text as written, numbered after the dates' texts
        written, kinds = pd.factorize(frame[f"{name}_text"].to_numpy(dtype=object)[missing])
        pairs[missing] = np.where(written < 0, -1, written + len(texts))
        texts += [str(v or "") for v in kinds.tolist()]
    return TextColumn(pairs, texts)
