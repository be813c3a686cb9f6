"""The shipped NBS hierarchy: load time and memory, name search, a province's validation.

Usage::

    .venv/bin/python benchmarks/bench_divisions.py [--province 33]

Prints, each measured in this run (a new process per load figure, so nothing is warm):
- loading the national table (``graphgov.divisions.table()``): seconds and the process's
  peak RSS growth, beside the raw Parquet read of the same file (the baseline);
- a name search within a county (``divisions.find``), median of 1,000 searches of real
  names, and the same search over the whole country;
- reading one province without the national table (``divisions.rows_within``);
- ``load_dataset`` on the province's ``graphgov regions`` table (issue 12's goal: < 2 s
  for about 27,000 rows), beside the raw pyarrow read of the same file.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_LOAD = """
import resource, time
import pandas, pyarrow.parquet
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
{body}
took = time.perf_counter() - t
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(took, grew / 1024)
"""


def in_new_process(body: str) -> tuple[float, float]:
    """(seconds, MB of peak RSS growth) of `body` run in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _LOAD.format(body=body)], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(r[0] for r in runs), max(r[1] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="33")
    args = parser.parse_args(argv)

    raw = "from graphgov.divisions import _FILE; pyarrow.parquet.read_table(_FILE)"
    base = best([in_new_process(raw) for _ in range(3)])
    load = best(
        [in_new_process("from graphgov import divisions; divisions.table()") for _ in range(3)]
    )
    print(f"national table load   {load[0]:.2f} s, +{load[1]:.0f} MB peak RSS "
          f"(baseline, the raw Parquet read: {base[0]:.2f} s, +{base[1]:.0f} MB)")  # fmt: skip

    from graphgov import divisions
    from graphgov.load import load_dataset

    table = divisions.table()
    county = "330106000000" if args.province == "33" else None
    frame = table.frame
    if county is None:
        county = frame[(frame["level"] == "county") & frame["code"].str.startswith(args.province)][
            "code"
        ].iloc[0]
    names = divisions.below(county)
    names = names[names["level"].isin(["township", "community"])]["name"].tolist()[:1000]
    within, everywhere = [], []
    for name in names:
        t = time.perf_counter()
        divisions.find(name, within=county)
        within.append(time.perf_counter() - t)
        t = time.perf_counter()
        divisions.find(name)
        everywhere.append(time.perf_counter() - t)
    here, there = statistics.median(within) * 1e3, statistics.median(everywhere) * 1e3
    print(f"name search in {county}  median {here:.3f} ms ({len(names)} real names); "
          f"whole country {there:.3f} ms")  # fmt: skip

    t = time.perf_counter()
    rows = divisions.rows_within(args.province)
    print(f"one province's rows    {time.perf_counter() - t:.3f} s ({len(rows):,} rows)")

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        divisions.regions_frame(args.province.ljust(12, "0")).to_csv(
            data / "regions.csv", index=False
        )
        (data / "organizations.csv").write_text("org_id,name,kind,region_code\n")
        import pyarrow.csv as pacsv

        raw, valid = [], []
        for _ in range(3):
            t = time.perf_counter()
            pacsv.read_csv(data / "regions.csv")
            raw.append(time.perf_counter() - t)
            t = time.perf_counter()
            res = load_dataset(data)
            valid.append(time.perf_counter() - t)
        summary = res.summary()
        n = summary["tables"]["regions"]["rows"]
        met = "met" if min(valid) < 2 else "NOT met"
        print(f"validate regions       {min(valid):.2f} s for {n:,} rows, "
              f"{summary['rejected']} rejected, {len(res.warnings)} warnings "
              f"(raw read {min(raw):.3f} s); goal < 2 s: {met}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
