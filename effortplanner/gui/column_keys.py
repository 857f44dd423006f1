"""Sort ranks and text filters over a whole column of display texts, done per distinct text.

Why: a table of 50,000 duties shows a few hundred distinct VOs, duties and dates; even a
column of 50,000 distinct texts (sources, ids) is ranked by one numpy sort of fixed-width
strings. Ranking with Python comparisons or filtering row by row cost hundreds of
milliseconds to seconds a keystroke or a header click. No Qt here: the table models use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

# A fixed-width copy of the distinct texts is sorted in C when it takes at most this many bytes
# (numpy stores 4 bytes a character, padded to the longest text); else Python sorts them.
FIXED_WIDTH_BUDGET = 64 * 2**20


def _object_array(values: Sequence[object] | np.ndarray | pd.Series) -> np.ndarray:
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object)
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values
    return np.fromiter(values, dtype=object, count=len(values))


def dense_rank(texts: Sequence[str]) -> np.ndarray:
    """Each text's rank among the distinct texts, in Python's string order (equal texts, equal rank)."""
    if not texts:
        return np.zeros(0, dtype=np.int64)
    longest = max(map(len, texts))
    # numpy's fixed-width strings drop trailing NUL characters: such texts are sorted by Python.
    if len(texts) * max(longest, 1) * 4 <= FIXED_WIDTH_BUDGET and not any("\x00" in t for t in texts):
        _, inverse = np.unique(np.array(texts, dtype=f"<U{max(longest, 1)}"), return_inverse=True)
        return np.asarray(inverse, dtype=np.int64).reshape(-1)
    ordered = {t: i for i, t in enumerate(sorted(set(texts)))}
    return np.fromiter((ordered[t] for t in texts), dtype=np.int64, count=len(texts))


class TextColumn:
    """One column of display texts as a code per row into a list of texts, ranked and searched per text.

    The texts need not be distinct (two values may show alike); a code of -1 stands for
    `missing` (what a blank cell shows)."""

    def __init__(self, codes: np.ndarray, texts: Sequence[str], missing: str = "") -> None:
        self.texts: list[str] = [*texts, missing]
        self.codes = np.where(codes < 0, len(texts), codes) if len(codes) and codes.min() < 0 else codes
        self._ranks: np.ndarray | None = None
        self._lowered: list[str] | None = None

    @classmethod
    def of(cls, values: Sequence[object] | np.ndarray | pd.Series) -> TextColumn:
        """The column of the given texts (None: blank)."""
        codes, uniques = pd.factorize(_object_array(values))
        return cls(codes, uniques.tolist() if _all_texts(uniques) else [str(u) for u in uniques])

    def __len__(self) -> int:
        return len(self.codes)

    def row_texts(self) -> np.ndarray:
        """Every row's text (an object array)."""
        return np.array(self.texts, dtype=object)[self.codes]

    def ranks(self) -> np.ndarray:
        """Case-insensitive sort key of every row (an int)."""
        if self._ranks is None:
            self._ranks = dense_rank([t.casefold() for t in self.texts])[self.codes]
        return self._ranks

    def contains(self, needle: str) -> np.ndarray:
        """Rows whose text holds `needle`, case-insensitive."""
        if self._lowered is None:
            self._lowered = [t.lower() for t in self.texts]
        needle = needle.lower()
        return np.array([needle in t for t in self._lowered], dtype=bool)[self.codes]


def _all_texts(values: np.ndarray) -> bool:
    return set(map(type, values)) <= {str}


def by_distinct(values: np.ndarray, text: Callable[[Any], str], *, plain_texts: bool = False) -> TextColumn:
    """text(value) for each distinct value of a column (a blank: text(None)). With `plain_texts`,
    a column holding only texts shows them as they are (no call per distinct text)."""
    codes, uniques = pd.factorize(values)
    texts = uniques.tolist() if plain_texts and uniques.dtype == object and _all_texts(uniques) else \
        [text(u) for u in uniques]
    return TextColumn(codes, texts, text(None))
