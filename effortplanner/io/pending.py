"""What one file says before names become ids: people mentioned, records, pick-ups and notes.

`io.records` and the other kinds fill a `Pending`; `io.assemble` turns every file's
pending records into one plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from effortplanner.core.plan import Note
from effortplanner.io.record_columns import ColumnChunk


@dataclass
class Mention:
    """A person as one row of one sheet speaks of them."""

    name: str
    file: str
    sheet: str
    row: int
    from_roster: bool
    cells: dict[str, object] = field(default_factory=dict)  # physical people columns
    invalid: dict[str, str] = field(default_factory=dict)
    wanted_id: str = ""  # the id column of a file this application wrote


@dataclass
class Pending:
    """Everything one file says, with references still by name."""

    mentions: list[Mention] = field(default_factory=list)
    assignments: list[dict[str, object]] = field(default_factory=list)
    activities: list[dict[str, object]] = field(default_factory=list)
    milestones: list[dict[str, object]] = field(default_factory=list)
    # Sheets read by column (io.duty_columns): (how many dict assignments came before, the chunk).
    assignment_columns: list[tuple[int, ColumnChunk]] = field(default_factory=list)
    pickups: list[tuple[str, str, Note]] = field(default_factory=list)  # (who, from whom, where)
    notes: list[Note] = field(default_factory=list)
    context_year: int | None = None  # the year dates written without one were read in


def experiment_handover(vo: str) -> str:
    """Who "the experiment" is for a duty of this VO."""
    if not vo or vo.strip().lower() in ("all", "any", "all vos", "various"):
        return "each experiment (experiment)"
    return f"{vo} (experiment)"
