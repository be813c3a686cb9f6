"""Hub and support organizations (枢纽型/支持型): their reach, gaps and overlap.

Definitions: datasets/README.md, Analysis definitions, §4.5-4.6 (what graphgov computes
today is the *reach* described here).

A hub is an active organization with ``hub_role`` hub or support. It reaches a community if
it is based in the community or in the community's township, or has an active ``serves``
link to the community or its township, or an active ``supports``/``incubates`` link to an
active organization based in the community. A township is reached when one of its
communities is.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import (
    active_on,
    active_orgs,
    ancestor,
    as_of_of,
    communities,
    conform,
    group_lists,
)
from graphgov.codes import county_code
from graphgov.graph import Graph

__all__ = ["hub_reach", "hubs", "hub_gaps", "hub_overlap"]

HUBS_COLUMNS = {
    "hub_id": "string",
    "name": "string",
    "hub_role": "string",
    "orgs_supported": "int64",
    "communities_reached": "int64",
    "townships_reached": "int64",
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
}


def active_hubs(g: Graph) -> pd.DataFrame:
    """Active organizations whose ``hub_role`` is hub or support."""
    orgs = active_orgs(g)
    return orgs[orgs["hub_role"].isin(["hub", "support"]).fillna(False).astype(bool)]


def hub_reach(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Pairs ``(hub_id, community_code)``: every community each active hub reaches."""
    as_of = as_of_of(g, as_of)
    hub = active_hubs(g)
    comm = communities(g)[["code"]].rename(columns={"code": "community_code"})
    comm["township_code"] = ancestor(comm["community_code"], "township")
    # Based in, or serving, the community or its township: match on either code.
    serves = active_on(g.rel("SERVES"), as_of)
    serves = serves[serves["src"].isin(hub["org_id"])]
    places = pd.concat(
        [
            pd.DataFrame({"hub_id": hub["org_id"], "place": hub["region_code"]}),
            pd.DataFrame({"hub_id": serves["src"], "place": serves["dst"]}),
        ],
        ignore_index=True,
    )
    by_community = places.merge(comm, left_on="place", right_on="community_code")
    by_township = places.merge(comm, left_on="place", right_on="township_code")
    # Supporting or incubating an active organization based in the community.
    supported = _supported(g, as_of, hub)
    orgs = active_orgs(g)[["org_id", "region_code"]]
    via_org = supported.merge(orgs, left_on="org_id", right_on="org_id").merge(
        comm, left_on="region_code", right_on="community_code"
    )
    pairs = pd.concat(
        [f[["hub_id", "community_code"]] for f in (by_community, by_township, via_org)],
        ignore_index=True,
    )
    return pairs.drop_duplicates().sort_values(["hub_id", "community_code"], ignore_index=True)


def hubs(g: Graph, *, as_of: str | None = None, county: str | None = None) -> pd.DataFrame:
    """Reach of each hub, most communities first (then by id).

    Columns ``hub_id, name, hub_role, orgs_supported`` (active organizations it supports or
    incubates), ``communities_reached, townships_reached, exclusive_communities`` (reached
    by no other hub). `county` keeps the hubs based in that county (counts stay
    province-wide).

    Examples
    --------
    On the tiny dataset: the county's support organization serves 双浦镇 (three communities)
    and supports an organization in 上保社区; the hub of 北山街道 reaches its two communities.

    >>> from graphgov.datasets import tiny
    >>> g = tiny()
    >>> hubs(g)[["hub_id", "hub_role", "communities_reached", "exclusive_communities"]]
                   hub_id hub_role  communities_reached  exclusive_communities
    0  52330106MJ0000111E  support                    4                      3
    1  51330106MJ0000101G      hub                    2                      1
    >>> hubs(g)[["hub_id", "orgs_supported", "townships_reached"]]
                   hub_id  orgs_supported  townships_reached
    0  52330106MJ0000111E               1                  2
    1  51330106MJ0000101G               0                  1
    """
    as_of = as_of_of(g, as_of)
    hub = active_hubs(g)
    pairs = hub_reach(g, as_of=as_of)
    pairs["township_code"] = ancestor(pairs["community_code"], "township")
    reached_by = pairs.groupby("community_code")["hub_id"].transform("size")
    per_hub = pairs.assign(exclusive=reached_by == 1).groupby("hub_id")
    supported = _supported(g, as_of, hub).drop_duplicates()
    out = pd.DataFrame(
        {
            "hub_id": hub["org_id"],
            "name": hub["name"],
            "hub_role": hub["hub_role"],
            "region_code": hub["region_code"],
        }
    )
    out["orgs_supported"] = out["hub_id"].map(supported["hub_id"].value_counts())
    out["communities_reached"] = out["hub_id"].map(per_hub["community_code"].nunique())
    out["townships_reached"] = out["hub_id"].map(per_hub["township_code"].nunique())
    out["exclusive_communities"] = out["hub_id"].map(per_hub["exclusive"].sum())
    out = out.fillna({c: 0 for c in list(HUBS_COLUMNS)[3:]})
    out = _in_county(out, "region_code", county)
    out = out.sort_values(["communities_reached", "hub_id"], ascending=[False, True])
    return conform(out, HUBS_COLUMNS)


def hub_gaps(g: Graph, *, as_of: str | None = None, county: str | None = None) -> pd.DataFrame:
    """Townships and communities that no hub reaches, biggest opportunity first.

    ``communities`` is, for a township, how many of its communities a hub placed there
    would reach (all of them: none is reached yet); for a community, 1. Rows are ordered by
    ``communities`` descending, then by code. `county` keeps one county's rows.

    Examples
    --------
    On the tiny dataset no hub reaches 西溪街道 or either of its two communities:

    >>> from graphgov.datasets import tiny
    >>> hub_gaps(tiny())
        region_code   name      level   county_code  communities
    0  330106004000   西溪街道   township  330106000000            2
    1  330106004053  石灰桥社区  community  330106000000            1
    2  330106004055  下马塍社区  community  330106000000            1
    """
    reached = set(hub_reach(g, as_of=as_of)["community_code"])
    regions = g.regions
    comm = communities(g)
    unreached = comm[~comm["code"].isin(reached)]
    township = ancestor(comm["code"], "township")
    reached_townships = set(township[comm["code"].isin(reached)])
    per_township = township.value_counts()
    towns = regions[(regions["level"] == "township") & ~regions["code"].isin(reached_townships)]
    towns = towns[towns["code"].isin(per_township.index)]
    out = pd.concat(
        [
            towns.assign(communities=towns["code"].map(per_township)),
            unreached.assign(communities=1),
        ],
        ignore_index=True,
    )
    out = out.rename(columns={"code": "region_code"})
    out["county_code"] = ancestor(out["region_code"], "county")
    out = _in_county(out, "region_code", county)
    out = out.sort_values(["communities", "region_code"], ascending=[False, True])
    return conform(out, GAPS_COLUMNS)


def hub_overlap(g: Graph, *, as_of: str | None = None, county: str | None = None) -> pd.DataFrame:
    """Pairs of hubs reaching the same communities: ``hub_a < hub_b``, how many communities
    they share, and which (sorted). Most shared first. `county` keeps shared communities in
    that county.

    Examples
    --------
    On the tiny dataset both hubs reach 上保社区:

    >>> from graphgov.datasets import tiny
    >>> hub_overlap(tiny())
                    hub_a               hub_b  shared_communities     communities
    0  51330106MJ0000101G  52330106MJ0000111E                   1  [330106002051]
    """
    pairs = hub_reach(g, as_of=as_of)
    pairs = _in_county(pairs, "community_code", county)
    both = pairs.merge(pairs, on="community_code", suffixes=("_a", "_b"))
    both = both[both["hub_id_a"] < both["hub_id_b"]]
    both["pair"] = both["hub_id_a"] + "|" + both["hub_id_b"]
    lists = group_lists(both, "pair", "community_code")
    out = pd.DataFrame({"pair": lists.index.astype(str), "communities": lists.to_numpy()})
    out["hub_a"] = out["pair"].str.split("|", n=1).str[0]
    out["hub_b"] = out["pair"].str.split("|", n=1).str[1]
    out["shared_communities"] = out["communities"].map(len)
    out = out.sort_values(["shared_communities", "hub_a", "hub_b"], ascending=[False, True, True])
    return conform(out, OVERLAP_COLUMNS)


def _supported(g: Graph, as_of: str, hub: pd.DataFrame) -> pd.DataFrame:
    """``(hub_id, org_id)`` for active supports/incubates links from a hub to an active org."""
    links = pd.concat([g.rel("SUPPORTS"), g.rel("INCUBATES")], ignore_index=True)
    links = active_on(links, as_of)
    links = links[
        links["src"].isin(hub["org_id"])
        & (links["dst_label"] == "Organization")
        & links["dst"].isin(active_orgs(g)["org_id"])
    ]
    return pd.DataFrame({"hub_id": links["src"], "org_id": links["dst"]})


def _in_county(frame: pd.DataFrame, column: str, county: str | None) -> pd.DataFrame:
    if county is None:
        return frame
    code = county_code(county)
    return frame[frame[column].str.slice(0, 6) == code[:6]]
