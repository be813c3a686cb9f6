"""Benchmark: the research export of the scale-1.0 province (issue 17).

Run from the repository root::

    .venv/bin/python benchmarks/bench_export.py [DIR]

DIR defaults to /tmp/graphgov-bench/scale-1.0-v2. Measured once each, in this process:

- *baseline*: reading every table of DIR as text and writing it again as CSV (the floor of
  any export that rewrites the files);
- *dataset*: :func:`graphgov.privacy.pseudonymise.export_dataset` (pseudonyms, names
  dropped, homes to townships, dates to months);
- *export*: :func:`graphgov.privacy.export.research_export` end to end: the dataset, then
  its privacy report (OUT/report, tables only), validated cold.

Each step is given in wall-clock seconds and, in brackets, the CPU seconds of this
process (on a shared machine the load inflates the first more than the second).

Goal (issue 17): the export under 30 s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pandas as pd
from common import verdict

from graphgov import schema
from graphgov.privacy.export import research_export
from graphgov.privacy.pseudonymise import export_dataset

DEFAULT_DIR = Path("/tmp/graphgov-bench/scale-1.0-v2")
GOAL = 30.0
KEY = b"benchmark key, not a secret 0123"


def timed(step) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) that `step()` took."""
    start, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - start, time.process_time() - cpu


def copy_tables(source: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table in schema.TABLE_ORDER:
        path = source / f"{table}.csv"
        if path.exists():
            pd.read_csv(path, dtype=str, keep_default_na=False).to_csv(out / path.name, index=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    os.environ["GRAPHGOV_NO_CACHE"] = "1"
    print(f"data: {args.data}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        key = tmp / "key"
        key.write_bytes(KEY)
        key.chmod(0o600)
        base = timed(lambda: copy_tables(args.data, tmp / "copy"))
        data = timed(lambda: export_dataset(args.data, tmp / "dataset", KEY))
        full = timed(lambda: research_export(args.data, tmp / "out", key))
    print(f"baseline (read + write every table)  {base[0]:7.2f} s [{base[1]:6.2f} s CPU]")
    print(
        f"export_dataset                        {data[0]:7.2f} s [{data[1]:6.2f} s CPU]  "
        f"({data[0] / base[0]:.2f}x the baseline)"
    )
    met = full[0] < GOAL
    print(
        f"research_export (dataset + report)    {full[0]:7.2f} s [{full[1]:6.2f} s CPU]  "
        f"({full[0] / base[0]:.2f}x); goal < {GOAL:.0f} s: {verdict(met)}"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
