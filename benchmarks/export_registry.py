"""Registry exports made from a contract dataset: the files users hold (issue 13).

Run from the repository root::

    .venv/bin/python benchmarks/export_registry.py /tmp/graphgov-bench/scale-1.0-v2 OUT
    .venv/bin/python benchmarks/export_registry.py datasets/zhejiang-sample OUT --csv --seed 7
    .venv/bin/python benchmarks/export_registry.py DATASET OUT --rows 5000   # a quick run

Writes, deterministically for a seed (the cells; the zip's timestamps are openpyxl's):

- ``社会组织名录.xlsx``: the registered organizations (kind != community), sheet 名录: a
  merged title row, an export-date row, the header, one row per organization;
- ``社区社会组织备案.xlsx``: the filed community organizations, one sheet per county, each
  with a title row above its header;
- with ``--csv``, ``社会组织名录.csv``: the registry table as Excel saves it in GB18030
  (rows padded with commas, CRLF, date cells in their displayed form ``2019/3/1``).

The values are written the ways registries write them (``reference/registry_formats.md``):
authority names, mixed date forms, free-text addresses at several depths, community names
shortened as people write them. ``--rows N`` keeps the first N rows of each list.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.cell_range import CellRange

from graphgov.divisions.names import committee_from_name, name_core
from graphgov.load import load_dataset

REGISTRY_FILE = "社会组织名录.xlsx"
FILING_FILE = "社区社会组织备案.xlsx"
CSV_FILE = "社会组织名录.csv"
REGISTRY_TITLE = "浙江省社会组织名录"
EXPORT_DATE = "导出日期：2021-01-05"
REGISTRY_HEADER = (
    "社会组织名称", "统一社会信用代码", "社会组织类型 ", "登记管理机关", "业务主管单位",
    "法定代表人", "成立登记日期", "注册资金（万元）", "登记状态", "住所",
)  # fmt: skip
FILING_HEADER = ("组织名称", "备案机关", "所属街道", "所在社区", "备案日期", "负责人", "活动类型")
KIND_ZH = {"social_group": "社会团体", "social_service": "民办非企业单位", "foundation": "基金会"}
STATUS_ZH = {"active": "正常", "abnormal": "正常", "deregistered": "注销", "revoked": "撤销"}
DOMAIN_ZH = {
    "elderly_care": "养老服务", "children_youth": "青少年服务", "charity": "慈善公益",
    "culture_sports": "文体活动", "education": "教育培训", "health": "卫生健康",
    "social_work": "社会工作", "community_service": "社区服务", "mediation": "纠纷调解",
    "environment": "环境保护", "industry_association": "行业协会", "other": "其他",
}  # fmt: skip
#: Plausible road names; none ends in a unit word (社区, 村, 街道, 镇, 乡).
ROADS = (
    "文三路", "文二路", "解放路", "中山路", "人民路", "建设路", "和平路", "新华路", "学院路",
    "延安路", "庆春路", "凤起路", "天目山路", "莫干山路", "湖墅南路", "秋涛路", "清泰街",
    "平海路", "河坊街", "南山路", "青年路", "工农路", "胜利路", "东风路", "光明路", "振兴路",
    "朝阳路", "育才路", "府前路", "县前街", "仓前巷", "柳营巷", "百井坊巷", "环城东路",
    "江滨大道", "世纪大道", "滨江路", "望江路", "丽水路", "花园巷",
)  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾沈姚卢蒋蔡叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍国红梅文斌志海燕宇浩晨欣怡佳琪"
#: The displayed form of a date cell: what Excel in a Chinese locale shows and saves to CSV.
DATE_FORMAT = "yyyy/m/d"


@dataclass(frozen=True)
class Place:
    """The names on the way down to a region: province to community (empty where absent)."""

    province: str
    city: str
    county: str
    township: str
    community: str
    short: str  # the community as people write it, where no sibling has that name


class Regions:
    """The dataset's regions table, walked upwards from a code."""

    def __init__(self, regions: pd.DataFrame) -> None:
        cols = [regions[c].fillna("").tolist() for c in ("code", "name", "level", "parent_code")]
        self.rows = {c: (name, level, parent) for c, name, level, parent in zip(*cols, strict=True)}
        area = regions.get("area_type", pd.Series([""] * len(regions))).fillna("")
        self.area = dict(zip(cols[0], area.tolist(), strict=True))
        self.named = set(zip(cols[3], cols[1], strict=True))  # (parent, name)
        self._places: dict[str, Place] = {}

    def place(self, code: str) -> Place:
        """Names from the province down to `code`; a placeholder township (直辖…) is left out."""
        if code not in self._places:
            names = dict.fromkeys(("province", "city", "county", "township", "community"), "")
            walk: str | None = code
            while walk:
                name, level, parent = self.rows[walk]
                if not (level == "township" and "直辖" in name):
                    names[level] = name
                walk = parent or None
            community = names["community"]
            short = short_community(community, self.area.get(code) or None)
            if short != community and (self.rows[code][2], short) in self.named:
                short = community  # 富巷居委会 is not written 富巷社区 beside a real 富巷社区
            self._places[code] = Place(**names, short=short)
        return self._places[code]

    def ancestor(self, code: str, level: str) -> str:
        """The code of `code`'s ancestor (or itself) at `level`."""
        walk = code
        while self.rows[walk][1] != level:
            walk = self.rows[walk][2]
        return walk


def short_community(name: str, committee: str | None) -> str:
    """A community name the way people write it: 曙光路社区居民委员会 -> 曙光路社区,
    龙坞村村民委员会 -> 龙坞村, 梅家坞村委会 -> 梅家坞村; a name with no unit word stays.
    `committee` (urban/rural) defaults to the one the name's committee word says."""
    committee = committee or committee_from_name(name)
    core = name_core(name, "community")
    if core == name or committee is None:
        return name
    word = "社区" if committee == "urban" else "村"
    return core if core.endswith(word) else core + word


def community_as_written(place: Place, rng: random.Random) -> str:
    """The community's NBS name, or a third of the time its short form."""
    if place.community and rng.random() < 1 / 3:
        return place.short
    return place.community


def person(rng: random.Random) -> str:
    """A made-up name of 2 or 3 characters."""
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))


def date_value(iso: str | None, rng: random.Random) -> str | dt.date | None:
    """`iso` as a registry writes it: 40% ``2019-03-01``, 20% ``2019/3/1``, 20% ``2019年3月1日``,
    20% a date (an Excel date cell); None if there is no date."""
    if not iso:
        return None
    day = dt.date.fromisoformat(iso)
    r = rng.random()
    if r < 0.4:
        return iso
    if r < 0.6:
        return f"{day.year}/{day.month}/{day.day}"
    if r < 0.8:
        return f"{day.year}年{day.month}月{day.day}日"
    return day


def authority(regions: Regions, region_code: str, registered_at: str, rng: random.Random) -> str:
    """登记管理机关: 浙江省民政厅, 杭州市民政局, 杭州市西湖区民政局 (a fifth: 西湖区民政局)."""
    place = regions.place(regions.ancestor(region_code, registered_at))
    if registered_at == "province":
        return place.province + "民政厅"
    if registered_at == "city":
        return place.city + "民政局"
    prefix = "" if rng.random() < 0.2 else place.city
    return prefix + place.county + "民政局"


def address(place: Place, rng: random.Random) -> str:
    """住所: 50% province to community, 20% without the province, 15% without the city too,
    10% naming the township but not the community, 5% only a road and number."""
    road = f"{rng.choice(ROADS)}{rng.randint(1, 399)}号"
    community = community_as_written(place, rng)
    r = rng.random()
    if r < 0.5:
        parts = (place.province, place.city, place.county, place.township, community)
    elif r < 0.7:
        parts = (place.city, place.county, place.township, community)
    elif r < 0.85:
        parts = (place.county, place.township, community)
    elif r < 0.95:
        parts = (place.province, place.city, place.county, place.township)
    else:
        parts = ()
    return "".join(parts) + road


def capital(rng: random.Random) -> int | float:
    """注册资金 in 万元, 3 to 500: half whole numbers, half with one (non-zero) decimal."""
    whole = rng.randint(3, 499)
    return whole if rng.random() < 0.5 else whole + rng.randint(1, 9) / 10


def registry_rows(orgs: pd.DataFrame, regions: Regions, rng: random.Random) -> list[list]:
    """One row of REGISTRY_HEADER per registered organization, in the dataset's order."""
    rows = []
    for org in orgs.itertuples(index=False):
        kind = KIND_ZH[org.kind]
        if org.kind == "social_service" and rng.random() < 1 / 3:
            kind = "社会服务机构"
        status = STATUS_ZH[org.status]
        if status == "正常" and rng.random() < 0.1:
            status = "登记"
        rows.append([
            org.name, org.org_id, kind,
            authority(regions, org.region_code, org.registered_at, rng),
            org.supervisor_unit or None, person(rng), date_value(org.founded, rng),
            capital(rng), status, address(regions.place(org.region_code), rng),
        ])  # fmt: skip
    return rows


def filing_authority(place: Place) -> str:
    """备案机关: 西湖区北山街道办事处, 余杭区三墩镇人民政府; without a township, the county's
    bureau (龙港市民政局)."""
    township = place.township
    if not township:
        return place.county + "民政局"
    if township.endswith("街道"):
        return place.county + township + "办事处"
    if township.endswith(("镇", "乡")):
        return place.county + township + "人民政府"
    return place.county + township + "管理委员会"


def filing_sheets(
    orgs: pd.DataFrame, regions: Regions, rng: random.Random
) -> dict[str, tuple[str, list[list]]]:
    """Sheet name -> (title, rows of FILING_HEADER): one sheet per county, by county code."""
    by_county: dict[str, list[list]] = {}
    for org in orgs.itertuples(index=False):
        place = regions.place(org.region_code)
        row = [
            org.name, filing_authority(place), place.township or None,
            community_as_written(place, rng) or None, date_value(org.founded, rng),
            person(rng), DOMAIN_ZH.get(org.domain or "other", "其他"),
        ]  # fmt: skip
        by_county.setdefault(regions.ancestor(org.region_code, "county"), []).append(row)
    sheets: dict[str, tuple[str, list[list]]] = {}
    for county in sorted(by_county):
        place = regions.place(county)
        name = place.county[:31]
        if name in sheets:  # the same county name in two cities
            name = (place.city + place.county)[:31]
        sheets[name] = (f"{place.county}社区社会组织备案名录", by_county[county])
    return sheets


def write_xlsx(path: Path, sheets: dict[str, tuple[list[list], list[list]]]) -> None:
    """Write sheets (name -> (rows above the header and the header, data rows)) in write-only
    mode; the first row is merged across the header's width; dates get DATE_FORMAT."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "graphgov benchmarks/export_registry.py"
    wb.properties.created = wb.properties.modified = dt.datetime(2021, 1, 5)
    for name, (top, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(top[-1]), max_row=1))
        for row in top:
            ws.append(row)
        for row in rows:
            ws.append([_dated(ws, v) if isinstance(v, dt.date) else v for v in row])
    wb.save(path)


def _dated(ws: object, value: dt.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def write_csv(path: Path, top: list[list], rows: Iterable[list]) -> None:
    """The table as Excel saves a sheet to CSV in a Chinese locale: GB18030, CRLF, every line
    as wide as the header, dates and numbers as displayed."""
    width = len(top[-1])
    with path.open("w", encoding="gb18030", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        for row in top:
            out.writerow(list(row) + [""] * (width - len(row)))
        out.writerows([_displayed(v) for v in row] for row in rows)


def _displayed(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}/{value.month}/{value.day}"
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def export(
    dataset: Path, out: Path, *, seed: int = 2021, rows: int | None = None, with_csv: bool = False
) -> dict[str, int]:
    """Write the exports of `dataset` into `out`; file name -> data rows. Prints a line a file."""
    out.mkdir(parents=True, exist_ok=True)
    tables = load_dataset(dataset).tables
    regions = Regions(tables["regions"])
    orgs = tables["organizations"].astype(object).where(tables["organizations"].notna(), None)
    registered = orgs[orgs["kind"] != "community"].iloc[:rows]
    filed = orgs[orgs["kind"] == "community"].iloc[:rows]
    rng = random.Random(seed)
    written: dict[str, int] = {}

    t0 = time.perf_counter()
    top = [[REGISTRY_TITLE], [EXPORT_DATE], list(REGISTRY_HEADER)]
    registry = registry_rows(registered, regions, rng)
    write_xlsx(out / REGISTRY_FILE, {"名录": (top, registry)})
    written[REGISTRY_FILE] = _report(REGISTRY_FILE, len(registry), t0)

    t0 = time.perf_counter()
    sheets = filing_sheets(filed, regions, rng)
    tops = {name: ([[title], list(FILING_HEADER)], r) for name, (title, r) in sheets.items()}
    write_xlsx(out / FILING_FILE, tops)
    written[FILING_FILE] = _report(FILING_FILE, sum(len(r) for _, r in sheets.values()), t0)

    if with_csv:
        t0 = time.perf_counter()
        write_csv(out / CSV_FILE, top, registry)
        written[CSV_FILE] = _report(CSV_FILE, len(registry), t0)
    return written


def _report(name: str, rows: int, t0: float) -> int:
    print(f"{name}: {rows:,} rows, {time.perf_counter() - t0:.1f} s", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the exports."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path, help="a contract dataset directory")
    ap.add_argument("out", type=Path, help="the directory to write the exports into")
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--csv", action="store_true", help=f"also write {CSV_FILE} (GB18030)")
    ap.add_argument("--rows", type=int, default=None, help="keep the first N rows of each list")
    args = ap.parse_args(argv)
    written = export(args.dataset, args.out, seed=args.seed, rows=args.rows, with_csv=args.csv)
    print(f"total: {sum(written.values()):,} rows in {len(written)} files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
