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
