"""regions.csv: division codes, levels, parents (with cascades) and area types."""

from __future__ import annotations

from minidata import CITY, COUNTY, PROVINCE, TOWNSHIP, URBAN, base_tables, write_dataset

from graphgov.load import load_dataset


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


def test_area_type_from_urban_rural_code(tmp_path):
    res = load_with_regions(
        tmp_path,
        {"code": "330106001003", "name": "a", "parent_code": TOWNSHIP, "urban_rural_code": "111"},
        {"code": "330106001004", "name": "b", "parent_code": TOWNSHIP, "urban_rural_code": "210"},
    )
    assert res.exit_code == 0
    area = res.tables["regions"].set_index("code")["area_type"]
    assert area[["330106001002", "330106001003", "330106001004"]].tolist() == [
        "rural",
        "urban",
        "rural",
    ]
    assert "urban_rural_code" in res.tables["regions"].columns  # unknown columns are kept


def test_area_type_rules(tmp_path):
    res = load_with_regions(
        tmp_path,
        {"code": "330106001003", "name": "a", "parent_code": TOWNSHIP},
        {"code": "330106001004", "name": "b", "parent_code": TOWNSHIP, "urban_rural_code": "320"},
        {
            "code": "330106001005",
            "name": "c",
            "parent_code": TOWNSHIP,
            "area_type": "rural",
            "urban_rural_code": "112",
        },
        {"code": "330106001006", "name": "d", "parent_code": TOWNSHIP, "area_type": "suburban"},
    )
    assert verdicts(res) == {
        8: "missing_value",
        9: "bad_urban_rural_code",
        10: "area_type_mismatch",
        11: "bad_enum",
    }
    assert message(res, 8).endswith(
        "area_type is empty (required for a community; or give urban_rural_code)"
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
