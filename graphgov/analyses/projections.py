"""Named networkx projections of the graph, for the network metrics (datasets/README.md,
Analysis definitions, §4.10).

Every projection is an undirected ``nx.Graph`` built from tables with
``nx.from_pandas_edgelist`` (:func:`~graphgov.analyses._common.edgelist_graph`). Node keys
are ``org:ID``, ``party_org:ID``, ``community:CODE`` or ``person:ID``; nodes carry
``sector`` (``community``, ``social_org`` or ``none``), ``name`` and ``region`` (a division
code, empty for persons).

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

from graphgov.analyses._common import as_of_of, edgelist_graph, orgs_in_communities, shared
from graphgov.analyses.cross_appointments import (
    bodies,
    body_names,
    body_posts,
    held_bodies,
    interlock_network,
    node_sectors,
)
from graphgov.analyses.hubs import hub_reach
from graphgov.analyses.metrics import cut_points, ordered_subgraph
from graphgov.codes import county_code
from graphgov.errors import UsageError
from graphgov.graph import Graph

__all__ = ["PROJECTIONS", "appointment_cut_points", "projection"]

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
        net = interlock_network(g, as_of=as_of, known=known, describe=False)
    elif name == "appointments":
        held = held_bodies(body_posts(g, as_of=as_of, known=known))
        if county is not None:
            # Cut before the graph is built: on the country, 西湖区's 8,711 nodes took 227 s
            # and a 21.4 GB peak through the whole projection, 78 s and 10.8 GB this way.
            # Persons have no region, so the cut's nodes are the county's bodies and their
            # persons, its edges those bodies' (the same graph as _in_county of the whole).
            regions = held["node"].map(_body_regions(g)).astype("string").str[:6]
            held = held[(regions == county_code(county)[:6]).fillna(False).to_numpy()]
        net = edgelist_graph(_with_person(held), "person", "node")
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


def appointment_cut_points(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """The cut points of the appointments projection,
    ``cut_points(projection(g, "appointments", as_of=as_of))``, without building all of it.

    A person holding posts in one merged body only is a leaf of the projection: removing
    its body leaves the person as a piece of no community and no organization, which adds
    to that body's ``pieces`` and to no other figure, and removing a leaf disconnects
    nothing. So the cut points are those of the projection without its leaves (the persons
    holding posts in two merged bodies or more, and those bodies: an eighth of the nodes of
    the scale-1.0 province), and each body's ``pieces`` counts its leaves too.

    Examples
    --------
    On the tiny dataset each cross-appointed person is the one tie between a community
    and an organization; no body is a cut point:

    >>> from graphgov.datasets import tiny
    >>> appointment_cut_points(tiny())[["node", "pieces", "separated_pairs"]]
             node  pieces  separated_pairs
    0  person:P01       2                1
    1  person:P02       2                1
    2  person:P03       2                1
    """
    as_of = as_of_of(g, as_of)
    known = bodies(g, as_of)
    held = held_bodies(body_posts(g, as_of=as_of, known=known))
    many = held["bodies"].to_numpy() > 1
    core = edgelist_graph(_with_person(held[many]), "person", "node")
    _describe(g, core, known)
    cuts = cut_points(core)
    leaves = held.loc[~many, "node"].value_counts()
    cuts["pieces"] += cuts["node"].map(leaves).fillna(0).astype("int64").to_numpy()
    return cuts


def _with_person(held: pd.DataFrame) -> pd.DataFrame:
    """Edges of the appointments projection (rows of
    :func:`~graphgov.analyses.cross_appointments.held_bodies`) with ``person``, the
    person's node key."""
    return held.assign(person="person:" + held["person_id"])


def _bipartite(orgs: pd.Series, communities: pd.Series) -> nx.Graph:
    edges = pd.DataFrame({"org": "org:" + orgs, "community": "community:" + communities})
    return edgelist_graph(edges, "org", "community")


_UNNAMED = object()


def _describe(g: Graph, net: nx.Graph, known: pd.DataFrame) -> None:
    """Set ``sector``, ``name`` and ``region`` on every node (`known` is ``bodies(g)``)."""
    sector = node_sectors(known)
    regions = _body_regions(g)
    names = body_names(g)
    for node, data in net.nodes(data=True):
        data["sector"] = sector.get(node, "none")
        name = names.get(node, _UNNAMED)
        data["name"] = node.split(":", 1)[1] if name is _UNNAMED else name
        data["region"] = regions.get(node, "")


@shared
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
    return ordered_subgraph(net, keep)
