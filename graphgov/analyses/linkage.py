"""Three-society linkage (三社联动: community, social organization, social worker).

Definition: datasets/README.md, Analysis definitions, §4.8.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphgov.analyses._common import (
    active_on,
    ancestor,
    as_of_of,
    check_choice,
    communities,
    conform,
    county_names,
    group_lists,
    orgs_in_communities,
    party_orgs_on,
    shared,
)
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["linkage", "linkage_candidates", "tied_communities", "STATUSES"]

STATUSES = ("linked", "unlinked", "org_only", "worker_only", "none")
COLUMNS = {
    "community_code": "string",
    "has_org": "bool",
    "has_worker": "bool",
    "linked": "bool",
    "community_tie": "bool",
    "status": "string",
}
COUNTY_COLUMNS = {
    "county_code": "string",
    "county_name": "string",
    "communities": "int64",
    **{s: "int64" for s in STATUSES},
}
CANDIDATE_COLUMNS = {
    "community_code": "string",
    "community_name": "string",
    "org_ids": "object",
    "worker_ids": "object",
}


@dataclass(frozen=True)
class Ties:
    """What linkage is read from, on one date (each frame keyed by ``community_code``).

    in_comm: ``org_id, community_code`` (organizations in communities);
    at_org: ``person_id, org_id, community_code`` (social workers at those organizations);
    at_comm: ``person_id, community_code`` (social workers at the community's committee or
    its existing community Party organization; a row per post);
    tied: ``community_code`` of the communities with a community tie.
    """

    in_comm: pd.DataFrame
    at_org: pd.DataFrame
    at_comm: pd.DataFrame
    tied: pd.Series


def _posts(g: Graph, as_of: str, at: pd.Series | None = None) -> pd.DataFrame:
    """Active posts ``person_id, body_label, body_id, social_worker``; with `at`, only those
    at bodies with these ids."""
    people = g.people
    workers = people.loc[people["social_worker"].fillna(False).astype(bool), "person_id"]
    posts = g.rel("HOLDS_POST")
    posts = active_on(posts if at is None else posts[member(posts["dst"], at)], as_of)
    return pd.DataFrame(
        {
            "person_id": posts["src"],
            "body_label": posts["dst_label"],
            "body_id": posts["dst"],
            "social_worker": member(posts["src"], workers),
        }
    )


def _at_communities(g: Graph, as_of: str, posts: pd.DataFrame) -> pd.DataFrame:
    """``person_id, community_code, social_worker``: posts at a community's committee, or at
    the community Party organization that leads it (existing on `as_of`); a person with
    several such posts in one community has a row for each."""
    codes = communities(g)["code"]
    committee = posts[(posts["body_label"] == "Region") & member(posts["body_id"], codes)]
    committee = committee.assign(community_code=committee["body_id"])
    leads = party_orgs_on(g, as_of)
    leads = leads.loc[leads["kind"] == "community"].set_index("party_org_id")["region_code"]
    party = posts[
        (posts["body_label"] == "PartyOrganization") & member(posts["body_id"], leads.index)
    ]
    party = party.assign(community_code=party["body_id"].map(leads))
    cols = ["person_id", "community_code", "social_worker"]
    return pd.concat([committee[cols], party[cols]], ignore_index=True)


def _pairs_in(
    pairs: pd.DataFrame, other: pd.DataFrame, left: list[str], right: list[str]
) -> np.ndarray:
    """Whether each row of `pairs` (columns `left`) is among the rows of `other` (`right`)."""
    known = pd.MultiIndex.from_frame(other[right].set_axis(left, axis=1))
    return pd.MultiIndex.from_frame(pairs[left]).isin(known)


@shared
def _ties(g: Graph, as_of: str, codes: pd.Series | None = None) -> Ties:
    """What linkage is read from; with `codes`, for those communities only (the rest of the
    graph only as far as it touches them)."""
    in_comm = orgs_in_communities(g, as_of)
    if codes is None:
        posts = _posts(g, as_of)
    else:
        # only the posts at these communities, their Party organizations and organizations
        in_comm = in_comm[member(in_comm["community_code"], codes)]
        leads = party_orgs_on(g, as_of)
        leads = leads.loc[(leads["kind"] == "community") & member(leads["region_code"], codes)]
        posts = _posts(g, as_of, pd.concat([in_comm["org_id"], codes, leads["party_org_id"]]))
    at_body = _at_communities(g, as_of, posts)
    if codes is not None:
        at_body = at_body[member(at_body["community_code"], codes)]
    on_org = posts[posts["body_label"] == "Organization"]
    at_org = on_org[on_org["social_worker"]].merge(in_comm, left_on="body_id", right_on="org_id")
    at_org = at_org[["person_id", "org_id", "community_code"]]
    pairs = at_org[["org_id", "community_code"]].drop_duplicates(ignore_index=True)
    pairs["township"] = ancestor(pairs["community_code"], "township")
    # The organization's own link to the community or its township (serves, purchased) ...
    links = pd.concat(
        [active_on(g.rel(t), as_of) for t in ("SERVES", "PURCHASED_BY")], ignore_index=True
    )
    links = links[(links["dst_label"] == "Region") & member(links["src"], pairs["org_id"])]
    by_link = _pairs_in(pairs, links, ["org_id", "community_code"], ["src", "dst"])
    by_link |= _pairs_in(pairs, links, ["org_id", "township"], ["src", "dst"])
    # ... or a person with a post at the organization and one at the community.
    held = on_org[
        member(on_org["body_id"], pairs["org_id"])
        & member(on_org["person_id"], at_body["person_id"])
    ]
    shared = held[["person_id", "body_id"]].merge(at_body[["person_id", "community_code"]])
    by_person = _pairs_in(
        pairs, shared, ["org_id", "community_code"], ["body_id", "community_code"]
    )
    tied = pairs.loc[by_link | by_person, "community_code"]
    at_comm = at_body.loc[at_body["social_worker"], ["person_id", "community_code"]]
    return Ties(in_comm, at_org, at_comm, tied)


def linkage(g: Graph, *, as_of: str | None = None, by: str | None = None) -> pd.DataFrame:
    """Per community (or, with ``by="county"``, per county) the three-society status.

    ``has_org``: an active organization is in it. ``has_worker``: a licensed social worker
    holds an active post at the community, its community Party organization, or an
    organization in it. ``linked``: a licensed social worker holds an active post at an
    organization in it. ``community_tie``: such an organization also has an active
    ``serves`` or ``purchased`` link to the community or its township, or someone with an
    active post at it also holds one at the community or its Party organization. ``status``
    is ``linked`` (a community tie), ``unlinked`` (organization and worker, but no tie),
    ``org_only``, ``worker_only`` or ``none``. The county roll-up counts communities per
    status.

    Examples
    --------
    On the tiny dataset each status occurs (tests/test_tiny.py says why):

    >>> from graphgov.datasets import tiny
    >>> g = tiny()
    >>> linkage(g)
      community_code  has_org  has_worker  linked  community_tie       status
    0   330106002051     True       False   False          False     org_only
    1   330106002052     True        True    True          False     unlinked
    2   330106004053    False        True   False          False  worker_only
    3   330106004055    False       False   False          False         none
    4   330106110002     True        True   False          False     unlinked
    5   330106110200     True       False   False          False     org_only
    6   330106110201     True        True    True           True       linked
    >>> cols = ["communities", "linked", "unlinked", "org_only", "worker_only", "none"]
    >>> linkage(g, by="county")[["county_name", *cols]]
      county_name  communities  linked  unlinked  org_only  worker_only  none
    0         西湖区            7       1         2         2            1     1
    """
    if by is not None:
        check_choice("by", by, ("county",))
    out = _status(g, _ties(g, as_of_of(g, as_of)))
    return out if by is None else _by_county(g, out)


def _status(g: Graph, ties: Ties) -> pd.DataFrame:
    codes = communities(g)["code"]
    out = pd.DataFrame({"community_code": codes})
    out["has_org"] = member(codes, ties.in_comm["community_code"])
    out["linked"] = member(codes, ties.at_org["community_code"])
    out["has_worker"] = out["linked"] | member(codes, ties.at_comm["community_code"])
    out["community_tie"] = member(codes, ties.tied)
    out["status"] = np.select(
        [
            out["community_tie"],
            out["has_org"] & out["has_worker"],
            out["has_org"],
            out["has_worker"],
        ],
        ["linked", "unlinked", "org_only", "worker_only"],
        default="none",
    )
    return conform(out.sort_values("community_code"), COLUMNS)


def tied_communities(g: Graph, as_of: str, codes: pd.Series) -> list[str]:
    """The communities among `codes` with a community tie on `as_of` (linkage's status
    ``linked``), sorted, worked out for those communities only.

    >>> from graphgov.datasets import tiny
    >>> tied_communities(tiny(), "2020-12-31", pd.Series(["330106110201", "330106002052"]))
    ['330106110201']
    """
    tied = _ties(g, as_of, codes).tied
    return sorted(set(tied) & set(codes))


def _by_county(g: Graph, per_community: pd.DataFrame) -> pd.DataFrame:
    county = ancestor(per_community["community_code"], "county")
    table = pd.crosstab(county, per_community["status"]).reindex(columns=STATUSES, fill_value=0)
    out = table.reset_index(names="county_code")
    out["communities"] = table.sum(axis=1).to_numpy()
    out["county_name"] = out["county_code"].map(county_names(g))
    return conform(out, COUNTY_COLUMNS)


def linkage_candidates(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """For each ``unlinked`` community, who could be tied together: the active organizations
    in it and the licensed social workers with an active post at the community, its
    community Party organization or an organization in it (sorted ids).

    Examples
    --------
    On the tiny dataset 宝石社区's social worker works at the agency based there, which has no
    tie to the community; 袁浦社区 has two organizations and a social worker posted at the
    community, but none at either organization:

    >>> from graphgov.datasets import tiny
    >>> linkage_candidates(tiny())[["community_name", "org_ids", "worker_ids"]]
      community_name                                   org_ids worker_ids
    0           宝石社区  [51330106MJ0000041Y, 52330106MJ00000911]      [P06]
    1           袁浦社区  [52330106MJ0000021R, C330106110002-0001]      [P07]
    """
    ties = _ties(g, as_of_of(g, as_of))
    status = _status(g, ties)
    unlinked = status.loc[status["status"] == "unlinked", "community_code"]
    orgs = ties.in_comm[member(ties.in_comm["community_code"], unlinked)]
    workers = pd.concat([ties.at_comm, ties.at_org[["person_id", "community_code"]]])
    workers = workers[member(workers["community_code"], unlinked)]
    out = pd.DataFrame({"community_code": unlinked})
    out["community_name"] = out["community_code"].map(g.regions.set_index("code")["name"])
    out["org_ids"] = out["community_code"].map(group_lists(orgs, "community_code", "org_id"))
    out["worker_ids"] = out["community_code"].map(
        group_lists(workers, "community_code", "person_id")
    )
    return conform(out, CANDIDATE_COLUMNS)
