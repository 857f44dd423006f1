"""Who could take over selected duties: candidates ranked by free capacity, contract and experience.

`reassign_candidates` ranks people for a set of duties. The period is the duties' own
span inside [as_of, horizon]: from the earliest start (or the as-of date) to the latest
end (or the horizon, for ongoing duties). Each candidate gets a score out of 100:

- capacity, up to 50: free FTE over the period (capacity minus their *peak* committed
  load there, so a busy month counts) against the FTE the duties need;
  50 x min(1, free / needed). Duties without an FTE count at their cadence estimate,
  and at least MIN_NEED.
- contract, up to 30: the share of the period the person is available (arrival to
  contract end) times 30 when the contract runs past the duties' end ("contract_ok"),
  times 15 when it does not (the duty would open a new gap when they leave). A
  contract end that is not known counts as running on ("contract_ok") but earns only
  UNKNOWN_END_SHARE of the points, since nobody can say.
- experience, up to 20: 10 points per duty they already hold (or will inherit) for
  the same VO (other than "All") or the same activity, and 10 for being in the
  group of the duties' owners, capped at 20.

People who leave before the period starts, and the duties' current owners, are not
candidates. Ties go to more free FTE, then by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from effortplanner.analysis.frames import duties as duty_frame
from effortplanner.analysis.frames import roster
from effortplanner.analysis.load import person_load
from effortplanner.analysis.window import HI, LO, day_date, day_number, plan_window
from effortplanner.core import edits
from effortplanner.core.edits import EditError
from effortplanner.core.names import normalise
from effortplanner.core.plan import Plan

MIN_NEED = 0.05  # FTE a duty with no FTE and no cadence is taken to need when ranking
CAPACITY_POINTS, CONTRACT_POINTS, EXPERIENCE_POINTS, POINTS_PER_MATCH = 50.0, 30.0, 20.0, 10.0
LEAVING_SHARE = 0.5  # of the contract points, for a person who leaves before the duties end
UNKNOWN_END_SHARE = 2 / 3  # of the contract points, for a person whose contract end nobody gave


@dataclass(frozen=True)
class Candidate:
    person: str  # person id
    name: str
    score: float  # 0-100, see the module docstring
    free_fte: float  # capacity minus peak committed load over the period
    contract_ok: bool  # available to the end of the period
    experience: int  # duties they hold with the same VO or activity, plus 1 for the same group
    reasons: list[str] = field(default_factory=list)
    placeholder: bool = False


# --- fill a placeholder ---------------------------------------------------------------------------
def _held_counts(duty: pd.DataFrame, mask: pd.Series | None) -> dict[str, int]:
    """person id -> how many of the masked duties they hold or will inherit (each duty once)."""
    if mask is None or not mask.any():
        return {}
    chosen = duty[mask.to_numpy()]
    pairs = pd.DataFrame({"duty": np.concatenate([chosen.index.to_numpy(dtype=object)] * 2),
                          "person": np.concatenate([chosen["person"].to_numpy(dtype=object),
                                                    chosen["successor"].to_numpy(dtype=object)])})
    pairs = pairs[pairs["person"].notna()].drop_duplicates()
    return {str(k): int(v) for k, v in pairs["person"].value_counts().items()}


# --- candidates ---------------------------------------------------------------------------------------
def reassign_candidates(plan: Plan, assignment_ids: Sequence[str], as_of: date | None = None,
                        horizon: date | None = None) -> list[Candidate]:
    """People who could take over the given duties, best first (scoring in the module docstring)."""

    ids = list(dict.fromkeys(assignment_ids))
    missing = [a for a in ids if a not in plan.assignments.index]
    if missing:
        raise EditError(f"no assignment {missing[0]}", table="assignments", row_id=missing[0])
    if not ids:
        return []
    start, end = plan_window(plan, as_of, horizon)
    first, last = day_number(start), day_number(end)
    duty = duty_frame(plan)
    chosen = duty.loc[ids]
    period_start = max(first, int(chosen["start_day"].min()))
    period_end = min(last, int(chosen["end_day"].max()))
    if period_end < period_start:  # the duties are over: rank for the window instead
        period_start, period_end = first, last
    need = float(np.maximum(chosen["fte"].to_numpy(dtype=float), MIN_NEED).sum())

    # committed load without the chosen duties (a candidate who already inherits one is not counted twice)
    rest = plan.copy()
    edits.remove_rows(rest, "assignments", ids)
    load = person_load(rest, day_date(period_start), day_date(period_end))
    people = roster(plan)
    owners = set(chosen["person"].dropna())
    vos = {normalise(v) for v in chosen["vo"] if v and normalise(v) not in ("all", "")}
    activities = set(chosen["activity"].dropna())
    groups = {people.at[o, "group"] for o in owners if o in people.index and people.at[o, "group"]}
    peaks = load.groupby("person")["load"].max().to_dict() if len(load) else {}
    others = duty.drop(index=ids)
    same_vo_count = _held_counts(others, others["vo"].map(normalise).isin(vos) if vos else None)
    same_act_count = _held_counts(others, others["activity"].isin(activities) if activities else None)
    shown_vos = "/".join(sorted({str(v) for v in chosen["vo"] if normalise(str(v)) in vos}))
    out: list[Candidate] = []
    for pid, name, group, p_start, p_end, kind, capacity, placeholder in zip(
            people.index, people["name"], people["group"], people["start_day"].to_numpy(),
            people["end_day"].to_numpy(), people["end_kind"], people["capacity"].to_numpy(dtype=float),
            people["placeholder"]):
        p_start, p_end = int(p_start), int(p_end)
        if pid in owners or p_end < period_start:
            continue
        reasons: list[str] = []
        peak = float(peaks.get(pid, 0.0))
        free = round(float(capacity) - peak, 4)
        reasons.append(f"{free:.2f} FTE free over the period (needs {need:.2f})" if free > 0 else
                       f"already fully committed over the period (peak {peak:.2f} of {capacity:.2f} FTE)")
        covered_from, covered_to = max(p_start, period_start), min(p_end, period_end)
        share = max(0, covered_to - covered_from + 1) / (period_end - period_start + 1)
        contract_ok = p_end >= period_end
        if p_end == HI:
            reasons.append("permanent position" if kind == "open" else "no contract end known")
            if kind != "open":
                share *= UNKNOWN_END_SHARE
        elif contract_ok:
            reasons.append(f"contract runs to {day_date(p_end).isoformat()}, past the duties' end")
        else:
            reasons.append(f"leaves on {day_date(p_end).isoformat()}, before the duties end")
            share *= LEAVING_SHARE
        if p_start != LO and p_start > period_start:
            reasons.append(f"arrives on {day_date(p_start).isoformat()}, after the duties start")
        same_vo, same_act = same_vo_count.get(pid, 0), same_act_count.get(pid, 0)
        same_group = bool(group) and group in groups
        if same_vo:
            reasons.append(f"{same_vo} other {shown_vos} dut{'y' if same_vo == 1 else 'ies'}")
        if same_act:
            reasons.append(f"{same_act} dut{'y' if same_act == 1 else 'ies'} on the same activity")
        if same_group:
            reasons.append(f"same group ({group})")
        if placeholder:
            reasons.append("a role still to be filled")
        experience = same_vo + same_act + int(same_group)
        score = (CAPACITY_POINTS * min(1.0, max(free, 0.0) / need)
                 + CONTRACT_POINTS * share
                 + min(EXPERIENCE_POINTS, POINTS_PER_MATCH * experience))
        out.append(Candidate(pid, str(name), round(score, 1), free, contract_ok, experience, reasons,
                             bool(placeholder)))
    out.sort(key=lambda c: (-c.score, -c.free_fte, c.name.casefold()))
    return out
