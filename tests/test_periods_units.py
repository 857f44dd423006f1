"""Period headers and units, cell by cell: what a grid column means and how its numbers become FTE."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from effortplanner.io.periods import parse_period, periods_of, processing_spans
from effortplanner.io.units import FTE, HOURS, PERCENT, PERSON_DAYS, conversion, describe, unit_from_values, \
    unit_from_words


@pytest.mark.parametrize("cell, start, end", [
    ("Jan-18", date(2018, 1, 1), date(2018, 2, 1)),
    ("2018-01", date(2018, 1, 1), date(2018, 2, 1)),
    ("Jan 2018", date(2018, 1, 1), date(2018, 2, 1)),
    ("Sept 2017", date(2017, 9, 1), date(2017, 10, 1)),
    ("Q3 FY18", date(2018, 4, 1), date(2018, 7, 1)),
    ("FY19", date(2018, 10, 1), date(2019, 10, 1)),
    ("2007-12-17-00:00:00", date(2007, 12, 17), date(2008, 1, 17)),
    (datetime(2018, 1, 1), date(2018, 1, 1), date(2018, 2, 1)),
])
def test_period_headers(cell: object, start: date, end: date) -> None:
    period = parse_period(cell)
    assert period is not None and (period.start, period.end) == (start, end)


@pytest.mark.parametrize("cell", ["Total", "Name", "2018-13", "12", "Jan", ""])
def test_not_periods(cell: str) -> None:
    assert parse_period(cell) is None


def test_fiscal_month_numbers_under_a_quarter_band_and_processing_month_row() -> None:
    rows = [["", "Quarter 2 - FY18", "", ""],
            ["Staff", 4, 5, 6],
            ["Processing Month =", "Dec 27-Jan 23", "Jan 24-Feb 20", "Feb 21-Mar 27"]]
    header = periods_of(rows, 1)
    assert header is not None
    assert [p.start for p in header.columns.values()] == [date(2018, 1, 1), date(2018, 2, 1), date(2018, 3, 1)]
    row, spanned = processing_spans(rows, header)
    assert row == 2
    first = spanned.columns[1]
    assert (first.start, first.end) == (date(2017, 12, 27), date(2018, 1, 24))  # end exclusive


def test_a_processing_span_across_months_with_a_long_month_name() -> None:
    rows = [["Name", "Aug-17", "Sep-17", "Oct-17"], ["", "Jul 25-Aug 21", "Aug 22-Sept 30", "Oct 1-Oct 28"]]
    header = periods_of(rows, 0)
    assert header is not None
    _, spanned = processing_spans(rows, header)
    assert (spanned.columns[2].start, spanned.columns[2].end) == (date(2017, 8, 22), date(2017, 10, 1))


def test_weekly_dated_columns_are_weeks() -> None:
    header = periods_of([["Who", date(2018, 1, 1), date(2018, 1, 8), date(2018, 1, 15)]], 0)
    assert header is not None and header.weekly
    assert [p.days for p in header.columns.values()] == [7, 7, 7]


def test_a_data_row_with_a_few_dates_is_no_period_header() -> None:
    row = ["A1", "Ada", "NOvA", "keep-up", 0.5, "daily", date(2016, 9, 1), "Sep 2016", "approximate",
           date(2017, 8, 31), "summer 2017", "approximate", "Transfer", date(2017, 9, 1)]
    assert periods_of([row], 0) is None


def test_units_from_words_then_values() -> None:
    assert unit_from_words(["Hours by month"]) == HOURS
    assert unit_from_words(["Effort (FTE)"]) == FTE
    assert unit_from_words(["hours", "%"]) is None  # two units named: the values decide
    assert unit_from_values([0.5, 1.0], weekly=False) == FTE
    assert unit_from_values([152, 176], weekly=False) == HOURS
    assert unit_from_values([50, 25], weekly=False) == PERCENT
    assert unit_from_values([2.5, 5], weekly=True) == PERSON_DAYS


def test_conversions_are_written_out() -> None:
    month = conversion(HOURS, False, 31, 152.0, 5.0)
    assert month.fte(176) == pytest.approx(176 / 152)
    assert describe(HOURS, False, [month]) == "read as hours per month; 152 h = 1.0 FTE (plan setting)"
    available = conversion(HOURS, False, 31, 152.0, 5.0, available_hours=160)
    assert available.fte(80) == 0.5 and available.basis == "available-hours row"
    assert conversion(PERSON_DAYS, True, 7, 152.0, 5.0).fte(2.5) == 0.5
    assert conversion(PERCENT, False, 30, 152.0, 5.0).fte(80) == 0.8
