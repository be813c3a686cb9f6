"""Benchmark: the local server's start, with the JVM's class-data archive and without.

Run from the repository root::

    .venv/bin/python benchmarks/bench_neo4j_start.py            # 3 starts each
    .venv/bin/python benchmarks/bench_neo4j_start.py --runs 5

One fresh :class:`~graphgov.neo4j.server.LocalServer` home (an empty database, free port),
started and stopped in turn without an archive (the baseline) and with the one beside the
jars (:mod:`graphgov.neo4j.cds`; written first by one start and stop when missing). A start
is timed until Bolt answers ``RETURN 1``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import loadavg

from graphgov.neo4j.server import LocalServer


def timed_start(server: LocalServer) -> float:
    began = time.perf_counter()
    server.start()
    seconds = time.perf_counter() - began
    server.stop()
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="starts of each kind (default 3)")
    ap.add_argument("--heap", help="the server's Java heap (default graphgov's, 1g)")
    ap.add_argument("--pagecache", help="the server's page cache (default graphgov's, 512m)")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-start-") as tmp:
        home = Path(tmp) / "home"
        memory = {"heap": args.heap, "pagecache": args.pagecache}
        plain = LocalServer(home, port=0, class_archive=False, **memory)
        shared = LocalServer(home, port=0, **memory)
        print(f"heap {plain.heap}, page cache {plain.pagecache}")
        print(f"first start (the password set, the archive written if missing): "
              f"{timed_start(shared):.1f} s; load average {loadavg()}")  # fmt: skip
        times: dict[str, list[float]] = {"without archive": [], "with archive": []}
        for _ in range(args.runs):
            times["without archive"].append(timed_start(plain))
            times["with archive"].append(timed_start(shared))
        for kind, seconds in times.items():
            each = ", ".join(f"{s:.1f}" for s in seconds)
            print(f"{kind:16} median {statistics.median(seconds):5.1f} s  ({each})")
        ratio = statistics.median(times["without archive"]) / statistics.median(
            times["with archive"]
        )
        print(f"start {ratio:.2f}x faster with the archive; load average {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
