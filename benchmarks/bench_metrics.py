"""Benchmark: network metrics on the province-sized interlock and appointments projections.

Run from the repository root::

    .venv/bin/python benchmarks/bench_metrics.py                    # scale 1.0, seed 2019
    .venv/bin/python benchmarks/bench_metrics.py --data out/zj      # an existing dataset/graph
    .venv/bin/python benchmarks/bench_metrics.py --skip-networkx    # no baseline (minutes)

For each projection: the build (``projection(g, name)``), PageRank, connected components,
Louvain (on the components of 3 or more nodes, as the metrics run it), betweenness as the
metrics compute it (exact on the components whose Σ nodes x edges fits
``BETWEENNESS_BUDGET``: :func:`graphgov.analyses.centrality.component_betweenness`), the
same sampled with budget 0 (k = 1,000 sources per component of more than 1,000 nodes) and
compared with the exact values (largest error, largest stated standard error, the share
of the 100 most central nodes within 3 stated standard errors, the top 10 in common), and
cut points, each against the 60 s goal. Louvain and the networkx-equal sampled kernel
(:func:`~graphgov.analyses.centrality.betweenness`, k = 100) also run with plain networkx
(``louvain_communities``, ``betweenness_centrality(k=100)``) on the same graph in the same
run, and the ratio is printed. Exit code 0 when every graphgov step is under the goal.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from common import loadavg, verdict

import graphgov
from graphgov.analyses.centrality import (
    betweenness,
    betweenness_cost,
    component_betweenness,
)
from graphgov.analyses.metrics import LOUVAIN_MIN_SIZE, components, cut_points, louvain
from graphgov.analyses.projections import projection
from graphgov.generate import generate

GOAL_SECONDS = 60.0
K = 100
SAMPLED_K = 1000
SEED = 0


def timed(func: Callable[[], object]) -> tuple[object, float]:
    t0 = time.perf_counter()
    out = func()
    return out, time.perf_counter() - t0


def _compare(exact, sampled, note) -> None:
    """Print how far the sampled betweenness is from the exact one, against its stated
    standard error."""
    if note["betweenness"] != "sampled":
        print(f"sampled run: every component has at most {SAMPLED_K:,} nodes, so exact")
        return
    error = (sampled["betweenness"] - exact["betweenness"]).abs()
    top = exact["betweenness_pairs"].to_numpy().argsort()[::-1][:100]
    within = (error.iloc[top] <= 3 * sampled["betweenness_se"].iloc[top]).mean()
    guess = sampled["betweenness_pairs"].to_numpy().argsort()[::-1]
    common = len(set(top[:10]) & set(guess[:10]))
    print(f"sampled ({note['sampled_components']:,} components, {note['sampled_nodes']:,} "
          f"nodes): largest error {error.max():.4f}, largest stated standard error "
          f"{note['error']:.4f}; top 100 within 3 standard errors {within:.0%}; top 10 in "
          f"common {common}/10; the most central node the same: {top[0] == guess[0]}")  # fmt: skip


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
        core = net.subgraph(
            n for c in nx.connected_components(net) if len(c) >= LOUVAIN_MIN_SIZE for n in c
        )
        ours, t = timed(lambda core=core: louvain(core, seed=SEED))
        base = None
        if not args.skip_networkx:
            theirs, base = timed(
                lambda core=core: nx.community.louvain_communities(core, weight="weight", seed=SEED)
            )
            q = [nx.community.modularity(core, c, weight="weight") for c in (ours, theirs)]
            print(f"Louvain on {core.number_of_nodes():,} nodes: igraph {len(ours):,} "
                  f"communities, modularity {q[0]:.4f}; networkx {len(theirs):,} "
                  f"communities, modularity {q[1]:.4f}")  # fmt: skip
        rows.append(("Louvain (components of 3+)", t, base))
        (exact, note), t = timed(lambda net=net: component_betweenness(net))
        print(f"betweenness: {note['betweenness']}, cost {betweenness_cost(net):,} "
              f"(budget {note['budget']:,})")  # fmt: skip
        rows.append(("betweenness as computed", t, None))
        (sampled, snote), t = timed(
            lambda net=net: component_betweenness(net, budget=0, k=SAMPLED_K, seed=SEED)
        )
        rows.append((f"betweenness sampled, k={SAMPLED_K}", t, None))
        _compare(exact, sampled, snote)
        mine, t = timed(lambda net=net: betweenness(net, k=K, seed=SEED))
        base = None
        if not args.skip_networkx:
            theirs, base = timed(
                lambda net=net: nx.betweenness_centrality(net, k=K, seed=SEED, weight=None)
            )
            diff = max(abs(mine[v] - theirs[v]) for v in net)
            print(f"betweenness k={K}: largest difference from networkx {diff:.2e}")
        rows.append((f"networkx-equal kernel, k={K}", t, base))
        _, t = timed(lambda net=net: cut_points(net))
        rows.append(("cut points", t, None))
        print(f"{'step':28s} {'graphgov':>9s} {'networkx':>9s} {'ratio':>7s}  goal < 60 s")
        for step, secs, nx_secs in rows:
            met = verdict(secs < GOAL_SECONDS)
            base_s = f"{nx_secs:8.1f}s" if nx_secs is not None else f"{'':9s}"
            ratio = f"{nx_secs / secs:6.1f}x" if nx_secs is not None else f"{'':7s}"
            print(f"{step:28s} {secs:8.2f}s {base_s} {ratio}  {met}")
            ok &= secs < GOAL_SECONDS
        print(f"load average after: {loadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
