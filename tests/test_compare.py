"""Comparing two plans: by id (scenarios of one file) and by content (separate spreadsheets)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from effortplanner.core import edits, staffing
from effortplanner.analysis.compare import compare
from effortplanner.analysis.compare_match import choose_mode
from effortplanner.analysis.compare_text import format_comparison
from effortplanner.core.plan import Plan, PlanSettings
from effortplanner.core.scenarios import ScenarioSet
from effortplanner.io.compare_workbook import export_comparison
from effortplanner.io.importer import import_files

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
AS_OF, HORIZON = date(2016, 3, 30), date(2017, 9, 30)
JSON_KEYS = {"added", "removed", "moved", "changed", "flags_resolved", "flags_introduced", "fte_delta"}


def _plan(people: list[dict], duties: list[dict]) -> Plan:
    plan = Plan(PlanSettings(as_of=date(2016, 4, 1), horizon=date(2016, 12, 31)))
    edits.add_rows(plan, "people", people)
    edits.add_rows(plan, "assignments", duties)
    return plan


PEOPLE = [{"name": "Paola Buitrago", "contract_end": "2016-07-31", "group": "OPOS"},
          {"name": "Michele Fattoruso", "start": "2016-04-04", "group": "OPOS"},
          {"name": "Vito Di Benedetto", "contract_end": "Permanent position", "group": "USDC"}]
DUTIES = [{"person": "Paola", "vo": "NOvA", "duty": "raw2root keep-up", "fte": 0.5},
          {"person": "Paola", "vo": "All", "duty": "POMS feedback", "fte": 0.2},
          {"person": "Michele", "vo": "DUNE", "duty": "Keep-up for DUNE", "fte": 0.3, "end": "2016-10-31"},
          {"person": "Vito", "vo": "All", "duty": "OPOS weekly meeting reports", "fte": 0.1},
          {"person": "Vito", "vo": "NOvA", "duty": "Memory monitoring", "fte": 0.2}]


@pytest.fixture
def base() -> Plan:
    return _plan(PEOPLE, DUTIES)


# --- by id --------------------------------------------------------------------------------------------------------
def test_scenario_differences_by_id(base: Plan) -> None:
    other = base.copy()
    staffing.reassign(other, ["A1"], "Michele")  # moved
    edits.set_value(other, "assignments", "A3", "end", "2016-12-31")  # re-dated
    edits.set_value(other, "assignments", "A4", "fte", 0.3)  # re-sized
    edits.remove_rows(other, "assignments", ["A5"])  # removed
    edits.add_rows(other, "people", [{"name": "A2 Associate (CI)", "placeholder": True, "start": "2016-08-01"}])
    edits.add_rows(other, "assignments", [{"person": "A2 Associate (CI)", "duty": "CI development", "fte": 1.0}])

    result = compare(base, other, match="id")
    assert result.match == "id"
    assert [(d.duty, d.vo, d.from_person, d.to_person) for d in result.moved] == [
        ("raw2root keep-up", "NOvA", "Paola Buitrago", "Michele Fattoruso")]
    assert {d.duty: d.changes for d in result.changed} == {"Keep-up for DUNE": ("re-dated",),
                                                            "OPOS weekly meeting reports": ("re-sized",)}
    dune = next(d for d in result.changed if d.vo == "DUNE")
    assert dune.before == {"end": date(2016, 10, 31)} and dune.after == {"end": date(2016, 12, 31)}
    assert [(d.duty, d.from_person) for d in result.removed] == [("Memory monitoring", "Vito Di Benedetto")]
    assert [(d.duty, d.to_person, d.fte) for d in result.added] == [("CI development", "A2 Associate (CI)", 1.0)]
    assert [(p.name, p.placeholder) for p in result.people_added] == [("A2 Associate (CI)", True)]
    assert result.people_removed == []
    counts = result.counts()
    assert (counts["re-dated"], counts["re-sized"]) == (1, 1)

    data = json.loads(json.dumps(result.to_json()))
    assert JSON_KEYS <= set(data)
    assert {k: data["moved"][0][k] for k in ("duty", "vo", "from", "to")} == {
        "duty": "raw2root keep-up", "vo": "NOvA", "from": "Paola Buitrago", "to": "Michele Fattoruso"}
    assert set(data["fte_delta"][0]) >= {"person", "month", "delta"}


def test_fte_difference_per_person_and_month(base: Plan) -> None:
    other = base.copy()
    staffing.reassign(other, ["A1"], "Vito")  # 0.5 FTE, Paola is there until July 31st
    result = compare(base, other, match="id")
    delta = {(r.person, r.period): round(r.delta, 6) for r in result.fte_delta.itertuples()}
    assert delta[("Paola Buitrago", "2016-05")] == -0.5 and delta[("Vito Di Benedetto", "2016-05")] == 0.5
    assert delta[("Paola Buitrago", "2016-07")] == -0.5
    assert ("Paola Buitrago", "2016-08") not in delta  # she has left: nothing to take away
    assert delta[("Vito Di Benedetto", "2016-08")] == 0.5  # the duty now runs on with Vito
    assert result.periods[0] == "2016-04" and result.periods[-1] == "2016-12"
    groups = {r.key: round(r.delta, 3) for r in result.totals.itertuples() if r.dimension == "group"}
    assert groups["USDC"] > 0 > groups["OPOS"]


def test_flags_resolved_introduced_and_worse(base: Plan) -> None:
    # Paola leaves on July 31st; her duties have no successor: two contract-end gaps
    other = base.copy()
    edits.set_value(other, "assignments", "A1", "successor", "Vito")  # gap resolved, Vito over 100%
    edits.set_value(other, "assignments", "A2", "successor", "Michele")
    edits.set_value(other, "assignments", "A4", "fte", 0.5)
    result = compare(base, other, match="id")
    resolved = {(f.kind, f.duty) for f in result.flags_resolved}
    assert ("contract_end_gap", "raw2root keep-up (NOvA)") in resolved
    assert ("contract_end_gap", "POMS feedback (All)") in resolved
    introduced = [(f.kind, f.person) for f in result.flags_introduced]
    assert ("over_allocation", "Vito Di Benedetto") in introduced
    assert all(f.kind != "contract_end_gap" for f in result.flags_introduced)
    data = result.to_json()
    assert data["flags_introduced"][0]["kind"] and data["flags_resolved"][0]["message"]

    worse = base.copy()
    edits.set_value(worse, "assignments", "A5", "fte", 1.2)  # Vito over capacity from the start
    worse_still = worse.copy()
    edits.set_value(worse_still, "assignments", "A5", "fte", 1.4)
    again = compare(worse, worse_still, match="id")
    assert [(f.kind, f.direction) for f in again.flags_changed] == [("over_allocation", "worse")]
    assert again.flags_introduced == [] and again.flags_resolved == []


def test_identical_plans_have_no_differences(base: Plan) -> None:
    result = compare(base, base.copy())
    assert result.match == "id" and result.is_empty
    assert "No differences." in format_comparison(result)


# --- by content ------------------------------------------------------------------------------------------------------
def test_content_match_ignores_ids_and_row_order_and_reads_short_names(base: Plan) -> None:
    # this month's sheet: rows in another order, first names only, one duty reworded, one moved
    people = [PEOPLE[2], {**PEOPLE[1], "name": "Michele"}, {**PEOPLE[0], "name": "Paola"}]
    duties = [{"person": "Vito", "vo": "NOvA", "duty": "Memory monitoring", "fte": 0.2},
              {"person": "Vito", "vo": "All", "duty": "OPOS weekly meeting report", "fte": 0.1},  # reworded
              {"person": "Michele", "vo": "DUNE", "duty": "Keep-up for DUNE", "fte": 0.3, "end": "2016-10-31"},
              {"person": "Michele", "vo": "NOvA", "duty": "raw2root keep-up", "fte": 0.5},  # moved
              {"person": "Paola", "vo": "All", "duty": "POMS feedback", "fte": 0.2},
              {"person": "Paola", "vo": "MINOS+", "duty": "Keepup for MINOS+", "fte": 0.2}]  # added
    other = _plan(people, duties)
    assert choose_mode(base, other)[0] == "content"
    result = compare(base, other)
    assert result.match == "content"
    assert [(d.duty, d.from_person, d.to_person) for d in result.moved] == [
        ("raw2root keep-up", "Paola Buitrago", "Michele")]
    assert [(d.duty, d.changes, d.how) for d in result.changed] == [
        ("OPOS weekly meeting report", ("renamed",), "similar")]
    assert [d.duty for d in result.added] == ["Keepup for MINOS+"] and result.removed == []
    assert result.people_added == [] and result.people_removed == []  # 'Paola' is 'Paola Buitrago'
    assert any("short form" in n for n in result.notes)
    # the FTE that moved, matched across the two spellings of each name
    may = {r.person: round(r.delta, 6) for r in result.fte_delta.itertuples() if r.period == "2016-05"}
    assert may == {"Michele": 0.5, "Paola": -0.3}


def test_ambiguous_content_matches_are_noted() -> None:
    people = [{"name": "Filipe"}, {"name": "Vito"}, {"name": "Anna"}]
    base = _plan(people, [{"person": "Filipe", "vo": "NOvA FD", "duty": "MC production"},
                          {"person": "Filipe", "vo": "NOvA FD", "duty": "MC production"}])
    other = _plan(people, [{"person": "Vito", "vo": "NOvA FD", "duty": "MC production"},
                           {"person": "Anna", "vo": "NOvA FD", "duty": "MC production"}])
    result = compare(base, other, match="content")
    assert len(result.moved) == 2
    assert any("ambiguous" in n and "MC production" in n for n in result.notes)


def test_auto_uses_ids_only_when_they_mean_the_same_rows(base: Plan) -> None:
    assert choose_mode(base, base.copy())[0] == "id"
    renamed = base.copy()
    for pid, name in zip(["P1", "P2", "P3"], ["Vito Di Benedetto", "Paola Buitrago", "Michele Fattoruso"]):
        edits.set_value(renamed, "people", pid, "name", name + " ")  # the same ids now name other people
    renamed.tables["people"]["name"] = renamed.people["name"].str.strip()
    assert choose_mode(base, renamed)[0] == "content"


def _tyler_to_vito(tmp_path: Path) -> Path:
    """Appendix II with Tyler's block given to Vito: his name is on his block's first row only."""
    book = openpyxl.load_workbook(SAMPLE / "appendix_ii.xlsx")
    sheet = book["Current assignments"]
    rows = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Tyler"]
    assert len(rows) == 1
    sheet.cell(rows[0], 1).value = "Vito"
    out = tmp_path / "appendix_ii_tyler_to_vito.xlsx"
    book.save(out)
    return out


def test_appendix_ii_with_tylers_duties_given_to_vito(tmp_path: Path) -> None:
    before = import_files([SAMPLE / "appendix_ii.xlsx"])
    after = import_files([_tyler_to_vito(tmp_path)])
    result = compare(before, after, as_of=AS_OF)
    assert result.match == "content"
    data = result.to_json()
    assert [{k: m[k] for k in ("duty", "vo", "from", "to")} for m in data["moved"]] == [
        {"duty": "Production Systems Monitoring", "vo": "NOvA", "from": "Tyler", "to": "Vito"},
        {"duty": "OFF-line systems monitoring", "vo": "MINERvA", "from": "Tyler", "to": "Vito"}]
    assert data["added"] == [] and data["removed"] == [] and data["changed"] == []
    assert [p["name"] for p in data["people_removed"]] == ["Tyler"]


# --- the seed's scenario --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def intern_scenario() -> ScenarioSet:
    """The leaving interns' open duties go to Michele, Vito and a placeholder associate."""
    plan = import_files(sorted(SAMPLE.glob("*.xlsx")), PlanSettings(as_of=AS_OF))
    s = ScenarioSet(plan)
    s.switch(s.create("Interns' duties covered", description="close the contract-end gaps").name)
    s.record(staffing.reassign(s.plan, [_duty(s.plan, "raw2root keep-up")], "Michele Fattoruso"),
             note="Michele takes Paola's keep-up now")
    s.record(edits.set_value(s.plan, "assignments", _duty(s.plan, "MINOS & MINERvA ramp down"), "successor",
                             "Vito Di Benedetto"))
    s.record(edits.set_values(s.plan, [("assignments", a, "successor", "A2 Associate (Monitoring)")
                                       for a in (_duty(s.plan, "raw2digit"), _duty(s.plan, "", "DUNE"))],
                              "Michele's LArIAT and DUNE duties pass to the monitoring associate"))
    return s


def _duty(plan: Plan, text: str, vo: str | None = None) -> str:
    rows = plan.assignments[(plan.assignments["duty"] == text) & ((plan.assignments["vo"] == vo) if vo else True)]
    assert len(rows) == 1, text
    return str(rows.index[0])


def test_intern_scenario_resolves_the_gaps_and_shows_the_fte_moved(intern_scenario: ScenarioSet) -> None:
    s = intern_scenario
    result = compare(s.baseline.plan, s.plan, match="id", as_of=AS_OF, horizon=HORIZON)
    gaps = {f.duty for f in result.flags_resolved if f.kind == "contract_end_gap"}
    assert gaps == {"MINOS & MINERvA ramp down", "raw2digit (LArIAT)", "(no duty named) (DUNE)"}
    assert not [f for f in result.flags_introduced if f.kind == "contract_end_gap"]
    over = {f.person: f.direction for f in result.flags_changed if f.kind == "over_allocation"}
    over.update({f.person: "introduced" for f in result.flags_introduced if f.kind == "over_allocation"})
    assert over["Vito Di Benedetto"] == "worse"  # the ramp down lands on a full Vito
    vito = {r.period: round(r.delta, 3) for r in result.fte_delta.itertuples() if r.person == "Vito Di Benedetto"}
    assert vito == {"2017-09": 0.3}
    michele = {r.period: round(r.delta, 3) for r in result.fte_delta.itertuples() if r.person == "Michele Fattoruso"}
    assert michele["2016-05"] == 0.2  # the keep-up, estimated at a daily duty's 0.2 FTE
    assert [(d.from_person, d.to_person) for d in result.moved] == [("Paola Buitrago", "Michele Fattoruso")]
    text = format_comparison(result)
    assert "Flags resolved (3)" in text and "Vito Di Benedetto: +0.30 in 2017-09" in text


def test_comparison_workbook(intern_scenario: ScenarioSet, tmp_path: Path) -> None:
    s = intern_scenario
    other = s.plan.copy()
    edits.add_rows(other, "assignments", [{"person": "Vito", "duty": '=HYPERLINK("http://x","click")'}])
    result = compare(s.baseline.plan, other, match="id", base_label="Baseline", other_label=s.active)
    out = tmp_path / "compare.xlsx"
    export_comparison(out, result, log=s.log_between("Baseline", s.active))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Moved", "Added", "Removed", "Changed", "People", "FTE difference",
                               "Flags", "Change log"]
    assert book["Summary"]["A1"].value == f"Effort Planner comparison: Baseline → {s.active}"
    moved = book["Moved"]
    assert [c.value for c in moved[2]][:4] == ["raw2root keep-up", "NOvA", "Paola Buitrago", "Michele Fattoruso"]
    added = book["Added"]["B2"]
    assert added.value == '=HYPERLINK("http://x","click")' and added.data_type == "s"  # text, not a formula
    grid = book["FTE difference"]
    assert [c.value for c in grid[1]][:3] == ["Group", "Person", "2016-03"]
    scales = [r for rng in grid.conditional_formatting for r in rng.rules]
    assert scales and scales[0].type == "colorScale"
    flags = book["Flags"]
    statuses = [flags.cell(r, 1).value for r in range(2, flags.max_row + 1)]
    assert statuses.count("resolved") == 3 and "worse" in statuses
    log = book["Change log"]
    assert [log.cell(r, 3).value for r in range(2, 5)][0].startswith("Reassigned 'raw2root keep-up'")
    assert log.cell(2, 4).value == "Michele takes Paola's keep-up now"
    # Rows as tall as their wrapped text needs, by the review workbook's one estimate (review_rows).
    from effortplanner.io.review_rows import wrapped_lines

    for r in range(2, flags.max_row + 1):
        message = str(flags.cell(r, 9).value or "")
        lines = min(wrapped_lines(message, 70), 12)
        assert flags.row_dimensions[r].height == (15 * lines if lines > 1 else None), message
    assert any(flags.row_dimensions[r].height for r in range(2, flags.max_row + 1))  # some message wraps


def test_repeated_duties_pair_with_their_closest_row() -> None:
    people = [{"name": "Filipe"}, {"name": "Vito"}]
    rows = [{"person": "Filipe", "vo": "NOvA FD", "duty": "MC production", "end": "2016-06-30", "fte": 0.1},
            {"person": "Filipe", "vo": "NOvA FD", "duty": "MC production", "end": "2016-12-31", "fte": 0.2}]
    base = _plan(people, rows)
    other = _plan(people, [{**rows[1], "person": "Vito"}, rows[0]])  # the second one moved, listed first
    result = compare(base, other, match="content")
    assert [(d.base_id, d.to_person, d.changes) for d in result.moved] == [("A2", "Vito", ("moved",))]
    assert result.changed == [] and not any("ambiguous" in n for n in result.notes)


def test_empty_plans_compare_to_nothing(tmp_path: Path) -> None:
    result = compare(Plan(), Plan())
    assert result.is_empty and result.to_json()["fte_delta"] == []
    export_comparison(tmp_path / "empty.xlsx", result)
    assert openpyxl.load_workbook(tmp_path / "empty.xlsx")["Moved"]["A2"].value == "No assignment moved to another person."
