"""Which rows a plan table shows, in what order, and its display texts a whole column at a time.

No Qt here: it is pandas and numpy over whole columns, so the job that loads another plan can
work out the order its tables will be shown in (`RowOrder`) beside the loading, and the GUI thread
only takes the result when the plan is shown. Sorting 50,000 duties by their text hashes every
newly read string (~30 ms of the GUI thread's time when it was done there, on every open).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from effortplanner.core.plan import Plan, is_no_row
from effortplanner.core.schema import Column
from effortplanner.core.values import fte_text
from effortplanner.gui.cell_texts import date_texts, referenced_texts
from effortplanner.gui.column_keys import TextColumn, by_distinct

PERCENT_COLUMNS = ("fte", "capacity_fte")
Sort = tuple[int, bool]  # (column position, descending)


def is_missing(value: object) -> bool:
    return is_no_row(value) or value is pd.NaT


def cell_text(column: Column, value: object) -> str:
    """What a cell of a plain (not id, reference or date) column shows."""
    if is_missing(value):
        return ""
    if column.type == "float":
        if column.name in PERCENT_COLUMNS:
            return fte_text(value)  # percent everywhere; the fraction is in the tooltip
        return f"{float(value):.2f}"  # type: ignore[arg-type]
    if column.type == "bool":
        return "yes" if value else ""
    return str(value)


def date_text(read: Callable[[str], object], name: str) -> str:
    """What a date cell shows: the ISO date (with " ~" unless exact), else the text as written."""
    value, text, certainty = read(name), read(f"{name}_text"), read(f"{name}_certainty")
    if is_missing(value):
        return str(text or "")
    shown = value.date().isoformat()  # type: ignore[attr-defined]
    return shown if certainty in ("exact", "") else f"{shown} ~"


class TableTexts:
    """One state of a plan table (its frame at a plan revision): each column's display texts, made
    on first use and kept, and the rows a filter and a sort show."""

    def __init__(self, plan: Plan, table: str, columns: Sequence[Column]) -> None:
        self.plan, self.columns = plan, list(columns)
        self.frame: pd.DataFrame = plan.tables[table]
        self.revision = plan.revision
        self._columns: dict[str, TextColumn] = {}

    def of(self, plan: Plan, table: str) -> bool:
        """Whether these are the texts of `plan`'s table as it is now."""
        return plan.tables[table] is self.frame and plan.revision == self.revision

    def texts(self, column: Column) -> TextColumn:
        """Every row's display text of a column (what the model's cells show), each distinct value
        formatted once."""
        found = self._columns.get(column.name)
        if found is None:
            found = self._columns[column.name] = self._display_texts(column)
        return found

    def _display_texts(self, column: Column) -> TextColumn:
        frame = self.frame
        if column.name == "id":
            return TextColumn.of(frame.index.to_numpy(dtype=object))
        values = frame[column.name].to_numpy()
        if column.type == "ref":  # plan.display_name of each distinct id, by one index lookup
            return referenced_texts(self.plan, column.ref or "", values)
        if column.type == "date":
            return date_texts(frame, column.name)
        return by_distinct(values, lambda v: cell_text(column, v), plain_texts=column.type in ("str", "choice"))

    def sort_keys(self, column: Column) -> np.ndarray:
        frame = self.frame
        if column.type == "float":
            return frame[column.name].fillna(-1.0).to_numpy()
        if column.type == "date":
            return frame[column.name].fillna(pd.Timestamp.max).astype("int64").to_numpy()
        if column.type == "bool":
            return frame[column.name].astype(int).to_numpy()
        return self.texts(column).ranks()

    def visible_positions(self, needle: str, sort: Sort | None) -> np.ndarray:
        """Positions in the table of the rows shown (texts holding `needle`, lower case), in the order
        shown (stable, by `sort`)."""
        keep: np.ndarray | None = None
        if needle:
            keep = np.zeros(len(self.frame), dtype=bool)
            for column in self.columns:
                keep |= self.texts(column).contains(needle)
        if sort is None:
            return np.arange(len(self.frame)) if keep is None else np.flatnonzero(keep)
        position, descending = sort
        positions = np.argsort(self.sort_keys(self.columns[position]), kind="stable")
        if descending:
            positions = positions[::-1]
        return positions if keep is None else positions[keep[positions]]


@dataclass(frozen=True)
class RowOrder:
    """The rows a table view shows of one table state, for one filter and sort: worked out in the job
    that loads a plan (`prepare`), taken by the view when that plan is shown."""

    texts: TableTexts
    needle: str
    sort: Sort | None
    ids: list[str]

    @classmethod
    def prepare(cls, plan: Plan, table: str, columns: Sequence[Column], needle: str, sort: Sort | None) -> RowOrder:
        texts = TableTexts(plan, table, columns)
        positions = texts.visible_positions(needle, sort)
        return cls(texts, needle, sort, texts.frame.index[positions].tolist())

    def fits(self, plan: Plan, table: str, needle: str, sort: Sort | None) -> bool:
        """Whether this is the order of `plan`'s table as it is now, filtered and sorted so."""
        return self.texts.of(plan, table) and (self.needle, self.sort) == (needle, sort)
