"""The command line through typer's CliRunner: exit codes, formats, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

HANDCHECK = Path(__file__).parent / "data" / "handcheck"


def test_version_and_help(cli):
    result = cli(["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("graphgov ")
    result = cli(["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "graphgov demo --out out/" in result.stdout


def test_validate_clean_dataset_json(cli):
    result = cli(["validate", str(HANDCHECK), "--format", "json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["rejected"] == 0
    assert summary["tables"]["organizations"] == {
        "rows": 25,
        "accepted": 25,
        "rejected": 0,
        "duplicates": 0,
    }


def test_validate_table_prints_the_balance(cli):
    result = cli(["validate", str(HANDCHECK)])
    assert result.exit_code == 0
    assert "organizations:      25 rows = 25 accepted + 0 rejected + 0 duplicates" in result.stdout


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """The hand-checked dataset with a broken USCC, an exact duplicate and a dangling post."""
    path = tmp_path / "damaged"
    shutil.copytree(HANDCHECK, path)
    orgs = path / "organizations.csv"
    lines = orgs.read_text(encoding="utf-8").splitlines()
    first = lines[1]  # org A: 513301060000000017
    lines[1] = first.replace("513301060000000017", "513301060000000018", 1)  # check char off
    lines.append(lines[2])  # exact duplicate of org B
    orgs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_validate_rejects_give_exit_1_and_a_rejects_file(cli, damaged: Path, tmp_path: Path):
    rejects = tmp_path / "rejects.csv"
    result = cli(["validate", str(damaged), "--rejects", str(rejects), "--format", "json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    orgs = summary["tables"]["organizations"]
    # 26 rows: A rejected (bad check character), B's copy collapsed, 24 accepted.
    assert orgs == {"rows": 26, "accepted": 24, "rejected": 1, "duplicates": 1}
    # A's branch cover row points at a rejected organization: rejected in turn.
    assert summary["tables"]["party_org_covers"]["rejected"] == 1
    rows = list(csv.DictReader(io.StringIO(rejects.read_text(encoding="utf-8-sig"))))
    assert {r["table"] for r in rows} == {"organizations", "party_org_covers"}
    org_row = next(r for r in rows if r["table"] == "organizations")
    assert org_row["line"] == "2" and "check" in org_row["message"].lower()


def test_validate_missing_directory_is_fatal_one_line(cli, tmp_path: Path):
    result = cli(["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "error:" in result.stderr


def test_validate_missing_required_file_is_fatal(cli, tmp_path: Path):
    path = tmp_path / "no-orgs"
    shutil.copytree(HANDCHECK, path)
    (path / "organizations.csv").unlink()
    result = cli(["validate", str(path)])
    assert result.exit_code == 2 and "organizations" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "table"])
def test_report_formats(cli, fmt: str):
    result = cli(["report", "coverage", "--data", str(HANDCHECK), "--by", "city", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["group"], r["orgs"], r["org_covered"]) for r in rows] == [
            ("330100000000", "9", "3"),  # v2: M's functional Party organization is not
            ("330200000000", "3", "0"),  # organizational coverage (tests/test_analyses.py)
        ]
    elif fmt == "json":
        rows = json.loads(result.stdout)
        assert rows[0]["group_name"] == "杭州市" and rows[0]["work_covered"] == 6
    elif fmt == "md":
        assert result.stdout.startswith("| group | group_name | orgs |")
        assert "| 330200000000 | 宁波市 | 3 | 0 | 0 | 0 | 0 |" in result.stdout
    else:
        assert "杭州市" in result.stdout and "宁波市" in result.stdout


def test_report_lists_in_csv_are_joined(cli, tmp_path: Path):
    out = tmp_path / "jb.csv"
    result = cli(["report", "joint-branches", "--data", str(HANDCHECK), "--out", str(out)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0]["org_ids"].count(";") == 2 and rows[1]["group_id"] == ""


def test_report_as_of_and_targets(cli, tmp_path: Path):
    targets = tmp_path / "t.toml"
    targets.write_text("[community_orgs]\nurban_min = 3\nrural_min = 2\n", encoding="utf-8")
    result = cli(
        ["report", "density", "--data", HANDCHECK, "--targets", targets, "--format", "json"]
    )
    assert [r["meets_target"] for r in json.loads(result.stdout)] == [
        True,
        False,
        False,
        True,
        True,
    ]
    result = cli(
        ["report", "coverage", "--data", HANDCHECK, "--by", "province", "--as-of", "2021-06-01",
         "--format", "json"]
    )  # fmt: skip
    assert json.loads(result.stdout)[0]["work_covered"] == 7


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "nope", "--data", str(HANDCHECK)], "unknown report"),
        (["report", "coverage"], "needs --data"),
        (["report", "coverage", "--data", str(HANDCHECK), "--by", "street"], "by must be"),
        (["report", "density", "--data", str(HANDCHECK), "--by", "kind"], "by must be"),
        (["report", "hubs", "--data", str(HANDCHECK), "--by", "city"], "does not take"),
        (["report", "coverage", "--data", str(HANDCHECK), "--as-of", "2023-02-30"], "as-of"),
        (["report", "coverage", "--data", "/no/such/dir"], "no such dataset"),
    ],
)
def test_report_user_errors_are_one_line(cli, args: list[str], needle: str):
    result = cli(args)
    assert result.exit_code == 2 or result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "coverage", "--bogus"], "No such option: --bogus"),
        (["report", "coverage", "--format", "xml"], "'xml' is not one of"),
        (["reprot", "coverage"], "No such command 'reprot'"),
        (["validate"], "Missing argument"),
        (["neo4j", "restart"], "No such command 'restart'"),
        (["metrics", "everything", "--data", str(HANDCHECK)], "unknown projection"),
        (["load", str(HANDCHECK), "--backend", "memory"], "only --backend neo4j"),
        (["report", "all", "--data", str(HANDCHECK)], "needs --data DIR and --out DIR"),
        (["report", "all", "--out", "x"], "needs --data DIR and --out DIR"),
    ],
)
def test_usage_errors_are_one_red_line(cli, args: list[str], needle: str):
    result = cli(args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0]
    assert "Usage:" not in result.output and "Traceback" not in result.output


def test_no_arguments_shows_the_help(cli):
    result = cli([])
    assert result.exit_code == 0 and "Examples:" in result.stdout


def test_gbk_file_names_the_encoding_option(cli, tmp_path: Path):
    """An Excel export in GB18030: fatal, naming the option; with the option, clean."""
    path = tmp_path / "gbk"
    shutil.copytree(HANDCHECK, path)
    for table in path.glob("*.csv"):
        table.write_bytes(table.read_text(encoding="utf-8").encode("gb18030"))
    result = cli(["validate", str(path)])
    assert result.exit_code == 2
    assert "--encoding gb18030" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert cli(["validate", str(path), "--encoding", "gb18030"]).exit_code == 0


def test_report_all_writes_the_full_report(cli, tmp_path: Path):
    result = cli(["report", "all", "--data", str(HANDCHECK), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 6 and "杭州市" in html


def test_validate_the_current_folder(cli, tmp_path, monkeypatch):
    # a dataset without dataset.toml is named after its folder, also when given as "."
    data = tmp_path / "西湖区数据"
    shutil.copytree(Path(__file__).parent / "data" / "handcheck", data)
    (data / "dataset.toml").unlink()
    monkeypatch.chdir(data)
    result = cli(["validate", "."])
    assert result.exit_code == 0, result.output
    from graphgov.meta import DatasetInfo

    assert DatasetInfo.from_dir(".").name == "西湖区数据"


def test_a_synthetic_dataset_is_noted_beside_a_single_report(cli):
    """The bundled sample is synthetic: stderr says so; stdout stays the contract's CSV."""
    sample = Path(__file__).parents[1] / "datasets" / "zhejiang-sample"
    result = cli(["report", "counties", "--data", sample, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "note: synthetic data" in result.stderr
    assert result.stdout.splitlines()[0].startswith("county_code,county_name,")
    real = cli(["report", "counties", "--data", HANDCHECK, "--format", "csv"])
    assert "synthetic" not in real.stderr
