"""Registry exports as users hold them, built by the tests themselves (tests/test_import.py).

Every value is written out here, so that the answers in the tests can be worked out by
hand: which rows place where, which go to review, which are rejected and why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from graphgov.codes import uscc_check_char

REGISTRY_HEADER = [
    "社会组织名称",
    "统一社会信用代码",
    "社会组织类型 ",
    "登记管理机关",
    "业务主管单位",
    "成立登记日期",
    "注册资金（万元）",
    "登记状态",
    "住所",
]
FILING_HEADER = ["组织名称", "备案机关", "所属街道", "所在社区", "备案日期", "负责人", "活动类型"]
ROSTER_HEADER = [
    "党组织名称",
    "党组织类别",
    "上级党组织",
    "所在单位",
    "党员人数",
    "成立时间",
    "所在地",
]


def uscc(category: str, area: str, serial: int) -> str:
    """A valid USCC of civil affairs (5), `category`, authority `area` (6 digits)."""
    body = f"5{category}{area}MJ{serial:07d}"
    return body + uscc_check_char(body)


U = {
    1: uscc("1", "330106", 1),
    2: uscc("2", "330100", 2),
    3: uscc("3", "330000", 3),
    4: uscc("2", "330106", 4),
    5: uscc("1", "330106", 5),
    6: uscc("1", "330700", 6),
    7: uscc("1", "330106", 7),
    8: uscc("1", "330106", 8),
    10: uscc("1", "330106", 10),
}
#: A USCC whose check character is wrong (the validator rejects it).
_BODY = "51330106MJ0000009"
BAD_CHECK = _BODY + ("A" if uscc_check_char(_BODY) != "A" else "B")

REGISTRY_ROWS = [  # source rows 4-14 of 名录 (row 13 blank)
    [
        "西湖区书画协会",
        U[1],
        "社会团体",
        "杭州市西湖区民政局",
        "西湖区文化馆",
        "2019/3/1",
        3,
        "正常",
        "浙江省杭州市西湖区北山街道上保社区文三路12号",
    ],
    [
        "西溪养老服务中心",
        U[2],
        "民办非企业单位",
        "杭州市民政局",
        None,
        dt.date(2018, 5, 20),
        10,
        "正常",
        "西湖区西溪街道办事处古墩路8号",
    ],
    [
        "浙江省助学基金会",
        U[3],
        "基金会",
        "浙江省民政厅",
        None,
        "2015年10月8日",
        200,
        "注销",
        "杭州市西湖区文三路1号",
    ],
    [
        "翠苑社区服务社",
        U[4],
        "社会服务机构",
        "西湖区民政局",
        None,
        43525,
        None,
        "登记",
        "文三路12号",
    ],
    ["错配协会", U[5], "社会团体", "杭州市民政局", None, "2019-01-01", None, "正常", "西湖区"],
    [
        "城东文化促进会",
        U[6],
        "社会团体",
        "金华市民政局",
        None,
        "2020-01-01",
        None,
        "正常",
        "金华市城东街道八一南街5号",
    ],
    [
        "日期错协会",
        U[7],
        "社会团体",
        "杭州市西湖区民政局",
        None,
        "2019-13-01",
        None,
        "正常",
        "西湖区",
    ],
    ["协会类", U[8], "协会", "杭州市西湖区民政局", None, "2019-01-01", None, "正常", "西湖区"],
    [
        "校验位错协会",
        BAD_CHECK,
        "社会团体",
        "杭州市西湖区民政局",
        None,
        "2019-01-01",
        None,
        "正常",
        "西湖区",
    ],
    [None] * 9,
    [
        "无代码协会",
        None,
        "社会团体",
        "杭州市西湖区民政局",
        None,
        "2019-01-01",
        None,
        "正常",
        "西湖区",
    ],
]

CSV_LINES = [  # lines 1-5 of 西湖区名录.csv (GB18030), older crawler headers
    "西湖区社会组织名录,,,,,,",
    "组织名称,统一信用代码,组织类型,登记管理机关,成立登记时间,登记状态,住所",
    f"西湖区书画协会,{U[1]},社会团体,杭州市西湖区民政局,2019-03-01,正常,"
    "浙江省杭州市西湖区北山街道上保社区文三路12号",
    f"翠苑社区服务中心,{U[4]},社会服务机构,西湖区民政局,2019-03-01,登记,文三路12号",
    f"宝石社区志愿者协会,{U[10]},社会团体,杭州市西湖区民政局,2020/6/1,撤销,西湖区北山街道宝石社区",
]

FILING_ROWS = [  # source rows 3-7 of 西湖区 (the filing list)
    [
        "上保社区书画社",
        "西湖区北山街道办事处",
        "北山街道",
        "上保社区",
        "2019-04-01",
        "张三",
        "文体活动",
    ],
    [
        "宝石社区老年协会",
        "西湖区北山街道办事处",
        None,
        "宝石社区居委会",
        "2019/5/1",
        None,
        "养老服务",
    ],
    ["九溪睦邻会", "西湖区西湖街道办事处", None, "九溪", "2019-06-01", None, "社区服务"],
    [
        "月亮湾社区协会",
        "西湖区北山街道办事处",
        "北山街道",
        "月亮湾社区",
        "2019-06-01",
        None,
        "其他",
    ],
    [
        "上保社区舞蹈队",
        "西湖区北山街道办事处",
        "北山街道",
        "上保社区",
        "2020-01-01",
        None,
        "广场舞",
    ],
]

ROSTER_ROWS = [  # source rows 2-6 of 党组织
    ["中共西湖区社会组织综合委员会", "综合党委", None, None, 0, "2018-01-01", "杭州市西湖区"],
    [
        "中共西湖区书画协会支部委员会",
        "党支部",
        "中共西湖区社会组织综合委员会",
        "西湖区书画协会",
        5,
        "2019年6月1日",
        None,
    ],
    [
        "中共北山街道社会组织联合支部委员会",
        "联合党支部",
        "中共西湖区社会组织综合委员会",
        "上保社区书画社、宝石社区老年协会",
        4,
        "2019-07-01",
        None,
    ],
    ["中共某某支部委员会", "党支部", "中共不在名册委员会", "不存在的组织", 3, "2019-07-01", None],
    [
        "中共西湖区志愿服务功能型党支部",
        "功能型党组织",
        "中共西湖区社会组织综合委员会",
        None,
        3,
        "2020-01-01",
        None,
    ],
]


def registry_xlsx(path: Path) -> Path:
    """社会组织名录.xlsx: a title row, an export-date row, the header on row 3."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名录"
    ws.append(["杭州市社会组织名录"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(REGISTRY_HEADER))
    ws.append(["导出日期：2021-01-05"])
    ws.append(REGISTRY_HEADER)
    for row in REGISTRY_ROWS:
        ws.append(row)
    wb.save(path)
    return path


def registry_csv(path: Path, lines: list[str] | None = None) -> Path:
    """西湖区名录.csv in GB18030, as Excel on a Chinese Windows saves it."""
    path.write_bytes(("\r\n".join(lines or CSV_LINES) + "\r\n").encode("gb18030"))
    return path


def filing_xlsx(path: Path, rows: list[list] | None = None) -> Path:
    """社区社会组织备案.xlsx: one sheet 西湖区, a title row, the header on row 2."""
    wb = Workbook()
    ws = wb.active
    ws.title = "西湖区"
    ws.append(["西湖区社区社会组织备案名录"])
    ws.append(FILING_HEADER)
    for row in rows or FILING_ROWS:
        ws.append(row)
    wb.save(path)
    return path


def roster_xlsx(path: Path) -> Path:
    """党组织名册.xlsx: the header on row 1."""
    wb = Workbook()
    ws = wb.active
    ws.title = "党组织"
    ws.append(ROSTER_HEADER)
    for row in ROSTER_ROWS:
        ws.append(row)
    wb.save(path)
    return path


def all_sources(folder: Path) -> list[Path]:
    """The four exports, in the order the tests pass them."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        registry_xlsx(folder / "社会组织名录.xlsx"),
        registry_csv(folder / "西湖区名录.csv"),
        filing_xlsx(folder / "社区社会组织备案.xlsx"),
        roster_xlsx(folder / "党组织名册.xlsx"),
    ]
