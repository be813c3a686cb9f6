"""Hostile input for the reader (issue 9, classes 5, 7 and 10): every case ends in one clear
answer, through ``graphgov validate``.

Each case in tests/data/hostile/reader/CASE/ holds the files laid over the small base
dataset of tests/minidata.py (six regions of Xihu district, two organizations). Cases that
need links, devices or binary Parquet are built in ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from minidata import URBAN, base_tables, not_about_regions, write_dataset

from graphgov.errors import DatasetError
from graphgov.load import load_dataset

HOSTILE = Path(__file__).parent / "data" / "hostile" / "reader"
ORGS_HEADER = "org_id,name,kind,region_code\n"


@pytest.fixture
def dataset(tmp_path: Path):
    """``dataset("open-quote")``: the base dataset with the case's files laid over it."""

    def make(case: str | None = None) -> Path:
        path = write_dataset(tmp_path / (case or "base"), base_tables())
        if case is not None:
            for file in (HOSTILE / case).iterdir():
                shutil.copy(file, path / file.name)
        return path

    return make


def validate(cli, path: Path, *options: str):
    """``graphgov validate PATH --format json OPTIONS``: (exit code, JSON or None, stderr)."""
    result = cli(["validate", path, "--format", "json", *options])
    summary = json.loads(result.stdout) if result.exit_code in (0, 1) else None
    return result.exit_code, summary, result.stderr.strip()


def error_line(stderr: str) -> str:
    """The one error line among the progress lines on stderr."""
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    return errors[0]


# --- class 5: nothing silently lost or changed ---------------------------------------------


def test_quote_left_open_for_three_rows_is_rejected_naming_the_lines(cli, dataset):
    # line 2 opens a quote that closes on line 5: one record whose name holds lines 3 and 4,
    # both shaped like rows (3 commas, as the 4-column header). C5 on line 6 is fine.
    code, summary, _ = validate(cli, dataset("open-quote"))
    assert code == 1
    assert summary["tables"]["organizations"] == {
        "rows": 2,
        "accepted": 1,
        "rejected": 1,
        "duplicates": 0,
    }
    res = load_dataset(dataset("open-quote"))
    assert res.rejects[["line", "reason_code"]].values.tolist() == [[2, "bad_row"]]
    assert res.rejects["message"].iloc[0] == (
        "organizations.csv:2: a quoted value in name runs from line 2 to line 5 and holds "
        "2 line(s) that look like rows of their own: a quote left open on line 2?"
    )
    assert res.tables["organizations"]["org_id"].tolist() == ["C5"]


def test_a_multi_line_value_without_row_like_lines_is_kept(dataset):
    path = dataset()
    text = ORGS_HEADER + f'C1,"北山社区\n老年协会, 第二分会",community,{URBAN}\n'
    (path / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(path)
    assert res.exit_code == 0
    assert res.tables["organizations"]["name"].tolist() == ["北山社区\n老年协会, 第二分会"]


def test_header_in_other_letter_case_is_fatal_with_did_you_mean(cli, dataset):
    code, _, stderr = validate(cli, dataset("header-case"))
    assert code == 2
    assert error_line(stderr) == (
        "error: organizations.csv: column 'Party_Members' is not a contract column; did you "
        "mean party_members? (column names are written exactly as in the contract, in lower "
        "case)"
    )


@pytest.mark.parametrize("name", ["ｐａｒｔｙ＿ｍｅｍｂｅｒｓ", "party members", "PARTY-MEMBERS"])
def test_header_matching_only_after_normalising_is_fatal(dataset, name):
    path = dataset()
    (path / "organizations.csv").write_text(
        f"org_id,name,kind,region_code,{name}\nC1,a,community,{URBAN},3\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="did you mean party_members[?]") as info:
        load_dataset(path)
    assert info.value.exit_code == 2


def test_zero_width_space_in_a_header_is_fatal(dataset):
    path = dataset()
    (path / "organizations.csv").write_text(
        f"org_id,name,kind,region_code,party_\u200bmembers\nC1,a,community,{URBAN},3\n"
    )
    with pytest.raises(DatasetError, match=r"column 5 of the header .* holds U\+200B, an invis"):
        load_dataset(path)


def test_header_with_stray_spaces_is_the_contract_column(dataset):
    path = dataset()
    (path / "organizations.csv").write_text(
        f"org_id,name,kind,region_code, party_members \nC1,a,community,{URBAN},3\n"
    )
    assert load_dataset(path).tables["organizations"]["party_members"].tolist() == [3]


def test_misspelt_column_is_kept_with_a_warning(cli, dataset):
    path = dataset()
    (path / "organizations.csv").write_text(
        f"org_id,name,kind,region_code,party_member\nC1,a,community,{URBAN},3\n"
    )
    code, summary, _ = validate(cli, path)
    assert code == 0
    assert not_about_regions(summary["warnings"]) == [
        "organizations.csv: column 'party_member' is not in the contract (kept as a "
        "property); did you mean party_members?"
    ]


def test_nul_in_a_header_name_is_fatal(cli, dataset):
    # the two rows differ only in the column named "\0n_fields": before, they were
    # collapsed as exact duplicates of each other
    code, _, stderr = validate(cli, dataset("header-nul"))
    assert code == 2
    assert error_line(stderr) == (
        "error: organizations.csv: column 5 of the header ('\\x00n_fields') holds U+0000, an "
        "invisible control or format character; column names are plain text"
    )


def test_utf8_row_in_a_gb18030_file_is_fatal_naming_the_line(cli, dataset):
    code, _, stderr = validate(cli, dataset("mixed-encoding"), "--encoding", "gb18030")
    assert code == 2
    assert error_line(stderr) == (
        "error: organizations.csv:3: UTF-8 text in a file read as gb18030 (line(s) 3); it "
        "would be mojibake. Save the whole file in one encoding"
    )


def test_the_same_files_without_the_utf8_row_are_clean(dataset):
    path = dataset("mixed-encoding")
    lines = (path / "organizations.csv").read_bytes().splitlines(keepends=True)
    (path / "organizations.csv").write_bytes(b"".join(lines[:2] + lines[3:]))
    res = load_dataset(path, encoding="gb18030")
    assert res.exit_code == 0
    assert res.tables["organizations"]["name"].tolist() == [
        "北山社区老年协会",
        "北山社区志愿者协会",
    ]


def test_a_utf8_file_read_as_gb18030_is_fatal(dataset):
    path = dataset()  # minidata writes UTF-8
    with pytest.raises(DatasetError, match=r"^regions.csv: this file is UTF-8, not gb18030"):
        load_dataset(path, encoding="gb18030")


def test_file_not_in_the_contract_is_a_warning_with_the_nearest_table(cli, dataset):
    code, summary, _ = validate(cli, dataset("stray-file"))
    assert code == 0
    assert not_about_regions(summary["warnings"]) == [
        "post.csv: not a table of the contract, dataset.toml or targets.toml; ignored "
        "(did you mean posts.csv?)"
    ]


def test_hidden_files_and_the_toml_files_are_not_reported(dataset):
    path = dataset()
    (path / ".graphgov-cache").mkdir()
    (path / ".DS_Store").write_bytes(b"\0")
    (path / "dataset.toml").write_text('name = "x"\n')
    assert not_about_regions(load_dataset(path).warnings) == []


def test_missing_required_table_names_the_near_file(dataset):
    path = dataset()
    (path / "organizations.csv").rename(path / "Organizations.csv")
    with pytest.raises(DatasetError, match=r"organizations.csv .* is missing \(Organizations.csv"):
        load_dataset(path)


# --- Parquet: the same answers as CSV ------------------------------------------------------


def test_gbk_bytes_in_a_parquet_binary_column_are_fatal(dataset):
    path = dataset()
    people = pd.DataFrame(
        {"person_id": ["A", "B"], "name": ["张三".encode(), "李四".encode("gbk")]}
    )
    people.to_parquet(path / "people.parquet", index=False)
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value) == (
        "people.parquet row 3: column name holds bytes that are not UTF-8 text (byte 0xc0; "
        "GBK?); write text columns as UTF-8 strings"
    )


def test_utf8_bytes_in_a_parquet_binary_column_are_text(dataset):
    path = dataset()
    people = pd.DataFrame({"person_id": ["A"], "name": ["张三".encode()]})
    people.to_parquet(path / "people.parquet", index=False)
    assert load_dataset(path).tables["people"]["name"].tolist() == ["张三"]


def test_float_code_column_with_gaps_round_trips_as_integers(dataset):
    path = dataset()
    (path / "regions.csv").unlink()
    regions = pd.DataFrame(base_tables()["regions"])
    for column in ("code", "parent_code"):  # pandas writes int columns with gaps as float64
        regions[column] = pd.to_numeric(regions[column].replace("", None)).astype("float64")
    regions.to_parquet(path / "regions.parquet", index=False)
    res = load_dataset(path)
    assert res.exit_code == 0, res.rejects["message"].tolist()
    assert res.tables["regions"]["code"].tolist()[:2] == ["330000000000", "330100000000"]


def test_real_floats_in_parquet_stay_floats(dataset):
    path = dataset()
    services = pd.DataFrame(
        {
            "provider_id": ["C1", "C1"],
            "target_type": ["community", "community"],
            "target_id": [URBAN, URBAN],
            "kind": ["purchased", "serves"],
            "amount_cny": [1500.5, None],
        }
    )
    services.to_parquet(path / "services.parquet", index=False)
    res = load_dataset(path)
    assert res.exit_code == 0
    assert res.tables["services"]["amount_cny"].tolist()[0] == 1500.5


@pytest.mark.parametrize("name", ["", "Unnamed: 0", "__index_level_0__"])
def test_unnamed_parquet_column_with_values_is_fatal(dataset, name):
    path = dataset()
    pd.DataFrame({"person_id": ["A"], name: ["x"]}).to_parquet(path / "people.parquet")
    with pytest.raises(DatasetError, match=rf"people.parquet: column 2 \('{name}'\) has values"):
        load_dataset(path)


def test_parquet_written_with_its_index_is_fatal(dataset):
    path = dataset()
    people = pd.DataFrame({"person_id": ["A", "B"]}, index=[5, 7])
    people.to_parquet(path / "people.parquet")  # index=None keeps a non-default index
    with pytest.raises(DatasetError, match="__index_level_0__.* write the file with index=False"):
        load_dataset(path)


def test_unnamed_csv_column_with_values_is_fatal(dataset):
    path = dataset()
    (path / "people.csv").write_text("person_id,Unnamed: 1\nA,x\n")
    with pytest.raises(DatasetError, match="people.csv: column 2 has values but no name"):
        load_dataset(path)


# --- class 7: a table must be a regular file -----------------------------------------------


def test_table_that_is_a_folder_is_refused(cli, dataset):
    path = dataset()
    (path / "people.csv").mkdir()
    code, _, stderr = validate(cli, path)
    assert code == 2
    assert error_line(stderr) == (
        "error: people.csv: not a regular file: a folder; a table is a file"
    )


def test_table_linked_to_dev_zero_is_refused(dataset):
    path = dataset()
    os.symlink("/dev/zero", path / "people.csv")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value) == (
        "people.csv: not a regular file (a link to /dev/zero): a device, pipe or socket; a "
        "table is a file"
    )


def test_table_that_is_a_pipe_is_refused(dataset):
    path = dataset()
    os.mkfifo(path / "people.csv")
    with pytest.raises(DatasetError, match="people.csv: not a regular file: a device, pipe"):
        load_dataset(path)


def test_broken_link_for_a_table_is_an_error_not_an_absent_table(dataset):
    path = dataset()
    os.symlink(path / "nowhere.csv", path / "people.csv")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert str(info.value) == (
        f"people.csv: a broken link (a link to {path / 'nowhere.csv'}); the table is not there"
    )


def test_link_to_a_regular_file_is_read(dataset, tmp_path):
    path = dataset()
    target = tmp_path / "elsewhere.csv"
    target.write_text("person_id,name\nA,张三\n", encoding="utf-8")
    os.symlink(target, path / "people.csv")
    assert load_dataset(path).tables["people"]["name"].tolist() == ["张三"]


# --- class 10: one reader, one answer ------------------------------------------------------


def test_cr_only_file_reports_the_right_line(cli, dataset):
    # header 1, C1 2, C2 3-4 (a quoted CR), C3 5 with kind "bogus"
    code, summary, _ = validate(cli, dataset("cr-only"))
    assert code == 1
    assert summary["tables"]["organizations"]["rows"] == 3
    res = load_dataset(dataset("cr-only"))
    assert res.rejects["message"].tolist() == [
        "organizations.csv:5: kind bogus: not one of social_group|social_service|foundation|"
        "community"
    ]
    assert res.tables["organizations"]["name"].tolist() == ["Alpha", "two\rlines"]


def test_ragged_rows_beside_a_blank_line_and_a_quoted_break(dataset):
    # header 1, C1 2-3, blank 4, C2 5 (3 fields), C3 6 (5 fields), C4 7
    res = load_dataset(dataset("ragged"))
    assert res.rejects["message"].tolist() == [
        "organizations.csv:5: has 3 fields, the header has 4",
        "organizations.csv:6: has 5 fields, the header has 4",
    ]
    assert json.loads(res.rejects["raw"].iloc[1]) == {
        "org_id": "C3",
        "name": "Gamma",
        "kind": "community",
        "region_code": URBAN,
    }
    assert res.tables["organizations"]["org_id"].tolist() == ["C1", "C4"]


@pytest.mark.parametrize("blank", [False, True])
def test_a_200000_character_field_reads_alike_with_or_without_a_blank_line(dataset, blank):
    path = dataset()
    long = "长" * 200_000
    gap = "\n" if blank else ""
    text = ORGS_HEADER + f'C1,"{long}",community,{URBAN}\n{gap}C2,x,bogus,{URBAN}\n'
    (path / "organizations.csv").write_text(text, encoding="utf-8")
    res = load_dataset(path)
    assert res.tables["organizations"]["name"].tolist() == [long]
    assert res.rejects["line"].tolist() == [4 if blank else 3]


def test_a_record_longer_than_the_parser_block_is_read(dataset):
    path = dataset()
    long = "x" * 3_000_000  # over pyarrow's 1 MiB block, without a line break
    (path / "people.csv").write_text(f"person_id,name\nA,{long}\nB,b\n")
    assert load_dataset(path).tables["people"]["name"].str.len().tolist() == [3_000_000, 1]


def test_a_long_parquet_value_is_read_like_a_long_csv_one(dataset):
    path = dataset()
    long = "长" * 200_000
    pd.DataFrame({"person_id": ["A"], "name": [long]}).to_parquet(path / "people.parquet")
    assert load_dataset(path).tables["people"]["name"].tolist() == [long]
