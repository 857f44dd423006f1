"""Which years a document's texts name: its title, sheet names and headers give the context year
that dates such as 'July 1st' are read in (see `io.importer.context_year`)."""

from __future__ import annotations

import functools
import re

_YEARS_RE = re.compile(r"\bfy[\s'-]*(\d{4}|\d{2})(?!\d)|(?<!\d)((?:19|2[01])\d{2})(?!\d)", re.IGNORECASE | re.ASCII)


def years_mentioned(text: str) -> list[int]:
    """4-digit years (1900-2199) and fiscal years (FY17 -> 2017) in order, repeats kept.

    Used to derive a document's context year (e.g. the most frequent one) from its title,
    sheet names or headers, so texts like 'July 1st' can be dated without guessing.
    """
    if not isinstance(text, str):
        return []
    return list(_years_in(text))


@functools.lru_cache(maxsize=8192)
def _years_in(text: str) -> tuple[int, ...]:
    """The scan itself, once per distinct text (sheets repeat a few hundred texts)."""
    years: list[int] = []
    for m in _YEARS_RE.finditer(text):
        if m.group(2):
            years.append(int(m.group(2)))
            continue
        tok = m.group(1)
        n = int(tok) + (0 if len(tok) == 4 else 2000 if int(tok) < 70 else 1900)
        if 1900 <= n <= 2199:
            years.append(n)
    return tuple(years)
