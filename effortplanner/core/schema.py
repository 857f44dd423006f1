"""Declared schemas of the plan tables.

The column names here are the public contract: exports, JSON and the native file use
them. Adding columns is fine; renaming one breaks users' files and scripts.

A *date* column is stored as five physical columns: ``X`` (the date the plan works
with), ``X_text`` (the text as written), ``X_certainty`` (exact, approximate,
uncertain, unknown), ``X_earliest`` and ``X_latest`` (the range the text allows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["id", "str", "float", "bool", "date", "ref", "choice"]

CERTAINTIES = ("exact", "approximate", "uncertain", "unknown")
CADENCES = ("daily", "weekly", "monthly", "quarterly", "yearly", "on demand", "continuous")
DATE_PARTS = ("", "_text", "_certainty", "_earliest", "_latest")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    label: str
    required: bool = False
    ref: str | None = None  # table an id column points to
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    date_role: Literal["start", "end", "point"] = "point"
    doc: str = ""


@dataclass(frozen=True)
class TableSchema:
    name: str
    id_prefix: str
    display: str  # column that names a row for people
    columns: tuple[Column, ...]
    extra: tuple[str, ...] = field(default=("invalid",))

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    def has(self, name: str) -> bool:
        return any(col.name == name for col in self.columns)

    @property
    def names(self) -> list[str]:
        return [col.name for col in self.columns]

    @property
    def date_columns(self) -> list[str]:
        return [col.name for col in self.columns if col.type == "date"]

    def physical_columns(self) -> list[str]:
        """Every stored column, date companions included, in display order."""
        out: list[str] = []
        for col in self.columns:
            if col.type == "date":
                out.extend(col.name + part for part in DATE_PARTS)
            else:
                out.append(col.name)
        out.extend(self.extra)
        return out


PEOPLE = TableSchema(
    name="people",
    id_prefix="P",
    display="name",
    columns=(
        Column("id", "id", "Id"),
        Column("name", "str", "Name", required=True),
        Column("aliases", "str", "Aliases", doc="other spellings, separated by ';'"),
        Column("role", "str", "Role"),
        Column("group", "str", "Group"),
        Column("start", "date", "Start", date_role="start"),
        Column("contract_end", "date", "Contract end", date_role="end"),
        Column("capacity_fte", "float", "Capacity (FTE)", minimum=0.0, maximum=1.5),
        Column("placeholder", "bool", "Placeholder", doc="a role still to be filled"),
        Column("notes", "str", "Notes"),
    ),
)

ASSIGNMENTS = TableSchema(
    name="assignments",
    id_prefix="A",
    display="duty",
    columns=(
        Column("id", "id", "Id"),
        Column("person", "ref", "Person", ref="people"),
        Column("vo", "str", "VO"),
        Column("duty", "str", "Duty", required=True),
        Column("activity", "ref", "Activity", ref="activities"),
        Column("fte", "float", "FTE", minimum=0.0, maximum=1.5),
        Column("fte_estimated", "bool", "FTE estimated"),
        Column("probability", "float", "Funding probability", minimum=0.0, maximum=1.0,
               doc="chance the funding comes (0-1); blank = certain"),
        Column("cadence", "choice", "Cadence", choices=CADENCES),
        Column("volume", "str", "Volume"),
        Column("start", "date", "Start", date_role="start"),
        Column("end", "date", "End", date_role="end"),
        Column("disposition", "str", "Disposition"),
        Column("successor", "ref", "Successor", ref="people"),
        Column("handover_to", "str", "Handover to"),
        Column("notes", "str", "Notes"),
        Column("source", "str", "Source"),
    ),
)

ACTIVITIES = TableSchema(
    name="activities",
    id_prefix="T",
    display="name",
    columns=(
        Column("id", "id", "Id"),
        Column("name", "str", "Activity", required=True),
        Column("fte_required", "float", "FTE required", minimum=0.0),
        Column("interns_required", "float", "Interns/associates required", minimum=0.0),
        Column("group", "str", "Group"),
        Column("start", "date", "Start", date_role="start"),
        Column("end", "date", "End", date_role="end"),
        Column("notes", "str", "Notes"),
        Column("source", "str", "Source"),
    ),
)

MILESTONES = TableSchema(
    name="milestones",
    id_prefix="M",
    display="name",
    columns=(
        Column("id", "id", "Id"),
        Column("name", "str", "Milestone", required=True),
        Column("date", "date", "Date", date_role="point"),
        Column("owner", "ref", "Owner", ref="people"),
        Column("notes", "str", "Notes"),
        Column("source", "str", "Source"),
    ),
)

SCHEMAS: dict[str, TableSchema] = {
    s.name: s for s in (PEOPLE, ASSIGNMENTS, ACTIVITIES, MILESTONES)
}
TABLES: tuple[str, ...] = tuple(SCHEMAS)
