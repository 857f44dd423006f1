"""Finding the header row under titles and blank rows, and what each column means.

Headers are matched to fields by synonyms, then by fuzzy matching; the set of fields
found tells which tabular kind it is (duty list, roster, activity table, milestones); the
registry of every kind is `effortplanner.io.kinds`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from effortplanner.core.values import as_text

# field -> header words people use for it (normalised: lower case, single spaces)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "row id", "record id"),
    "name": ("name", "staff", "person", "staff member", "member", "employee", "who", "full name",
             "person name", "staff name", "assignee", "resource", "team member", "people"),
    "aliases": ("aliases", "alias", "also known as", "other names"),
    "vo": ("vo", "experiment", "project", "virtual organisation", "virtual organization", "collaboration",
           "experiment vo", "customer"),
    "duty": ("assignment", "assignments", "duty", "duties", "task", "tasks", "responsibility",
             "responsibilities", "work", "current assignment", "description", "job"),
    "activity": ("activity", "activities", "program", "programme", "work package", "proposal item",
                 "area", "thrust"),
    "contract_end": ("end of contract", "contract end", "contract ends", "contract end date", "leaving",
                     "leaves", "departure", "leaving date", "end of appointment", "term ends",
                     "contract expires", "end of employment", "contract"),
    "start": ("start", "start date", "from", "begins", "arrival", "arrives", "starting", "since",
              "joined", "start of contract"),
    "end": ("end", "end date", "until", "to", "ends", "finish", "stop", "through"),
    "disposition": ("disposition", "handover", "hand over", "transition", "after leaving", "plan",
                    "next steps", "future", "transfer", "plan for fy"),
    "fte": ("fte", "effort", "allocation", "%", "percent", "percentage", "fraction", "share",
            "effort fte", "fte fraction", "% time", "load"),
    "fte_estimate": ("fte estimate", "estimated fte", "est fte", "fte est",
                     "estimate", "effort estimate", "estimated effort"),
    "fte_estimated": ("fte is estimated", "estimated?", "is estimate"),
    "role": ("role", "position", "title", "job title", "function", "grade", "category", "type"),
    "group": ("group", "team", "department", "dept", "section", "unit", "org", "organisation",
              "organization"),
    "capacity": ("availability", "capacity", "available", "capacity fte", "time available",
                 "fte available", "appointment", "part time", "percent time"),
    "fte_required": ("fte required", "required fte", "fte needed", "effort required", "effort needed"),
    "interns_required": ("interns associates", "interns/associates", "interns", "associates",
                         "interns associates required", "headcount", "interns required", "students",
                         "juniors", "interns/associates required"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "remark", "details", "observations"),
    "milestone": ("milestone", "milestones", "action", "event", "deliverable", "what", "ramp down step"),
    "date": ("date", "when", "due", "due date", "deadline", "target", "target date", "timing"),
    "owner": ("owner", "responsible", "lead", "owner name", "by whom"),
    "placeholder": ("placeholder", "to be hired", "tbh", "vacancy", "open position", "to hire", "hire"),
    "cadence": ("cadence", "frequency", "how often", "schedule", "recurrence"),
    "volume": ("volume", "scale", "size", "load volume"),
    "successor": ("successor", "taken over by", "replacement", "backup", "goes to", "handed to"),
    "handover_to": ("handover to", "transfer to", "hand over to"),
    "number": ("#", "no", "nr", "number", "item", "step", "n", "item no", "step no", "seq"),
    "source": ("source",),
    "probability": ("probability", "probability %", "funding probability", "probability of funding"),
    "problems": ("problems", "problem", "invalid values"),
}
# Review-workbook labels that differ from the synonyms above (so exports read back).
SYNONYMS["capacity"] += ("capacity (fte)",)
SYNONYMS["fte_estimated"] += ("fte estimated",)

DATE_FIELDS = ("start", "contract_end", "end", "date")
REF_FIELDS = {"person": "person_id", "name": "person_id", "successor": "successor_id", "activity": "activity_id",
              "owner": "owner_id"}
_DERIVED = re.compile(r"^(?P<base>.+?)\s+(?P<part>as written|certainty|id)$")
_FISCAL = re.compile(r"^(?:plan\s+(?:for\s+)?|disposition\s+)?fy\s?'?\d{2}(?:\d{2})?(?:\s+plan|\s+disposition)?$")
_NON_WORD = re.compile(r"[^\w%#/?]+")
_LOOKUP: dict[str, str] = {}
for _field, _words in SYNONYMS.items():
    for _word in _words:
        _LOOKUP.setdefault(" ".join(_NON_WORD.sub(" ", _word.lower()).split()), _field)
_CHOICES = list(_LOOKUP)
_PADDED_CHOICES = [(f" {c} ", c) for c in _CHOICES if len(c) >= 4]  # phrases a short header may contain



def normalise_header(text: object) -> str:
    return " ".join(_NON_WORD.sub(" ", as_text(text).lower().replace("_", " ")).split())


MAX_HEADER_CHARS = 200  # a longer cell is data, never a header: not matched (bounded work on 10 MB cells)
MAX_HEADER_COLUMNS = 1_000  # only the first columns of a row are considered for a header


def match_header(text: object) -> tuple[str | None, float]:
    """(field, score 0-100) for one header cell; (None, 0) when nothing fits."""
    if isinstance(text, str) and len(text) > MAX_HEADER_CHARS:
        return None, 0.0
    key = normalise_header(text)
    if not key or key.replace(".", "").isdigit():
        return None, 0.0
    if key in _LOOKUP:
        return _LOOKUP[key], 100.0
    derived = _DERIVED.match(key)
    if derived:
        # "Contract end (as written)", "Start certainty", "Person id": companions of a field.
        base, part = derived.group("base"), derived.group("part")
        if part == "id" and base in REF_FIELDS:
            return REF_FIELDS[base], 100.0
        field_name = _LOOKUP.get(base)
        if part != "id" and field_name in DATE_FIELDS:
            return f"{field_name}_{'text' if part == 'as written' else 'certainty'}", 100.0
    if _FISCAL.match(key):
        return "disposition", 95.0
    # "FTE (estimate)" and kin: the estimate columns win over plain FTE.
    if "fte" in key.split() and any(w.startswith("estim") or w == "est" for w in key.split()):
        return "fte_estimate", 95.0
    best = process.extractOne(key, _CHOICES, scorer=fuzz.ratio, score_cutoff=85)
    if best:
        return _LOOKUP[best[0]], float(best[1])
    # A short header that contains a known phrase as whole words: "Contract ends (date)".
    # Long cells are sentences in data rows, not headers.
    if len(key.split()) > 4:
        return None, 0.0
    words = f" {key} "
    contained = [c for padded, c in _PADDED_CHOICES if padded in words]
    if contained:
        longest = max(contained, key=len)
        return _LOOKUP[longest], 80.0
    return None, 0.0


@dataclass
class SheetLayout:
    """Where a sheet's header is and what each column holds (0-based indices)."""

    sheet: str
    kind: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)
    score: float = 0.0  # how sure the kind's detection is (the registry takes the highest)
    detail: object | None = None  # what a kind found beyond columns (a grid's periods and unit)

    def column_of(self, field_name: str) -> int | None:
        for index, name in self.mapping.items():
            if name == field_name:
                return index
        return None

    @property
    def fields(self) -> set[str]:
        return set(self.mapping.values())


def map_row(cells: list[object]) -> tuple[dict[int, str], dict[int, float]]:
    """Each column's field for a candidate header row; each field used once (best score wins)."""
    candidates: list[tuple[float, int, str]] = []
    for index, cell in enumerate(cells[:MAX_HEADER_COLUMNS]):
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            continue
        name, score = match_header(cell)
        if name:
            candidates.append((score, -index, name))
    mapping: dict[int, str] = {}
    scores: dict[int, float] = {}
    used: set[str] = set()
    for score, neg_index, name in sorted(candidates, reverse=True):
        if name in used:
            continue
        used.add(name)
        mapping[-neg_index] = name
        scores[-neg_index] = score
    return dict(sorted(mapping.items())), scores


def classify(fields: set[str]) -> str:
    if "duty" in fields and ({"name", "vo", "fte", "contract_end", "disposition", "activity"} & fields):
        return "duties"
    if "milestone" in fields or ("date" in fields and "owner" in fields and "name" not in fields):
        return "milestones"
    if "activity" in fields and ({"fte", "fte_required", "interns_required"} & fields) and "name" not in fields:
        return "activities"
    if "name" in fields and ({"role", "group", "start", "contract_end", "capacity", "placeholder"} & fields):
        return "roster"
    if "duty" in fields:
        return "duties"
    return "unknown"


def detect_layout(sheet_name: str, rows: list[list[object]], max_scan: int = 40) -> SheetLayout:
    """The most header-like row among the first rows, and the kind of sheet it heads."""
    best: tuple[int, float, int] | None = None
    best_map: tuple[dict[int, str], dict[int, float]] = ({}, {})
    for index, cells in enumerate(rows[:max_scan]):
        filled = [c for c in cells[:MAX_HEADER_COLUMNS] if as_text(c)]
        if len(filled) < 2:
            continue
        mapping, scores = map_row(cells)
        if len(mapping) < 2 or len(mapping) < 0.5 * len(filled):
            continue
        rank = (len(mapping), sum(scores.values()), -index)
        if best is None or rank > best:
            best, best_map = rank, (mapping, scores)
            header_index = index
    if best is None:
        return SheetLayout(sheet_name, "unknown", -1, [])
    mapping, scores = best_map
    headers = [as_text(c) for c in rows[header_index]]
    return SheetLayout(sheet_name, classify(set(mapping.values())), header_index, headers, mapping, scores)


def relabel_for_kind(layout: SheetLayout) -> SheetLayout:
    """Fields whose meaning depends on the sheet kind: FTE in an activity table is FTE required, etc."""
    mapping = dict(layout.mapping)
    kind = layout.kind
    for index, name in list(mapping.items()):
        if kind == "activities" and name == "fte" and "fte_required" not in mapping.values():
            mapping[index] = "fte_required"
        if kind == "activities" and name == "name" and "activity" not in mapping.values():
            mapping[index] = "activity"
        if kind == "roster" and name == "end" and "contract_end" not in mapping.values():
            mapping[index] = "contract_end"
        if kind == "roster" and name == "fte" and "capacity" not in mapping.values():
            mapping[index] = "capacity"
        if kind == "milestones" and name == "name" and "owner" not in mapping.values():
            mapping[index] = "owner"
        if kind == "milestones" and name == "duty" and "milestone" not in mapping.values():
            mapping[index] = "milestone"
    return SheetLayout(layout.sheet, kind, layout.header_row, layout.headers, mapping, layout.scores, layout.score,
                       layout.detail)
