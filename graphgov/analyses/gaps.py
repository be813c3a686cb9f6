"""Coverage gaps (应建未建): organizations without a Party organization.

Definition: datasets/README.md, Analysis definitions, §4.2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.analyses._common import conform
from graphgov.analyses.coverage import coverage_flags
from graphgov.graph import Graph

__all__ = ["gaps", "GAP_ORDER"]

#: Gap categories, most urgent first.
GAP_ORDER = ("must_form", "joint_candidate", "needs_instructor", "instructed")
COLUMNS = {
    "org_id": "string",
    "name": "string",
    "kind": "string",
    "region_code": "string",
    "party_members": "int64",
    "work_covered": "bool",
    "gap": "string",
}


def gaps(g: Graph, *, as_of: str | None = None, include_community: bool = False) -> pd.DataFrame:
    """Every organization of the coverage population without organizational coverage.

    ``gap`` is ``must_form`` (3 or more formal Party members: it must set up its own branch),
    ``joint_candidate`` (1 or 2 members), ``needs_instructor`` (no member and no work
    coverage) or ``instructed`` (no member; a liaison or instructor is in place). Rows are
    ordered most urgent first, then by region and id.

    Examples
    --------
    On the tiny dataset, the six uncovered organizations (the 4-member one must form a
    branch; the liaison of 西湖区澄璃环保服务中心 left in 2019, so it needs an instructor):

    >>> from graphgov.datasets import tiny
    >>> gaps(tiny())[["name", "party_members", "work_covered", "gap"]]
               name  party_members  work_covered               gap
    0   西湖区澄莳康复服务中心              4         False         must_form
    1    西湖区澄檀慈善基金会              1         False   joint_candidate
    2   西湖区澄棠养老服务中心              2         False   joint_candidate
    3  西湖区澄岚青少年活动中心              1         False   joint_candidate
    4   西湖区澄璃环保服务中心              0         False  needs_instructor
    5     西湖区澄渚摄影协会              0          True        instructed
    """
    flags = coverage_flags(g, as_of=as_of, include_community=include_community)
    out = flags.loc[~flags["org_covered"], list(COLUMNS)[:-1]].copy()
    members = out["party_members"].fillna(0).astype("int64")
    out["party_members"] = members
    out["gap"] = np.select(
        [members >= 3, members >= 1, ~out["work_covered"]],
        ["must_form", "joint_candidate", "needs_instructor"],
        default="instructed",
    )
    rank = out["gap"].map({k: i for i, k in enumerate(GAP_ORDER)})
    out = out.assign(_rank=rank).sort_values(["_rank", "region_code", "org_id"])
    return conform(out, COLUMNS)
