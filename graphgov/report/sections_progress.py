"""The report's progress section (进展, ``report all --since DATE``): how far we have come.

Built from :func:`graphgov.timeline.trend.trend` (the headline analyses asked on every
year-end from `since` to the dataset's date, on the same runner as the rest of the
report: pandas or Cypher) and :func:`graphgov.timeline.diff.diff` (what changed between
the two dates, per county). Charts: the trajectory of each headline measure toward its
target, with the projection (:func:`graphgov.report.charts_trend.trend_chart`). Tables: when
each county meets the coverage benchmark at its recent pace, and the diff per county.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from graphgov.report.charts_trend import trend_chart
from graphgov.report.document import Section
from graphgov.report.i18n import big, pct, t
from graphgov.timeline.dates import dates_between
from graphgov.timeline.diff import diff
from graphgov.timeline.trend import projection, trend

__all__ = ["TRENDS", "progress_section"]

#: The trends the section draws: (analysis, its options).
TRENDS = (
    ("coverage", {"by": "county"}),
    ("density", {"by": "county"}),
    ("social-work", {}),
    ("linkage", {"by": "county"}),
)


def _dates(since: str, as_of: str) -> list[str]:
    """Every year-end from `since` on, and `as_of` itself."""
    days = dates_between(since, as_of, "year")
    return sorted({*days, as_of})


def progress_section(g, run: Callable[..., pd.DataFrame], since: str) -> Section:
    """The progress section of graph `g` since `since` (an ISO date before its as_of)."""
    as_of = str(g.info.as_of)
    dates = _dates(since, as_of)
    charts, tables = [], []
    coverage = None
    for name, options in TRENDS:
        table = trend(g, name, dates=dates, run=run, **options)
        if table.empty:
            continue
        fig, _ = trend_chart(table, name, g.targets)
        charts.append((f"progress-{name}.png", fig))
        if name == "coverage":
            coverage = table
            ahead = projection(table, name, g.targets)
            ahead["status_name"] = ahead["status"].map(lambda s: t(f"progress.status.{s}"))
            first = ["group_name", "value", "target", "status_name", "projected_date"]
            tables.append(
                ("coverage-projection", ahead[[*first, *[c for c in ahead if c not in first]]])
            )
    change = diff(g, g, since, as_of)
    tables.append(("changes-by-county", change.summary))
    for kind in ("newly_covered", "coverage_lost", "covered_gone"):
        tables.append((kind.replace("_", "-"), change.details[kind]))
    total = change.summary.iloc[-1]
    share = _share(coverage, since), _share(coverage, as_of)
    headline = t(
        "progress.headline", since=since, as_of=as_of, before=pct(share[0]), after=pct(share[1]),
        founded=big(total["orgs_founded"]), newly=big(total["newly_covered"]),
        lost=big(total["coverage_lost"] + total["covered_gone"]),
        party_orgs=big(total["party_orgs_new"]),
        communities=big(total["communities_newly_covered"]),
    )  # fmt: skip
    return Section(
        key="progress",
        title=t("progress.title"),
        definition=t("progress.definition"),
        headline=headline,
        charts=charts,
        tables=tables,
        formats={"value": "{:.1%}", "target": "{:.1%}", "pace_per_year": "{:+.1%}"},
    )


def _share(table: pd.DataFrame | None, day: str) -> float:
    if table is None:
        return float("nan")
    rows = table[table["date"] == day]
    orgs = rows["orgs"].sum()
    return rows["org_covered"].sum() / orgs if orgs else float("nan")
