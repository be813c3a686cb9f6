"""Benchmark: bulk-load the Zhejiang-sized province into a fresh local Neo4j server.

Run from the repository root::

    .venv/bin/python benchmarks/bench_neo4j_load.py                 # scale 1.0, seed 2019
    .venv/bin/python benchmarks/bench_neo4j_load.py --data out/zj   # an existing dataset/graph

Starts a :class:`~graphgov.neo4j.server.LocalServer` in a temporary home on a free port,
then:

1. loads the whole graph with :func:`graphgov.neo4j.store.load_graph` and prints nodes/s
   and relationships/s (per phase and over the whole wall time, schema and Python-side
   preparation included), goal >= 30,000 relationships/s;
2. on a 10,000-row slice of the same graph (the nodes of a few townships and the
   relationships among them), loads it with a naive loader (one auto-commit ``MERGE`` per
   row, the same statements without ``UNWIND``) and with ``load_graph``, each into an
   emptied database, once cold and three times warm (statements already compiled), and
   prints the ratios, goal >= 30x on the median of the warm runs.

The server is stopped and its home deleted at the end. Exit code 0 when both goals are met.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import neo4j
import pandas as pd
from common import loadavg, verdict

import graphgov
from graphgov.generate import generate
from graphgov.graph import Graph
from graphgov.neo4j.server import LocalServer
from graphgov.neo4j.steps import ROWS, load_steps
from graphgov.neo4j.store import clear, load_graph, write_schema
from graphgov.settings import connect, neo4j_settings

GOAL_RELS_PER_S = 30_000
GOAL_RATIO = 30.0
SLICE_ROWS = 10_000


def township_slice(g: Graph, rows: int = SLICE_ROWS) -> Graph:
    """The nodes based in the first townships (in code order) and the relationships among
    them, enough townships for `rows` rows; relationships are trimmed (per type, in
    proportion) so the slice has exactly `rows` rows."""
    regions = g.regions
    townships = sorted(regions.loc[regions["level"] == "township", "code"])
    for n in range(1, len(townships) + 1):
        prefixes = tuple(t[:9] for t in townships[:n])
        sub = _within(g, prefixes)
        total = sum(len(f) for f in sub.nodes.values()) + sum(len(f) for f in sub.rels.values())
        if total >= rows:
            break
    n_nodes = sum(len(f) for f in sub.nodes.values())
    n_rels = sum(len(f) for f in sub.rels.values())
    if n_nodes >= rows:
        raise SystemExit("the first township alone has more nodes than the slice size")
    keep = (rows - n_nodes) / n_rels
    trimmed = {t: f.iloc[: int(len(f) * keep)] for t, f in sub.rels.items()}
    short = rows - n_nodes - sum(len(f) for f in trimmed.values())  # 0 <= short < types
    biggest = max(trimmed, key=lambda t: len(trimmed[t]))
    trimmed[biggest] = sub.rels[biggest].iloc[: len(trimmed[biggest]) + short]
    return dataclasses.replace(sub, rels=trimmed)


def _within(g: Graph, prefixes: tuple[str, ...]) -> Graph:
    """Regions under the township prefixes, the organizations, Party organizations and
    facilities there, the people who live there or hold a post there, and the relationships
    whose two ends are all of those."""
    r = g.regions[g.regions["code"].str.startswith(prefixes)]
    o = g.organizations[g.organizations["region_code"].str.startswith(prefixes)]
    p = g.party_orgs[g.party_orgs["region_code"].str.startswith(prefixes)]
    keys = set(r["code"]) | set(o["org_id"]) | set(p["party_org_id"])
    people = set(g.rel("LIVES_IN").loc[lambda f: f["dst"].isin(keys), "src"])
    people |= set(g.rel("HOLDS_POST").loc[lambda f: f["dst"].isin(keys), "src"])
    fac = set(g.rel("OPERATES").loc[lambda f: f["src"].isin(keys), "dst"])
    nodes = {
        "Region": r,
        "Organization": o,
        "PartyOrganization": p,
        "Person": g.people[g.people["person_id"].isin(people)],
        "Facility": g.facilities[g.facilities["facility_id"].isin(fac)],
    }
    every = keys | people | fac
    rels = {t: f[f["src"].isin(every) & f["dst"].isin(every)] for t, f in g.rels.items()}
    return dataclasses.replace(g, nodes=nodes, rels=rels)


def naive_load(driver: neo4j.Driver, g: Graph) -> None:
    """One auto-commit ``MERGE`` per row: the loader's own statements without ``UNWIND``."""
    with driver.session() as session:
        for step in load_steps(g):
            single = step.merge.replace(ROWS, "").replace("[i]", "")
            columns = step.columns(step.frame)
            for j in range(len(step.frame)):
                session.run(single, {name: values[j] for name, values in columns.items()}).consume()


def counts(driver: neo4j.Driver) -> tuple[int, int]:
    """Nodes (ledger and dataset nodes excluded) and relationships in the database."""
    nodes = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadBatch AND NOT n:Dataset RETURN count(n) AS n"
    ).records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes, rels


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 if both goals are met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--data", type=Path, help="open this dataset or saved graph instead")
    ap.add_argument("--heap", default="2g", help="the server's Java heap (default 2g)")
    ap.add_argument("--pagecache", default="2g", help="the server's page cache (default 2g)")
    ap.add_argument("--batch-size", type=int, default=None, help="default: load_graph's")
    ap.add_argument("--writers", type=int, default=None, help="default: load_graph's")
    ap.add_argument("--skip-full", action="store_true", help="only the slice comparison")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    batch = {k: v for k, v in (("batch_size", args.batch_size), ("writers", args.writers)) if v}

    with tempfile.TemporaryDirectory(prefix="graphgov-bench-load-") as tmp:
        if args.data is None:
            args.data = Path(tmp) / "province"
            generate(args.data, scale=args.scale, seed=args.seed)
        g = graphgov.open(args.data)
        n_nodes = sum(len(f) for f in g.nodes.values())
        n_rels = sum(len(f) for f in g.rels.values())
        print(f"graph: {n_nodes:,} nodes, {n_rels:,} relationships ({args.data})")
        server = LocalServer(Path(tmp) / "neo4j", port=0, heap=args.heap, pagecache=args.pagecache)
        server.start()
        try:
            with connect(neo4j_settings(server.env())) as driver:
                ok = run(driver, g, n_nodes, n_rels, batch, args)
        finally:
            server.stop()
    return 0 if ok else 1


def run(
    driver: neo4j.Driver,
    g: Graph,
    n_nodes: int,
    n_rels: int,
    batch: dict[str, int],
    args: argparse.Namespace,
) -> bool:
    print(f"server: heap {args.heap}, page cache {args.pagecache}; load average {loadavg()}")
    ok = True
    if not args.skip_full:
        t0 = time.perf_counter()
        stats = load_graph(driver, g, replace=True, **batch)
        wall = time.perf_counter() - t0
        table = stats.table()
        node_s, rel_s = stats.phases["node"], stats.phases["rel"]
        got = counts(driver)
        print(f"\nfull load: {wall:.1f} s wall (load average after: {loadavg()})")
        with pd.option_context("display.width", 120, "display.max_rows", 100):
            print(table.to_string(index=False))
        print(f"written:  {got[0]:,} nodes, {got[1]:,} relationships (expected {n_nodes:,}, "
              f"{n_rels:,})")  # fmt: skip
        print(f"nodes:         {stats.nodes / node_s:10,.0f} /s in the node steps ({node_s:.1f} s)")
        rel_rate, wall_rate = stats.relationships / rel_s, stats.relationships / wall
        print(f"relationships: {rel_rate:10,.0f} /s in the relationship steps ({rel_s:.1f} s): "
              f"goal >= {GOAL_RELS_PER_S:,} {verdict(rel_rate >= GOAL_RELS_PER_S)}")  # fmt: skip
        overall = (stats.nodes + stats.relationships) / wall
        print(f"whole load:    {stats.nodes / wall:10,.0f} nodes/s, {wall_rate:,.0f} "
              f"relationships/s, {overall:,.0f} rows/s over the whole {wall:.1f} s: "
              f"relationships goal {verdict(wall_rate >= GOAL_RELS_PER_S)}")  # fmt: skip
        ok &= wall_rate >= GOAL_RELS_PER_S and got == (n_nodes, n_rels)

    part = township_slice(g)
    rows = sum(len(f) for f in part.nodes.values()) + sum(len(f) for f in part.rels.values())
    print(f"\nslice: {rows:,} rows (the first townships' nodes and the relationships among them)")
    # Each loader runs into an emptied database, once "cold" (it compiles its statements, or
    # replans them after the clear), then three times "warm" (they are in the query cache).
    # The goal is judged on the median of the warm ratios, the steady state of both.
    ratios, written = [], (0, 0)
    for run_name in ("cold", "warm 1", "warm 2", "warm 3"):
        clear(driver)
        write_schema(driver)
        t0 = time.perf_counter()
        naive_load(driver, part)
        naive = time.perf_counter() - t0
        written = counts(driver)
        clear(driver)
        t0 = time.perf_counter()
        load_graph(driver, part, **batch)
        batched = time.perf_counter() - t0
        assert counts(driver) == written, "the two loaders wrote different graphs"
        if run_name != "cold":
            ratios.append(naive / batched)
        print(f"{run_name:6}: naive (auto-commit MERGE per row) {naive:6.2f} s "
              f"{rows / naive:7,.0f} rows/s | load_graph {batched:5.2f} s "
              f"{rows / batched:7,.0f} rows/s | ratio {naive / batched:5.1f}x")  # fmt: skip
    ratio = statistics.median(ratios)
    print(f"ratio (median of the warm runs): {ratio:.1f}x faster: goal >= {GOAL_RATIO:.0f}x "
          f"{verdict(ratio >= GOAL_RATIO)}; both wrote {written[0]:,} nodes and "
          f"{written[1]:,} relationships")  # fmt: skip
    if not args.skip_full:
        print(f"full load's rows/s over the last warm naive rows/s: "
              f"{overall / (rows / naive):.1f}x")  # fmt: skip
    print(f"load average at the end: {loadavg()}")
    return ok and ratio >= GOAL_RATIO


if __name__ == "__main__":
    sys.exit(main())
