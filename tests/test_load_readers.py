"""Reading table files: encodings, BOM, Parquet, line numbers, fatal problems."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from minidata import COUNTY, GROUP_ID, TOWNSHIP, URBAN, base_tables, org, write_csv, write_dataset

from graphgov.errors import DatasetError
from graphgov.load import load_dataset


@pytest.fixture
def base(tmp_path):
    return write_dataset(tmp_path / "ds", base_tables())


def test_clean_base_dataset(base):
    res = load_dataset(base)
    assert res.exit_code == 0
    assert res.rejects.empty
    assert res.counts["regions"].accepted == 6
    assert res.counts["organizations"].accepted == 2


# --- encodings ------------------------------------------------------------------------------


def test_gbk_file_is_fatal_and_names_the_option(tmp_path):
    path = write_dataset(tmp_path / "ds", base_tables(), encoding="gb18030")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    message = str(info.value)
    assert message.startswith("regions.csv: not UTF-8; it looks like GBK/GB18030")
    assert "--encoding gb18030" in message
    assert info.value.exit_code == 2


def test_gbk_file_reads_with_encoding(tmp_path):
    path = write_dataset(tmp_path / "ds", base_tables(), encoding="gb18030")
    res = load_dataset(path, encoding="gb18030")
    assert res.exit_code == 0
    assert res.tables["regions"]["name"].iloc[0] == "浙江省"


def test_undecodable_file_that_is_not_gbk_either(base):
    (base / "organizations.csv").write_bytes(
        b"org_id,name,kind,region_code\nC1,\xff\xfe,community,x\n"
    )
    with pytest.raises(DatasetError, match=r"organizations.csv: not UTF-8 \(byte 0xff"):
        load_dataset(base)


def test_bom_is_accepted(tmp_path):
    path = write_dataset(tmp_path / "ds", base_tables(), bom=True)
    res = load_dataset(path)
    assert res.exit_code == 0
    assert list(res.tables["regions"].columns[:2]) == ["code", "name"]


def test_bom_with_explicit_utf8(tmp_path):
    path = write_dataset(tmp_path / "ds", base_tables(), bom=True)
    assert load_dataset(path, encoding="utf-8").exit_code == 0


# --- fatal problems -------------------------------------------------------------------------


def test_missing_directory(tmp_path):
    with pytest.raises(DatasetError, match="no such dataset directory"):
        load_dataset(tmp_path / "nowhere")


def test_missing_required_file(base):
    (base / "organizations.csv").unlink()
    with pytest.raises(DatasetError, match=r"required file organizations.csv .* is missing"):
        load_dataset(base)


def test_missing_required_column(base):
    rows = [{k: v for k, v in r.items() if k != "kind"} for r in base_tables()["organizations"]]
    write_csv(base / "organizations.csv", rows)
    with pytest.raises(
        DatasetError, match=r"organizations.csv: required column\(s\) missing: kind"
    ):
        load_dataset(base)


def test_csv_and_parquet_of_one_table_is_ambiguous(base):
    pd.DataFrame({"org_id": ["C1"]}).to_parquet(base / "organizations.parquet")
    with pytest.raises(DatasetError, match="organizations.csv and organizations.parquet"):
        load_dataset(base)


def test_unreadable_parquet(base):
    (base / "people.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(DatasetError, match="people.parquet: unreadable Parquet"):
        load_dataset(base)


def test_empty_file(base):
    (base / "people.csv").write_text("")
    with pytest.raises(DatasetError, match="people.csv: empty file"):
        load_dataset(base)


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_input_with_typed_columns(base):
    orgs = pd.DataFrame([*base_tables()["organizations"], org("C9", "community", URBAN)])
    orgs["party_members"] = [3.0, None, -1.0]  # what pandas writes for an int column with a gap
    orgs["social_work_agency"] = [True, False, False]
    orgs["founded"] = pd.to_datetime(["2015-06-01", None, None])
    (base / "organizations.csv").unlink()
    orgs.to_parquet(base / "organizations.parquet", index=False)
    res = load_dataset(base)
    accepted = res.tables["organizations"]
    assert accepted["party_members"].tolist() == [3, 0]
    assert accepted["social_work_agency"].tolist() == [True, False]
    assert accepted["founded"].tolist()[0] == "2015-06-01"
    reject = res.rejects.iloc[0]
    assert (reject["line"], reject["reason_code"]) == (4, "bad_int")
    assert reject["message"].startswith("organizations.parquet row 4: party_members -1")


def test_parquet_codes_stored_as_numbers(base):
    regions = pd.DataFrame(base_tables()["regions"])
    regions["code"] = regions["code"].astype("int64")  # fine: no leading zeros in China's codes
    (base / "regions.csv").unlink()
    regions.to_parquet(base / "regions.parquet", index=False)
    assert load_dataset(base).exit_code == 0


# --- line numbers and row shape -------------------------------------------------------------


def _orgs_text(*lines: str) -> str:
    return "\n".join(["org_id,name,kind,region_code", *lines]) + "\n"


def test_line_numbers_count_quoted_newlines(base):
    text = _orgs_text(f'C1,"two\nlines",community,{URBAN}', "C2,x,bogus," + URBAN)
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    assert res.rejects["line"].tolist() == [4]
    assert res.rejects["message"].iloc[0].startswith("organizations.csv:4: kind bogus")
    assert res.tables["organizations"]["name"].iloc[0] == "two\nlines"


def test_blank_lines_are_not_rows_but_count_as_lines(base):
    text = _orgs_text(f"C1,a,community,{URBAN}", "", "", "C2,x,bogus," + URBAN, "", "")
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    assert res.counts["organizations"].rows == 2
    assert res.rejects["line"].tolist() == [5]


def test_ragged_rows_are_rejected(base):
    text = _orgs_text(f"C1,a,community,{URBAN}", "C2,b,community", f"C3,c,community,{URBAN},extra")
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    assert res.rejects["reason_code"].tolist() == ["bad_row", "bad_row"]
    assert res.rejects["message"].tolist() == [
        "organizations.csv:3: has 3 fields, the header has 4",
        "organizations.csv:4: has 5 fields, the header has 4",
    ]
    assert json.loads(res.rejects["raw"].iloc[0])["org_id"] == "C2"


def test_trailing_empty_column_from_excel_is_dropped(base):
    text = (
        "org_id,name,kind,region_code,\n"
        + f"C1,a,community,{URBAN},\n{GROUP_ID},b,social_group,{COUNTY},\n"
    )
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    assert res.exit_code == 0
    assert "" not in res.tables["organizations"].columns


def test_empty_row_is_rejected(base):
    text = _orgs_text(f"C1,a,community,{URBAN}", ",,,")
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    assert res.rejects["reason_code"].tolist() == ["empty_row"]


def test_values_are_stripped_and_raw_keeps_them(base):
    text = _orgs_text(f" C1 , a ,Community, {URBAN} ", f"C2,,community,{TOWNSHIP}")
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    accepted = res.tables["organizations"]
    assert accepted[["org_id", "name", "kind"]].iloc[0].tolist() == ["C1", "a", "community"]
    raw = json.loads(res.rejects["raw"].iloc[0])
    assert raw == {"org_id": "C2", "name": "", "kind": "community", "region_code": TOWNSHIP}
    assert res.rejects["reason_code"].iloc[0] == "missing_value"


def test_crlf_line_endings(base):
    lines = ["org_id,name,kind,region_code", f'C1,"two\r\nlines",community,{URBAN}', "C2,x,bogus,"]
    (base / "organizations.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    res = load_dataset(base)
    assert res.rejects["line"].tolist() == [4]
    assert res.tables["organizations"]["name"].iloc[0] == "two\r\nlines"


def test_regions_without_parent_code_column_is_fatal(base):
    rows = [{k: v for k, v in r.items() if k != "parent_code"} for r in base_tables()["regions"]]
    write_csv(base / "regions.csv", rows)
    with pytest.raises(
        DatasetError, match=r"regions.csv: required column\(s\) missing: parent_code"
    ):
        load_dataset(base)


def test_parquet_all_null_column_and_duplicate_keys_say_rows(base):
    people = pd.DataFrame(
        {"person_id": ["A", "A"], "name": ["x", "y"], "home_community": [None, None]}
    )
    people.to_parquet(base / "people.parquet", index=False)
    res = load_dataset(base)
    assert res.rejects["message"].tolist()[0] == (
        "people.parquet row 2: person_id A: key shared by rows that differ (rows 2, 3)"
    )


def test_header_with_a_quoted_line_break_is_fatal(base):
    # the header is one record over lines 1-2 (wider than its first line): read, then refused
    text = f'org_id,"name",kind,"region\ncode"\nC1,a,community,{URBAN}\n'
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(base)
    assert str(info.value) == (
        "organizations.csv: column 4 of the header ('region\\ncode') holds U+000A, an "
        "invisible control or format character; column names are plain text"
    )


def test_not_utf8_names_the_line(base):
    (base / "people.csv").write_bytes(b"person_id,name\nA,a\nB,\xff\n")
    with pytest.raises(
        DatasetError, match=r"people.csv: not UTF-8 \(byte 0xff at offset 21, line 3\)"
    ):
        load_dataset(base)


def test_ragged_row_deep_in_a_file_of_many_blocks(base):
    # over 1 MiB, so pyarrow parses it in several blocks; the ragged record is on line 60,002
    rows = [f"P{i:07d},name {i}" for i in range(80_000)]
    rows[60_000] += ",extra"
    (base / "people.csv").write_text("person_id,name\n" + "\n".join(rows) + "\n")
    res = load_dataset(base)
    assert res.rejects["message"].tolist() == ["people.csv:60002: has 3 fields, the header has 2"]
    assert res.counts["people"].rows == 80_000


def test_exact_duplicates_need_every_value_equal(base):
    text = _orgs_text(
        f"C1,a,community,{URBAN}", f"C1,a,community,{URBAN}", f" C1 ,a,community,{URBAN}"
    )
    (base / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(base)
    assert res.counts["organizations"].duplicates == 2  # equal once stripped
    (base / "organizations.csv").write_text(
        "org_id,name,kind,region_code,note\n"
        + f"C1,a,community,{URBAN},x\nC1,a,community,{URBAN},y\n",
        encoding="utf-8",
    )
    res = load_dataset(base)
    assert res.counts["organizations"].duplicates == 0
    assert res.rejects["reason_code"].tolist() == ["duplicate_key", "duplicate_key"]


def test_bad_utf8_in_a_ragged_row_is_the_encoding_error(base, capfd):
    (base / "people.csv").write_bytes(b"person_id,name\nA,a\nB,\xff,extra\n")
    with pytest.raises(DatasetError, match=r"people.csv: not UTF-8 \(byte 0xff at offset 21"):
        load_dataset(base)
    assert capfd.readouterr().err == ""  # nothing printed by the parser on the way


# --- the order of reading -------------------------------------------------------------------


def test_first_fatal_table_in_contract_order_is_reported_though_posts_are_read_early(tmp_path):
    # posts are read third, before organizations (graphgov.load.validate._READ_ORDER); a fatal
    # table before them in the contract's order is still the one reported
    tables = base_tables()
    path = write_dataset(tmp_path / "ds", tables)
    write_csv(path / "posts.csv", [{"person_id": "P1", "body_type": "org"}])
    write_csv(path / "services.csv", [{"provider_id": "X"}])
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value) == "posts.csv: required column(s) missing: body_id, role"
    write_csv(path / "people.csv", [{"name": "张三"}])  # people come before posts
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value) == "people.csv: required column(s) missing: person_id"
    write_csv(path / "organizations.csv", [{"name": "x"}])  # read after posts
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value).startswith("organizations.csv: required column(s) missing: org_id")
    write_csv(path / "regions.csv", [{"name": "x"}])  # first of all
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value).startswith("regions.csv: required column(s) missing: code")


def test_column_warnings_come_in_contract_order_whatever_the_order_of_reading(tmp_path):
    tables = base_tables()
    tables["regions"] = [{**r, "areatype": ""} for r in tables["regions"]]
    tables["posts"] = [{"person_id": "P1", "body_type": "org", "body_id": GROUP_ID}]
    tables["posts"][0].update(role="director", strat="2020-01-01")
    tables["people"] = [{"person_id": "P1", "name": "张三"}]
    res = load_dataset(write_dataset(tmp_path / "ds", tables))
    column = [w for w in res.warnings if "column " in w]
    assert [w.split(":")[0] for w in column] == ["regions.csv", "posts.csv"]
    assert "'strat'" in column[1] and "start" in column[1]
