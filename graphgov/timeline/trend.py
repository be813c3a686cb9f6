"""Progress over time: an analysis asked on many dates, and when a target would be met.

:func:`trend` asks one analysis on each date, on the same graph (built once: every dated
fact is read on the date asked, §4.0), and stacks the answers into one long table with a
``date`` column first. :func:`projection` reads a trend's headline measure per group and
extends its recent pace linearly to the target in force (:meth:`graphgov.meta.Targets.on`):
the date it would be met, or that it is not met at this pace.

Examples
--------
>>> from graphgov.datasets import tiny
>>> g = tiny()
>>> t = trend(g, "coverage", dates=["2017-12-31", "2018-12-31", "2020-12-31"], by="county")
>>> t[["date", "group_name", "orgs", "org_covered"]]
         date group_name  orgs  org_covered
0  2017-12-31        西湖区    10            2
1  2018-12-31        西湖区    10            4
2  2020-12-31        西湖区    10            4

The joint branch PB0000003 (since 2018-09) covers two more. At the pace of those three
dates (+5.7 points a year) 40.0% reaches the 82.9% benchmark in mid-2028:

>>> p = projection(t, "coverage", g.targets)
>>> p[["group_name", "value", "target", "status", "projected_date"]]
  group_name  value  target     status projected_date
0        西湖区    0.4   0.829  projected     2028-07-06
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphgov.analyses import ANALYSES, run_analysis
from graphgov.errors import UsageError
from graphgov.meta import Targets

__all__ = ["MEASURES", "Measure", "projection", "trend"]

Runner = Callable[..., pd.DataFrame]
#: How many of the last dates the pace is read from.
RECENT = 3
#: A target further away than this at the recent pace is "not at this pace".
HORIZON_YEARS = 50
_FLAT = 1e-9  # a pace this small is no pace (rounding of equal values)


@dataclass(frozen=True)
class Measure:
    """The headline figure of an analysis' trend: its group columns, its value, its target."""

    group: str
    name: str
    value: Callable[[pd.DataFrame], pd.Series]
    target: Callable[[Targets], float]
    label: str  #: the column whose name the chart's message key uses


def _column(name: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda frame: frame[name].astype(float)


def _linked_share(frame: pd.DataFrame) -> pd.Series:
    communities = frame["communities"].astype(float)
    return (frame["linked"] / communities.where(communities > 0)).astype(float)


#: Per analysis, the measure its trend chart and projection follow.
MEASURES: dict[str, Measure] = {
    "coverage": Measure("group", "group_name", _column("org_coverage"),
                        lambda t: t.org_coverage_benchmark, "org_coverage"),
    "density": Measure("county_code", "county_name", _column("urban_average"),
                       lambda t: float(t.community_urban_min), "urban_average"),
    "social-work": Measure("county_code", "county_name", _column("rural_share"),
                           lambda t: t.social_work_rural_share, "rural_share"),
    "linkage": Measure("county_code", "county_name", _linked_share,
                       lambda t: 1.0, "linked_share"),
}  # fmt: skip


def trend(
    g, name: str, *, dates: Sequence[str], run: Runner | None = None, **options: object
) -> pd.DataFrame:
    """Analysis `name` asked on each of `dates` (with `options`, e.g. ``by="county"``), as
    one table: ``date`` first, then the analysis' own columns, dates in the order given.

    `run(name, **options)` answers an analysis (default: the pandas function on `g`; the
    Neo4j backend passes its Cypher runner).
    """
    record = ANALYSES.get(name)
    if record is None:
        raise UsageError(f"trend {name}: no such analysis")
    if "as_of" not in record.takes:
        raise UsageError(f"trend {name}: the analysis is not read on a date (it has no --as-of)")
    ask = run or (lambda n, **o: run_analysis(g, n, **o))
    frames = []
    for day in dates:
        frame = ask(name, as_of=day, **{k: v for k, v in options.items() if v is not None})
        frames.append(frame.assign(date=day)[["date", *frame.columns]])
    return pd.concat(frames, ignore_index=True)


def _years(a: str, b: str) -> float:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days / 365.25


def projection(frame: pd.DataFrame, name: str, targets: Targets) -> pd.DataFrame:
    """Per group of a :func:`trend` table: the last value, the target in force on the last
        date, the pace (per year, least squares over the last :data:`RECENT` dates), and
        ``status``: ``met`` (already at or above the target), ``projected`` (``projected_date``
        is when the line reaches it), ``not_at_this_pace`` (the pace is flat or falling) or
        ``no_data``. Also the projected value at each target's due year-end (``at_YEAR``; empty
    for a year already past on the last date).
    """
    measure = MEASURES.get(name)
    if measure is None:
        raise UsageError(f"trend {name}: no headline measure to project ({', '.join(MEASURES)})")
    data = frame.assign(value=measure.value(frame))
    due = sorted(targets.schedule())
    rows = []
    for (group, label), part in data.groupby(
        [measure.group, measure.name], sort=True, dropna=False
    ):
        part = part.dropna(subset=["value"]).sort_values("date")
        row = {"group": group, "group_name": label, "value": np.nan, "target": np.nan,
               "pace_per_year": np.nan, "status": "no_data", "projected_date": ""}  # fmt: skip
        if len(part):
            last = part.iloc[-1]
            target = measure.target(targets.on(last["date"]))
            row.update(value=float(last["value"]), target=float(target))
            recent = part.tail(RECENT)
            x = np.array([_years(part["date"].iloc[0], d) for d in recent["date"]])
            pace = (
                float(np.polyfit(x, recent["value"].to_numpy(float), 1)[0])
                if len(recent) > 1
                else 0.0
            )
            row["pace_per_year"] = pace
            if row["value"] >= target:
                row["status"] = "met"
            elif pace > _FLAT and (target - row["value"]) / pace <= HORIZON_YEARS:
                years = (target - row["value"]) / pace
                when = dt.date.fromisoformat(last["date"]) + dt.timedelta(
                    days=round(years * 365.25)
                )
                row.update(status="projected", projected_date=when.isoformat())
            else:
                row["status"] = "not_at_this_pace"
            for year in due:
                ahead = _years(last["date"], f"{year}-12-31")
                row[f"at_{year}"] = row["value"] + pace * ahead if ahead >= 0 else np.nan
        rows.append(row)
    return pd.DataFrame(rows)
