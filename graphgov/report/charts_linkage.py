"""Charts of social work and three-society linkage (三社联动) per county.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: each chart takes the DataFrame an analysis returned
(datasets/README.md, Analysis definitions, §4.7-4.8) and ``ax=None``, and returns
``(fig, ax)``. Titles, legends and axis labels are the ``social-work.chart.*`` and
``linkage.chart.*`` messages of the language in use (:mod:`graphgov.report.i18n`).

Both charts rank counties by a share of their communities, worst first. A county of fewer
than :data:`~graphgov.report.chartkit.SMALL_GROUP` communities never leads: such counties
are drawn after all the others (ranked the same way among themselves), hatched, and the
legend says so (:func:`~graphgov.report.chartkit.rank_groups`).

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"county_code": ["330106000000"], "county_name": ["西湖区"],
...                      "communities": [7], "linked": [2], "unlinked": [1], "org_only": [1],
...                      "worker_only": [1], "none": [2]})
>>> fig, ax = linkage_by_county(rows)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from graphgov.meta import Targets
from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    county_labels,
    finish,
    house_style,
    legend_with,
    limited,
    mark_small,
    no_data,
    percent,
    rank_groups,
    small_handle,
)
from graphgov.report.i18n import num, t

__all__ = [
    "STATUS_COLORS",
    "linkage_by_county",
    "social_work_by_county",
    "status_label",
]

_TARGETS = Targets()  # the default targets drawn on the social-work chart

#: Three-society statuses of the `linkage` analysis, best first, with their colours.
STATUS_COLORS: dict[str, str] = {
    "linked": "#009E73",
    "unlinked": "#E69F00",
    "org_only": "#56B4E9",
    "worker_only": "#CC79A7",
    "none": COLORS["grey"],
}


def status_label(status: str) -> str:
    """A linkage status as the legend names it (message ``linkage.status.<status>``)."""
    return t(f"linkage.status.{status}")


@house_style
def social_work_by_county(
    sw: pd.DataFrame,
    *,
    urban_target: float = _TARGETS.social_work_urban_share,
    rural_target: float = _TARGETS.social_work_rural_share,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Per county, the share of urban and rural communities social work serves (an agency
    in it, an agency-run station there or an agency's purchased service for it: §4.7).

    Parameters
    ----------
    sw
        Rows of the `social-work` analysis: ``county_code, county_name,
        urban_communities, urban_served, urban_share, rural_communities, rural_served,
        rural_share`` (the ``served_by_*`` columns are not drawn).
    urban_target, rural_target
        The targets, drawn as dashed marks on each bar (by default
        :class:`~graphgov.meta.Targets`' ``social_work_urban_share`` and
        ``social_work_rural_share``).
    limit
        Show only the ``limit`` counties with the lowest urban share (None: all), counties
        of fewer than :data:`~graphgov.report.chartkit.SMALL_GROUP` communities (urban and
        rural) last.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title (default: message ``social-work.chart.title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = t("social-work.chart.title") if title is None else title
    sized = sw.assign(_size=sw["urban_communities"] + sw["rural_communities"])
    rows, small = rank_groups(
        sized, "urban_share", "_size", ascending=True, keys=("rural_share", "county_code")
    )
    rows, title = limited(rows, limit, title, t("social-work.chart.top"))
    small = small[: len(rows)][::-1]
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.42 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = rows.iloc[::-1]  # lowest urban share at the top
    y = np.arange(n)
    height = 0.38
    handles = []
    for offset, area, target in (
        (height / 2, "urban", urban_target),
        (-height / 2, "rural", rural_target),
    ):
        label = t(f"social-work.chart.{area}", target=percent(target))
        share = rows[f"{area}_share"].astype(float).fillna(0).to_numpy()
        bars = ax.barh(y + offset, share, height=height, color=COLORS[area], label=label)
        mark_small(bars, small)
        handles.append(bars)
        counts = zip(rows[f"{area}_served"], rows[f"{area}_communities"], strict=True)
        ax.bar_label(
            bars,
            labels=[f"{num(s)}/{num(c)}" if c else "" for s, c in counts],
            padding=3,
            fontsize=8,
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=4,
        )
        ax.vlines(
            [target] * n,
            y + offset - height / 2,
            y + offset + height / 2,
            colors=COLORS["benchmark"],
            linestyles="--",
            linewidth=1.2,
        )
    ax.set_yticks(y, county_labels(rows["county_code"], rows["county_name"]))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, 1.12)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color="0.9")
    target = Line2D(
        [], [], color=COLORS["benchmark"], linestyle="--", label=t("social-work.chart.target")
    )
    handles.append(target)
    if small.any():
        handles.append(small_handle(t("linkage.chart.small_what")))
    legend_with(ax, handles, ncols=3)
    finish(ax, title=title, xlabel=t("social-work.chart.xlabel"))
    return fig, ax


@house_style
def linkage_by_county(
    link: pd.DataFrame,
    *,
    normalize: bool = True,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Communities per linkage status, stacked per county (lowest linked share at the top).

    Parameters
    ----------
    link
        Rows of ``linkage(g, by="county")``: ``county_code, county_name, communities,
        linked, unlinked, org_only, worker_only, none``.
    normalize
        Draw shares of each county's communities (else counts).
    limit
        Show only the ``limit`` counties with the lowest linked share (None: all), counties
        of fewer than :data:`~graphgov.report.chartkit.SMALL_GROUP` communities last.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title (default: message ``linkage.chart.title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = t("linkage.chart.title") if title is None else title
    total = link["communities"].where(link["communities"] > 0)
    rows = link.assign(_share=link["linked"] / total)
    # Ties: more communities first, then by code (kept by rank_groups' stable sort).
    rows = rows.sort_values(["communities", "county_code"], ascending=[False, True])
    rows, small = rank_groups(rows, "_share", "communities", ascending=True)
    rows, title = limited(rows, limit, title, t("linkage.chart.top"))
    small = small[: len(rows)][::-1]
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 2.2)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = rows.iloc[::-1]
    y = np.arange(n)
    scale = rows["communities"].clip(lower=1).to_numpy() if normalize else np.ones(n)
    left = np.zeros(n)
    handles = []
    for status, color in STATUS_COLORS.items():
        width = rows[status].to_numpy() / scale
        bars = ax.barh(y, width, left=left, height=0.65, color=color, label=status_label(status))
        mark_small(bars, small)
        handles.append(bars)
        left += width
    for yi, end, linked, comm in zip(y, left, rows["linked"], rows["communities"], strict=True):
        ax.annotate(
            t("linkage.chart.linked_of", linked=num(linked), communities=num(comm)),
            (end, yi),
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, county_labels(rows["county_code"], rows["county_name"]))
    ax.set_ylim(-0.6, n - 0.4)
    if normalize:
        ax.set_xlim(0, 1.22)
        ax.set_xticks(np.linspace(0, 1, 6))
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    else:
        ax.set_xlim(0, max(1.0, float(left.max())) * 1.22)
    ax.grid(axis="x", color="0.9")
    if small.any():
        handles.append(small_handle(t("linkage.chart.small_what")))
    legend_with(ax, handles, ncols=3)
    xlabel = t("linkage.chart.xlabel_share" if normalize else "linkage.chart.xlabel_count")
    finish(ax, title=title, xlabel=xlabel)
    return fig, ax
