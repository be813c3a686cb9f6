"""Social work, linkage, funding, facilities and the data-quality notes on
tests/data/v2-social (v2 definitions, datasets/README.md §4.0, §4.7, §4.8, §4.11, §4.12).

西湖区 330106, as_of 2020-12-31, density targets lowered to 1 urban / 1 rural (targets.toml):

    T1 北山街道 330106002000 (a street): A 上保社区 ..002051 (urban), B 宝石社区 ..002052 (urban)
    T2 双浦镇  330106110000 (a town):   C 袁浦社区 ..110002 (urban), D 东江嘴村 ..110200 (rural),
                                         E 外张村 ..110201 (rural)
    西溪街道 330106004000: a street without communities.

Social-work agencies: S1 based in A; S2 based in the county; S3 abnormal from 2020-06-01;
S4 founded 2021-03-01. Other organizations: O2 (county), O3 (B), O4 (C), community
organizations O5 (D; serves T2), O6 (E), O8 (A); hub H1 based in T1; O9 abnormal (status,
no dates) in B; O10 revoked without a date (C); O11 deregistered on 2020-05-01 (D); O12
deregistered on 2021-02-01 (E), so still active on as_of.

Stations: F1 in B run by S2; F2 in C run by S3; F3 in E run by S1, closed 2020-06-30.
Purchased services (provider -> target, period, amount):

    a  S1 -> A   2020-01-01..       50,000      e  S4 -> E   2021-04-01..      60,000
    h  S2 -> A   2020-01-01..       (no amount) f  S3 -> C   2019-01-01..      40,000
    b  S2 -> D   2020-01-01..2021-06-30 100,000 g  S1 -> B   2019-01-01..2019-12-31 10,000
    c  O2 -> E   2020-05-01..       30,000
    d  O5 -> T2  2020-01-01..       20,000

Posts (all from 2019-01-01 unless said): W1 social worker at S1; W2 at O3; P1 chair of O3
and committee member of PCB (宝石's community Party organization, founded 2018); W3
part-time member of PCC (袁浦's, from 2019-06-01; PCC dissolved 2020-12-01); W4 at O5; W5 at
O6. Covers: PBS3 -> S3 (since 2019); PJ -> O9 (since 2021-01-01); PJ -> O3.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import graphgov
from graphgov.analyses.facilities import facilities
from graphgov.analyses.funding import funding, gap_communities
from graphgov.analyses.linkage import linkage, linkage_candidates
from graphgov.analyses.quality import abnormal_covers, org_standing
from graphgov.analyses.social_work import social_work

DATA = Path(__file__).parent / "data" / "v2-social"
A, B, C, D, E = "330106002051", "330106002052", "330106110002", "330106110200", "330106110201"
T1, T2, COUNTY = "330106002000", "330106110000", "330106000000"
EARLY = "2020-03-01"  # S3 not yet abnormal, F3 open, PCC not yet dissolved, c not started


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return graphgov.open(DATA)


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    with (DATA / "organizations.csv").open(encoding="utf-8") as f:
        return {row["name"]: row["org_id"] for row in csv.DictReader(f)}


def rows(df, cols):
    return [tuple(r) for r in df[cols].itertuples(index=False)]


# --- social work (§4.7) -------------------------------------------------------------------


def test_social_work_three_paths(g):
    # Agencies active on as_of: S1, S2 (S3 abnormal, S4 not founded).
    # agency: S1 is based in A -> {A}.
    # station: F1 (B, run by S2) counts; F2's operator S3 is abnormal; F3 is closed -> {B}.
    # purchase: a (S1 -> A), h (S2 -> A), b (S2 -> D); c's O2 is no agency, f's S3 is
    #   abnormal -> {A, D}.
    # Served: A, B (urban, of A B C), D (rural, of D E).
    out = social_work(g)
    assert rows(out, ["county_code", "urban_communities", "urban_served"]) == [(COUNTY, 3, 2)]
    assert out["urban_share"].tolist() == pytest.approx([2 / 3])
    assert rows(out, ["rural_communities", "rural_served", "rural_share"]) == [(2, 1, 0.5)]
    paths = ["served_by_agency", "served_by_station", "served_by_purchase"]
    assert rows(out, paths) == [(1, 1, 2)]  # A counts under two paths


def test_social_work_early(g):
    # On 2020-03-01 S3 is active: F2 serves C and f buys for C; F3 (S1) still serves E.
    # agency {A}; station {B, C, E}; purchase {A, C, D}: every community served.
    out = social_work(g, as_of=EARLY)
    cols = ["urban_served", "rural_served", "served_by_agency", "served_by_station"]
    assert rows(out, [*cols, "served_by_purchase"]) == [(3, 2, 1, 3, 3)]


# --- linkage (§4.8) -----------------------------------------------------------------------


def test_linkage_community_tie(g):
    # A: W1 at S1 (based in A); S1's purchased service a is for A: tie -> linked.
    # B: W2 at O3; P1 chairs O3 and sits on PCB, which leads B: tie -> linked.
    # C: O4 in it; W3's post is at PCC, dissolved 2020-12-01: no worker -> org_only.
    # D: W4 at O5, which serves D's township T2: tie -> linked.
    # E: W5 at O6, O6 has no link and shares nobody with E's bodies -> unlinked; O2's
    #    purchased service for E does not put O2 in E.
    out = linkage(g)
    assert rows(out, ["community_code", "has_org", "has_worker", "linked", "community_tie"]) == [
        (A, True, True, True, True),
        (B, True, True, True, True),
        (C, True, False, False, False),
        (D, True, True, True, True),
        (E, True, True, True, False),
    ]
    assert out["status"].tolist() == ["linked", "linked", "org_only", "linked", "unlinked"]
    county = linkage(g, by="county")
    cols = ["communities", "linked", "unlinked", "org_only", "worker_only", "none"]
    assert rows(county, cols) == [(5, 3, 1, 1, 0, 0)]


def test_linkage_party_org_post_counts_while_it_exists(g):
    # On 2020-03-01 PCC exists: W3's part-time post there makes C's has_worker true, and no
    # worker at O4 leaves it unlinked.
    out = linkage(g, as_of=EARLY).set_index("community_code")
    assert tuple(out.loc[C, ["has_worker", "linked", "status"]]) == (True, False, "unlinked")


def test_linkage_candidates(g, ids):
    # E: O6 and O12 (deregistered only on 2021-02-01) are in it; W5 works at O6.
    out = linkage_candidates(g)
    assert rows(out, ["community_code", "community_name"]) == [(E, "外张村")]
    assert out["org_ids"].tolist() == [sorted([ids["O12"], "O6"])]
    assert out["worker_ids"].tolist() == [["W5"]]
    early = linkage_candidates(g, as_of=EARLY)
    assert early["community_code"].tolist() == [C, E]
    assert early["worker_ids"].tolist() == [["W3"], ["W5"]]


# --- funding (§4.11) ----------------------------------------------------------------------


def test_gap_communities(g):
    # density (targets 1/1): A has O8, D has O5, E has O6; B and C have no community org.
    # hub coverage: H1 (based in T1) covers A and B; C, D, E uncovered.
    # linkage: C org_only, E unlinked.  A misses nothing.
    assert gap_communities(g, g.info.as_of, g.targets).tolist() == [B, C, D, E]


def test_funding(g):
    # Active on as_of with an active provider: a, h (A, in T1), b (D), c (E), d (T2).
    # e starts later (and S4 is not founded), f's provider S3 is abnormal, g ended.
    # County: 5 projects, 50,000 + 100,000 + 30,000 + 20,000 = 200,000 (h has no amount);
    #   providers S1 S2 O2 O5; communities A D E; to gap communities: b (D) + c (E) =
    #   130,000 of 200,000 = 0.65.
    # T1: a, h: 50,000 from S1 S2 to A (not a gap): 0.
    # T2: b, c, d: 150,000 from S2 O2 O5 to D E (and T2 itself): 130,000 / 150,000.
    out = funding(g)
    assert rows(out, ["region_code", "name", "level", "projects", "amount_cny"]) == [
        (COUNTY, "西湖区", "county", 5, 200_000.0),
        (T1, "北山街道", "township", 2, 50_000.0),
        (T2, "双浦镇", "township", 3, 150_000.0),
    ]
    assert rows(out, ["providers", "communities_served"]) == [(4, 3), (2, 1), (3, 2)]
    assert out["share_to_gap_communities"].tolist() == pytest.approx([0.65, 0.0, 130 / 150])


def test_funding_early(g):
    # On 2020-03-01: c has not started; f (S3 -> C, 40,000) counts, S3 not yet abnormal.
    # County: a h b d f = 5 projects, 210,000; to gaps D (hub) 100,000 + C 40,000.
    out = funding(g, as_of=EARLY)
    assert rows(out, ["region_code", "projects", "amount_cny", "providers"]) == [
        (COUNTY, 5, 210_000.0, 4),
        (T1, 2, 50_000.0, 2),
        (T2, 3, 160_000.0, 3),
    ]
    assert out["share_to_gap_communities"].tolist() == pytest.approx([140 / 210, 0.0, 140 / 160])


def test_funding_with_the_default_targets(g):
    # With 15 / 5 every community misses density, so all money for communities goes to
    # gap communities: county 180,000 of 200,000 (d is for the township), T1 all, T2
    # 130,000 of 150,000.
    out = funding(g, targets=graphgov.Targets())
    assert out["share_to_gap_communities"].tolist() == pytest.approx([0.9, 1.0, 130 / 150])


# --- facilities (§4.12) -------------------------------------------------------------------


def test_facilities(g):
    # Service centres: F4 city, F5 county, F6 北山街道 (opened 2020-09-01), F7 in A (closed
    # 2020-10-31). Party-mass centres: F8 county (standardized), F9 双浦镇, F10 in B
    # (standardized), F11 in D (rural: not an urban community).
    out = facilities(g)
    assert rows(
        out, ["level", "units", "with_service_center", "with_party_mass_center", "standardized"]
    ) == [
        ("city", 1, 1, 0, 0),
        ("county", 1, 1, 1, 1),
        ("township", 3, 1, 1, 0),
        ("street", 2, 1, 0, 0),  # 北山街道 and 西溪街道 (codes 002, 004); 双浦镇 is 110
        ("urban_community", 3, 0, 1, 1),
    ]
    assert out["service_center_share"].tolist() == pytest.approx([1.0, 1.0, 1 / 3, 0.5, 0.0])


def test_facilities_early(g):
    # On 2020-06-01 F6 is not open yet and F7 still is.
    out = facilities(g, as_of="2020-06-01").set_index("level")["with_service_center"]
    assert out.to_dict() == {
        "city": 1, "county": 1, "township": 0, "street": 0, "urban_community": 1,
    }  # fmt: skip


# --- data quality (§4.0) ------------------------------------------------------------------


def test_org_standing(g):
    # active status: 10, S4 not yet founded. abnormal: S3 (since 2020-06-01), O9 (no dates).
    # deregistered: O11 gone on 2020-05-01, O12 only on 2021-02-01 (still active).
    # revoked: O10 without a date: gone on every date, and counted as undated.
    out = org_standing(g)
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("active", 10, 9, 0, 0, 1, 0),
        ("abnormal", 2, 0, 2, 0, 0, 0),
        ("deregistered", 2, 1, 0, 1, 0, 0),
        ("revoked", 1, 0, 0, 1, 0, 1),
    ]
    early = org_standing(g, as_of=EARLY)
    assert early["active"].tolist() == [9, 1, 2, 0]  # S3 not yet abnormal; O11 not yet gone


def test_abnormal_covers(g, ids):
    # PBS3 covers S3, abnormal since 2020-06-01; PJ's cover of O9 starts 2021-01-01.
    out = abnormal_covers(g)
    assert rows(out, ["party_org_id", "party_org_kind", "org_id", "org_name"]) == [
        ("PBS3", "branch", ids["S3"], "S3")
    ]
    assert out["abnormal_since"].tolist() == ["2020-06-01"]
    assert abnormal_covers(g, as_of=EARLY).empty
    later = abnormal_covers(g, as_of="2021-06-01")
    assert rows(later, ["party_org_id", "org_name"]) == [("PBS3", "S3"), ("PJ", "O9")]
    assert later["abnormal_since"].isna().tolist() == [False, True]


def test_data_section_on_the_date_asked(g):
    # The org-standing counts of test_org_standing and the action item of
    # test_abnormal_covers; revoked (撤销) is counted apart from deregistered (注销).
    from graphgov.report.sections import data_section

    status = graphgov.run_analysis(g, "org-status")
    section = data_section(
        g.counts, g.rejects, status, standing=org_standing(g), abnormal_covers=abnormal_covers(g)
    )
    assert section.headline.endswith(
        "left out of every analysis on the date asked: 2 abnormal, 1 deregistered (注销), "
        "1 revoked (撤销) and 1 not yet founded organizations (1 deregistered or revoked "
        "without a date, taken as gone on every date); action items: 1 Party organization "
        "in 1 abnormal organization"
    )
    tables = dict(section.tables)
    assert list(tables["org-status"]["status"].unique()[:2]) == ["revoked", "deregistered"]
    assert tables["action-items"]["party_org_id"].tolist() == ["PBS3"]
