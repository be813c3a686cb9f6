"""Benchmark: the national dataset on the embedded backend: generate, validate, open, every report.

Run from the repository root::

    .venv/bin/python benchmarks/bench_national.py                        # generate, then all
    .venv/bin/python benchmarks/bench_national.py --data /tmp/country    # an existing dataset
    .venv/bin/python benchmarks/bench_national.py --data DIR --stages open reports

Each stage runs in a process of its own, so that its peak resident memory (``ru_maxrss``)
is its own:

1. ``generate``: ``generate_country`` (every province, Parquet), when ``--data`` is missing
   or empty;
2. ``validate``: ``load_dataset``, every rule, no cache;
3. ``open-cold``: ``graphgov.open`` with an empty validated cache (validation, the graph,
   the cache entry written), in a temporary cache folder;
4. ``open``: ``graphgov.open`` again, the cache warm (goal < 60 s);
5. ``reports``: the graph opened from the cache once, then every analysis of the registry
   and each with every ``--by`` value it names, timed (goal < 30 s each); the process's
   peak memory covers the open and every report (goal < 16 GB);
6. ``metrics``: the network metrics of every projection (``graphgov metrics``), timed,
   with the size of the projection and which betweenness it gave (exact or sampled).

The baseline, measured in the same run: reading every table file with pyarrow (all columns,
pyarrow's threads), which no stage can beat. Exit code 0 when every goal is met.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import loadavg, verdict

OPEN_GOAL, REPORT_GOAL, MEMORY_GOAL_GB = 60.0, 30.0, 16.0
STAGES = ("generate", "validate", "open-cold", "open", "reports", "metrics")


def peak_gb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def stage(name: str, data: Path) -> dict:
    """Run one stage in this process; returns its figures."""
    t0 = time.perf_counter()
    extra: dict = {}
    if name == "generate":
        from graphgov.generate.country import generate_country

        extra["rows"] = generate_country(data)
    elif name == "baseline":
        import pyarrow.parquet as pq

        extra["rows"] = sum(pq.read_table(p).num_rows for p in sorted(data.glob("*.parquet")))
    elif name == "validate":
        from graphgov.load import load_dataset

        res = load_dataset(data)
        extra["rejects"] = len(res.rejects)
    elif name in ("open-cold", "open"):
        import graphgov

        g = graphgov.open(data)
        extra["origin"] = g.origin
    elif name == "reports":
        extra["reports"] = run_reports(data)
    elif name == "metrics":
        extra["reports"] = run_metrics(data, os.environ.get("BENCH_PROJECTIONS"))
    return {"stage": name, "seconds": time.perf_counter() - t0, "peak_gb": peak_gb(), **extra}


def run_reports(data: Path) -> list[dict]:
    import graphgov
    from graphgov.analyses import ANALYSES

    t0 = time.perf_counter()
    g = graphgov.open(data)
    rows = [{"report": "(open)", "seconds": time.perf_counter() - t0, "rows": 0}]
    todo = [(n, {}) for n in ANALYSES] + [(n, {"by": b}) for n, s in ANALYSES.items() for b in s.by]
    for name, options in todo:
        t0 = time.perf_counter()
        try:
            n = len(graphgov.run_analysis(g, name, **options))
        except Exception as err:  # recorded, not hidden: a report that fails is a finding
            n = f"failed: {type(err).__name__}: {err}"
        label = name + "".join(f" --{k} {v}" for k, v in options.items())
        rows.append({"report": label, "seconds": time.perf_counter() - t0, "rows": n})
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    return rows


def run_metrics(data: Path, only: str | None = None) -> list[dict]:
    import graphgov
    from graphgov.analyses.network import network_metrics
    from graphgov.cli import PROJECTIONS
    from graphgov.report.sections_ties import betweenness_method

    g = graphgov.open(data)
    rows = []
    for projection in only.split(",") if only else PROJECTIONS:
        t0 = time.perf_counter()
        res = network_metrics(g, projection)
        net = res.graph
        size = f"{net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges"
        rows.append({"report": f"metrics {projection}", "seconds": time.perf_counter() - t0,
                     "rows": f"{size}; betweenness {betweenness_method(res.note)}"})  # fmt: skip
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    return rows


def spawn(name: str, data: Path, env: dict[str, str]) -> dict:
    """Run `name` in a child process and return its figures."""
    cmd = [sys.executable, __file__, "--stage", name, "--data", str(data)]
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        return {"stage": name, "seconds": float("inf"), "peak_gb": float("nan"), "failed": True}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="the national dataset (generated when missing)")
    ap.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    ap.add_argument("--projections", help="metrics stage: only these (comma-separated)")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stage:
        print(json.dumps(stage(args.stage, args.data), ensure_ascii=False, default=str))
        return 0
    sys.stdout.reconfigure(line_buffering=True)
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-national-") as tmp:
        data = args.data or Path(tmp) / "country"
        env = {**os.environ, "GRAPHGOV_CACHE_DIR": str(Path(tmp) / "cache")}
        if args.projections:
            env["BENCH_PROJECTIONS"] = args.projections
        stages = list(args.stages)
        if "generate" in stages and data.is_dir() and any(data.glob("*.parquet")):
            stages.remove("generate")
            print(f"{data} holds a dataset: not generated again")
        print(f"load average {loadavg()}")
        figures = {}
        for name in stages[:1] if stages[:1] == ["generate"] else []:
            figures[name] = spawn(name, data, env)
            print_stage(figures[name])
        figures["baseline"] = spawn("baseline", data, env)
        print_stage(figures["baseline"])
        for name in (s for s in stages if s != "generate"):
            if name == "open" and "open-cold" not in figures:
                spawn("open-cold", data, env)  # warm the cache first
            figures[name] = spawn(name, data, env)
            print_stage(figures[name], figures["baseline"]["seconds"])
        print(f"load average {loadavg()}")
    return 0 if goals_met(figures) else 1


def print_stage(f: dict, baseline: float | None = None) -> None:
    ratio = f"  {f['seconds'] / baseline:6.1f}x the baseline" if baseline else ""
    note = {k: v for k, v in f.items() if k in ("rows", "rejects", "origin", "failed")}
    print(f"{f['stage']:>10}: {f['seconds']:8.1f} s  peak {f['peak_gb']:5.2f} GB{ratio}  {note}")
    for r in f.get("reports", []):
        goal = "" if r["report"] == "(open)" else verdict(r["seconds"] < REPORT_GOAL)
        print(f"    {r['report']:36s} {r['seconds']:7.2f} s  {goal:8s} {r['rows']}")


def goals_met(figures: dict) -> bool:
    ok = figures.get("open", {}).get("seconds", 0) < OPEN_GOAL
    rep = figures.get("reports", {})
    ok &= all(r["seconds"] < REPORT_GOAL for r in rep.get("reports", [])[1:])
    ok &= all(isinstance(r["rows"], int) for r in rep.get("reports", []))
    ok &= all(r["seconds"] < REPORT_GOAL for r in figures.get("metrics", {}).get("reports", []))
    return ok and all(f.get("peak_gb", 0) < MEMORY_GOAL_GB for f in figures.values())


if __name__ == "__main__":
    raise SystemExit(main())
