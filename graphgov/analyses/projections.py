"""Named networkx projections of the graph, for the network metrics (datasets/README.md,
Analysis definitions, §4.10).

Every projection is an undirected ``nx.Graph`` built from tables with
``nx.from_pandas_edgelist``. Node keys are ``org:ID``, ``party_org:ID``, ``community:CODE``
or ``person:ID``; nodes carry ``sector`` (``community``, ``social_org`` or ``none``),
``name`` and ``region`` (a division code, empty for persons).

- ``interlock``: merged bodies (a body and its own Party organization are one node, see
  :mod:`~graphgov.analyses.cross_appointments`) linked by persons holding active posts in
  both, ``weight`` = shared persons
  (:func:`~graphgov.analyses.cross_appointments.interlock_network`).
- ``appointments``: persons and the merged bodies where they hold active posts (bipartite);
  the network in which a person can be a cut point.
- ``org-community``: active organizations and the communities they are in (bipartite).
- ``hub-reach``: active hubs and the communities they reach (bipartite).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graphgov.analyses._common import as_of_of, orgs_in_communities
from graphgov.analyses.cross_appointments import (
    bodies,
    body_names,
    body_posts,
    interlock_network,
    node_sectors,
)
from graphgov.analyses.hubs import hub_reach
from graphgov.codes import county_code
from graphgov.errors import UsageError
from graphgov.graph import Graph

__all__ = ["PROJECTIONS", "projection"]

PROJECTIONS = ("interlock", "appointments", "org-community", "hub-reach")


def projection(
    g: Graph, name: str, *, as_of: str | None = None, county: str | None = None
) -> nx.Graph:
    """The projection called `name` (see :data:`PROJECTIONS`), optionally cut to one county:
    the nodes based there plus their direct neighbours (a person, or a hub based elsewhere
    that reaches the county's communities)."""
    as_of = as_of_of(g, as_of)
    known = bodies(g, as_of)
    if name == "interlock":
        net = interlock_network(g, as_of=as_of, known=known)
    elif name == "appointments":
        posts = body_posts(g, as_of=as_of, known=known)
        held = posts[["person_id", "node"]].drop_duplicates()
        held["person"] = "person:" + held["person_id"]
        net = nx.from_pandas_edgelist(held, "person", "node")
    elif name == "org-community":
        pairs = orgs_in_communities(g, as_of)
        net = _bipartite(pairs["org_id"], pairs["community_code"])
    elif name == "hub-reach":
        pairs = hub_reach(g, as_of=as_of)
        net = _bipartite(pairs["hub_id"], pairs["community_code"])
    else:
        raise UsageError(f"unknown projection {name!r}; choose from {', '.join(PROJECTIONS)}")
    _describe(g, net, known)
    return net if county is None else _in_county(net, county_code(county))


def _bipartite(orgs: pd.Series, communities: pd.Series) -> nx.Graph:
    edges = pd.DataFrame({"org": "org:" + orgs, "community": "community:" + communities})
    return nx.from_pandas_edgelist(edges, "org", "community")


def _describe(g: Graph, net: nx.Graph, known: pd.DataFrame) -> None:
    """Set ``sector``, ``name`` and ``region`` on every node (`known` is ``bodies(g)``)."""
    sector = node_sectors(known)
    regions = _body_regions(g)
    names = body_names(g)
    for node, data in net.nodes(data=True):
        data["sector"] = sector.get(node, "none")
        data["name"] = names.get(node, node.split(":", 1)[1])
        data["region"] = regions.get(node, "")


def _body_regions(g: Graph) -> dict[str, str]:
    out: dict[str, str] = {}
    for prefix, frame, key, region in (
        ("org:", g.organizations, "org_id", "region_code"),
        ("party_org:", g.party_orgs, "party_org_id", "region_code"),
        ("community:", g.regions, "code", "code"),
    ):
        out |= dict(zip((prefix + frame[key]).tolist(), frame[region].tolist(), strict=True))
    return out


def _in_county(net: nx.Graph, county: str) -> nx.Graph:
    inside = {n for n, r in net.nodes(data="region") if r and r[:6] == county[:6]}
    keep = set(inside)
    for n in inside:
        keep.update(net.neighbors(n))
    return net.subgraph(keep).copy()
