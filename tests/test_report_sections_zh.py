"""The data, coverage, gaps and density sections and their charts in Chinese; small groups
drawn last; names beside codes. Every expected value is worked out by hand in the test."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from graphgov.meta import Targets  # noqa: E402
from graphgov.report import charts  # noqa: E402
from graphgov.report.i18n import (
    LANGS,  # noqa: E402
    language,  # noqa: E402
)
from graphgov.report.sections import (  # noqa: E402
    coverage_section,
    data_section,
    density_section,
    gaps_section,
    missing_section,
)
from graphgov.report.summaries import GAP_LABELS, SECTION_KEYS, TITLES, title  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _top_down(ax) -> list[str]:
    """The y tick labels of horizontal bars, from the top of the chart down."""
    ticks = zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True)
    return [label for _, label in sorted(ticks, reverse=True)]


def _coverage(rows: list[tuple[str, str, int, int, int]]) -> pd.DataFrame:
    """Coverage rows from (group, name, orgs, org_covered, work_covered)."""
    df = pd.DataFrame(rows, columns=["group", "group_name", "orgs", "org_covered", "work_covered"])
    return df.assign(
        org_coverage=df["org_covered"] / df["orgs"],
        functional_covered=0,
        work_coverage=df["work_covered"] / df["orgs"],
    )


@pytest.fixture
def province() -> pd.DataFrame:
    """The issue's chart: 浙江省 2 of 2 (100%), 杭州市 1,033 of 1,237 (83.5%), 温州市
    1,044 of 1,204 (86.7%)."""
    return _coverage(
        [
            ("330000000000", "浙江省", 2, 2, 2),
            ("330100000000", "杭州市", 1237, 1033, 1235),
            ("330300000000", "温州市", 1204, 1044, 1202),
        ]
    )


def test_zh_coverage_headline_uses_wan_and_one_decimal():
    # 12,345 organizations: 10,234 covered = 82.90%, functional 123 = 1.00%, work 12,000 =
    # 97.21%; in 万: 12,345 / 10,000 = 1.2345 -> 1.2万.
    cov = _coverage([("330100000000", "杭州市", 12_345, 10_234, 12_000)]).assign(
        functional_covered=123
    )
    with language("zh"):
        section = coverage_section(cov, targets=Targets())
    assert section.headline == (
        "党的组织覆盖率82.9%（浙江2018年基准82.9%，全国61.7%），功能型、拓展型党组织另覆盖"
        "1.0%；党的工作覆盖率97.2%，共1.2万家正常活动的登记社会组织"
    )
    assert section.title == "社会组织党的组织覆盖和工作覆盖"
    assert section.definition.startswith("正常活动的社会团体、社会服务机构和基金会中")


def test_en_coverage_headline_keeps_the_full_count():
    cov = _coverage([("330100000000", "杭州市", 12_345, 10_234, 12_000)])
    assert coverage_section(cov).headline.endswith(
        "work coverage 97.2% of 12,345 active registered organizations"
    )


def test_coverage_chart_puts_a_group_of_two_last(province):
    fig, ax = charts.coverage_by_city(province)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    # By coverage: 温州市 86.7%, 杭州市 83.5%; 浙江省 (2 organizations, 100%) after them.
    assert ticks == ["温州市\n330300", "杭州市\n330100", "浙江省\n330000"]
    bars = ax.containers[0].patches
    assert [round(b.get_height(), 3) for b in bars] == [0.867, 0.835, 1.0]
    assert [bool(b.get_hatch()) for b in bars] == [False, False, True]
    # Drawn a little apart: positions 0, 1, then 2.5.
    assert [b.get_x() + b.get_width() / 2 for b in bars] == pytest.approx([0, 1, 2.5])
    assert [t.get_text() for t in ax.texts] == ["86.7%", "83.5%", "100.0% (of 2)"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Fewer than 10 organizations (drawn last, hatched)" in legend


def test_coverage_chart_many_groups_never_lead_with_a_small_one(province):
    # 16 groups -> horizontal bars, the first group at the top: the 15 cities of 20
    # organizations ranked by coverage (k / 20 for k = 20 .. 6), then 浙江省.
    cities = [(f"33{k:02d}00000000", f"市{k}", 20, k, 20) for k in range(6, 21)]
    cov = pd.concat([province.iloc[[0]], _coverage(cities)], ignore_index=True)
    fig, ax = charts.coverage_by_city(cov)
    top_down = _top_down(ax)
    assert top_down[0] == "市20 332000" and top_down[-1] == "浙江省 330000"
    assert top_down[1:3] == ["市19 331900", "市18 331800"]


def test_coverage_chart_in_chinese(province):
    with language("zh"):
        fig, ax = charts.coverage_by_city(province)
    assert ax.get_title(loc="left") == "社会组织党的组织覆盖率"
    assert ax.get_ylabel() == "占正常活动登记社会组织的比例"
    assert ax.texts[-1].get_text() == "100.0%（共2家）"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [
        "党的组织覆盖（单独或联合建立正式党组织）",
        "不足10家社会组织（样本较小，置后并以斜线标示）",
        "党的工作覆盖（含党建工作联络员、党建指导员）",
        "浙江2018年基准 82.9%",
        "全国2017年 61.7%",
    ]


def _county(code: str, name: str, urban: int, rural: int, short: int) -> dict:
    """A ``density --by county`` row: `urban` urban and `rural` rural communities, with
    `short` the urban shortfall (the rural averages reach the target)."""
    return {
        "county_code": code,
        "county_name": name,
        "urban_communities": urban,
        "urban_average": 15 - short / urban if urban else float("nan"),
        "urban_shortfall": short,
        "rural_communities": rural,
        "rural_average": 5.0,
        "rural_shortfall": 0,
        "communities": urban + rural,
        "shortfall": short,
    }


def test_density_chart_puts_a_county_of_few_communities_last():
    # 小县: 3 communities, 9 short (the largest); 大区 40 short 4; 中县 12 short 6.
    table = pd.DataFrame(
        [
            _county("330101000000", "小县", 3, 0, 9),
            _county("330102000000", "大区", 30, 10, 4),
            _county("330103000000", "中县", 8, 4, 6),
        ]
    )
    with language("zh"):
        fig, ax = charts.density_by_county(table)
    top_down = _top_down(ax)
    assert top_down == ["中县 330103", "大区 330102", "小县 330101"]
    # Urban bars bottom-up: 小县 (hatched), 大区, 中县.
    urban = ax.containers[0].patches
    assert [bool(b.get_hatch()) for b in urban] == [True, False, False]
    assert ax.get_title(loc="left") == "各区县每个社区平均社区社会组织数与目标"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [
        "城市社区（平均≥15个）",
        "农村社区（村）（平均≥5个）",
        "目标",
        "不足10个社区（样本较小，置后并以斜线标示）",
    ]
    # 中县's urban bar: 15 - 6 / 8 = 14.25 -> "14.2", 6 short.
    assert " 14.2（差6个）" in [t.get_text() for t in ax.texts]


@pytest.fixture
def gaps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["A", "B", "C", "E"],
            "name": ["甲协会", "乙服务社", "丙服务中心", "丁基金会"],
            "kind": ["social_group", "social_service", "social_service", "foundation"],
            "region_code": ["330106001001", "330106002000", "330212001001", "330206001001"],
            "party_members": [0, 4, 1, 2],
            "work_covered": [False, False, False, False],
            "gap": ["needs_instructor", "must_form", "joint_candidate", "joint_candidate"],
            "suggested_form": [None, "branch", None, None],
            "manager_id": ["PZ1", "PZ1", "PZ2", "PZ2"],
            "manager_name": [
                "西湖区综合党委",
                "西湖区综合党委",
                "鄞州区综合党委",
                "鄞州区综合党委",
            ],
        }
    )


@pytest.fixture
def joint() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_id": ["J1"],
            "township_code": ["330212001000"],
            "superior_party_org_id": ["PZ2"],
            "existing_party_org_id": [None],
            "org_ids": [["C", "E"]],
            "orgs": [2],
            "party_members": [3],
            "reason_unplaced": [None],
        }
    )


REGIONS = {"330106001001": "湖滨社区", "330106002000": "北山街道", "330212001000": "中河街道"}


def test_zh_gaps_headline(gaps, joint):
    with language("zh"):
        section = gaps_section(gaps, joint, regions=REGIONS)
    # 4 in all: must form 1 (B, a branch), joint 2 (C and E, both in J1), needs 1 (A);
    # 西湖区综合党委 and 鄞州区综合党委 2 each, 西湖 first (one must-form).
    assert section.headline == (
        "4家社会组织尚未建立正式党组织：应单独组建1家（党支部1个），联合党支部候选2家"
        "（其中2家纳入1个联合党支部，含已有和拟建），需选派党建指导员1家，"
        "已有党建工作联络员、指导员或功能型党组织0家；缺口最多的责任党组织：西湖区综合党委（2家）"
    )
    assert section.title == "应建未建党组织的社会组织"


def test_gaps_tables_name_what_their_codes_say(gaps, joint):
    with language("zh"):
        section = gaps_section(gaps, joint, regions=REGIONS)
    orgs = dict(section.tables)["organizations"]
    assert list(orgs["org_id"]) == ["B", "E", "C", "A"]
    assert list(orgs["kind_name"]) == ["社会服务机构", "基金会", "社会服务机构", "社会团体"]
    assert list(orgs["gap_name"])[:2] == ["应单独组建（党员≥3名）", "纳入联合党支部（党员1–2名）"]
    assert orgs["suggested_form_name"].iloc[0] == "党支部"
    assert list(orgs["region_name"]) == ["北山街道", None, None, "湖滨社区"]
    columns = list(orgs.columns)
    assert columns.index("kind_name") + 1 == columns.index("kind")  # name, then its code
    branches = dict(section.tables)["joint-branches"]
    row = branches.iloc[0]
    assert row["org_names"] == ["丙服务中心", "丁基金会"] and row["org_ids"] == ["C", "E"]
    assert row["superior_party_org_name"] == "鄞州区综合党委"
    assert row["township_name"] == "中河街道"


def test_zh_density_headline():
    dens = pd.DataFrame(
        {
            "community_code": ["330102001001", "330102001002", "330106001201"],
            "community_name": ["湖滨社区", "清波社区", "龙坞村"],
            "county_code": ["330102000000", "330102000000", "330106000000"],
            "area_type": ["urban", "urban", "rural"],
            "orgs": [16, 10, 2],
            "target": [15, 15, 5],
            "deficit": [0, 5, 0 + 3],
            "meets_target": [True, False, False],
        }
    )
    counties = pd.DataFrame(
        [_county("330102000000", "上城区", 2, 0, 4), _county("330106000000", "西湖区", 0, 1, 0)]
    )
    with language("zh"):
        section = density_section(dens, counties, Targets())
    # Urban 16 + 10 = 26 in 2: average 13.0, 30 - 26 = 4 short; rural 2 in 1: 5 - 2 = 3
    # short; 7 in all; 1 of 3 communities (湖滨) meets the target: 33.3%.
    assert section.headline == (
        "社区社会组织城市社区平均13.0个（目标15个），农村社区平均2.0个（目标5个）："
        "尚需增加7个方能达到平均目标（城市社区4个，农村社区3个）；3个社区中有1个（33.3%）自身达到目标"
    )
    communities = dict(section.tables)["communities"]
    assert list(communities["community_name"]) == ["清波社区", "龙坞村", "湖滨社区"]
    assert list(communities["area_type_name"]) == ["城市社区", "农村社区", "城市社区"]


def test_zh_data_headline_and_labels():
    counts = {
        "regions": {"rows": 10, "accepted": 9, "rejected": 1, "duplicates": 0},
        "organizations": {"rows": 12_000, "accepted": 11_000, "rejected": 2, "duplicates": 0},
    }
    rejects = pd.DataFrame(
        {
            "table": ["regions", "organizations", "organizations"],
            "line": [4, 2, 7],
            "reason_code": ["bad_parent", "excel_mangled", "excel_mangled"],
            "message": ["parent missing", "an Excel number", "same"],
            "raw": ["330199,测试", "9.13501E+17,某协会", "9.13501E+17,另一协会"],
        }
    )
    status = pd.DataFrame({"status": ["active", "abnormal", "deregistered"], "orgs": [3, 2, 1]})
    with language("zh"):
        section = data_section(counts, rejects, status)
    # 12,010 rows = 1.2万 in 2 tables; 11,009 accepted = 1.1万; organizations do not add up
    # (11,000 + 2 != 12,000).
    assert section.headline == (
        "共1.2万行（2张表）：接受1.1万行，剔除3行，完全重复行合并0行；不计入任何分析的："
        "活动异常2家、注销1家、撤销0家（以下数据表行数对不上：社会组织）"
    )
    assert section.title == "数据来源与数据质量"
    tables = dict(section.tables)
    assert list(tables["tables"]["table_name"]) == ["行政区划", "社会组织"]
    assert list(tables["org-status"]["status_name"]) == ["注销", "活动异常", "正常"]


def test_missing_section_in_chinese():
    with language("zh"):
        section = missing_section("density", "数据集中没有社区")
    assert (section.title, section.headline) == (
        "城乡社区的社区社会组织数量",
        "未报告：数据集中没有社区",
    )
    assert section.definition == "本节所需的数据在数据集中缺失。"


def test_titles_and_gap_labels_follow_the_language():
    with language("zh"):
        assert title("gaps") == "应建未建党组织的社会组织"
        assert GAP_LABELS["joint_candidate"] == "纳入联合党支部\n（党员1–2名）"
    assert (
        title("gaps")
        == TITLES["gaps"]
        == "Where a Party organization is still to be formed (应建未建)"
    )
    assert list(GAP_LABELS) == ["must_form", "joint_candidate", "needs_instructor", "instructed"]
    with pytest.raises(KeyError, match="nosuch.title"):
        title("nosuch")


def test_gaps_charts_in_chinese(gaps):
    with language("zh"):
        fig, ax = charts.gaps_by_category(gaps)
        unmanaged = gaps.assign(
            manager_id=[None, None, "PZ2", "PZ2"],
            manager_name=[None, None, "鄞州区综合党委", "鄞州区综合党委"],
        )
        mfig, max_ = charts.gaps_by_manager(unmanaged)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "应单独组建\n（党员≥3名）\n党支部1个"
    assert ax.get_ylabel() == "社会组织数（家）"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "社会团体",
        "社会服务机构",
        "基金会",
    ]
    # A and B have no responsible Party organization ("未明确"), C and E 鄞州区综合党委: 2 each,
    # listed top-down in the crosstab's order (PZ2 before 未明确).
    assert [t.get_text() for t in max_.get_yticklabels()] == ["鄞州区综合党委", "未明确"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_has_a_heading(lang):
    with language(lang):
        headings = dict(TITLES)
    assert list(headings) == list(SECTION_KEYS)
    assert all(headings.values()) and len(set(headings.values())) == len(SECTION_KEYS)
