"""The sheets departments really keep: period grids, long tables, indented lists.

Fixtures come from tools/make_import_fixtures.py (written into tmp_path here). The
expected loads are worked out by hand in the comments, per person and calendar month.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from effortplanner.analysis.flags import compute_flags
from effortplanner.analysis.load import aggregate_load
from effortplanner.cli import main
from effortplanner.core.plan import Plan
from effortplanner.io import kinds
from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.planfile import load_plan, save_plan

_SPEC = importlib.util.spec_from_file_location(
    "make_import_fixtures", Path(__file__).resolve().parent.parent / "tools" / "make_import_fixtures.py")
assert _SPEC and _SPEC.loader
fixtures = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fixtures)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kinds")
    fixtures.write_all(out)
    return out


def monthly(plan: Plan) -> dict[str, dict[str, float]]:
    load = aggregate_load(plan)
    grid = load.pivot_table(index="name", columns="period", values="fte", sort=False)
    return {name: {period: float(v) for period, v in row.items()} for name, row in grid.iterrows()}


def assert_load(plan: Plan, expected: dict[str, dict[str, float]]) -> None:
    got = monthly(plan)
    for person, months in expected.items():
        for month, value in months.items():
            assert got[person][month] == pytest.approx(value, abs=0.02), (person, month)


def messages(plan: Plan, kind: str | None = None) -> list[str]:
    return [n.message for n in plan.notes if kind is None or n.kind == kind]


# --- the registry ---------------------------------------------------------------------------
def test_the_registry_lists_every_kind_and_the_surest_wins(data: Path) -> None:
    names = [name for name, _ in kinds.choices()]
    assert names[:4] == ["duties", "roster", "activities", "milestones"]
    assert {"period_grid", "long_table", "indented"} <= set(names)
    found = {s.raw.name: s.layout.kind for f in sorted(data.iterdir()) for s in inspect_file(f)}
    assert found == {"Detector Upgrade": "period_grid", "Beam Studies": "period_grid", "Staff Rollup": "period_grid",
                     "Summary": "period_grid", "long_fractions": "long_table", "long_percent": "long_table",
                     "Weekly": "period_grid", "teams_indented": "indented"}


def test_a_kind_added_to_the_registry_is_used_by_the_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from effortplanner.io.records import Mention

    class Guests:
        name, label = "guests", "guest book"

        def detect(self, raw, table, settings):  # type: ignore[no-untyped-def]
            first = raw.rows[0][0] if raw.rows and raw.rows[0] else ""
            return table.__class__(raw.name, self.name, 0, ["Guest"], {0: "name"}, {}, 99.0) \
                if first == "Guest" else None

        def read(self, raw, layout, ctx):  # type: ignore[no-untyped-def]
            for number, row in enumerate(raw.rows[1:], start=2):
                ctx.pending.mentions.append(Mention(str(row[0]), ctx.file, raw.name, number, True))

    monkeypatch.setitem(kinds._REGISTRY, "guests", Guests())
    path = tmp_path / "guests.csv"
    path.write_text("Guest\nAda\nGrace\n", encoding="utf-8")
    plan = import_files([path])
    assert sorted(plan.people["name"]) == ["Ada", "Grace"]
    assert ("guests", "guest book") in kinds.choices()


# --- period grids ------------------------------------------------------------------------------
def test_staff_labor_workbook_hours_against_available_hours_and_fiscal_months(data: Path) -> None:
    plan = import_files([data / "staff_labor.xlsx"])
    people = sorted(plan.people["name"])
    assert people == ["Harrison, George", "Lennon, John", "Starr, Ringo"]  # never "Total", never a metadata line
    assert plan.settings.as_of == date(2017, 9, 24) and plan.settings.horizon == date(2018, 3, 31)
    a = plan.assignments
    assert len(a) == 7
    detector = a[a["duty"] == "Detector Upgrade"]
    assert set(detector["vo"]) == {"12345"} and set(detector["probability"]) == {0.8}
    assert set(a[a["duty"] == "Beam Studies"]["probability"]) == {0.5}
    # Harrison: 40 of 160 h in the Jan-18 processing month (Dec 27 2017 - Jan 23 2018), then
    # 76/152 and 88/176 = 0.5 twice, joined into one assignment from Jan 24 to Mar 27.
    harrison = plan.people.index[plan.people["name"] == "Harrison, George"][0]
    rows = detector[detector["person"] == harrison].sort_values("start")
    assert [(r.start.date(), r.end.date(), r.fte) for r in rows.itertuples()] == [
        (date(2017, 12, 27), date(2018, 1, 23), 0.25), (date(2018, 1, 24), date(2018, 3, 27), 0.5)]
    assert_load(plan, {
        # Lennon: 0.5 on Detector (Sep 24 - Mar 27) + 76/152 = 0.5 on Beam (fiscal months 1-6 = Oct-Mar).
        "Lennon, John": {"2017-09": 0.5, "2017-10": 1.0, "2018-02": 1.0, "2018-03": 27 / 31 * 0.5 + 0.5},
        # Starr: full time on Detector, plus 24/152 h on Beam in January (fiscal month 4).
        "Starr, Ringo": {"2017-10": 1.0, "2018-01": 1 + 24 / 152, "2018-03": 27 / 31},
        # Harrison: Dec 27-31 at 0.25; Jan 1-23 at 0.25 and Jan 24-31 at 0.5; Mar: Detector to the 27th + Beam.
        "Harrison, George": {"2017-12": 5 / 31 * 0.25, "2018-01": (23 * 0.25 + 8 * 0.5) / 31, "2018-02": 0.5,
                             "2018-03": 27 / 31 * 0.5 + 0.5},
    })
    text = messages(plan)
    assert any("read as hours per month; 144-176 h (per period) = 1.0 FTE (available-hours row)" in m for m in text)
    assert any("read as hours per month; 152 h = 1.0 FTE (plan setting)" in m for m in text)
    assert any("real spans from the 'Processing Month =' row" in m for m in text)
    assert any("fiscal months numbered 1-12" in m for m in text)
    assert "stated total 300 for Feb-18, but the rows add up to 304" in messages(plan, "warning")
    assert any("stated total 1628 h" in m for m in messages(plan, "total"))
    assert any(n.column == "% of available hours covered" and "stated share of available hours (checked" in n.message
               for n in plan.notes)
    assert any("row 1 'Staff Labor Plan - FY18 (hours)'" in m for m in messages(plan, "skipped"))


@pytest.mark.parametrize("name", ["staff_labor_libreoffice.xlsx", "staff_labor_libreoffice.ods"])
def test_the_staff_labor_workbook_as_libreoffice_writes_it_reads_the_same(data: Path, name: str) -> None:
    written = Path(__file__).resolve().parent / "data" / "kinds" / name  # made once by the tool with soffice
    ours, theirs = import_files([data / "staff_labor.xlsx"]), import_files([written])
    columns = ["duty", "vo", "fte", "start", "end", "probability"]

    def rows(plan: Plan) -> list[tuple[object, ...]]:
        a = plan.assignments.assign(who=plan.assignments["person"].map(plan.people["name"]))
        return sorted(a[["who", *columns]].itertuples(index=False, name=None))
    assert rows(theirs) == rows(ours)
    flat = (lambda plan: {(p, m): v for p, months in monthly(plan).items() for m, v in months.items()})
    assert flat(theirs) == pytest.approx(flat(ours))


def test_over_allocation_in_hours_176_of_152_is_over_exactly_152_is_not(data: Path) -> None:
    plan = import_files([data / "rollup.xlsx"])
    assert_load(plan, {"Mouse, Mickey": {"2018-01": 1.0, "2018-02": 176 / 152, "2018-03": 1.0},
                       "Duck, Donald": {"2018-01": 0.5, "2018-02": 0.5, "2018-03": 0.0}})
    over = [f for f in compute_flags(plan) if f.kind == "over_allocation"]
    mickey = plan.people.index[plan.people["name"] == "Mouse, Mickey"][0]
    assert [(f.person, f.start.month, f.end.month) for f in over] == [(mickey, 2, 2)]
    assert any("columns not read: 'Notes'" in m for m in messages(plan, "skipped"))


def test_per_person_summary_two_row_header_rows_are_projects(data: Path) -> None:
    plan = import_files([data / "person_summary.xlsx"])
    assert list(plan.people["name"]) == ["Doe, Jane"]
    assert sorted(plan.assignments["duty"]) == ["Beam Studies", "Beam Studies", "Detector Upgrade"]
    assert_load(plan, {"Doe, Jane": {"2018-01": 0.8, "2018-02": 0.8, "2018-03": 1.0}})
    assert any("the stated totals match the rows" in m for m in messages(plan))


def test_weekly_person_days_with_nested_tasks(data: Path) -> None:
    plan = import_files([data / "weekly_person_days.xlsx"])
    assert sorted(plan.people["name"]) == ["Bob", "Jill"]
    jill = plan.people.index[plan.people["name"] == "Jill"][0]
    duties = plan.assignments[plan.assignments["person"] == jill].set_index("duty")["fte"].to_dict()
    assert duties == {"Plan Work / Step 1": 0.4, "Plan Work / Step 2": 0.2, "Review": 0.4}
    # Bob: 2.5 of 5 days for two weeks, 5 of 5 for two: 0.75 over Jan 1-28.
    assert_load(plan, {"Jill": {"2018-01": 1.0}, "Bob": {"2018-01": 0.75}})
    assert any("read as person-days per week; 5 person-days = 1.0 FTE" in m for m in messages(plan))


def test_hours_per_month_setting_converts_grids_without_an_available_row(data: Path) -> None:
    from effortplanner.core.plan import PlanSettings

    plan = import_files([data / "rollup.xlsx"], PlanSettings(hours_per_month=160.0))
    assert_load(plan, {"Mouse, Mickey": {"2018-01": 152 / 160, "2018-02": 176 / 160}})
    assert any("160 h = 1.0 FTE (plan setting)" in m for m in messages(plan))


def test_rows_with_numbers_and_no_name_are_noted_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("Staff,Jan 2018,Feb 2018,Mar 2018\nAda,0.5,0.5,0.5\n,0.3,0.3,0.3\nPrepared by Ben,,,\n",
                    encoding="utf-8")
    plan = import_files([path])
    assert list(plan.people["name"]) == ["Ada"]
    assert plan.assignments["person"].notna().all()
    assert any(n.row == 3 and "3 numbers on a row with no name; not read" in n.message for n in plan.notes)
    assert "rows with no effort in any period, not read: 'Prepared by Ben' (row 4)" in messages(plan, "skipped")


# --- long tables ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["long_fractions.csv", "long_percent.csv"])
def test_long_table_fractions_or_percent_decided_on_the_whole_column(data: Path, name: str) -> None:
    plan = import_files([data / name])
    assert sorted(plan.people["name"]) == ["Cara", "Diego"]
    assert plan.people.set_index("name").loc["Cara", "role"] == "Engineer"
    a = plan.assignments
    assert len(a) == 6  # Alpha 0.6 Jan-Feb + 0.8 Mar, KTLO Jan-Mar, Beta Jan-Mar, Gamma x2 (Cara;Diego split)
    assert set(a["duty"]) == {"Alpha", "KTLO", "Beta", "Gamma"}
    assert set(a.loc[a["duty"] == "Alpha", "vo"]) == {"P1"}
    # Cara: 0.6 + 0.4 in Jan and Feb, 0.8 + 0.4 + 0.1 in Mar. Diego: 0.5, then 0.5 + 0.1.
    assert_load(plan, {"Cara": {"2024-01": 1.0, "2024-02": 1.0, "2024-03": 1.3},
                       "Diego": {"2024-01": 0.5, "2024-02": 0.5, "2024-03": 0.6}})
    warnings = messages(plan, "warning")
    assert any("'Cara;Diego' read as 2 people" in m for m in warnings)
    assert any(m.startswith("Diego, 2024-03-01: stated total") for m in warnings)
    assert any("1 disagree with the rows" in m for m in messages(plan, "total"))


# --- indented lists ------------------------------------------------------------------------------
def test_indented_team_with_members_and_person_with_tasks(data: Path) -> None:
    plan = import_files([data / "teams_indented.csv"])
    people = plan.people.set_index("name")
    assert people.loc["Alice", "group"] == "Team Red" and people.loc["Alice", "capacity_fte"] == 0.5
    assert people.loc["Bob", "capacity_fte"] == 1.0
    assert "Team Red" not in people.index
    jill = plan.assignments[plan.assignments["person"] == plan.people.index[plan.people["name"] == "Jill"][0]]
    assert jill.set_index("duty")["fte"].to_dict() == {"Plan Work / Step 1": 0.3, "Plan Work / Step 2": 0.2,
                                                       "Support": 0.5}
    assert any("team 'Team Red': stated total 1.5 FTE over 2 members" in m for m in messages(plan, "total"))


# --- through the plan file and the review workbook -----------------------------------------------
def test_probability_and_hour_settings_survive_the_plan_file(data: Path, tmp_path: Path) -> None:
    plan = import_files([data / "staff_labor.xlsx"])
    plan.settings.hours_per_month = 160.0
    save_plan(tmp_path / "p.effortplan", plan)
    back = load_plan(tmp_path / "p.effortplan")
    assert back.settings.hours_per_month == 160.0 and back.settings.days_per_week == 5.0
    assert sorted(back.assignments["probability"].dropna().unique()) == [0.5, 0.8]


def test_cli_export_load_sheet_matches_hand_values(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    files = [data / "staff_labor.xlsx", data / "rollup.xlsx"]
    assert main(["export", *map(str, files), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    sheet = book["Load"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header[2:], r[2:])) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Starr, Ringo"]["2018-01"] == pytest.approx(1 + 24 / 152, abs=0.02)
    assert rows["Mouse, Mickey"]["2018-02"] == pytest.approx(176 / 152, abs=0.02)
    assert rows["Harrison, George"]["2018-01"] == pytest.approx((23 * 0.25 + 8 * 0.5) / 31, abs=0.02)
    assignments = pd.read_excel(out, sheet_name="Assignments", engine="openpyxl")
    assert "Funding probability" in assignments.columns
    assert set(assignments["Funding probability"].dropna()) == {0.5, 0.8}


def test_a_duty_list_without_a_people_column_says_so_and_lists_unread_columns(tmp_path: Path) -> None:
    path = tmp_path / "duties.csv"
    path.write_text("Duty,VO,Colour\nStage data,NOvA,red\nRun MC,DUNE,blue\n", encoding="utf-8")
    plan = import_files([path])
    assert len(plan.assignments) == 2
    assert any("no column of people found: the 2 rows are duties with no person" in m
               for m in messages(plan, "warning"))
    assert any("columns no field was found for" in m and "'Colour'" in m for m in messages(plan, "skipped"))


@pytest.mark.parametrize("name, person, month, value", [
    ("staff_labor.xlsx", "Lennon, John", "2017-10", 1.0),
    ("rollup.xlsx", "Duck, Donald", "2018-02", 0.5),
    ("person_summary.xlsx", "Doe, Jane", "2018-03", 1.0),
    ("long_fractions.csv", "Cara", "2024-03", 1.3),
    ("long_percent.csv", "Diego", "2024-03", 0.6),
    ("weekly_person_days.xlsx", "Bob", "2018-01", 0.75),
])
def test_cli_export_of_each_fixture_kind(data: Path, tmp_path: Path, name: str, person: str, month: str,
                                         value: float) -> None:
    out = tmp_path / "review.xlsx"
    assert main(["export", str(data / name), "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["Load"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header[2:], r[2:])) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[person][month] == pytest.approx(value, abs=0.02)


def test_a_rollup_beside_project_sheets_is_checked_not_added(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    months = ["Jan 2018", "Feb 2018", "Mar 2018"]
    for title, rows in (("Alpha", {"Ada": [76, 76, 76], "Ben": [152, 152, 0]}),
                        ("Beta", {"Ada": [76, 76, 76]}),
                        ("Rollup", {"Ada": [152, 152, 152], "Ben": [152, 152, 152]})):
        sheet = book.active if title == "Alpha" else book.create_sheet(title)
        sheet.title = title
        sheet.append(["Staff", *months])
        for name, hours in rows.items():
            sheet.append([name, *hours])
    path = tmp_path / "projects.xlsx"
    book.save(path)
    plan = import_files([path])
    assert set(plan.assignments["duty"]) == {"Alpha", "Beta"}  # the rollup adds no duties
    assert_load(plan, {"Ada": {"2018-01": 1.0, "2018-03": 1.0}, "Ben": {"2018-02": 1.0, "2018-03": 0.0}})
    warnings = messages(plan, "warning")
    assert warnings == ["Ben, Mar 2018: rollup says 1.00 FTE, the project sheets add up to 0.00",
                        "rollup of the project sheets: kept as stated totals per person and period, not as duties "
                        "(1 disagreements)"]


def test_one_person_across_workbooks_is_one_person(data: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee: Lennon, John"])
    sheet.append(["Project", "Apr 2018", "May 2018", "Jun 2018"])
    sheet.append(["Songwriting", 0.5, 0.5, 0.5])
    book.save(tmp_path / "lennon.xlsx")
    plan = import_files([data / "staff_labor.xlsx", tmp_path / "lennon.xlsx"])
    assert list(plan.people["name"]).count("Lennon, John") == 1
    lennon = plan.people.index[plan.people["name"] == "Lennon, John"][0]
    assert sorted(plan.assignments.loc[plan.assignments["person"] == lennon, "duty"]) == [
        "Beam Studies", "Detector Upgrade", "Songwriting"]
    assert_load(plan, {"Lennon, John": {"2018-02": 1.0, "2018-05": 0.5}})
