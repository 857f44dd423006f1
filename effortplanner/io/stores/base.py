"""One small interface over where plans live: a `.effortplan` file or a PostgreSQL server.

A store opens a plan's scenarios with the revision each was loaded at, saves scenarios
on top of the revisions they were loaded at (refusing when someone saved since), and
lists what it holds. Callers pick a store by location (`store_for`): a path or a URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from effortplanner.core.scenarios import ScenarioSet
from effortplanner.io.errors import PlanWriteError


@dataclass
class Opened:
    """A plan as read from a store: its scenarios and the revision of each when read."""

    scenarios: ScenarioSet
    revisions: dict[str, int] = field(default_factory=dict)
    shown: str = ""  # where it came from, fit to show (never a password)


@dataclass(frozen=True)
class PlanInfo:
    name: str
    revision: int
    saved_by: str
    saved_at: datetime | None


class StaleRevision(PlanWriteError):
    """Someone saved the plan (scenario) after the revision being saved was loaded."""

    def __init__(self, *, shown: str, plan: str, scenario: str, loaded: int | None, current: int,
                 saved_by: str, saved_at: datetime | None) -> None:
        when = saved_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if saved_at else "an unknown time"
        base = f"you loaded revision {loaded}" if loaded is not None else "you did not load it from here"
        super().__init__(f"plan {plan!r} scenario {scenario!r} was saved by {saved_by or 'someone'} at {when} "
                         f"(revision {current}); {base}: reload it, save yours as a new scenario, or compare",
                         file=shown)
        self.plan, self.scenario, self.loaded, self.current = plan, scenario, loaded, current
        self.saved_by, self.saved_at = saved_by, saved_at


class AccessRefused(PlanWriteError):
    """The server refused a write: the login has no write grant for the plan."""


class PlanStore(Protocol):
    """Where a plan is opened from and saved to."""

    shown: str

    def open(self, password: str | None = None) -> Opened:
        """Every scenario of the plan, with the revision each was read at."""
        ...

    def save(self, scenarios: ScenarioSet, loaded: dict[str, int], password: str | None = None) -> dict[str, int]:
        """Save `scenarios` on top of the `loaded` revisions; the new revisions. Raises StaleRevision."""
        ...

    def list_plans(self, password: str | None = None) -> list[PlanInfo]:
        ...

    def list_scenarios(self, password: str | None = None) -> list[str]:
        ...
