"""Tests for effortplanner.core.dates: human date text -> FuzzyDate."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from effortplanner.core import dates
from effortplanner.core.dates import (
    EARLIEST_PLAN_DATE,
    LATEST_PLAN_DATE,
    CERTAINTIES,
    DateParser,
    FuzzyDate,
    fiscal_year_bounds,
    fiscal_year_of,
    parse_date,
)
from effortplanner.core.date_years import years_mentioned

D = date


def _check(fd: FuzzyDate, *, kind: str = "date", earliest=None, latest=None, value=None,
           certainty: str | None = None, marker: object = "any") -> None:
    assert fd.kind == kind, fd
    if earliest is not None:
        assert fd.earliest == earliest, fd
    if latest is not None:
        assert fd.latest == latest, fd
    if value is not None:
        assert fd.value == value, fd
    if certainty is not None:
        assert fd.certainty == certainty, fd
    if marker != "any":
        assert fd.marker == marker, fd


# --- exact dates -------------------------------------------------------------------------
EXACT = [
    ("July, 21st 2017", D(2017, 7, 21)),
    ("July 31st, 2016", D(2016, 7, 31)),
    ("April 4th 2016", D(2016, 4, 4)),
    ("4 April 2016", D(2016, 4, 4)),
    ("2016-07-31", D(2016, 7, 31)),
    ("2016/7/31", D(2016, 7, 31)),
    ("31/07/2016", D(2016, 7, 31)),
    ("07/31/2016", D(2016, 7, 31)),
    ("3/4/2016", D(2016, 3, 4)),
    ("31.07.2016", D(2016, 7, 31)),
    ("31-12-2016", D(2016, 12, 31)),
    ("Jul 31 2016", D(2016, 7, 31)),
    ("1st of July 2016", D(2016, 7, 1)),
    ("the 1st of July, 2016", D(2016, 7, 1)),
    ("JULY 22ND 2016", D(2016, 7, 22)),
    ("  july   3rd   2016 ", D(2016, 7, 3)),
    ("Monday, July 4th 2016", D(2016, 7, 4)),
    ("4-Apr-16", D(2016, 4, 4)),
    ("3/4/16", D(2016, 3, 4)),
    ("2016 July 4", D(2016, 7, 4)),
    ("Sept. 2nd, 2016", D(2016, 9, 2)),
    ("29 February 2016", D(2016, 2, 29)),  # leap year
    ("20160731", D(2016, 7, 31)),
    ("42582", D(2016, 7, 31)),  # Excel serial as text
]


@pytest.mark.parametrize("text,expected", EXACT)
def test_exact_dates(text, expected):
    for role in ("start", "end", "point"):
        fd = parse_date(text, role)
        _check(fd, earliest=expected, latest=expected, value=expected, certainty="exact", marker=None)
        assert fd.text == text
        assert fd.is_valid and not fd.is_open_ended


def test_ambiguous_numeric_dates_say_which_reading_was_used():
    fd = parse_date("3/4/2016")
    assert fd.value == D(2016, 3, 4) and "month-first" in fd.note and "ambiguous" in fd.note
    fd = parse_date("3/4/2016", dayfirst=True)
    assert fd.value == D(2016, 4, 3) and "day-first" in fd.note and "ambiguous" in fd.note
    # Unambiguous ones win over the setting and say why.
    assert parse_date("31/07/2016").note == "day-first reading 31/07/2016"
    assert parse_date("07/31/2016", dayfirst=True).value == D(2016, 7, 31)
    assert "month-first" in parse_date("07/31/2016", dayfirst=True).note
    # Same day and month: nothing ambiguous, no note.
    assert parse_date("4/4/2016").note == ""
    # Dots are the European convention: day-first even by default.
    assert parse_date("03.04.2016").value == D(2016, 4, 3)


# --- non-text values ---------------------------------------------------------------------
VALUES = [
    (D(2016, 1, 2), D(2016, 1, 2)),
    (datetime(2016, 1, 2, 17, 30), D(2016, 1, 2)),
    (pd.Timestamp("2016-07-31 08:00"), D(2016, 7, 31)),
    (42582, D(2016, 7, 31)),
    (42582.75, D(2016, 7, 31)),  # fraction = time of day
    (np.int64(42582), D(2016, 7, 31)),
    (np.float64(42582.0), D(2016, 7, 31)),
    (Decimal("42582.5"), D(2016, 7, 31)),
    (43831, D(2020, 1, 1)),
    (109574, D(2199, 12, 31)),
    ("18264", D(1950, 1, 1)),
]


@pytest.mark.parametrize("value,expected", VALUES)
def test_real_dates_and_excel_serials_are_exact(value, expected):
    fd = parse_date(value, "end")
    _check(fd, earliest=expected, latest=expected, value=expected, certainty="exact")
    assert fd.text == str(value)


@pytest.mark.parametrize("value", [60, "60", 17, "17", "3.4", 18263, 109575, 2958465, 0, -1, 2958466, 1e300, float("inf"), True, False, [1, 2], {"a": 1},
                                   object(), b"2016", Decimal("-3"), 123456789, "0", 1 + 2j])
def test_impossible_numbers_and_objects_are_invalid(value):
    fd = parse_date(value)
    _check(fd, kind="invalid", certainty="unknown")
    assert fd.value is fd.earliest is fd.latest is None
    assert fd.note and not fd.is_valid


def test_small_numbers_in_a_date_column_are_not_days_in_1900():
    assert "not a year, nor an Excel date between 1950 and 2199" in parse_date(17).note


def test_whole_numbers_1900_to_2199_are_years():
    for value in (2017, 2017.0, np.int64(2017), "2017", Fraction(2017)):
        fd = parse_date(value)
        _check(fd, earliest=D(2017, 1, 1), latest=D(2017, 12, 31), certainty="approximate")
    assert "read as a year" in parse_date(2017).note
    assert parse_date(1899).kind == "invalid"  # neither a plan year nor a plausible serial
    assert parse_date(2200).kind == "invalid"


# --- open-ended, empty, invalid ----------------------------------------------------------
@pytest.mark.parametrize("text", ["Permanent position", "permanent", "PERMANENT", "open-ended", "open ended",
                                  "Open\u2013ended", "indefinite", "no end", "staff", "Staff member",
                                  "until further notice", "ongoing"])
def test_open_ended(text):
    fd = parse_date(text, "end")
    _check(fd, kind="open_ended", certainty="exact")
    assert fd.value is fd.earliest is fd.latest is None
    assert fd.is_open_ended and fd.is_valid and fd.text == text


def test_open_ended_with_doubt_is_uncertain():
    assert parse_date("permanent?").certainty == "uncertain"


@pytest.mark.parametrize("value,text", [(None, ""), ("", ""), ("   ", "   "), ("-", "-"), ("n/a", "n/a"),
                                        ("N/A", "N/A"), ("?", "?"), (" ? ", " ? "), (float("nan"), ""),
                                        (np.nan, ""), (pd.NaT, ""), (pd.NA, ""), ("TBD", "TBD")])
def test_empty(value, text):
    fd = parse_date(value)
    _check(fd, kind="empty", certainty="")
    assert fd.value is None and fd.text == text and fd.is_valid and not fd.is_open_ended


INVALID = [
    ("soon", "not a date"),
    ("when funding allows", "not a date"),
    ("31/31/2016", "month out of range"),
    ("February 30th 2016", "day out of range"),
    ("February 29th 2017", "day out of range"),
    ("April 31 2016", "day out of range"),
    ("2016-13-01", "month out of range"),
    ("13/2016", "month out of range"),
    ("July 4 1776", "year 1776 out of range"),
    ("summer 2016/2018", "consecutive"),
    ("FY16/18", "consecutive"),
    ("leaving", "no date"),
    ("Q5 2016", "not a date"),
    ("early", "not a date"),
    ("2017 - 2016", "ends before it starts"),
]


@pytest.mark.parametrize("text,why", INVALID)
def test_invalid_says_why(text, why):
    fd = parse_date(text, context_year=2016)
    _check(fd, kind="invalid", certainty="unknown")
    assert fd.value is fd.earliest is fd.latest is None
    assert why in fd.note and fd.text == text and not fd.is_valid


# --- markers and deadlines ---------------------------------------------------------------
MARKERS = [
    ("Arrives on April 4th, 2016", "start", D(2016, 4, 4), D(2016, 4, 4), "exact"),
    ("arriving April 4th 2016", "start", D(2016, 4, 4), D(2016, 4, 4), "exact"),
    ("Starts 1 July 2016", "start", D(2016, 7, 1), D(2016, 7, 1), "exact"),
    ("joins Sep 2016", "start", D(2016, 9, 1), D(2016, 9, 30), "approximate"),
    ("from Q3 2016", "start", D(2016, 7, 1), D(2016, 9, 30), "approximate"),
    ("leaving on July 1st 2016", "end", D(2016, 7, 1), D(2016, 7, 1), "exact"),
    ("leaving summer 2017", "end", D(2017, 6, 1), D(2017, 8, 31), "approximate"),
    ("Contract ends: 30 June 2017", "end", D(2017, 6, 30), D(2017, 6, 30), "exact"),
    ("Departing 2017", "end", D(2017, 1, 1), D(2017, 12, 31), "approximate"),
    ("start of June 2016", None, D(2016, 6, 1), D(2016, 6, 10), "approximate"),  # "start of" is "early"
    ("end of June 2016", None, D(2016, 6, 21), D(2016, 6, 30), "approximate"),
    ("from the end of June 2016", "start", D(2016, 6, 21), D(2016, 6, 30), "approximate"),
]


@pytest.mark.parametrize("text,marker,earliest,latest,certainty", MARKERS)
def test_markers_are_stripped_and_recorded(text, marker, earliest, latest, certainty):
    fd = parse_date(text, "start")
    _check(fd, earliest=earliest, latest=latest, value=earliest, certainty=certainty, marker=marker)


@pytest.mark.parametrize("text", ["by September 2016", "before September 2016", "no later than Sept 2016",
                                  "until September 2016", "leaving by Sep 2016"])
def test_deadlines_take_the_last_day_whatever_the_role(text):
    for role in ("start", "end", "point"):
        _check(parse_date(text, role), earliest=D(2016, 9, 1), latest=D(2016, 9, 30), value=D(2016, 9, 30),
               certainty="approximate", marker="end")


# --- periods -----------------------------------------------------------------------------
PERIODS = [
    # seasons (northern meteorological) and thirds
    ("Summer 2016", D(2016, 6, 1), D(2016, 8, 31)),
    ("spring 2016", D(2016, 3, 1), D(2016, 5, 31)),
    ("fall 2016", D(2016, 9, 1), D(2016, 11, 30)),
    ("Autumn 2016", D(2016, 9, 1), D(2016, 11, 30)),
    ("winter 2016", D(2016, 12, 1), D(2017, 2, 28)),
    ("winter 2015", D(2015, 12, 1), D(2016, 2, 29)),
    ("winter 2016/17", D(2016, 12, 1), D(2017, 2, 28)),
    ("summer '16", D(2016, 6, 1), D(2016, 8, 31)),
    ("late Spring 2016", D(2016, 5, 1), D(2016, 5, 31)),
    ("early spring 2016", D(2016, 3, 1), D(2016, 3, 31)),
    ("mid-summer 2016", D(2016, 7, 1), D(2016, 7, 31)),
    ("late fall 2016", D(2016, 11, 1), D(2016, 11, 30)),
    ("mid July 2016", D(2016, 7, 11), D(2016, 7, 21)),
    ("early 2017", D(2017, 1, 1), D(2017, 4, 30)),
    ("late winter 2016", D(2017, 2, 1), D(2017, 2, 28)),
    ("mid Q3 2016", D(2016, 8, 1), D(2016, 8, 31)),
    ("late FY17", D(2017, 6, 1), D(2017, 9, 30)),
    ("early Feb 2017", D(2017, 2, 1), D(2017, 2, 9)),
    # months
    ("Sep 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("September 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("Sept. 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("Feb 2016", D(2016, 2, 1), D(2016, 2, 29)),
    ("Jan-18", D(2018, 1, 1), D(2018, 1, 31)),
    ("Jan '18", D(2018, 1, 1), D(2018, 1, 31)),
    ("Jan-70", D(1970, 1, 1), D(1970, 1, 31)),
    ("Jan-69", D(2069, 1, 1), D(2069, 1, 31)),
    ("01/2018", D(2018, 1, 1), D(2018, 1, 31)),
    ("2018-01", D(2018, 1, 1), D(2018, 1, 31)),
    ("2016 December", D(2016, 12, 1), D(2016, 12, 31)),
    # quarters
    ("Q3 2016", D(2016, 7, 1), D(2016, 9, 30)),
    ("2016 Q3", D(2016, 7, 1), D(2016, 9, 30)),
    ("Q3/2016", D(2016, 7, 1), D(2016, 9, 30)),
    ("3Q16", D(2016, 7, 1), D(2016, 9, 30)),
    ("q4-16", D(2016, 10, 1), D(2016, 12, 31)),
    ("third quarter of 2016", D(2016, 7, 1), D(2016, 9, 30)),
    ("FY17 Q1", D(2016, 10, 1), D(2016, 12, 31)),
    ("Q1 FY17", D(2016, 10, 1), D(2016, 12, 31)),
    ("FY2017Q4", D(2017, 7, 1), D(2017, 9, 30)),
    # fiscal and calendar years
    ("FY17", D(2016, 10, 1), D(2017, 9, 30)),
    ("FY 2017", D(2016, 10, 1), D(2017, 9, 30)),
    ("fy2017", D(2016, 10, 1), D(2017, 9, 30)),
    ("FY16/17", D(2016, 10, 1), D(2017, 9, 30)),
    ("2017", D(2017, 1, 1), D(2017, 12, 31)),
    # ranges
    ("Jun - Aug 2016", D(2016, 6, 1), D(2016, 8, 31)),
    ("Nov-Feb 2017", D(2016, 11, 1), D(2017, 2, 28)),
    ("2016-2017", D(2016, 1, 1), D(2017, 12, 31)),
    ("between 1 July 2016 and 30 June 2017", D(2016, 7, 1), D(2017, 6, 30)),
    ("July 2016 to March", D(2016, 7, 1), D(2017, 3, 31)),
]


@pytest.mark.parametrize("text,earliest,latest", PERIODS)
def test_periods_are_approximate_ranges(text, earliest, latest):
    start, end, point = (parse_date(text, role) for role in ("start", "end", "point"))
    for fd in (start, end, point):
        _check(fd, earliest=earliest, latest=latest, certainty="approximate", marker=None)
    assert start.value == earliest and end.value == latest
    assert point.value == earliest + (latest - earliest) // 2


def test_point_is_the_middle_rounded_down():
    assert parse_date("Summer 2016").value == D(2016, 7, 16)  # 92 days: day 45 after June 1
    assert parse_date("Feb 2016").value == D(2016, 2, 15)  # 29 days: 14 after Feb 1
    assert parse_date("Feb 2017").value == D(2017, 2, 14)  # 28 days: 13.5 -> 13


def test_winter_notes_its_ambiguity():
    assert "ambiguous" in parse_date("winter 2016").note
    assert "ambiguous" not in parse_date("winter 2016/17").note


def test_fiscal_start_is_respected():
    uk = DateParser(fy_start_month=4, fy_start_day=1)
    _check(uk.parse("FY17"), earliest=D(2016, 4, 1), latest=D(2017, 3, 31))
    _check(uk.parse("FY17 Q2"), earliest=D(2016, 7, 1), latest=D(2016, 9, 30))
    cal = DateParser(fy_start_month=1, fy_start_day=1)
    _check(cal.parse("FY2017"), earliest=D(2017, 1, 1), latest=D(2017, 12, 31))
    odd = DateParser(fy_start_month=10, fy_start_day=31)
    _check(odd.parse("FY17 Q2"), earliest=D(2017, 1, 31), latest=D(2017, 4, 29))
    assert parse_date("Q3 2016", fy_start_month=4).earliest == D(2016, 7, 1)  # calendar quarter untouched
    with pytest.raises(ValueError):
        DateParser(fy_start_month=2, fy_start_day=30)
    with pytest.raises(ValueError):
        DateParser(fy_start_month=13)


# --- doubt -------------------------------------------------------------------------------
@pytest.mark.parametrize("text,earliest,latest", [
    ("spring 2017?", D(2017, 3, 1), D(2017, 5, 31)),
    ("maybe spring 2017", D(2017, 3, 1), D(2017, 5, 31)),
    ("July 4th 2016?", D(2016, 7, 4), D(2016, 7, 4)),
    ("probably July 4th 2016", D(2016, 7, 4), D(2016, 7, 4)),
    ("Sep 2016 (tbc)", D(2016, 9, 1), D(2016, 9, 30)),
    ("TBD: Q3 2016", D(2016, 7, 1), D(2016, 9, 30)),
    ("approx. Sep 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("around Sep 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("about Sep 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("circa 2017", D(2017, 1, 1), D(2017, 12, 31)),
    ("~Sep 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("Sep? 2016", D(2016, 9, 1), D(2016, 9, 30)),
    ("leaving spring 2017?", D(2017, 3, 1), D(2017, 5, 31)),
])
def test_doubt_words_make_it_uncertain(text, earliest, latest):
    _check(parse_date(text), earliest=earliest, latest=latest, certainty="uncertain")


# --- missing years -----------------------------------------------------------------------
@pytest.mark.parametrize("text,earliest,latest,marker", [
    ("July 1st", D(2016, 7, 1), D(2016, 7, 1), None),
    ("leaving on July 1st", D(2016, 7, 1), D(2016, 7, 1), "end"),
    ("late spring", D(2016, 5, 1), D(2016, 5, 31), None),
    ("Sep", D(2016, 9, 1), D(2016, 9, 30), None),
    ("7/31", D(2016, 7, 31), D(2016, 7, 31), None),
    ("Q3", D(2016, 7, 1), D(2016, 9, 30), None),
    ("Nov - Feb", D(2016, 11, 1), D(2017, 2, 28), None),
])
def test_missing_year_needs_context(text, earliest, latest, marker):
    without = parse_date(text)
    _check(without, kind="invalid", certainty="unknown", marker=marker)
    assert without.value is None and "no year given" in without.note
    with_ctx = parse_date(text, "start", context_year=2016)
    _check(with_ctx, earliest=earliest, latest=latest, value=earliest, certainty="approximate", marker=marker)
    assert "year 2016 taken from context" in with_ctx.note


def test_context_year_never_improves_doubt_and_is_not_used_when_a_year_is_given():
    assert parse_date("July 1st?", context_year=2016).certainty == "uncertain"
    fd = parse_date("July 1st 2015", context_year=2016)
    assert fd.value == D(2015, 7, 1) and fd.certainty == "exact" and "context" not in fd.note
    assert parse_date("February 29", context_year=2017).note == "day out of range for the month"
    assert parse_date("February 29", context_year=2016).value == D(2016, 2, 29)


def test_changing_context_year_is_not_served_stale():
    p = DateParser()
    assert p.parse("July 1st").kind == "invalid"
    p.context_year = 2016
    assert p.parse("July 1st").value == D(2016, 7, 1)
    p.context_year = 2017
    assert p.parse("July 1st").value == D(2017, 7, 1)
    p.context_year = None
    assert p.parse("July 1st").kind == "invalid"


# --- parse_span --------------------------------------------------------------------------
def test_span_start_only():
    start, end = DateParser().parse_span("Arrives on April 4th, 2016")
    _check(start, earliest=D(2016, 4, 4), value=D(2016, 4, 4), certainty="exact", marker="start")
    _check(end, kind="empty", certainty="unknown")
    assert end.text == "" and end.value is None and "no end" in end.note


def test_span_start_and_end():
    start, end = DateParser().parse_span("arriving April 4th 2016, leaving spring 2017?")
    _check(start, earliest=D(2016, 4, 4), latest=D(2016, 4, 4), value=D(2016, 4, 4), certainty="exact",
           marker="start")
    _check(end, earliest=D(2017, 3, 1), latest=D(2017, 5, 31), value=D(2017, 5, 31), certainty="uncertain",
           marker="end")
    assert start.text == "arriving April 4th 2016" and end.text == "leaving spring 2017?"


@pytest.mark.parametrize("text,start,end", [
    ("Arriving April 4th, 2016; leaving July 31st, 2017", D(2016, 4, 4), D(2017, 7, 31)),
    ("starts Sep 2016 and ends by Q2 2017", D(2016, 9, 1), D(2017, 6, 30)),
    ("from July 2016 until June 2017", D(2016, 7, 1), D(2017, 6, 30)),
    ("Jul 2016 - Jun 2017", D(2016, 7, 1), D(2017, 6, 30)),
])
def test_span_two_dates(text, start, end):
    s, e = DateParser().parse_span(text)
    assert s is not None and s.marker == "start" and s.value == start, s
    assert e.marker == "end" and e.value == end, e


@pytest.mark.parametrize("value,expected", [("July 31st, 2016", D(2016, 7, 31)), ("July, 21st 2017", D(2017, 7, 21)),
                                            ("leaving on July 31st 2016", D(2016, 7, 31)),
                                            (D(2016, 7, 31), D(2016, 7, 31)), (42582, D(2016, 7, 31))])
def test_span_end_only(value, expected):
    start, end = DateParser().parse_span(value)
    assert start is None
    _check(end, earliest=expected, latest=expected, value=expected, certainty="exact")


def test_span_end_role_and_open_ended_and_blank():
    start, end = DateParser().parse_span("summer 2017")
    assert start is None and end.value == D(2017, 8, 31)
    start, end = DateParser().parse_span("Permanent position")
    assert start is None and end.is_open_ended
    start, end = DateParser().parse_span(None)
    assert start is None and end.kind == "empty"
    start, end = DateParser().parse_span("gibberish, more gibberish")
    assert start is None and end.kind == "invalid"


# --- fiscal helpers and years_mentioned ---------------------------------------------------
def test_fiscal_year_bounds_and_of():
    assert fiscal_year_bounds(2017) == (D(2016, 10, 1), D(2017, 9, 30))
    assert fiscal_year_bounds(2017, 1, 1) == (D(2017, 1, 1), D(2017, 12, 31))
    assert fiscal_year_bounds(2017, 4, 6) == (D(2016, 4, 6), D(2017, 4, 5))
    assert fiscal_year_of(D(2016, 10, 1)) == 2017
    assert fiscal_year_of(D(2016, 9, 30)) == 2016
    assert fiscal_year_of(D(2016, 12, 31), 1, 1) == 2016
    assert fiscal_year_of(datetime(2016, 4, 6, 12), 4, 6) == 2017


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2199, 1, 1)), st.integers(1, 12), st.integers(1, 31))
def test_fiscal_year_of_lies_in_its_bounds(d, month, day):
    try:
        date(2001, month, day)
    except ValueError:
        return  # no such fiscal start every year; DateParser refuses those
    fy = fiscal_year_of(d, month, day)
    first, last = fiscal_year_bounds(fy, month, day)
    assert first <= d <= last
    assert fiscal_year_bounds(fy + 1, month, day)[0] == last + timedelta(days=1)


def test_years_mentioned():
    assert years_mentioned("Staffing plan FY17 (updated 2016-07-31), fy 2018, serial 42582") == [2017, 2016, 2018]
    assert years_mentioned("Budget 2015 vs 2016 vs 2016") == [2015, 2016, 2016]
    assert years_mentioned("FY2017") == [2017]
    assert years_mentioned("12345 1899 2200 20170") == []
    assert years_mentioned("") == [] and years_mentioned(None) == []  # type: ignore[arg-type]


# --- caching -----------------------------------------------------------------------------
def test_each_distinct_text_is_parsed_once(monkeypatch):
    calls: list[object] = []
    real = dates._parse_uncached

    def counting(value, role, settings_, year):
        calls.append((value, role))
        return real(value, role, settings_, year)

    monkeypatch.setattr(dates, "_parse_uncached", counting)
    p = DateParser(context_year=2016)
    texts = ["July 1st", "Summer 2016", "Permanent position", "42582"]
    for _ in range(500):
        for t in texts:
            p.parse(t, "end")
    assert len(calls) == 4
    p.parse("  SUMMER   2016 ", "end")  # same normalised text: still cached ...
    assert len(calls) == 4
    p.parse("Summer 2016", "start")  # ... but another role is another parse
    assert len(calls) == 5
    info = p.cache_info()
    assert info.misses == 5 and info.hits == 2000 - 4 + 1
    p.context_year = 2017
    p.parse("July 1st", "end")
    assert len(calls) == 6


def test_cache_hit_keeps_the_text_as_written():
    p = DateParser()
    assert p.parse("summer 2016").text == "summer 2016"
    fd = p.parse("  SUMMER 2016")
    assert fd.text == "  SUMMER 2016" and fd.earliest == D(2016, 6, 1)
    assert p.cache_info().hits == 1


def test_missing_values_share_one_cache_entry():
    p = DateParser()
    for _ in range(100):
        assert p.parse(float("nan")).kind == "empty"
    assert p.parse(None).kind == "empty"
    assert p.cache_info().currsize == 1 and p.cache_info().misses == 1


def test_unhashable_values_are_not_cached_but_parsed():
    p = DateParser()
    assert p.parse([2016]).kind == "invalid"
    assert p.parse([2016]).kind == "invalid"
    assert p.cache_info().misses == 2 and p.cache_info().currsize == 0


# --- API odds and ends -------------------------------------------------------------------
def test_certainties_match_the_schema():
    from effortplanner.core.schema import CERTAINTIES as SCHEMA_CERTAINTIES
    assert CERTAINTIES == SCHEMA_CERTAINTIES == ("exact", "approximate", "uncertain", "unknown")


def test_bad_role_is_a_programming_error():
    with pytest.raises(ValueError):
        DateParser().parse("2016", role="middle")


def test_fuzzy_date_is_frozen():
    fd = parse_date("2016-07-31")
    with pytest.raises(AttributeError):
        fd.value = D(2000, 1, 1)  # type: ignore[misc]


# --- properties --------------------------------------------------------------------------
def _assert_consistent(fd: FuzzyDate) -> None:
    assert isinstance(fd, FuzzyDate)
    assert fd.kind in ("date", "open_ended", "empty", "invalid")
    assert "internal error" not in fd.note
    assert fd.marker in (None, "start", "end")
    assert isinstance(fd.text, str)
    if fd.kind == "date":
        assert fd.certainty in CERTAINTIES[:3]
        assert fd.earliest is not None and fd.latest is not None and fd.value is not None
        assert fd.earliest <= fd.value <= fd.latest
        if fd.certainty == "exact":
            assert fd.earliest == fd.latest == fd.value
    elif fd.kind == "empty":
        assert fd.value is None and fd.certainty in ("", "unknown")
    elif fd.kind == "invalid":
        assert fd.value is fd.earliest is fd.latest is None and fd.certainty == "unknown" and fd.note
    else:
        assert fd.value is None and fd.certainty in ("exact", "uncertain")


_WORDS = st.sampled_from(["july", "sep", "spring", "winter", "late", "mid", "early", "q3", "fy17", "by", "leaving",
                          "arriving", "from", "to", "-", "/", ",", "?", "2016", "17", "31", "4th", "1st", "of", "the",
                          "and", "between", "permanent", "'16", "42582", "60", "2199", "9999", "feb", "29", "."])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(_WORDS, max_size=6).map(" ".join), st.lists(_WORDS, max_size=6).map("".join)),
       st.sampled_from(["start", "end", "point"]), st.one_of(st.none(), st.integers(1, 9999), st.integers()),
       st.booleans())
def test_arbitrary_text_never_raises(text, role, context_year, dayfirst):
    p = DateParser(dayfirst=dayfirst, context_year=context_year)
    _assert_consistent(p.parse(text, role))
    start, end = p.parse_span(text)
    _assert_consistent(end)
    if start is not None:
        _assert_consistent(start)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.datetimes(),
                 st.decimals(), st.fractions(), st.binary(), st.lists(st.integers()),
                 st.dictionaries(st.text(), st.integers()), st.complex_numbers(), st.tuples(st.integers())),
       st.sampled_from(["start", "end", "point"]))
def test_arbitrary_objects_never_raise(value, role):
    fd = DateParser(context_year=2016).parse(value, role)
    _assert_consistent(fd)
    if isinstance(value, (date, datetime)):
        inside = EARLIEST_PLAN_DATE <= (value.date() if isinstance(value, datetime) else value) <= LATEST_PLAN_DATE
        assert fd.certainty == ("exact" if inside else "unknown")
        assert inside or (fd.kind == "invalid" and "kept as written" in fd.note and fd.text == str(value))
    if isinstance(value, float) and math.isnan(value):
        assert fd.kind == "empty"


_FORMATS = ["%B %d, %Y", "%b %d %Y", "%d %B %Y", "%Y-%m-%d", "%d-%b-%Y", "%A, %B %d %Y", "%d.%m.%Y"]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2199, 12, 31)), st.sampled_from(_FORMATS),
       st.sampled_from(["", "st", "th"]), st.booleans())
def test_formatted_dates_round_trip(d, fmt, ordinal, upper):
    text = d.strftime(fmt)
    if ordinal and "%d," in fmt:
        text = text.replace(f"{d.day:02d},", f"{d.day}{ordinal},")
    fd = parse_date(text.upper() if upper else text, "point")
    assert fd.kind == "date" and fd.value == d and fd.certainty == "exact", (text, fd)


@settings(max_examples=200, deadline=None)
@given(st.integers(18264, 109574))
def test_excel_serials_round_trip(serial):
    expected = D(1899, 12, 30) + timedelta(days=serial)
    fd = parse_date(serial)
    if expected is not None:
        assert fd.value == expected and fd.certainty == "exact"
        assert parse_date(str(serial)).value == expected
        assert parse_date(serial + 0.5).value == expected
