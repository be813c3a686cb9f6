"""One call for researchers and the CLI: a projection with all its metrics, and files for
Gephi (GraphML or GEXF) and spreadsheets (CSV)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from graphgov.analyses.metrics import components, cut_points, node_metrics
from graphgov.analyses.projections import projection
from graphgov.errors import UsageError
from graphgov.graph import Graph

__all__ = ["NetworkMetrics", "network_metrics", "GRAPH_FORMATS"]

GRAPH_FORMATS = ("graphml", "gexf")


@dataclass
class NetworkMetrics:
    """A projection and its metrics: per-node table, components, cut points, and a note on
    how betweenness was computed (exact, or sampled with k pivots and a seed)."""

    name: str
    graph: nx.Graph
    nodes: pd.DataFrame
    components: pd.DataFrame
    cut_points: pd.DataFrame
    note: dict[str, object] = field(default_factory=dict)

    def write(self, out_dir: str | Path, *, graph_format: str = "graphml") -> dict[str, Path]:
        """Write ``nodes.csv``, ``components.csv``, ``cut-points.csv`` and the graph file
        (node attributes include every metric) into `out_dir`."""
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
        self.nodes.to_csv(files["nodes"], index=False, encoding="utf-8-sig")
        self.components.to_csv(files["components"], index=False, encoding="utf-8-sig")
        self.cut_points.to_csv(files["cut-points"], index=False, encoding="utf-8-sig")
        annotated = self.graph.copy()
        for col in ("degree", "betweenness", "pagerank", "component", "louvain"):
            values = dict(zip(self.nodes["node"], self.nodes[col].tolist(), strict=True))
            nx.set_node_attributes(annotated, values, col)
        cut = set(self.cut_points["node"])
        nx.set_node_attributes(annotated, {n: n in cut for n in annotated.nodes}, "cut_point")
        writer = nx.write_graphml if graph_format == "graphml" else nx.write_gexf
        writer(annotated, files["graph"])
        return files


def network_metrics(
    g: Graph,
    name: str,
    *,
    as_of: str | None = None,
    county: str | None = None,
    k: int | None = None,
    seed: int = 0,
) -> NetworkMetrics:
    """Build projection `name` and compute every metric on it (see
    :func:`~graphgov.analyses.metrics.node_metrics` for when betweenness is sampled)."""
    net = projection(g, name, as_of=as_of, county=county)
    nodes, note = node_metrics(net, k=k, seed=seed)
    return NetworkMetrics(name, net, nodes, components(net), cut_points(net), note)
