"""Counts in words the window shows: "1 error", "2 errors", "1 flag resolved"."""

from __future__ import annotations


def count(n: int, word: str, plural: str | None = None) -> str:
    """`n` and the word, in the singular for exactly one."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"
