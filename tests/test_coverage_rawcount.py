"""`coverage --as-of` agrees with a count made from the raw CSV tables with the csv module
alone (no graphgov code), on the bundled sample and on tests/data/v2-coverage.

The count follows datasets/README.md, Analysis definitions, §4.0-§4.1 word by word: an
organization exists if founded is empty or <= as_of and deregistered_on is empty or >
as_of (deregistered/revoked without a date: gone); it is abnormal if abnormal_since <=
as_of < abnormal_until (either end open), or, with neither date, its status is abnormal.
A Party organization exists from founded to before dissolved; a cover or post is active
from since/start to until/end, both inclusive. Organizational coverage: a branch,
general_branch, committee or joint_branch; functional: a functional or extended one (when
not organizational); work: either, or an active liaison or instructor post.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import graphgov

ROOT = Path(__file__).parent
SAMPLE = ROOT.parent / "datasets" / "zhejiang-sample"
FORMAL = {"branch", "general_branch", "committee", "joint_branch"}
FUNCTIONAL = {"functional", "extended"}


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _within(start: str, end: str, day: str) -> bool:
    """start empty or <= day, end empty or >= day (ISO dates compare as text)."""
    return (not start or start <= day) and (not end or end >= day)


def raw_count(folder: Path, as_of: str) -> dict[str, tuple[int, int, int, int]]:
    """County code (6 digits) -> (orgs, org_covered, functional_covered, work_covered) of
    the registered organizations based in the county or below it."""
    party = {}
    for p in _rows(folder, "party_orgs"):
        founded, dissolved = p.get("founded", ""), p.get("dissolved", "")
        if (not founded or founded <= as_of) and (not dissolved or dissolved > as_of):
            party[p["party_org_id"]] = p["kind"]
    formal, functional = set(), set()
    for c in _rows(folder, "party_org_covers"):
        kind = party.get(c["party_org_id"])
        if kind and _within(c.get("since", ""), c.get("until", ""), as_of):
            (formal if kind in FORMAL else functional if kind in FUNCTIONAL else set()).add(
                c["org_id"]
            )
    posted = {
        p["body_id"]
        for p in _rows(folder, "posts")
        if p["body_type"] == "org"
        and p["role"] in ("liaison", "instructor")
        and _within(p.get("start", ""), p.get("end", ""), as_of)
    }
    out: Counter = Counter()
    for o in _rows(folder, "organizations"):
        if o["kind"] not in ("social_group", "social_service", "foundation"):
            continue
        status = o.get("status") or "active"
        founded, gone_on = o.get("founded", ""), o.get("deregistered_on", "")
        exists = (not founded or founded <= as_of) and (
            gone_on > as_of if gone_on else status not in ("deregistered", "revoked")
        )
        since, until = o.get("abnormal_since", ""), o.get("abnormal_until", "")
        if since or until:
            abnormal = (not since or since <= as_of) and (not until or as_of < until)
        else:
            abnormal = status == "abnormal"
        code = o["region_code"]
        if not exists or abnormal or code[4:6] == "00":  # based above county level
            continue
        org = o["org_id"] in formal
        func = not org and o["org_id"] in functional
        work = org or func or o["org_id"] in posted
        out[(code[:6], "orgs")] += 1
        out[(code[:6], "org")] += org
        out[(code[:6], "func")] += func
        out[(code[:6], "work")] += work
    counties = sorted({county for county, _ in out})
    return {
        c: (out[(c, "orgs")], out[(c, "org")], out[(c, "func")], out[(c, "work")]) for c in counties
    }


def analysis_count(folder: Path, as_of: str) -> dict[str, tuple[int, int, int, int]]:
    cov = graphgov.coverage(graphgov.open(folder), by="county", as_of=as_of)
    counties = cov[cov["group"].str.slice(6) == "000000"]
    counties = counties[counties["group"].str.slice(4, 6) != "00"]
    return {
        r.group[:6]: (r.orgs, r.org_covered, r.functional_covered, r.work_covered)
        for r in counties.itertuples()
    }


@pytest.mark.parametrize("as_of", ["2017-12-31", None])
def test_the_sample_agrees_with_a_count_from_its_tables(as_of):
    day = as_of or graphgov.open(SAMPLE).info.as_of
    raw = raw_count(SAMPLE, day)
    assert raw and sum(n for n, *_ in raw.values()) > 0
    assert analysis_count(SAMPLE, day) == raw


@pytest.mark.parametrize("as_of", ["2018-12-31", "2020-12-31"])
def test_the_v2_dataset_agrees_with_a_count_from_its_tables(as_of):
    folder = ROOT / "data" / "v2-coverage"
    raw = raw_count(folder, as_of)
    assert analysis_count(folder, as_of) == raw
    # The hand count of tests/test_coverage_v2.py: 西湖区 without O13 (based at 杭州市).
    assert raw["330106"] == {"2018-12-31": (22, 7, 2, 9), "2020-12-31": (20, 5, 3, 8)}[as_of]
