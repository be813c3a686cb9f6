"""Party coverage of social organizations (党的组织覆盖 / 党的工作覆盖).

Definition: datasets/README.md, Analysis definitions, §4.1.
"""

from __future__ import annotations

import pandas as pd

from graphgov import schema
from graphgov.analyses._common import (
    active_on,
    active_orgs,
    as_of_of,
    check_choice,
    conform,
    group_code,
    region_names,
)
from graphgov.graph import Graph

__all__ = ["coverage", "coverage_flags", "BY_CHOICES"]

BY_CHOICES = ("province", "city", "county", "township", "kind")
KIND_NAMES = {
    "social_group": "社会团体",
    "social_service": "社会服务机构",
    "foundation": "基金会",
    "community": "社区社会组织",
}
COLUMNS = {
    "group": "string",
    "group_name": "string",
    "orgs": "int64",
    "org_covered": "int64",
    "org_coverage": "float64",
    "work_covered": "int64",
    "work_coverage": "float64",
}


def coverage_flags(
    g: Graph, *, as_of: str | None = None, include_community: bool = False
) -> pd.DataFrame:
    """The coverage population with two flags per organization.

    Returns the active organizations of kinds social_group, social_service and foundation
    (plus community with `include_community`) with boolean columns ``org_covered`` (a
    branch, general branch, committee, joint branch, functional or extended Party
    organization covers it) and ``work_covered`` (organizationally covered, or an active
    liaison or instructor post on it).
    """
    as_of = as_of_of(g, as_of)
    kinds = schema.ORG_KINDS if include_community else schema.REGISTERED_KINDS
    orgs = active_orgs(g, kinds).copy()
    porgs = g.party_orgs
    covering = porgs.loc[porgs["kind"].isin(schema.COVERING_PARTY_ORG_KINDS), "party_org_id"]
    covers = g.rel("COVERS")
    covered_ids = covers.loc[covers["src"].isin(covering), "dst"]
    posts = active_on(g.rel("HOLDS_POST"), as_of)
    posts = posts[
        (posts["dst_label"] == "Organization") & posts["role"].isin(schema.WORK_COVERAGE_ROLES)
    ]
    orgs["org_covered"] = orgs["org_id"].isin(covered_ids)
    orgs["work_covered"] = orgs["org_covered"] | orgs["org_id"].isin(posts["dst"])
    return orgs


def coverage(
    g: Graph, *, by: str = "county", as_of: str | None = None, include_community: bool = False
) -> pd.DataFrame:
    """Organizational and work coverage of active social organizations, one row per group.

    The group of an organization is where it is based, at level `by` (an organization
    based above that level forms its own group), or its kind with ``by="kind"``.

    Examples
    --------
    On the tiny dataset (:func:`graphgov.datasets.tiny`; worked out in tests/test_tiny.py),
    grouped by township: the two organizations based at 西湖区 itself form their own group.

    >>> from graphgov.datasets import tiny
    >>> g = tiny()
    >>> coverage(g, by="township")[["group", "group_name", "orgs", "org_covered", "work_covered"]]
              group group_name  orgs  org_covered  work_covered
    0  330106000000        西湖区     2            1             1
    1  330106002000       北山街道     4            3             4
    2  330106110000        双浦镇     4            0             0
    >>> coverage(g, by="kind")[["group", "orgs", "org_coverage", "work_coverage"]].round(2)
                group  orgs  org_coverage  work_coverage
    0      foundation     1          0.00           0.00
    1    social_group     3          0.67           1.00
    2  social_service     6          0.33           0.33
    """
    check_choice("by", by, BY_CHOICES)
    flags = coverage_flags(g, as_of=as_of, include_community=include_community)
    if by == "kind":
        flags["group"] = flags["kind"]
        names = pd.Series(KIND_NAMES)
    else:
        flags["group"] = group_code(flags["region_code"], by)
        names = region_names(g)
    out = (
        flags.groupby("group", sort=True)
        .agg(
            orgs=("org_id", "size"),
            org_covered=("org_covered", "sum"),
            work_covered=("work_covered", "sum"),
        )
        .reset_index()
    )
    out["group_name"] = out["group"].map(names)
    out["org_coverage"] = out["org_covered"] / out["orgs"]
    out["work_coverage"] = out["work_covered"] / out["orgs"]
    return conform(out, COLUMNS)
