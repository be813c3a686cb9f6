"""Placing records: authorities and addresses to division codes, ids, and what goes to review.

Each ``place_*`` function fills a record's contract values (``org_id``, ``registered_at``,
``region_code``, ...) and its audit columns ``resolved_by`` and ``confidence``, or answers
why it cannot: a :class:`~graphgov.importer.records.Reject` (the row is wrong) or a
:class:`ToReview` (the row is right but its region is ambiguous or not found: a person must
choose; nothing is guessed).

``resolved_by`` says how the region was found:

- ``review``: a decision in the review file;
- ``region_code``: the source gives the code itself;
- ``address:community`` / ``address:township`` / ``address:county`` / ``address:city``: the
  deepest unit the 住所 names, searched within the registering authority's area;
- ``authority``: the address names nothing below the authority's area and the authority is
  a county bureau: an organization registered in a county is based in it (confidence 0.6);
- ``filing:community``: a filing list's 所在社区 (and 所属街道) within the filing authority's
  county.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from graphgov import schema
from graphgov.codes import is_valid_uscc
from graphgov.importer.records import Record, Reject
from graphgov.importer.resolve import Authority, Placement, Resolver
from graphgov.importer.values import normal_text

__all__ = ["ToReview", "filing_id", "place_filing", "place_registry", "placed"]

#: Confidence of a region known only from a county authority.
AUTHORITY_CONFIDENCE = 0.6

Decide = Callable[[Record], "str | None"]


@dataclass(frozen=True)
class ToReview:
    """A record whose region a person must choose."""

    record: Record
    table: str
    text: str
    placement: Placement


def placed(record: Record, code: str, resolved_by: str, confidence: float) -> None:
    """Record the region and how it was found."""
    record.values["region_code"] = code
    record.values["resolved_by"] = resolved_by
    record.values["confidence"] = f"{confidence:.2f}"


def _reject(record: Record, reason: str, message: str) -> Reject:
    return Reject(record, "organizations", reason, message)


def authority_of(
    record: Record, text: str, resolver: Resolver, uscc: str = ""
) -> Authority | Reject | ToReview:
    """The registering (or filing) authority: its name resolved, else the USCC's digits."""
    if text:
        found = resolver.authority(text)
        if isinstance(found, Authority):
            return found
        if found.status == "ambiguous":
            return ToReview(record, "organizations", text, found)
        note = f" ({found.note})" if found.note else ""
        return _reject(
            record, "authority_unknown", f"登记管理机关 {text!r}: not a known authority{note}"
        )
    if len(uscc) == 18:
        code = uscc[2:8].ljust(12, "0")
        unit = resolver.unit(code)
        if unit is not None and schema.level_of_code(code) in ("province", "city", "county"):
            return Authority(code, schema.level_of_code(code), unit.name)
        return _reject(
            record,
            "authority_unknown",
            f"no 登记管理机关, and the USCC's digits 3-8 "
            f"({uscc[2:8]}) name no division of the hierarchy",
        )
    return _reject(record, "authority_missing", "no 登记管理机关 (registering authority)")


def place_registry(record: Record, resolver: Resolver, decide: Decide) -> Reject | ToReview | None:
    """A registered organization: its USCC, authority (cross-checked) and region."""
    v = record.values
    uscc = v.get("org_id", "")
    if not uscc:
        return _reject(
            record, "uscc_missing", "no 统一社会信用代码 (a registered organization has one)"
        )
    authority = authority_of(record, v.get("authority", ""), resolver, uscc)
    if not isinstance(authority, Authority):
        return authority
    if authority.level not in ("province", "city", "county"):
        return _reject(
            record,
            "authority_level",
            f"登记管理机关 {authority.name!r} is a {authority.level}, not a registration authority",
        )
    if is_valid_uscc(uscc) and uscc[2:8] != authority.code[:6]:
        said = resolver.unit(uscc[2:8].ljust(12, "0"))
        return _reject(
            record,
            "authority_mismatch",
            f"登记管理机关 {v.get('authority') or authority.name!r} is {authority.code[:6]}, "
            f"but the USCC {uscc} says {uscc[2:8]}"
            + (f" ({said.name})" if said is not None else ""),
        )
    v["registered_at"] = authority.level
    return _region(record, resolver, decide, authority, v.get("address", ""))


def _region(
    record: Record, resolver: Resolver, decide: Decide, authority: Authority, address: str
) -> ToReview | None:
    decision = decide(record)
    if decision is not None:
        placed(record, decision, "review", 1.0)
        return None
    if record.values.get("region_code"):
        placed(record, record.values["region_code"], "region_code", 1.0)
        return None
    found = resolver.address(address, within=authority.code) if address else None
    if found is not None and found.status == "placed":
        placed(record, found.code, found.resolved_by, found.confidence)  # type: ignore[arg-type]
        return None
    if found is not None and found.status == "ambiguous":
        return ToReview(record, "organizations", address, found)
    if authority.level == "county":
        placed(record, authority.code, "authority", AUTHORITY_CONFIDENCE)
        return None
    if found is None:
        found = Placement("not_found", None, None, "", 0.0, (), "no 住所 (address) given")
    return ToReview(record, "organizations", address, found)


def filing_id(authority_code: str, community_code: str, name: str) -> str:
    """The stable id of a filed community organization: ``F`` + its community's code + a
    hash of the filing authority, the community and the name, so that a later export of
    the same filing keeps the id.

    >>> a = filing_id("330106002000", "330106002051", "上保社区书画社")
    >>> a, a == filing_id("330106002000", "330106002051", " 上保社区书画社\u3000")
    ('F330106002051-44862f', True)
    """
    text = f"{authority_code}\x1f{community_code}\x1f{normal_text(name)}"
    return f"F{community_code}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


def place_filing(
    record: Record, resolver: Resolver, decide: Decide, area: Authority | None
) -> Reject | ToReview | None:
    """A filed community organization: its filing authority, community and stable id."""
    v = record.values
    authority = area
    if v.get("authority"):
        authority = authority_of(record, v["authority"], resolver)  # type: ignore[assignment]
        if not isinstance(authority, Authority):
            return authority
    if authority is None or authority.level not in ("county", "township"):
        return _reject(
            record,
            "authority_missing",
            "no filing authority (备案机关) naming a county "
            "or township: add the column, or pass --area COUNTY_CODE",
        )
    county = authority.code[:6].ljust(12, "0")
    decision = decide(record)
    if decision is not None:
        placed(record, decision, "review", 1.0)
    else:
        found = resolver.by_names(
            community=v.get("community") or None, township=v.get("township") or None, within=county
        )
        if found.status != "placed" or found.level != "community":
            text = " / ".join(t for t in (v.get("township"), v.get("community")) if t)
            return ToReview(record, "organizations", text, found)
        placed(record, found.code, found.resolved_by, found.confidence)  # type: ignore[arg-type]
    v["org_id"] = filing_id(authority.code, v["region_code"], v["name"])
    return None
