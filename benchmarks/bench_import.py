"""Benchmark: importing a Zhejiang-sized province's registry exports, against pandas reading them.

Run from the repository root::

    .venv/bin/python benchmarks/bench_import.py                  # /tmp/graphgov-bench/scale-1.0-v2
    .venv/bin/python benchmarks/bench_import.py --data DIR --exports DIR --repeat 3

The contract dataset (``--data``) is generated first (``graphgov generate DIR --scale 1.0
--seed 2019``) unless it is there; its exports (``benchmarks/export_registry.py``: the
registry list 社会组织名录.xlsx and the filing lists 社区社会组织备案.xlsx, about 286,000
rows at scale 1.0) are made in a subprocess into ``--exports`` (default: a temporary
directory), or reused if both files are there. Then, in this process, best of ``--repeat``
(default 3) each, alternating:

- *baseline*: ``pandas.read_excel(path, engine="openpyxl", sheet_name=None)`` of both files
  (pandas' default engine for .xlsx);
- *import*: ``graphgov.importer.import_sources`` of both files end to end, ``preset="auto"``,
  into a temporary directory (what ``graphgov import`` does);
- *addresses*: ``Resolver.address`` over every 住所 of the registry list, ``within`` the
  authority's area (the USCC's digits 3-8), a fresh resolver each time (its construction is
  timed apart).

Also prints the peak resident memory after the first import (``resource.getrusage``, before
the baseline runs), the counts per table (``rows = imported + review + rejected +
duplicates``), where the addresses were placed against the dataset's own region codes
(exact, an ancestor, elsewhere, not placed), and the machine's load average. Goals (issue
13): import under 30 s, at least 20,000 addresses/s. Exit 0 if both are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

from graphgov import schema
from graphgov.importer import import_sources
from graphgov.importer.resolve import Placement, Resolver

DEFAULT_DATA = Path("/tmp/graphgov-bench/scale-1.0-v2")
EXPORTER = Path(__file__).with_name("export_registry.py")
FILES = ("社会组织名录.xlsx", "社区社会组织备案.xlsx")
AREA = "330000000000"
GOAL_SECONDS = 30.0
GOAL_ADDRESSES = 20_000
COUNTS = ("rows", "imported", "review", "rejected", "duplicates")


def ensure_dataset(data: Path) -> None:
    """Generate the scale-1.0 province into `data` unless it is there."""
    if not any((data / f"organizations.{ext}").exists() for ext in ("csv", "parquet")):
        from graphgov.generate import generate  # only needed to make the dataset

        print(f"generating a scale-1.0 dataset in {data} ...", flush=True)
        generate(data, scale=1.0, seed=2019)


def ensure_exports(data: Path, exports: Path) -> list[Path]:
    """The export files in `exports`, made from `data` by the exporter unless all are there."""
    paths = [exports / name for name in FILES]
    if not all(p.exists() for p in paths):
        print(f"exporting {data} to {exports} ...", flush=True)
        subprocess.run([sys.executable, str(EXPORTER), str(data), str(exports)], check=True)
    return paths


def addresses(registry: Path) -> tuple[list[str], list[str], list[str]]:
    """(USCC, 住所, the authority's area code) of every row of the registry list."""
    rows = CalamineWorkbook.from_path(str(registry)).get_sheet_by_index(0).to_python()
    header = [str(c).strip() for c in rows[2]]
    uscc_at, address_at = header.index("统一社会信用代码"), header.index("住所")
    usccs = [str(r[uscc_at]) for r in rows[3:]]
    texts = [str(r[address_at]) for r in rows[3:]]
    return usccs, texts, [u[2:8] + "000000" for u in usccs]


def resolve_all(texts: list[str], within: list[str]) -> tuple[list[Placement], float]:
    """The placements of `texts` by a fresh resolver, and the seconds the resolving took."""
    resolver = Resolver(area=AREA)
    t0 = time.perf_counter()
    placed = [resolver.address(t, within=w) for t, w in zip(texts, within, strict=True)]
    return placed, time.perf_counter() - t0


def placement_check(usccs: list[str], placed: list[Placement], data: Path) -> Counter:
    """Each placement against the organization's region_code in the dataset: ``exact``,
    ``ancestor`` (a shallower unit on the same line: the address named less), ``elsewhere``;
    or the status of a row not placed (``not_found``, ``ambiguous``)."""
    truth = _region_codes(data)
    tally: Counter = Counter()
    for uscc, p in zip(usccs, placed, strict=True):
        code = p.code
        if p.status != "placed" or not code:
            tally[p.status] += 1
        elif code == truth[uscc]:
            tally["exact"] += 1
        elif truth[uscc].startswith(code[: schema.PREFIX_DIGITS[schema.level_of_code(code)]]):
            tally["ancestor"] += 1
        else:
            tally["elsewhere"] += 1
    return tally


def _region_codes(data: Path) -> dict[str, str]:
    cols = ["org_id", "region_code"]
    if (data / "organizations.csv").exists():
        orgs = pd.read_csv(data / "organizations.csv", usecols=cols, dtype=str)
    else:
        orgs = pd.read_parquet(data / "organizations.parquet", columns=cols).astype(str)
    return dict(zip(orgs["org_id"], orgs["region_code"], strict=True))


def best_of(repeat: int, *steps) -> list[float]:
    """The best wall time of each step (its return value if a float, else its own timing),
    running the steps in turn `repeat` times."""
    best = [float("inf")] * len(steps)
    for _ in range(repeat):
        for i, step in enumerate(steps):
            t0 = time.perf_counter()
            got = step()
            seconds = got if isinstance(got, float) else time.perf_counter() - t0
            best[i] = min(best[i], seconds)
    return best


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _load(avg: tuple[float, float, float]) -> str:
    return ", ".join(f"{a:.2f}" for a in avg)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 if both goals are met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the contract dataset")
    ap.add_argument("--exports", type=Path, default=None, help="where the exports are (kept)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    ensure_dataset(args.data)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        paths = ensure_exports(args.data, args.exports or Path(tmp) / "exports")
        out = Path(tmp) / "dataset"
        t0 = time.perf_counter()
        res = import_sources(paths, out, preset="auto")
        first = time.perf_counter() - t0
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # KiB on Linux
        usccs, texts, within = addresses(paths[0])
        t0 = time.perf_counter()
        Resolver(area=AREA)
        build = time.perf_counter() - t0

        def baseline() -> None:
            for path in paths:
                pd.read_excel(path, engine="openpyxl", sheet_name=None)

        load_before = os.getloadavg()
        base, imp, resolve = best_of(
            args.repeat,
            baseline,
            lambda: import_sources(paths, out, preset="auto"),
            lambda: resolve_all(texts, within)[1],
        )
        load_after = os.getloadavg()
        placed, _ = resolve_all(texts, within)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in paths)
    counts = res.counts()
    rows = sum(c["rows"] for c in counts.values())
    rate = len(texts) / resolve
    ok_time, ok_rate = imp < GOAL_SECONDS, rate >= GOAL_ADDRESSES
    print(f"exports     {sizes}; {rows:,} source rows")
    print(f"{'':12}{'seconds':>9}  {'rows/s':>9}  goal")
    print(f"baseline    {base:9.2f}  {rows / base:9,.0f}  (pandas.read_excel, openpyxl engine)")
    print(f"import      {imp:9.2f}  {rows / imp:9,.0f}  < {GOAL_SECONDS:g} s: {_verdict(ok_time)}"
          f"  ({imp / base:.2f}x the baseline; first run {first:.2f} s)")  # fmt: skip
    print(f"addresses   {resolve:9.2f}  {rate:9,.0f}  >= {GOAL_ADDRESSES:,}/s: {_verdict(ok_rate)}"
          f"  ({len(texts):,} 住所; resolver built in {build:.2f} s)")  # fmt: skip
    print(f"peak RSS    {peak_gb:.2f} GB after the first import")
    print(f"{'table':<18}" + "".join(f"{c:>11}" for c in COUNTS))
    for table, c in counts.items():
        print(f"{table:<18}" + "".join(f"{c.get(k, 0):>11,}" for k in COUNTS))
    print("resolved_by " + ", ".join(f"{k} {v:,}" for k, v in res.resolved_by.items()))
    tally = placement_check(usccs, placed, args.data)
    print("addresses   " + ", ".join(f"{k} {v:,}" for k, v in tally.most_common())
          + " (against the dataset's region_code)")  # fmt: skip
    print(f"load        {_load(load_before)} before, {_load(load_after)} after (1, 5, 15 min)")
    print(f"(best of {args.repeat}, alternating; the machine's load adds noise to all three)")
    return 0 if ok_time and ok_rate else 1


if __name__ == "__main__":
    raise SystemExit(main())
