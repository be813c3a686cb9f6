"""The dates a trend is asked on: every year, quarter or month from one date to another.

>>> dates_between("2016-12-31", "2020-12-31", "year")
['2016-12-31', '2017-12-31', '2018-12-31', '2019-12-31', '2020-12-31']
>>> dates_between("2020-01-31", "2020-04-15", "month")
['2020-01-31', '2020-02-29', '2020-03-31', '2020-04-15']
"""

from __future__ import annotations

import calendar
import datetime as dt

from graphgov.errors import UsageError

__all__ = ["EVERY", "MAX_DATES", "dates_between", "parse_date"]

#: Months between two dates of a trend, per ``--every``.
EVERY = {"year": 12, "quarter": 3, "month": 1}
#: More dates than this is refused (a monthly trend over 30 years is 361).
MAX_DATES = 400


def parse_date(text: str, option: str) -> dt.date:
    """An ISO date given as `option`, or one UsageError line."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise UsageError(f"{option} {text!r}: not a date (YYYY-MM-DD)") from None


def _add_months(day: dt.date, months: int, anchor: int) -> dt.date:
    """`day` moved by `months`, on the `anchor` day of the month (or the month's last)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(anchor, last))


def dates_between(start: str, end: str, every: str = "year") -> list[str]:
    """`start`, then every `every` after it while before `end`, then `end` (ISO dates)."""
    if every not in EVERY:
        raise UsageError(f"--every {every!r}: one of {', '.join(EVERY)}")
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if last < first:
        raise UsageError(f"--to {end} is before --from {start}")
    out, k = [], 0
    while True:
        day = _add_months(first, k * EVERY[every], first.day)
        if day >= last:
            break
        out.append(day.isoformat())
        k += 1
        if len(out) > MAX_DATES:
            raise UsageError(f"more than {MAX_DATES} dates from {start} to {end}: ask less often")
    out.append(last.isoformat())
    return out
