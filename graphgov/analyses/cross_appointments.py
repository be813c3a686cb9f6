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
    as_of_of,
    conform,
    distinct_counts,
    edgelist_graph,
    group_lists,
    shared,
    sorted_unique,
)
from graphgov.analyses.merged_bodies import (
    FORMS,
    SECTORS,
    bodies,
    body_posts,
    held_bodies,
    post_bodies,
)
from graphgov.graph import Graph
from graphgov.load.checks import key_set, member
from graphgov.load.rawtable import arrow_strings

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


@shared
def _crossed(g: Graph, as_of: str | None) -> tuple[pd.DataFrame, pd.Series]:
    """(the rows of :func:`bodies` behind the posts of cross-appointed persons, each with
    the ``person_id`` holding it; the type of each cross-appointed person, by sorted
    person id). Worked out on integer codes: persons as coded by pyarrow, bodies as rows
    of :func:`bodies`."""
    as_of = as_of_of(g, as_of)
    known = bodies(g, as_of)
    person, _, at = post_bodies(g, as_of, known)
    coded = pc.dictionary_encode(person)
    who, persons = coded.indices.to_numpy().astype(np.int64), coded.dictionary
    sector = known["sector"].array.codes[at]
    crossed = _any(who, sector == SECTORS.index("community"), len(persons))
    crossed &= _any(who, sector == SECTORS.index("social_org"), len(persons))
    keep = crossed[who]
    width = max(len(known), 1)
    pair = sorted_unique(who[keep] * width + at[keep])
    rows, owner = _body_rows(known, pair % width)
    tied = known.take(rows).reset_index(drop=True)
    who = (pair // width)[owner]
    tied.insert(0, "person_id", arrow_strings(persons.take(pa.array(who))))
    form = tied["form"].array.codes
    filed = g.organizations.loc[g.organizations["kind"] == "community", "org_id"]
    registered = (tied["org_id"].notna() & ~member(tied["org_id"], filed)).to_numpy()
    ids = persons.filter(pa.array(crossed))
    order = pc.sort_indices(ids).to_numpy()
    each = np.flatnonzero(crossed)[order]
    party = _any(who, form == FORMS.index("community_party"), len(persons))[each]
    party &= _any(who, form == FORMS.index("covering_party"), len(persons))[each]
    registered = _any(who, registered, len(persons))[each]
    kind = np.where(party, TYPES[0], np.where(registered, TYPES[1], TYPES[2]))
    index = pd.Index(arrow_strings(ids.take(pa.array(order))), name="person_id")
    return tied, pd.Series(kind, index=index, dtype=object)


def _any(who: np.ndarray, flag: np.ndarray, n: int) -> np.ndarray:
    """For each of `n` persons, whether a row of theirs (`who`) has `flag`."""
    return np.bincount(who[flag], minlength=n) > 0


def _body_rows(known: pd.DataFrame, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every row of `known` (:func:`bodies`, where the rows of a body are consecutive) of
    the bodies whose first rows are `first`, and for each the position in `first` it
    came from."""
    body = key_set(known["body"])
    change = pc.not_equal(body[1:], body[:-1]).to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.r_[True, change])[: len(known)]  # none when `known` is empty
    size = np.zeros(len(known), dtype=np.int64)
    size[starts] = np.diff(np.r_[starts, len(known)])
    count = size[first]
    owner = np.repeat(np.arange(len(first)), count)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    return first[owner] + offset, owner


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
    tied, kind = _crossed(g, as_of)
    out = pd.DataFrame({"person_id": kind.index, "type": kind.to_numpy()})
    out["bodies"] = distinct_counts(tied, "person_id", "node").reindex(kind.index).to_numpy()
    for column, values in (("communities", "community"), ("organizations", "org_id")):
        out[column] = group_lists(tied, "person_id", values).reindex(kind.index).to_numpy()
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
    tied, kind = _crossed(g, as_of)
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
    sectors = first["sector"].astype(object).fillna("none")
    return dict(zip(first["node"].tolist(), sectors.tolist(), strict=True))


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
