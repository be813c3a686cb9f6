"""Benchmark: every plan for every county of the scale-1.0 province (issue 16).

Run from the repository root::

    .venv/bin/python benchmarks/bench_plans.py [DIR] [--repeat 3]

DIR defaults to /tmp/graphgov-bench/scale-1.0-v2 (generated first if missing). Best of
``--repeat``, in this process, on one graph opened once:

- *plans*: plan_hubs (3 per county, one pass), plan_hub_service (capacity 2),
  plan_instructors and their assignment (per township), plan_social_work and its
  communities, plan_density and its communities, plan_joint_branches: all counties;
- *baseline*: the analyses they stand on, once each (hub-gaps, gaps, density by county,
  social-work, linkage by county, joint-branches).

Goal: all plans under 30 s. Exit 0 if met.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import verdict

from graphgov.analyses import run_analysis
from graphgov.graph import open_graph
from graphgov.plans import (
    plan_density,
    plan_density_communities,
    plan_hub_service,
    plan_hubs,
    plan_instructor_assignment,
    plan_instructors,
    plan_joint_branches,
    plan_social_work,
    plan_social_work_communities,
)

DEFAULT_DIR = Path("/tmp/graphgov-bench/scale-1.0-v2")
GOAL = 30.0


def best(repeat: int, step) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "organizations.csv").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "graphgov",
                "generate",
                str(args.data),
                "--scale",
                "1.0",
                "--seed",
                "2019",
            ],
            check=True,
        )
    g = open_graph(args.data)
    print(f"data: {args.data}; load average {os.getloadavg()[0]:.1f}")
    plans = {
        "plan_hubs (3 per county)": lambda: plan_hubs(g, add=3, by="county"),
        "plan_hub_service (C=2)": lambda: plan_hub_service(g, capacity=2),
        "plan_instructors": lambda: plan_instructors(g),
        "plan_instructor_assignment": lambda: plan_instructor_assignment(g),
        "plan_social_work": lambda: plan_social_work(g),
        "plan_social_work_communities": lambda: plan_social_work_communities(g),
        "plan_density": lambda: plan_density(g),
        "plan_density_communities": lambda: plan_density_communities(g),
        "plan_joint_branches": lambda: plan_joint_branches(g),
    }
    baseline = [
        ("hub-gaps", {}),
        ("gaps", {}),
        ("density", {"by": "county"}),
        ("social-work", {}),
        ("linkage", {"by": "county"}),
        ("joint-branches", {}),
    ]
    t_base = best(args.repeat, lambda: [run_analysis(g, n, **o) for n, o in baseline])
    total = 0.0
    for name, step in plans.items():
        secs = best(args.repeat, step)
        total += secs
        print(f"{name:<30}{secs:>8.2f} s")
    met = total < GOAL
    print(
        f"{'all plans':<30}{total:>8.2f} s  baseline (the analyses once) {t_base:.2f} s, "
        f"ratio {total / t_base:.2f}; goal < {GOAL:.0f} s: {verdict(met)}"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
