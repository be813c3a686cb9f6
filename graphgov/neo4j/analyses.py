"""The Cypher twins of the analyses: run the query the analysis's record names (under
``cypher/``) and give the rows the same shape as the embedded backend's.

The dataset's ``as_of`` and targets live on its ``:Dataset`` node; the queries fall back to
them, so only overrides go in as parameters. Lists come back sorted and without repeats,
as the embedded analyses give them.
"""

from __future__ import annotations

import neo4j
import pandas as pd

from graphgov.analyses._common import conform, parse_as_of
from graphgov.analyses.registry import analysis
from graphgov.codes import county_code
from graphgov.meta import Targets
from graphgov.neo4j.failures import check_database
from graphgov.neo4j.queries import read_query, run_query


def run_cypher_analysis(
    driver: neo4j.Driver, name: str, *, database: str | None = None, **options: object
) -> pd.DataFrame:
    """Run analysis `name` on Neo4j; same columns, types and row order as the embedded one.

    `options` are those of :func:`graphgov.run_analysis`, refused alike when the analysis
    does not take them.
    """
    twin, params = cypher_call(driver, name, database=database, **options)
    rows = _sorted_lists(run_query(driver, twin.query, params, database=database))
    return twin.finish(rows) if twin.finish else conform(rows, twin.columns)


def cypher_call(driver: neo4j.Driver, name: str, *, database: str | None = None, **options: object):
    """The Cypher twin that answers analysis `name` with `options`, and its parameters (what
    :func:`run_cypher_analysis` runs; a benchmark's ``PROFILE`` runs the same)."""
    check_database(database)
    spec = analysis(name)
    chosen = spec.check_options(options)
    twin = spec.twin_for(chosen.get("by"))
    if chosen.get("by") in spec.by_twins:
        del chosen["by"]  # answered by its own query
    if "targets" in spec.takes:
        chosen["targets"] = _in_force(driver, database, chosen)
    params = _parameters(chosen)
    takes = set(read_query(twin.query).parameters)
    return twin, {k: v for k, v in params.items() if k in takes}


def _in_force(driver: neo4j.Driver, database: str | None, chosen: dict) -> Targets | None:
    """The targets in force on the date asked (the given ones, else the dataset's), as the
    embedded analyses read them (:meth:`Targets.on`)."""
    from graphgov.neo4j.store import loaded_dataset

    targets, day = chosen.get("targets"), chosen.get("as_of")
    if targets is None or day is None:
        held = loaded_dataset(driver, database=database)
        if held is None:
            return targets
        targets = targets or held[1]
        day = day or held[0].as_of
    return targets.on(parse_as_of(str(day)))


def _parameters(chosen: dict[str, object]) -> dict[str, object]:
    """The query parameters for the options chosen: dates checked, a county as 12 digits,
    targets as their fields."""
    params = dict(chosen)
    if "as_of" in params:
        params["as_of"] = parse_as_of(str(params["as_of"]))
    if "county" in params:
        params["county"] = county_code(str(params["county"]))
    targets = params.pop("targets", None)
    if isinstance(targets, Targets):
        params |= targets.as_dict()
    return params


def _sorted_lists(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, list)).any():
            out[col] = out[col].map(lambda v: sorted(set(v)) if isinstance(v, list) else v)
    return out
