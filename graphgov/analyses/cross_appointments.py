"""Cross-appointments (交叉任职) between the community and social-organization sectors, and
the interlock network of bodies linked by the persons they share.

Definition: datasets/README.md, Analysis definitions, §4.9.

Bodies fall in two sectors: *community* (a community's committee, or a Party organization
of kind ``community``) and *social organization* (an active organization, or a Party
organization that covers one). A person holding active posts in both sectors is
cross-appointed. Everything is read on `as_of` (§4.0): posts, organizations, Party
organizations and covers.

A body and its own Party organization are one *merged body*: a community's committee and
its community Party organization are ``community:CODE``; an organization and a Party
organization (other than a joint branch) that covers only it are ``org:ID``; any other
Party organization is ``party_org:ID``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.analyses._common import (
    active_on,
    as_of_of,
    communities,
    conform,
    covers_on,
    edgelist_graph,
    group_lists,
    orgs_active_on,
    party_orgs_on,
    shared,
)
from graphgov.graph import Graph
from graphgov.load.checks import member
from graphgov.load.rawtable import STRING_DTYPE

__all__ = [
    "TYPES",
    "bodies",
    "body_posts",
    "cross_appointments",
    "cross_appointment_ties",
    "held_bodies",
    "interlock_edges",
    "interlock_network",
]

#: The types of cross-appointment, in the order the report gives them.
TYPES = ("party_to_party", "community_to_registered", "community_to_filed")
COLUMNS = {
    "person_id": "string",
    "type": "string",
    "bodies": "int64",
    "communities": "object",
    "organizations": "object",
}
TIES_COLUMNS = {
    "community_code": "string",
    "community_name": "string",
    "persons": "int64",
    "party_to_party": "int64",
    "org_ids": "object",
}
EDGE_COLUMNS = {"body_a": "string", "body_b": "string", "weight": "int64"}
_BODY_TYPE = {"Organization": "org", "PartyOrganization": "party_org", "Region": "community"}
_BODY_COLUMNS = ["body", "node", "sector", "form", "community", "org_id"]


@shared
def bodies(g: Graph, as_of: str | None = None) -> pd.DataFrame:
    """Every body a post can be held at on `as_of`: ``body`` (the post's own key,
    ``org:ID``, ``party_org:ID`` or ``community:CODE``), ``node`` (its merged body),
    ``sector`` (community, social_org, or missing), ``form`` (``committee``,
    ``community_party``, ``org``, ``covering_party`` or ``other_party``) and the
    ``community`` or ``org_id`` it stands for (one row per community or organization it
    stands for: a covering Party organization has a row per active organization it covers).

    Active organizations, existing Party organizations and active covers only (§4.0).
    """
    as_of = as_of_of(g, as_of)
    orgs = orgs_active_on(g, as_of)
    porgs = party_orgs_on(g, as_of)
    comm = communities(g)["code"]
    community_party = porgs[porgs["kind"] == "community"]
    covers = covers_on(g, as_of)
    covers = covers[
        member(covers["dst"], orgs["org_id"])
        & ~member(covers["src"], community_party["party_org_id"])
    ]
    covering = covers[["src", "dst"]].drop_duplicates()
    kind = porgs.set_index("party_org_id")["kind"]
    alone = covering.groupby("src")["dst"].transform("size").eq(1).to_numpy()
    own = alone & (covering["src"].map(kind) != "joint_branch").to_numpy()
    covering_node = np.where(own, "org:" + covering["dst"], "party_org:" + covering["src"])
    other = porgs[
        ~member(porgs["party_org_id"], community_party["party_org_id"])
        & ~member(porgs["party_org_id"], covering["src"])
    ]
    committee_key = "community:" + comm
    community_key = "party_org:" + community_party["party_org_id"]
    org_key = "org:" + orgs["org_id"]
    other_key = "party_org:" + other["party_org_id"]
    parts = [
        (committee_key, committee_key, "community", "committee", comm, None),
        (community_key, "community:" + community_party["region_code"], "community",
         "community_party", community_party["region_code"], None),
        (org_key, org_key, "social_org", "org", None, orgs["org_id"]),
        ("party_org:" + covering["src"], covering_node, "social_org", "covering_party", None,
         covering["dst"]),
        (other_key, other_key, None, "other_party", None, None),
    ]  # fmt: skip
    frames = [
        pd.DataFrame(
            {
                "body": _values(body),
                "node": _values(node),
                "sector": sector,
                "form": form,
                "community": _values(community) if community is not None else None,
                "org_id": _values(org_id) if org_id is not None else None,
            }
        )
        for body, node, sector, form, community, org_id in parts
        if len(body)
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_BODY_COLUMNS)


def _values(values: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=object)


@shared
def body_posts(
    g: Graph, *, as_of: str | None = None, known: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Active posts at existing bodies on `as_of`: ``person_id, body, node`` (the post's
    body and its merged body), one row per active post (a person with two roles at one
    body has two rows). Posts at inactive organizations or at Party organizations not
    existing then are left out. `known` is :func:`bodies` if already computed."""
    as_of = as_of_of(g, as_of)
    known = bodies(g, as_of) if known is None else known
    posts = active_on(g.rel("HOLDS_POST"), as_of)
    keys = posts["dst_label"].map(_BODY_TYPE) + ":" + posts["dst"]
    out = pd.DataFrame({"person_id": posts["src"], "body": keys})
    out = out[member(out["body"], known["body"])].reset_index(drop=True)
    # Most bodies are their own merged body: look up only those that are not.
    renamed = known.loc[known["body"] != known["node"], ["body", "node"]].drop_duplicates("body")
    body = pa.array(out["body"].array).cast(pa.large_string())
    where = pc.index_in(body, value_set=pa.array(renamed["body"].tolist(), pa.large_string()))
    moved = pc.take(pa.array(renamed["node"].tolist(), pa.large_string()), where)
    node = pc.if_else(pc.is_null(where), body, moved)
    return out.assign(node=pd.Series(pd.array(node, dtype=STRING_DTYPE), index=out.index))


@shared
def _crossed(g: Graph, as_of: str | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(the rows of :func:`bodies` behind the posts of cross-appointed persons, with
    ``person_id``; their active posts; the type of each cross-appointed person)."""
    as_of = as_of_of(g, as_of)
    known = bodies(g, as_of)
    posts = body_posts(g, as_of=as_of, known=known)
    in_sector = {
        sector: posts.loc[member(posts["body"], known.loc[known["sector"] == sector, "body"]),
                          "person_id"].unique()
        for sector in ("community", "social_org")
    }  # fmt: skip
    both = pd.Series(in_sector["community"], dtype="string")
    crossed = both[member(both, pd.Series(in_sector["social_org"], dtype="string"))]
    posts = posts[member(posts["person_id"], crossed)]
    tied = posts[["person_id", "body"]].drop_duplicates().merge(known, on="body")
    filed = g.organizations.loc[g.organizations["kind"] == "community", "org_id"]
    tied = tied.assign(
        cp=tied["form"] == "community_party",
        sp=tied["form"] == "covering_party",
        registered=tied["org_id"].notna() & ~member(tied["org_id"].astype("string"), filed),
    )
    has = tied.groupby("person_id")[["cp", "sp", "registered"]].any()
    kind = np.where(
        has["cp"] & has["sp"],
        TYPES[0],
        np.where(has["registered"], TYPES[1], TYPES[2]),
    )
    return tied, posts, pd.Series(kind, index=has.index, dtype=object)


def cross_appointments(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """The cross-appointed persons: ``person_id``, ``type`` (``party_to_party`` when they
    hold a post at a community Party organization and one at a Party organization covering
    a social organization; otherwise ``community_to_registered`` when they tie a registered
    organization, ``community_to_filed`` when only filed community organizations),
    ``bodies`` (merged bodies where they hold an active post, whatever the sector),
    ``communities`` and ``organizations`` (sorted ids they tie together).

    Examples
    --------
    On the tiny dataset: P01 is secretary of 上保社区's Party committee and sits on the branch
    of an organization (Party to Party); P02 directs 袁浦社区's committee and is vice-chair of
    an organization; P03 sits on 东江嘴村's committee and leads one of its community
    organizations.

    >>> from graphgov.datasets import tiny
    >>> cross_appointments(tiny())[["person_id", "type", "bodies"]]
      person_id                     type  bodies
    0       P01           party_to_party       2
    1       P02  community_to_registered       2
    2       P03       community_to_filed       2
    >>> cross_appointments(tiny())["organizations"].tolist()
    [['51330106MJ0000011U'], ['52330106MJ0000021R'], ['C330106110200-0001']]
    """
    tied, posts, kind = _crossed(g, as_of)
    out = pd.DataFrame({"person_id": sorted(kind.index)})
    out["type"] = out["person_id"].map(kind)
    out["bodies"] = out["person_id"].map(posts.groupby("person_id")["node"].nunique())
    out["communities"] = out["person_id"].map(group_lists(tied, "person_id", "community"))
    out["organizations"] = out["person_id"].map(group_lists(tied, "person_id", "org_id"))
    return conform(out, COLUMNS)


def cross_appointment_ties(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Per community, the organizations tied to it through cross-appointed persons:
    ``community_code, community_name, persons`` (how many such persons),
    ``party_to_party`` (how many of them are of that type) and ``org_ids``.

    Examples
    --------
    >>> from graphgov.datasets import tiny
    >>> cross_appointment_ties(tiny())[["community_name", "persons", "party_to_party"]]
      community_name  persons  party_to_party
    0           上保社区        1               1
    1           袁浦社区        1               0
    2         东江嘴村委会        1               0
    """
    tied, _, kind = _crossed(g, as_of)
    comm = tied[["person_id", "community"]].dropna().drop_duplicates()
    orgs = tied[["person_id", "org_id"]].dropna().drop_duplicates()
    pairs = comm.merge(orgs, on="person_id")
    people = pairs[["community", "person_id"]].drop_duplicates()
    party = people[people["person_id"].map(kind) == TYPES[0]]
    out = pd.DataFrame({"community_code": sorted(pairs["community"].unique())})
    out["community_name"] = out["community_code"].map(g.regions.set_index("code")["name"])
    out["persons"] = out["community_code"].map(people.groupby("community").size())
    out["party_to_party"] = (
        out["community_code"].map(party.groupby("community").size()).fillna(0).astype("int64")
    )
    out["org_ids"] = out["community_code"].map(group_lists(pairs, "community", "org_id"))
    return conform(out, TIES_COLUMNS)


@shared
def held_bodies(posts: pd.DataFrame) -> pd.DataFrame:
    """Each person and merged body where they hold an active post, once (`posts`:
    :func:`body_posts`): ``person_id, node, bodies`` (the merged bodies the person holds
    posts in)."""
    held = posts[["person_id", "node"]].drop_duplicates()
    return held.assign(bodies=held.groupby("person_id")["node"].transform("size").to_numpy())


def interlock_edges(
    g: Graph, *, as_of: str | None = None, posts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Merged bodies linked by persons holding active posts in both: ``body_a < body_b,
    weight`` (the number of shared persons). `posts` is :func:`body_posts` if already
    computed."""
    posts = body_posts(g, as_of=as_of) if posts is None else posts
    held = held_bodies(posts)
    # A person in one merged body links none: only the others are paired.
    held = held.loc[held["bodies"].to_numpy() > 1, ["person_id", "node"]]
    pairs = held.merge(held, on="person_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["node_a"] < pairs["node_b"]]
    out = pairs.groupby(["node_a", "node_b"], sort=True).size().reset_index(name="weight")
    out = out.rename(columns={"node_a": "body_a", "node_b": "body_b"})
    return conform(out, EDGE_COLUMNS)


def interlock_network(
    g: Graph,
    *,
    as_of: str | None = None,
    known: pd.DataFrame | None = None,
    describe: bool = True,
) -> nx.Graph:
    """The interlock network: merged bodies with an active post (liaison and instructor
    posts included; isolated bodies too), linked by the persons they share (``weight``).
    Nodes carry ``sector`` (community, social_org or none) and ``name``, unless not to
    `describe` them (the interlock projection describes them itself). `known` is
    :func:`bodies` if already computed.

    Examples
    --------
    On the tiny dataset nine merged bodies have an active post: 上保社区's Party committee
    is ``community:330106002051`` and the branch covering only 澄屿书画协会 is that
    organization's node. The three cross-appointed persons give the three edges:

    >>> from graphgov.datasets import tiny
    >>> net = interlock_network(tiny())
    >>> net.number_of_nodes(), net.number_of_edges()
    (9, 3)
    >>> print(*sorted(net.edges(data="weight")), sep="\\n")
    ('community:330106002051', 'org:51330106MJ0000011U', 1)
    ('community:330106110002', 'org:52330106MJ0000021R', 1)
    ('community:330106110200', 'org:C330106110200-0001', 1)
    >>> net.nodes["community:330106002051"]["name"]
    '上保社区'
    """
    known = bodies(g, as_of) if known is None else known
    posts = body_posts(g, as_of=as_of, known=known)
    edges = interlock_edges(g, posts=posts)
    net = edgelist_graph(edges, "body_a", "body_b", edge_attr="weight")
    net.add_nodes_from(sorted(posts["node"].unique().tolist()))
    if not describe:
        return net
    sectors = node_sectors(known)
    names = body_names(g)
    for node, data in net.nodes(data=True):
        data["sector"] = sectors.get(node, "none")
        if node in names:
            data["name"] = names[node]
    return net


@shared
def node_sectors(known: pd.DataFrame) -> dict[str, str]:
    """Sector of every merged body of `known` (:func:`bodies`): community, social_org or
    none."""
    first = known.drop_duplicates("node")
    return dict(zip(first["node"].tolist(), first["sector"].fillna("none").tolist(), strict=True))


@shared
def body_names(g: Graph) -> dict[str, str]:
    """Display name of every body key (a merged ``community:CODE`` is the community's name,
    a merged ``org:ID`` the organization's)."""
    names: dict[str, str] = {}
    for prefix, frame, key in (
        ("org:", g.organizations, "org_id"),
        ("party_org:", g.party_orgs, "party_org_id"),
        ("community:", g.regions, "code"),
    ):
        names |= dict(zip((prefix + frame[key]).tolist(), frame["name"].tolist(), strict=True))
    return names
