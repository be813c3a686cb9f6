"""Hub coverage and reach, hub gaps and overlap, and density averages (v2 definitions,
datasets/README.md, Analysis definitions, §4.4-4.6) on tests/data/v2-hubs-density, worked
out by hand.

西湖区 330106 (real NBS codes), as_of 2020-12-31, targets urban 3 and rural 2 community
organizations per community on average (its targets.toml):

    TA 灵隐街道 ..012000: A1 一一七社区 ..012001, A2 曙光社区 ..012002, A3 东山弄社区 ..012003
    TB 三墩镇   ..109000: B1 庙前街社区 ..109001 (urban), B2 绕城村委会 ..109233 (rural),
                         B3 华联村委会 ..109234 (rural)
    TC 双浦镇   ..110000: C1 袁浦社区 ..110002, C2 跃河桥社区 ..110003
    TD 翠苑街道 ..005000: D1 宋江苑社区 ..005001
    TE 古荡街道 ..007000: no communities (never a gap: there is nothing in it to cover)

Hubs (every other community is urban):

    HA hub      based in A1                 -> covers TA (its base's township) and A1 only
    HB support  based in the county; serves TC since 2019; supports a community
                organization in B2 (2019); incubates D1's organization, founded 2021-03-01
                                            -> covers TC, C1, C2; reaches B2 too
    HC hub      based in the county; serves B1 from 2020-07-01; supports OA1 (in A1)
                                            -> covers B1 (not TB: serving a community does
                                               not cover its township); reaches A1 too
    HD hub      based in TA, founded 2021-01-01: not a hub yet
    HE hub      based in C1, abnormal since 2020-10-01: a hub on 2020-06-01 only
    HG support  based in TB, deregistered on 2020-05-01: a hub on 2020-01-01 only

Registered organizations besides the hubs: OA1 (a social group in A1) and RREV (in A3,
status revoked with no date: gone on every date).

Community organizations: A1 four, and a fifth deregistered on 2020-06-30; A2 one; B1
three, one abnormal since 2020-11-01; B2 two; B3 one; C2 two; D1 one founded 2021-03-01.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphgov
from graphgov.analyses.hubs import hub_coverage, hub_reach, hub_townships

DATA = Path(__file__).parent / "data" / "v2-hubs-density"
HA, HB, HC = "52330106MJ0000101D", "52330106MJ0000102G", "52330106MJ0000103K"
HD, HE, HG = "52330106MJ0000104N", "52330106MJ0000105R", "52330106MJ00001070"
TA, TB, TC, TD = "330106012000", "330106109000", "330106110000", "330106005000"
A1, A2, A3 = "330106012001", "330106012002", "330106012003"
B1, B2, B3 = "330106109001", "330106109233", "330106109234"
C1, C2, D1 = "330106110002", "330106110003", "330106005001"


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return graphgov.open(DATA)


def rows(frame, columns) -> list[tuple]:
    return [tuple(r) for r in frame[columns].itertuples(index=False)]


def pairs(frame, columns=("hub_id", "community_code")) -> set[tuple]:
    return set(zip(*(frame[c] for c in columns), strict=True))


# --- coverage and reach -------------------------------------------------------------------


def test_coverage_reach_and_townships(g):
    # On 2020-12-31 the hubs are HA, HB, HC (HD not founded, HE abnormal, HG gone).
    assert pairs(hub_coverage(g)) == {(HA, A1), (HB, C1), (HB, C2), (HC, B1)}
    assert pairs(hub_reach(g)) == {(HA, A1), (HB, C1), (HB, C2), (HB, B2), (HC, B1), (HC, A1)}
    # HA's base A1 makes TA covered; HB serves TC; HC serves only a community of TB.
    assert pairs(hub_townships(g), ("hub_id", "township_code")) == {(HA, TA), (HB, TC)}


def test_hubs(g):
    out = graphgov.hubs(g)
    # Most communities covered first, then most reached, then id: HB (2, 3), HC (1, 2),
    # HA (1, 1). orgs_supported: HB's incubated organization is not founded yet, so 1.
    # No community is covered twice: every covered one is exclusive.
    cols = ["hub_id", "hub_role", "base_level", "orgs_supported", "townships_covered",
            "communities_covered", "communities_reached", "exclusive_communities"]  # fmt: skip
    assert rows(out, cols) == [
        (HB, "support", "county", 1, 1, 2, 3, 2),
        (HC, "hub", "county", 1, 0, 1, 2, 1),
        (HA, "hub", "community", 0, 1, 1, 1, 1),
    ]


def test_hubs_on_other_dates(g):
    # 2020-06-01: HE (not yet abnormal) covers TC and C1, which HB covers too, so neither
    # has C1 alone; HC's link to B1 starts 2020-07-01, so it covers nothing.
    mid = graphgov.hubs(g, as_of="2020-06-01").set_index("hub_id")
    assert list(mid.index) == [HB, HA, HE, HC]
    assert mid["communities_covered"].to_dict() == {HB: 2, HA: 1, HE: 1, HC: 0}
    assert mid["exclusive_communities"].to_dict() == {HB: 1, HA: 1, HE: 0, HC: 0}
    # 2021-06-01: HD (founded 2021-01-01) is based in TA: it covers TA and A1 A2 A3.
    later = graphgov.hubs(g, as_of="2021-06-01").set_index("hub_id")
    assert set(later.index) == {HA, HB, HC, HD}
    assert later.loc[HD, ["townships_covered", "communities_covered"]].tolist() == [1, 3]
    assert later.loc[HB, "orgs_supported"] == 2  # D1's organization now exists


# --- hub-gaps -----------------------------------------------------------------------------


def test_hub_gaps(g):
    out = graphgov.hub_gaps(g)
    # Uncovered townships: TB (B1 is covered by HC's serves link, B2 only reached: 2 left),
    # TD (1). TA is covered by HA, but A2 and A3 are not. TE has no communities. Most
    # communities first, a township before communities on a tie, then by code.
    assert rows(out, ["region_code", "level", "communities"]) == [
        (TB, "township", 2),
        (TD, "township", 1),
        (D1, "community", 1),
        (A2, "community", 1),
        (A3, "community", 1),
        (B2, "community", 1),
        (B3, "community", 1),
    ]
    assert set(out["county_code"]) == {"330106000000"}


def test_hub_gaps_on_other_dates(g):
    # 2020-06-01: HC's link to B1 has not started: TB has 3 uncovered communities.
    mid = graphgov.hub_gaps(g, as_of="2020-06-01")
    assert rows(mid.head(2), ["region_code", "communities"]) == [(TB, 3), (TD, 1)]
    assert B1 in set(mid["region_code"])
    # 2020-01-01: HG, based in TB, still exists: TB and its communities are covered.
    early = graphgov.hub_gaps(g, as_of="2020-01-01")
    assert early["region_code"].tolist() == [TD, D1, A2, A3]


def test_hub_gaps_county(g):
    assert len(graphgov.hub_gaps(g, county="330106")) == 7
    assert graphgov.hub_gaps(g, county="330102").empty


# --- hub-overlap --------------------------------------------------------------------------


def test_hub_overlap(g):
    # On 2020-12-31 no community is covered twice; HA covers A1 and HC reaches it (OA1).
    out = graphgov.hub_overlap(g)
    assert rows(out, ["hub_a", "hub_b", "shared_communities", "shared_reached"]) == [(HA, HC, 0, 1)]
    assert out["communities"].tolist() == [[]]
    # 2020-06-01: HB and HE both cover C1 (duplicated coverage), listed first.
    mid = graphgov.hub_overlap(g, as_of="2020-06-01")
    assert rows(mid, ["hub_a", "hub_b", "shared_communities", "shared_reached"]) == [
        (HB, HE, 1, 1),
        (HA, HC, 0, 1),
    ]
    assert mid["communities"].tolist() == [[C1], []]


# --- density ------------------------------------------------------------------------------


def test_density_per_community(g):
    d = graphgov.density(g)
    # A1: 4 (the fifth deregistered 2020-06-30); B1: 2 (one abnormal since 2020-11-01);
    # D1: its organization is founded 2021-03-01. Targets 3 urban, 2 rural.
    assert rows(d, ["community_code", "orgs", "target", "deficit", "meets_target"]) == [
        (D1, 0, 3, 3, False),
        (A1, 4, 3, 0, True),
        (A2, 1, 3, 2, False),
        (A3, 0, 3, 3, False),
        (B1, 2, 3, 1, False),
        (B2, 2, 2, 0, True),
        (B3, 1, 2, 1, False),
        (C1, 0, 3, 3, False),
        (C2, 2, 3, 1, False),
    ]
    # 2020-06-01: the fifth of A1 still exists and B1's third is not yet abnormal.
    mid = graphgov.density(g, as_of="2020-06-01").set_index("community_code")["orgs"]
    assert (mid[A1], mid[B1]) == (5, 3)


def test_density_counting_registered_organizations(g):
    # A1 also holds HA and OA1 (active); RREV in A3 is revoked; HE in C1 is abnormal.
    d = graphgov.density(g, count_registered=True).set_index("community_code")["orgs"]
    assert (d[A1], d[A3], d[C1]) == (4 + 2, 0, 0)
    assert d.sum() == graphgov.density(g)["orgs"].sum() + 2


def test_density_by_township(g):
    out = graphgov.density(g, by="township")
    # TA: urban 3 communities, 4 + 1 + 0 = 5 organizations, average 5/3, shortfall 9 - 5 = 4
    #   (the sum of its deficits is 5: A1's fourth makes up for one missing elsewhere).
    # TC: urban 2, 0 + 2 = 2, shortfall 6 - 2 = 4.  TD: urban 1, 0: 3.
    # TB: urban 1 (B1, 2: shortfall 1); rural 2 (2 + 1 = 3, average 1.5, shortfall 4 - 3 = 1).
    # Largest shortfall first, then by code (TA before TC on 4).
    cols = ["township_code", "township_name", "urban_communities", "urban_orgs",
            "urban_shortfall", "rural_communities", "rural_orgs", "rural_shortfall",
            "shortfall", "meeting"]  # fmt: skip
    assert rows(out, cols) == [
        (TA, "灵隐街道", 3, 5, 4, 0, 0, 0, 4, 1),
        (TC, "双浦镇", 2, 2, 4, 0, 0, 0, 4, 0),
        (TD, "翠苑街道", 1, 0, 3, 0, 0, 0, 3, 0),
        (TB, "三墩镇", 1, 2, 1, 2, 3, 1, 2, 1),
    ]
    assert out["urban_average"].tolist() == pytest.approx([5 / 3, 1.0, 0.0, 2.0])
    assert out["rural_average"].isna().tolist() == [True, True, True, False]
    assert out["rural_average"].iloc[3] == pytest.approx(1.5)
    assert out["share"].tolist() == pytest.approx([1 / 3, 0.0, 0.0, 1 / 3])


@pytest.mark.parametrize("level", ["county", "city", "province"])
def test_density_by_county_city_province(g, level):
    out = graphgov.density(g, by=level)
    # Urban: 7 communities, 4 + 1 + 0 + 2 + 0 + 2 + 0 = 9 organizations, 21 - 9 = 12 short;
    # rural: 2, 3 organizations, 4 - 3 = 1 short. 13 in all, where the deficits add up to
    # 14. Meeting on their own: A1, B2 (2 of 9).
    cols = ["urban_communities", "urban_orgs", "urban_shortfall", "rural_communities",
            "rural_orgs", "rural_shortfall", "communities", "shortfall", "meeting"]  # fmt: skip
    assert rows(out, cols) == [(7, 9, 12, 2, 3, 1, 9, 13, 2)]
    assert out["urban_average"].tolist() == pytest.approx([9 / 7])
    assert out["share"].tolist() == pytest.approx([2 / 9])
    assert out[f"{level}_name"].tolist() == [{"county": "西湖区", "city": "杭州市",
                                              "province": "浙江省"}[level]]  # fmt: skip


def test_count_registered_on_the_command_line(cli):
    result = cli(
        ["report", "density", "--data", str(DATA), "--count-registered", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    orgs = {r["community_code"]: r["orgs"] for r in json.loads(result.stdout)}
    assert orgs[A1] == 6
    refused = cli(["report", "hubs", "--data", str(DATA), "--count-registered"])
    assert refused.exit_code == 2
    assert "report hubs does not take --count-registered" in refused.output
