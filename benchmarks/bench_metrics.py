"""Benchmark: network metrics on the province-sized interlock and appointments projections.

Run from the repository root::

    .venv/bin/python benchmarks/bench_metrics.py                    # scale 1.0, seed 2019
    .venv/bin/python benchmarks/bench_metrics.py --data out/zj      # an existing dataset/graph
    .venv/bin/python benchmarks/bench_metrics.py --skip-networkx    # no baseline (minutes)

For each projection: the build (``projection(g, name)``), PageRank, connected components,
Louvain, betweenness sampled from k = 100 sources and cut points, each against the 60 s
goal. Louvain and betweenness run twice, with graphgov's igraph kernels
(:func:`graphgov.analyses.metrics.louvain`, :func:`~graphgov.analyses.metrics.betweenness`)
and with plain networkx (``louvain_communities``, ``betweenness_centrality(k=100)``) on the
same graph in the same run, and the ratio is printed. The two betweenness results use the
same sources, so their largest difference is printed too; for Louvain the number of
communities and the modularity of both partitions. Exit code 0 when every graphgov
step is under the goal.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

import graphgov
from graphgov.analyses.metrics import betweenness, components, cut_points, louvain
from graphgov.analyses.projections import projection
from graphgov.generate import generate

GOAL_SECONDS = 60.0
K = 100
SEED = 0


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed(func: Callable[[], object]) -> tuple[object, float]:
    t0 = time.perf_counter()
    out = func()
    return out, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 if every graphgov step is under the goal."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--data", type=Path, help="open this dataset or saved graph instead")
    ap.add_argument("--projections", nargs="+", default=["interlock", "appointments"])
    ap.add_argument("--skip-networkx", action="store_true", help="no networkx baseline")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-metrics-") as tmp:
        if args.data is None:
            args.data = Path(tmp) / "province"
            generate(args.data, scale=args.scale, seed=args.seed)
        g = graphgov.open(args.data)
    ok = True
    for name in args.projections:
        print(f"\n== {name} (load average {loadavg()})")
        net, build = timed(lambda name=name: projection(g, name))
        print(f"{net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges")
        rows: list[tuple[str, float, float | None]] = [("build", build, None)]
        _, t = timed(lambda net=net: nx.pagerank(net, weight="weight"))
        rows.append(("PageRank (networkx, scipy)", t, None))
        _, t = timed(lambda net=net: components(net))
        rows.append(("connected components", t, None))
        ours, t = timed(lambda net=net: louvain(net, seed=SEED))
        base = None
        if not args.skip_networkx:
            theirs, base = timed(
                lambda net=net: nx.community.louvain_communities(net, weight="weight", seed=SEED)
            )
            q = [nx.community.modularity(net, c, weight="weight") for c in (ours, theirs)]
            print(f"Louvain: igraph {len(ours):,} communities, modularity {q[0]:.4f}; "
                  f"networkx {len(theirs):,} communities, modularity {q[1]:.4f}")  # fmt: skip
        rows.append(("Louvain", t, base))
        mine, t = timed(lambda net=net: betweenness(net, k=K, seed=SEED))
        base = None
        if not args.skip_networkx:
            theirs, base = timed(
                lambda net=net: nx.betweenness_centrality(net, k=K, seed=SEED, weight=None)
            )
            diff = max(abs(mine[v] - theirs[v]) for v in net)
            print(f"betweenness k={K}: largest difference from networkx {diff:.2e}")
        rows.append((f"betweenness, k={K}", t, base))
        _, t = timed(lambda net=net: cut_points(net))
        rows.append(("cut points", t, None))
        print(f"{'step':28s} {'graphgov':>9s} {'networkx':>9s} {'ratio':>7s}  goal < 60 s")
        for step, secs, nx_secs in rows:
            met = "met" if secs < GOAL_SECONDS else "NOT met"
            base_s = f"{nx_secs:8.1f}s" if nx_secs is not None else f"{'':9s}"
            ratio = f"{nx_secs / secs:6.1f}x" if nx_secs is not None else f"{'':7s}"
            print(f"{step:28s} {secs:8.2f}s {base_s} {ratio}  {met}")
            ok &= secs < GOAL_SECONDS
        print(f"load average after: {loadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
