"""Network metrics on a projection (datasets/README.md, Analysis definitions, §4.10):
degree, betweenness, PageRank, connected components, Louvain communities and cut points.

Every function takes an undirected networkx graph (see :mod:`graphgov.analyses.projections`)
and returns a DataFrame (or, for the single measure :func:`louvain`, a list of sets). The
heavy kernels run on igraph's C arrays: Brandes betweenness (exact wherever affordable, see
:mod:`graphgov.analyses.centrality`) and multilevel Louvain; networkx stays the interface.
Results are deterministic for a seed: components and Louvain communities are numbered by
size (largest first), then by their smallest node key.

>>> import networkx as nx
>>> net = nx.path_graph(["community:1", "person:p", "org:a"])
>>> nx.set_node_attributes(net, {"community:1": "community", "org:a": "social_org"}, "sector")
>>> cuts = cut_points(net)
>>> cuts[["node", "separated_pairs", "communities_cut", "organizations_cut"]].values.tolist()
[['person:p', 1, 1, 1]]
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from graphgov.analyses.centrality import (
    BETWEENNESS_BUDGET,
    betweenness,
    component_betweenness,
    to_igraph,
)
from graphgov.errors import UsageError

__all__ = [
    "node_metrics",
    "betweenness",
    "louvain",
    "components",
    "cut_points",
    "ordered_subgraph",
    "BETWEENNESS_BUDGET",
    "LOUVAIN_MIN_SIZE",
]

#: Louvain runs on the components of at least this many nodes (in a pair or an isolated
#: node there is nothing to find); the other nodes have no Louvain community.
LOUVAIN_MIN_SIZE = 3


def node_metrics(
    net: nx.Graph,
    *,
    k: int | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    budget: int = BETWEENNESS_BUDGET,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Per node: ``degree``, ``strength`` (weighted degree), ``betweenness`` (normalised
    within the component), ``betweenness_pairs`` (raw), ``betweenness_se`` (its standard
    error, 0 where exact), ``pagerank``, ``component`` and ``louvain`` community (missing
    in components of fewer than :data:`LOUVAIN_MIN_SIZE` nodes), plus ``sector`` and
    ``name``; most PageRank first.

    Betweenness is exact on the components whose cost fits `budget`, sampled from `k`
    sources on the others (:func:`~graphgov.analyses.centrality.component_betweenness`);
    the second value returned is its note (``{"betweenness": "exact", ...}`` or
    ``"sampled"`` with ``k``, ``seed`` and the ``error``).
    """
    if k is not None and k < 1:
        raise UsageError(f"k (betweenness sources) must be at least 1, not {k}")
    arrays = to_igraph(net)
    between, note = component_betweenness(net, budget=budget, k=k, seed=seed, arrays=arrays)
    rank = nx.pagerank(net, weight="weight") if net.number_of_nodes() else {}
    nodes = list(net.nodes)
    component, size = _component_numbers(nodes, arrays)
    core = np.flatnonzero(size >= LOUVAIN_MIN_SIZE)
    communities = louvain(net, seed=seed, resolution=resolution, arrays=arrays, among=core)
    number = _numbered(communities)
    out = pd.DataFrame(
        {
            "node": nodes,
            "name": [name for _, name in net.nodes(data="name", default="")],
            "sector": [sector for _, sector in net.nodes(data="sector", default="none")],
            "degree": pd.Series([d for _, d in net.degree()], dtype="int64"),
            "strength": pd.Series([d for _, d in net.degree(weight="weight")], dtype="float64"),
        }
    )
    for col in ("betweenness", "betweenness_pairs", "betweenness_se"):
        out[col] = between[col].to_numpy()
    out["pagerank"] = pd.Series([rank[n] for n in nodes], dtype="float64")
    out["component"] = pd.Series(component, dtype="int64")
    out["louvain"] = pd.Series([number.get(n) for n in nodes], dtype="Int64")
    return out.sort_values(["pagerank", "node"], ascending=[False, True], ignore_index=True), note


def ordered_subgraph(net: nx.Graph, keep: Iterable) -> nx.Graph:
    """The subgraph of `net` on the nodes `keep`, a new graph whose nodes and edges come in
    `net`'s order (with their data), whatever the order of `keep`.

    A networkx subgraph view of fewer than half the nodes iterates them in the order of a
    set, which for text nodes changes with the hash seed (``PYTHONHASHSEED``), and igraph's
    Louvain depends on the order of nodes and edges: without this, the same graph and seed
    could give other communities in another run.
    """
    inside = set(keep)
    if len(inside) == net.number_of_nodes():
        return net
    sub = nx.Graph(**net.graph)
    sub.add_nodes_from((n, d) for n, d in net.nodes(data=True) if n in inside)
    sub.add_edges_from((u, v, d) for u, v, d in net.edges(data=True) if u in inside and v in inside)
    return sub


def _component_numbers(nodes: list, arrays: ig.Graph) -> tuple[np.ndarray, np.ndarray]:
    """(the component of each of `nodes`, numbered as :func:`_ordered` orders them: largest
    first, then by smallest node; its size), from igraph's components of `arrays`
    (``to_igraph`` of the graph of `nodes`)."""
    membership = np.asarray(arrays.connected_components().membership, dtype=np.int64)
    sizes = np.bincount(membership, minlength=1 if len(nodes) else 0)
    smallest: dict[int, object] = {}
    for node, c in zip(nodes, membership.tolist(), strict=True):
        if c not in smallest or node < smallest[c]:
            smallest[c] = node
    order = sorted(smallest, key=lambda c: (-sizes[c], smallest[c]))
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[membership], sizes[membership]


def louvain(
    net: nx.Graph,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    weight: str = "weight",
    arrays: ig.Graph | None = None,
    among: np.ndarray | None = None,
) -> list[set]:
    """Louvain communities (sets of nodes), by igraph's ``community_multilevel`` (Blondel et
    al.'s multilevel modularity optimisation, in C), the partition of best modularity.

    Edges without `weight` weigh 1, as in networkx's ``louvain_communities``. The same
    `seed` gives the same communities: igraph draws the node order from a
    ``random.Random(seed)`` lent to it for the call; the generator igraph had before (see
    :func:`_lent_to_igraph`) is put back after, also when the call raises. The partition may
    differ from networkx's on ties, with a comparable modularity. `arrays` is
    ``to_igraph(net)`` if already built.

    `among` (positions in ``net.nodes``, ascending) runs it on the subgraph of those nodes
    only, cut from `arrays` so that its nodes and edges keep `net`'s order: a networkx
    subgraph view of a smaller node set iterates it in set order, which for text nodes
    changes with the hash seed, and with it igraph's result.
    """
    nodes = list(net.nodes)
    h = whole = to_igraph(net) if arrays is None else arrays
    weights = [w for _, _, w in net.edges(data=weight, default=1)]
    if among is not None and len(among) < len(nodes):
        whole.es["_weight"] = weights  # lent to the cut, taken back from `arrays` after
        try:
            h = whole.induced_subgraph(among.tolist())
        finally:
            del whole.es["_weight"]
        nodes, weights = [nodes[i] for i in among.tolist()], h.es["_weight"]
    if not nodes:
        return []
    with _lent_to_igraph(random.Random(seed)):
        parts = h.community_multilevel(weights=weights, resolution=resolution)
    groups: dict[int, set] = {}
    for v, c in zip(nodes, parts.membership, strict=True):
        groups.setdefault(c, set()).add(v)
    return list(groups.values())


# igraph keeps its random generator in C and (up to 1.0) has no getter for it, so the
# generator in place is remembered here: igraph's default (Python's random module) until
# someone sets another through ``igraph.set_random_number_generator``, which is wrapped to
# note it. An igraph that has ``get_random_number_generator`` is asked instead.
_igraph_generator: list[object] = [random]

if not hasattr(ig, "get_random_number_generator"):
    _set_igraph_generator = ig.set_random_number_generator

    @functools.wraps(_set_igraph_generator)
    def _noting_set_generator(generator: object) -> None:
        _set_igraph_generator(generator)
        _igraph_generator[0] = generator  # only once igraph accepted it

    ig.set_random_number_generator = _noting_set_generator


def _igraph_generator_in_place() -> object:
    """The generator igraph draws from now (None: igraph's own C generator)."""
    getter = getattr(ig, "get_random_number_generator", None)
    return getter() if getter is not None else _igraph_generator[0]


@contextmanager
def _lent_to_igraph(generator: object) -> Iterator[None]:
    """igraph draws from `generator` inside the block; the one in place before is put back
    after, also when the block raises."""
    previous = _igraph_generator_in_place()
    ig.set_random_number_generator(generator)
    try:
        yield
    finally:
        ig.set_random_number_generator(previous)


def components(net: nx.Graph) -> pd.DataFrame:
    """Connected components, largest first: ``component, nodes, edges, communities``
    (community-sector nodes) ``and organizations`` (social-organization-sector nodes)."""
    rows = []
    sector = dict(net.nodes(data="sector", default="none"))
    for i, comp in enumerate(_ordered(nx.connected_components(net))):
        sectors = [sector[n] for n in comp]
        rows.append(
            {
                "component": i,
                "nodes": len(comp),
                "edges": net.subgraph(comp).number_of_edges(),
                "communities": sectors.count("community"),
                "organizations": sectors.count("social_org"),
            }
        )
    cols = ["component", "nodes", "edges", "communities", "organizations"]
    return pd.DataFrame(rows, columns=cols).astype("int64")


def cut_points(net: nx.Graph) -> pd.DataFrame:
    """Nodes (people or bodies) whose removal cuts community-sector nodes off from
    social-organization-sector nodes they were connected to.

    For each articulation point the pieces its removal leaves are counted:
    ``separated_pairs`` is the number of (community, organization) pairs that no longer
    connect, ``communities_cut`` the community-sector nodes that lose at least one
    organization, ``organizations_cut`` the social-organization-sector nodes that lose at
    least one community, ``pieces`` how many pieces there are. On the merged projections
    a community is one node (its committee and its Party organization together), so each
    community is counted once. Only points with ``separated_pairs > 0`` are listed, most
    communities cut first. One depth-first pass over each component (linear in its size).
    """
    sector = dict(net.nodes(data="sector", default="none"))
    is_c = {n: int(s == "community") for n, s in sector.items()}
    is_o = {n: int(s == "social_org") for n, s in sector.items()}
    rows = []
    for comp in nx.connected_components(net):
        # A cut separates pairs only in a component of 3 nodes or more holding both sectors
        # (the rows are sorted below, whatever the order of the components).
        if len(comp) < 3 or not any(is_c[n] for n in comp) or not any(is_o[n] for n in comp):
            continue
        root = min(comp)
        for node, pieces in _pieces(net, root, comp, is_c, is_o):
            c_total = sum(c for c, _ in pieces)
            o_total = sum(o for _, o in pieces)
            pairs = c_total * o_total - sum(c * o for c, o in pieces)
            if pairs <= 0:
                continue
            cut = sum(c for c, o in pieces if o_total - o > 0)
            orgs_cut = sum(o for c, o in pieces if c_total - c > 0)
            rows.append(
                {
                    "node": node,
                    "name": net.nodes[node].get("name", ""),
                    "sector": sector[node],
                    "pieces": len(pieces),
                    "separated_pairs": pairs,
                    "communities_cut": cut,
                    "organizations_cut": orgs_cut,
                }
            )
    counts = ["pieces", "separated_pairs", "communities_cut", "organizations_cut"]
    out = pd.DataFrame(rows, columns=["node", "name", "sector", *counts])
    out = out.astype(dict.fromkeys(counts, "int64"))
    return out.sort_values(
        ["communities_cut", "separated_pairs", "organizations_cut", "node"],
        ascending=[False, False, False, True],
        ignore_index=True,
    )


def _pieces(net, root, comp, is_c, is_o):
    """Yield (articulation point, [(communities, organizations) per piece]) for one
    component, by an iterative depth-first search keeping discovery times, low-links and
    the community/organization counts of every subtree."""
    disc = {root: 0}
    low = {root: 0}
    sub_c = {root: is_c[root]}
    sub_o = {root: is_o[root]}
    split: dict = {}  # node -> pieces cut off below it (child subtrees with low >= disc)
    total_c = sum(is_c[n] for n in comp)
    total_o = sum(is_o[n] for n in comp)
    stack = [(root, None, iter(net.neighbors(root)))]  # any order: the pieces are the same
    counter = 1
    while stack:
        node, parent, it = stack[-1]
        child = next(it, None)
        if child is None:
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                sub_c[parent] += sub_c[node]
                sub_o[parent] += sub_o[node]
                if low[node] >= disc[parent]:
                    split.setdefault(parent, []).append((sub_c[node], sub_o[node]))
            continue
        if child == parent:
            continue
        if child in disc:
            low[node] = min(low[node], disc[child])
        else:
            disc[child] = low[child] = counter
            counter += 1
            sub_c[child], sub_o[child] = is_c[child], is_o[child]
            stack.append((child, node, iter(net.neighbors(child))))
    for node, below in split.items():
        if node == root:
            if len(below) >= 2:
                yield node, below
            continue
        rest_c = total_c - is_c[node] - sum(c for c, _ in below)
        rest_o = total_o - is_o[node] - sum(o for _, o in below)
        yield node, [*below, (rest_c, rest_o)]


def _ordered(sets) -> list[set]:
    return sorted(sets, key=lambda s: (-len(s), min(s)))


def _numbered(sets) -> dict:
    return {n: i for i, s in enumerate(_ordered(sets)) for n in s}
