"""Where a report's graph lives: the embedded graph (``memory``) or a Neo4j database.

Both answer a named analysis with the same columns and rows; the embedded backend runs the
pandas function, the Neo4j backend its Cypher twin under ``cypher/``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graphgov.errors import UsageError

BACKENDS = ("memory", "neo4j")


def run_report(
    name: str,
    *,
    backend: str = "memory",
    data: str | Path | None = None,
    by: str | None = None,
    as_of: str | None = None,
    targets: str | Path | None = None,
    **options: object,
) -> pd.DataFrame:
    """Run analysis `name` on `backend` and return its DataFrame.

    `data` is the dataset directory (or saved graph) for the memory backend. `targets` is a
    ``targets.toml`` that overrides the dataset's own.
    """
    from graphgov.analyses import ANALYSES, run_analysis

    if name not in ANALYSES:
        raise UsageError(f"unknown report {name!r}; choose from {', '.join(ANALYSES)}, all")
    if backend == "memory":
        if data is None:
            raise UsageError("the memory backend needs --data DIR (a dataset directory)")
        from graphgov.graph import open_graph
        from graphgov.meta import Targets

        g = open_graph(data)
        chosen = Targets.from_toml(targets) if targets is not None else None
        return run_analysis(g, name, by=by, as_of=as_of, targets=chosen, **options)
    if backend == "neo4j":
        if data is not None:
            raise UsageError(
                "--data is for the memory backend; the neo4j backend reads the dataset "
                "loaded with `graphgov load DIR --backend neo4j`"
            )
        from graphgov.meta import Targets
        from graphgov.neo4j.analyses import run_cypher_analysis
        from graphgov.settings import connect, neo4j_settings

        settings = neo4j_settings()
        chosen = Targets.from_toml(targets) if targets is not None else None
        with connect(settings) as driver:
            return run_cypher_analysis(
                driver, name, by=by, as_of=as_of, targets=chosen, database=settings.database,
                **options,
            )  # fmt: skip
    raise UsageError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
