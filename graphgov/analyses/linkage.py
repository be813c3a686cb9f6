"""Three-society linkage (三社联动: community, social organization, social worker).

Definition: datasets/README.md, Analysis definitions, §4.8.
"""

from __future__ import annotations

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
)
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["linkage", "linkage_candidates", "STATUSES"]

STATUSES = ("linked", "unlinked", "org_only", "worker_only", "none")
COLUMNS = {
    "community_code": "string",
    "has_org": "bool",
    "has_worker": "bool",
    "linked": "bool",
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


def worker_posts(g: Graph, as_of: str) -> pd.DataFrame:
    """Active posts of licensed social workers: ``person_id, body_label, body_id``."""
    people = g.people
    workers = people.loc[people["social_worker"].fillna(False).astype(bool), "person_id"]
    posts = active_on(g.rel("HOLDS_POST"), as_of)
    posts = posts[member(posts["src"], workers)]  # member: isin, fast on strings
    return pd.DataFrame(
        {"person_id": posts["src"], "body_label": posts["dst_label"], "body_id": posts["dst"]}
    )


def _ties(g: Graph, as_of: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(orgs in communities, workers at organizations in them, workers at the communities)."""
    in_comm = orgs_in_communities(g, as_of)
    posts = worker_posts(g, as_of)
    at_org = posts[posts["body_label"] == "Organization"].merge(
        in_comm, left_on="body_id", right_on="org_id"
    )
    at_comm = posts[posts["body_label"] == "Region"].rename(columns={"body_id": "community_code"})
    return in_comm, at_org, at_comm


def linkage(g: Graph, *, as_of: str | None = None, by: str | None = None) -> pd.DataFrame:
    """Per community (or, with ``by="county"``, per county) the three-society status.

    ``has_org``: an active organization is in it. ``has_worker``: a licensed social worker
    holds an active post at the community or at an organization in it. ``linked``: a
    licensed social worker holds an active post at an organization in it. ``status`` is
    ``linked``, ``unlinked`` (organization and worker, but no tie), ``org_only``,
    ``worker_only`` or ``none``. The county roll-up counts communities per status.

    Examples
    --------
    On the tiny dataset each status occurs (tests/test_tiny.py says why):

    >>> from graphgov.datasets import tiny
    >>> g = tiny()
    >>> linkage(g)
      community_code  has_org  has_worker  linked       status
    0   330106002051     True       False   False     org_only
    1   330106002052     True        True    True       linked
    2   330106004053    False        True   False  worker_only
    3   330106004055    False       False   False         none
    4   330106110002     True        True   False     unlinked
    5   330106110200     True       False   False     org_only
    6   330106110201     True        True    True       linked
    >>> cols = ["communities", "linked", "unlinked", "org_only", "worker_only", "none"]
    >>> linkage(g, by="county")[["county_name", *cols]]
      county_name  communities  linked  unlinked  org_only  worker_only  none
    0         西湖区            7       2         1         2            1     1
    """
    if by is not None:
        check_choice("by", by, ("county",))
    as_of = as_of_of(g, as_of)
    out = _status(g, _ties(g, as_of))
    return out if by is None else _by_county(g, out)


def _status(g: Graph, ties: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    in_comm, at_org, at_comm = ties
    codes = communities(g)["code"]
    out = pd.DataFrame({"community_code": codes})
    out["has_org"] = member(codes, in_comm["community_code"])
    out["linked"] = member(codes, at_org["community_code"])
    out["has_worker"] = out["linked"] | member(codes, at_comm["community_code"])
    out["status"] = np.select(
        [out["linked"], out["has_org"] & out["has_worker"], out["has_org"], out["has_worker"]],
        ["linked", "unlinked", "org_only", "worker_only"],
        default="none",
    )
    return conform(out.sort_values("community_code"), COLUMNS)


def _by_county(g: Graph, per_community: pd.DataFrame) -> pd.DataFrame:
    county = ancestor(per_community["community_code"], "county")
    table = pd.crosstab(county, per_community["status"]).reindex(columns=STATUSES, fill_value=0)
    out = table.reset_index(names="county_code")
    out["communities"] = table.sum(axis=1).to_numpy()
    out["county_name"] = out["county_code"].map(county_names(g))
    return conform(out, COUNTY_COLUMNS)


def linkage_candidates(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """For each ``unlinked`` community, who could be tied together: the active organizations
    in it and the licensed social workers with an active post at the community (sorted).

    Examples
    --------
    On the tiny dataset 袁浦社区 has two organizations and a social worker posted at the
    community, but no social worker at either organization:

    >>> from graphgov.datasets import tiny
    >>> linkage_candidates(tiny())[["community_name", "org_ids", "worker_ids"]]
      community_name                                   org_ids worker_ids
    0           袁浦社区  [52330106MJ0000021R, C330106110002-0001]      [P07]
    """
    ties = _ties(g, as_of_of(g, as_of))
    status = _status(g, ties)
    unlinked = status.loc[status["status"] == "unlinked", "community_code"]
    in_comm, _, at_comm = ties
    orgs = in_comm[member(in_comm["community_code"], unlinked)]
    workers = at_comm[member(at_comm["community_code"], unlinked)]
    out = pd.DataFrame({"community_code": unlinked})
    out["community_name"] = out["community_code"].map(g.regions.set_index("code")["name"])
    out["org_ids"] = out["community_code"].map(group_lists(orgs, "community_code", "org_id"))
    out["worker_ids"] = out["community_code"].map(
        group_lists(workers, "community_code", "person_id")
    )
    return conform(out, CANDIDATE_COLUMNS)
