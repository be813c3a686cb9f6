"""`graphgov import`: realistic exports (tests/importdata.py) to a dataset, answers by hand.

The sources: 社会组织名录.xlsx (10 data rows below a title and an export-date row, one blank
row), 西湖区名录.csv (GB18030, 3 rows, older headers), 社区社会组织备案.xlsx (5 filings in
西湖区) and 党组织名册.xlsx (5 Party organizations). Codes are the NBS 2023 ones.
"""

from __future__ import annotations

import json
import shutil

import importdata as src
import pandas as pd
import pytest
from importdata import U

from graphgov.importer import import_sources
from graphgov.load import load_dataset


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    base = tmp_path_factory.mktemp("import")
    sources = src.all_sources(base / "in")
    res = import_sources(sources, base / "out")
    return res, base


def _table(res, name):
    return pd.read_csv(res.out / f"{name}.csv", dtype=str, keep_default_na=False)


def test_every_row_is_accounted_for(imported):
    res, _ = imported
    # organizations: 10 registry xlsx rows + 3 csv rows + 5 filings = 18
    #   imported: 西湖区书画协会, 西溪养老服务中心, 浙江省助学基金会, 宝石社区志愿者协会 and the
    #   filings 上保社区书画社, 宝石社区老年协会, 上保社区舞蹈队 = 7
    #   review: 城东文化促进会 (two 城东街道 in 金华市), 九溪睦邻会, 月亮湾社区协会 = 3
    #   rejected: 错配协会, 日期错协会, 协会类, 校验位错协会, 无代码协会, and both 翠苑 rows = 7
    #   duplicates: the csv's 西湖区书画协会 = 1
    # party_orgs: 5 rows = 4 imported + 1 to review (中共某某支部委员会: no unit, no address,
    #   its superior not in the roster); covers: 3 imported + 1 rejected (不存在的组织)
    assert res.counts() == {
        "organizations": {"rows": 18, "imported": 7, "review": 3, "rejected": 7, "duplicates": 1},
        "party_orgs": {"rows": 5, "imported": 4, "review": 1, "rejected": 0, "duplicates": 0},
        "party_org_covers": {"rows": 4, "imported": 3, "review": 0, "rejected": 1, "duplicates": 0},
    }
    assert res.balanced() and res.exit_code == 1


def test_the_output_validates_clean(imported):
    res, _ = imported
    loaded = load_dataset(res.out)
    assert loaded.exit_code == 0 and loaded.warnings == []
    assert len(loaded.tables["organizations"]) == 7
    assert str(loaded.info.as_of) == "2021-01-05"  # the export date of the title row


def test_registry_rows_placed_with_how_and_confidence(imported):
    res, _ = imported
    orgs = _table(res, "organizations").set_index("org_id")
    got = orgs.loc[
        [U[1], U[2], U[3], U[10]],
        ["region_code", "registered_at", "resolved_by", "confidence", "kind", "status", "founded"],
    ]
    assert got.values.tolist() == [
        [
            "330106002051",
            "county",
            "address:community",
            "1.00",
            "social_group",
            "active",
            "2019-03-01",
        ],
        [
            "330106004000",
            "city",
            "address:township",
            "0.90",
            "social_service",
            "active",
            "2018-05-20",
        ],
        [
            "330106000000",
            "province",
            "address:county",
            "1.00",
            "foundation",
            "deregistered",
            "2015-10-08",
        ],
        [
            "330106002052",
            "county",
            "address:community",
            "1.00",
            "social_group",
            "revoked",
            "2020-06-01",
        ],
    ]
    first = orgs.loc[U[1]]
    assert (first["source_file"], first["source_sheet"], first["source_row"]) == (
        "社会组织名录.xlsx",
        "名录",
        "4",
    )
    assert first["registered_capital_wan"] == "3" and first["supervisor_unit"] == "西湖区文化馆"
    assert first["source_authority"] == "杭州市西湖区民政局"


def test_rejects_name_the_source_cell_and_reason(imported):
    res, _ = imported
    rejects = res.rejects_frame()
    got = {(r.source_file, r.source_row): r.reason_code for r in rejects.itertuples()}
    assert got == {
        ("社会组织名录.xlsx", 7): "conflict",  # 翠苑社区服务社 vs the csv's 翠苑社区服务中心
        ("社会组织名录.xlsx", 8): "authority_mismatch",
        ("社会组织名录.xlsx", 10): "bad_date",
        ("社会组织名录.xlsx", 11): "value_unmapped",
        ("社会组织名录.xlsx", 12): "uscc_check",
        ("社会组织名录.xlsx", 14): "uscc_missing",
        ("西湖区名录.csv", 4): "conflict",
        ("党组织名册.xlsx", 5): "unit_not_found",
    }
    message = rejects.set_index("reason_code").loc["authority_mismatch", "message"]
    assert "330100" in message and "330106" in message  # both values
    bad_date = rejects.set_index("reason_code").loc["bad_date"]
    assert "2019-13-01" in bad_date["message"] and "成立登记日期" in bad_date["message"]
    assert json.loads(bad_date["raw"])["成立登记日期"] == "2019-13-01"


def test_review_queue_lists_candidates(imported):
    res, _ = imported
    review = pd.read_csv(
        res.out / "review.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    rows = review.set_index("name")
    # in source order: files by name (党组织名册 < 社会组织名录 < 社区社会组织备案), then rows
    assert list(rows.index) == [
        "中共某某支部委员会",
        "城东文化促进会",
        "九溪睦邻会",
        "月亮湾社区协会",
    ]
    chengdong = rows.loc["城东文化促进会"]
    assert chengdong["problem"] == "ambiguous" and chengdong["source_row"] == "9"
    assert "330702001000" in chengdong["candidates"] and "330783006000" in chengdong["candidates"]
    jiuxi = rows.loc["九溪睦邻会"]
    assert "330106008003" in jiuxi["candidates"] and "330106008203" in jiuxi["candidates"]
    assert rows.loc["月亮湾社区协会", "problem"] == "not_found"


def test_filing_ids_are_stable_and_domains_mapped(imported):
    res, _ = imported
    orgs = _table(res, "organizations")
    filed = orgs[orgs["kind"] == "community"].set_index("name")
    assert filed.loc["上保社区书画社", "region_code"] == "330106002051"
    assert filed.loc["宝石社区老年协会", "region_code"] == "330106002052"
    assert filed["registered_at"].unique().tolist() == ["township"]
    assert filed["domain"].tolist() == ["culture_sports", "elderly_care", "广场舞"]
    assert all(
        i.startswith("F330106002051-") or i.startswith("F330106002052-")
        for i in filed.index.map(filed["org_id"].get)
    )


def test_roster_links_superiors_units_and_regions(imported):
    res, _ = imported
    party = _table(res, "party_orgs").set_index("name")
    top = party.loc["中共西湖区社会组织综合委员会"]
    assert (top["kind"], top["region_code"], top["resolved_by"]) == (
        "comprehensive_committee",
        "330106000000",
        "address:county",
    )
    branch = party.loc["中共西湖区书画协会支部委员会"]
    assert (branch["parent_id"], branch["region_code"], branch["formal_members"]) == (
        top["party_org_id"],
        "330106002051",
        "5",
    )
    joint = party.loc["中共北山街道社会组织联合支部委员会"]
    assert (joint["kind"], joint["region_code"], joint["resolved_by"]) == (
        "joint_branch",
        "330106002000",
        "unit",
    )
    functional = party.loc["中共西湖区志愿服务功能型党支部"]
    assert (functional["region_code"], functional["resolved_by"]) == ("330106000000", "parent")
    covers = _table(res, "party_org_covers")
    assert len(covers) == 3 and U[1] in set(covers["org_id"])


def test_same_sources_give_the_same_bytes(imported, tmp_path):
    res, base = imported
    again = import_sources(sorted((base / "in").iterdir()), tmp_path / "out")
    for name in (
        "organizations.csv",
        "party_orgs.csv",
        "party_org_covers.csv",
        "regions.csv",
        "review.csv",
        "import-rejects.csv",
        "import-report.json",
        "dataset.toml",
    ):
        assert (again.out / name).read_bytes() == (res.out / name).read_bytes(), name


def test_review_round_trip_and_stale_decisions(imported, tmp_path):
    res, base = imported
    sources = tmp_path / "in"
    shutil.copytree(base / "in", sources)
    review = pd.read_csv(
        res.out / "review.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    review.loc[review["name"] == "城东文化促进会", "decision"] = "1"  # the first candidate
    review.loc[review["name"] == "九溪睦邻会", "decision"] = "330106008003"
    decided = tmp_path / "review.csv"
    review.to_csv(decided, index=False, encoding="gb18030")  # Excel saves it so
    done = import_sources(sorted(sources.iterdir()), tmp_path / "out", review=decided)
    assert done.decisions["applied"] == 2 and done.decisions["refused"] == []
    orgs = _table(done, "organizations").set_index("name")
    assert orgs.loc["城东文化促进会", ["region_code", "resolved_by"]].tolist() == [
        "330702001000",
        "review",
    ]
    assert orgs.loc["九溪睦邻会", "region_code"] == "330106008003"
    assert done.counts()["organizations"]["review"] == 1  # 月亮湾社区协会 is still undecided
    # the filing row of 九溪睦邻会 changes: its decision is refused, the row queued again
    rows = [list(r) for r in src.FILING_ROWS]
    rows[2][4] = "2019-06-02"
    src.filing_xlsx(sources / "社区社会组织备案.xlsx", rows)
    stale = import_sources(sorted(sources.iterdir()), tmp_path / "out2", review=decided)
    assert stale.decisions["applied"] == 1
    assert len(stale.decisions["refused"]) == 1 and "changed" in stale.decisions["refused"][0]
    assert stale.counts()["organizations"]["review"] == 2
