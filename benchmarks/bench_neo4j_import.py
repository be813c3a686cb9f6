"""Benchmark: the 3x province into Neo4j by ``--method import`` and by the transactional loader.

Run from the repository root::

    .venv/bin/python benchmarks/bench_neo4j_import.py              # scale 3, seed 2019
    .venv/bin/python benchmarks/bench_neo4j_import.py --data DIR   # an existing dataset

The dataset is ``graphgov generate DIR --scale 3 --seed 2019`` (about 5 million
relationships), generated into ``/tmp/graphgov-bench/scale-3.0`` unless it is there
already, and opened once (validated cache). Then, each into a fresh
:class:`~graphgov.neo4j.server.LocalServer` (temporary home, free port, the same heap and
page cache):

1. :func:`graphgov.neo4j.bulk.bulk_import`: relationships/s over its whole wall time
   (the files, the stop, neo4j-admin, the restart, the constraints and indexes), goal
   >= 150,000, and the neo4j-admin step's own rate;
2. :func:`graphgov.neo4j.store.load_graph` (the transactional loader, default batches and
   writers): relationships/s over its whole wall time; the import's rate over it, goal
   >= 4x.

Both databases are checked to hold every node and relationship. The servers are stopped
and their homes deleted at the end. Exit code 0 when both goals are met.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import neo4j
from common import loadavg, verdict

import graphgov
from graphgov.neo4j.bulk import bulk_import
from graphgov.neo4j.server import LocalServer
from graphgov.neo4j.store import load_graph
from graphgov.settings import connect, neo4j_settings

GOAL_RELS_PER_S = 150_000
GOAL_RATIO = 4.0
BENCH_DIR = Path("/tmp/graphgov-bench")


def counts(driver: neo4j.Driver) -> tuple[int, int]:
    """Nodes (ledger and dataset nodes excluded) and relationships, from the count store."""
    q = "MATCH (n) RETURN count(n) AS n"
    nodes = driver.execute_query(q).records[0]["n"]
    other = driver.execute_query(
        "RETURN COUNT { (:LoadBatch) } + COUNT { (:Dataset) } AS n"
    ).records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes - other, rels


def dataset(args: argparse.Namespace) -> Path:
    """The dataset to load: --data, else the 3x province (generated once)."""
    if args.data is not None:
        return args.data
    path = BENCH_DIR / f"scale-{args.scale:.1f}"
    if not (path / "organizations.csv").exists():
        print(f"generating {path} (scale {args.scale}, seed {args.seed})")
        command = [sys.executable, "-m", "graphgov", "generate", str(path), "--scale",
                   str(args.scale), "--seed", str(args.seed)]  # fmt: skip
        subprocess.run(command, check=True)
    return path


def open_graph(data: Path) -> graphgov.Graph:
    """`graphgov.open(data)`, saying the graph's size, how long it took and the load."""
    t0 = time.perf_counter()
    g = graphgov.open(data)
    rels = sum(len(f) for f in g.rels.values())
    nodes = sum(len(f) for f in g.nodes.values())
    print(f"graph: {nodes:,} nodes, {rels:,} relationships ({data}), opened in "
          f"{time.perf_counter() - t0:.1f} s ({g.origin}); load average {loadavg()}")  # fmt: skip
    return g


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 if both goals are met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--data", type=Path, help="load this dataset instead")
    ap.add_argument("--heap", default="2g", help="the servers' Java heap (default 2g)")
    ap.add_argument("--pagecache", default="2g", help="the servers' page cache (default 2g)")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    g = open_graph(dataset(args))
    n_nodes = sum(len(f) for f in g.nodes.values())
    n_rels = sum(len(f) for f in g.rels.values())
    print(f"servers: heap {args.heap}, page cache {args.pagecache}; load average {loadavg()}")

    with tempfile.TemporaryDirectory(prefix="graphgov-bench-import-") as tmp:
        server = LocalServer(Path(tmp) / "import", port=0, heap=args.heap,
                             pagecache=args.pagecache)  # fmt: skip
        server.start()
        try:
            t0 = time.perf_counter()
            stats = bulk_import(g, home=server.home, progress=lambda line: print(f"  {line}"))
            wall = time.perf_counter() - t0
            with connect(neo4j_settings(server.env())) as driver:
                imported = counts(driver)
        finally:
            server.stop()
        print(f"\nimport: {wall:.1f} s wall (load average after: {loadavg()})")
        print(stats.table().to_string(index=False))
        step = stats.phases["import"]
        import_rate, step_rate = stats.relationships / wall, stats.relationships / step
        print(f"written: {imported[0]:,} nodes, {imported[1]:,} relationships")
        print(f"neo4j-admin step:  {step_rate:10,.0f} relationships/s ({step:.1f} s)")
        print(f"whole import:      {import_rate:10,.0f} relationships/s over {wall:.1f} s: "
              f"goal >= {GOAL_RELS_PER_S:,} {verdict(import_rate >= GOAL_RELS_PER_S)}")  # fmt: skip

        server = LocalServer(Path(tmp) / "transactional", port=0, heap=args.heap,
                             pagecache=args.pagecache)  # fmt: skip
        server.start()
        try:
            with connect(neo4j_settings(server.env())) as driver:
                t0 = time.perf_counter()
                load = load_graph(driver, g)
                load_wall = time.perf_counter() - t0
                loaded = counts(driver)
        finally:
            server.stop()
        load_rate = load.relationships / load_wall
        ratio = import_rate / load_rate
        print(f"\ntransactional load: {load_wall:.1f} s wall (load average after: {loadavg()})")
        print(f"written: {loaded[0]:,} nodes, {loaded[1]:,} relationships")
        print(f"whole load:        {load_rate:10,.0f} relationships/s over {load_wall:.1f} s")
        print(f"import / transactional: {ratio:.1f}x: goal >= {GOAL_RATIO:.0f}x "
              f"{verdict(ratio >= GOAL_RATIO)}")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak memory of this process: {peak:.1f} GB; load average at the end: {loadavg()}")
    same = imported == loaded == (n_nodes, n_rels)
    print(f"both databases hold every node and relationship: {same}")
    return 0 if same and import_rate >= GOAL_RELS_PER_S and ratio >= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
