"""Party coverage of social organizations (党的组织覆盖 / 党的工作覆盖).

Definition: datasets/README.md, Analysis definitions, §4.1.
"""

from __future__ import annotations

import pandas as pd

from graphgov import schema
from graphgov.analyses._common import (
    active_on,
    as_of_of,
    check_choice,
    conform,
    covers_on,
    group_code,
    orgs_active_on,
    party_orgs_on,
    region_names,
    shared,
)
from graphgov.analyses.managers import NO_MANAGER, authority, authority_names, responsible
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["coverage", "coverage_flags", "coverage_groups", "BY_CHOICES", "RESPONSIBLE_BY"]

REGION_BY = ("province", "city", "county", "township")
#: The --by values that group by a responsible body (coverage and gaps).
RESPONSIBLE_BY = ("manager", "authority")
BY_CHOICES = (*REGION_BY, "kind", *RESPONSIBLE_BY)
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
    "functional_covered": "int64",
    "work_covered": "int64",
    "work_coverage": "float64",
}


@shared
def coverage_flags(
    g: Graph, *, as_of: str | None = None, include_community: bool = False
) -> pd.DataFrame:
    """The coverage population on `as_of`, with three flags per organization.

    Returns the organizations active on `as_of` of kinds social_group, social_service and
    foundation (plus community with `include_community`) with boolean columns
    ``org_covered`` (an existing branch, general branch, committee or joint branch covers it
    with an active cover), ``functional_covered`` (not so, but an existing functional or
    extended Party organization does) and ``work_covered`` (either, or an active liaison or
    instructor post on it, or, for a community organization, an existing community Party
    organization in the community it is based in).
    """
    as_of = as_of_of(g, as_of)
    kinds = schema.ORG_KINDS if include_community else schema.REGISTERED_KINDS
    orgs = orgs_active_on(g, as_of, kinds).copy()
    covers = covers_on(g, as_of)
    kind = covers["src"].map(g.party_orgs.set_index("party_org_id")["kind"])
    formal = covers.loc[kind.isin(schema.COVERING_PARTY_ORG_KINDS).to_numpy(), "dst"]
    functional = covers.loc[kind.isin(schema.FUNCTIONAL_PARTY_ORG_KINDS).to_numpy(), "dst"]
    posts = active_on(g.rel("HOLDS_POST"), as_of)
    posts = posts[
        (posts["dst_label"] == "Organization") & posts["role"].isin(schema.WORK_COVERAGE_ROLES)
    ]
    porgs = party_orgs_on(g, as_of)
    led = porgs.loc[porgs["kind"] == "community", "region_code"]
    orgs["org_covered"] = member(orgs["org_id"], formal)
    orgs["functional_covered"] = ~orgs["org_covered"] & member(orgs["org_id"], functional)
    orgs["work_covered"] = (
        orgs["org_covered"]
        | orgs["functional_covered"]
        | member(orgs["org_id"], posts["dst"])
        | ((orgs["kind"] == "community").fillna(False) & member(orgs["region_code"], led))
    )
    return orgs


def coverage_groups(g: Graph, orgs: pd.DataFrame, by: str, as_of: str) -> pd.DataFrame:
    """``group, group_name`` of each organization of `orgs` (same index) for ``--by by``:
    the region it is based in at that level (itself when based above it), its kind, its
    responsible Party organization (``none`` without one) or its registering authority."""
    check_choice("by", by, BY_CHOICES)
    if by == "kind":
        group = orgs["kind"].astype("string")
        name = group.map(KIND_NAMES)
    elif by == "manager":
        who = responsible(g, orgs, as_of)
        group, name = who["manager_id"].fillna(NO_MANAGER), who["manager_name"]
    elif by == "authority":
        group = authority(orgs)
        name = authority_names(g, group)
    else:
        group = group_code(orgs["region_code"], by)
        name = group.map(region_names(g))
    return pd.DataFrame({"group": group, "group_name": name}, index=orgs.index).astype("string")


def coverage(
    g: Graph, *, by: str = "county", as_of: str | None = None, include_community: bool = False
) -> pd.DataFrame:
    """Organizational, functional and work coverage of active social organizations, one row
    per group (:func:`coverage_groups`), ordered by group.

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

    By responsible Party organization: no organization names one, so each falls to the
    comprehensive committee of 西湖区, where all are registered.

    >>> coverage(g, by="manager")[["group", "group_name", "orgs", "org_covered"]]
                group      group_name  orgs  org_covered
    0  PZ330106000000  中共西湖区社会组织综合委员会    10            4
    """
    as_of = as_of_of(g, as_of)
    flags = coverage_flags(g, as_of=as_of, include_community=include_community)
    flags = flags.join(coverage_groups(g, flags, by, as_of))
    out = (
        flags.groupby("group", sort=True)
        .agg(
            group_name=("group_name", "first"),
            orgs=("org_id", "size"),
            org_covered=("org_covered", "sum"),
            functional_covered=("functional_covered", "sum"),
            work_covered=("work_covered", "sum"),
        )
        .reset_index()
    )
    out["org_coverage"] = out["org_covered"] / out["orgs"]
    out["work_coverage"] = out["work_covered"] / out["orgs"]
    return conform(out, COLUMNS)
