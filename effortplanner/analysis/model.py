"""The flag record and its vocabulary (kinds, severities), shared by every rule.

Kept apart from `flags` so the rule modules can build flags without importing the
module that runs them. Import `Flag` and `FLAG_KINDS` from `effortplanner.analysis.flags`.
Flags are listed in one order everywhere: `flag_table.sorted_order`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FLAG_KINDS: tuple[str, ...] = (
    "over_allocation",
    "contract_end_gap",
    "unassigned_handover",
    "unfilled_demand",
    "total_mismatch",
    "name_alias",
    "conflicting_dates",
    "uncertain_date",
    "missing_data",
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")  # most severe first
KIND_TITLES: dict[str, str] = {
    "over_allocation": "Over-allocation",
    "contract_end_gap": "Duties left without anyone when a contract ends",
    "unassigned_handover": "Duties handed to a group or an experiment with no person named",
    "unfilled_demand": "Activities not staffed as the plan requires",
    "total_mismatch": "Stated totals that differ from their items",
    "name_alias": "Probably the same person under two names",
    "conflicting_dates": "Sources that disagree on a date",
    "uncertain_date": "Dates that could not be pinned down",
    "missing_data": "Missing or unreadable values",
}


@dataclass(frozen=True)
class Flag:
    """One thing a department head should look at: what, how bad, who, which duty, when, how much.

    ``start``/``end`` are inclusive dates. ``amount`` is in the kind's own unit (see
    `effortplanner.analysis.flags`). ``certainty`` is the worst certainty of the dates
    the flag rests on ("exact", "approximate", "uncertain", "unknown"). ``related``
    holds other ids involved (successors, the other spelling of a name). ``estimated``
    says the amount rests on FTEs estimated from duty cadences.
    """

    kind: str
    severity: str
    person: str | None
    duty: str | None
    start: date | None
    end: date | None
    amount: float | None
    message: str
    certainty: str = "exact"
    related: tuple[str, ...] = ()
    activity: str | None = None  # activity id, for unfilled_demand
    estimated: bool = False  # amount rests on an FTE estimated from a cadence (or marked estimated)

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS:
            raise ValueError(f"unknown flag kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

