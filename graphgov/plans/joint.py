"""The joint-branch plan (DATA_MODEL v2 §4.14, on §4.3): the placement of the
``joint-branches`` analysis with the names a planner acts on.

The placement itself is :func:`graphgov.analyses.joint_branches.joint_branches` (its
``pack``); this module only names it and keeps one county.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import as_of_of, conform, group_code, region_names
from graphgov.analyses.joint_branches import joint_branches
from graphgov.graph import Graph
from graphgov.plans.work import in_county

__all__ = ["JOINT_PLAN_COLUMNS", "plan_joint_branches"]

JOINT_PLAN_COLUMNS = {
    "group_id": "string",
    "county_code": "string",
    "township_code": "string",
    "township_name": "string",
    "superior_party_org_id": "string",
    "superior_name": "string",
    "existing_party_org_id": "string",
    "existing_name": "string",
    "org_ids": "object",
    "org_names": "object",
    "orgs": "int64",
    "party_members": "int64",
    "reason_unplaced": "string",
}


def plan_joint_branches(
    g: Graph, *, county: str | None = None, as_of: str | None = None
) -> pd.DataFrame:
    """Each joint branch to form or join (联合党支部), with its superior, and each joint
    candidate left alone, with its reason: the rows of ``joint-branches`` (§4.3, same
    order: placed by ``group_id``, then the unplaced) with names.

    Columns: ``group_id`` (empty for a candidate left alone), ``county_code`` (where its
    organizations are based: a county, or a city for candidates based there),
    ``township_code, township_name``, ``superior_party_org_id, superior_name`` (the
    candidates' responsible Party organization, the new branch's parent),
    ``existing_party_org_id, existing_name`` (the joint branch joined, if any),
    ``org_ids, org_names`` (sorted by id, names in the same order), ``orgs``,
    ``party_members`` (the branch's formal members from these organizations) and
    ``reason_unplaced``.

    A candidate is placed whenever the rest of its scope (township, or the region it is
    based in above township level, and responsible Party organization) holds at least 3
    members after the existing joint branches took theirs; an existing branch can take
    candidates a new group would have needed (tests/test_plans_work.py shows where).

    Examples
    --------
    On the tiny dataset the two candidates of 双浦镇 form one branch under 西湖区's
    comprehensive committee; the foundation based at 西湖区 itself has no partner:

    >>> from graphgov.datasets import tiny
    >>> plan = plan_joint_branches(tiny())
    >>> plan[["group_id", "township_name", "superior_name", "party_members"]]
               group_id township_name   superior_name  party_members
    0  330106110000-J01           双浦镇  中共西湖区社会组织综合委员会              3
    1              <NA>          <NA>  中共西湖区社会组织综合委员会              1
    >>> plan["org_names"].tolist()
    [['西湖区澄棠养老服务中心', '西湖区澄岚青少年活动中心'], ['西湖区澄檀慈善基金会']]
    >>> plan["reason_unplaced"].tolist()
    [<NA>, 'fewer than 3 members in reach']
    """
    out = joint_branches(g, as_of=as_of_of(g, as_of))
    orgs = g.organizations.set_index("org_id")
    based = out["org_ids"].map(lambda ids: ids[0]).map(orgs["region_code"])  # one region
    out["county_code"] = group_code(based, "county")
    out = in_county(g, out, "county_code", county)
    party = g.party_orgs.set_index("party_org_id")["name"]
    out["township_name"] = out["township_code"].map(region_names(g))
    out["superior_name"] = out["superior_party_org_id"].map(party)
    out["existing_name"] = out["existing_party_org_id"].map(party)
    names = orgs["name"]
    out["org_names"] = [[names.get(i) for i in ids] for ids in out["org_ids"]]
    return conform(out, JOINT_PLAN_COLUMNS)
