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

from datetime import date
from typing import Any

from effortplanner.core.plan import Plan
from effortplanner.analysis.aliases import alias_flags
from effortplanner.analysis.context import Context, build
from effortplanner.analysis.demand import demand_flags
from effortplanner.analysis.gaps import gap_flags
from effortplanner.analysis.model import FLAG_KINDS, KIND_TITLES, SEVERITIES, Flag, concat, flags_from, sorted_order
from effortplanner.analysis.overload import over_allocation_flags
from effortplanner.analysis.quality import conflict_flags, missing_flags, total_flags, uncertain_flags
from effortplanner.analysis.text import Names

__all__ = ["FLAG_KINDS", "KIND_TITLES", "SEVERITIES", "Flag", "compute_flags", "flags_to_json", "has_errors"]

_RULES = (over_allocation_flags, gap_flags, demand_flags, total_flags, alias_flags, conflict_flags,
          uncertain_flags, missing_flags)


def compute_flags(plan: Plan, as_of: date | None = None, horizon: date | None = None) -> list[Flag]:
    """Every flag of `plan` over [as_of, horizon], most severe first, then largest first.

    as_of/horizon default to the plan's settings, then to today and the end of the next
    fiscal year (see `window.plan_window`).
    """
    return flags_in(build(plan, as_of, horizon))


def flags_in(ctx: Context) -> list[Flag]:
    """Every flag from an already built analysis context (the snapshot shares one context)."""
    names = Names(ctx.plan)
    table = concat(rule(ctx, names) for rule in _RULES)
    return flags_from(table, sorted_order(table))


def has_errors(flags: list[Flag]) -> bool:
    return any(f.severity == "error" for f in flags)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def flag_record(names: Names, flag: Flag) -> dict[str, Any]:
    """One flag as plain JSON data: display names for people/duties, ids beside them."""
    return {
        "kind": flag.kind,
        "severity": flag.severity,
        "person": names.person(flag.person) if flag.person is not None else None,
        "duty": names.duty(flag.duty) if flag.duty is not None else None,
        "activity": names.activity(flag.activity) if flag.activity is not None else None,
        "start": _iso(flag.start),
        "end": _iso(flag.end),
        "amount": None if flag.amount is None or flag.amount != flag.amount else round(float(flag.amount), 6),
        "message": flag.message,
        "certainty": flag.certainty,
        "estimated": flag.estimated,
        "related": [names.person(r) for r in flag.related] if flag.kind != "missing_data" else
        [names.duty(r) for r in flag.related],
        "person_id": flag.person,
        "duty_id": flag.duty,
        "activity_id": flag.activity,
        "related_ids": list(flag.related),
    }


def flags_to_json(plan: Plan, flags: list[Flag], as_of: date, horizon: date) -> dict[str, Any]:
    """{"as_of", "horizon", "flags": [...]} with ISO dates and display names."""
    names = Names(plan)
    return {"as_of": as_of.isoformat(), "horizon": horizon.isoformat(),
            "flags": [flag_record(names, f) for f in flags]}
