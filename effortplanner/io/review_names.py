"""What a review workbook is called and what a scenario's workbook says: plain text, no XlsxWriter, so the
export dialog can say it without loading the writer on the GUI thread (~100 ms the first time)."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def scenario_label(scenario: str | None) -> str:
    """What a workbook of a scenario says on every sheet, so a what-if never passes for the plan."""
    return f"Scenario: {scenario} — not the baseline" if scenario else ""


def review_file_name(plan_name: str, day: date, scenario: str | None = None) -> str:
    """A short suggested name: '<plan name> review <date>.xlsx' (with the scenario when there is one)."""
    name = " ".join(plan_name.split()) or "plan"
    if name.lower().endswith(".effortplan"):
        name = name[: -len(".effortplan")]
    if ", " in name:  # an import of several files: the first one names it
        name = Path(name.split(", ")[0]).stem
    name = "".join("-" if ch in '<>:"/\\|?*' else ch for ch in name)[:60].strip() or "plan"
    middle = f" {scenario}" if scenario else ""
    return f"{name}{middle} review {day.isoformat()}.xlsx"
