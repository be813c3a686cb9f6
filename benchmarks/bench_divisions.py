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
  for about 27,000 rows), beside the raw pyarrow read of the same file;
- the codes of older editions (``nbs-retired.parquet``): loading the table in a new process
  (seconds and the RSS it holds after, pyarrow's first Parquet read done before) beside its
  raw Parquet read; ``divisions.retired_rows`` on 10,000 codes (half retired)
  beside a pandas hash lookup of the same codes; and ``load_dataset`` on the province's
  table plus every retired village code of the province whose township is still there
  (each reported as retired), beside the clean table's validation above.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import verdict

_LOAD = """
import resource, time, os
import pandas, pyarrow.parquet
{setup}
def held():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
before, now = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, held()
t = time.perf_counter()
{body}
took = time.perf_counter() - t
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(took, grew / 1024, held() - now)
"""


def in_new_process(body: str, setup: str = "") -> tuple[float, float, float]:
    """(seconds, MB of peak RSS growth, MB of RSS growth held after) of `body` run in a
    fresh interpreter after `setup` (Linux: the held figure reads /proc/self/statm)."""
    script = _LOAD.format(body=body, setup=setup)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def best(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


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
        met = verdict(min(valid) < 2)
        print(f"validate regions       {min(valid):.2f} s for {n:,} rows, "
              f"{summary['rejected']} rejected, {len(res.warnings)} warnings "
              f"(raw read {min(raw):.3f} s); goal < 2 s: {met}")  # fmt: skip
        retired_codes(args.province, data, min(valid))
    return 0


def retired_codes(province: str, data: Path, clean: float) -> None:
    """The retired-code figures (see the module docstring); `data` holds the province's
    clean regions.csv, validated in `clean` seconds."""
    import pandas as pd

    from graphgov import divisions
    from graphgov.divisions.retired import retired_table
    from graphgov.load import load_dataset

    setup = (  # not measured: the imports and pyarrow's first Parquet read of anything
        "from graphgov.divisions.retired import _FILE, retired_table\n"
        "import io; b = io.BytesIO(); pyarrow.parquet.write_table(pyarrow.table({'a': [1]}), b)\n"
        "pyarrow.parquet.read_table(pyarrow.BufferReader(b.getvalue()))"
    )
    raw = "pyarrow.parquet.read_table(_FILE)"
    base = best([in_new_process(raw, setup) for _ in range(3)])
    load = best([in_new_process("retired_table()", setup) for _ in range(3)])
    # the RSS held after the read (the peak stays under the one of the imports)
    print(f"retired table load     {load[0]:.3f} s, +{load[2]:.0f} MB RSS (baseline, the raw "
          f"Parquet read: {base[0]:.3f} s, +{base[2]:.0f} MB)")  # fmt: skip

    old = retired_table().arrow.to_pandas()
    old["code"] = old["code"].astype(str)
    current = divisions.rows_within(province)["code"]
    mine = old[old["code"].str.startswith(province)]
    codes = pd.concat([mine["code"].head(5000), current.head(5000)], ignore_index=True)
    index = pd.Index(current)
    looked, hashed = [], []
    for _ in range(20):
        t = time.perf_counter()
        divisions.retired_rows(codes)
        looked.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.get_indexer(codes)
        hashed.append(time.perf_counter() - t)
    print(f"retired_rows           median {statistics.median(looked) * 1e3:.1f} ms for "
          f"{len(codes):,} codes (baseline, a pandas hash lookup of them: "
          f"{statistics.median(hashed) * 1e3:.1f} ms)")  # fmt: skip

    villages = mine[mine["level"] == "community"].copy()
    villages["parent_code"] = villages["code"].str[:9] + "000"
    villages = villages[villages["parent_code"].isin(set(current))]
    regions = pd.read_csv(data / "regions.csv", dtype=str)
    extra = villages[["code", "name", "level", "parent_code"]].assign(area_type="rural")
    pd.concat([regions, extra], ignore_index=True).to_csv(data / "regions.csv", index=False)
    valid = []
    for _ in range(3):
        t = time.perf_counter()
        res = load_dataset(data)
        valid.append(time.perf_counter() - t)
    print(f"validate with retired  {min(valid):.2f} s for {len(regions) + len(extra):,} rows, "
          f"{len(extra):,} of them retired village codes, {len(res.warnings)} warnings "
          f"(baseline, the clean table: {clean:.2f} s)")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
