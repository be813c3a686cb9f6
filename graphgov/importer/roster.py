"""A Party-organization roster: ids, superiors by name, the units each is set up in, regions.

A roster names everything by name: the superior Party organization (上级党组织) and the
unit(s) a Party organization is set up in (所在单位, several for a joint branch, separated
by 、 or ;). They are linked to what the same import read:

- ``party_org_id`` is ``P`` + a hash of the normalised name (stable across exports);
- the superior is looked up by name in the roster; one not in it is left empty, its name
  kept as ``parent_name``;
- a unit is an organization of the same import, by USCC or by its exact name; a unit not
  found, or a name two organizations share, is a rejected cover (the Party organization
  itself is imported);
- the region: a decision in the review file, else a ``region_code`` column, else the
  deepest region shared by the units it covers, else its address (within the import's
  area), else its superior's region; else it goes to review.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from graphgov.codes import is_valid_uscc
from graphgov.importer.place import ToReview, placed
from graphgov.importer.records import Record, Reject
from graphgov.importer.resolve import Placement, Resolver
from graphgov.importer.values import normal_text

__all__ = ["party_org_id", "place_roster"]

_SPLIT = re.compile(r"[、；;，,]")


def party_org_id(name: str) -> str:
    """``P`` + the first 10 hex digits of the SHA-1 of the normalised name."""
    return "P" + hashlib.sha1(normal_text(name).encode()).hexdigest()[:10]


def _common(codes: list[str]) -> str:
    """The deepest division containing every code (codes share their prefix)."""
    from graphgov import schema

    for level in reversed(schema.LEVELS):
        k = schema.PREFIX_DIGITS[level]
        if len({c[:k] for c in codes}) == 1:
            return codes[0][:k].ljust(12, "0")
    return ""


def place_roster(
    records: list[Record],
    orgs: list[Record],
    resolver: Resolver,
    decide: Callable[[Record], str | None],
    area: str,
) -> tuple[list[Record], list[dict], list[Reject], list[ToReview]]:
    """The roster's Party organizations, their covers, rejected covers, rows to review."""
    by_id = {o.values["org_id"]: o for o in orgs}
    by_name: dict[str, list[Record]] = {}
    for o in orgs:
        by_name.setdefault(normal_text(o.values["name"]), []).append(o)
    ids = {normal_text(r.values["name"]): party_org_id(r.values["name"]) for r in records}
    covers: list[dict] = []
    rejects: list[Reject] = []
    regions: dict[str, str] = {}
    for r in records:
        v = r.values
        v["party_org_id"] = ids[normal_text(v["name"])]
        parent = normal_text(v.get("parent", ""))
        v["parent_id"] = ids.get(parent, "")
        v["parent_name"] = "" if v["parent_id"] else parent
        units = []
        for text in (t.strip() for t in _SPLIT.split(v.get("unit", ""))):
            if not text:
                continue
            org, problem = _unit(text, by_id, by_name)
            if org is None:
                cover = Record(r.file, r.sheet, r.row, r.digest, {"unit": text}, r.source)
                rejects.append(Reject(cover, "party_org_covers", *problem))
                continue
            units.append(org.values["region_code"])
            covers.append(
                {
                    "party_org_id": v["party_org_id"],
                    "org_id": org.values["org_id"],
                    "source_file": r.file,
                    "source_sheet": r.sheet,
                    "source_row": str(r.row),
                }
            )
        decision = decide(r)
        if decision is not None:
            placed(r, decision, "review", 1.0)
        elif v.get("region_code"):
            placed(r, v["region_code"], "region_code", 1.0)
        elif units:
            placed(r, _common(units), "unit", 1.0)
        elif v.get("address"):
            found = resolver.address(v["address"], within=area)
            if found.status == "placed":
                placed(r, found.code, found.resolved_by, found.confidence)  # type: ignore[arg-type]
        if v.get("region_code"):
            regions[v["party_org_id"]] = v["region_code"]
    _from_parents(records, regions)
    review = [
        ToReview(
            r,
            "party_orgs",
            r.values.get("address", "") or r.values["name"],
            Placement(
                "not_found",
                None,
                None,
                "",
                0.0,
                (),
                "no unit, address or superior places this Party organization",
            ),
        )
        for r in records
        if not r.values.get("region_code")
    ]
    return [r for r in records if r.values.get("region_code")], covers, rejects, review


def _unit(text: str, by_id: dict, by_name: dict) -> tuple[Record | None, tuple[str, str]]:
    code = normal_text(text).upper()
    if len(code) == 18 and is_valid_uscc(code):
        org = by_id.get(code)
        return org, ("unit_not_found", f"所在单位 {text!r}: no organization with this USCC")
    found = by_name.get(normal_text(text), [])
    if len(found) == 1:
        return found[0], ("", "")
    if not found:
        return None, ("unit_not_found", f"所在单位 {text!r}: no organization of this name")
    return None, ("unit_ambiguous", f"所在单位 {text!r}: {len(found)} organizations have this name")


def _from_parents(records: list[Record], regions: dict[str, str]) -> None:
    """Give each unplaced Party organization its superior's region, up the chain."""
    changed = True
    while changed:
        changed = False
        for r in records:
            v = r.values
            if not v.get("region_code") and v["parent_id"] in regions:
                placed(r, regions[v["parent_id"]], "parent", 0.8)
                regions[v["party_org_id"]] = v["region_code"]
                changed = True
