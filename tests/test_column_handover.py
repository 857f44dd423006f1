"""What column readers hand over: mentions gathered a row at a time (as the columns merge_mentions
takes), and tables of no rows (as a new plan holds them)."""

from __future__ import annotations

from effortplanner.io.pending import Mention, MentionCollector, MentionColumns, Pending


def test_mentions_added_row_by_row_are_the_sheet_columns_in_order() -> None:
    found = MentionCollector("duties.xlsx", "Duties", False)
    found.add("Ann Lee", 2, {"group": "Ops"}, {})
    found.add("Bob", 5, {}, {"contract_end": "not a date"})
    columns = found.columns()
    assert columns == MentionColumns("duties.xlsx", "Duties", False, ["Ann Lee", "Bob"], [2, 5],
                                     [{"group": "Ops"}, {}], [{}, {"contract_end": "not a date"}])
    assert columns.mentions() == [Mention("Ann Lee", "duties.xlsx", "Duties", 2, False, {"group": "Ops"}, {}),
                                  Mention("Bob", "duties.xlsx", "Duties", 5, False, {}, {"contract_end": "not a date"})]


def test_a_sheet_without_mentions_hands_over_nothing() -> None:
    columns = MentionCollector("people.xlsx", "Roster", True).columns()
    assert len(columns) == 0 and columns.names == [] and columns.cells == [] and columns.from_roster
    pending = Pending()
    pending.add_mentions(columns)
    assert pending.mention_columns == [] and list(pending.mention_chunks()) == []


def test_a_table_of_no_rows_is_the_plan_s_empty_table_with_every_dtype() -> None:
    """A sheet list without activities or milestones gives those tables as a new plan holds them:
    the same columns, dtypes, index and blocks as building them column by column would."""
    import pandas as pd

    from effortplanner.core.plan import TABLES
    from effortplanner.io import record_columns

    for table in TABLES:
        got = record_columns.table_frame(table, [], [])
        names, dtypes, blanks = record_columns._template(table)
        built = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in zip(names, dtypes)},
                             index=pd.Index([], dtype=object, name="id"), columns=list(names))
        pd.testing.assert_frame_equal(got, built, check_exact=True)
        assert list(got.dtypes) == list(built.dtypes) and got.index.name == "id"
