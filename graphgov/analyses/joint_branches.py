"""Joint Party branches (联合党支部) for small organizations.

Definition: datasets/README.md, Analysis definitions, §4.3, and How the analyses read the
data, "Joint branches". Both backends give :func:`pack` the same frame (candidates and the
existing joint branches with room, :data:`CONTEXT_COLUMNS`) and it places the candidates.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import (
    as_of_of,
    conform,
    covers_on,
    group_code,
    orgs_active_on,
    party_orgs_on,
    shared,
)
from graphgov.analyses.gaps import gaps
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["joint_branches", "group_candidates", "group_by_domain", "pack"]

COLUMNS = {
    "group_id": "string",
    "township_code": "string",
    "superior_party_org_id": "string",
    "existing_party_org_id": "string",
    "org_ids": "object",
    "orgs": "int64",
    "party_members": "int64",
    "reason_unplaced": "string",
}
#: What :func:`pack` reads: one row per candidate (``row = candidate``: ``id`` its org_id,
#: ``superior`` its responsible Party organization, or for one based above township level
#: the comprehensive committee of the region it is based in, which is its ``pool``) and
#: per existing joint branch with room (``row = branch``: ``superior`` its parent, ``room``
#: how many more organizations it can take).
CONTEXT_COLUMNS = {
    "row": "string",
    "id": "string",
    "party_members": "Int64",
    "domain": "string",
    "township_code": "string",
    "superior": "string",
    "pool": "string",
    "room": "Int64",
}
MIN_MEMBERS = 3
MAX_ORGS = 5
NO_SUPERIOR = "no responsible Party organization"
NO_COMMITTEE = "no comprehensive committee where it is based"
TOO_FEW = "fewer than 3 members in reach"


def _to_existing(ids: list[str], members: dict[str, int], room: int) -> int:
    """How many of `ids` (in order) go into the existing joint branches, `room` places in
    all: every one if they fit; else the most that leave the rest at least 3 members (a
    group of their own); `room` if the rest can never reach 3.

    >>> _to_existing(["a", "b"], {"a": 2, "b": 1}, 1)  # a alone in the branch strands b
    0
    >>> _to_existing(["a", "b", "c"], {"a": 2, "b": 2, "c": 2}, 1)
    1
    """
    if len(ids) <= room:
        return len(ids)
    for k in range(room, -1, -1):
        if sum(members[i] for i in ids[k:]) >= MIN_MEMBERS:
            return k
    return room


def _form(members: dict[str, int]) -> tuple[list[list[str]], list[str]]:
    """Groups of at least 3 members: 2+1 pairs, then 2+2 pairs, then triples of ones (ids
    ascending); and the leftovers."""
    twos = sorted(k for k, v in members.items() if v >= 2)
    ones = sorted(k for k, v in members.items() if v < 2)
    groups: list[list[str]] = []
    while twos and ones:
        groups.append([twos.pop(0), ones.pop(0)])
    while len(twos) >= 2:
        groups.append([twos.pop(0), twos.pop(0)])
    while len(ones) >= MIN_MEMBERS:
        groups.append([ones.pop(0), ones.pop(0), ones.pop(0)])
    return groups, twos + ones


def _join(groups: list[list[str]], leftovers: list[str]) -> tuple[list[list[str]], list[str]]:
    """Each leftover joins the group with the fewest organizations (the first on a tie)
    that has room; those with no group to join stay ungrouped."""
    ungrouped = []
    for org in leftovers:
        room = [grp for grp in groups if len(grp) < MAX_ORGS]
        if room:
            min(room, key=len).append(org)
        else:
            ungrouped.append(org)
    return [sorted(grp) for grp in groups], ungrouped


def group_candidates(members: dict[str, int]) -> tuple[list[list[str]], list[str]]:
    """Group organizations (id -> 1 or 2 Party members) of one pool.

    Each group reaches at least 3 members with at most 5 organizations. The rule, chosen to
    be easy to check by hand: pair a two-member organization with a one-member one while
    both exist, then pair the remaining two-member ones, then make triples of one-member
    ones (ids in ascending order throughout); each leftover then joins the group with the
    fewest organizations (the first such group on a tie) that still has room. Leftovers
    with no group to join stay ungrouped.

    >>> group_candidates({"a": 2, "b": 1, "c": 1})
    ([['a', 'b', 'c']], [])
    """
    return _join(*_form(members))


def group_by_domain(
    members: dict[str, int], domains: dict[str, str | None]
) -> tuple[list[list[str]], list[str]]:
    """:func:`group_candidates`, preferring organizations of the same domain: groups are
    first formed within each domain (domains in ascending order), then from the leftovers
    of all domains together (and those without a domain); the last leftovers then join the
    group with the fewest organizations that has room.

    >>> group_by_domain({"a": 2, "b": 1, "c": 1, "d": 2},
    ...                 {"a": "care", "b": "arts", "c": "care", "d": "arts"})
    ([['b', 'd'], ['a', 'c']], [])
    """
    by_domain: dict[str, dict[str, int]] = {}
    loose: dict[str, int] = {}
    for org, n in members.items():
        domain = domains.get(org)
        (by_domain.setdefault(domain, {}) if domain else loose)[org] = n
    groups: list[list[str]] = []
    for domain in sorted(by_domain):
        formed, left = _form(by_domain[domain])
        groups += formed
        loose |= {org: members[org] for org in left}
    formed, left = _form(loose)
    return _join(groups + formed, left)


def joint_branches(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Joint candidates (1-2 Party members, no organizational coverage) placed in joint
    branches, in the order of §4.3: into an existing joint branch with room in the same
    township under the candidate's responsible Party organization (``group_id``
    ``TOWNSHIP-Enn``); into new groups within one township and one responsible Party
    organization (``TOWNSHIP-Jnn``); those based above township level into new groups
    within the region they are based in, under its comprehensive committee
    (``REGION-Jnn``, no ``township_code``). Then one row per candidate left alone, with
    its ``reason_unplaced``. ``org_ids`` is a sorted list.

    Examples
    --------
    On the tiny dataset: the two candidates of 双浦镇 (2 and 1 members) make one group under
    西湖区's comprehensive committee; the foundation based at 西湖区 itself is alone there.

    >>> from graphgov.datasets import tiny
    >>> jb = joint_branches(tiny())
    >>> jb[["group_id", "superior_party_org_id", "party_members"]]
               group_id superior_party_org_id  party_members
    0  330106110000-J01        PZ330106000000              3
    1              <NA>        PZ330106000000              1
    >>> jb["reason_unplaced"].tolist()
    [<NA>, 'fewer than 3 members in reach']
    """
    as_of = as_of_of(g, as_of)
    return pack(placement_context(g, as_of))


@shared
def placement_context(g: Graph, as_of: str) -> pd.DataFrame:
    """What :func:`pack` reads (:data:`CONTEXT_COLUMNS`), from the embedded graph."""
    cand = gaps(g, as_of=as_of)
    cand = cand[cand["gap"] == "joint_candidate"]
    domain = cand["org_id"].map(g.organizations.set_index("org_id")["domain"])
    in_township = cand["region_code"].str.slice(6, 9) != "000"
    porgs = party_orgs_on(g, as_of)
    comp = porgs[porgs["kind"] == "comprehensive_committee"].sort_values("party_org_id")
    comp = comp.drop_duplicates("region_code").set_index("region_code")["party_org_id"]
    candidates = pd.DataFrame(
        {
            "row": "candidate",
            "id": cand["org_id"],
            "party_members": cand["party_members"],
            "domain": domain,
            "township_code": group_code(cand["region_code"], "township").where(in_township),
            "superior": cand["manager_id"].where(in_township, cand["region_code"].map(comp)),
            "pool": cand["region_code"].where(~in_township),
        }
    )
    jb = porgs[(porgs["kind"] == "joint_branch") & (porgs["region_code"].str.slice(6, 9) != "000")]
    covers = covers_on(g, as_of)
    covers = covers[member(covers["dst"], orgs_active_on(g, as_of)["org_id"])]
    covered = covers.groupby("src").size().astype("int64")
    room = MAX_ORGS - covered.reindex(jb["party_org_id"].to_numpy(), fill_value=0).to_numpy()
    branches = pd.DataFrame(
        {
            "row": "branch",
            "id": jb["party_org_id"],
            "township_code": group_code(jb["region_code"], "township"),
            "superior": jb["parent_id"],
            "room": room,
        }
    )
    frame = pd.concat([candidates, branches[branches["room"] > 0]], ignore_index=True)
    return conform(frame, CONTEXT_COLUMNS)


def pack(context: pd.DataFrame) -> pd.DataFrame:
    """Place the candidates of `context` (:data:`CONTEXT_COLUMNS`); both backends end here.

    Rows: joining an existing branch, new groups of a township, new groups above township
    level (each by group id), then the candidates left alone (by township, id; those with
    no township last)."""
    context = conform(context, CONTEXT_COLUMNS)
    records = context.astype(object).where(context.notna(), None).to_dict("records")
    members = {r["id"]: int(r["party_members"]) for r in records if r["row"] == "candidate"}
    domains = {r["id"]: r["domain"] for r in records if r["row"] == "candidate"}
    rooms: dict[tuple, list[tuple[str, int]]] = {}
    pools: dict[tuple, list[str]] = {}
    for r in sorted(records, key=lambda r: r["id"]):
        if r["row"] == "branch":
            rooms.setdefault((r["township_code"], r["superior"]), []).append((r["id"], r["room"]))
        else:
            pools.setdefault((r["township_code"], r["pool"], r["superior"]), []).append(r["id"])
    placed: list[dict] = []
    loose: list[dict] = []
    serial: dict[str, int] = {}

    def number(prefix: str) -> str:
        serial[prefix] = serial.get(prefix, 0) + 1
        return f"{prefix}{serial[prefix]:02d}"

    for (town, pool, superior), ids in sorted(pools.items(), key=lambda kv: _key(kv[0])):
        if superior is None:
            reason = NO_SUPERIOR if town is not None else NO_COMMITTEE
            loose += [_row(None, town, None, None, [i], members, reason) for i in ids]
            continue
        branches = rooms.get((town, superior), []) if town is not None else []
        take = _to_existing(ids, members, sum(room for _, room in branches))
        sending, ids = ids[:take], ids[take:]
        for branch, room in branches:
            joining, sending = sending[:room], sending[room:]
            if joining:
                gid = number(f"{town}-E")
                placed.append(_row(gid, town, superior, branch, joining, members))
        grouped, left = group_by_domain({i: members[i] for i in ids}, domains)
        for grp in grouped:
            gid = number(f"{town if town is not None else pool}-J")
            placed.append(_row(gid, town, superior, None, grp, members))
        loose += [_row(None, town, superior, None, [i], members, TOO_FEW) for i in left]
    placed.sort(key=lambda r: r["group_id"])
    loose.sort(key=lambda r: (*_key((r["township_code"],)), r["org_ids"]))
    return conform(pd.DataFrame(placed + loose, columns=list(COLUMNS)), COLUMNS)


def _key(values: tuple) -> tuple:
    """A sort key for values that may be None (None last)."""
    return tuple(x for v in values for x in (v is None, v or ""))


def _row(
    group_id: str | None,
    township: str | None,
    superior: str | None,
    existing: str | None,
    ids: list[str],
    members: dict[str, int],
    reason: str | None = None,
) -> dict:
    return {
        "group_id": group_id,
        "township_code": township,
        "superior_party_org_id": superior,
        "existing_party_org_id": existing,
        "org_ids": ids,
        "orgs": len(ids),
        "party_members": int(sum(members[i] for i in ids)),
        "reason_unplaced": reason,
    }
