"""Joint Party branches (联合党支部) for small organizations.

Definition: datasets/README.md, Analysis definitions, §4.3.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import conform, group_code
from graphgov.analyses.gaps import gaps
from graphgov.graph import Graph

__all__ = ["joint_branches", "group_candidates", "pack"]

COLUMNS = {
    "group_id": "string",
    "township_code": "string",
    "org_ids": "object",
    "orgs": "int64",
    "party_members": "int64",
}
MIN_MEMBERS = 3
MAX_ORGS = 5


def group_candidates(members: dict[str, int]) -> tuple[list[list[str]], list[str]]:
    """Group organizations (id -> 1 or 2 Party members) of one township.

    Each group reaches at least 3 members with at most 5 organizations. The rule, chosen to
    be easy to check by hand: pair a two-member organization with a one-member one while
    both exist, then pair the remaining two-member ones, then make triples of one-member
    ones (ids in ascending order throughout); each leftover then joins the group with the
    fewest organizations (the first such group on a tie) that still has room. Leftovers
    with no group to join stay ungrouped.

    >>> group_candidates({"a": 2, "b": 1, "c": 1})
    ([['a', 'b', 'c']], [])
    """
    twos = sorted(k for k, v in members.items() if v >= 2)
    ones = sorted(k for k, v in members.items() if v < 2)
    groups: list[list[str]] = []
    while twos and ones:
        groups.append([twos.pop(0), ones.pop(0)])
    while len(twos) >= 2:
        groups.append([twos.pop(0), twos.pop(0)])
    while len(ones) >= MIN_MEMBERS:
        groups.append([ones.pop(0), ones.pop(0), ones.pop(0)])
    ungrouped = []
    for org in twos + ones:
        room = [grp for grp in groups if len(grp) < MAX_ORGS]
        if room:
            min(room, key=len).append(org)
        else:
            ungrouped.append(org)
    return [sorted(grp) for grp in groups], ungrouped


def joint_branches(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Joint candidates (1-2 Party members) grouped within their township.

    One row per proposed group (``group_id`` = township code + ``-J`` + serial), then one
    row per candidate that cannot be grouped (``group_id`` missing). ``org_ids`` is a
    sorted list. Candidates based above township level have no township and stay ungrouped.

    Examples
    --------
    On the tiny dataset: the two candidates of 双浦镇 (2 and 1 members) make one group; the
    foundation based at 西湖区 itself has no township and stays alone.

    >>> from graphgov.datasets import tiny
    >>> joint_branches(tiny())[["group_id", "org_ids", "party_members"]]
               group_id                                   org_ids  party_members
    0  330106110000-J01  [52330106MJ0000021R, 52330106MJ0000031T]              3
    1              <NA>                      [53330106MJ0000061T]              1
    """
    cand = gaps(g, as_of=as_of)
    cand = cand[cand["gap"] == "joint_candidate"]
    township = group_code(cand["region_code"], "township")
    is_township = (township.str.slice(9) == "000") & (township.str.slice(6, 9) != "000")
    return pack(cand.assign(township_code=township.where(is_township)))


def pack(candidates: pd.DataFrame) -> pd.DataFrame:
    """Group candidates (``org_id, party_members, township_code``) with
    :func:`group_candidates`, township by township; both backends end here."""
    members = dict(zip(candidates["org_id"], candidates["party_members"], strict=True))
    rows: list[dict] = []
    loose: list[dict] = []
    for code, part in candidates.groupby("township_code", sort=True, dropna=False):
        code = None if pd.isna(code) else code
        ids = sorted(part["org_id"])
        if code is None:
            grouped, ungrouped = [], ids
        else:
            grouped, ungrouped = group_candidates({i: int(members[i]) for i in ids})
        for n, grp in enumerate(grouped, start=1):
            rows.append(_row(f"{code}-J{n:02d}", code, grp, members))
        loose += [_row(None, code, [org], members) for org in ungrouped]
    return conform(pd.DataFrame(rows + loose, columns=list(COLUMNS)), COLUMNS)


def _row(group_id: str | None, township: str | None, ids: list[str], members: dict) -> dict:
    return {
        "group_id": group_id,
        "township_code": township,
        "org_ids": ids,
        "orgs": len(ids),
        "party_members": int(sum(members[i] for i in ids)),
    }
