"""The trend chart: each group's trajectory toward its target, and the projection ahead.

Solid lines are what the data says on each date; the target in force steps from one due
year to the next (``year`` and ``[by_year.YEAR]`` of targets.toml); a dashed line from the
last date carries the recent pace (:func:`graphgov.timeline.trend.projection`) to the date
the target would be met, marked as a projection. A group that will not meet it at this
pace says so beside its last point. With many groups only the :data:`SHOWN` furthest from
their target are drawn, and the title says how many in all.
"""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from graphgov.meta import Targets
from graphgov.report.chartkit import COLORS, axes_for, finish, house_style, literal, no_data
from graphgov.report.i18n import t
from graphgov.timeline.trend import MEASURES, projection

__all__ = ["SHOWN", "trend_chart"]

#: The most groups one trend chart draws.
SHOWN = 8
#: One colour per group (Okabe-Ito, colour-blind safe, as the house palette).
LINE_COLORS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
#: A projection is drawn at most this many years past the last date.
HORIZON_YEARS = 15


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text))


@house_style
def trend_chart(
    frame: pd.DataFrame, name: str, targets: Targets, *, ax: Axes | None = None
) -> tuple[Figure, Axes]:
    """Draw a :func:`graphgov.timeline.trend.trend` table of analysis `name`."""
    fig, ax = axes_for(ax, (9.0, 5.0))
    measure = MEASURES.get(name)
    title = t("trend.title", measure=t(f"trend.measure.{measure.label}") if measure else name)
    if measure is None or frame.empty:
        no_data(ax, title)
        return fig, ax
    ahead = projection(frame, name, targets)
    ahead = ahead.assign(gap=ahead["target"] - ahead["value"]).sort_values("gap", ascending=False)
    groups = ahead.head(SHOWN)
    data = frame.assign(value=measure.value(frame))
    last_day = max(_day(d) for d in frame["date"])
    for i, row in enumerate(groups.itertuples(index=False)):
        color = LINE_COLORS[i % len(LINE_COLORS)]
        part = data[data[measure.group] == row.group].sort_values("date")
        days = [_day(d) for d in part["date"]]
        ax.plot(days, part["value"], marker="o", color=color, label=literal(row.group_name))
        if row.status == "projected":
            end = min(
                _day(row.projected_date), last_day.replace(year=last_day.year + HORIZON_YEARS)
            )
            slope = row.pace_per_year / 365.25
            ax.plot([days[-1], end], [row.value, row.value + slope * (end - days[-1]).days],
                    linestyle="--", color=color)  # fmt: skip
        elif row.status == "not_at_this_pace":
            ax.annotate(
                t("trend.not_at_pace"), (days[-1], row.value), xytext=(6, 0),
                textcoords="offset points", fontsize=8, color=color, va="center",
            )  # fmt: skip
    first_day = min(_day(d) for d in frame["date"])
    steps = _target_steps(targets, first_day, ax.get_xlim(), measure)
    ax.step([s[0] for s in steps], [s[1] for s in steps], where="post", color=COLORS["national"],
            linewidth=1.2, label=t("trend.target"))  # fmt: skip
    ax.plot([], [], linestyle="--", color=COLORS["national"], label=t("trend.projection"))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    shown = t("trend.shown", shown=len(groups), n=len(ahead)) if len(ahead) > len(groups) else ""
    ax.legend(fontsize=8, loc="best")
    finish(
        ax,
        title=title + shown,
        xlabel=t("trend.axis_date"),
        ylabel=t(f"trend.measure.{measure.label}"),
    )
    return fig, ax


def _target_steps(targets: Targets, first: dt.date, xlim, measure) -> list[tuple[dt.date, float]]:
    """``(date, target)`` points of the target in force from `first` to the axis' end."""
    end = mdates.num2date(xlim[1]).date()
    points, day = [], first
    while day <= end:
        points.append((day, measure.target(targets.on(day.isoformat()))))
        day = dt.date(day.year + 1, 1, 1)
    points.append((end, points[-1][1]))
    return points
