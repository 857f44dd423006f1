"""What one file says before names become ids: people mentioned, records, pick-ups and notes.

`io.records` and the other kinds fill a `Pending`; `io.assemble` turns every file's
pending records into one plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, repeat

from effortplanner.core.plan import Note
from effortplanner.io.record_columns import ColumnChunk, interleaved


@dataclass
class Mention:
    """A person as one row of one sheet speaks of them (the row-by-row readers' shape)."""

    name: str
    file: str
    sheet: str
    row: int
    from_roster: bool
    cells: dict[str, object] = field(default_factory=dict)  # physical people columns
    invalid: dict[str, str] = field(default_factory=dict)
    wanted_id: str = ""  # the id column of a file this application wrote


@dataclass(frozen=True)
class MentionColumns:
    """Mentions of one sheet as parallel columns, a row each: what `People.merge_mentions` takes.

    The column readers hand a sheet's thousands of names over this way, with no object per
    row; the row-by-row readers' `Mention`s become one of these per run (`of`).
    """

    file: str
    sheet: str
    from_roster: bool
    names: list[str]
    rows: list[int]
    cells: list[dict[str, object]]
    invalid: list[dict[str, str]]
    wanted_ids: list[str] | None = None  # None: no row names an id of its own

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> list[MentionColumns]:
        """Mentions as columns, a chunk per run of one file, sheet and side (roster or not)."""
        out = []
        for (file, sheet, roster), run_ in groupby(mentions, key=lambda m: (m.file, m.sheet, m.from_roster)):
            run = list(run_)
            wanted = [m.wanted_id for m in run]
            out.append(cls(file, sheet, roster, [m.name for m in run], [m.row for m in run], [m.cells for m in run],
                           [m.invalid for m in run], wanted if any(wanted) else None))
        return out

    def mentions(self) -> list[Mention]:
        """The same mentions one object each (what previews and tests list)."""
        wanted = self.wanted_ids or repeat("")
        return [Mention(name, self.file, self.sheet, row, self.from_roster, cells, invalid, wanted_id)
                for name, row, cells, invalid, wanted_id in zip(self.names, self.rows, self.cells, self.invalid,
                                                                wanted)]


class MentionCollector:
    """A sheet's mentions as a column reader finds them, a row at a time, handed over as one
    `MentionColumns` (the four columns kept in step in one place, not in four lists by hand)."""

    def __init__(self, file: str, sheet: str, from_roster: bool) -> None:
        self.file, self.sheet, self.from_roster = file, sheet, from_roster
        self._found: list[tuple[str, int, dict[str, object], dict[str, str]]] = []

    def add(self, name: str, row: int, cells: dict[str, object], invalid: dict[str, str]) -> None:
        """One row's mention: its person's name, the row's number, its cells and its problems."""
        self._found.append((name, row, cells, invalid))

    def columns(self) -> MentionColumns:
        """What was added, as columns, in the order added."""
        names, rows, cells, invalid = (list(c) for c in zip(*self._found)) if self._found else ([], [], [], [])
        return MentionColumns(self.file, self.sheet, self.from_roster, names, rows, cells, invalid)


@dataclass
class Pending:
    """Everything one file says, with references still by name."""

    mentions: list[Mention] = field(default_factory=list)  # from the row-by-row readers
    # Sheets whose mentions were read by column: (how many `mentions` came before, the columns).
    mention_columns: list[tuple[int, MentionColumns]] = field(default_factory=list)
    assignments: list[dict[str, object]] = field(default_factory=list)
    activities: list[dict[str, object]] = field(default_factory=list)
    milestones: list[dict[str, object]] = field(default_factory=list)
    # Sheets read by column (io.duty_columns): (how many dict assignments came before, the chunk).
    assignment_columns: list[tuple[int, ColumnChunk]] = field(default_factory=list)
    pickups: list[tuple[str, str, Note]] = field(default_factory=list)  # (who, from whom, where)
    notes: list[Note] = field(default_factory=list)
    context_year: int | None = None  # the year dates written without one were read in

    def add_mentions(self, columns: MentionColumns) -> None:
        """A sheet's mentions read by column, after those read so far."""
        if len(columns):
            self.mention_columns.append((len(self.mentions), columns))

    def mention_chunks(self) -> Iterator[MentionColumns]:
        """Every mention as columns, in reading order: runs of row-read mentions and column-read sheets."""
        for part in interleaved(self.mentions, self.mention_columns):
            if isinstance(part, list):
                yield from MentionColumns.of(part)
            else:
                yield part

    def listed_mentions(self) -> list[Mention]:
        """Every mention one object each, in reading order (previews and tests list them)."""
        return [m for chunk in self.mention_chunks() for m in chunk.mentions()]


def experiment_handover(vo: str) -> str:
    """Who "the experiment" is for a duty of this VO."""
    if not vo or vo.strip().lower() in ("all", "any", "all vos", "various"):
        return "each experiment (experiment)"
    return f"{vo} (experiment)"
