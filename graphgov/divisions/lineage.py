"""Which codes of older NBS editions the shipped one no longer has, and what became of them.

Build time only: :mod:`graphgov.divisions.build` runs :func:`retired_units` on the older
editions and writes the result as ``nbs-retired.parquet``, which
:mod:`graphgov.divisions.retired` reads.

A code is *retired* when an older edition has it and the shipped edition does not. Its row
keeps the name and level of the last edition that has it (``last_edition``, the NBS year).
Levels are settled top-down, so a unit's parent is settled first; the parent *now* is the old
parent if the shipped edition still has it, else the old parent's successor. Names are
compared by their core (:func:`~graphgov.divisions.names.name_core`: 高桥镇 = 高桥街道,
凤垟村委会 = 凤垟社区); a village-level core loses one more unit word, as the 2020 edition
wrote many 花坡村委会 as 花坡村村委会. The first rule that applies gives the ``kind``:

1. ``recoded``: exactly one unit under the parent now has the same core and is *new* (the
   last edition did not have its code): a new code for the same place (镇 → 街道, 村 → 社区,
   临安市 330185 → 临安区 330112). Of several, the one with the very same name, if only one
   has it. Failing that, the same search one level up, under the parent's parent now: a unit
   moved to a neighbouring county or township (萧山区's 义蓬街道 → 钱塘区, 下城区's
   朝晖街道 330103006 → 拱墅区 330105016).
2. ``merged``, the 2019-20 village mergers: a village-level code last seen in the 2019
   edition whose township (now) still exists. The likely successor is the one village of the
   township with the same core, else the one whose name contains the old core (of two
   characters or more); with none or several, no successor.
3. ``merged`` into a namesake: exactly one unit under the parent now has the same core and
   already existed beside it.
4. ``retired``: none of these; no successor.
"""

from __future__ import annotations

from collections import defaultdict

from graphgov.divisions.names import name_core
from graphgov.divisions.retired import RetiredDivision
from graphgov.schema import LEVELS

__all__ = ["KINDS", "MERGER_EDITION", "Units", "match_key", "retired_units"]

#: code -> (name, level, parent_code) of one edition, 12-digit codes.
Units = dict[str, tuple[str, str, str | None]]
#: The edition whose villages the 2019-20 mergers retired (last seen in it).
MERGER_EDITION = 2019
KINDS = ("merged", "recoded", "retired")


def match_key(name: str, level: str) -> str:
    """The core names are compared by (村 taken off twice at village level: 花坡村村委会 = 花坡)."""
    core = name_core(name, level)
    return name_core(core, level) if level == "community" else core


class _Shipped:
    """The shipped edition indexed for the rules: units by (parent, level, core)."""

    def __init__(self, units: Units) -> None:
        self.units = units
        self.by_parent: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        self.by_grandparent: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        self.children: dict[str | None, list[tuple[str, str]]] = defaultdict(list)
        for code, (name, level, parent) in sorted(units.items()):
            core = match_key(name, level)
            self.by_parent[parent, level, core].append((code, name))
            self.children[parent].append((code, name))
            if parent is not None and parent in units:
                self.by_grandparent[units[parent][2], level, core].append((code, name))


def _one(found: list[tuple[str, str]], name: str) -> str | None:
    """The only candidate, or the only one with the very same name, or None."""
    if len(found) == 1:
        return found[0][0]
    same = [code for code, other in found if other == name]
    return same[0] if len(same) == 1 else None


def retired_units(older: dict[int, Units], shipped: Units) -> list[RetiredDivision]:
    """Every code of an `older` edition (NBS year -> units) absent from `shipped`, sorted by
    code, with its kind and successor (the module's rules)."""
    last: dict[str, tuple[int, str, str, str | None]] = {}
    for year in sorted(older):
        for code, (name, level, parent) in older[year].items():
            if code not in shipped:
                last[code] = (year, name, level, parent)
    index = _Shipped(shipped)
    successor: dict[str, str | None] = {}

    def now(code: str | None) -> str | None:
        return code if code is None or code in shipped else successor.get(code)

    out = []
    for level in LEVELS:
        for code in sorted(c for c, row in last.items() if row[2] == level):
            year, name, _, parent = last[code]
            seen = older[year]
            core = match_key(name, level)
            here = now(parent)
            if here is not None:
                up = shipped[here][2]
            else:  # the old parent is gone without a successor: its own parent now
                up = now(seen[parent][2]) if parent in seen else None
            kind, succ = "retired", None
            for key, table in (((here, level, core), index.by_parent),
                               ((up, level, core), index.by_grandparent)):  # fmt: skip
                if key[0] is None:
                    continue
                fresh = [c for c in table.get(key, []) if c[0] not in seen]
                succ = _one(fresh, name)
                if succ is not None:
                    kind = "recoded"
                    break
            if succ is None and here is not None:
                namesakes = index.by_parent.get((here, level, core), [])
                if level == "community" and year == MERGER_EDITION:
                    kind, succ = "merged", _one(namesakes, name)
                    if succ is None and len(core) >= 2:
                        holding = [c for c in index.children[here] if core in c[1]]
                        succ = holding[0][0] if len(holding) == 1 else None
                elif namesakes:
                    succ = _one(namesakes, name)
                    kind = "retired" if succ is None else "merged"
            successor[code] = succ
            out.append(RetiredDivision(code, name, level, year, kind, succ))
    return sorted(out, key=lambda u: u.code)
