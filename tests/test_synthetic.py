"""The synthetic department of the benchmark, small: the generator's truth survives an import.

No timings here (those are in tests/benchmarks/run.py): only that the generator is
deterministic and that what it writes imports as what it meant.
"""

from __future__ import annotations

import math
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from effortplanner.io.importer import import_files

# `python -m pytest` puts the repository root on sys.path, the `pytest` script does not.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.benchmarks.synthetic import DUTY_HEADER, make_department, write_department  # noqa: E402

PEOPLE, ASSIGNMENTS, SEED = 30, 200, 1


@pytest.fixture(scope="module")
def department():
    return make_department(people=PEOPLE, assignments=ASSIGNMENTS, years=5, seed=SEED)


@pytest.fixture(scope="module")
def files(department, tmp_path_factory):
    return write_department(tmp_path_factory.mktemp("synthetic"), department=department)


@pytest.fixture(scope="module", params=["duties.xlsx", "duties.csv"])
def imported(request, files):
    return request.param, import_files([files[request.param]])


def _rows_of(plan) -> pd.Series:
    """Sheet row (1-based) each assignment came from, from its source 'file:sheet:row'."""
    return plan.assignments["source"].str.rsplit(":", n=1).str[1].astype(int)


def _truth_by_row(department) -> pd.DataFrame:
    return department["assignments"].set_index("row")


def _same_date_text(written: object, imported: str) -> bool:
    if isinstance(written, datetime):
        return imported == written.date().isoformat()
    return imported == written


# --- the generator ---------------------------------------------------------------------------------
def test_generator_is_deterministic(tmp_path):
    a = make_department(people=PEOPLE, assignments=ASSIGNMENTS, seed=SEED)
    b = make_department(people=PEOPLE, assignments=ASSIGNMENTS, seed=SEED)
    assert a["duties"] == b["duties"]
    assert a["roster"] == b["roster"]
    pd.testing.assert_frame_equal(a["assignments"], b["assignments"])
    pd.testing.assert_frame_equal(a["people"], b["people"])
    assert a["meta"] == b["meta"]
    other = make_department(people=PEOPLE, assignments=ASSIGNMENTS, seed=SEED + 1)
    assert other["duties"] != a["duties"]
    # The files too (csv byte for byte; xlsx stamps its creation time, so compare cells).
    first = write_department(tmp_path / "one", people=PEOPLE, assignments=ASSIGNMENTS, seed=SEED)
    second = write_department(tmp_path / "two", people=PEOPLE, assignments=ASSIGNMENTS, seed=SEED)
    for name in ("duties.csv", "people.csv"):
        assert first[name].read_bytes() == second[name].read_bytes()
    from python_calamine import CalamineWorkbook

    for name in ("duties.xlsx", "people.xlsx"):
        cells = [CalamineWorkbook.from_path(str(p[name])).get_sheet_by_index(0).to_python() for p in (first, second)]
        assert cells[0] == cells[1]


def test_generator_shape(department):
    meta, truth, people = department["meta"], department["assignments"], department["people"]
    assert meta["people"] == PEOPLE and len(people) == PEOPLE
    assert meta["assignments"] == ASSIGNMENTS == len(truth)
    assert people["name"].is_unique
    assert (people["duties"] >= 1).all()  # more assignments than people: everyone has a block
    assert department["duties"][0] == DUTY_HEADER
    assert len(department["roster"]) == PEOPLE + 1
    # Block layout: the name only on a block's first row; continuation rows leave it blank.
    written = department["duties"]
    for record in truth.itertuples():
        row = written[record.row - 1]
        assert row[0] == (record.name if record.first_of_block else "")
        if not record.first_of_block:
            assert row[6] == ""  # End of Contract only on the first row of the block
    assert (~truth["first_of_block"]).sum() == ASSIGNMENTS - PEOPLE
    assert (truth["vo_written"] == "").sum() > 0  # continuation rows mostly leave VO blank
    # FTE: about a fifth blank, some written as percentages.
    blank_fte = (truth["fte"] == "").mean()
    assert 0.1 < blank_fte < 0.3
    assert truth["fte"].map(lambda v: isinstance(v, str) and v.endswith("%")).any()
    assert meta["variants"], "this seed should misspell at least one successor"
    assert truth["successor_variant"].sum() >= 1


def test_date_texts_repeat_at_full_scale():
    """Over a whole department a few hundred date texts fill tens of thousands of cells."""
    meta = make_department()["meta"]
    assert meta["people"] == 2000 and meta["assignments"] == 20000
    assert meta["date_cells"] > 20000
    assert 100 <= meta["distinct_date_texts"] <= 500
    assert 100 <= meta["distinct_duties"] <= 600


# --- the import --------------------------------------------------------------------------------------
def test_import_counts(imported, department):
    name, plan = imported
    meta = department["meta"]
    assert len(plan.assignments) == meta["assignments"], name
    names = set(plan.people["name"])
    assert plan.people["name"].is_unique
    truth_names = set(department["people"]["name"])
    assert truth_names <= names
    # A misspelt successor is either linked to the person meant or kept as a person of its own;
    # no other person may appear.
    assert names - truth_names <= set(meta["variants"])
    assert meta["people_with_duties"] <= len(plan.people) <= meta["expected_people_duties_only"]
    assert not [n for n in plan.notes if n.kind == "invalid"], "every synthetic date and FTE must read"


def test_block_rows_belong_to_their_person(imported, department):
    name, plan = imported
    truth = _truth_by_row(department)
    rows = _rows_of(plan)
    assert sorted(rows) == sorted(truth.index)
    got = plan.assignments["person"].map(plan.people["name"])
    want = rows.map(truth["name"])
    wrong = got[got != want]
    assert wrong.empty, f"{name}: {len(wrong)} rows given to the wrong person, e.g. {wrong.head(3).to_dict()}"
    continuation = rows.map(truth["first_of_block"]) == False  # noqa: E712
    assert continuation.sum() == ASSIGNMENTS - PEOPLE
    # The VO given once holds for the following duties of the same person.
    assert (plan.assignments["vo"] == rows.map(truth["vo"])).all()


def test_cells_read_as_written(imported, department):
    name, plan = imported
    truth = _truth_by_row(department)
    rows = _rows_of(plan)
    a = plan.assignments.assign(row=rows.to_numpy()).set_index("row")
    for row, record in truth.iterrows():
        got = a.loc[row]
        if math.isnan(record["fte_value"]):
            assert math.isnan(got["fte"]), (name, row)
        else:
            assert got["fte"] == pytest.approx(record["fte_value"]), (name, row)
        assert _same_date_text(record["start"], got["start_text"]), (name, row, record["start"], got["start_text"])
        assert _same_date_text(record["end"], got["end_text"]), (name, row, record["end"], got["end_text"])
        assert got["disposition"] == record["disposition"]
        if record["start"] != "" and record["end"] != "":
            assert got["start"] <= got["end"], (name, row)  # the generator writes ends after starts
    people = plan.people.set_index("name")
    for person in department["people"].itertuples():
        written = person.contract_end
        if isinstance(written, str) and (not written or written.startswith("Arrives")):
            continue
        assert _same_date_text(written, people.at[person.name, "contract_end_text"]), person.name


def test_date_texts_repeat(tmp_path):
    dept = make_department(people=20, assignments=300, years=1, seed=SEED)
    paths = write_department(tmp_path, department=dept)
    plan = import_files([paths["duties.xlsx"]])
    texts = pd.concat([plan.assignments["start_text"], plan.assignments["end_text"]])
    texts = texts[texts != ""]
    assert len(texts) == dept["meta"]["date_cells"]
    assert texts.nunique() == dept["meta"]["distinct_date_texts"]
    assert texts.nunique() * 4 < len(texts), "date texts should repeat"


def test_roster_and_duty_list_together(files, department):
    plan = import_files([files["duties.xlsx"], files["people.xlsx"]])
    duties_only = import_files([files["duties.xlsx"]])
    meta = department["meta"]
    # The roster adds no one: it lists the people the duty list already names.
    assert len(plan.people) == len(duties_only.people)
    assert len(plan.assignments) == meta["assignments"]
    assert not [n for n in plan.notes if n.kind == "conflict"], "roster and duty list agree by construction"
    people = plan.people.set_index("name")
    capacity = {"100%": 1.0, "50%": 0.5, "20%": 0.2}
    for person in department["people"].itertuples():
        assert people.at[person.name, "group"] == person.group
        assert people.at[person.name, "role"] == person.role
        assert people.at[person.name, "capacity_fte"] == pytest.approx(capacity[person.availability])
