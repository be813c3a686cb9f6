"""graphgov.importer.resolve: authority names, addresses and filing-list names -> division codes.

Every expected code is the real NBS 2023 code, looked up by hand in the shipped table:
浙江省 330000000000, 杭州市 330100000000, 西湖区 330106000000, 北山街道 330106002000 (its
上保社区 330106002051), 西溪街道 330106004000, 三墩镇 330106109000, 平阳县 330326000000.
Duplicated names used: 城东街道 is in 婺城区 (330702001000) and 东阳市 (330783006000), both in
金华市; 兴隆社区 is in 上城区's 望江街道 (330102010057) and 彭埠街道 (330102015013); 东山村委会
is in 萧山区's 河上镇 (330109101239) and 进化镇 (330109104200).
"""

from __future__ import annotations

import pandas as pd
import pytest

from graphgov.importer.resolve import Authority, Candidate, Resolver

XIHU = "330106000000"
HANGZHOU = "330100000000"
BEISHAN = "330106002000"
SHANGBAO = "330106002051"


@pytest.fixture(scope="module")
def zj() -> Resolver:
    return Resolver(area="330000000000")


@pytest.fixture(scope="module")
def china() -> Resolver:
    return Resolver()


def codes(placement) -> list[str]:
    return [c.code for c in placement.candidates]


# --- authority ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "level"),
    [
        ("浙江省民政厅", "330000000000", "province"),
        ("杭州市民政局", HANGZHOU, "city"),
        ("杭州市西湖区民政局", XIHU, "county"),
        ("温州市平阳县民政局", "330326000000", "county"),
        ("平阳县民政局", "330326000000", "county"),  # the city left out
        ("杭州市西湖区行政审批局", XIHU, "county"),
        ("杭州市社会组织管理局", HANGZHOU, "city"),
        ("杭州市民政局（社会组织管理局）", HANGZHOU, "city"),
        (" 杭州市 西湖区 民政局 ", XIHU, "county"),
        ("西湖区北山街道办事处", BEISHAN, "township"),
        ("三墩镇人民政府", "330106109000", "township"),
    ],
)
def test_authority_forms(zj: Resolver, text: str, code: str, level: str) -> None:
    assert zj.authority(text) == Authority(code, level, text)


@pytest.mark.parametrize("text", ["民政部", "中华人民共和国民政部", "民政部社会组织管理局"])
def test_the_ministry_is_national(zj: Resolver, text: str) -> None:
    found = zj.authority(text)
    assert found.status == "not_found" and found.code is None
    assert "Ministry of Civil Affairs" in found.note


def test_unknown_authorities(zj: Resolver) -> None:
    for text in ("某某协会", "民政局", "江苏省民政厅"):  # the last is outside the area
        found = zj.authority(text)
        assert (found.status, found.candidates) == ("not_found", ()), text
        assert "names no division of 浙江省" in found.note


def test_an_authority_above_the_area() -> None:
    hangzhou = Resolver(area=HANGZHOU)
    above = hangzhou.authority("浙江省民政厅")  # registers organizations based in 杭州 too
    assert above == Authority("330000000000", "province", "浙江省民政厅")
    assert hangzhou.authority("宁波市民政局").status == "not_found"
    # an address under an authority above the area is searched in the area only
    found = hangzhou.address("西湖区北山街道上保社区", within="330000000000")
    assert (found.code, found.confidence) == (SHANGBAO, 1.0)
    assert hangzhou.address("宁波市海曙区", within="330000000000").candidates == (
        Candidate(HANGZHOU, "杭州市", "浙江省杭州市"),
    )


def test_a_township_name_twice_in_the_area_is_ambiguous(zj: Resolver) -> None:
    found = zj.authority("城东街道办事处")
    assert found.status == "ambiguous"
    assert codes(found) == [
        "330382001000", "330702001000", "330783006000", "330902004000", "331081002000",
    ]  # fmt: skip
    assert found.note == "城东街道办事处 names 5 townships in 浙江省"


def test_authority_without_an_area(china: Resolver) -> None:
    assert china.authority("平阳县民政局") == Authority("330326000000", "county", "平阳县民政局")
    found = china.authority("鼓楼区民政局")
    assert found.status == "ambiguous"
    assert found.candidates == (
        Candidate("320106000000", "鼓楼区", "江苏省南京市鼓楼区"),
        Candidate("320302000000", "鼓楼区", "江苏省徐州市鼓楼区"),
        Candidate("350102000000", "鼓楼区", "福建省福州市鼓楼区"),
        Candidate("410204000000", "鼓楼区", "河南省开封市鼓楼区"),
    )
    assert china.authority("福州市鼓楼区民政局").code == "350102000000"


def test_authorities_are_cached(zj: Resolver) -> None:
    assert zj.authority("杭州市西湖区民政局") is zj.authority("杭州市西湖区民政局")


# --- address ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "within"),
    [
        ("浙江省杭州市西湖区北山街道上保社区保俶路12号", XIHU),
        ("西湖区北山街道上保社区保俶路12号", XIHU),  # no province
        ("北山街道上保社区保俶路12号", XIHU),  # nothing above the township
        ("杭州市西湖区北山街道上保社区", HANGZHOU),
        ("浙江省 杭州市 西湖区 北山街道 上保社区", XIHU),
    ],
)
def test_address_full_names(zj: Resolver, text: str, within: str) -> None:
    found = zj.address(text, within=within)
    assert (found.status, found.code, found.level) == ("placed", SHANGBAO, "community")
    assert (found.resolved_by, found.confidence, found.note) == ("address:community", 1.0, "")


def test_address_skipped_level_lowers_confidence(zj: Resolver) -> None:
    county_skipped = zj.address("杭州市北山街道上保社区8号", within=HANGZHOU)
    assert (county_skipped.code, county_skipped.confidence) == (SHANGBAO, 0.9)
    assert county_skipped.note == "1 level(s) not named"
    township_skipped = zj.address("西湖区上保社区8号", within=XIHU)
    assert (township_skipped.code, township_skipped.confidence) == (SHANGBAO, 0.9)
    city_skipped = zj.address("西湖区北山街道上保社区", within="330000000000")
    assert (city_skipped.code, city_skipped.confidence) == (SHANGBAO, 0.9)
    both = zj.address("北山街道上保社区居委会8号", within="330000000000")  # not found: 2 levels
    assert both.status == "not_found"


def test_address_aliases(zj: Resolver) -> None:
    found = zj.address("西湖区北山街道办事处上保社区居委会", within=XIHU)
    assert (found.code, found.confidence) == (SHANGBAO, 0.9)
    found = zj.address("杭州市北山街道办事处保俶路12号", within=HANGZHOU)  # alias and a skip
    assert (found.code, found.level, found.resolved_by) == (BEISHAN, "township", "address:township")
    assert found.confidence == 0.8
    village = zj.address("萧山区河上镇东山村8号", within=HANGZHOU)  # NBS: 东山村委会
    assert (village.code, village.confidence) == ("330109101239", 0.9)


def test_address_bare_core_never_matches(zj: Resolver) -> None:
    # 上保路 is a road, not 上保社区: the address stops at the township
    found = zj.address("西湖区北山街道上保路12号", within=XIHU)
    assert (found.code, found.resolved_by, found.confidence) == (BEISHAN, "address:township", 1.0)
    # 文三路 is a road, although 西溪街道 has a 文三社区 (330106004066)
    road = zj.address("文三路12号", within=XIHU)
    assert (road.status, road.code, road.resolved_by, road.confidence) == ("not_found", None, "", 0)
    assert road.candidates == (Candidate(XIHU, "西湖区", "浙江省杭州市西湖区"),)


def test_address_township_in_two_counties_is_ambiguous(zj: Resolver) -> None:
    found = zj.address("城东街道八一北街88号", within="330700000000")
    assert (found.status, found.code) == ("ambiguous", None)
    assert found.candidates == (
        Candidate("330702001000", "城东街道", "浙江省金华市婺城区城东街道"),
        Candidate("330783006000", "城东街道", "浙江省金华市东阳市城东街道"),
    )
    assert found.note == "城东街道 names 2 townships in 浙江省金华市"
    fixed = zj.address("金华市东阳市城东街道八一北街88号", within="330700000000")
    assert (fixed.code, fixed.confidence) == ("330783006000", 1.0)
    by_authority = zj.address("城东街道八一北街88号", within="330783000000")
    assert by_authority.code == "330783006000"


def test_address_community_in_two_townships_is_ambiguous(zj: Resolver) -> None:
    found = zj.address("杭州市上城区兴隆社区", within=HANGZHOU)
    assert found.status == "ambiguous"
    assert codes(found) == ["330102010057", "330102015013"]
    assert found.note == "兴隆社区 names 2 communities in 浙江省杭州市上城区"


def test_address_earliest_name_wins(zj: Resolver) -> None:
    found = zj.address("西湖区西溪街道文三社区(原北山街道)", within=XIHU)
    assert found.code == "330106004066"


def test_address_placeholder_level_is_free(zj: Resolver) -> None:
    # 龙港市's communities hang from 330383198000 龙港县直辖村级区划, which no address names
    found = zj.address("浙江省温州市龙港市金钗河社区", within="330300000000")
    assert (found.code, found.confidence) == ("330383198001", 1.0)
    assert zj.unit("330383198001").path == "浙江省温州市龙港市金钗河社区"


def test_address_outside_the_area_is_an_error(zj: Resolver) -> None:
    with pytest.raises(ValueError, match="320106000000"):
        zj.address("鼓楼区", within="320106000000")


def test_unit(zj: Resolver) -> None:
    assert zj.unit(XIHU) == Candidate(XIHU, "西湖区", "浙江省杭州市西湖区")
    assert zj.unit("320106000000") is None
    assert zj.unit("330106999999") is None


# --- by_names -----------------------------------------------------------------------------


def test_by_names_both_given(zj: Resolver) -> None:
    found = zj.by_names(community="上保社区", township="北山街道", within=XIHU)
    assert (found.status, found.code, found.level) == ("placed", SHANGBAO, "community")
    assert (found.resolved_by, found.confidence) == ("filing:community", 1.0)
    for community, township in (("上保社区居委会", "北山街道办事处"), ("上保", "北山")):
        found = zj.by_names(community=community, township=township, within=XIHU)
        assert (found.code, found.confidence) == (SHANGBAO, 0.9)


def test_by_names_one_given(zj: Resolver) -> None:
    found = zj.by_names(community="上保社区", township=None, within=XIHU)
    assert (found.code, found.confidence) == (SHANGBAO, 1.0)
    found = zj.by_names(community=None, township="北山街道", within=XIHU)
    assert (found.code, found.level, found.resolved_by) == (BEISHAN, "township", "filing:township")
    found = zj.by_names(community="上保", township=None, within=BEISHAN)  # a township authority
    assert found.code == SHANGBAO


def test_by_names_ambiguous_community(zj: Resolver) -> None:
    found = zj.by_names(community="兴隆社区", township=None, within="330102000000")
    assert found.status == "ambiguous"
    assert [c.path for c in found.candidates] == [
        "浙江省杭州市上城区望江街道兴隆社区",
        "浙江省杭州市上城区彭埠街道兴隆社区",
    ]
    found = zj.by_names(community="兴隆社区", township="彭埠街道", within="330102000000")
    assert found.code == "330102015013"
    village = zj.by_names(community="东山村", township=None, within="330109000000")
    assert codes(village) == ["330109101239", "330109104200"]
    village = zj.by_names(community="东山村", township="进化镇", within="330109000000")
    assert (village.code, village.confidence) == ("330109104200", 0.9)


def test_by_names_community_not_in_that_township(zj: Resolver) -> None:
    found = zj.by_names(community="上保社区", township="西溪街道", within=XIHU)
    assert (found.status, found.code) == ("not_found", None)
    assert found.note.startswith("上保社区 is not under 西溪街道; 西湖区 has ")
    assert codes(found) == ["330106004000", SHANGBAO]


def test_by_names_not_found(zj: Resolver) -> None:
    assert zj.by_names(community="上保", township="彭埠街道", within=XIHU).note == (
        "no township 彭埠街道 in 浙江省杭州市西湖区"
    )
    assert zj.by_names(community="不存在社区", township=None, within=XIHU).status == "not_found"
    assert zj.by_names(community=None, township=None, within=XIHU).status == "not_found"


# --- a custom regions table ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Resolver:
    rows = [
        ("330000000000", "浙江省", ""),
        ("330100000000", "杭州市", "330000000000"),
        ("330106000000", "西湖区", "330100000000"),
        ("330106002000", "北山街道", "330106000000"),
        ("330106002001", "东风村委会", "330106002000"),
        ("330106004000", "西溪街道", "330106000000"),
        ("330106004001", "东风村", "330106004000"),
    ]
    frame = pd.DataFrame(rows, columns=["code", "name", "parent_code"])  # no level column
    return Resolver(frame)


def test_custom_regions(small: Resolver) -> None:
    assert small.authority("西湖区民政局") == Authority(XIHU, "county", "西湖区民政局")
    found = small.address("北山街道东风村3号", within=XIHU)  # 东风村 spells 东风村委会 here
    assert (found.code, found.confidence) == ("330106002001", 0.9)
    # township skipped: 东风村 is the NBS name of 330106004001 and only an alias of the other
    found = small.address("杭州市西湖区东风村3号", within=XIHU)
    assert (found.status, found.code, found.confidence) == ("placed", "330106004001", 0.9)
    found = small.address("杭州市西湖区东风村委会3号", within=XIHU)
    assert found.code == "330106002001"
    ambiguous = small.by_names(community="东风", township=None, within=XIHU)
    assert codes(ambiguous) == ["330106002001", "330106004001"]


def test_a_regions_table_holding_one_county() -> None:
    rows = [(XIHU, "西湖区", HANGZHOU, "county"), (BEISHAN, "北山街道", XIHU, "township"),
            (SHANGBAO, "上保社区", BEISHAN, "community")]  # fmt: skip
    county = Resolver(
        pd.DataFrame(rows, columns=["code", "name", "parent_code", "level"]), area=XIHU
    )
    assert county.authority("杭州市西湖区民政局") == Authority(XIHU, "county", "杭州市西湖区民政局")
    assert county.address("杭州市西湖区北山街道上保社区", within=XIHU).code == SHANGBAO
    assert county.unit(SHANGBAO) == Candidate(SHANGBAO, "上保社区", "西湖区北山街道上保社区")
    assert county.authority("杭州市民政局").status == "not_found"  # 杭州市 is not in the table


def test_unknown_area() -> None:
    with pytest.raises(ValueError, match="no such division"):
        Resolver(area="330199000000")
