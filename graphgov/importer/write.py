"""Writing the imported dataset, and validating it with ``graphgov validate``'s own rules.

The tables are written, then read back by :func:`graphgov.load.load_dataset`; a row it
rejects (a USCC whose check character fails, a kind its category contradicts, a date after
its end ...) leaves the tables with the validator's reason and becomes an import reject of
its source row, and the tables are written again. So the directory always validates clean,
and no rule is written twice.

The columns: the contract's, then the mapping's extras, then the source texts the placing
read (``source_authority``, ``source_address``, ``source_community``, ``source_township``,
``source_parent``, ``source_unit``), then ``resolved_by``, ``confidence``, ``source_file``,
``source_sheet``, ``source_row``. Rows are in source order; the same sources give the same
bytes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from graphgov import divisions, schema
from graphgov.errors import DatasetError
from graphgov.importer.outcome import ImportResult
from graphgov.importer.records import Record, Reject
from graphgov.importer.values import CellError, parse_date

__all__ = ["write_dataset"]

#: Import fields kept as properties under these names: the text as the source wrote it.
SOURCE_TEXTS = {
    "authority": "source_authority", "address": "source_address",
    "community": "source_community", "township": "source_township",
    "parent": "source_parent", "unit": "source_unit",
}  # fmt: skip
_AUDIT = ("resolved_by", "confidence", "source_file", "source_sheet", "source_row")
_TITLE_DATE = re.compile(r"(?:日期|截至|截止|时间)\s*[:：]?\s*(\S+?)\s*(?:止)?$")
_MAX_PASSES = 4


def _frame(records: list[Record], table: str, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    contract = [c for c in schema.TABLES[table].column_names]
    seen: dict[str, None] = {}
    for r in records:
        seen.update(dict.fromkeys(r.values))
    required = [c.name for c in schema.TABLES[table].columns if c.required]
    names = [c for c in contract if c in seen or c in required]
    extras = [
        c
        for c in seen
        if c not in contract and c not in SOURCE_TEXTS and c not in _AUDIT and c not in drop
    ]
    texts = [c for c in SOURCE_TEXTS if c in seen]
    rows = []
    for r in records:
        v = r.values
        row = {c: v.get(c, "") for c in (*names, *extras)}
        row.update({SOURCE_TEXTS[c]: v.get(c, "") for c in texts})
        row.update(
            {
                "resolved_by": v.get("resolved_by", ""),
                "confidence": v.get("confidence", ""),
                "source_file": r.file,
                "source_sheet": r.sheet,
                "source_row": r.row,
            }
        )
        rows.append(row)
    columns = [*names, *extras, *(SOURCE_TEXTS[c] for c in texts), *_AUDIT]
    return pd.DataFrame(rows, columns=columns)


def _regions(frame: pd.DataFrame | None, area_code: str) -> tuple[pd.DataFrame, str]:
    if frame is not None:
        return frame, f"the --regions file ({len(frame):,} regions)"
    regions = divisions.regions_frame(area_code)
    return regions, f"{divisions.EDITION} hierarchy below {area_code} ({len(regions):,} regions)"


def write_dataset(
    out: Path, orgs: list[Record], party: list[Record], covers: list[dict],
    frame: pd.DataFrame | None, area, result: ImportResult, say,
) -> None:  # fmt: skip
    """Write the tables and ``dataset.toml`` into `out`, validated (module docstring)."""
    from graphgov.load import load_dataset

    out.mkdir(parents=True, exist_ok=True)
    regions, result.regions = _regions(frame, area.code)
    regions.to_csv(out / "regions.csv", index=False)
    for stale in ("party_orgs.csv", "party_org_covers.csv", "organizations.csv"):
        (out / stale).unlink(missing_ok=True)
    covers = _unique_covers(covers, result)
    by_source = {(r.file, r.sheet, r.row): r for r in (*orgs, *party)}
    for _ in range(_MAX_PASSES):
        tables = {
            "organizations": _frame(orgs, "organizations"),
            "party_orgs": _frame(party, "party_orgs", drop=("name_key",)),
            "party_org_covers": pd.DataFrame(covers, columns=_COVER_COLUMNS),
        }
        for name, table in tables.items():
            if name == "organizations" or len(table):
                table.to_csv(out / f"{name}.csv", index=False)
        _write_toml(out, result)
        say("validating the written dataset")
        res = load_dataset(out)
        if not len(res.rejects):
            break
        orgs, party, covers = _drop(res.rejects, orgs, party, covers, by_source, result)
    else:  # pragma: no cover - each pass removes every rejected row and its dependents
        raise DatasetError(
            f"{out}: the imported dataset still has rejects after {_MAX_PASSES} passes"
        )
    result.imported = {
        t: len(res.tables[t]) for t in ("organizations", "party_orgs", "party_org_covers")
    }
    result.resolved_by = dict(Counter(r.values.get("resolved_by", "") for r in (*orgs, *party)))
    result.warnings.extend(res.warnings)


_COVER_COLUMNS = ["party_org_id", "org_id", "source_file", "source_sheet", "source_row"]


def _unique_covers(covers: list[dict], result: ImportResult) -> list[dict]:
    seen, kept = set(), []
    for c in covers:
        key = (c["party_org_id"], c["org_id"])
        if key not in seen:
            seen.add(key)
            kept.append(c)
    result.derived["party_org_covers"] = len(kept) + sum(
        1 for r in result.rejects if r.table == "party_org_covers"
    )
    return kept


def _drop(rejects: pd.DataFrame, orgs, party, covers, by_source, result):
    """Move the validator's rejects to the import's, by their source rows."""
    gone: dict[str, set] = {"organizations": set(), "party_orgs": set(), "party_org_covers": set()}
    for row in rejects.itertuples(index=False):
        if row.table not in gone:
            raise DatasetError(
                f"the --regions file does not validate: {row.table} line {row.line}: {row.message}"
            )
        raw = json.loads(row.raw)
        source = (
            raw.get("source_file", ""),
            raw.get("source_sheet", ""),
            int(raw.get("source_row") or 0),
        )
        record = by_source.get(source) or Record(*source, "", dict(raw))
        if row.table == "party_org_covers":
            gone[row.table].add((raw.get("party_org_id"), raw.get("org_id")))
            record = Record(*source, "", {"unit": raw.get("org_id", "")}, record.source)
        else:
            key = "org_id" if row.table == "organizations" else "party_org_id"
            gone[row.table].add(raw.get(key))
        result.rejects.append(
            Reject(record, row.table, row.reason_code, f"{row.message} (graphgov validate)")
        )
    orgs = [r for r in orgs if r.values["org_id"] not in gone["organizations"]]
    party = [r for r in party if r.values["party_org_id"] not in gone["party_orgs"]]
    covers = [c for c in covers if (c["party_org_id"], c["org_id"]) not in gone["party_org_covers"]]
    return orgs, party, covers


def _write_toml(out: Path, result: ImportResult) -> None:
    files = sorted({s["file"] for s in result.sheets})
    lines = [
        f"name = {json.dumps(out.name, ensure_ascii=False)}",
        "description = " + json.dumps("graphgov import of " + ", ".join(files), ensure_ascii=False),
    ]
    result.as_of = export_date(result.sheets)
    if result.as_of:
        lines.append(f"as_of = {result.as_of}")
    (out / "dataset.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def export_date(sheets: list[dict]) -> str:
    """The latest export date the title rows state (导出日期：2021-01-05), or ``""``.

    >>> export_date([{"title": ["浙江省社会组织名录", "导出日期：2021-01-05"]}])
    '2021-01-05'
    """
    found = []
    for sheet in sheets:
        for cell in sheet["title"]:
            m = _TITLE_DATE.search(str(cell))
            if m:
                try:
                    found.append(parse_date(m.group(1)))
                except CellError:
                    continue
    return max(found, default="")
