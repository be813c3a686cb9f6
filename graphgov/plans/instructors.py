"""The instructor plan (DATA_MODEL v2 §4.14, on §4.2): how many instructors (党建工作指导员)
or liaisons the ``needs_instructor`` organizations of ``gaps`` need per township or county
(:func:`plan_instructors`), and which organizations each one takes
(:func:`plan_instructor_assignment`). `county` keeps one county (code or name); `as_of`
defaults to the dataset's.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import check_choice, conform, group_code, region_names
from graphgov.analyses.gaps import gaps
from graphgov.graph import Graph
from graphgov.plans.options import in_county, whole_number

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "DEFAULT_CAPACITY",
    "INSTRUCTOR_COLUMNS",
    "assign_instructors",
    "plan_instructor_assignment",
    "plan_instructors",
]

#: Organizations one instructor (党建工作指导员) serves by default: an instructor commonly
#: serves several organizations; 5 mirrors the joint-branch size rule (at most 5 per branch).
DEFAULT_CAPACITY = 5
SCOPES = ("township", "county")
INSTRUCTOR_COLUMNS = {
    "scope_code": "string",
    "scope_name": "string",
    "organizations": "int64",
    "instructors_needed": "int64",
}
ASSIGNMENT_COLUMNS = {
    "scope_code": "string",
    "instructor": "int64",
    "org_id": "string",
    "name": "string",
}


def assign_instructors(scopes: pd.Series, capacity: int) -> pd.Series:
    """The instructor number, within its scope, of each organization (rows in the order to
    assign): in each scope instructor 1 takes the first `capacity`, instructor 2 the next.

    >>> assign_instructors(pd.Series(["a", "a", "a", "b", "a"]), 2).tolist()
    [1, 1, 2, 1, 2]
    """
    return scopes.groupby(scopes, sort=False).cumcount() // capacity + 1


def _needing(
    g: Graph, capacity: int, scope: str, county: str | None, as_of: str | None
) -> pd.DataFrame:
    """The ``needs_instructor`` rows of gaps with their ``scope_code`` and ``instructor``."""
    whole_number("--capacity", capacity, least=1)
    check_choice("scope", scope, SCOPES)
    found = gaps(g, as_of=as_of)
    found = in_county(g, found[found["gap"] == "needs_instructor"], "region_code", county)
    found = found.assign(scope_code=group_code(found["region_code"], scope))
    found = found.sort_values(["scope_code", "region_code", "name", "org_id"])
    return found.assign(instructor=assign_instructors(found["scope_code"], capacity))


def plan_instructors(
    g: Graph,
    *,
    capacity: int = DEFAULT_CAPACITY,
    scope: str = "township",
    county: str | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Instructors (党建工作指导员) or liaisons needed for the ``needs_instructor``
    organizations of ``gaps`` (§4.2: no Party member, no work coverage), per scope.

    `scope` is ``township`` (where the organization is based) or ``county``; one based
    above that level is a scope of its own (its county or city). An instructor serves at
    most `capacity` organizations of one scope (default :data:`DEFAULT_CAPACITY`, 5: an
    instructor commonly serves several organizations; 5 mirrors the joint-branch size
    rule). Columns ``scope_code, scope_name, organizations, instructors_needed`` (=
    ceil(organizations / capacity)), most instructors first, then by code.

    This is the minimum: the scopes are disjoint and an instructor works in one, so each
    scope stands alone, and n organizations at most `capacity` each need ceil(n /
    capacity) instructors (fewer leave one over capacity), what the assignment uses.

    Examples
    --------
    On the tiny dataset one organization needs an instructor (its liaison left in 2019):

    >>> from graphgov.datasets import tiny
    >>> plan_instructors(tiny())
         scope_code scope_name  organizations  instructors_needed
    0  330106110000        双浦镇              1                   1
    """
    found = _needing(g, capacity, scope, county, as_of)
    out = found.groupby("scope_code").agg(
        organizations=("org_id", "size"), instructors_needed=("instructor", "max")
    )
    out = out.reset_index()
    out["scope_name"] = out["scope_code"].map(region_names(g))
    out = out.sort_values(["instructors_needed", "scope_code"], ascending=[False, True])
    return conform(out, INSTRUCTOR_COLUMNS)


def plan_instructor_assignment(
    g: Graph,
    *,
    capacity: int = DEFAULT_CAPACITY,
    scope: str = "township",
    county: str | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Who goes where for :func:`plan_instructors` (same options): ``scope_code,
    instructor, org_id, name``, one row per organization, by scope and instructor. Within a
    scope the organizations go by the region they are based in (an instructor's
    organizations are neighbours), name and id; instructor 1 takes the first `capacity`,
    instructor 2 the next, and so on (:func:`assign_instructors`).

    >>> from graphgov.datasets import tiny
    >>> plan_instructor_assignment(tiny(), scope="county")
         scope_code  instructor              org_id         name
    0  330106000000           1  52330106MJ0000071Y  西湖区澄璃环保服务中心
    """
    return conform(_needing(g, capacity, scope, county, as_of), ASSIGNMENT_COLUMNS)
