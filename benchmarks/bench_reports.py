"""Benchmark: every report on the Zhejiang-sized province, on both backends.

Run from the repository root::

    .venv/bin/python benchmarks/bench_reports.py                  # scale 1.0, seed 2019
    .venv/bin/python benchmarks/bench_reports.py --data out/zj    # an existing dataset/graph
    .venv/bin/python benchmarks/bench_reports.py --skip-neo4j     # embedded and CLI only

For every analysis of ``graphgov.analyses.ANALYSES``, and each with every ``--by`` value
its record names:

1. embedded: the graph opened once, ``run_analysis(g, name)`` timed (goal < 10 s);
2. CLI: the graph saved as Parquet (``g.save``), then ``graphgov report NAME --data DIR
   --format csv --out FILE`` timed end to end as a subprocess, start-up and graph opening
   included (goal < 10 s);
3. Neo4j: a local server in a temporary home, the graph loaded with its schema and indexes,
   ``run_cypher_analysis(driver, name)`` timed (goal < 30 s); its rows are compared with the
   embedded backend's (``same``), and the ratio Neo4j / embedded is printed. A query still
   running after ``--timeout`` seconds is stopped (``TERMINATE TRANSACTIONS``).

Exit code 0 when every goal is met.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import neo4j
import pandas as pd
from common import loadavg, verdict

import graphgov
from graphgov.analyses import ANALYSES
from graphgov.generate import generate
from graphgov.neo4j.analyses import run_cypher_analysis
from graphgov.neo4j.server import LocalServer
from graphgov.neo4j.store import load_graph
from graphgov.settings import connect, neo4j_settings

EMBEDDED_GOAL = 10.0
NEO4J_GOAL = 30.0
#: Every analysis of the registry, and each with every --by value its record names.
REPORTS: list[tuple[str, dict[str, str]]] = [(name, {}) for name in ANALYSES] + [
    (name, {"by": by}) for name, spec in ANALYSES.items() for by in spec.by
]


def label(name: str, options: dict[str, str]) -> str:
    return name + "".join(f" --{k} {v}" for k, v in options.items())


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 if every goal is met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--data", type=Path, help="open this dataset or saved graph instead")
    ap.add_argument("--only", nargs="+", help="only these analyses")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--skip-neo4j", action="store_true")
    ap.add_argument("--heap", default="2g", help="the server's Java heap (default 2g)")
    ap.add_argument("--pagecache", default="2g", help="the server's page cache (default 2g)")
    ap.add_argument("--timeout", type=float, default=300.0, help="per Cypher query, seconds")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    reports = [r for r in REPORTS if not args.only or r[0] in args.only]
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-reports-") as tmp:
        if args.data is None:
            args.data = Path(tmp) / "province"
            generate(args.data, scale=args.scale, seed=args.seed)
        t0 = time.perf_counter()
        g = graphgov.open(args.data)
        print(f"graph opened in {time.perf_counter() - t0:.1f} s ({args.data}); "
              f"load average {loadavg()}")  # fmt: skip
        ok = True
        embedded: dict[str, tuple[pd.DataFrame, float]] = {}
        print(f"\nembedded (goal < {EMBEDDED_GOAL:.0f} s)")
        for name, options in reports:
            t0 = time.perf_counter()
            df = graphgov.run_analysis(g, name, **options)
            secs = time.perf_counter() - t0
            embedded[label(name, options)] = (df, secs)
            ok &= report_line(label(name, options), secs, EMBEDDED_GOAL, f"{len(df):,} rows")
        print(f"load average {loadavg()}")
        if not args.skip_cli:
            saved = Path(tmp) / "graph"
            g.save(saved)
            print(f"\nCLI from the saved Parquet graph, end to end (goal < {EMBEDDED_GOAL:.0f} s)")
            for name, options in reports:
                secs = run_cli(name, options, saved, Path(tmp) / "out.csv")
                ok &= report_line(label(name, options), secs, EMBEDDED_GOAL, "")
            print(f"load average {loadavg()}")
        if not args.skip_neo4j:
            ok &= run_neo4j(g, reports, embedded, Path(tmp) / "neo4j", args)
    return 0 if ok else 1


def report_line(name: str, secs: float, goal: float, extra: str) -> bool:
    met = secs < goal
    print(f"  {name:34s} {secs:7.2f} s  {secs / goal:5.2f} of goal  "
          f"{verdict(met)}  {extra}")  # fmt: skip
    return met


def run_cli(name: str, options: dict[str, str], data: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "graphgov", "report", name, "--data", str(data)]
    cmd += [x for k, v in options.items() for x in (f"--{k}", v)]
    cmd += ["--format", "csv", "--out", str(out)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if done.returncode != 0:
        print(f"  {name}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        return float("inf")
    return secs


def terminate_queries(driver: neo4j.Driver) -> None:
    """Stop the server's running transactions (the query past its time), not this one."""
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
        "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' RETURN transactionId"
    )
    ids = [r["transactionId"] for r in records]
    if ids:
        driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=ids)


def run_neo4j(
    g: graphgov.Graph,
    reports: list[tuple[str, dict[str, str]]],
    embedded: dict[str, tuple[pd.DataFrame, float]],
    home: Path,
    args: argparse.Namespace,
) -> bool:
    server = LocalServer(home, port=0, heap=args.heap, pagecache=args.pagecache)
    server.start()
    ok = True
    try:
        with connect(neo4j_settings(server.env())) as driver:
            t0 = time.perf_counter()
            load_graph(driver, g, replace=True)
            secs = time.perf_counter() - t0
            print(f"\nNeo4j: loaded in {secs:.0f} s (heap {args.heap}, page cache "
                  f"{args.pagecache}); load average {loadavg()}")  # fmt: skip
            print(f"Cypher twins (goal < {NEO4J_GOAL:.0f} s; ratio to the embedded time)")
            for name, options in reports:
                key = label(name, options)
                t0 = time.perf_counter()
                watchdog = threading.Timer(args.timeout, terminate_queries, (driver,))
                watchdog.start()
                try:
                    df = run_cypher_analysis(driver, name, **options)
                except neo4j.exceptions.Neo4jError as err:
                    secs = time.perf_counter() - t0
                    print(f"  {key:34s} {secs:7.2f} s  stopped: {err.code}")
                    ok = False
                    continue
                finally:
                    watchdog.cancel()
                secs = time.perf_counter() - t0
                mem, mem_secs = embedded[key]
                try:
                    pd.testing.assert_frame_equal(mem, df)
                    same = "same rows"
                except AssertionError:
                    same = "ROWS DIFFER"
                    ok = False
                extra = f"{secs / mem_secs:6.1f}x embedded  {same}"
                ok &= report_line(key, secs, NEO4J_GOAL, extra)
            print(f"load average {loadavg()}")
    finally:
        server.stop()
    return ok


if __name__ == "__main__":
    sys.exit(main())
