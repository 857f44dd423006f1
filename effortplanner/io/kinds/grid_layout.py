"""What a period grid's detection finds: period columns, the label column, the unit, the
rows that are not data (metadata block, available hours, processing month) and the
stated-total columns. Kept apart from the reading so the import dialog can show and
change it (unit, hours per period) before anything is imported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from effortplanner.core.values import as_text
from effortplanner.io.kinds.efforts import is_covered, is_total
from effortplanner.io.periods import PeriodHeader, is_available_hours, periods_of, processing_spans
from effortplanner.io.units import FTE, HOURS, PERCENT, PERSON_DAYS, unit_from_values, unit_from_words

_META = re.compile(r"^\s*(?:\d+[a-z]?\.\s*)?(?P<key>[a-z][a-z %#/()-]{1,40}?)\s*[:=]\s*(?P<value>.*)$", re.I)
_PEOPLE_WORDS = re.compile(r"\b(name|staff|employee|person|people|resource|who|member)\b", re.I)
_PROJECT_WORDS = re.compile(r"\b(project|task|activity|charge|account|wbs|program|duty|work)\b", re.I)
_ROLE_WORDS = re.compile(r"\b(role|title|position|job|grade|category)\b", re.I)
_ROLLUP = re.compile(r"roll-?up|summary|all projects", re.I)


def number(cell: object) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell) if cell == cell else None
    text = as_text(cell).replace(",", "").strip().rstrip("%").strip()
    try:
        return float(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Metadata:
    """The block above a grid's header: 'Title:', 'Project Number:', 'Probability %:', a person."""

    title: str = ""
    code: str = ""
    probability: float | None = None
    person: str = ""
    rows: tuple[int, ...] = ()  # 0-based rows the block used
    pairs: tuple[tuple[str, str], ...] = ()


def read_metadata(rows: Sequence[Sequence[object]], header: int) -> Metadata:
    title = code = person = ""
    probability: float | None = None
    used: list[int] = []
    pairs: list[tuple[str, str]] = []
    for r in range(header):
        cells = [c for c in rows[r] if as_text(c)]
        if not cells:
            continue
        m = _META.match(as_text(cells[0]))
        if not m:
            continue
        key = m.group("key").strip().lower()
        value = m.group("value").strip() or (as_text(cells[1]) if len(cells) > 1 else "")
        if not value:
            continue
        pairs.append((m.group("key").strip(), value))
        used.append(r)
        if "probab" in key:
            p = number(cells[1]) if not m.group("value").strip() and len(cells) > 1 else number(value)
            if p is not None:
                probability = p / 100.0 if p > 1.0 else p
        elif "number" in key or key in ("project id", "project code", "wbs", "account", "charge code"):
            code = code or value
        elif "title" in key or key in ("project", "project name", "task"):
            title = title or value
        elif _PEOPLE_WORDS.search(key):
            person = person or value
    return Metadata(title, code, probability, person, tuple(used), tuple(pairs))


@dataclass(frozen=True)
class GridSpec:
    """A period grid as detected (and as the user may have corrected it)."""

    periods: PeriodHeader
    label_column: int
    role_column: int | None
    rows_are: str  # "people" | "projects"
    unit: str
    unit_reason: str  # "header words", "values", "chosen by the user"
    available: dict[int, float] = field(default_factory=dict)  # period column -> hours available
    available_row: int | None = None
    processing_row: int | None = None
    total_columns: tuple[int, ...] = ()
    covered_columns: tuple[int, ...] = ()
    metadata: Metadata = Metadata()
    rollup: bool = False
    per_fte: float | None = None  # the user's "units per period for 1.0 FTE" (hours or days)

    @property
    def first(self) -> str:
        return next(iter(self.periods.columns.values())).label

    @property
    def last(self) -> str:
        return list(self.periods.columns.values())[-1].label

    def project(self, sheet: str) -> str:
        return self.metadata.title or sheet

    def special_rows(self) -> set[int]:
        return {r for r in (self.available_row, self.processing_row) if r is not None} | set(self.metadata.rows)


def best_period_header(rows: Sequence[Sequence[object]], fy_month: int, fy_day: int,
                       scan: int = 40) -> PeriodHeader | None:
    best: PeriodHeader | None = None
    for r in range(min(scan, len(rows))):
        if sum(1 for c in rows[r] if as_text(c)) < 3:
            continue
        found = periods_of(rows, r, fy_month, fy_day)
        if found is not None and (best is None or len(found.columns) > len(best.columns)):
            best = found
    return best


def _label_column(rows: Sequence[Sequence[object]], header: PeriodHeader) -> tuple[int | None, int | None]:
    """The column naming each row (most text cells left of the periods), and a role column if any."""
    first = min(header.columns)
    data = rows[header.row + 1:]
    counts = []
    for c in range(first):
        texts = sum(1 for r in data if c < len(r) and as_text(r[c]) and number(r[c]) is None)
        counts.append((texts, -c))
    heads = rows[header.row]
    roles = [c for c in range(first) if c < len(heads) and _ROLE_WORDS.search(as_text(heads[c]))]
    candidates = [(n, c) for n, c in counts if -c not in roles and n > 0]
    if not candidates:
        return None, None
    label = -max(candidates)[1]
    return label, next((c for c in roles if c != label), None)


def detect_grid(rows: Sequence[Sequence[object]], sheet: str, fy_month: int = 10, fy_day: int = 1) -> GridSpec | None:
    header = best_period_header(rows, fy_month, fy_day)
    if header is None:
        return None
    label, role = _label_column(rows, header)
    if label is None:
        return None
    processing_row, header = processing_spans(rows, header)
    available_row = next((r for r in range(max(0, header.row - 6), min(len(rows), header.row + 8))
                          if r != header.row and is_available_hours(rows[r])), None)
    available: dict[int, float] = {}
    if available_row is not None:
        row = rows[available_row]
        available = {c: v for c in header.columns if c < len(row) and (v := number(row[c])) is not None and v > 0}
    heads = rows[header.row]
    width = len(heads)
    totals = tuple(c for c in range(width) if c not in header.columns and is_total(as_text(heads[c])))
    covered = tuple(c for c in range(width) if c not in header.columns and is_covered(as_text(heads[c])))
    metadata = read_metadata(rows, header.row)
    # A two-row header names the label column in the row above ("Project" over a blank).
    head_label = next((as_text(rows[r][label]) for r in range(header.row, max(-1, header.row - 3), -1)
                       if label < len(rows[r]) and as_text(rows[r][label]) and r not in metadata.rows), "")
    rows_are = "projects" if _PROJECT_WORDS.search(head_label) and not _PEOPLE_WORDS.search(head_label) \
        else "people"
    unit, reason = _unit(rows, header, label, available_row, processing_row, *metadata.rows)
    rollup = bool(_ROLLUP.search(sheet) or _ROLLUP.search(metadata.title))
    return GridSpec(header, label, role, rows_are, unit, reason, available, available_row, processing_row,
                    totals, covered, metadata, rollup)


def _unit(rows: Sequence[Sequence[object]], header: PeriodHeader, label: int, *skip: int | None) -> tuple[str, str]:
    """The sheet's unit: header and title words when they name one, else the range of the values."""
    words = [as_text(c) for i, r in enumerate(rows[:header.row + 1]) if i not in skip for c in r
             if isinstance(c, str)]
    words = [w for w in words if len(w) < 60 and not is_covered(w)]
    values = []
    for r in range(header.row + 1, len(rows)):
        row = rows[r]
        if r in skip or (label < len(row) and is_total(as_text(row[label]))):
            continue
        values += [v for c in header.columns if c < len(row) and (v := number(row[c])) is not None]
    by_values = unit_from_values(values, header.weekly)
    named = unit_from_words(words)
    if named is None and any(is_available_hours(rows[r]) for r in skip if r is not None):
        named = HOURS
    if named == PERSON_DAYS and not header.weekly and by_values == HOURS:
        named = None  # "days" in a monthly title ("working days") says less than 150-hour values
    if named is not None and not (named in (PERCENT, HOURS, PERSON_DAYS) and by_values == FTE and values and
                                  max(values) <= 1.0):
        return named, "header words"
    return by_values, "values"
