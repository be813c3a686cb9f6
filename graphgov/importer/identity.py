"""Identity across files: one row per id; exact repeats collapse, disagreeing ones are rejected.

>>> from graphgov.importer.records import Record
>>> a = Record("a.xlsx", "名录", 4, "h1", {"org_id": "X", "name": "甲"})
>>> b = Record("b.csv", "", 9, "h2", {"org_id": "X", "name": "甲"})
>>> c = Record("b.csv", "", 10, "h3", {"org_id": "Y", "name": "乙"})
>>> kept, dups, conflicts = collapse([a, b, c], "org_id")
>>> [r.row for r in kept], [r.row for r in dups], conflicts
([4, 10], [9], [])
"""

from __future__ import annotations

from graphgov.importer.records import Record, Reject

__all__ = ["collapse"]

#: How a row was placed is not part of what it says.
_AUDIT = ("resolved_by", "confidence")


def _said(record: Record) -> dict[str, str]:
    return {k: v for k, v in record.values.items() if k not in _AUDIT}


def _agree(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether two rows say the same on every column both sources have."""
    return all(a[k] == b[k] for k in a.keys() & b.keys())


def collapse(
    records: list[Record], key: str, table: str = "organizations"
) -> tuple[list[Record], list[Record], list[Reject]]:
    """``(kept, exact duplicates, conflict rejects)``.

    Rows sharing `key` that say the same (on every column both sources have) keep the first
    (in source order); rows sharing it that differ are all rejected, each naming the others
    and the columns that differ."""
    groups: dict[str, list[Record]] = {}
    for r in records:
        groups.setdefault(r.values[key], []).append(r)
    kept, dups, conflicts = [], [], []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            kept.append(first)
            continue
        if all(_agree(_said(r), _said(first)) for r in group[1:]):
            kept.append(first)
            dups.extend(group[1:])
            continue
        for r in group:
            others = [o for o in group if o is not r]
            mine = _said(r)
            differ = sorted(
                {k for o in map(_said, others) for k in mine.keys() & o.keys() if mine[k] != o[k]}
            )
            message = (
                f"{key} {r.values[key]} is also in {', '.join(o.where for o in others)}, "
                f"which disagree{'s' if len(others) == 1 else ''} on {', '.join(differ)}"
            )
            conflicts.append(Reject(r, table, "conflict", message))
    kept.sort(key=lambda r: (r.file, r.sheet, r.row))
    return kept, dups, conflicts
