"""Scenarios: a baseline and named alternatives, each a whole plan with its own change log.

A scenario is created as a deep copy of another (its *parent*), then edited on its
own through `effortplanner.core.edits`; every edit's `Change` is recorded in the
active scenario's log with when it was made and, optionally, why. Pure: no Qt, no
files (`effortplanner.io.scenario_file` saves and loads a whole set).

    scenarios = ScenarioSet(plan)                        # "Baseline", active
    scenarios.create("Michele takes the keep-up")        # a copy of the active scenario
    scenarios.switch("Michele takes the keep-up")
    change = staffing.reassign(scenarios.plan, ["A6"], "Michele Fattoruso")
    scenarios.record(change, note="Paola leaves in July")

Names are trimmed, non-empty, at most NAME_MAX characters, without line breaks, and
unique regardless of case. The baseline is always first and cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from effortplanner.core.edits import Change
from effortplanner.core.history import DEFAULT_LIMIT, History, Step
from effortplanner.core.plan import Plan

BASELINE = "Baseline"
NAME_MAX = 100


class ScenarioError(ValueError):
    """A scenario operation that was refused; the message says why, in the user's words."""


def now() -> datetime:
    """The time stamps of scenarios and log entries: aware UTC, whole seconds."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass
class LogEntry:
    """One recorded edit: when, what (the change's own sentence), why (the user's note)."""

    at: datetime
    description: str
    note: str
    change: Change


@dataclass
class Scenario:
    name: str
    plan: Plan
    description: str = ""
    parent: str | None = None  # the scenario it was copied from (None for the baseline)
    created: datetime = field(default_factory=now)
    log: list[LogEntry] = field(default_factory=list)
    history: History = field(default_factory=History)  # undo/redo; its edits are the log's entries


class ScenarioSet:
    """The scenarios of one plan file, in order (baseline first), one of them active."""

    history_limit: int = DEFAULT_LIMIT  # undo steps kept per scenario (`set_history_limit`)

    def __init__(self, baseline: Plan | None = None, name: str = BASELINE, description: str = "") -> None:
        first = Scenario(self._valid_name(name, set()), baseline if baseline is not None else Plan(), description)
        self._items: list[Scenario] = [first]
        self.active: str = first.name

    @classmethod
    def from_scenarios(cls, scenarios: list[Scenario], active: str | None = None) -> ScenarioSet:
        """A set from existing scenarios (a loaded file): the first is the baseline."""
        if not scenarios:
            raise ScenarioError("a plan needs at least its baseline scenario")
        out = cls.__new__(cls)
        out._items = []
        for scenario in scenarios:
            scenario.name = out._valid_name(scenario.name, {s.name.casefold() for s in out._items})
            if not scenario.history.done and scenario.log:  # a reloaded file: undo its last logged edits
                scenario.history = _logged_history(scenario, out.history_limit)
            out._items.append(scenario)
        out.active = scenarios[0].name
        if active is not None:
            out.switch(active)
        return out

    # --- reading -----------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [s.name for s in self._items]

    @property
    def baseline(self) -> Scenario:
        return self._items[0]

    @property
    def current(self) -> Scenario:
        """The active scenario."""
        return self[self.active]

    @property
    def plan(self) -> Plan:
        """The active scenario's plan: the one edits go to."""
        return self.current.plan

    def __getitem__(self, name: str) -> Scenario:
        for scenario in self._items:
            if scenario.name == name:
                return scenario
        raise ScenarioError(f"there is no scenario {name!r} (there are: {', '.join(self.names)})")

    def __contains__(self, name: object) -> bool:
        return any(s.name == name for s in self._items)

    def __iter__(self) -> Iterator[Scenario]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def copy(self) -> ScenarioSet:
        """An independent copy (plans copied, logs listed anew) for work on another thread."""
        items = [Scenario(s.name, s.plan.copy(), s.description, s.parent, s.created, list(s.log)) for s in self._items]
        return ScenarioSet.from_scenarios(items, self.active)

    def plans(self) -> dict[str, Plan]:
        """name -> plan, in order (what `planfile.save_plans` takes)."""
        return {s.name: s.plan for s in self._items}

    def lineage(self, name: str) -> list[str]:
        """The scenario and its ancestors, nearest first: ['Option B', 'Option A', 'Baseline']."""
        out: list[str] = []
        current: str | None = name
        while current is not None and current in self and current not in out:
            out.append(current)
            current = self[current].parent
        return out

    def log_between(self, base: str, other: str) -> list[tuple[str, LogEntry]]:
        """(scenario, entry) for the edits that lead from `base` to `other`: the logs of `other` and its
        ancestors that are not also `base`'s ancestors, oldest scenario first."""
        shared = set(self.lineage(base))
        path = [name for name in self.lineage(other) if name not in shared]
        return [(name, entry) for name in reversed(path) for entry in self[name].log]

    # --- changing the set ------------------------------------------------------------------
    def create(self, name: str, from_name: str | None = None, description: str = "") -> Scenario:
        """A new scenario, a deep copy of `from_name` (default: the active scenario), appended last.

        The new scenario's log starts empty: it records what is done *in* it.
        """
        source = self[from_name if from_name is not None else self.active]
        scenario = Scenario(self._valid_name(name, self._taken()), source.plan.copy(), description.strip(),
                            parent=source.name, history=History(self.history_limit))
        self._items.append(scenario)
        return scenario

    def duplicate(self, name: str, new_name: str | None = None) -> Scenario:
        """A copy of a scenario placed right after it: same description, "<name> (copy)" by default."""
        source = self[name]
        target = new_name if new_name is not None else self._free_name(f"{source.name} (copy)")
        scenario = Scenario(self._valid_name(target, self._taken()), source.plan.copy(), source.description,
                            parent=source.name, history=History(self.history_limit))
        self._items.insert(self._items.index(source) + 1, scenario)
        return scenario

    def rename(self, old: str, new: str) -> Scenario:
        scenario = self[old]
        new = self._valid_name(new, self._taken() - {old.casefold()})
        for other in self._items:
            if other.parent == old:
                other.parent = new
        scenario.name = new
        if self.active == old:
            self.active = new
        return scenario

    def describe(self, name: str, description: str) -> None:
        self[name].description = description.strip()

    def delete(self, name: str) -> Scenario:
        """Remove a scenario (never the baseline). Its children now derive from its parent;
        if it was active, its parent (or the baseline) becomes active."""
        scenario = self[name]
        if scenario is self.baseline:
            raise ScenarioError(f"the baseline {name!r} cannot be deleted; it is what scenarios are compared with")
        self._items.remove(scenario)
        for other in self._items:
            if other.parent == name:
                other.parent = scenario.parent
        if self.active == name:
            self.active = scenario.parent if scenario.parent is not None and scenario.parent in self \
                else self.baseline.name
        return scenario

    def move(self, name: str, position: int) -> None:
        """Reorder: put a scenario at `position` (1 or more: the baseline stays first)."""
        scenario = self[name]
        if scenario is self.baseline:
            raise ScenarioError("the baseline stays first")
        self._items.remove(scenario)
        self._items.insert(min(max(position, 1), len(self._items)), scenario)

    def switch(self, name: str) -> Scenario:
        scenario = self[name]
        self.active = scenario.name
        return scenario

    def set_history_limit(self, limit: int) -> None:
        """Keep the last `limit` undo steps in every scenario (the user's setting). A history that is
        still its change log's tail (a reloaded plan; no import since, nothing to redo) is rebuilt from
        the log, so a longer limit brings older logged edits back within reach of undo."""
        self.history_limit = max(limit, 0)
        for scenario in self._items:
            if scenario.history.is_log_tail:
                scenario.history = _logged_history(scenario, self.history_limit)
            else:
                scenario.history.resize(self.history_limit)

    # --- change logs -------------------------------------------------------------------------
    def record(self, change: Change, note: str = "", at: datetime | None = None,
               scenario: str | None = None) -> LogEntry | None:
        """Log an applied change in the active scenario (or `scenario`); empty changes are not logged."""
        if not change:
            return None
        entry = LogEntry(at or now(), change.description, note.strip(), change)
        target = self[scenario if scenario is not None else self.active]
        target.log.append(entry)
        target.history.push(Step(entry.description, entry.note, entry.at, change))
        return entry

    def replace_plan(self, plan: Plan, description: str, note: str = "", scenario: str | None = None) -> Step:
        """Show another plan in a scenario (an import into the open plan) as one undoable step."""
        target = self[scenario if scenario is not None else self.active]
        step = target.history.push(Step(description, note.strip(), now(), before=target.plan, after=plan))
        target.plan = plan
        return step

    def undo(self, scenario: str | None = None) -> Step:
        """Take back the scenario's last step (its log entry goes, the note stays with the step)."""
        target = self[scenario if scenario is not None else self.active]
        step, target.plan = target.history.undo(target.plan)
        if step.change is not None:
            self.withdraw(step.change, target.name)
        return step

    def redo(self, scenario: str | None = None) -> Step:
        """Carry out the last undone step again, logged with its original note and time."""
        target = self[scenario if scenario is not None else self.active]
        step, target.plan = target.history.redo(target.plan)
        if step.change is not None:
            target.log.append(LogEntry(step.at, step.description, step.note, step.change))
        return step

    def withdraw(self, change: Change, scenario: str | None = None) -> bool:
        """Forget the latest log entry of `change` (its edit was undone). False when it is not logged.

        `undo` calls this and `redo` logs the step again, so the log keeps what the
        scenario holds now, not every back-and-forth.
        """
        log = self[scenario if scenario is not None else self.active].log
        for i in range(len(log) - 1, -1, -1):
            if log[i].change is change or log[i].change == change:
                del log[i]
                return True
        return False

    def annotate(self, index: int, note: str, scenario: str | None = None) -> LogEntry:
        """Set or replace the note (the why) of a log entry."""
        log = self[scenario if scenario is not None else self.active].log
        if not -len(log) <= index < len(log):
            raise ScenarioError(f"the change log has no entry {index}")
        log[index].note = note.strip()
        for step in self[scenario if scenario is not None else self.active].history.done:
            if step.change is log[index].change:
                step.note = log[index].note
        return log[index]

    # --- names ---------------------------------------------------------------------------------
    def _taken(self) -> set[str]:
        return {s.name.casefold() for s in self._items}

    def _free_name(self, wanted: str) -> str:
        taken, candidate, n = self._taken(), wanted, 2
        while candidate.casefold() in taken:
            candidate = f"{wanted} {n}"
            n += 1
        return candidate

    @staticmethod
    def _valid_name(name: object, taken: set[str]) -> str:
        if not isinstance(name, str):
            raise ScenarioError("a scenario name must be text")
        text = name.strip()
        if not text:
            raise ScenarioError("a scenario needs a name")
        if any(ch in text for ch in "\r\n\t") or not text.isprintable():
            raise ScenarioError(f"a scenario name must be one line of text, not {name!r}")
        if len(text) > NAME_MAX:
            raise ScenarioError(f"a scenario name can have at most {NAME_MAX} characters ({len(text)} given)")
        if text.casefold() in taken:
            raise ScenarioError(f"there is already a scenario called {text!r}; choose another name")
        return text


def _logged_history(scenario: Scenario, limit: int) -> History:
    """The undo history of the scenario's last `limit` logged edits, notes and times included."""
    return History.from_steps((Step(e.description, e.note, e.at, e.change) for e in scenario.log), limit)
