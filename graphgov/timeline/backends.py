"""`trend` and `diff` on either backend: the embedded graph, or the dataset loaded in Neo4j.

A trend asks the analysis once per date through the same runner as ``graphgov report``
(the pandas function, or its date-aware Cypher twin); the graph is built, or the database
connected, once. A diff on Neo4j reads the loaded graph back (as ``report all`` does for
its network sections) and compares it on the two dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from graphgov.errors import UsageError
from graphgov.timeline.diff import Diff, diff
from graphgov.timeline.trend import trend

__all__ = ["run_diff", "run_trend"]


def _check(backend: str, data) -> None:
    if backend == "memory" and data is None:
        raise UsageError("the memory backend needs --data DIR (a dataset directory)")
    if backend == "neo4j" and data is not None:
        raise UsageError("--data is for the memory backend; --backend neo4j reads the loaded data")


def run_trend(
    name: str,
    *,
    dates: Sequence[str],
    backend: str = "memory",
    data: str | Path | None = None,
    targets=None,
    **options: object,
) -> tuple[pd.DataFrame, object]:
    """``(trend table, targets)``: analysis `name` on each date; the targets are the
    dataset's (or `targets`), for the projection."""
    from graphgov.analyses import ANALYSES

    record = ANALYSES.get(name)
    if record is None:
        raise UsageError(f"unknown report {name!r}; choose from {', '.join(ANALYSES)}")
    record.check_options(options)
    if record is not None and "targets" in record.takes:
        options = {**options, "targets": targets}
    _check(backend, data)
    if backend == "memory":
        from graphgov.graph import open_graph

        g = open_graph(data)  # type: ignore[arg-type]
        table = trend(g, name, dates=dates, **options)
        return table, targets or g.targets
    from graphgov.neo4j.analyses import run_cypher_analysis
    from graphgov.neo4j.store import loaded_dataset
    from graphgov.settings import connect, neo4j_settings

    settings = neo4j_settings()
    with connect(settings) as driver:
        run = partial(run_cypher_analysis, driver, database=settings.database)
        table = trend(None, name, dates=dates, run=run, **options)
        held = loaded_dataset(driver, database=settings.database)
        return table, targets or (held[1] if held else None)


def run_diff(
    *,
    backend: str = "memory",
    data: str | Path | None = None,
    dirs: Sequence[str | Path] = (),
    as_of: Sequence[str] = (),
) -> Diff:
    """Two dates of one dataset (`data` or the Neo4j database, `as_of` = ``(A, B)``, B None
    for the dataset's date), or two dataset directories `dirs` on their own dates (or
    `as_of`)."""
    from graphgov.graph import open_graph

    if dirs:
        if len(dirs) != 2 or data is not None or backend != "memory":
            raise UsageError("diff DIR_A DIR_B compares two dataset directories (memory backend)")
        if as_of and len(as_of) != 2:
            raise UsageError("with two directories, give --as-of twice or not at all")
        g_a, g_b = open_graph(dirs[0]), open_graph(dirs[1])
        a, b = (as_of or (None, None))[:2]
        return diff(g_a, g_b, a, b)
    if len(as_of) != 2:
        raise UsageError(
            "diff --data DIR needs --as-of A --as-of B, or --since A (to the dataset's date), "
            "or two directories"
        )
    _check(backend, data)
    if backend == "memory":
        g = open_graph(data)  # type: ignore[arg-type]
    else:
        from graphgov.neo4j.read import graph_from_neo4j
        from graphgov.settings import connect, neo4j_settings

        settings = neo4j_settings()
        with connect(settings) as driver:
            g = graph_from_neo4j(driver, database=settings.database)
    return diff(g, g, as_of[0], as_of[1])  # B None: the dataset's own date
