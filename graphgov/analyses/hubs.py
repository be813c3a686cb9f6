"""Hub and support organizations (枢纽型/支持型): their coverage and reach, the gaps in
their coverage, and where they overlap.

Definitions: datasets/README.md, Analysis definitions, §4.5-4.6.

A hub is an organization with ``hub_role`` hub or support that is active on ``as_of``
(§4.0). Its *places* are the region it is based in and the regions it has an active
``serves`` link to. It **covers**

- a township that is one of its places, or whose community it is based in;
- a community that is one of its places, or whose township is.

It **reaches** a community it covers, and one where an active organization it supports or
incubates (an active link) is based. Coverage is the seed's target (基本覆盖每个街道(乡镇)
和城乡社区); reach is the broader presence. Only townships with communities count (those a
hub can cover anything in).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from graphgov.analyses._common import (
    active_on,
    ancestor,
    as_of_of,
    communities,
    conform,
    group_lists,
    orgs_active_on,
    shared,
)
from graphgov.codes import county_code
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["hub_coverage", "hub_gaps", "hub_overlap", "hub_reach", "hub_townships", "hubs"]

HUBS_COLUMNS = {
    "hub_id": "string",
    "name": "string",
    "hub_role": "string",
    "base_level": "string",
    "orgs_supported": "int64",
    "townships_covered": "int64",
    "communities_covered": "int64",
    "communities_reached": "int64",
    "exclusive_communities": "int64",
}
GAPS_COLUMNS = {
    "region_code": "string",
    "name": "string",
    "level": "string",
    "county_code": "string",
    "communities": "int64",
}
OVERLAP_COLUMNS = {
    "hub_a": "string",
    "hub_b": "string",
    "shared_communities": "int64",
    "communities": "object",
    "shared_reached": "int64",
}
_PAIR = ["hub_id", "community_code"]


def _places(g: Graph, as_of: str, hub: pd.DataFrame) -> pd.DataFrame:
    """``(hub_id, place, based)``: each hub's base, and the regions it serves on `as_of`."""
    serves = active_on(g.rel("SERVES"), as_of)
    serves = serves[(serves["dst_label"] == "Region") & member(serves["src"], hub["org_id"])]
    return pd.concat(
        [
            pd.DataFrame({"hub_id": hub["org_id"], "place": hub["region_code"], "based": True}),
            pd.DataFrame({"hub_id": serves["src"], "place": serves["dst"], "based": False}),
        ],
        ignore_index=True,
    )


class Relations(NamedTuple):
    """What the hub analyses read on one date: the active hubs, and the pairs
    ``(hub_id, community_code)`` covered and reached, ``(hub_id, township_code)`` covered
    and ``(hub_id, org_id)`` supported or incubated."""

    hub: pd.DataFrame
    covered: pd.DataFrame
    townships: pd.DataFrame
    reached: pd.DataFrame
    supported: pd.DataFrame


@shared
def relations(g: Graph, as_of: str | None = None) -> Relations:
    """Every hub relation on `as_of` (the dataset's date by default), computed once."""
    as_of = as_of_of(g, as_of)
    orgs = orgs_active_on(g, as_of)
    hub = orgs[orgs["hub_role"].isin(["hub", "support"]).fillna(False).astype(bool)]
    comm = communities(g)[["code"]].rename(columns={"code": "community_code"})
    comm["township_code"] = ancestor(comm["community_code"], "township")
    places = _places(g, as_of, hub)
    covered = _distinct(
        [
            places.merge(comm, left_on="place", right_on=key)[_PAIR]
            for key in ("community_code", "township_code")
        ],
        _PAIR,
    )
    # A township: one of its places, or the township of the community it is based in.
    towns = pd.DataFrame({"township_code": comm["township_code"].unique()})
    direct = places.merge(towns, left_on="place", right_on="township_code")
    based = places[places["based"]].merge(comm, left_on="place", right_on="community_code")
    townships = _distinct(
        [f[["hub_id", "township_code"]] for f in (direct, based)], ["hub_id", "township_code"]
    )
    supported = _supported(g, as_of, hub, orgs)
    via_org = supported.merge(orgs[["org_id", "region_code"]], on="org_id").merge(
        comm, left_on="region_code", right_on="community_code"
    )
    reached = _distinct([covered, via_org[_PAIR]], _PAIR)
    return Relations(hub, covered, townships, reached, supported)


def hub_coverage(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Pairs ``(hub_id, community_code)``: every community each active hub covers."""
    return relations(g, as_of).covered


def hub_townships(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Pairs ``(hub_id, township_code)``: every township (with communities) each active hub
    covers."""
    return relations(g, as_of).townships


def hub_reach(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Pairs ``(hub_id, community_code)``: every community each active hub reaches (covers,
    or is where an active organization it supports or incubates is based)."""
    return relations(g, as_of).reached


def hubs(g: Graph, *, as_of: str | None = None, county: str | None = None) -> pd.DataFrame:
    """Coverage and reach of each hub: most communities covered first, then most reached,
    then by id.

    Columns ``hub_id, name, hub_role, base_level`` (the level of the region it is based
    in), ``orgs_supported`` (active organizations it supports or incubates),
    ``townships_covered, communities_covered, communities_reached`` and
    ``exclusive_communities`` (those it covers that no other hub covers). `county` keeps
    the hubs based in that county (the counts stay dataset-wide).

    Examples
    --------
    On the tiny dataset the county's support organization serves 双浦镇 (it covers the
    township and its three communities) and supports an organization in 上保社区 (reached,
    not covered); the hub of 北山街道 covers its township and both its communities, one of
    them (上保社区) the other hub only reaches:

    >>> from graphgov.datasets import tiny
    >>> g = tiny()
    >>> hubs(g)[["hub_id", "hub_role", "base_level", "orgs_supported"]]
                   hub_id hub_role base_level  orgs_supported
    0  52330106MJ0000111E  support     county               1
    1  51330106MJ0000101G      hub   township               0
    >>> hubs(g)[["townships_covered", "communities_covered", "communities_reached"]]
       townships_covered  communities_covered  communities_reached
    0                  1                    3                    4
    1                  1                    2                    2
    >>> hubs(g)["exclusive_communities"].tolist()
    [3, 2]
    """
    rel = relations(g, as_of)
    hub, covered = rel.hub, rel.covered
    by_others = covered.groupby("community_code")["hub_id"].transform("size")
    levels = g.regions.set_index("code")["level"]
    out = pd.DataFrame(
        {
            "hub_id": hub["org_id"],
            "name": hub["name"],
            "hub_role": hub["hub_role"],
            "base_level": hub["region_code"].map(levels),
            "region_code": hub["region_code"],
        }
    )
    for column, pairs in (
        ("orgs_supported", rel.supported),
        ("townships_covered", rel.townships),
        ("communities_covered", covered),
        ("communities_reached", rel.reached),
        ("exclusive_communities", covered[by_others == 1]),
    ):
        out[column] = out["hub_id"].map(pairs["hub_id"].value_counts())
    out = out.fillna({c: 0 for c in list(HUBS_COLUMNS)[4:]})
    out = _in_county(out, "region_code", county)
    out = out.sort_values(
        ["communities_covered", "communities_reached", "hub_id"], ascending=[False, False, True]
    )
    return conform(out, HUBS_COLUMNS)


@shared
def hub_gaps(g: Graph, *, as_of: str | None = None, county: str | None = None) -> pd.DataFrame:
    """Townships (with communities) and communities that no hub covers, biggest
    opportunity first.

    ``communities`` is, for a township, how many of its communities no hub covers (what a
    hub placed there would add: 0 when each is served by a hub from elsewhere); for a
    community, 1. Rows are ordered by ``communities`` descending, a township before the
    communities on a tie, then by code. `county` keeps one county's rows.

    Examples
    --------
    On the tiny dataset no hub covers 西溪街道 or either of its two communities:

    >>> from graphgov.datasets import tiny
    >>> hub_gaps(tiny())
        region_code   name      level   county_code  communities
    0  330106004000   西溪街道   township  330106000000            2
    1  330106004053  石灰桥社区  community  330106000000            1
    2  330106004055  下马塍社区  community  330106000000            1
    """
    rel = relations(g, as_of)
    covered = set(rel.covered["community_code"])
    covered_towns = set(rel.townships["township_code"])
    regions = g.regions
    comm = communities(g)
    open_comm = comm[~comm["code"].isin(covered)]
    open_per_town = ancestor(open_comm["code"], "township").value_counts()
    with_comm = set(ancestor(comm["code"], "township"))
    towns = regions[
        (regions["level"] == "township")
        & regions["code"].isin(with_comm)
        & ~regions["code"].isin(covered_towns)
    ]
    out = pd.concat(
        [
            towns.assign(communities=towns["code"].map(open_per_town).fillna(0), rank=0),
            open_comm.assign(communities=1, rank=1),
        ],
        ignore_index=True,
    )
    out = out.rename(columns={"code": "region_code"})
    out["county_code"] = ancestor(out["region_code"], "county")
    out = _in_county(out, "region_code", county)
    out = out.sort_values(["communities", "rank", "region_code"], ascending=[False, True, True])
    return conform(out, GAPS_COLUMNS)


def hub_overlap(g: Graph, *, as_of: str | None = None, county: str | None = None) -> pd.DataFrame:
    """Pairs of hubs present in the same communities (``hub_a < hub_b``):
    ``shared_communities``, how many communities both cover, and ``communities``, which
    (sorted): duplicated coverage, the placement a planner may rationalise; then
    ``shared_reached``, how many both reach (coverage or organizations supported there:
    hubs to coordinate). Every pair sharing a reached community is listed; most shared
    coverage first, then most shared reach. `county` keeps communities in that county.

    Examples
    --------
    On the tiny dataset the hub of 北山街道 covers 上保社区, which the county's support
    organization reaches (it supports an organization there) but does not cover:

    >>> from graphgov.datasets import tiny
    >>> hub_overlap(tiny()).drop(columns="hub_b")
                    hub_a  shared_communities communities  shared_reached
    0  51330106MJ0000101G                   0          []               1
    """
    rel = relations(g, as_of)
    covered = _shared(_in_county(rel.covered, "community_code", county))
    reached = _shared(_in_county(rel.reached, "community_code", county)).groupby("pair").size()
    lists = group_lists(covered, "pair", "community_code")
    out = pd.DataFrame({"pair": reached.index.astype(str), "shared_reached": reached.to_numpy()})
    out["communities"] = [lists.get(pair, []) for pair in out["pair"]]
    out["hub_a"] = out["pair"].str.split("|", n=1).str[0]
    out["hub_b"] = out["pair"].str.split("|", n=1).str[1]
    out["shared_communities"] = out["communities"].map(len)
    out = out.sort_values(
        ["shared_communities", "shared_reached", "hub_a", "hub_b"],
        ascending=[False, False, True, True],
    )
    return conform(out, OVERLAP_COLUMNS)


def _shared(pairs: pd.DataFrame) -> pd.DataFrame:
    """``(pair, community_code)``: ``pair`` is ``hub_a|hub_b`` (a < b), both in the pairs."""
    both = pairs.merge(pairs, on="community_code", suffixes=("_a", "_b"))
    both = both[both["hub_id_a"] < both["hub_id_b"]]
    pair = both["hub_id_a"] + "|" + both["hub_id_b"]
    return pd.DataFrame({"pair": pair, "community_code": both["community_code"]})


def _supported(g: Graph, as_of: str, hub: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """Distinct ``(hub_id, org_id)`` for active supports/incubates links from a hub to an
    organization of `orgs` (those active on `as_of`)."""
    links = pd.concat([g.rel("SUPPORTS"), g.rel("INCUBATES")], ignore_index=True)
    links = active_on(links, as_of)
    links = links[
        member(links["src"], hub["org_id"])
        & (links["dst_label"] == "Organization")
        & member(links["dst"], orgs["org_id"])
    ]
    return _distinct(
        [pd.DataFrame({"hub_id": links["src"], "org_id": links["dst"]})], ["hub_id", "org_id"]
    )


def _distinct(frames: list[pd.DataFrame], key: list[str]) -> pd.DataFrame:
    out = pd.concat(frames, ignore_index=True).drop_duplicates()
    return out.sort_values(key, ignore_index=True)


def _in_county(frame: pd.DataFrame, column: str, county: str | None) -> pd.DataFrame:
    if county is None:
        return frame
    code = county_code(county)
    return frame[frame[column].str.slice(0, 6) == code[:6]]
