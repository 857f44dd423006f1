"""The flags a department head acts on, computed from a plan in one pass.

Kinds, severities and the unit of ``amount`` (details in each rule's module):

=====================  ===========================================  =====================
kind                   severity                                      amount
=====================  ===========================================  =====================
over_allocation        error if > 10% over on given FTEs, else       FTE-months over
                       warning (incl. over only through estimates)
contract_end_gap       error; warning when a date is uncertain       FTE-months uncovered
unassigned_handover    warning                                       FTE-months handed over
unfilled_demand        warning                                       FTE-months short, or
                                                                     people short (head count)
total_mismatch         warning                                       stated - sum of items
name_alias             warning                                       similarity (0-100)
conflicting_dates      warning (info when both dates are past)       days apart
uncertain_date         info                                          days the text allows
missing_data           info                                          duties without FTE
=====================  ===========================================  =====================

Dates on flags are inclusive. ``estimated`` is set when the amount rests on FTEs
estimated from duty cadences (``certainty`` is about dates). Nothing before the as-of date is flagged as a future
problem; what is still wrong today (a duty listed for someone gone) is flagged from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from effortplanner.core.plan import Plan
from effortplanner.analysis.aliases import alias_flags
from effortplanner.analysis.context import Context, build
from effortplanner.analysis.demand import demand_flags
from effortplanner.analysis.gaps import gap_flags
from effortplanner.analysis.model import FLAG_KINDS, KIND_TITLES, SEVERITIES, Flag
from effortplanner.analysis.flag_table import FIELDS, FlagTable, concat, flag_column
from effortplanner.analysis.overload import over_allocation_flags
from effortplanner.analysis.quality import conflict_flags, missing_flags, total_flags, uncertain_flags
from effortplanner.analysis.text import Names

__all__ = ["FLAG_KINDS", "KIND_TITLES", "SEVERITIES", "Flag", "FlagTable", "compute_flags", "flags_to_json",
           "has_errors"]

_RULES = (over_allocation_flags, gap_flags, demand_flags, total_flags, alias_flags, conflict_flags,
          uncertain_flags, missing_flags)


def compute_flags(plan: Plan, as_of: date | None = None, horizon: date | None = None) -> FlagTable:
    """Every flag of `plan` over [as_of, horizon], most severe first, then largest first.

    as_of/horizon default to the plan's settings, then to today and the end of the next
    fiscal year (see `window.plan_window`).
    """
    return flags_in(build(plan, as_of, horizon))


def flags_in(ctx: Context) -> FlagTable:
    """Every flag from an already built analysis context (the snapshot shares one context)."""
    names = Names(ctx.plan)
    return FlagTable(concat(rule(ctx, names) for rule in _RULES))


def has_errors(flags: Sequence[Flag]) -> bool:
    if isinstance(flags, FlagTable):
        return "error" in flags.column("severity")
    return any(f.severity == "error" for f in flags)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _amount(value: float | None) -> float | None:
    return None if value is None or value != value else round(float(value), 6)


def _records(names: Names, col: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Each flag of the columns as plain JSON data: display names for people/duties, ids beside
    them; names looked up a column at a time."""
    related = col["related"]
    duty_related = [k == "missing_data" for k in col["kind"]]
    # Duties are named by the flags' duty ids and by missing_data's related ids: one lookup for all.
    aids = col["duty"] + [a for r, d in zip(related, duty_related) if d for a in r]
    duty_names = dict(zip(aids, names.duties(aids)))
    return [{
        "kind": kind,
        "severity": severity,
        "person": names.person(person) if person is not None else None,
        "duty": duty_names[duty] if duty is not None else None,
        "activity": names.activity(activity) if activity is not None else None,
        "start": _iso(start),
        "end": _iso(end),
        "amount": _amount(amount),
        "message": message,
        "certainty": certainty,
        "estimated": estimated,
        "related": [duty_names[r] for r in rel] if by_duty else [names.person(r) for r in rel],
        "person_id": person,
        "duty_id": duty,
        "activity_id": activity,
        "related_ids": list(rel),
    } for kind, severity, person, duty, activity, start, end, amount, message, certainty, estimated, rel, by_duty
        in zip(col["kind"], col["severity"], col["person"], col["duty"], col["activity"], col["start"], col["end"],
               col["amount"], col["message"], col["certainty"], col["estimated"], related, duty_related)]


def flags_to_json(plan: Plan, flags: Sequence[Flag], as_of: date, horizon: date) -> dict[str, Any]:
    """{"as_of", "horizon", "flags": [...]} with ISO dates and display names (from the flags'
    columns: no `Flag` object is made for a `FlagTable`)."""
    names = Names(plan)
    return {"as_of": as_of.isoformat(), "horizon": horizon.isoformat(),
            "flags": _records(names, {name: flag_column(flags, name) for name in FIELDS})}
