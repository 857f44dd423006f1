"""The plan's tables as typed, sweep-ready frames: day numbers, filled FTEs, end kinds.

Every analysis starts here so that the rules for reading a plan (what a blank contract
end means, how a missing FTE is estimated, who counts as an intern) live in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from effortplanner.core.plan import Plan
from effortplanner.analysis.window import HI, LO, day_numbers
from effortplanner.core.duty_text import parse_disposition

CERT_RANK = {"exact": 0, "": 0, "approximate": 1, "uncertain": 2, "unknown": 3}
CERT_NAMES = ("exact", "approximate", "uncertain", "unknown")
_JUNIOR = re.compile(r"\b(?:intern|internship|associate)s?\b", re.I)


def _mapped(series: pd.Series, clean: Callable[[str], object], dtype: object = object) -> np.ndarray:
    """`clean` applied to each distinct value once (columns repeat a few values many times)."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    table = np.array([clean(str(u).strip()) for u in uniques] + [clean("")], dtype=dtype)
    return table[codes]  # code -1 (missing) takes the last entry, clean("")


def _all_text(values: np.ndarray) -> bool:
    """Whether every cell of an object array is a str (none missing): one pass in C, where
    `pd.isna` tests each of a column's thousands of strings against every kind of missing value."""
    return infer_dtype(values, skipna=False) == "string"


def _text(series: pd.Series) -> np.ndarray:
    """Text column as an object array of str, '' for None/NaN (cells are stored stripped)."""
    values = series.to_numpy(dtype=object, copy=True)
    if not _all_text(values):
        values[pd.isna(values)] = ""
    return values


def _text_and_blank(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`_text` of a column and `blank_texts` of it: blank where the text is empty or only spaces
    (one C pass each when every cell is text, or blank; else each distinct value tested once)."""
    texts = _text(series)
    try:
        spaces = np.fromiter(map(str.isspace, texts), dtype=bool, count=len(texts))
    except TypeError:  # a cell that is not text (a number): blank_texts decides per distinct value
        return texts, blank_texts(series)
    return texts, spaces | (texts == "")


def _ref(series: pd.Series) -> np.ndarray:
    """Reference column as an object array with None for no reference."""
    values = series.to_numpy(dtype=object, copy=True)
    if _all_text(values):
        values[values == ""] = None
        return values
    missing = pd.isna(values)
    values[missing] = None
    given = np.flatnonzero(~missing)
    values[given[values[given] == ""]] = None
    return values


def blank_texts(column: pd.Series) -> np.ndarray:
    """True where a cell holds no text (not a str, or only spaces), each distinct value tested once."""
    values = column.to_numpy(dtype=object)
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # an unhashable cell: test each one
        return np.array([not isinstance(v, str) or not v.strip() for v in values], dtype=bool)
    table = np.array([not isinstance(u, str) or not u.strip() for u in uniques] + [True], dtype=bool)
    return table[codes]  # code -1 (None, NaN, NaT): no text


def filled_dicts(column: pd.Series) -> np.ndarray:
    """True where a cell holds a non-empty dict (a row's unreadable cells), testing only filled cells."""
    values = column.to_numpy(dtype=object)
    out = np.zeros(len(values), dtype=bool)
    present = np.flatnonzero(pd.notna(values))
    out[present] = [isinstance(v, dict) and bool(v) for v in values[present].tolist()]
    return out


def frame(columns: dict[str, object], index: pd.Index | None = None) -> pd.DataFrame:
    """A DataFrame that keeps object arrays as object (no string-dtype inference).

    The arrays are taken as they are, one block each (no copy into consolidated blocks: that
    copy was most of the cost of building the analysis frames); pass arrays nothing else writes to.
    """
    if index is None:
        lengths = [len(v) for v in columns.values() if hasattr(v, "__len__") and not isinstance(v, str)]
        index = pd.RangeIndex(lengths[0] if lengths else 0)
    arrays = {k: _objects(v) if isinstance(v, list) else v for k, v in columns.items()}
    plain = [v for v in arrays.values() if isinstance(v, np.ndarray) and v.ndim == 1 and v.dtype.kind in _BLOCK_KINDS
             and len(v) == len(index)]
    if _from_blocks is not None and len(plain) == len(arrays):
        # Each array as its own block, as pandas would place it, without its per-column checks
        # (a tenth of the constructor's time; the analysis builds six such frames per run).
        blocks = [(v.reshape(1, -1), np.array([i], dtype=np.intp)) for i, v in enumerate(plain)]
        return _from_blocks(blocks, index=index, columns=pd.Index(list(arrays)))

    def column(v: object) -> object:
        if isinstance(v, np.ndarray) and v.dtype == object:
            return pd.Series(v, index=index, dtype=object, copy=False)
        return v

    return pd.DataFrame({k: column(v) for k, v in arrays.items()}, index=index, copy=False)


try:  # pandas >= 3.0: a frame from arrays taken as they are
    from pandas.api.internals import create_dataframe_from_blocks as _from_blocks
except ImportError:  # pragma: no cover - older pandas builds the frame column by column
    _from_blocks = None
_BLOCK_KINDS = frozenset("biufO")  # numpy kinds a block holds as it is (not datetimes, not numpy text)


def _objects(values: list[object]) -> np.ndarray:
    """A 1-d object array from a list, even when its items are tuples."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def cert_rank(series: pd.Series) -> np.ndarray:
    """Certainty words as ranks 0 (exact) .. 3 (unknown); blank counts as exact."""
    return _mapped(series, lambda t: CERT_RANK.get(t, 3), np.int8)


def roster(plan: Plan) -> pd.DataFrame:
    """People with availability as day numbers.

    Columns: name, group, role, start_day (LO when not given), end_day (last day;
    HI when open-ended or unknown), end_kind ('dated' | 'open' | 'unknown'), end_cert,
    start_cert (ranks), end_text, start_text, capacity (blank -> 1.0), junior (intern,
    associate or placeholder), placeholder.

    A blank contract end with text that was read as open-ended ('Permanent position')
    is 'open': no contract-end problem ever. A blank one with no text is 'unknown': we
    cannot tell, so no gap is raised (raising one for every permanent employee whose
    roster leaves the cell empty would bury the real ones).
    """
    people = plan.people
    end_text = _text(people["contract_end_text"])
    end_cert_words = _text(people["contract_end_certainty"])
    dated = people["contract_end"].notna().to_numpy()
    open_ended = ~dated & (end_text != "") & (end_cert_words != "unknown")
    # As object, like the other texts (a numpy text array would become a pandas str column: a conversion).
    end_kind = _END_KINDS[np.where(dated, 0, np.where(open_ended, 1, 2))]
    role = _text(people["role"])
    placeholder = _ticked(people["placeholder"])
    capacity = pd.to_numeric(people["capacity_fte"], errors="coerce").to_numpy(dtype=float)
    return frame({
        "name": _text(people["name"]),
        "group": _text(people["group"]),
        "role": role,
        "start_day": day_numbers(people["start"], LO),
        "end_day": day_numbers(people["contract_end"], HI),
        "end_kind": end_kind,
        "end_cert": cert_rank(people["contract_end_certainty"]),
        "start_cert": cert_rank(people["start_certainty"]),
        "end_text": end_text,
        "start_text": _text(people["start_text"]),
        "capacity": np.where(np.isnan(capacity), 1.0, capacity),
        "junior": _mapped(people["role"], lambda t: bool(_JUNIOR.search(t)), bool) | placeholder,
        "placeholder": placeholder,
    }, pd.Index(people.index, dtype=object, name="id"))


_END_KINDS = np.array(["dated", "open", "unknown"], dtype=object)


def _ticked(column: pd.Series) -> np.ndarray:
    """A yes/no column as bool, blank as no (a bool column as it is: no fill, no conversion)."""
    if column.dtype == bool:
        return column.to_numpy(dtype=bool)
    return column.fillna(False).astype(bool).to_numpy()


def cadence_estimates(plan: Plan, cadence: pd.Series) -> np.ndarray:
    """FTE a duty of each cadence is estimated at (plan.settings.cadence_fte); NaN if none.

    A blank cadence uses the table's "" or "default" entry when the plan has one.
    """
    table = dict(getattr(plan.settings, "cadence_fte", {}) or {})
    fallback = table.get("", table.get("default"))
    if fallback is not None:
        table[""] = fallback
    return _mapped(cadence, lambda k: table.get(k.lower(), np.nan), float)


def duties(plan: Plan) -> pd.DataFrame:
    """Assignments with filled FTEs and day numbers.

    Columns: person, successor, activity (ids or None), vo, duty, duty_blank (no duty text:
    `blank_texts`), fte (given, else the cadence estimate, else 0), estimated (FTE not given,
    or marked estimated), fte_missing (neither FTE nor a cadence to estimate it from),
    start_day (LO when not given: already running), end_day (last day; HI when ongoing),
    end_cert. What becomes of a duty when its owner leaves is read for the few that outlive
    their owner: `dispositions`.
    """
    table = plan.assignments
    given = pd.to_numeric(table["fte"], errors="coerce").to_numpy(dtype=float)
    has_given = ~np.isnan(given)
    # Estimates matter only where no FTE is given (a fifth of a department's duties).
    estimate = np.full(len(given), np.nan)
    unknown = np.flatnonzero(~has_given)
    if len(unknown):
        estimate[unknown] = cadence_estimates(plan, table["cadence"].iloc[unknown])
    fte = np.where(has_given, given, np.where(np.isnan(estimate), 0.0, estimate))
    marked = _ticked(table["fte_estimated"])
    duty, duty_blank = _text_and_blank(table["duty"])
    return frame({
        "person": _ref(table["person"]),
        "successor": _ref(table["successor"]),
        "activity": _ref(table["activity"]),
        "vo": _text(table["vo"]),
        "duty": duty,
        "duty_blank": duty_blank,
        "fte": fte,
        "estimated": marked | ~has_given,
        "fte_missing": ~has_given & np.isnan(estimate),
        "start_day": day_numbers(table["start"], LO),
        "end_day": day_numbers(table["end"], HI),
        "end_cert": cert_rank(table["end_certainty"]),
    }, pd.Index(table.index, dtype=object, name="id"))


def dispositions(assignments: pd.DataFrame, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(handover_to as text, '' for none; whether the disposition says the duty stops when its
    owner leaves) of the assignments at positions `rows`: read only for the duties that outlive
    their owner, a fraction of a department's."""
    handover = _text(assignments["handover_to"].iloc[rows])
    ends = _mapped(assignments["disposition"].iloc[rows], lambda t: bool(t) and parse_disposition(t).ends, bool)
    return handover, ends
