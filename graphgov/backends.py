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
    targets: str | Path | None = None,
    **options: object,
) -> pd.DataFrame:
    """Run analysis `name` on `backend` and return its DataFrame.

    `data` is the dataset directory (or saved graph) for the memory backend. `targets` is a
    ``targets.toml`` that overrides the dataset's own; `options` are the analysis's other
    options (``by``, ``as_of``, ``county``, ``include_community``).

    Raises
    ------
    UsageError
        Before anything is read, for an unknown report or backend, or an option the
        analysis does not take (its record in :data:`graphgov.analyses.ANALYSES`, the same
        on both backends).
    NoDataError
        With the memory backend, if the dataset lacks what the analysis needs.
    """
    from graphgov.analyses import ANALYSES, run_analysis
    from graphgov.meta import Targets

    if name not in ANALYSES:
        raise UsageError(f"unknown report {name!r}; choose from {', '.join(ANALYSES)}, all")
    if backend not in BACKENDS:
        raise UsageError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    ANALYSES[name].check_options({"targets": targets, **options})
    if backend == "memory" and data is None:
        raise UsageError("the memory backend needs --data DIR (a dataset directory)")
    if backend == "neo4j" and data is not None:
        raise UsageError(
            "--data is for the memory backend; the neo4j backend reads the dataset "
            "loaded with `graphgov load DIR --backend neo4j`"
        )
    chosen = {**options, "targets": Targets.from_toml(targets) if targets is not None else None}
    if backend == "memory":
        from graphgov.graph import open_graph

        g = open_graph(data)  # type: ignore[arg-type]
        out = run_analysis(g, name, **chosen)
        out.attrs["synthetic"] = g.info.synthetic  # the CLI says so beside the table
        return out
    from graphgov.neo4j.analyses import run_cypher_analysis
    from graphgov.settings import connect, neo4j_settings

    settings = neo4j_settings()
    with connect(settings) as driver:
        return run_cypher_analysis(driver, name, database=settings.database, **chosen)
