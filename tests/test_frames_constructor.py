"""analysis.frames.frame builds its frames from blocks where pandas offers it (pandas >= 3) and column by
column otherwise (pandas 2.x, which pyproject allows): both must give the same frames and the same flags."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from effortplanner.analysis import frames
from effortplanner.analysis.flags import compute_flags, flags_to_json


def _columns() -> dict[str, object]:
    return {"a": np.arange(4, dtype=np.int64), "b": np.array([0.5, np.nan, 1.0, 2.0]),
            "c": np.array(["x", None, ("t", 1), "y"], dtype=object), "d": np.array([True, False, True, True]),
            "e": ["p", "q", None, "r"]}


@pytest.fixture(params=["blocks", "columns"])
def constructor(request, monkeypatch) -> str:
    if request.param == "columns":
        monkeypatch.setattr(frames, "_from_blocks", None)
    elif frames._from_blocks is None:
        pytest.fail("this pandas has no create_dataframe_from_blocks: the blocks path is not tested")
    return str(request.param)


def test_a_frame_is_the_same_whichever_way_it_is_built(constructor) -> None:
    built = frames.frame(_columns())
    assert list(built.columns) == list("abcde")
    assert [str(t) for t in built.dtypes] == ["int64", "float64", "object", "bool", "object"]
    assert built["c"].tolist() == ["x", None, ("t", 1), "y"] and built["e"].tolist() == ["p", "q", None, "r"]
    pd.testing.assert_index_equal(built.index, pd.RangeIndex(4))


def test_the_seed_plans_flags_are_the_same_whichever_way_frames_are_built(seed_plan, monkeypatch) -> None:
    as_of, horizon = date(2016, 3, 30), date(2017, 9, 30)
    assert frames._from_blocks is not None  # pandas >= 3 here: the blocks path is the one the flags below take
    by_blocks = flags_to_json(seed_plan, compute_flags(seed_plan, as_of, horizon), as_of, horizon)
    monkeypatch.setattr(frames, "_from_blocks", None)
    plan = seed_plan.copy()
    by_columns = flags_to_json(plan, compute_flags(plan, as_of, horizon), as_of, horizon)
    assert len(by_blocks["flags"]) > 10 and by_columns == by_blocks
