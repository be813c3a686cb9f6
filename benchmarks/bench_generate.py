"""Benchmark: generate the Zhejiang-sized synthetic province and print its figures.

Run from the repository root::

    .venv/bin/python benchmarks/bench_generate.py            # scale 1.0, seed 2019
    .venv/bin/python benchmarks/bench_generate.py --scale 0.1 --keep out/zj

Prints the wall time, the peak resident memory (``resource.getrusage``), the rows written
per table, the calibration figures on as_of and on the end-2018 of the seed, the figures over
time (``calibration.over_time``: the reference's dates) and the time against the 60 s goal.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from graphgov.generate import generate
from graphgov.generate.calibration import DATES, over_time
from graphgov.generate.config import SEED_DATE

GOAL_SECONDS = 60.0
GOAL_RSS_GB = 3.0

#: figure -> (label, reference value on end-2018 at scale 1.0 or "")
REFERENCE = {
    "registered": ("registered organizations (existing)", "50,000+ (50,656 in Feb 2018)"),
    "kind_share_social_group": ("  social groups", "~36% (2020 mix)"),
    "kind_share_social_service": ("  social service agencies", "~63% (2020 mix)"),
    "kind_share_foundation": ("  foundations", "~1%"),
    "abnormal": ("  on the abnormal list", ""),
    "community_orgs": ("filed community organizations", "150,000 (end-2018)"),
    "org_coverage": ("Party organizational coverage (formal)", "82.9%"),
    "functional_coverage": ("  functional / extended only", ""),
    "work_coverage": ("Party work coverage", "100% (>= 99.5%)"),
    "party_orgs": ("Party organizations in social organizations", "8,000 (end-2018)"),
    "social_workers": ("licensed social workers (undated)", "48,000"),
    "stations": ("social-work stations open", "8,000+"),
    "purchase_catalogue": ("on the purchase catalogue", "6,709"),
    "townships": ("townships (streets, towns, townships)", "1,387 (NBS 2023)"),
    "communities": ("communities and villages", "25,000-29,000"),
    "urban": ("  urban (residents' committees)", "4,214 (2018) - 5,141 (2020)"),
    "rural": ("  rural (villages)", "~25,000 (2018) - 19,807 (2020)"),
    "urban_density": ("community orgs per urban community", ">= 15 (2020 target)"),
    "rural_density": ("community orgs per village", ">= 5 (2020 target)"),
    "urban_meeting": ("  urban communities meeting 15", "not all"),
    "rural_meeting": ("  villages meeting 5", "not all"),
    "people": ("people", ""),
    "posts": ("posts", ""),
}


def counts_as_of(out: Path) -> str:
    """The dataset's own as_of."""
    from graphgov.generate.calibration import dataset_as_of

    return dataset_as_of(out)


def _fmt(value: float, key: str) -> str:
    """A share as a percentage, a mean with two decimals, a count with separators."""
    if any(word in key for word in ("share", "coverage", "meeting")):
        return f"{100 * value:.2f}%"
    if "density" in key:
        return f"{value:,.2f}"
    return f"{int(value):,}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 if both goals are met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--keep", type=Path, help="write here instead of a temporary directory")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="graphgov-bench-") as tmp:
        out = args.keep or Path(tmp)
        steps: list[tuple[str, float]] = []
        t0 = time.perf_counter()

        def mark(step: str) -> None:
            steps.append((step, time.perf_counter()))

        counts = generate(out, scale=args.scale, seed=args.seed, progress=mark)
        wall = time.perf_counter() - t0
        rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
        over = over_time(out, (*DATES, counts_as_of(out)))
        size_mb = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    print(f"graphgov generate --scale {args.scale:g} --seed {args.seed}")
    ratio = wall / GOAL_SECONDS
    print(f"wall time      {wall:8.1f} s   ({ratio:.2f} of the {GOAL_SECONDS:.0f} s goal)")
    print(f"peak RSS       {rss_gb:8.2f} GB  (goal < {GOAL_RSS_GB:.0f} GB)")
    print(f"files          {size_mb:8.1f} MB")
    print("steps:")
    ends = [t for _, t in steps[1:]] + [t0 + wall]
    for (name, start), end in zip(steps, ends, strict=True):
        print(f"  {name:28s} {end - start:6.2f} s")
    print("rows:")
    for table, n in counts.items():
        print(f"  {table:28s} {n:>10,}")
    by_date = over.drop_duplicates("as_of").set_index("as_of")
    for when in (SEED_DATE, by_date.index[-1]):
        figs = by_date.loc[when].to_dict()
        print(f"calibration on {when} (generated | reference on end-2018 at scale 1.0):")
        for key, (label, ref) in REFERENCE.items():
            print(f"  {label:44s} {_fmt(figs[key], key):>12s} | {ref}")
    print("over time (reference: registered 40,201 (2014), 45,522 (May 2016), 50,656")
    print("(Feb 2018), 71,256 (end-2020); filed ~100,000 (2016), 150,000 (end-2018)):")
    cols = ["registered", "community_orgs", "org_coverage", "work_coverage", "stations"]
    print("  " + "date".ljust(12) + "".join(f"{c:>16s}" for c in cols))
    for when, row in by_date.iterrows():
        print("  " + str(when).ljust(12) + "".join(f"{_fmt(row[c], c):>16s}" for c in cols))
    return 0 if wall < GOAL_SECONDS and rss_gb < GOAL_RSS_GB else 1


if __name__ == "__main__":
    sys.exit(main())
