"""Charts of social work and three-society linkage (三社联动) per county.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: each chart takes the DataFrame an analysis returned
(datasets/README.md, Analysis definitions, §4.7-4.8) and ``ax=None``, and returns
``(fig, ax)``.

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
    legend_below,
    legend_with,
    limited,
    no_data,
    percent,
)

__all__ = ["STATUS_COLORS", "STATUS_LABELS", "linkage_by_county", "social_work_by_county"]

_TARGETS = Targets()  # the default targets drawn on the social-work chart

#: Three-society statuses of the `linkage` analysis, best first, with their colours.
STATUS_COLORS: dict[str, str] = {
    "linked": "#009E73",
    "unlinked": "#E69F00",
    "org_only": "#56B4E9",
    "worker_only": "#CC79A7",
    "none": COLORS["grey"],
}
STATUS_LABELS: dict[str, str] = {
    "linked": "Linked 已联动 (community tie)",
    "unlinked": "Unlinked: organization and worker, no community tie",
    "org_only": "Organization only",
    "worker_only": "Social worker only",
    "none": "Neither",
}


@house_style
def social_work_by_county(
    sw: pd.DataFrame,
    *,
    urban_target: float = _TARGETS.social_work_urban_share,
    rural_target: float = _TARGETS.social_work_rural_share,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str = "Communities served by social work (agency, station or purchase), by county",
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
        Show only the ``limit`` counties with the lowest urban share (None: all).
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    rows = sw.sort_values(["urban_share", "rural_share", "county_code"], na_position="last")
    rows, title = limited(rows, limit, title, "lowest")
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
        label = f"{'Urban 社区' if area == 'urban' else 'Rural 村'} (target {percent(target)})"
        share = rows[f"{area}_share"].astype(float).fillna(0).to_numpy()
        bars = ax.barh(y + offset, share, height=height, color=COLORS[area], label=label)
        handles.append(bars)
        counts = zip(rows[f"{area}_served"], rows[f"{area}_communities"], strict=True)
        ax.bar_label(
            bars,
            labels=[f"{s}/{c}" if c else "" for s, c in counts],
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
    target = Line2D([], [], color=COLORS["benchmark"], linestyle="--", label="Target")
    legend_with(ax, [*handles, target], ncols=3)
    finish(ax, title=title, xlabel="Share of communities served (served/communities)")
    return fig, ax


@house_style
def linkage_by_county(
    link: pd.DataFrame,
    *,
    normalize: bool = True,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str = "Three-society linkage (三社联动) of communities, by county",
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
        Show only the ``limit`` counties with the lowest linked share (None: all).
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    total = link["communities"].where(link["communities"] > 0)
    rows = link.assign(_share=link["linked"] / total)
    rows = rows.sort_values(["_share", "communities", "county_code"], ascending=[True, False, True])
    rows, title = limited(rows, limit, title, "lowest")
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 2.2)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = rows.iloc[::-1]
    y = np.arange(n)
    scale = rows["communities"].clip(lower=1).to_numpy() if normalize else np.ones(n)
    left = np.zeros(n)
    for status, color in STATUS_COLORS.items():
        width = rows[status].to_numpy() / scale
        ax.barh(y, width, left=left, height=0.65, color=color, label=STATUS_LABELS[status])
        left += width
    for yi, end, linked, comm in zip(y, left, rows["linked"], rows["communities"], strict=True):
        ax.annotate(
            f" {linked}/{comm} linked",
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
    legend_below(ax, ncols=3)
    xlabel = "Share of the county's communities" if normalize else "Communities"
    finish(ax, title=title, xlabel=xlabel)
    return fig, ax
