"""Where a command-line name points: a file, or `PLAN.effortplan#SCENARIO`.

`#` is a legal character in file names, so a name is split at a `#` only when
the part before it is an existing plan file and no file has the whole name:
`hash#name.effortplan` is a plan called that, never scenario `name.effortplan` of a
plan called `hash`.
"""

from __future__ import annotations

from pathlib import Path

PLAN_SUFFIX = ".effortplan"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def split_scenario(text: str) -> tuple[str, str | None]:
    """(file name, scenario or None) for a name as typed."""
    if "#" not in text or Path(text).exists():
        return text, None
    at = text.find("#")
    while at >= 0:
        base, fragment = text[:at], text[at + 1:]
        if base.lower().endswith(PLAN_SUFFIX) and Path(base).is_file():
            return base, fragment or None
        at = text.find("#", at + 1)
    return text, None


def is_plan_name(text: str) -> bool:
    """True for a plan file, with or without a `#SCENARIO` part."""
    return split_scenario(text)[0].lower().endswith(PLAN_SUFFIX)


def is_server_url(text: str | Path) -> bool:
    """True for a PostgreSQL server's address (a shared plan or a Division), not a file."""
    return str(text).startswith(SERVER_SCHEMES)
