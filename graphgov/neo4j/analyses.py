"""The Cypher twins of the analyses: run the named query under ``cypher/`` and give the rows
the same shape as the embedded backend's.

The dataset's ``as_of`` and targets live on its ``:Dataset`` node; the queries fall back to
them, so only overrides go in as parameters.
"""

from __future__ import annotations

import neo4j
import pandas as pd

from graphgov.analyses import ANALYSES
from graphgov.analyses._common import check_choice, conform
from graphgov.analyses.coverage import BY_CHOICES
from graphgov.analyses.coverage import COLUMNS as COVERAGE_COLUMNS
from graphgov.analyses.density import COLUMNS as DENSITY_COLUMNS
from graphgov.analyses.gaps import COLUMNS as GAPS_COLUMNS
from graphgov.analyses.joint_branches import pack
from graphgov.errors import UsageError
from graphgov.meta import Targets, parse_date
from graphgov.neo4j.queries import read_query, run_query

#: analysis -> the columns (and dtypes) its Cypher twin returns as they are.
SHAPES = {"coverage": COVERAGE_COLUMNS, "gaps": GAPS_COLUMNS, "density": DENSITY_COLUMNS}
#: analysis -> function turning the query's rows into the analysis's rows.
FINISH = {"joint-branches": pack}


def run_cypher_analysis(
    driver: neo4j.Driver,
    name: str,
    *,
    by: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
    include_community: bool | None = None,
    database: str | None = None,
) -> pd.DataFrame:
    """Run analysis `name` on Neo4j; same columns, types and row order as the embedded one."""
    if name not in ANALYSES:
        raise UsageError(f"unknown analysis {name!r}; choose from {', '.join(ANALYSES)}")
    params: dict[str, object] = {}
    if by is not None:
        if name != "coverage":
            raise UsageError(f"{name} does not take --by")
        params["by"] = check_choice("by", by, BY_CHOICES)
    if as_of is not None:
        try:
            params["as_of"] = parse_date(as_of)
        except ValueError as err:
            raise UsageError(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from err
    if include_community:
        params["include_community"] = True
    if targets is not None:
        params |= targets.as_dict()
    takes = set(read_query(name).parameters)
    df = run_query(driver, name, {k: v for k, v in params.items() if k in takes}, database=database)
    if name in FINISH:
        return FINISH[name](df)
    return conform(df, SHAPES[name])
