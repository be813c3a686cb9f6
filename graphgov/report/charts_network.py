"""A drawing of the interlock network (bodies linked by shared persons): datasets/README.md,
Analysis definitions, §4.9-4.10.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: ``ax=None`` in, ``(fig, ax)`` out. The
input is a networkx projection (:func:`graphgov.analyses.projections.projection`) whose
nodes carry ``sector`` and ``name`` (merged bodies: a body and its own Party organization
are one node); nodes are coloured by sector, cut points
(:func:`graphgov.analyses.metrics.cut_points`) are ringed, and only the most central
bodies (by betweenness) are labelled. The layout is a seeded spring layout per component
(:func:`network_layout`), so the same network always gives the same picture. Its words
come from the ``ties`` area of the message catalogue, in the language in use.

Examples
--------
>>> import networkx as nx
>>> from graphgov.report.charts_network import interlock_drawing
>>> net = nx.Graph([("community:1", "party_org:P"), ("party_org:P", "org:A")])
>>> nx.set_node_attributes(net, {"community:1": "community", "org:A": "social_org",
...                              "party_org:P": "none"}, "sector")
>>> fig, ax = interlock_drawing(net, cuts=["party_org:P"])
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    finish,
    house_style,
    legend_with,
    literal,
    no_data,
)
from graphgov.report.i18n import big, t

__all__ = ["SECTOR_COLORS", "interlock_drawing", "network_layout"]

#: Node colours of the network drawing, by ``sector``.
SECTOR_COLORS: dict[str, str] = {
    "community": "#009E73",
    "social_org": COLORS["primary"],
    "none": "#999999",
}
_CUT_COLOR = COLORS["benchmark"]


def network_layout(net: nx.Graph, *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Deterministic positions: a seeded spring layout per connected component, the
    components packed in rows, largest first (then by smallest node key).

    Each component is rebuilt with sorted nodes and edges before ``nx.spring_layout``, so
    the positions depend on the graph and `seed` only, not on insertion order.
    """
    comps = sorted(nx.connected_components(net), key=lambda c: (-len(c), min(c)))
    sides = [math.sqrt(len(c)) for c in comps]
    width = max([*sides, math.sqrt(sum(s * s for s in sides)) * 1.3, 1.0])
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for comp, side in zip(comps, sides, strict=True):
        if x > 0 and x + side > width:
            x, y, row = 0.0, y - row - 0.4, 0.0
        center = (x + side / 2, y - side / 2)
        part = nx.Graph()
        part.add_nodes_from(sorted(comp))
        part.add_edges_from(sorted(tuple(sorted(e)) for e in net.subgraph(comp).edges))
        if len(comp) == 1:
            pos[next(iter(comp))] = center
        else:
            laid = nx.spring_layout(part, seed=seed, scale=side * 0.45, center=center)
            pos |= {n: (float(p[0]), float(p[1])) for n, p in laid.items()}
        x += side + 0.4
        row = max(row, side)
    return pos


def _short(text: object, n: int = 14) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


_LABEL_OFFSETS = ((5, 5), (5, -13), (-5, 5), (-5, -13), (5, 16), (-5, -24))


def _place_labels(ax: Axes, items: list[tuple[str, tuple[float, float]]]) -> None:
    """Annotate each point, trying a few offsets so that no two labels overlap; a label
    that fits nowhere is left out (the table beside the chart names every node)."""
    placed: list = []
    for text, xy in items:
        for dx, dy in _LABEL_OFFSETS:
            label = ax.annotate(
                literal(text),
                xy,
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else "right",
                fontsize=8,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
            box = label.get_window_extent().expanded(1.05, 1.1)  # the figure's renderer
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            label.remove()


def _label_measure(metrics: pd.DataFrame | None) -> str | None:
    """The column the labelled nodes are chosen by: raw betweenness (exact where
    affordable), else PageRank; None without metrics."""
    if metrics is None or "pagerank" not in metrics.columns:
        return None
    return "betweenness_pairs" if "betweenness_pairs" in metrics.columns else "pagerank"


@house_style
def interlock_drawing(
    net: nx.Graph,
    *,
    cuts: Iterable[str] | pd.DataFrame | None = None,
    metrics: pd.DataFrame | None = None,
    labels: int = 10,
    min_size: int = 3,
    max_nodes: int = 400,
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """A drawing of an interlock network: nodes coloured by sector, cut points ringed, the
    most central bodies labelled.

    Parameters
    ----------
    net
        A projection such as ``projection(g, "interlock", county=...)``; nodes carry
        ``sector`` and ``name``, edges ``weight``.
    cuts
        Cut points to mark: node keys, or the rows of ``cut_points(net)``.
    metrics
        Rows of ``node_metrics(net)``; the ``labels`` nodes with the most betweenness
        (``betweenness_pairs``, then ``pagerank``) are labelled (without it: the highest
        weighted degree).
    labels
        How many nodes to label by name.
    min_size
        Draw only components of at least this many bodies (1: every body, isolated ones
        too); the rest are counted in the title. The default leaves out isolated bodies
        and pairs such as a community and one organization sharing a person (a body and its
        own Party organization are one node already).
    max_nodes
        Draw only the largest components up to this many nodes in all.
    seed
        Seed of the spring layout (:func:`network_layout`).
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title; None: ``ties.chart_title`` of the catalogue.

    Returns
    -------
    (Figure, Axes)
    """
    title = t("ties.chart_title") if title is None else title
    fig, ax = axes_for(ax, (10.0, 8.0) if net.number_of_nodes() > 40 else (8.0, 6.0))
    comps = sorted(nx.connected_components(net), key=lambda c: (-len(c), min(c)))
    small = [c for c in comps if len(c) < min_size]
    keep: set = set()
    for comp in comps:
        if len(comp) < min_size or (keep and len(keep) + len(comp) > max_nodes):
            break
        keep |= comp
    notes = []
    if small:
        left_out = big(sum(map(len, small)))
        notes.append(t("ties.chart_not_drawn", n=left_out, size=f"{min_size:,}"))
    drawable = net.number_of_nodes() - sum(map(len, small))
    if len(keep) < drawable:
        notes.append(t("ties.chart_largest_only", n=big(len(keep)), total=big(drawable)))
    if notes:
        title = t("ties.chart_notes", title=title, notes=t("ties.chart_note_sep").join(notes))
    if not keep:
        no_data(ax, title)
        return fig, ax
    sub = net.subgraph(keep)
    pos = network_layout(sub, seed=seed)
    nodes = sorted(sub.nodes)
    if cuts is None:
        cut = set()
    else:
        cut = set(cuts["node"] if isinstance(cuts, pd.DataFrame) else cuts) & set(nodes)
    edges = sorted(tuple(sorted(e)) for e in sub.edges)
    weights = np.array([sub.edges[e].get("weight", 1) for e in edges], dtype=float)
    if edges:
        segments = [(pos[a], pos[b]) for a, b in edges]
        ax.add_collection(
            LineCollection(segments, colors="0.6", linewidths=0.6 + 0.6 * np.sqrt(weights - 1))
        )
    xy = np.array([pos[n] for n in nodes])
    degree = np.array([sub.degree(n) for n in nodes], dtype=float)
    sectors = [sub.nodes[n].get("sector") or "none" for n in nodes]
    colors = [SECTOR_COLORS.get(s, SECTOR_COLORS["none"]) for s in sectors]
    sizes = 18 + 14 * np.minimum(degree, 20)
    ring = [_CUT_COLOR if n in cut else "white" for n in nodes]
    widths = [2.2 if n in cut else 0.5 for n in nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colors, edgecolors=ring, linewidths=widths, zorder=3)
    measure = _label_measure(metrics)
    if measure is not None:
        rank = metrics[metrics["node"].isin(keep)].sort_values(
            [measure, "pagerank", "node"], ascending=[False, False, True]
        )
        top = list(rank["node"].head(labels))
    else:
        strength = dict(sub.degree(weight="weight"))
        top = sorted(nodes, key=lambda n: (-strength[n], n))[:labels]
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.margins(0.05)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    _place_labels(
        ax, [(_short(sub.nodes[n].get("name") or n.split(":", 1)[-1]), pos[n]) for n in top]
    )
    handles = [
        Line2D([], [], marker="o", ls="", color=SECTOR_COLORS[s], label=t(f"ties.sector.{s}"))
        for s in SECTOR_COLORS
        if s in sectors
    ]
    handles.append(
        Line2D(
            [], [], marker="o", ls="", mfc="white", mec=_CUT_COLOR, mew=2.2,
            label=t("ties.chart_cut_point", n=big(len(cut))),
        )
    )  # fmt: skip
    legend_with(ax, handles, ncols=2)
    finish(ax, title=title)
    return fig, ax
