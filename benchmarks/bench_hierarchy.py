"""Benchmark: validate a dataset whose Party organizations form one long cycle or chain.

Run from the repository root::

    .venv/bin/python benchmarks/bench_hierarchy.py                 # 20,000 members
    .venv/bin/python benchmarks/bench_hierarchy.py --members 5000 --shape chain

Each case runs ``graphgov validate --rejects`` in a child process and prints its wall time,
the child's peak resident memory (its own ``resource.getrusage``), the size of the
rejects file and the longest message in it. Shapes: ``cycle`` (P1 -> P2 -> ... -> PN ->
P1), ``chain`` (PN -> ... -> P2 -> P1 -> PNOPE, whose top parent is nowhere) and ``deep``
(the same chain hanging from a real root, so every row is accepted).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The five regions and the one organization every case shares.
REGIONS = [
    ("330000000000", "浙江省", "", ""),
    ("330100000000", "杭州市", "330000000000", ""),
    ("330106000000", "西湖区", "330100000000", ""),
    ("330106001000", "北山街道", "330106000000", ""),
    ("330106001001", "北山社区", "330106001000", "urban"),
]


def write_case(out: Path, members: int, shape: str) -> Path:
    """Write the dataset of one case into `out` and return it."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "regions.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "parent_code", "area_type"])
        w.writerows(REGIONS)
    with (out / "organizations.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["org_id", "name", "kind", "region_code"])
        w.writerow(["C1", "org C1", "community", "330106001001"])
    ids = [f"P{i}" for i in range(1, members + 1)]
    if shape == "cycle":
        parents = ids[1:] + ids[:1]
    else:
        parents = ["PNOPE" if shape == "chain" else "PROOT", *ids[:-1]]
    with (out / "party_orgs.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["party_org_id", "name", "kind", "parent_id", "region_code"])
        if shape == "deep":
            w.writerow(["PROOT", "root", "two_new_committee", "", "330000000000"])
        for pid, parent in zip(ids, parents, strict=True):
            w.writerow([pid, f"党支部 {pid}", "branch", parent, "330106001000"])
    return out


#: The child process: run the CLI, then print its own peak RSS on stderr.
_CHILD = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_module("graphgov", run_name="__main__")
finally:
    print(f"maxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""


def run_case(members: int, shape: str) -> dict[str, float]:
    """Validate one case in a child process; its time, peak memory and rejects size."""
    with tempfile.TemporaryDirectory() as tmp:
        data = write_case(Path(tmp) / "ds", members, shape)
        rejects = Path(tmp) / "rejects.csv"
        args = ["graphgov", "validate", str(data), "--rejects", str(rejects)]
        cmd = [sys.executable, "-c", _CHILD, *args]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"validate exited {proc.returncode}: {proc.stderr.strip()}")
        rss = int(proc.stderr.rsplit("maxrss_kb=", 1)[1]) / 1024**2
        longest = 0
        if rejects.exists():
            with rejects.open(encoding="utf-8-sig", newline="") as f:
                longest = max((len(row["message"]) for row in csv.DictReader(f)), default=0)
        size = rejects.stat().st_size if rejects.exists() else 0
    return {"wall_s": wall, "peak_rss_gb": rss, "rejects_mb": size / 1e6, "longest": longest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--shape", choices=["cycle", "chain", "deep", "all"], default="all")
    args = parser.parse_args()
    shapes = ["cycle", "chain", "deep"] if args.shape == "all" else [args.shape]
    print(
        f"{'shape':6} {'members':>8} {'wall s':>8} {'peak RSS GB':>12} {'rejects MB':>11} "
        f"{'longest message':>16}"
    )
    for shape in shapes:
        r = run_case(args.members, shape)
        print(
            f"{shape:6} {args.members:>8,} {r['wall_s']:>8.2f} {r['peak_rss_gb']:>12.2f} "
            f"{r['rejects_mb']:>11.1f} {r['longest']:>16,}"
        )


if __name__ == "__main__":
    main()
