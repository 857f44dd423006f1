"""A column reader's mentions gathered a row at a time come out as the columns merge_mentions takes."""

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
