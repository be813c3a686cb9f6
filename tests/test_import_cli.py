"""`graphgov import` as a user runs it: messages, exit codes, presets, mappings, .xls, --area."""

from __future__ import annotations

import json
import re

import importdata as src
import pandas as pd
import pytest
import xlwt


@pytest.fixture
def exports(tmp_path):
    return src.all_sources(tmp_path / "in")


def test_import_prints_counts_and_exits_1_with_rows_to_review(cli, exports, tmp_path):
    res = cli(["import", *map(str, exports), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "organizations:      18 rows = 7 imported + 3 to review + 7 rejected + 1 duplicates" in (
        res.stdout
    )
    assert "preset registry (auto: header matched)" in res.stderr
    assert "西湖区名录.csv: 3 rows (header on row 2, gb18030)" in res.stderr
    assert "area: 浙江省 (330000000000" in res.stderr
    assert cli(["validate", str(tmp_path / "out")]).exit_code == 0


def test_a_clean_import_exits_0(cli, tmp_path):
    registry = tmp_path / "名录.csv"
    registry.write_text(
        "社会组织名称,统一社会信用代码,社会组织类型,登记管理机关,住所\n"
        f"西湖区书画协会,{src.U[1]},社会团体,杭州市西湖区民政局,西湖区北山街道上保社区\n",
        encoding="utf-8",
    )
    res = cli(["import", str(registry), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "1 imported + 0 to review + 0 rejected" in res.stdout
    assert "utf-8" in res.stderr
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    assert orgs.loc[0, "region_code"] == "330106002051"


def test_xls_reads_like_xlsx(cli, tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("名录")
    sheet.write(0, 0, "西湖区社会组织名录")
    for j, header in enumerate(
        ["社会组织名称", "统一社会信用代码", "社会组织类型", "登记管理机关", "成立登记日期", "住所"]
    ):
        sheet.write(1, j, header)
    row = [
        "西湖区书画协会",
        src.U[1],
        "社会团体",
        "杭州市西湖区民政局",
        43525,
        "西湖区北山街道上保社区",
    ]
    for j, value in enumerate(row):
        sheet.write(2, j, value)
    path = tmp_path / "名录.xls"
    book.save(str(path))
    res = cli(["import", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    assert orgs.loc[0, ["founded", "region_code", "source_row"]].tolist() == [
        "2019-03-01",
        "330106002051",
        "3",
    ]


def test_a_header_no_preset_knows_is_one_line(cli, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("甲,乙,丙\n1,2,3\n", encoding="utf-8")
    res = cli(["import", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "no preset matches the header (甲, 乙, 丙)" in res.stderr and "--mapping" in res.stderr


def test_a_wrong_mapping_names_the_column_and_the_nearest_header(cli, tmp_path):
    path = tmp_path / "名录.csv"
    path.write_text("社会组织名,统一社会信用代码,社会组织类型\nx,y,z\n", encoding="utf-8")
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--preset", "registry"])
    assert res.exit_code == 2
    assert "mapping 'registry' needs column 'name' (社会组织名称 / 组织名称 / 名称)" in res.stderr
    assert "nearest header present: '社会组织名'" in res.stderr


def test_a_mapping_file_of_ones_own(cli, tmp_path):
    mapping = tmp_path / "mine.toml"
    mapping.write_text(
        'shape = "registry"\n'
        "[organizations.columns]\n"
        'name = "单位名称"\norg_id = "信用代码"\nkind = "类别"\naddress = "地址"\n'
        'authority = "主管民政部门"\n'
        "[organizations.values.kind]\n"
        '"社团" = "social_group"\n',
        encoding="utf-8",
    )
    path = tmp_path / "自编.csv"
    path.write_text(
        "单位名称,信用代码,类别,主管民政部门,地址\n"
        f"西湖区书画协会,{src.U[1]},社团,杭州市西湖区民政局,西湖区北山街道上保社区\n",
        encoding="utf-8",
    )
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--mapping", str(mapping)])
    assert res.exit_code == 0, res.output
    assert "mapping mine -> organizations" in res.stderr
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    assert orgs.loc[0, ["kind", "region_code"]].tolist() == ["social_group", "330106002051"]


def test_a_mapping_with_an_unknown_key_names_its_line(cli, tmp_path):
    mapping = tmp_path / "bad.toml"
    mapping.write_text('shape = "registry"\n[organizations.columns]\nnmae = "单位名称"\n')
    path = tmp_path / "a.csv"
    path.write_text("单位名称\nx\n", encoding="utf-8")
    res = cli(["import", str(path), "--out", str(tmp_path / "o"), "--mapping", str(mapping)])
    assert res.exit_code == 2
    assert (
        "bad.toml:3" in res.stderr and "nmae" in res.stderr and "did you mean name?" in res.stderr
    )


def test_a_filing_list_needs_its_county(cli, tmp_path):
    path = tmp_path / "备案.csv"
    path.write_text(
        "组织名称,所属街道,所在社区\n上保社区书画社,北山街道,上保社区\n", encoding="utf-8"
    )
    res = cli(["import", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "--area" in res.stderr
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--area", "330106"])
    assert res.exit_code == 0, res.output
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    assert orgs.loc[0, ["region_code", "registered_at", "kind"]].tolist() == [
        "330106002051",
        "township",
        "community",
    ]
    regions = pd.read_csv(tmp_path / "out" / "regions.csv", dtype=str)
    assert regions["code"].str[:6].isin(["330000", "330100", "330106"]).all()


def test_regions_of_ones_own(cli, tmp_path):
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "code,name,level,parent_code,area_type\n"
        "330000000000,浙江省,province,,\n330100000000,杭州市,city,330000000000,\n"
        "330106000000,西湖区,county,330100000000,\n330106002000,北山街道,township,330106000000,\n"
        "330106002051,上保社区,community,330106002000,urban\n",
        encoding="utf-8",
    )
    path = tmp_path / "备案.csv"
    path.write_text("组织名称,所在社区\n上保社区书画社,上保社区\n宝石社区老年协会,宝石社区\n")
    res = cli(
        [
            "import",
            str(path),
            "--out",
            str(tmp_path / "out"),
            "--regions",
            str(regions),
            "--area",
            "330106",
        ]
    )
    assert res.exit_code == 1
    assert "2 rows = 1 imported + 1 to review" in res.stdout  # 宝石社区 is not in this file
    assert (tmp_path / "out" / "regions.csv").read_text().count("\n") == 6


def test_missing_source_and_unknown_preset_are_one_line(cli, tmp_path):
    res = cli(["import", str(tmp_path / "none.xlsx"), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    path = tmp_path / "a.csv"
    path.write_text("x\n1\n")
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--preset", "registy"])
    assert res.exit_code == 2 and "did you mean registry?" in res.stderr


def test_markup_in_a_file_name_is_shown_not_run(cli, tmp_path):
    path = tmp_path / "[bold red]x.csv"
    path.write_text("甲\n1\n", encoding="utf-8")
    res = cli(["import", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "[bold red]x.csv" in res.stderr


def test_out_must_be_new_empty_or_an_earlier_import(cli, exports, tmp_path):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    res = cli(["import", str(exports[0]), "--out", str(other)])
    assert res.exit_code == 2 and "never overwrites" in res.stderr
    assert (other / "notes.txt").read_text() == "keep me"
    out = tmp_path / "out"
    assert cli(["import", str(exports[0]), "--out", str(out)]).exit_code == 1
    assert cli(["import", str(exports[0]), "--out", str(out)]).exit_code == 1  # again: fine


def test_notes_and_summary_sheets_are_skipped_and_said(cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    table = book.active
    table.title = "名录"
    table.append(["社会组织名称", "统一社会信用代码", "社会组织类型", "登记管理机关", "住所"])
    table.append(
        ["西湖区书画协会", src.U[1], "社会团体", "杭州市西湖区民政局", "西湖区北山街道上保社区"]
    )
    notes = book.create_sheet("说明")
    notes.append(["本表由系统导出"])
    summary = book.create_sheet("统计")
    summary.append(["区县", "数量"])
    summary.append(["西湖区", 1])
    book.save(tmp_path / "名录.xlsx")
    res = cli(["import", str(tmp_path / "名录.xlsx"), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "名录.xlsx, sheet '说明': no header row" in res.stdout
    assert "名录.xlsx!统计: no preset matches the header (区县, 数量)" in res.stdout
    report = json.loads((tmp_path / "out" / "import-report.json").read_text())
    assert [(s["sheet"], s["rows"]) for s in report["skipped_sheets"]] == [("说明", 0), ("统计", 1)]


def test_every_import_reason_code_is_documented():
    from test_load_result import VALIDATION_MD

    from graphgov.importer.reasons import IMPORT_REASONS

    text = VALIDATION_MD.read_text(encoding="utf-8").split("## Import reason codes")[1]
    documented = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert documented == list(IMPORT_REASONS)


HEAD = "社会组织名称,统一社会信用代码,社会组织类型,登记管理机关,住所"


@pytest.mark.parametrize(
    ("lines", "reason", "words"),
    [
        # a township office is no registration authority
        (
            [HEAD, f"甲,{src.U[1]},社会团体,西湖区北山街道办事处,西湖区"],
            "authority_level",
            "北山街道",
        ),
        # no such authority in 浙江省 (the USCC fixes the province)
        (
            [HEAD, f"甲,{src.U[1]},社会团体,火星市民政局,西湖区"],
            "authority_unknown",
            "火星市民政局",
        ),
        # the Ministry registers national organizations: outside a province's dataset
        (
            [HEAD, f"甲,{src.U[1]},社会团体,中华人民共和国民政部,西湖区"],
            "authority_unknown",
            "民政部",
        ),
        # a cell beyond the header's last column
        (
            [HEAD, f"甲,{src.U[1]},社会团体,杭州市西湖区民政局,西湖区,多余"],
            "row_too_wide",
            "beyond",
        ),
    ],
)
def test_registry_reject_reasons(cli, tmp_path, lines, reason, words):
    path = tmp_path / "名录.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--area", "33"])
    assert res.exit_code == 1, res.output
    rejects = pd.read_csv(tmp_path / "out" / "import-rejects.csv", dtype=str, encoding="utf-8-sig")
    assert rejects["reason_code"].tolist() == [reason]
    assert words in rejects.loc[0, "message"]
    assert rejects.loc[0, ["source_file", "source_row"]].tolist() == ["名录.csv", "2"]


def test_roster_reasons_bad_number_and_an_ambiguous_unit(cli, tmp_path):
    registry = tmp_path / "名录.csv"
    registry.write_text(
        f"{HEAD}\n同名协会,{src.U[1]},社会团体,杭州市西湖区民政局,西湖区\n"
        f"同名协会,{src.U[10]},社会团体,杭州市西湖区民政局,西湖区\n",
        encoding="utf-8",
    )
    roster = tmp_path / "名册.csv"
    roster.write_text(
        "党组织名称,党组织类别,所在单位,党员人数\n"
        "中共同名协会支部委员会,党支部,同名协会,5\n"
        f"中共甲支部委员会,党支部,{src.U[1]},五人\n",
        encoding="utf-8",
    )
    res = cli(["import", str(registry), str(roster), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1, res.output
    rejects = pd.read_csv(tmp_path / "out" / "import-rejects.csv", dtype=str, encoding="utf-8-sig")
    got = rejects[["table", "source_row", "reason_code"]].values.tolist()
    assert got == [["party_org_covers", "2", "unit_ambiguous"], ["party_orgs", "3", "bad_number"]]
    # the branch itself is imported; with no unit and no address it waits for review
    assert "party_orgs:       2 rows = 0 imported + 1 to review + 1 rejected" in res.stdout


@pytest.mark.parametrize(
    ("cell", "confidence"),
    [("艾溪（西湖）社区", "1.00"), ("艾溪(西湖)社区", "0.90")],  # as NBS writes it; half-width
)
def test_full_width_brackets_are_kept_and_both_spellings_resolve(cli, tmp_path, cell, confidence):
    # 艾溪（西湖）社区 (330182109007): a name with brackets; the organization's name keeps its own
    path = tmp_path / "备案.csv"
    path.write_text(f"组织名称,所在社区\n艾溪（西湖）社区书画社,{cell}\n", encoding="utf-8")
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--area", "330182"])
    assert res.exit_code == 0, res.output
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    got = orgs.loc[0, ["name", "region_code", "confidence"]].tolist()
    assert got == ["艾溪（西湖）社区书画社", "330182109007", confidence]


def test_resolution_by_authority_by_code_and_the_abnormal_status(cli, tmp_path):
    path = tmp_path / "名录.csv"
    path.write_text(
        "社会组织名称,统一社会信用代码,社会组织类型,登记管理机关,登记状态,住所\n"
        # the address names only a road: the county bureau's county places it
        f"甲,{src.U[1]},社会团体,杭州市西湖区民政局,活动异常,文三路12号\n"
        # a city bureau and a road only: nothing places it, so it waits for review
        f"乙,{src.U[2]},民办非企业单位,杭州市民政局,正常,文三路13号\n",
        encoding="utf-8",
    )
    res = cli(["import", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1, res.output
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    got = orgs.loc[0, ["region_code", "resolved_by", "confidence", "status"]].tolist()
    assert got == ["330106000000", "authority", "0.60", "abnormal"]
    review = pd.read_csv(tmp_path / "out" / "review.csv", dtype=str, encoding="utf-8-sig")
    assert review[["name", "problem"]].values.tolist() == [["乙", "not_found"]]


def test_a_region_code_column_places_the_row_itself(cli, tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'shape = "registry"\n[organizations.columns]\n'
        'name = "名称"\norg_id = "代码"\nkind = "类型"\nauthority = "机关"\n'
        'region_code = "区划代码"\n'
        '[organizations.values.kind]\n"社会团体" = "social_group"\n',
        encoding="utf-8",
    )
    path = tmp_path / "a.csv"
    path.write_text(
        f"名称,代码,类型,机关,区划代码\n甲,{src.U[1]},社会团体,杭州市西湖区民政局,330106002051\n",
        encoding="utf-8",
    )
    res = cli(["import", str(path), "--out", str(tmp_path / "out"), "--mapping", str(mapping)])
    assert res.exit_code == 0, res.output
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    assert orgs.loc[0, ["region_code", "resolved_by"]].tolist() == ["330106002051", "region_code"]


def test_hostile_cells_are_kept_as_data_and_never_run(cli, tmp_path):
    path = tmp_path / "名录.csv"
    path.write_text(
        "社会组织名称,统一社会信用代码,社会组织类型,登记管理机关,成立登记日期,住所\n"
        # a formula for a name, full-width digits in the date: imported, the name as written
        f'"=HYPERLINK(""http://x"")",{src.U[1]},社会团体,杭州市西湖区民政局,２０１９年３月１日,'
        "西湖区北山街道上保社区\n"
        # markup and a backtick, a bad kind: rejected, the cell quoted but not run
        f"[red]`x}}[/red],{src.U[10]},团体,杭州市西湖区民政局,2019-01-01,西湖区\n",
        encoding="utf-8",
    )
    res = cli(["import", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1, res.output
    assert "1 imported + 0 to review + 1 rejected" in res.stdout
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", dtype=str)
    assert orgs.loc[0, ["name", "founded"]].tolist() == ['=HYPERLINK("http://x")', "2019-03-01"]
    rejects = (tmp_path / "out" / "import-rejects.csv").read_text(encoding="utf-8-sig")
    assert "团体" in rejects and "[red]`x}[/red]" in rejects
    report = pd.read_csv(tmp_path / "out" / "review.csv", dtype=str, encoding="utf-8-sig")
    assert len(report) == 0
