"""The plan: four tables with stable ids, the plan's settings and its import notes.

Tables are pandas DataFrames indexed by id so that analysis can stay vectorised;
every change goes through `effortplanner.core.edits`, never by writing to a frame.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Container
from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from effortplanner.core.names import is_short_form, normalise
from effortplanner.core.schema import DATE_PARTS, SCHEMAS, TABLES, TableSchema

DEFAULT_CADENCE_FTE: dict[str, float] = {
    "continuous": 0.5,
    "daily": 0.2,
    "weekly": 0.05,
    "monthly": 0.05,
    "quarterly": 0.02,
    "yearly": 0.01,
    "on demand": 0.1,
}

# Revisions are unique across all plans of the process: a copy keeps its source's number
# (same content), and any edit to either gives a new one, so a revision names one state.
_REVISIONS = itertools.count(1)
_set_attribute = object.__setattr__  # how a frozen dataclass's own __init__ sets its fields
_new_object = object.__new__


def next_revision() -> int:
    return next(_REVISIONS)


@dataclass
class PlanSettings:
    """Where the plan speaks from, how far it looks, and how it estimates missing FTEs."""

    as_of: date | None = None
    horizon: date | None = None
    fy_start_month: int = 10
    fy_start_day: int = 1
    dayfirst: bool = False
    context_year: int | None = None  # the year dates written without one belong to (from the import)
    cadence_fte: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CADENCE_FTE))
    sources: dict[str, str] = field(default_factory=dict)  # file name in `source` -> the path it was read from
    hours_per_month: float = 152.0  # working hours that make 1.0 FTE in a month (hours read from grids)
    days_per_week: float = 5.0  # working days that make 1.0 FTE in a week (person-days read from grids)
    distinct_people: list[list[str]] = field(default_factory=list)  # id pairs a user said are not one person


@dataclass(frozen=True, init=False)
class Note:
    """A decision the importer made that a user might disagree with, and where."""

    file: str
    sheet: str
    row: int | None  # 1-based row in the sheet as a spreadsheet program numbers it
    column: str | None  # the header as written (or the column letter when there is none)
    message: str
    kind: str = "info"  # info | warning | invalid | merge | alias | conflict | total | skipped
    person: str | None = None  # person id the note is about, where one is
    field: str | None = None  # plan column the note is about, e.g. "contract_end"
    value: str | None = None  # the value as written, e.g. a conflicting date

    def __init__(self, file: str, sheet: str, row: int | None, column: str | None, message: str, kind: str = "info",
                 person: str | None = None, field: str | None = None, value: str | None = None) -> None:
        # The fields in one step, a new dict given whole (a frozen dataclass's own __init__ sets them
        # one at a time through object.__setattr__: 2.5 us a note, __dict__.update 1.1 us, this 0.5 us;
        # a 50,000-row import writes ~30,000 notes).
        _set_attribute(self, "__dict__", {"file": file, "sheet": sheet, "row": row, "column": column,
                                          "message": message, "kind": kind, "person": person, "field": field,
                                          "value": value})

    @staticmethod
    def at(where: Note, message: str, kind: str = "info", person: str | None = None) -> Note:
        """A note at `where`'s place (file, sheet, row, column), made without calling Note (half the
        time: a 50,000-row duty list writes ~8,000 of these, one per pick-up that finds no duty)."""
        note = _new_object(Note)
        _set_attribute(note, "__dict__", {"file": where.file, "sheet": where.sheet, "row": where.row,
                                          "column": where.column, "message": message, "kind": kind,
                                          "person": person, "field": None, "value": None})
        return note

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def is_no_row(row_id: object) -> bool:
    """Whether a reference names no row (None, or NaN in a column of references): `Plan.display_name`'s ''."""
    return row_id is None or (isinstance(row_id, float) and math.isnan(row_id))


def empty_table(schema: TableSchema) -> pd.DataFrame:
    """A zero-row frame with the schema's physical columns and dtypes (a copy of one built once:
    every new plan wants four)."""
    return _empty_table(schema).copy(deep=not _COPY_ON_WRITE)


@functools.lru_cache(maxsize=16)
def _empty_table(schema: TableSchema) -> pd.DataFrame:
    # Empty numpy arrays of each dtype, not one Series each then an index set and "id" dropped
    # (~1 ms a table instead of ~3, the first time a process makes a plan; the same frame).
    names = [name for name in schema.physical_columns() if name != "id"]
    return pd.DataFrame({name: np.empty(0, dtype=_dtype(schema, name)) for name in names},
                        index=pd.Index([], dtype=object, name="id"), columns=names)


def _dtype(schema: TableSchema, physical: str) -> str:
    for col in schema.columns:
        if physical == col.name:
            if col.type == "date":
                return "datetime64[ns]"
            return {"float": "float64", "bool": "bool"}.get(col.type, "object")
        if col.type == "date" and physical.startswith(col.name + "_"):
            suffix = physical[len(col.name) :]
            if suffix in ("_earliest", "_latest"):
                return "datetime64[ns]"
    return "object"


def blank_value(schema: TableSchema, physical: str) -> object:
    """What an unset cell holds: NaN, NaT, False, None (references) or ""."""
    dtype = _dtype(schema, physical)
    if dtype == "float64":
        return math.nan
    if dtype == "datetime64[ns]":
        return pd.NaT
    if dtype == "bool":
        return False
    if physical == "invalid":
        return None
    col = next((c for c in schema.columns if c.name == physical), None)
    if col is not None and col.type == "ref":
        return None
    return ""


# pandas >= 3 always copies on write; with an older pandas a copy must be deep to be independent.
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3


def largest_number(ids: pd.Index, skip: int) -> int:
    """The largest number an id spells after its first `skip` characters (0 for none): whole
    columns of characters, not a Python loop over 50,000 ids ("A1" .. "A50000")."""
    written = list(map(str, ids.tolist()))
    strings = getattr(np, "strings", None)
    # numpy drops trailing NULs ("A1\0" would read as "A1"); without numpy >= 2.3, or with such
    # an id, each id is read on its own.
    texts = ids.to_numpy(dtype=str) if strings is not None and hasattr(strings, "slice") else None
    if strings is None or texts is None or int(strings.str_len(texts).sum()) != sum(map(len, written)):
        return max((int(t[skip:]) for t in written if t[skip:].isdecimal()), default=0)
    tails = strings.slice(texts, skip, None)
    tails = tails[strings.isdecimal(tails)]  # isdigit would take "²", which int() refuses
    width = tails.dtype.itemsize // 4
    if not len(tails) or width > 18:  # none, or too many digits for an int64: Python's int
        return max(map(int, tails.tolist()), default=0)
    codes = tails.view(np.uint32).reshape(len(tails), width).astype(np.int64)
    if int(codes.max()) > ord("9"):  # digits of another script ("٣"): int() reads those, or says why not
        return max(map(int, tails.tolist()))
    value = np.zeros(len(tails), dtype=np.int64)
    for column in codes.T:  # ids shorter than the widest end in NULs (code 0): no digit there
        value = np.where(column > 0, value * 10 + column - ord("0"), value)
    return int(value.max())


class _Tables(dict[str, pd.DataFrame]):
    """The plan's tables; putting another frame in gives the plan a new revision."""

    def __init__(self, plan: Plan, tables: dict[str, pd.DataFrame]) -> None:
        super().__init__(tables)
        self._plan = plan

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        super().__setitem__(name, frame)
        self._plan.touch()


class Plan:
    """Tables people, assignments, activities, milestones; settings; notes."""

    def __init__(self, settings: PlanSettings | None = None) -> None:
        self.settings = settings or PlanSettings()
        self.revision = next_revision()  # bumped by every applied edit (`edits.apply`)
        self.tables = {name: empty_table(SCHEMAS[name]) for name in TABLES}
        self.notes: list[Note] = []
        self._next_id: dict[str, int] = {name: 1 for name in TABLES}

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return self._tables

    @tables.setter
    def tables(self, tables: dict[str, pd.DataFrame]) -> None:
        self._tables = _Tables(self, tables)
        self.touch()

    def touch(self) -> None:
        """Mark the tables as changed: analyses cached for the old revision no longer apply."""
        self.revision = next_revision()

    # --- ids -------------------------------------------------------------------------
    def new_id(self, table: str) -> str:
        schema = SCHEMAS[table]
        while True:
            candidate = f"{schema.id_prefix}{self._next_id[table]}"
            self._next_id[table] += 1
            index = self.tables[table].index
            if not len(index) or candidate not in index:  # a new plan's tables are empty
                return candidate

    def new_ids(self, table: str, count: int, taken: Container[str] = ()) -> list[str]:
        """`count` new ids, none of them in `taken`: what calling new_id until each is free gives
        (one f-string per id when the table is empty, as it is while a plan is assembled)."""
        if len(self.tables[table].index):
            out = []
            for _ in range(count):
                candidate = self.new_id(table)
                while candidate in taken:
                    candidate = self.new_id(table)
                out.append(candidate)
            return out
        prefix, number, out = SCHEMAS[table].id_prefix, self._next_id[table], []
        while len(out) < count:  # a batch of the ids still wanted; those taken are skipped and the next tried
            batch = [f"{prefix}{k}" for k in range(number, number + count - len(out))]
            number += len(batch)
            out += [candidate for candidate in batch if candidate not in taken]
        self._next_id[table] = number
        return out

    def reserve_ids(self, known: dict[str, int] | None = None) -> None:
        """Make new ids continue after the largest id present (after loading a file). `known`: the
        largest number of a table whose ids the caller numbered itself (its ids are not read again)."""
        for table in TABLES:
            largest = (known or {}).get(table)
            if largest is None:
                largest = largest_number(self.tables[table].index, len(SCHEMAS[table].id_prefix))
            self._next_id[table] = largest + 1

    # --- reading ---------------------------------------------------------------------
    @property
    def people(self) -> pd.DataFrame:
        return self.tables["people"]

    @property
    def assignments(self) -> pd.DataFrame:
        return self.tables["assignments"]

    @property
    def activities(self) -> pd.DataFrame:
        return self.tables["activities"]

    @property
    def milestones(self) -> pd.DataFrame:
        return self.tables["milestones"]

    def row(self, table: str, row_id: str) -> dict[str, object]:
        return {"id": row_id, **self.tables[table].loc[row_id].to_dict()}

    def display_name(self, table: str, row_id: object) -> str:
        """The name a user knows a row by ('' for no row)."""
        if is_no_row(row_id):
            return ""
        frame = self.tables[table]
        if row_id not in frame.index:
            return str(row_id)
        return str(frame.at[row_id, SCHEMAS[table].display])

    def person_name(self, person_id: object) -> str:
        return self.display_name("people", person_id)

    def find_person(self, name: str) -> str | None:
        """Id of the person a name means: exact (or alias) match, else a unique short form."""
        key = normalise(name)
        if not key:
            return None
        people = self.people
        if name in people.index:
            return name
        exact = [pid for pid, n in people["name"].items() if normalise(str(n)) == key]
        if len(exact) == 1:
            return exact[0]
        for pid, aliases in people["aliases"].items():
            if any(normalise(a) == key for a in str(aliases or "").split(";") if a.strip()):
                return pid
        short = [pid for pid, n in people["name"].items() if is_short_form(name, str(n))]
        if len(short) == 1:
            return short[0]
        return None

    def find_activity(self, name: str) -> str | None:
        key = normalise(name)
        if name in self.activities.index:
            return name
        matches = [aid for aid, n in self.activities["name"].items() if normalise(str(n)) == key]
        return matches[0] if len(matches) == 1 else None

    def date_parts(self, table: str, column: str) -> list[str]:
        return [column + part for part in DATE_PARTS]

    def copy(self) -> Plan:
        """An independent plan. Frames are copied lazily: pandas' copy-on-write (the default since
        pandas 3) copies a column only when one side writes to it, so a copy for a background
        analysis costs next to nothing on the GUI thread, and no empty tables are built first."""
        other = Plan.__new__(Plan)
        other.settings = PlanSettings(**{**asdict(self.settings), "cadence_fte": dict(self.settings.cadence_fte),
                                         "distinct_people": [list(p) for p in self.settings.distinct_people]})
        other.tables = {name: frame.copy(deep=not _COPY_ON_WRITE) for name, frame in self.tables.items()}
        other.notes = list(self.notes)
        other._next_id = dict(self._next_id)
        other.revision = self.revision
        return other

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.tables.items()}
