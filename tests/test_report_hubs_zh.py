"""The hubs, social-work and linkage sections and charts in Chinese, and the names in their
tables.

The data is tests/data/handcheck-network (its rows are worked out by hand in
tests/test_network_analyses.py; the English headlines in tests/test_report_network.py):

- hubs: 4 active hubs (3 hub, 1 support) cover 2 of 3 townships (66.7%) and 5 of 7
  communities (71.4%); no hub covers 灵隐街道 (T3) or its 2 communities.
- social work: urban 2 of 6 served (33.3%), rural 0 of 1 (0.0%); 6 - 2 = 4 urban and
  ceil(1/3 * 1) = 1 rural community still to serve, so 5; 西湖区, the only county, is below
  target; the 2 served are served by an agency in the community.
- linkage: of 7 communities 2 linked (28.6%), 1 unlinked, 1 organization only, 1 worker
  only, 2 neither.
- hub overlap: H2 and H3 both cover 西溪社区 (330106002001); H1 and H2 cover none in common.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import graphgov  # noqa: E402
from graphgov.meta import Targets  # noqa: E402
from graphgov.report import charts_linkage  # noqa: E402
from graphgov.report.document import write_report  # noqa: E402
from graphgov.report.i18n import language  # noqa: E402
from graphgov.report.sections_hubs import hubs_section  # noqa: E402
from graphgov.report.sections_linkage import linkage_section, social_work_section  # noqa: E402

NAMES = {"330106000000": "西湖区"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _hubs(network_graph, **extra):
    return hubs_section(
        graphgov.hubs(network_graph),
        graphgov.hub_gaps(network_graph),
        graphgov.hub_overlap(network_graph),
        communities=7,
        townships=3,
        targets=Targets(),
        county_names=NAMES,
        **extra,
    )


def test_hubs_headline_in_chinese(network_graph):
    with language("zh"):
        section = _hubs(network_graph)
    assert section.title == "枢纽型、支持型社会组织对街道(乡镇)和城乡社区的覆盖"
    assert section.headline == (
        "枢纽型、支持型社会组织覆盖3个街道(乡镇)中的2个（66.7%，目标100%），"
        "覆盖7个城乡社区中的5个（71.4%，目标100%）："
        "在运行的枢纽型、支持型社会组织4个（枢纽型3个、支持型1个）；"
        "尚有1个街道(乡镇)、2个社区未被覆盖"
    )


def test_hubs_headline_counts_in_wan():
    # 25,000 communities and 1,200 townships; no hub covers 30 townships and 5,000
    # communities (50 townships x 100 communities): 20,000 communities covered (80.0%),
    # 1,170 townships (97.5%). 万 from 10,000 on: 2.5万, 2万; 5,000 and 1,200 stay digits.
    hubs = pd.DataFrame(
        {
            "hub_id": ["A", "B", "C"],
            "name": ["甲枢纽", "乙枢纽", "丙支持中心"],
            "hub_role": ["hub", "hub", "support"],
            "base_level": ["county", "township", "township"],
            "communities_covered": [10, 5, 1],
            "communities_reached": [10, 6, 1],
            "exclusive_communities": [9, 4, 1],
        }
    )
    towns = [f"330106{t:03d}000" for t in range(1, 31)]
    comms = [f"330106{t:03d}{c:03d}" for t in range(1, 51) for c in range(1, 101)]
    gaps = pd.DataFrame(
        {
            "region_code": towns + comms,
            "name": [f"街道{i}" for i in range(30)] + [f"社区{i}" for i in range(5000)],
            "level": ["township"] * 30 + ["community"] * 5000,
            "county_code": ["330106000000"] * 5030,
            "communities": [100] * 30 + [1] * 5000,
        }
    )
    with language("zh"):
        headline = hubs_section(hubs, gaps, communities=25_000, townships=1_200).headline
    assert headline == (
        "枢纽型、支持型社会组织覆盖1,200个街道(乡镇)中的1,170个（97.5%，目标100%），"
        "覆盖2.5万个城乡社区中的2万个（80.0%，目标100%）："
        "在运行的枢纽型、支持型社会组织3个（枢纽型2个、支持型1个）；"
        "尚有30个街道(乡镇)、5,000个社区未被覆盖"
    )


def test_hubs_tables_put_names_first_and_name_both_hubs_of_an_overlap(network_graph):
    regions = network_graph.regions
    section = _hubs(network_graph, names=dict(zip(regions["code"], regions["name"], strict=True)))
    tables = dict(section.tables)
    gaps = tables["gaps"]
    assert gaps.columns[:3].tolist() == ["name", "level_name", "county_name"]
    assert gaps["name"].tolist() == ["灵隐街道", "灵隐社区", "玉泉社区"]
    assert tables["counties"].columns[0] == "county_name"
    assert tables["hubs"].columns[:3].tolist() == ["name", "hub_role_name", "base_level_name"]
    with language("zh"):
        named = dict(_hubs(network_graph).tables)
    assert named["gaps"]["level_name"].tolist() == ["街道(乡镇)", "社区", "社区"]
    # H1 (hub, based in a township), H3 (hub, county), H2 (support, community), H5 (hub, county)
    assert named["hubs"][["name", "hub_role_name", "base_level_name"]].values.tolist() == [
        ["H1", "枢纽型", "街道(乡镇)"],
        ["H3", "枢纽型", "区县"],
        ["H2", "支持型", "社区"],
        ["H5", "枢纽型", "区县"],
    ]
    overlap = tables["overlap"]
    assert overlap.columns[:3].tolist() == ["hub_a_name", "hub_b_name", "community_names"]
    assert overlap[["hub_a_name", "hub_b_name", "community_names"]].values.tolist() == [
        ["H2", "H3", ["西溪社区"]],
        ["H1", "H2", []],
    ]


def test_social_work_headline_in_chinese(network_graph):
    with language("zh"):
        section = social_work_section(graphgov.social_work(network_graph), network_graph.targets)
    assert section.headline == (
        "社会工作服务覆盖6个城市社区中的2个（33.3%，目标100%），"
        "1个农村社区中的0个（0.0%，目标33.3%）；1个区县中有1个未达标，尚需服务5个社区；"
        "按服务方式：机构驻在或服务2个，机构运营的社工站（室）0个，政府购买服务0个"
    )
    assert section.tables[0][1].columns[0] == "county_name"


def test_linkage_headline_in_chinese(network_graph):
    with language("zh"):
        section = linkage_section(graphgov.linkage(network_graph, by="county"))
    assert section.headline == (
        "7个社区中，2个（28.6%）已实现社区、社会组织、社会工作者“三社联动”；"
        "1个有社会组织和社工但尚未联动，1个仅有社会组织，1个仅有社会工作者，2个两者皆无"
    )


def _by_county() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "county_code": ["330106000000"],
            "county_name": ["西湖区"],
            "communities": [2],
            "linked": [0],
            "unlinked": [2],
            "org_only": [0],
            "worker_only": [0],
            "none": [0],
        }
    )


CANDIDATES = pd.DataFrame(
    {
        "community_code": ["330106001002", "330106001001"],
        "community_name": ["乙社区", "甲社区"],
        "org_ids": [["O5"], ["O1", "O2", "O3", "O4"]],
        "worker_ids": [["P2", "P9"], ["P1"]],
    }
)
# P9 has no name (a person the roster does not name): the id stands in.
ID_NAMES = {
    "O1": "甲协会",
    "O2": "乙协会",
    "O3": "丙协会",
    "O4": "丁协会",
    "O5": "戊服务中心",
    "P1": "张三",
    "P2": "李四",
}


def test_linkage_candidates_name_organizations_and_workers(tmp_path):
    section = linkage_section(_by_county(), CANDIDATES, names=ID_NAMES)
    cand = dict(section.tables)["candidates"]
    assert cand.columns.tolist() == [
        "community_name",
        "community_org_names",
        "worker_names",
        "orgs",
        "workers",
        "community_code",
        "org_ids",
        "worker_ids",
    ]
    # 甲社区: 4 organizations + 1 worker = 5 to tie together, before 乙社区's 1 + 2 = 3.
    assert [list(r) for r in cand.itertuples(index=False)] == [
        [
            "甲社区",
            ["甲协会", "乙协会", "丙协会", "丁协会"],
            ["张三"],
            4,
            1,
            "330106001001",
            ["O1", "O2", "O3", "O4"],
            ["P1"],
        ],
        ["乙社区", ["戊服务中心"], ["李四", "P9"], 1, 2, "330106001002", ["O5"], ["P2", "P9"]],
    ]
    # The CSV keeps every id and every name.
    write_report([section], tmp_path, title="t")
    back = pd.read_csv(tmp_path / "linkage-candidates.csv", encoding="utf-8-sig", dtype=str)
    assert back.loc[0, ["community_org_names", "org_ids", "worker_names"]].tolist() == [
        "甲协会;乙协会;丙协会;丁协会",
        "O1;O2;O3;O4",
        "张三",
    ]


def test_linkage_candidates_list_cells_are_short_in_the_chinese_page(tmp_path):
    with language("zh"):
        section = linkage_section(_by_county(), CANDIDATES, names=ID_NAMES)
        write_report([section], tmp_path, title="t")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "甲协会、乙协会、丙协会等4个" in page
    assert "甲协会、乙协会、丙协会、丁协会" not in page


def _ticks(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_social_work_chart_draws_a_small_county_last_and_hatched():
    # 滨江区 has 3 communities, 0% served: the lowest share, but under 10 communities, so
    # it goes after 上城区 (25%, 30 communities) and 西湖区 (50%, 30). Bars are drawn
    # bottom-up, so the ticks read 滨江区, 西湖区, 上城区 (上城区 at the top).
    sw = pd.DataFrame(
        {
            "county_code": ["330102000000", "330106000000", "330108000000"],
            "county_name": ["上城区", "西湖区", "滨江区"],
            "urban_communities": [20, 30, 2],
            "urban_served": [5, 15, 0],
            "urban_share": [0.25, 0.5, 0.0],
            "rural_communities": [10, 0, 1],
            "rural_served": [5, 0, 0],
            "rural_share": [0.5, float("nan"), 0.0],
        }
    )
    with language("zh"):
        fig, ax = charts_linkage.social_work_by_county(sw)
    assert _ticks(ax) == ["滨江区 330108", "西湖区 330106", "上城区 330102"]
    # urban bars, then rural bars, each bottom-up: only 滨江区's are hatched
    assert [p.get_hatch() for p in ax.patches] == ["////", None, None, "////", None, None]
    assert ax.get_title(loc="left") == "各区县社会工作服务覆盖的社区（机构、社工站或购买服务）"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "城市社区（目标100%）",
        "农村社区（目标33.3%）",
        "目标值",
        "不足10个社区（样本较小，置后并以斜线标示）",
    ]


def test_linkage_chart_draws_a_small_county_last():
    # 上城区: 0 of 4 linked (0%, under 10 communities); 西湖区 5 of 20 (25%); 滨江区 8 of 10
    # (80%; 10 is not under 10). Ranked 西湖区, 滨江区, then 上城区; drawn bottom-up.
    link = pd.DataFrame(
        {
            "county_code": ["330102000000", "330106000000", "330108000000"],
            "county_name": ["上城区", "西湖区", "滨江区"],
            "communities": [4, 20, 10],
            "linked": [0, 5, 8],
            "unlinked": [1, 5, 1],
            "org_only": [1, 5, 1],
            "worker_only": [1, 0, 0],
            "none": [1, 5, 0],
        }
    )
    with language("zh"):
        fig, ax = charts_linkage.linkage_by_county(link)
    assert _ticks(ax) == ["上城区 330102", "滨江区 330108", "西湖区 330106"]
    assert [t.get_text() for t in ax.texts] == [" 已联动0/4", " 已联动8/10", " 已联动5/20"]
    hatched = [p.get_hatch() for p in ax.patches[:3]]  # the linked bars, bottom-up
    assert hatched == ["////", None, None]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "已联动（与社区有联结）"
    assert legend[-1] == "不足10个社区（样本较小，置后并以斜线标示）"
