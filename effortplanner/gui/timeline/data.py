"""What the timeline draws: the types of `analysis.snapshot`, read from the one snapshot per revision.

The rows, bars, hand-overs and load strips are computed in `effortplanner.analysis`
(pure, tested without Qt); this module only names them for the timeline's painters.
"""

from __future__ import annotations

from effortplanner.analysis.snapshot import Bars, Ghost, Milestone, Person, TimelineData, changed_people, snapshot
from effortplanner.core.plan import Plan

__all__ = ["Bars", "Ghost", "Milestone", "Person", "TimelineData", "changed_people", "timeline_data"]


def timeline_data(plan: Plan) -> TimelineData:
    """The timeline rows of the plan's current revision (shared with the other views: do not modify)."""
    return snapshot(plan).timeline
