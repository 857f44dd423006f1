"""The baselines our figures stand beside: reading the sheet with python-calamine or pandas, and the
over-allocation flags computed the obvious way (one row per assignment-day)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd


def calamine_read(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def pandas_read(path: Path) -> pd.DataFrame:
    return pd.read_excel(path, engine="calamine")


def naive_overallocation(plan: object, as_of: date, horizon: date, literal: bool = False,
                         summed_by: str = "groupby") -> pd.Series:
    """Over-allocated (person, day) loads by expanding every assignment into one row per day.

    The rules follow the plan's reading of a duty: FTE as given, else the cadence estimate
    (plan.settings.cadence_fte), else 0; a blank start means "already running", a blank end
    "ongoing"; days are inclusive and clipped to [as_of, horizon]; capacity is 1.0.

    The rows are made with np.repeat (one row per assignment-day, built at C speed); with
    `literal`, as a first attempt would: a pd.date_range per assignment, then
    DataFrame.explode. Both give the same days; the literal one is several times slower,
    so the default baseline is the stronger (faster) one. `summed_by="bincount"` sums the
    same rows with np.bincount instead of a groupby: the strongest form, printed beside.
    """
    a = plan.assignments  # type: ignore[attr-defined]
    cadence_fte = plan.settings.cadence_fte  # type: ignore[attr-defined]
    fte = a["fte"].astype(float).fillna(a["cadence"].map(cadence_fte).astype(float)).fillna(0.0)
    lo, hi = pd.Timestamp(as_of), pd.Timestamp(horizon)
    start = a["start"].fillna(lo).clip(lower=lo)
    end = a["end"].fillna(hi).clip(upper=hi)
    keep = a["person"].notna().to_numpy() & (start <= end).to_numpy() & (fte > 0).to_numpy()
    if literal:
        rows = pd.DataFrame({"person": a["person"], "fte": fte,
                             "day": [pd.date_range(s, e, freq="D") for s, e in zip(start, end)]})[keep]
        load = rows.explode("day").groupby(["person", "day"], sort=False)["fte"].sum()
        return load[load > 1.0 + 1e-9]
    start_day = start.to_numpy()[keep].astype("datetime64[D]").astype(np.int64)
    days = (end.to_numpy()[keep].astype("datetime64[D]").astype(np.int64) - start_day) + 1
    total = int(days.sum())
    first_row = np.repeat(np.cumsum(days) - days, days)
    frame = pd.DataFrame({
        "person": np.repeat(a["person"].to_numpy()[keep], days),
        "day": np.repeat(start_day, days) + (np.arange(total) - first_row),
        "fte": np.repeat(fte.to_numpy()[keep], days),
    })
    if summed_by == "bincount":
        # The same rows summed at C speed: person codes x day offsets as one integer key.
        codes, _people = pd.factorize(frame["person"])
        day0 = int(frame["day"].min()) if total else 0
        span = int(frame["day"].max()) - day0 + 1 if total else 1
        sums = np.bincount(codes * span + (frame["day"].to_numpy() - day0), weights=frame["fte"].to_numpy())
        over_keys = np.flatnonzero(sums > 1.0 + 1e-9)
        return pd.Series(sums[over_keys], index=over_keys)
    load = frame.groupby(["person", "day"], sort=False)["fte"].sum()
    return load[load > 1.0 + 1e-9]
