"""Cross-appointments (交叉任职) between the community and social-organization sectors.

Definition: datasets/README.md, Analysis definitions, §4.9.

Bodies fall in two sectors: *community* (a community's committee, or a Party organization
of kind ``community``) and *social organization* (an active organization, or a Party
organization that covers one). A person holding active posts in both sectors is
cross-appointed. A covering Party organization stands for the organizations it covers; a
community Party organization for the community it leads.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graphgov.analyses._common import active_on, active_orgs, as_of_of, conform, group_lists
from graphgov.graph import Graph

__all__ = [
    "body_posts",
    "cross_appointments",
    "cross_appointment_ties",
    "interlock_edges",
    "interlock_network",
]

COLUMNS = {
    "person_id": "string",
    "bodies": "int64",
    "communities": "object",
    "organizations": "object",
}
TIES_COLUMNS = {
    "community_code": "string",
    "community_name": "string",
    "persons": "int64",
    "org_ids": "object",
}
EDGE_COLUMNS = {"body_a": "string", "body_b": "string", "weight": "int64"}
_BODY_TYPE = {"Organization": "org", "PartyOrganization": "party_org", "Region": "community"}


def bodies(g: Graph) -> pd.DataFrame:
    """Every body a post can be held at, keyed ``org:ID``, ``party_org:ID`` or ``community:CODE``,
    with its ``sector`` (community, social_org, or missing) and the ``community`` or
    ``org_id`` it stands for (one row per community or organization it stands for)."""
    orgs = active_orgs(g)
    porgs = g.party_orgs
    regions = g.regions
    comm = regions[regions["level"] == "community"]
    covers = g.rel("COVERS")
    covers = covers[covers["dst"].isin(orgs["org_id"])]
    community_party = porgs[porgs["kind"] == "community"]
    covering = covers[~covers["src"].isin(community_party["party_org_id"])]
    other_party = porgs[
        ~porgs["party_org_id"].isin(community_party["party_org_id"])
        & ~porgs["party_org_id"].isin(covering["src"])
    ]
    parts = [
        pd.DataFrame({"body": "community:" + comm["code"], "sector": "community",
                      "community": comm["code"], "org_id": None}),
        pd.DataFrame({"body": "party_org:" + community_party["party_org_id"],
                      "sector": "community", "community": community_party["region_code"],
                      "org_id": None}),
        pd.DataFrame({"body": "org:" + orgs["org_id"], "sector": "social_org",
                      "community": None, "org_id": orgs["org_id"]}),
        pd.DataFrame({"body": "party_org:" + covering["src"], "sector": "social_org",
                      "community": None, "org_id": covering["dst"]}),
        pd.DataFrame({"body": "party_org:" + other_party["party_org_id"], "sector": None,
                      "community": None, "org_id": None}),
    ]  # fmt: skip
    kept = [p for p in parts if not p.empty]
    columns = ["body", "sector", "community", "org_id"]
    return pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=columns)


def body_posts(
    g: Graph, *, as_of: str | None = None, known: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Active posts at existing bodies: ``person_id, body`` (posts at inactive organizations
    are left out: abnormal and deregistered organizations count nowhere). `known` is
    :func:`bodies` if already computed."""
    as_of = as_of_of(g, as_of)
    known = bodies(g) if known is None else known
    posts = active_on(g.rel("HOLDS_POST"), as_of)
    keys = posts["dst_label"].map(_BODY_TYPE) + ":" + posts["dst"]
    out = pd.DataFrame({"person_id": posts["src"], "body": keys}).drop_duplicates()
    return out.merge(known[["body"]].drop_duplicates(), on="body")


def _tied(g: Graph, as_of: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(posts of cross-appointed persons joined to what their bodies stand for, all posts)."""
    known = bodies(g)
    posts = body_posts(g, as_of=as_of, known=known)
    joined = posts.merge(known, on="body")
    flags = (
        joined.assign(c=joined["sector"] == "community", o=joined["sector"] == "social_org")
        .groupby("person_id")[["c", "o"]]
        .any()
    )
    crossed = flags.index[flags["c"] & flags["o"]]
    return joined[joined["person_id"].isin(crossed)], posts


def cross_appointments(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """The cross-appointed persons: ``person_id, bodies`` (bodies where they hold an active
    post), ``communities`` and ``organizations`` (sorted ids they tie together).

    Examples
    --------
    On the tiny dataset: P01 is secretary of 上保社区's Party committee and sits on the branch
    of an organization; P02 directs 袁浦社区's committee and is vice-chair of an organization;
    P03 sits on 东江嘴村's committee and leads one of its community organizations.

    >>> from graphgov.datasets import tiny
    >>> cross_appointments(tiny())
      person_id  bodies     communities         organizations
    0       P01       2  [330106002051]  [51330106MJ0000011U]
    1       P02       2  [330106110002]  [52330106MJ0000021R]
    2       P03       2  [330106110200]  [C330106110200-0001]
    """
    tied, posts = _tied(g, as_of)
    out = pd.DataFrame({"person_id": sorted(tied["person_id"].unique())})
    counts = posts[posts["person_id"].isin(out["person_id"])].groupby("person_id")["body"]
    out["bodies"] = out["person_id"].map(counts.nunique())
    out["communities"] = out["person_id"].map(group_lists(tied, "person_id", "community"))
    out["organizations"] = out["person_id"].map(group_lists(tied, "person_id", "org_id"))
    return conform(out, COLUMNS)


def cross_appointment_ties(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Per community, the organizations tied to it through cross-appointed persons:
    ``community_code, community_name, persons`` (how many such persons) and ``org_ids``.

    Examples
    --------
    >>> from graphgov.datasets import tiny
    >>> cross_appointment_ties(tiny())[["community_name", "persons", "org_ids"]]
      community_name  persons               org_ids
    0           上保社区        1  [51330106MJ0000011U]
    1           袁浦社区        1  [52330106MJ0000021R]
    2         东江嘴村委会        1  [C330106110200-0001]
    """
    tied, _ = _tied(g, as_of)
    comm = tied[["person_id", "community"]].dropna().drop_duplicates()
    orgs = tied[["person_id", "org_id"]].dropna().drop_duplicates()
    pairs = comm.merge(orgs, on="person_id")
    out = pd.DataFrame({"community_code": sorted(pairs["community"].unique())})
    out["community_name"] = out["community_code"].map(g.regions.set_index("code")["name"])
    out["persons"] = out["community_code"].map(pairs.groupby("community")["person_id"].nunique())
    out["org_ids"] = out["community_code"].map(group_lists(pairs, "community", "org_id"))
    return conform(out, TIES_COLUMNS)


def interlock_edges(
    g: Graph, *, as_of: str | None = None, posts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Bodies linked by persons holding active posts in both: ``body_a < body_b, weight``
    (the number of shared persons). `posts` is :func:`body_posts` if already computed."""
    posts = body_posts(g, as_of=as_of) if posts is None else posts
    pairs = posts.merge(posts, on="person_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["body_a"] < pairs["body_b"]]
    out = pairs.groupby(["body_a", "body_b"], sort=True).size().reset_index(name="weight")
    return conform(out, EDGE_COLUMNS)


def interlock_network(
    g: Graph, *, as_of: str | None = None, known: pd.DataFrame | None = None
) -> nx.Graph:
    """The body-to-body interlock network, weighted by shared persons.

    Nodes are the bodies with an active post (isolated ones included), with attributes
    ``sector`` (community, social_org or none) and ``name``. `known` is :func:`bodies` if
    already computed.

    Examples
    --------
    On the tiny dataset nine bodies have an active post; the three cross-appointed persons
    give the three edges:

    >>> from graphgov.datasets import tiny
    >>> net = interlock_network(tiny())
    >>> net.number_of_nodes(), net.number_of_edges()
    (9, 3)
    >>> print(*sorted(net.edges(data="weight")), sep="\\n")
    ('community:330106110002', 'org:52330106MJ0000021R', 1)
    ('community:330106110200', 'org:C330106110200-0001', 1)
    ('party_org:PB0000001', 'party_org:PC330106002051', 1)
    >>> net.nodes["party_org:PC330106002051"]["sector"]
    'community'
    """
    known = bodies(g) if known is None else known
    posts = body_posts(g, as_of=as_of, known=known)
    edges = interlock_edges(g, posts=posts)
    net = nx.from_pandas_edgelist(edges, "body_a", "body_b", edge_attr="weight")
    net.add_nodes_from(posts["body"].unique())
    first = known.drop_duplicates("body")
    sector = dict(zip(first["body"].tolist(), first["sector"].fillna("none").tolist(), strict=True))
    names = body_names(g)
    for node, data in net.nodes(data=True):
        data["sector"] = sector.get(node, "none")
        if node in names:
            data["name"] = names[node]
    return net


def body_names(g: Graph) -> dict[str, str]:
    """Display name of every body key."""
    names: dict[str, str] = {}
    for prefix, frame, key in (
        ("org:", g.organizations, "org_id"),
        ("party_org:", g.party_orgs, "party_org_id"),
        ("community:", g.regions, "code"),
    ):
        names |= dict(zip((prefix + frame[key]).tolist(), frame["name"].tolist(), strict=True))
    return names
