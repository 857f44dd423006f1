"""What a drag on the timeline does to the plan: `core.staffing.drop_change` (one Change, no Qt).

A drag can move a bar, change its start or end, and drop it on another person's row;
all of it becomes one Change, so one undo step undoes the whole drag.
"""

from __future__ import annotations

from datetime import date, timedelta

from effortplanner.core.staffing import KEEP, drop_change

__all__ = ["KEEP", "drop_change", "end_from_exclusive"]


def end_from_exclusive(boundary: date) -> date:
    """The plan's (inclusive) end date for a bar whose right edge is at `boundary`."""
    return boundary - timedelta(days=1)
