"""Charts of who reaches which communities: hubs, social-work agencies, three-society linkage.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: each chart takes the DataFrame an analysis
returned (datasets/README.md, Analysis definitions) and ``ax=None``, and returns
``(fig, ax)``. Tick labels carry
Chinese names with their codes (``'西湖区 330106'``), drawn with the CJK font. The drawing
of the interlock network is in :mod:`graphgov.report.charts_network`.

:func:`hub_gap_counts` (per-county sums of the `hub-gaps` rows) is shared with the report
section, so a chart and the table beside it always show the same numbers.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.charts_reach import linkage_by_county
>>> rows = pd.DataFrame({"county_code": ["330106000000"], "county_name": ["西湖区"],
...                      "communities": [7], "linked": [2], "unlinked": [1], "org_only": [1],
...                      "worker_only": [1], "none": [2]})
>>> fig, ax = linkage_by_county(rows)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from graphgov.codes import ancestor
from graphgov.meta import Targets
from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    finish,
    house_style,
    legend_below,
    legend_with,
    literal,
    no_data,
    percent,
)
from graphgov.report.summaries import name_of, region_label

__all__ = [
    "ROLE_LABELS",
    "STATUS_COLORS",
    "STATUS_LABELS",
    "hub_gap_counts",
    "hub_gaps_by_county",
    "hubs_by_reach",
    "linkage_by_county",
    "social_work_by_county",
]

_TARGETS = Targets()  # the default targets drawn on the social-work chart

#: Hub roles of the `hubs` analysis.
ROLE_LABELS: dict[str, str] = {"hub": "Hub 枢纽型", "support": "Support 支持型"}
_ROLE_COLORS = {"hub": COLORS["primary"], "support": COLORS["secondary"]}

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


def _county_labels(codes: pd.Series, names: pd.Series) -> list[str]:
    return [literal(region_label(c, n)) for c, n in zip(codes, names, strict=True)]


def _limited(
    table: pd.DataFrame, limit: int | None, title: str, what: str
) -> tuple[pd.DataFrame, str]:
    """The first `limit` rows, and the title saying how many of how many are shown."""
    if limit is not None and len(table) > limit:
        return table.head(limit), f"{title} ({limit} {what} of {len(table)})"
    return table, title


# --- hubs ---------------------------------------------------------------------------------


@house_style
def hubs_by_reach(
    hubs: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str = "Communities covered and reached per hub or support organization",
) -> tuple[Figure, Axes]:
    """Communities each hub covers (bar, coloured by role; those no other hub covers
    hatched), and beyond it, lighter, those it only reaches through organizations it
    supports or incubates (datasets/README.md, Analysis definitions, §4.5).

    Parameters
    ----------
    hubs
        Rows of the `hubs` analysis: ``hub_id, name, hub_role, communities_covered,
        communities_reached, exclusive_communities`` among others.
    top
        Show the ``top`` hubs covering most communities.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    rows = hubs.sort_values(
        ["communities_covered", "communities_reached", "hub_id"], ascending=[False, False, True]
    )
    rows, title = _limited(rows, top, title, "covering most")
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = rows.iloc[::-1]  # widest coverage at the top
    y = np.arange(n)
    covered = rows["communities_covered"].to_numpy()
    reached = rows["communities_reached"].to_numpy()
    colors = [_ROLE_COLORS.get(r, COLORS["grey"]) for r in rows["hub_role"]]
    ax.barh(y, covered, height=0.65, color=colors)
    beyond = ax.barh(y, reached - covered, left=covered, height=0.65, color=colors, alpha=0.35)
    ax.barh(
        y,
        rows["exclusive_communities"].to_numpy(),
        height=0.65,
        color="none",
        edgecolor="white",
        hatch="///",
        linewidth=0,
    )
    texts = [
        f" {c:,}" + (f" (+{r - c:,} reached)" if r > c else "")
        for c, r in zip(covered, reached, strict=True)
    ]
    ax.bar_label(beyond, labels=texts, fontsize=8)
    ax.set_yticks(y, [literal(v) for v in rows["name"]])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1, int(reached.max())) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="0.9")
    roles = [r for r in ROLE_LABELS if r in set(rows["hub_role"])]
    handles = [Patch(color=_ROLE_COLORS[r], label=f"{ROLE_LABELS[r]}: covered") for r in roles]
    handles.append(Patch(color=COLORS["grey"], alpha=0.35, label="Reached only (supported)"))
    handles.append(
        Patch(facecolor="0.55", edgecolor="white", hatch="///", label="Covered by no other hub")
    )
    ax.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.95)
    finish(
        ax,
        title=title,
        xlabel="Communities covered (based in or serving it or its township), then reached",
    )
    return fig, ax


def hub_gap_counts(gaps: pd.DataFrame, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per county, the communities and townships that no hub covers.

    Parameters
    ----------
    gaps
        Rows of the `hub-gaps` analysis: ``region_code, name, level, county_code,
        communities``.
    names
        County code (12 or 6 digits) -> name.

    Returns
    -------
    DataFrame
        ``county_code, county_name, communities_uncovered`` (= ``in_uncovered_townships``
        + ``in_covered_townships``: in a township no hub covers, or missed in one a hub
        covers) and ``townships_uncovered``; most uncovered communities first.
    """
    comm = gaps[gaps["level"] == "community"]
    towns = gaps[gaps["level"] == "township"]
    township_of = ancestor(comm["region_code"], "township")
    whole = township_of.isin(set(towns["region_code"].astype(str)))
    counties = sorted(set(gaps["county_code"].dropna().astype(str)))
    out = pd.DataFrame({"county_code": counties}, dtype=object)
    out["county_name"] = [name_of(names, c) for c in counties]
    per = comm.assign(_whole=whole.to_numpy()).groupby(comm["county_code"].astype(str))
    out["communities_uncovered"] = out["county_code"].map(per.size()).fillna(0)
    out["in_uncovered_townships"] = out["county_code"].map(per["_whole"].sum()).fillna(0)
    out["in_covered_townships"] = out["communities_uncovered"] - out["in_uncovered_townships"]
    towns_per = towns.groupby(towns["county_code"].astype(str)).size()
    out["townships_uncovered"] = out["county_code"].map(towns_per).fillna(0)
    counts = ["communities_uncovered", "in_uncovered_townships", "in_covered_townships"]
    out = out.astype({c: "int64" for c in [*counts, "townships_uncovered"]})
    out = out.sort_values(["communities_uncovered", "county_code"], ascending=[False, True])
    return out.reset_index(drop=True)


@house_style
def hub_gaps_by_county(
    gaps: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str = "Communities no hub covers, by county",
) -> tuple[Figure, Axes]:
    """Uncovered communities per county, split by whether a hub covers their township.

    Parameters
    ----------
    gaps
        Rows of the `hub-gaps` analysis.
    names
        County code -> name, for the tick labels.
    limit
        Show only the ``limit`` counties with most uncovered communities (None: all).
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    table, title = _limited(hub_gap_counts(gaps, names), limit, title, "with most")
    n = len(table)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    table = table.iloc[::-1]  # most uncovered at the top
    y = np.arange(n)
    whole = table["in_uncovered_townships"].to_numpy()
    missed = table["in_covered_townships"].to_numpy()
    ax.barh(y, whole, height=0.65, color=COLORS["benchmark"], label="In a township no hub covers")
    bars = ax.barh(
        y,
        missed,
        left=whole,
        height=0.65,
        color=COLORS["secondary"],
        label="Missed in a township a hub covers",
    )
    towns = table["townships_uncovered"].to_numpy()
    texts = [
        f" {w + m:,} ({t:,} township{'' if t == 1 else 's'})"
        for w, m, t in zip(whole, missed, towns, strict=True)
    ]
    ax.bar_label(bars, labels=texts, fontsize=8)
    ax.set_yticks(y, _county_labels(table["county_code"], table["county_name"]))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1, int((whole + missed).max())) * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="0.9")
    legend_below(ax, ncols=2)
    finish(ax, title=title, xlabel="Communities covered by no hub or support organization")
    return fig, ax


# --- social work and linkage -----------------------------------------------------------------


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
    rows, title = _limited(rows, limit, title, "lowest")
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
    ax.set_yticks(y, _county_labels(rows["county_code"], rows["county_name"]))
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
    rows, title = _limited(rows, limit, title, "lowest")
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
    ax.set_yticks(y, _county_labels(rows["county_code"], rows["county_name"]))
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
