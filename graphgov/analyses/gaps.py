"""Coverage gaps (应建未建): organizations without a formal Party organization, what each
needs, and who answers for it.

Definition: datasets/README.md, Analysis definitions, §4.2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.analyses._common import as_of_of, check_choice, conform
from graphgov.analyses.coverage import RESPONSIBLE_BY, coverage_flags, coverage_groups
from graphgov.analyses.managers import responsible
from graphgov.graph import Graph

__all__ = ["gaps", "suggested_form", "GAP_ORDER"]

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
    "suggested_form": "string",
    "manager_id": "string",
    "manager_name": "string",
}
#: Columns of ``gaps --by manager|authority``: the group first.
GROUPED_COLUMNS = {"group": "string", "group_name": "string", **COLUMNS}


def suggested_form(members: pd.Series) -> pd.Series:
    """The Party organization an organization with `members` formal Party members must
    form: ``branch`` (3-49), ``general_branch`` (50-99), ``committee`` (100 or more);
    missing below 3.

    >>> suggested_form(pd.Series([2, 3, 49, 50, 100])).tolist()
    [None, 'branch', 'branch', 'general_branch', 'committee']
    """
    form = np.select(
        [members >= 100, members >= 50, members >= 3],
        ["committee", "general_branch", "branch"],
        default="",
    )
    out = pd.Series(form, index=members.index, dtype=object)
    return out.where(out != "", None)


def gaps(
    g: Graph,
    *,
    by: str | None = None,
    as_of: str | None = None,
    include_community: bool = False,
) -> pd.DataFrame:
    """Every organization of the coverage population without organizational coverage.

    ``gap`` is ``must_form`` (3 or more formal Party members: it must set up its own Party
    organization, of the ``suggested_form``), ``joint_candidate`` (1 or 2 members),
    ``needs_instructor`` (no member and no work coverage) or ``instructed`` (no member; a
    liaison, an instructor or a functional Party organization is in place). ``manager_id``
    and ``manager_name`` name its responsible Party organization (:mod:`.managers`). Rows
    come most urgent first, then by region and id; ``by="manager"`` or ``"authority"`` puts
    the ``group, group_name`` of coverage's ``--by`` first and orders by group first.

    Examples
    --------
    On the tiny dataset, the six uncovered organizations (the 4-member one must form a
    branch; the liaison of 西湖区澄璃环保服务中心 left in 2019, so it needs an instructor):

    >>> from graphgov.datasets import tiny
    >>> gaps(tiny())[["name", "party_members", "work_covered", "gap", "suggested_form"]]
               name  party_members  work_covered               gap suggested_form
    0   西湖区澄莳康复服务中心              4         False         must_form         branch
    1    西湖区澄檀慈善基金会              1         False   joint_candidate           <NA>
    2   西湖区澄棠养老服务中心              2         False   joint_candidate           <NA>
    3  西湖区澄岚青少年活动中心              1         False   joint_candidate           <NA>
    4   西湖区澄璃环保服务中心              0         False  needs_instructor           <NA>
    5     西湖区澄渚摄影协会              0          True        instructed           <NA>
    """
    if by is not None:
        check_choice("by", by, RESPONSIBLE_BY)
    as_of = as_of_of(g, as_of)
    flags = coverage_flags(g, as_of=as_of, include_community=include_community)
    out = flags.loc[~flags["org_covered"]].copy()
    members = out["party_members"].fillna(0).astype("int64")
    out["party_members"] = members
    out["gap"] = np.select(
        [members >= 3, members >= 1, ~out["work_covered"]],
        ["must_form", "joint_candidate", "needs_instructor"],
        default="instructed",
    )
    out["suggested_form"] = suggested_form(members)
    out = out.join(responsible(g, out, as_of))
    order = ["_rank", "region_code", "org_id"]
    columns = COLUMNS
    if by is not None:
        out = out.join(coverage_groups(g, out, by, as_of))
        order, columns = ["group", *order], GROUPED_COLUMNS
    rank = out["gap"].map({k: i for i, k in enumerate(GAP_ORDER)})
    out = out.assign(_rank=rank).sort_values(order)
    return conform(out, columns)
