"""The Cypher twins of the analyses: run the named query under ``cypher/`` and give the rows
the same shape as the embedded backend's.

The dataset's ``as_of`` and targets live on its ``:Dataset`` node; the queries fall back to
them, so only overrides go in as parameters. Lists come back sorted and without repeats,
as the embedded analyses give them.
"""

from __future__ import annotations

import neo4j
import pandas as pd

from graphgov.analyses import ANALYSES
from graphgov.analyses._common import check_choice, conform, county_code
from graphgov.analyses.coverage import BY_CHOICES
from graphgov.analyses.coverage import COLUMNS as COVERAGE
from graphgov.analyses.cross_appointments import COLUMNS as CROSS
from graphgov.analyses.cross_appointments import TIES_COLUMNS as TIES
from graphgov.analyses.density import COLUMNS as DENSITY
from graphgov.analyses.gaps import COLUMNS as GAPS
from graphgov.analyses.hubs import GAPS_COLUMNS as HUB_GAPS
from graphgov.analyses.hubs import HUBS_COLUMNS as HUBS
from graphgov.analyses.hubs import OVERLAP_COLUMNS as HUB_OVERLAP
from graphgov.analyses.joint_branches import pack
from graphgov.analyses.linkage import CANDIDATE_COLUMNS as CANDIDATES
from graphgov.analyses.linkage import COLUMNS as LINKAGE
from graphgov.analyses.linkage import COUNTY_COLUMNS as LINKAGE_COUNTY
from graphgov.analyses.social_work import COLUMNS as SOCIAL_WORK
from graphgov.errors import UsageError
from graphgov.meta import Targets, parse_date
from graphgov.neo4j.failures import check_database
from graphgov.neo4j.queries import read_query, run_query

#: (analysis, by) -> (query name, the columns and dtypes of its rows).
SHAPES = {
    ("coverage", None): ("coverage", COVERAGE),
    ("gaps", None): ("gaps", GAPS),
    ("density", None): ("density", DENSITY),
    ("hubs", None): ("hubs", HUBS),
    ("hub-gaps", None): ("hub-gaps", HUB_GAPS),
    ("hub-overlap", None): ("hub-overlap", HUB_OVERLAP),
    ("social-work", None): ("social-work", SOCIAL_WORK),
    ("linkage", None): ("linkage", LINKAGE),
    ("linkage", "county"): ("linkage-by-county", LINKAGE_COUNTY),
    ("linkage-candidates", None): ("linkage-candidates", CANDIDATES),
    ("cross-appointments", None): ("cross-appointments", CROSS),
    ("cross-appointment-ties", None): ("cross-appointment-ties", TIES),
}
#: Analyses whose query returns raw rows that shared Python code finishes.
FINISH = {"joint-branches": ("joint-branches", pack)}
#: Analyses that group by a level given as `by` (the query takes it as a parameter).
BY_PARAMETER = {"coverage": BY_CHOICES}


def run_cypher_analysis(
    driver: neo4j.Driver,
    name: str,
    *,
    by: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
    county: str | None = None,
    include_community: bool | None = None,
    database: str | None = None,
) -> pd.DataFrame:
    """Run analysis `name` on Neo4j; same columns, types and row order as the embedded one."""
    check_database(database)
    if name not in ANALYSES:
        raise UsageError(f"unknown analysis {name!r}; choose from {', '.join(ANALYSES)}")
    params: dict[str, object] = {}
    variant = None
    if by is not None:
        if name in BY_PARAMETER:
            params["by"] = check_choice("by", by, BY_PARAMETER[name])
        elif (name, by) in SHAPES:
            variant = by
        else:
            raise UsageError(f"{name} does not take --by {by}")
    if as_of is not None:
        try:
            params["as_of"] = parse_date(as_of)
        except ValueError as err:
            raise UsageError(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from err
    if county is not None:
        params["county"] = county_code(county)
    if include_community:
        params["include_community"] = True
    if targets is not None:
        params |= targets.as_dict()
    query, finish = FINISH.get(name, (None, None))
    if query is None:
        query, columns = SHAPES[(name, variant)]
        finish = lambda df: conform(df, columns)  # noqa: E731
    takes = set(read_query(query).parameters)
    if county is not None and "county" not in takes:
        raise UsageError(f"{name} does not take --county")
    rows = run_query(
        driver, query, {k: v for k, v in params.items() if k in takes}, database=database
    )
    return finish(_sorted_lists(rows))


def _sorted_lists(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, list)).any():
            out[col] = out[col].map(lambda v: sorted(set(v)) if isinstance(v, list) else v)
    return out
