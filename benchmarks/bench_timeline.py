"""Benchmark: `trend` and `diff` on the generated province at scale 1.0 (issue 15).

Run from the repository root::

    .venv/bin/python benchmarks/bench_timeline.py [DIR] [--repeat 3]

DIR (default /tmp/graphgov-bench/scale-1.0-v2) is generated first if missing
(``graphgov generate DIR --scale 1.0 --seed 2019``, the province with its history). Measured
in this process, best of ``--repeat``:

- *trend*: coverage by county on every year-end 2011-2020 (10 dates) from one graph, against
  the baseline of asking the same 10 dates the way a shell loop over ``graphgov report
  coverage --as-of`` would: each on a graph opened anew (from the validated cache);
- *diff of two dates*: 2019-12-31 against 2020-12-31 on one graph, against the baseline of
  the two coverage reports alone on those dates;
- *diff of two exports*: two dataset directories written from the province as it stood
  on 2019-12-31 and on 2020-12-31 (rows that did not yet exist left out, each with its own
  as_of), diffed as directories (both opened and validated, cold cache), against the
  baseline of opening the two directories.

Goals: trend < 10 s, diff of two dates < 10 s, diff of two exports < 20 s. Exit 0 if all
are met.
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

import pandas as pd
from common import verdict

from graphgov.analyses import run_analysis
from graphgov.graph import open_graph
from graphgov.timeline.dates import dates_between
from graphgov.timeline.diff import diff
from graphgov.timeline.trend import trend

DEFAULT_DIR = Path("/tmp/graphgov-bench/scale-1.0-v2")
GOALS = {"trend": 10.0, "diff of two dates": 10.0, "diff of two exports": 20.0}
#: (table, the column whose date a row must not exceed to exist on a date)
DATED = (
    ("organizations", "founded"), ("party_orgs", "founded"), ("party_org_covers", "since"),
    ("posts", "start"), ("services", "start"), ("facilities", "opened"),
)  # fmt: skip


def best(repeat: int, step) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = step()
        times.append(time.perf_counter() - start)
    return min(times), out


def export_on(source: Path, day: str, out: Path) -> Path:
    """`source` as it would have been exported on `day`: rows founded (started) after it
    left out, and ``as_of = day``; statuses as written (their dates say when they held)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix not in (".csv", ".toml"):
            continue
        target = out / path.name
        dated = dict(DATED).get(path.stem)
        if dated is None:
            shutil.copy(path, target)
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame[(frame[dated] == "") | (frame[dated] <= day)].to_csv(target, index=False)
    toml = (out / "dataset.toml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in toml if not line.startswith("as_of")]
    (out / "dataset.toml").write_text("\n".join([*kept, f'as_of = "{day}"']) + "\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "organizations.csv").exists():
        print(f"generating {args.data} (scale 1.0, seed 2019) ...", flush=True)
        subprocess.run([sys.executable, "-m", "graphgov", "generate", str(args.data),
                        "--scale", "1.0", "--seed", "2019"], check=True)  # fmt: skip
    print(f"data: {args.data}; load average {os.getloadavg()[0]:.1f}", flush=True)
    g = open_graph(args.data)
    dates = dates_between("2011-12-31", "2020-12-31", "year")
    rows = []

    t_base, _ = best(args.repeat, lambda: [
        run_analysis(open_graph(args.data), "coverage", by="county", as_of=d) for d in dates
    ])  # fmt: skip
    t_trend, table = best(args.repeat, lambda: trend(g, "coverage", dates=dates, by="county"))
    rows.append(("trend", t_trend, t_base, "10 x (open graph + coverage)"))
    on_2018 = table[table["date"] == "2018-12-31"]
    share = on_2018["org_covered"].sum() / on_2018["orgs"].sum()
    print(f"trend: {len(table):,} rows; coverage on 2018-12-31 {share:.1%} (seed: 82.9%)")

    a, b = "2019-12-31", "2020-12-31"
    t_base, _ = best(args.repeat, lambda: [run_analysis(g, "coverage", as_of=d) for d in (a, b)])
    t_diff, d = best(args.repeat, lambda: diff(g, g, a, b))
    rows.append(("diff of two dates", t_diff, t_base, "2 x coverage"))

    with tempfile.TemporaryDirectory() as tmp:
        dir_a = export_on(args.data, a, Path(tmp) / "a")
        dir_b = export_on(args.data, b, Path(tmp) / "b")
        os.environ["GRAPHGOV_NO_CACHE"] = "1"  # cold: each directory validated as it comes
        t_base, _ = best(1, lambda: (open_graph(dir_a), open_graph(dir_b)))
        t_dirs, dd = best(1, lambda: diff(open_graph(dir_a), open_graph(dir_b)))
        rows.append(("diff of two exports", t_dirs, t_base, "open both directories"))
    total = dd.summary.iloc[-1]
    print(f"diff {a} -> {b}: newly covered {total['newly_covered']:,}, founded "
          f"{total['orgs_founded']:,}, gone {total['orgs_gone']:,}")  # fmt: skip

    ok = True
    print(f"\n{'step':<22}{'seconds':>9}{'baseline':>10}{'ratio':>7}  goal")
    for name, secs, base, what in rows:
        met = secs < GOALS[name]
        ok &= met
        print(f"{name:<22}{secs:>9.2f}{base:>10.2f}{secs / base:>7.2f}  < {GOALS[name]:.0f} s: "
              f"{verdict(met)}   (baseline: {what})")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
