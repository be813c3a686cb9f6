"""report.xlsx (graphgov.report.workbook): sheets, headers, kinds of cells, the first sheet,
formula safety, full rows and lists, Excel's row limit, reproducible bytes; read back with
openpyxl. Expected values are worked out by hand from the small sections below."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from graphgov.datasets import tiny_path
from graphgov.report import workbook
from graphgov.report.build import build_report
from graphgov.report.document import Section
from graphgov.report.i18n import language
from graphgov.report.workbook import sheet_name, text_width, write_workbook

HOSTILE = '=HYPERLINK("http://evil.example/","点我")'
HOSTILE_DATA = Path(__file__).parent / "data" / "hostile" / "report" / "hostile-names"
MARK_ZH = "合成数据：由 graphgov 生成，并非真实登记数据"


def _sections() -> list[Section]:
    by_city = pd.DataFrame(
        {
            "group": ["330100000000", "330300000000"],
            "group_name": ["杭州市", "温州市"],
            "orgs": [1234, 0],
            "org_coverage": [0.8291, float("nan")],
        }
    )
    # 25 organizations: more than the 20 rows the page shows.
    names = [HOSTILE] + [f"第{i:02d}协会" for i in range(1, 25)]
    orgs = pd.DataFrame(
        {
            "org_id": [f"51330106MJ{i:08d}" for i in range(25)],
            "name": names,
            "region_code": ["330106001001"] * 25,
            "party_members": list(range(25)),
        }
    )
    candidates = pd.DataFrame(
        {
            "community_name": ["翠苑一区社区"],
            "community_org_names": [["甲协会", "乙协会", "丙协会", "丁协会", "戊协会"]],
            "community_code": ["330106004001"],
            "orgs": [5],
        }
    )
    return [
        Section(
            key="coverage",
            title="社会组织党的组织覆盖和工作覆盖",
            definition="已建立正式党组织的社会组织所占比例。",
            headline="党组织覆盖率 82.9%",
            tables=[("by-city", by_city)],
            formats={"org_coverage": "{:.1%}"},
        ),
        Section(
            key="gaps",
            title="应建未建党组织的社会组织",
            definition="尚未建立正式党组织的社会组织。",
            headline="应建未建 25 个",
            tables=[("organizations", orgs)],
        ),
        Section(
            key="linkage",
            title="三社联动",
            definition="社区、社会组织、社会工作联动。",
            headline="已联动 0 个",
            tables=[("candidates", candidates)],
        ),
    ]


FACTS_ZH = [("数据集", "zhejiang-sample"), ("数据截至", "2020-12-31"), ("合成数据", "是")]


@pytest.fixture
def book_zh(tmp_path):
    path = tmp_path / "report.xlsx"
    with language("zh"):
        assert write_workbook(_sections(), path, title="示例报告", facts=FACTS_ZH) == path
    return load_workbook(path)


def _rows(ws) -> list[tuple]:
    return [tuple(v for v in row) for row in ws.iter_rows(values_only=True)]


def test_sheet_names_in_zh_and_en(book_zh, tmp_path):
    assert book_zh.sheetnames == [
        "说明",
        "党组织覆盖-按设区市",
        "应建未建-社会组织名单",
        "三社联动-三社联动待推进社区",
    ]
    with language("en"):
        write_workbook(_sections(), tmp_path / "en.xlsx", title="Report", facts=[])
    assert load_workbook(tmp_path / "en.xlsx").sheetnames == [
        "About",
        "Coverage - By city",
        "Gaps - Organizations",
        "Linkage - Candidates",
    ]


def test_header_row_in_zh_and_en_names_first(book_zh, tmp_path):
    assert _rows(book_zh["党组织覆盖-按设区市"])[0] == (
        "分组",
        "分组代码",
        "社会组织数",
        "党组织覆盖率",
    )
    assert _rows(book_zh["应建未建-社会组织名单"])[0] == (
        "名称",
        "统一社会信用代码/备案号",
        "区划代码",
        "正式党员数",
    )
    with language("en"):
        write_workbook(_sections(), tmp_path / "en.xlsx", title="Report", facts=[])
    ws = load_workbook(tmp_path / "en.xlsx")["Coverage - By city"]
    assert _rows(ws)[0] == ("Group", "Group code", "Organizations", "Organizational coverage")


def test_codes_are_text_numbers_numbers_percentages_formatted(book_zh):
    ws = book_zh["党组织覆盖-按设区市"]
    code = ws["B2"]
    assert (code.value, code.data_type, code.number_format) == ("330100000000", "s", "@")
    orgs = ws["C2"]
    assert (orgs.value, orgs.data_type) == (1234, "n")
    share = ws["D2"]
    assert (share.value, share.data_type, share.number_format) == (0.8291, "n", "0.0%")
    assert ws["D3"].value is None  # no coverage for a city of 0 organizations
    uscc = book_zh["应建未建-社会组织名单"]["B2"]
    assert (uscc.value, uscc.data_type, uscc.number_format) == ("51330106MJ00000000", "s", "@")


def test_frozen_filtered_header_and_widths(book_zh):
    ws = book_zh["党组织覆盖-按设区市"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"
    assert ws.print_title_rows == "$1:$1"
    # 分组代码: the header is 8 wide, the codes 12: 12 + 2. 分组 (4) under 杭州市 (6): 6 + 2.
    assert ws.column_dimensions["B"].width == 14
    assert ws.column_dimensions["A"].width == 8


def test_first_sheet_title_facts_sheets_definitions_and_csv_note(book_zh):
    rows = _rows(book_zh["说明"])
    assert rows[0][0] == "示例报告"
    assert rows[1][0] == MARK_ZH
    assert rows[4][:2] == ("数据集", "zhejiang-sample")
    assert rows[5][:2] == ("数据截至", "2020-12-31")
    listed = [r[:4] for r in rows if r[0] == "应建未建-社会组织名单"]
    assert listed == [
        (
            "应建未建-社会组织名单",
            "应建未建党组织的社会组织：社会组织名单",
            25,
            "gaps-organizations.csv",
        )
    ]
    assert ("三社联动", "社区、社会组织、社会工作联动。", "已联动 0 个") in [r[:3] for r in rows]
    assert rows[-1][0].startswith("各 CSV 文件（<部分>-<数据表>.csv）保留数据模型规定的英文列名")
    link = next(c for c in book_zh["说明"]["A"] if c.value == "应建未建-社会组织名单")
    assert link.hyperlink.location == "'应建未建-社会组织名单'!A1"


def test_synthetic_mark_in_every_print_header_and_not_without_it(book_zh, tmp_path):
    for ws in book_zh.worksheets:
        assert ws.oddHeader.center.text == MARK_ZH
        assert ws.oddFooter.left.text == "示例报告"
    with language("zh"):
        real = [("数据集", "x"), ("合成数据", "否")]
        write_workbook(_sections(), tmp_path / "real.xlsx", title="A & B", facts=real)
    book = load_workbook(tmp_path / "real.xlsx")
    assert [ws.oddHeader.center.text for ws in book.worksheets] == [None] * 4
    assert book["说明"]["A2"].value is None  # no mark line
    assert book["说明"].oddFooter.left.text == "A && B"  # & is the header's code character


def test_formula_looking_name_stays_text(book_zh, tmp_path):
    cell = book_zh["应建未建-社会组织名单"]["A2"]
    assert (cell.value, cell.data_type, cell.number_format) == (HOSTILE, "s", "@")
    with zipfile.ZipFile(tmp_path / "report.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 4
        assert not any("<f>" in z.read(n).decode() for n in sheets)


def test_list_cells_in_full_and_all_rows(book_zh):
    ws = book_zh["三社联动-三社联动待推进社区"]
    assert _rows(ws)[1] == (
        "翠苑一区社区",
        "甲协会、乙协会、丙协会、丁协会、戊协会",
        "330106004001",
        5,
    )
    orgs = _rows(book_zh["应建未建-社会组织名单"])
    assert len(orgs) == 26
    assert orgs[-1] == ("第24协会", "51330106MJ00000024", "330106001001", 24)


def test_a_table_beyond_excel_rows_is_cut_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "EXCEL_ROWS", 10)
    with language("zh"):
        write_workbook(_sections(), tmp_path / "cut.xlsx", title="t", facts=[])
    book = load_workbook(tmp_path / "cut.xlsx")
    rows = _rows(book["应建未建-社会组织名单"])
    # 10 sheet rows: the header, 7 rows, a blank row and the note.
    assert len(rows) == 10
    assert rows[7][0] == "第06协会" and rows[8] == (None, None, None, None)
    note = (
        "受 Excel 工作表行数上限所限，本表只列出前 7 行（共 25 行），"
        "全部数据见 gaps-organizations.csv。"
    )
    assert rows[9][0] == note
    assert book["应建未建-社会组织名单"].auto_filter.ref == "A1:D8"
    assert [r[4] for r in _rows(book["说明"]) if r[0] == "应建未建-社会组织名单"] == [note]


def test_empty_table_says_it_has_no_rows(tmp_path):
    empty = Section(
        key="data",
        title="数据来源与数据质量",
        definition="d",
        headline="h",
        tables=[("rejects", pd.DataFrame({"line": pd.Series([], dtype=object)}))],
    )
    with language("zh"):
        write_workbook([empty], tmp_path / "e.xlsx", title="t", facts=[])
    assert _rows(load_workbook(tmp_path / "e.xlsx")["数据质量-未通过校验的行"]) == [
        ("行号",),
        (None,),
        ("本表无数据行。",),
    ]


def test_same_sections_same_bytes(tmp_path):
    with language("zh"):
        for name in ("a.xlsx", "b.xlsx"):
            write_workbook(_sections(), tmp_path / name, title="t", facts=FACTS_ZH)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    props = load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == props.modified == workbook.FIXED_DATE


def test_sheet_name_rules():
    taken = {"说明"}
    assert sheet_name("说明", taken) == "说明 (2)"
    assert sheet_name("History", taken) == "History (2)"
    assert sheet_name("'a/b:c'", taken) == "a-b-c"
    long = "Cross-appointments - Cut points of the network"
    assert sheet_name(long, taken) == "Cross-appointments - Cut points"  # 31 characters
    assert sheet_name(long, taken) == "Cross-appointments - Cut po (2)"
    assert sheet_name("CROSS-appointments - cut points", taken) == "CROSS-appointments - cut po (3)"
    assert all(len(n) <= 31 for n in taken)


def test_text_width_counts_cjk_double():
    assert [text_width(s) for s in ("abc", "杭州市", "（注）A", "")] == [3, 6, 7, 0]


def test_build_report_writes_the_workbook_with_the_facts_of_the_dataset(tmp_path):
    # The tiny dataset is synthetic: build.py's facts say so in the catalogue's words.
    files = build_report(tiny_path(), tmp_path / "out", lang="zh", xlsx=True)
    book = load_workbook(files["report.xlsx"])
    about = _rows(book["说明"])
    assert about[0][0] == "tiny 社会组织党建工作分析报告（合成数据）"
    assert about[1][0] == MARK_ZH
    assert ("数据集", "tiny") in [r[:2] for r in about]
    assert ("数据截至", "2020-12-31") in [r[:2] for r in about]
    ws = book["数据质量-各数据表行数核对"]
    assert ws.oddHeader.center.text == MARK_ZH
    assert _rows(ws)[0][:3] == ("数据表", "数据表代码", "行数")


def test_control_characters_become_spaces_and_a_long_cell_is_cut(tmp_path):
    # 4,000 names of 9 characters joined with 、: 4,000 * 10 - 1 = 39,999 > 32,767 characters.
    names = [f"协会{i:07d}" for i in range(4000)]
    table = pd.DataFrame({"name": ["甲\x01乙\x1b丙"], "org_names": [names]})
    s = Section(key="hubs", title="t", definition="d", headline="h", tables=[("hubs", table)])
    with language("zh"):
        write_workbook([s], tmp_path / "c.xlsx", title="t", facts=[])
    ws = load_workbook(tmp_path / "c.xlsx")["枢纽型组织-枢纽型、支持型社会组织"]
    assert ws["A2"].value == "甲 乙 丙"
    long = ws["B2"].value
    assert len(long) == 32_767 and long.endswith("…")
    assert long.startswith("协会0000000、协会0000001、")


def test_hostile_names_stay_text_in_the_built_workbook(tmp_path):
    files = build_report(HOSTILE_DATA, tmp_path / "out", lang="zh", xlsx=True)
    book = load_workbook(files["report.xlsx"])
    names = [c.value for c in book["应建未建-社会组织名单"]["A"]]
    assert '=HYPERLINK("x")' in names and "@SUM(1)" in names
    with zipfile.ZipFile(files["report.xlsx"]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == len(book.sheetnames)
        assert not any("<f>" in z.read(n).decode() for n in sheets)
