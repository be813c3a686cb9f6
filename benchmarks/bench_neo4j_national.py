"""Benchmark: every Cypher report on the national graph, bulk-imported into a local Neo4j.

Run from the repository root::

    .venv/bin/python benchmarks/bench_neo4j_national.py --data /tmp/graphgov-bench/country-1.0
    .venv/bin/python benchmarks/bench_neo4j_national.py --data DIR --heap 4g --pagecache 8g
    .venv/bin/python benchmarks/bench_neo4j_national.py --data DIR --only coverage --profile

The national dataset (``graphgov generate DIR --country``; ``bench_national.py`` makes it)
is opened from the validated cache, imported by :func:`graphgov.neo4j.bulk.bulk_import` into
a fresh :class:`~graphgov.neo4j.server.LocalServer` (temporary home, free port, ``--heap``
and ``--pagecache``), and every analysis with a Cypher twin, and each with every ``--by``
value, is run on it and timed (goal < 60 s each). A query still running after ``--timeout``
seconds is stopped (``TERMINATE TRANSACTIONS``) and counted as not met.

With ``--compare`` the embedded report, in the same process on the same graph, is the
baseline: the ratio Neo4j / embedded is printed, and the rows are compared (the embedded
graph then stays in memory beside the server: about 12 GB more at national scale).
Without it the graph is freed once imported, and the embedded figures are those of
``bench_national.py``. ``--profile``
also prints each query's ``PROFILE`` plan summary (operators, rows, db hits), the evidence
for a rewrite or an index. Exit code 0 when every goal is met.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import neo4j
import pandas as pd

import graphgov
from graphgov.analyses import ANALYSES
from graphgov.errors import GraphgovError
from graphgov.neo4j.analyses import run_cypher_analysis
from graphgov.neo4j.bulk import bulk_import
from graphgov.neo4j.server import LocalServer
from graphgov.settings import connect, neo4j_settings

sys.path.insert(0, str(Path(__file__).parent))
from bench_neo4j_import import open_graph  # noqa: E402  (the same as the import's)
from bench_reports import terminate_queries  # noqa: E402  (the same stop as bench_reports)
from common import loadavg, verdict  # noqa: E402

GOAL = 60.0
REPORTS: list[tuple[str, dict[str, str]]] = [(name, {}) for name in ANALYSES] + [
    (name, {"by": by}) for name, spec in ANALYSES.items() for by in spec.by
]


def timed(driver: neo4j.Driver, name: str, options: dict, timeout: float):
    """(rows or None, seconds, error code or "")."""
    t0 = time.perf_counter()
    watchdog = threading.Timer(timeout, terminate_queries, (driver,))
    watchdog.start()
    try:
        df = run_cypher_analysis(driver, name, **options)
    except neo4j.exceptions.Neo4jError as err:
        return None, time.perf_counter() - t0, err.code or "error"
    except GraphgovError as err:  # the server refused it (memory): a finding, not a crash
        return None, time.perf_counter() - t0, str(err)
    finally:
        watchdog.cancel()
    return df, time.perf_counter() - t0, ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="the national dataset")
    ap.add_argument("--only", nargs="+", help="only these analyses")
    ap.add_argument("--heap", default="4g", help="the server's Java heap (default 4g)")
    ap.add_argument("--pagecache", default="6g", help="the server's page cache (default 6g)")
    ap.add_argument("--timeout", type=float, default=180.0, help="per query, seconds")
    ap.add_argument("--profile", action="store_true", help="print each query's PROFILE")
    ap.add_argument("--compare", action="store_true", help="time the embedded reports too")
    ap.add_argument("--home", type=Path, help="keep the server here; reuse its import if any")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    reports = [r for r in REPORTS if not args.only or r[0] in args.only]
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-neo4j-national-") as tmp:
        home = args.home or Path(tmp) / "home"
        server = LocalServer(home, port=0, heap=args.heap, pagecache=args.pagecache)
        server.start()
        try:
            with connect(neo4j_settings(server.env())) as driver:
                imported = driver.execute_query("MATCH (d:Dataset) RETURN count(d) AS n")
            g = None
            if imported.records[0]["n"] and args.home:
                print(f"{home} holds an imported dataset: not imported again")
            else:
                g = open_graph(args.data)
                import_graph(g, home, args)
            if args.compare and g is None:
                g = open_graph(args.data)
            elif not args.compare:
                g = None  # the graph is freed before the queries
                gc.collect()
            with connect(neo4j_settings(server.env())) as driver:
                ok = run_reports(driver, g, reports, args)
        finally:
            server.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak memory of this process: {peak:.1f} GB; load average {loadavg()}")
    return 0 if ok else 1


def import_graph(g: graphgov.Graph, home: Path, args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    stats = bulk_import(g, home=home, replace=True, progress=lambda s: print(f"  {s}"))
    wall = time.perf_counter() - t0
    print(f"imported in {wall:.0f} s ({stats.relationships / wall:,.0f} relationships/s); "
          f"store {store_size(home):.1f} GB; heap {args.heap}, page cache {args.pagecache}; "
          f"load average {loadavg()}")  # fmt: skip


def run_reports(driver, g, reports, args) -> bool:
    ok = True
    print(f"\nCypher reports (goal < {GOAL:.0f} s; baseline: the embedded report)")
    for name, options in reports:
        key = name + "".join(f" --{k} {v}" for k, v in options.items())
        df, secs, error = timed(driver, name, options, args.timeout)
        if df is None:
            print(f"  {key:36s} {secs:7.1f} s  stopped: {error}")
            ok = False
            continue
        met = secs < GOAL
        ok &= met
        print(f"  {key:36s} {secs:7.1f} s  {verdict(met):7s} {len(df):>9,} rows"
              + (compare(g, name, options, df, secs) if g is not None else ""))  # fmt: skip
        if args.profile:
            print_profile(driver, name, options)
    return ok


def compare(g, name: str, options: dict, df: pd.DataFrame, secs: float) -> str:
    """The embedded report's time, the ratio, and whether the rows are the same."""
    t0 = time.perf_counter()
    mem = graphgov.run_analysis(g, name, **options)
    mem_secs = time.perf_counter() - t0
    try:
        pd.testing.assert_frame_equal(mem, df)
        same = "same rows"
    except AssertionError:
        same = "ROWS DIFFER"
    return f"  {secs / max(mem_secs, 1e-3):6.1f}x embedded ({mem_secs:.1f} s)  {same}"


def print_profile(driver: neo4j.Driver, name: str, options: dict) -> None:
    """The PROFILE plan of the report's query: operator, rows and db hits, deepest first."""
    from graphgov.neo4j.analyses import cypher_call
    from graphgov.neo4j.queries import prepare, read_query

    twin, params = cypher_call(driver, name, **options)
    statement, values = prepare(read_query(twin.query), params)
    summary = driver.execute_query("PROFILE " + statement, values).summary
    for depth, op in walk(summary.profile):
        hits, rows = op.get("dbHits", 0), op.get("rows", 0)
        print(f"      {'  ' * depth}{op['operatorType']:40s} rows {rows:>12,}  db hits {hits:>14,}")


def walk(plan: dict, depth: int = 0):
    yield depth, plan
    for child in plan.get("children", []):
        yield from walk(child, depth + 1)


def store_size(home: Path) -> float:
    data = home / "data" / "databases"
    return sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e9


if __name__ == "__main__":
    sys.exit(main())
