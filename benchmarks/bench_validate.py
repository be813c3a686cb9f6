"""Benchmark: validating a Zhejiang-sized CSV dataset against the raw pyarrow read of it.

Run from the repository root::

    .venv/bin/python benchmarks/bench_validate.py                 # /tmp/graphgov-bench/scale-1.0
    .venv/bin/python benchmarks/bench_validate.py DIR --repeat 5
    git archive OLD graphgov | tar -x -C /tmp/old                 # an older loader, to compare
    .venv/bin/python benchmarks/bench_validate.py DIR --repeat 5 --against /tmp/old

The dataset is generated there first (``graphgov generate DIR --scale 1.0 --seed 2019``,
about 1.7 million rows, 100 MB, ~10 s) unless it is already there. Both measurements run in
this process, best of ``--repeat`` (default 3) each, alternating:

- *raw read*: ``pyarrow.csv.read_csv`` of every table file, every column as a string
  (the floor any CSV validation stands on);
- *validate*: ``graphgov.load.load_dataset`` (read, every rule, every reference), which is
  what ``graphgov validate`` does before printing.

Prints both times, their ratio, the machine's load average before and after (others may
share it: a busy machine slows validation more than the raw read), and whether the goals
(issue 9) are met: validate within 5x the raw read, and under 3 s. Exit 0 if both are met,
1 otherwise.

``--against ROOT`` also times the ``graphgov`` package found in ROOT (an older commit's,
unpacked there) in a second process, each of its runs right after this one's, so both
loaders meet the same load; the medians are printed too, a busy machine's best figures
being luck.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
from common import verdict

from graphgov import schema
from graphgov.load import load_dataset

DEFAULT_DIR = Path("/tmp/graphgov-bench/scale-1.0")
GOAL_RATIO = 5.0
GOAL_SECONDS = 3.0


def raw_read(directory: Path) -> int:
    """Read every table CSV of `directory` with pyarrow, all columns as strings; rows read."""
    rows = 0
    for name in schema.TABLE_ORDER:
        path = directory / f"{name}.csv"
        if not path.exists():
            continue
        with path.open("rb") as f:
            header = f.readline().decode("utf-8-sig").rstrip("\r\n").split(",")
        table = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string())),
        )
        rows += table.num_rows
    return rows


def run(repeat: int, *steps) -> list[list[float]]:
    """The wall times of each step, running the steps in turn `repeat` times."""
    times: list[list[float]] = [[] for _ in steps]
    for _ in range(repeat):
        for i, step in enumerate(steps):
            t0 = time.perf_counter()
            step()
            times[i].append(time.perf_counter() - t0)
    return times


def _load(avg: tuple[float, float, float]) -> str:
    return ", ".join(f"{a:.2f}" for a in avg)


#: The second process of ``--against``: the package in argv[1] imported first, then
#: ``load_dataset`` of argv[2] timed once per line read (after a warm-up).
WORKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import graphgov.load
assert graphgov.load.__file__.startswith(sys.argv[1]), graphgov.load.__file__
graphgov.load.load_dataset(sys.argv[2])
print("ready", flush=True)
for _ in sys.stdin:
    t0 = time.perf_counter()
    graphgov.load.load_dataset(sys.argv[2])
    print(time.perf_counter() - t0, flush=True)
"""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 if both goals are met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", type=Path, help="a folder holding an older graphgov package")
    args = ap.parse_args(argv)
    directory: Path = args.directory
    if not (directory / "organizations.csv").exists():
        from graphgov.generate import generate  # only needed to make the dataset

        print(f"generating a scale-1.0 dataset in {directory} ...", flush=True)
        generate(directory, scale=1.0, seed=2019)
    size_mb = sum(f.stat().st_size for f in directory.glob("*.csv")) / 1e6
    rows = raw_read(directory)
    res = load_dataset(directory)  # warm-up, and the figures to print
    steps = [lambda: raw_read(directory), lambda: load_dataset(directory)]
    other = None
    if args.against is not None:
        root = str(args.against.resolve())
        command = [sys.executable, "-c", WORKER, root, str(directory)]
        other = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert other.stdin is not None and other.stdout is not None
        if other.stdout.readline().strip() != "ready":
            raise SystemExit(f"--against {args.against}: no graphgov package there loads")
        timed = other

        def against() -> None:
            timed.stdin.write("go\n")
            timed.stdin.flush()
            float(timed.stdout.readline())

        steps.append(against)
    load_before = os.getloadavg()
    times = run(args.repeat, *steps)
    load_after = os.getloadavg()
    raw, validate = min(times[0]), min(times[1])
    ratio = validate / raw
    print(f"dataset     {directory}: {rows:,} rows, {size_mb:,.1f} MB of CSV")
    print(f"            exit code {res.exit_code}, {len(res.rejects):,} rejected")
    print(f"raw read    {raw:6.2f} s  (pyarrow.csv.read_csv, all columns as strings)")
    print(f"validate    {validate:6.2f} s  (graphgov.load.load_dataset)")
    print(f"ratio       {ratio:6.1f} x")
    if other is not None:
        median = statistics.median
        print(f"against     {min(times[2]):6.2f} s  ({args.against}: {min(times[2]) / raw:.1f} x)")
        print(
            f"medians     raw {median(times[0]):.2f} s, validate {median(times[1]):.2f} s "
            f"({median(times[1]) / median(times[0]):.1f} x), against {median(times[2]):.2f} s "
            f"({median(times[2]) / median(times[0]):.1f} x)"
        )
        assert other.stdin is not None
        other.stdin.close()
        other.wait()
    ok_ratio, ok_time = ratio <= GOAL_RATIO, validate < GOAL_SECONDS
    print(f"goal        <= {GOAL_RATIO:g}x the raw read: {verdict(ok_ratio)}")
    print(f"goal        < {GOAL_SECONDS:g} s: {verdict(ok_time)}")
    print(f"load        {_load(load_before)} before, {_load(load_after)} after (1, 5, 15 min)")
    print(f"(best of {args.repeat}, alternating; the machine's load adds noise to both)")
    return 0 if ok_ratio and ok_time else 1


if __name__ == "__main__":
    raise SystemExit(main())
