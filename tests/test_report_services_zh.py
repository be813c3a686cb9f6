"""The funding, facilities and cross-appointments sections in Chinese, their tables' names,
and the small-group ranking of their charts (issue 14, part D).

The data: tests/data/v2-social (funding and facilities, worked out in
tests/test_v2_social.py) and tests/data/handcheck-network (cross-appointments, worked out
in tests/test_network_analyses.py); hand-built frames where a number must be large.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import graphgov  # noqa: E402
from graphgov.analyses.metrics import cut_points  # noqa: E402
from graphgov.analyses.network import network_metrics  # noqa: E402
from graphgov.analyses.projections import projection  # noqa: E402
from graphgov.report import charts_services  # noqa: E402
from graphgov.report.i18n import language  # noqa: E402
from graphgov.report.sections_services import (  # noqa: E402
    facilities_section,
    funding_section,
    money,
)
from graphgov.report.sections_ties import cross_appointments_section  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def social() -> graphgov.Graph:
    return graphgov.open(DATA / "v2-social")


@pytest.fixture(scope="module")
def network() -> graphgov.Graph:
    return graphgov.open(DATA / "handcheck-network")


def _funding(rows: list[tuple]) -> pd.DataFrame:
    """County rows of a `funding` table: (code, name, projects, amount, providers,
    communities served, share to gap communities)."""
    cols = ["region_code", "name", "projects", "amount_cny", "providers",
            "communities_served", "share_to_gap_communities"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols).assign(level="county")


def _cross_appointments(g: graphgov.Graph, **names) -> object:
    interlock = network_metrics(g, "interlock")
    return cross_appointments_section(
        graphgov.cross_appointments(g),
        graphgov.cross_appointment_ties(g),
        interlock.nodes,
        cut_points(projection(g, "appointments")),
        note=interlock.note,
        **names,
    )


# --- headlines --------------------------------------------------------------------------


def test_funding_headline_in_chinese(social):
    # 西湖区: 5 projects, 200,000 yuan = 20万元, 130,000 of it (65.0%) to gap communities;
    # 4 providers, 3 communities served.
    with language("zh"):
        section = funding_section(graphgov.run_analysis(social, "funding"))
    assert section.title == "政府购买服务"
    assert section.headline == (
        "5个在实施的政府购买服务项目共20万元，其中65.0%投向未达标社区（社区社会组织密度、"
        "枢纽型社会组织覆盖或三社联动未达标）；承接主体4家，服务社区3个，涉及1个县（市、区）"
    )


def test_funding_headline_counts_in_wan_and_money_in_wan_yuan():
    rows = _funding([("330106000000", "西湖区", 23_456, 123_456_789.0, 9_999, 10_000, 0.5)])
    with language("zh"):
        headline = funding_section(rows).headline
    # 23,456 projects -> 2.3万; 123,456,789 yuan -> 12,345.7万元; 10,000 communities -> 1万.
    assert headline.startswith("2.3万个在实施的政府购买服务项目共12,345.7万元，其中50.0%投向")
    assert headline.endswith("承接主体9,999家，服务社区1万个，涉及1个县（市、区）")
    with language("zh"):
        assert (money(5_000.0), money(200_000.0)) == ("0.5万元", "20万元")
    assert money(5_000.0) == "¥5,000"


def test_funding_without_projects_in_chinese(network):
    with language("zh"):
        section = funding_section(graphgov.run_analysis(network, "funding"))
    assert section.headline == "数据中没有在实施的政府购买服务项目"


def test_facilities_headline_in_chinese(social):
    # City 1 of 1, county 1 of 1, streets 1 of 2 against 50%, urban communities 0 of 3
    # against 50%: one of the 4 levels with a claim misses it (townships have none).
    with language("zh"):
        section = facilities_section(graphgov.run_analysis(social, "facilities"))
    assert section.headline == (
        "社会组织服务中心：市级1/1个（100.0%，通报口径100%），县级1/1个（100.0%，通报口径100%），"
        "街道1/2个（50.0%，通报口径50%），城市社区0/3个（0.0%，通报口径50%）；"
        "4个层级中有1个未达到通报口径"
    )
    levels = dict(section.tables)["levels"]
    assert levels.columns[:2].tolist() == ["level_name", "level"]
    names = ["市", "县（市、区）", "乡镇（街道）", "街道", "城市社区"]
    assert levels["level_name"].tolist() == names


def test_facilities_headline_when_every_claim_is_met():
    rows = pd.DataFrame(
        {"level": ["city", "street"], "units": [1, 4], "with_service_center": [1, 2],
         "service_center_share": [1.0, 0.5], "with_party_mass_center": [1, 0],
         "standardized": [0, 0]}
    )  # fmt: skip
    assert facilities_section(rows).headline == (
        "Social-organization service centres: cities 1 of 1 (100.0%, seed: 100%), streets "
        "2 of 4 (50.0%, seed: 50%); the claim is met at all 2 levels"
    )
    with language("zh"):
        assert facilities_section(rows).headline.endswith("；2个层级均达到通报口径")


def test_cross_appointments_headline_in_chinese(network):
    # P1 P5 to registered organizations, P2 P6 to filed ones only, none party to party;
    # they tie C11 C12 C22; the appointments network has 4 cut points (P5 PT P1 P3).
    with language("zh"):
        section = _cross_appointments(network)
    assert section.title == "交叉任职与交叉任职网络"
    assert section.headline == (
        "社区党组织与社会组织党组织交叉任职0人，交叉任职人员共4人（社区与登记社会组织交叉任职2人，"
        "仅与备案社区社会组织交叉任职2人），联结3个社区与社会组织；关键节点4个（相关人员或组织"
        "一旦缺位，部分社区即与社会组织断开联系）"
    )
    tables = dict(section.tables)
    assert tables["types"]["type_name"].tolist() == [
        "社区党组织与社会组织党组织交叉任职",
        "社区与登记社会组织交叉任职",
        "仅与备案社区社会组织交叉任职",
    ]
    network_rows = dict(tables["network"].values.tolist())
    assert network_rows["中介中心性最高的组织"] == "PT党组织（party_org:PT）"
    assert network_rows["有现职人员的组织"] == "11"


# --- names first ------------------------------------------------------------------------


def test_funding_tables_put_names_first_and_name_each_townships_county(social):
    tables = dict(funding_section(graphgov.run_analysis(social, "funding")).tables)
    assert tables["counties"].columns[:2].tolist() == ["name", "region_code"]
    townships = tables["townships"]
    assert townships.columns[:3].tolist() == ["name", "county_name", "region_code"]
    assert townships[["name", "county_name"]].values.tolist() == [
        ["北山街道", "西湖区"],
        ["双浦镇", "西湖区"],
    ]


def test_cross_appointment_tables_name_persons_and_organizations(network):
    section = _cross_appointments(
        network, person_names={"P1": "张一", "P5": "王五"}, org_names={"Q": "求是社"}
    )
    tables = dict(section.tables)
    persons = tables["persons"]
    assert persons.columns.tolist() == [
        "person_name", "person_id", "type_name", "type", "bodies", "community_names",
        "organization_names", "communities", "organizations",
    ]  # fmt: skip
    assert persons["person_id"].tolist() == ["P5", "P1", "P2", "P6"]
    assert persons["person_name"].tolist() == ["王五", "张一", "", ""]
    communities = [["文新社区"], ["北山社区"], ["保俶社区"], ["保俶社区"]]
    assert persons["community_names"].tolist() == communities
    # H3 and X are bodies of the network; Q is named only by org_names, Z by its own body.
    orgs = [["H3"], ["X"], ["求是社", "Z"], ["求是社", "Z"]]
    assert persons["organization_names"].tolist() == orgs
    assert persons["organizations"].tolist()[2] == ["Q", "Z"]  # the ids stay beside the names
    ties = tables["ties"]
    assert ties.columns[:3].tolist() == ["community_name", "organization_names", "community_code"]
    assert ties["organization_names"].tolist() == [["X"], ["H3"], ["求是社", "Z"]]
    cuts = tables["cut-points"]
    assert cuts.columns[:3].tolist() == ["name", "node_type_name", "node"]
    assert cuts["name"].tolist() == ["王五", "PT党组织", "张一", "P3"]  # P3 has no name
    assert cuts["node_type_name"].tolist() == ["Person", "Party organization", "Person", "Person"]
    assert tables["bodies"].columns[:3].tolist() == ["name", "node_type_name", "node"]


def test_cross_appointment_names_without_lookups_fall_back_to_ids(network):
    with language("zh"):
        tables = dict(_cross_appointments(network).tables)
    assert tables["persons"]["person_name"].tolist() == ["", "", "", ""]
    assert tables["persons"]["organization_names"].tolist()[2] == ["Q", "Z"]
    assert tables["cut-points"]["node_type_name"].tolist() == ["人员", "党组织", "人员", "人员"]


# --- charts: ranked by value, small groups last -----------------------------------------


def test_facilities_chart_ranks_levels_and_puts_small_ones_last():
    rows = pd.DataFrame(
        {"level": ["city", "county", "township", "street", "urban_community"],
         "units": [2, 12, 0, 20, 40], "with_service_center": [2, 6, 0, 5, 24],
         "service_center_share": [1.0, 0.5, None, 0.25, 0.6],
         "with_party_mass_center": [2, 12, 0, 20, 40], "standardized": [0, 0, 0, 0, 0]}
    )  # fmt: skip
    with language("zh"):
        fig, ax = charts_services.facilities_by_level(rows)
    # Top to bottom: urban communities 60%, counties 50%, streets 25%; then the cities,
    # 2 of 2 (100%) but only 2 units. Ticks read bottom to top.
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["市", "街道", "县（市、区）", "城市社区"]
    service_bars = ax.containers[0]
    assert [bar.get_hatch() for bar in service_bars] == ["////", None, None, None]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[-1] == "不足10个单位（样本较小，置后并以斜线标示）"
    assert [h.get_hatch() for h in fig.legends[0].legend_handles[:2]] == [None, None]


def test_funding_chart_draws_counties_of_few_projects_after_the_others():
    rows = _funding(
        [
            ("330106000000", "西湖区", 40, 1_000_000.0, 30, 20, 0.5),
            ("330326000000", "平阳县", 3, 3_000_000.0, 3, 2, 0.2),
        ]
    )
    fig, ax = charts_services.funding_by_county(rows)
    # 平阳县 has the larger amount (300万元) but 3 projects: drawn below 西湖区 (100万元).
    assert [t.get_text() for t in ax.get_yticklabels()] == ["平阳县 330326", "西湖区 330106"]
    gap_bars = ax.containers[0]
    assert [bar.get_width() for bar in gap_bars] == pytest.approx([60.0, 50.0])  # 万元 to gaps
    assert [bar.get_hatch() for bar in gap_bars] == ["////", None]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[-1] == "Fewer than 10 projects (drawn last, hatched)"


def test_cross_appointments_section_of_a_dataset_without_any(network):
    # No cross-appointed person, tie, body or cut point (as in a dataset without posts):
    # every table is there, empty, with its name columns.
    empty = {
        "persons": ["person_id", "type", "bodies", "communities", "organizations"],
        "ties": ["community_code", "community_name", "persons", "party_to_party", "org_ids"],
        "bodies": ["node", "name", "sector", "degree", "strength", "betweenness",
                   "betweenness_pairs", "betweenness_se", "pagerank", "component", "louvain"],
        "cuts": ["node", "name", "sector", "pieces", "separated_pairs", "communities_cut",
                 "organizations_cut"],
    }  # fmt: skip
    frames = {k: pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
              for k, cols in empty.items()}  # fmt: skip
    with language("zh"):
        section = cross_appointments_section(
            frames["persons"], frames["ties"], frames["bodies"], frames["cuts"],
            person_names={"P1": "张一"},
        )  # fmt: skip
    assert section.headline.startswith("社区党组织与社会组织党组织交叉任职0人，交叉任职人员共0人")
    tables = dict(section.tables)
    assert tables["cut-points"].empty and tables["persons"].empty
    assert tables["cut-points"].columns[:3].tolist() == ["name", "node_type_name", "node"]
    assert dict(tables["network"].values.tolist())["中介中心性最高的组织"] == "无"
