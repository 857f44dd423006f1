"""US-style fiscal years: FY2017 runs 2016-10-01 .. 2017-09-30 with the federal start.

The start month and day are a plan setting; analysis aggregates by these years too.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def check_fy_start(month: int, day: int) -> None:
    """Fail early on a fiscal start that does not exist every year (e.g. Feb 29, Apr 31)."""
    date(2001, month, day)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def fiscal_year_bounds(fy: int, fy_start_month: int = 10, fy_start_day: int = 1) -> tuple[date, date]:
    """First and last day of fiscal year *fy*, named (US style) by the year it ends in.

    FY2017 runs 2016-10-01 .. 2017-09-30 with the US federal start; with a 1 January
    start the fiscal year is the calendar year.
    """
    check_fy_start(fy_start_month, fy_start_day)
    first_year = fy if (fy_start_month, fy_start_day) == (1, 1) else fy - 1
    start = date(first_year, fy_start_month, fy_start_day)
    return start, add_months(start, 12) - timedelta(days=1)


def fiscal_year_of(d: date, fy_start_month: int = 10, fy_start_day: int = 1) -> int:
    """The name of the fiscal year containing *d* (2016-10-01 is in FY2017 by default)."""
    check_fy_start(fy_start_month, fy_start_day)
    if (fy_start_month, fy_start_day) == (1, 1):
        return d.year
    return d.year + 1 if (d.month, d.day) >= (fy_start_month, fy_start_day) else d.year
