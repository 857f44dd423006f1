"""The import must be right before it is fast: an imported duty list against the generator's truth."""

from __future__ import annotations

import pandas as pd


def check_import(plan: object, dept: dict[str, object], file_label: str) -> list[str]:
    """Problems found comparing an imported duty list with the generator's truth ([] if none)."""
    problems: list[str] = []
    truth: pd.DataFrame = dept["assignments"]  # type: ignore[assignment]
    meta: dict[str, object] = dept["meta"]  # type: ignore[assignment]
    people = plan.people  # type: ignore[attr-defined]
    assignments = plan.assignments  # type: ignore[attr-defined]
    if len(assignments) != meta["assignments"]:
        problems.append(f"{file_label}: {len(assignments)} assignments, expected {meta['assignments']}")
    names = set(people["name"])
    expected = set(truth["name"])
    missing = expected - names
    extra = names - expected
    if missing:
        problems.append(f"{file_label}: {len(missing)} people missing, e.g. {sorted(missing)[:3]}")
    unexpected = extra - set(meta["variants"])  # type: ignore[arg-type]
    if unexpected:
        problems.append(f"{file_label}: {len(unexpected)} unexpected people, e.g. {sorted(unexpected)[:3]}")
    if len(people) != len(names):
        problems.append(f"{file_label}: {len(people) - len(names)} people listed twice")
    rows = assignments["source"].str.rsplit(":", n=1).str[1].astype(int)
    got = assignments["person"].map(people["name"])
    want = rows.map(truth.set_index("row")["name"])
    wrong = (got != want).sum()
    if wrong:
        problems.append(f"{file_label}: {wrong} assignments attributed to the wrong person")
    invalid = sum(1 for n in plan.notes if n.kind == "invalid")  # type: ignore[attr-defined]
    if invalid:
        problems.append(f"{file_label}: {invalid} cells not understood (invalid notes)")
    return problems
