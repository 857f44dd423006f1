"""The five physical cells a date column stores for one parsed date.

Its own module so that readers (which only store dates) do not load the edit API
(`core/edits.py` re-exports it for edits).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from effortplanner.core.dates import FuzzyDate


@lru_cache(maxsize=16384)
def date_cells(column: str, parsed: FuzzyDate) -> dict[str, object]:
    """The five physical cells of a date column from a parsed date (cached: callers only read it)."""
    def ts(value: object) -> object:
        return pd.Timestamp(value) if value is not None else pd.NaT

    return {
        column: ts(parsed.value),
        f"{column}_text": parsed.text,
        f"{column}_certainty": parsed.certainty,
        f"{column}_earliest": ts(parsed.earliest),
        f"{column}_latest": ts(parsed.latest),
    }
