"""Charts of which communities hubs cover and reach.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: each chart takes the DataFrame an analysis
returned (datasets/README.md, Analysis definitions) and ``ax=None``, and returns
``(fig, ax)``. Tick labels carry
Chinese names with their codes (``'西湖区 330106'``), drawn with the CJK font. Titles,
legends and axis labels are the ``hubs.chart.*`` messages of the language in use
(:mod:`graphgov.report.i18n`). The drawing of the interlock network is in
:mod:`graphgov.report.charts_network`.

Both charts rank counts (communities per hub, uncovered communities per county), not shares
of a group, so a small group cannot lead them by a high rate: they need no small-group rule.

:func:`hub_gap_counts` (per-county sums of the `hub-gaps` rows) is shared with the report
section, so a chart and the table beside it always show the same numbers.

Social-work and linkage charts are in :mod:`graphgov.report.charts_linkage`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from graphgov.codes import ancestor
from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    counted,
    county_labels,
    finish,
    house_style,
    legend_below,
    limited,
    literal,
    no_data,
)
from graphgov.report.i18n import num, t
from graphgov.report.summaries import name_of

__all__ = [
    "ROLES",
    "hub_gap_counts",
    "hub_gaps_by_county",
    "hubs_by_reach",
    "role_label",
]

#: Hub roles of the `hubs` analysis, with their colours.
ROLES: tuple[str, ...] = ("hub", "support")
_ROLE_COLORS = {"hub": COLORS["primary"], "support": COLORS["secondary"]}


def role_label(role: str) -> str:
    """A hub role (``hub``, ``support``) as the legend names it: ``'Hub 枢纽型'``, ``'枢纽型'``."""
    return t(f"hubs.role.{role}")


# --- hubs ---------------------------------------------------------------------------------


@house_style
def hubs_by_reach(
    hubs: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
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
        The chart title (default: message ``hubs.chart.reach_title``).

    Returns
    -------
    (Figure, Axes)
    """
    rows = hubs.sort_values(
        ["communities_covered", "communities_reached", "hub_id"], ascending=[False, False, True]
    )
    title = t("hubs.chart.reach_title") if title is None else title
    rows, title = limited(rows, top, title, t("hubs.chart.reach_top"))
    n = len(rows)
    fig, ax = axes_for(ax, (10.0, max(3.5, 0.36 * n + 1.8)))
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
        f" {num(c)}" + (t("hubs.chart.reached", n=num(r - c)) if r > c else "")
        for c, r in zip(covered, reached, strict=True)
    ]
    ax.bar_label(beyond, labels=texts, fontsize=8)
    ax.set_yticks(y, [literal(v) for v in rows["name"]])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1, int(reached.max())) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="0.9")
    roles = [r for r in ROLES if r in set(rows["hub_role"])]
    handles = [
        Patch(color=_ROLE_COLORS[r], label=t("hubs.chart.covered_by", role=role_label(r)))
        for r in roles
    ]
    handles.append(Patch(color=COLORS["grey"], alpha=0.35, label=t("hubs.chart.reached_only")))
    handles.append(
        Patch(facecolor="0.55", edgecolor="white", hatch="///", label=t("hubs.chart.exclusive"))
    )
    ax.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.95)
    finish(ax, title=title, xlabel=t("hubs.chart.reach_xlabel"))
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
    title: str | None = None,
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
        The chart title (default: message ``hubs.chart.gaps_title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = t("hubs.chart.gaps_title") if title is None else title
    table, title = limited(hub_gap_counts(gaps, names), limit, title, t("hubs.chart.gaps_top"))
    n = len(table)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    table = table.iloc[::-1]  # most uncovered at the top
    y = np.arange(n)
    whole = table["in_uncovered_townships"].to_numpy()
    missed = table["in_covered_townships"].to_numpy()
    ax.barh(y, whole, height=0.65, color=COLORS["benchmark"], label=t("hubs.chart.gap_whole"))
    bars = ax.barh(
        y,
        missed,
        left=whole,
        height=0.65,
        color=COLORS["secondary"],
        label=t("hubs.chart.gap_missed"),
    )
    towns = table["townships_uncovered"].to_numpy()
    texts = [
        t("hubs.chart.gap_label", n=num(w + m), townships=counted("hubs.townships", int(k)))
        for w, m, k in zip(whole, missed, towns, strict=True)
    ]
    ax.bar_label(bars, labels=texts, fontsize=8)
    ax.set_yticks(y, county_labels(table["county_code"], table["county_name"]))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1, int((whole + missed).max())) * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="0.9")
    legend_below(ax, ncols=2)
    finish(ax, title=title, xlabel=t("hubs.chart.gaps_xlabel"))
    return fig, ax
