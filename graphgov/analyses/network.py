"""One call for researchers and the CLI: a projection with all its metrics, and files for
Gephi (GraphML or GEXF) and spreadsheets (CSV).

The CSV files are formula-safe (:func:`graphgov.output.write_csv`); the graph file keeps the
exact values, except characters XML 1.0 does not allow (control characters other than tab,
newline and carriage return, lone surrogates, U+FFFE and U+FFFF), which no GraphML or GEXF
reader accepts: they are removed, and counted in ``note["xml_removed"]``.

For ``graphgov metrics`` (``require_nodes=True``), a dataset without what a projection is
built from (no regions, no posts, no organizations, no communities), or a projection
without nodes, is a :class:`~graphgov.errors.NoDataError` naming what is missing, not an
empty result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from graphgov.analyses._common import as_of_of, communities
from graphgov.analyses.centrality import BETWEENNESS_BUDGET
from graphgov.analyses.metrics import components, cut_points, node_metrics
from graphgov.analyses.projections import projection
from graphgov.errors import NoDataError, UsageError
from graphgov.graph import Graph
from graphgov.output import write_csv

__all__ = ["NetworkMetrics", "network_metrics", "check_needs", "xml_safe", "GRAPH_FORMATS", "NEEDS"]

GRAPH_FORMATS = ("graphml", "gexf")

#: Projection -> what the dataset must hold for it to have any node.
NEEDS: dict[str, tuple[str, ...]] = {
    "interlock": ("regions", "posts"),
    "appointments": ("regions", "posts"),
    "org-community": ("regions", "organizations", "communities"),
    "hub-reach": ("regions", "organizations", "communities"),
}
_MISSING = {
    "regions": "no regions (regions.csv has no accepted rows)",
    "organizations": "no organizations (organizations.csv has no accepted rows)",
    "communities": "no communities (no community-level rows in regions.csv)",
    "posts": "no posts (posts.csv is absent or has no accepted rows)",
}
#: Projection -> why it has no node although the tables are there.
_EMPTY = {
    "interlock": "no person holds active posts in two bodies",
    "appointments": "no post is active",
    "org-community": "no active organization is based in a community",
    "hub-reach": "no active hub or support organization reaches a community",
}
#: The node metrics written into the graph file as node attributes.
_GRAPH_METRICS = (
    "degree", "betweenness", "betweenness_pairs", "betweenness_se", "pagerank", "component",
    "louvain",
)  # fmt: skip
#: Characters XML 1.0 does not allow (its Char production, complemented).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class NetworkMetrics:
    """A projection and its metrics: per-node table, components, cut points, and a note on
    how betweenness was computed (exact, or sampled with k sources, a seed and its
    standard error: :func:`~graphgov.analyses.centrality.component_betweenness`)."""

    name: str
    graph: nx.Graph
    nodes: pd.DataFrame
    components: pd.DataFrame
    cut_points: pd.DataFrame
    note: dict[str, object] = field(default_factory=dict)

    def write(self, out_dir: str | Path, *, graph_format: str = "graphml") -> dict[str, Path]:
        """Write ``nodes.csv``, ``components.csv``, ``cut-points.csv`` and the graph file
        (node attributes include every metric) into `out_dir`; sets ``note["xml_removed"]``
        to the number of characters removed from the graph file (see the module's doc)."""
        if graph_format not in GRAPH_FORMATS:
            raise UsageError(f"graph format must be one of {', '.join(GRAPH_FORMATS)}")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "nodes": out / "nodes.csv",
            "components": out / "components.csv",
            "cut-points": out / "cut-points.csv",
            "graph": out / f"{self.name}.{graph_format}",
        }
        write_csv(self.nodes, files["nodes"])
        write_csv(self.components, files["components"])
        write_csv(self.cut_points, files["cut-points"])
        annotated = self.graph.copy()
        for col in _GRAPH_METRICS:
            known = self.nodes[self.nodes[col].notna()]  # no Louvain community: no attribute
            values = dict(zip(known["node"], known[col].tolist(), strict=True))
            nx.set_node_attributes(annotated, values, col)
        cut = set(self.cut_points["node"])
        nx.set_node_attributes(annotated, {n: n in cut for n in annotated.nodes}, "cut_point")
        clean, self.note["xml_removed"] = xml_safe(annotated)
        writer = nx.write_graphml if graph_format == "graphml" else nx.write_gexf
        writer(clean, files["graph"])
        return files


def xml_safe(net: nx.Graph) -> tuple[nx.Graph, int]:
    """A copy of `net` whose node keys and text attributes hold only characters XML 1.0
    allows, and how many characters were removed. Two keys that become equal are kept
    apart by a ``~N`` suffix.

    >>> clean, removed = xml_safe(nx.Graph([("a\\x01", "b")], name="x\\x1b"))
    >>> sorted(clean.nodes), clean.graph["name"], removed
    (['a', 'b'], 'x', 2)
    """
    removed = 0

    def clean(value):
        nonlocal removed
        if not isinstance(value, str):
            return value
        text, n = _NOT_XML.subn("", value)
        removed += n
        return text

    originals, taken, keys = set(net.nodes), set(), {}
    for node in net.nodes:
        key = base = clean(node)
        suffix = 2
        while key != node and (key in originals or key in taken):
            key, suffix = f"{base}~{suffix}", suffix + 1
        keys[node] = key
        taken.add(key)
    out = nx.relabel_nodes(net, keys, copy=True)
    for _, data in out.nodes(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    for *_, data in out.edges(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    out.graph.update({k: clean(v) for k, v in out.graph.items()})
    return out, removed


def network_metrics(
    g: Graph,
    name: str,
    *,
    as_of: str | None = None,
    county: str | None = None,
    k: int | None = None,
    seed: int = 0,
    budget: int | None = None,
    require_nodes: bool = False,
) -> NetworkMetrics:
    """Build projection `name` and compute every metric on it (see
    :func:`~graphgov.analyses.metrics.node_metrics`: betweenness is exact on the
    components whose cost fits `budget`, default
    :data:`~graphgov.analyses.centrality.BETWEENNESS_BUDGET`, sampled from `k` sources on
    the others).

    With `require_nodes` (``graphgov metrics``), a projection that cannot have a node or has
    none is an error; without it (the full report) it gives empty tables.

    Raises
    ------
    NoDataError
        With `require_nodes`: if `g` lacks what the projection is built from
        (:data:`NEEDS`), or the projection (cut to `county`) has no node.
    """
    if require_nodes:
        check_needs(g, name)
    net = projection(g, name, as_of=as_of, county=county)
    if require_nodes and net.number_of_nodes() == 0:
        where = f" in county {county}" if county else ""
        raise NoDataError(
            f"metrics {name}: the projection has no node{where} on {as_of_of(g, as_of)} "
            f"({_EMPTY[name]})"
        )
    budget = BETWEENNESS_BUDGET if budget is None else budget
    nodes, note = node_metrics(net, k=k, seed=seed, budget=budget)
    return NetworkMetrics(name, net, nodes, components(net), cut_points(net), note)


def check_needs(g: Graph, name: str) -> None:
    """Raise :class:`~graphgov.errors.NoDataError` naming what `g` lacks for projection
    `name` (:data:`NEEDS`): the first of no regions, organizations, communities or posts
    (without regions, the rows of the other tables are rejected too)."""
    have = {
        "regions": len(g.regions) > 0,
        "organizations": len(g.organizations) > 0,
        "communities": len(communities(g)) > 0,
        "posts": len(g.rel("HOLDS_POST")) > 0,
    }
    missing = [need for need in NEEDS.get(name, ()) if not have[need]]
    if missing:
        raise NoDataError(f"metrics {name}: the dataset has {_MISSING[missing[0]]}")
