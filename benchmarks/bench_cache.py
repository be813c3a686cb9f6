"""Benchmark: `graphgov report NAME --data DIR` with and without the validated cache.

Run from the repository root::

    .venv/bin/python benchmarks/bench_cache.py        # /tmp/graphgov-bench/scale-1.0
    .venv/bin/python benchmarks/bench_cache.py --data DIR --reports coverage hubs

The dataset is generated there first if it is not (scale 1.0, seed 2019: about 1.7 million
rows, 100 MB of CSV). Every figure is wall time of the CLI as a subprocess, start-up
included, best of ``--repeats`` runs, all in the same run of this script:

1. ``uncached``: ``GRAPHGOV_NO_CACHE=1``, the baseline (validation on every call);
2. ``first``: the cache folder emptied before each run (validate, then store the graph);
3. ``repeat``: the entry in place (hash the files, reopen the graph from Parquet).

Goals: repeat under 2 s, first under 6 s. Also printed: the CLI's start-up (``import
graphgov.cli``), and in-process the parts of a repeat (hashing the dataset's files,
checking and reading the entry). The outputs of ``uncached`` and ``repeat`` are compared
byte for byte. Exit code 0 when every goal is met and every output matches.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import loadavg, verdict

REPEAT_GOAL = 2.0
FIRST_GOAL = 6.0
DEFAULT_DATA = Path("/tmp/graphgov-bench/scale-1.0")


def graphgov_command() -> list[str]:
    """The installed ``graphgov`` script beside this Python, else ``python -m graphgov``."""
    script = Path(sys.executable).parent / "graphgov"
    return [str(script)] if script.exists() else [sys.executable, "-m", "graphgov"]


def timed(cmd: list[str], env: dict[str, str], before=None) -> float:
    """Seconds one run of `cmd` takes (after calling `before`, untimed); fails loudly."""
    if before is not None:
        before()
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    return seconds


def best(n: int, cmd: list[str], env: dict[str, str], before=None) -> float:
    return min(timed(cmd, env, before) for _ in range(n))


def parts_of_a_repeat(data: Path, env: dict[str, str]) -> dict[str, float]:
    """In this process: hashing the dataset, checking the entry's digests, reading it."""
    os.environ.update(env)
    from graphgov import cache
    from graphgov.graph import read_parquet

    settings = cache.cache_settings()
    t0 = time.perf_counter()
    key = cache.entry_key(cache.fingerprint(data))
    t1 = time.perf_counter()
    ok = cache._intact(settings.directory / key, key)
    t2 = time.perf_counter()
    read_parquet(settings.directory / key)
    t3 = time.perf_counter()
    if not ok:  # e.g. a file of the package changed during the run: another key
        print("(the entry of the last repeat was not found: the parts below are of a miss)")
    size = sum(f.stat().st_size for f in (settings.directory / key).rglob("*") if f.is_file())
    return {"hash files": t1 - t0, "check entry": t2 - t1, "read entry": t3 - t2, "MB": size / 1e6}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 if every goal is met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--scale", type=float, default=1.0, help="if --data must be generated")
    ap.add_argument("--seed", type=int, default=2019, help="if --data must be generated")
    ap.add_argument("--reports", nargs="+", default=["coverage", "linkage"])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    gg = graphgov_command()
    if not (args.data / "regions.csv").exists():
        print(f"generating {args.data} (scale {args.scale}, seed {args.seed})")
        cmd = [*gg, "generate", str(args.data), "--scale", str(args.scale)]
        timed([*cmd, "--seed", str(args.seed)], dict(os.environ))
    size = sum(f.stat().st_size for f in args.data.iterdir() if f.is_file())
    print(f"data: {args.data} ({size / 1e6:.0f} MB); load average at start: {loadavg()}")

    ok = True
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-cache-") as tmp:
        folder = Path(tmp) / "validated"
        cached_env = {**os.environ, "GRAPHGOV_CACHE_DIR": str(folder)}
        cached_env.pop("GRAPHGOV_NO_CACHE", None)
        uncached_env = {**cached_env, "GRAPHGOV_NO_CACHE": "1"}
        start = best(args.repeats, [sys.executable, "-c", "import graphgov.cli"], cached_env)
        print(f"CLI start-up (python -c 'import graphgov.cli'): {start:.2f} s")
        print(f"{'report':<12} {'uncached':>9} {'first':>9} {'repeat':>9} {'ratio':>7}  goals")
        for name in args.reports:

            def report(out: str, name: str = name) -> list[str]:
                return [*gg, "report", name, "--data", str(args.data), "--format", "csv",
                        "--out", str(Path(tmp) / out)]  # fmt: skip

            uncached = best(args.repeats, report(f"{name}-uncached.csv"), uncached_env)
            first = best(
                args.repeats,
                report(f"{name}-first.csv"),
                cached_env,
                before=lambda: shutil.rmtree(folder, ignore_errors=True),
            )
            repeat = best(args.repeats, report(f"{name}-repeat.csv"), cached_env)
            same = all(
                (Path(tmp) / f"{name}-{kind}.csv").read_bytes()
                == (Path(tmp) / f"{name}-uncached.csv").read_bytes()
                for kind in ("first", "repeat")
            )
            met = repeat < REPEAT_GOAL and first < FIRST_GOAL
            ok = ok and met and same
            goals = (
                f"repeat<{REPEAT_GOAL:g}s {verdict(repeat < REPEAT_GOAL)}, "
                f"first<{FIRST_GOAL:g}s {verdict(first < FIRST_GOAL)}"
                f"{'' if same else ', OUTPUTS DIFFER'}"
            )
            print(
                f"{name:<12} {uncached:>8.2f}s {first:>8.2f}s {repeat:>8.2f}s "
                f"{uncached / repeat:>6.1f}x  {goals}"
            )
        parts = parts_of_a_repeat(args.data, cached_env)
        print(
            "a repeat's parts, in process: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items() if k != "MB")
            + f" (entry: {parts['MB']:.0f} MB)"
        )
    print(f"load average at end: {loadavg()}")
    print("every goal met" if ok else "some goal NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
