"""Hostile input at the command line (issue 9): the CLI's own error handler, markup in values
and paths, spreadsheet formulas, bad output paths, HTML in Markdown, control characters in
graph files and degenerate datasets for `metrics`. Each case asserts its exit code and its
one line."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graphgov.load

HANDCHECK = Path(__file__).parent / "data" / "handcheck"
HOSTILE = Path(__file__).parent / "data" / "hostile" / "cli"


def one_line(text: str) -> str:
    """The only line of `text` (the test fails if there are more)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def error_line(stderr: str) -> str:
    """The only line of `stderr` besides progress lines (``… step``)."""
    return one_line("\n".join(x for x in stderr.splitlines() if not x.startswith("… ")))


# --- class 14: the CLI's own error handler -------------------------------------------------


@pytest.mark.internal_error
def test_a_bug_is_one_line_exit_70_and_a_saved_traceback(cli, monkeypatch, tmp_path: Path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero in [bold]step[/bold]")

    monkeypatch.setattr(graphgov.load, "load_dataset", broken)
    monkeypatch.setenv("GRAPHGOV_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHGOV_DEBUG", raising=False)
    result = cli(["validate", HANDCHECK])
    assert result.exit_code == 70
    saved = tmp_path / "cache" / "internal-error.txt"
    assert one_line(result.stderr) == (
        "internal error: ZeroDivisionError: division by zero in [bold]step[/bold] "
        f"(this is a bug in graphgov; please report it; traceback in {saved})"
    )
    text = saved.read_text(encoding="utf-8")
    assert f"$ graphgov validate {HANDCHECK}" in text
    assert "Traceback (most recent call last)" in text and "in broken" in text
    assert "Traceback" not in result.output


@pytest.mark.internal_error
def test_graphgov_debug_prints_the_traceback_too(cli, monkeypatch, tmp_path: Path):
    def broken(*args, **kwargs):
        raise KeyError("organizations")

    monkeypatch.setattr(graphgov.load, "load_dataset", broken)
    monkeypatch.setenv("GRAPHGOV_CACHE", str(tmp_path))
    result = cli(["validate", HANDCHECK], env={"GRAPHGOV_DEBUG": "1"})
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("internal error: KeyError: 'organizations' (this is a bug in graphgov")
    )


def test_ctrl_c_is_aborted_exit_130(cli, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(graphgov.load, "load_dataset", interrupted)
    result = cli(["validate", HANDCHECK])
    assert result.exit_code == 130
    assert one_line(result.stderr) == "aborted"


# --- the hostile datasets: the hand-checked one with a case's tables laid over it -------


@pytest.fixture
def hostile(tmp_path: Path):
    """``hostile("markup")``: a copy of the hand-checked dataset whose tables are replaced
    by those in tests/data/hostile/cli/markup/ (see each case's files)."""

    def make(case: str) -> Path:
        path = tmp_path / case
        shutil.copytree(HANDCHECK, path)
        for table in (HOSTILE / case).iterdir():
            shutil.copy(table, path / table.name)
        return path

    return make


# --- class 2: text in data or arguments is not terminal markup ----------------------------


def test_markup_in_names_is_printed_as_written(cli, hostile):
    # gaps lists F "[/red]" (a closing tag alone made rich raise MarkupError), B
    # "[link=http://x]x[/link]", C "[bold]C:smile:" and D "[red]D".
    # A terminal wide enough for v2's ten gaps columns shows each name whole.
    result = cli(["report", "gaps", "--data", hostile("markup")], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "│ [/red]     " in result.stdout and "│ [red]D     " in result.stdout
    assert "│ [link=http://x]x[/link] │" in result.stdout and "│ [bold]C:smile: " in result.stdout


def test_rich_table_cells_titles_and_headers_are_plain_text():
    import io

    from rich.console import Console

    from graphgov.output import rich_table

    df = pd.DataFrame({"[b]col": ["[link=http://x]x[/link]", ":smile: a\x1b[31mb"]})
    screen = Console(file=io.StringIO(), width=200, emoji=False)
    screen.print(rich_table(df, title="[/red]"))
    text = screen.file.getvalue()
    assert "[/red]" in text and "[b]col" in text and "[link=http://x]x[/link]" in text
    assert ":smile: a\\x1b[31mb" in text and "\x1b" not in text


def test_markup_in_a_path_is_printed_as_written(cli, tmp_path: Path):
    result = cli(["validate", tmp_path / "[red]x[/red]"])
    assert result.exit_code == 2
    assert "[red]x[/red]" in one_line(result.stderr)


def test_markup_in_a_rejects_path_and_in_reject_messages(cli, hostile, tmp_path: Path):
    data = hostile("markup")
    orgs = data / "organizations.csv"
    text = orgs.read_text(encoding="utf-8").replace("513301060000000017", "[/bold]", 1)
    orgs.write_text(text, encoding="utf-8")
    rejects = tmp_path / "[bold]rejects.csv"
    result = cli(["validate", data, "--rejects", rejects])
    assert result.exit_code == 1
    assert "org_id [/bold]" in result.stdout
    assert result.stdout.rstrip().endswith(f"all of them are in {rejects}")
    assert rejects.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "coverage", "--data", HANDCHECK, "--as-of", "[/red]"], "'[/red]'"),
        (["report", "coverage", "--data", HANDCHECK, "--by", "[link=x]y"], "[link=x]y"),
        (["report", "coverage", "--data", HANDCHECK, "--format", "[/x]"], "'[/x]'"),
        (["metrics", "[/red]", "--data", HANDCHECK], "'[/red]'"),
    ],
)
def test_markup_in_an_option_value_is_printed_as_written(cli, args, needle: str):
    result = cli(args)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("error:") and needle in line


def test_control_characters_in_an_error_line_are_shown_escaped(cli, tmp_path: Path):
    result = cli(["validate", tmp_path / "a\x1b[2Jb\nc"])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "a\\x1b[2Jb\\nc" in line and "\x1b" not in result.stderr


# --- class 4: spreadsheet formulas ---------------------------------------------------------

#: The formulas case's names (organizations F, B, C, D), and what a spreadsheet must get.
FORMULAS = {
    "51330212000000006H": ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    "523301060000000027": ("+1", "'+1"),
    "52330106000000003A": ("@SUM(A1)", "'@SUM(A1)"),
    "52330106000000004D": ("-2+3", "'-2+3"),
}


def csv_names(text: str, key: str = "org_id") -> dict[str, str]:
    return {r[key]: r["name"] for r in csv.DictReader(io.StringIO(text))}


def test_formulas_are_neutralised_in_csv_on_stdout_and_in_out_files(cli, hostile, tmp_path):
    data = hostile("formulas")
    shown = cli(["report", "gaps", "--data", data, "--format", "csv"])
    assert shown.exit_code == 0, shown.output
    out = tmp_path / "gaps.csv"
    written = cli(["report", "gaps", "--data", data, "--out", out])
    assert written.exit_code == 0, written.output
    # 9 gaps in v2: M's functional Party organization no longer gives organizational coverage.
    assert one_line(written.stderr) == f"wrote 9 rows to {out}"
    for names in (csv_names(shown.stdout), csv_names(out.read_text(encoding="utf-8-sig"))):
        assert {k: names[k] for k in FORMULAS} == {k: safe for k, (_, safe) in FORMULAS.items()}
        assert names["523301060000000115"] == "K组织"  # untouched
    rows = csv.DictReader(io.StringIO(shown.stdout))
    assert {r["party_members"] for r in rows} <= {"0", "1", "2", "3", "4", "5"}  # numbers kept


def test_json_keeps_the_exact_values(cli, hostile):
    result = cli(["report", "gaps", "--data", hostile("formulas"), "--format", "json"])
    names = {r["org_id"]: r["name"] for r in json.loads(result.stdout)}
    assert {k: names[k] for k in FORMULAS} == {k: raw for k, (raw, _) in FORMULAS.items()}


def test_metrics_csv_neutralised_graph_file_exact(cli, hostile, tmp_path: Path):
    # The interlock network of the hand-checked data: C and D (P3 and P4 hold posts in both).
    out = tmp_path / "m"
    result = cli(["metrics", "interlock", "--data", hostile("formulas"), "--out-dir", out])
    assert result.exit_code == 0, result.output
    nodes = csv_names((out / "nodes.csv").read_text(encoding="utf-8-sig"), key="node")
    assert nodes == {"org:52330106000000003A": "'@SUM(A1)", "org:52330106000000004D": "'-2+3"}
    graph = nx.read_graphml(out / "interlock.graphml")
    assert dict(graph.nodes(data="name")) == {
        "org:52330106000000003A": "@SUM(A1)",
        "org:52330106000000004D": "-2+3",
    }


def test_the_rejects_file_keeps_the_raw_row_exact(cli, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(HANDCHECK, data)
    orgs = data / "organizations.csv"
    text = orgs.read_text(encoding="utf-8").replace("513301060000000017,A组织", "=1+1,@A", 1)
    orgs.write_text(text, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    assert cli(["validate", data, "--rejects", rejects]).exit_code == 1
    rows = list(csv.DictReader(io.StringIO(rejects.read_text(encoding="utf-8-sig"))))
    raw = json.loads(next(r for r in rows if r["reason_code"] == "bad_uscc")["raw"])
    assert (raw["org_id"], raw["name"]) == ("=1+1", "@A")


# --- class 7: paths on the command line ----------------------------------------------------


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    """A plain file, and paths that cannot be written: below a missing folder, below a
    file, a folder, and a place no one may write (/proc)."""
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    return {
        "file": afile,
        "missing": tmp_path / "nodir" / "x.csv",
        "under-file": afile / "x.csv",
        "folder": tmp_path,
        "proc": Path("/proc/graphgov-test.csv"),
    }


@pytest.mark.parametrize(
    ("command", "place", "message"),
    [
        ("rejects", "missing", "--rejects {p}: the folder {p.parent} does not exist"),
        ("rejects", "under-file", "--rejects {p}: {p.parent} is not a folder"),
        ("rejects", "folder", "--rejects {p} is a folder; give a file name"),
        ("rejects", "proc", "--rejects {p}: "),
        ("out", "missing", "--out {p}: the folder {p.parent} does not exist"),
        ("out", "under-file", "--out {p}: {p.parent} is not a folder"),
        ("out", "folder", "--out {p} is a folder; give a file name"),
        ("out", "proc", "--out {p}: "),
        ("out-dir", "file", "--out-dir {p} is a file, not a folder"),
        ("out-dir", "under-file", "--out-dir {p}: {p.parent} is a file, not a folder"),
        ("report-all", "file", "--out {p} is a file, not a folder"),
        ("targets", "missing", "--targets {p}: no such file"),
        ("targets", "folder", "--targets {p} is a folder, not a file"),
        ("generate", "file", "OUT_DIR {p} is a file, not a folder"),
    ],
)
def test_a_bad_path_is_one_error_line_exit_2(cli, places, command, place, message):
    p = places[place]
    args = {
        "rejects": ["validate", HANDCHECK, "--rejects", p],
        "out": ["report", "gaps", "--data", HANDCHECK, "--out", p],
        "out-dir": ["metrics", "interlock", "--data", HANDCHECK, "--out-dir", p],
        "report-all": ["report", "all", "--data", HANDCHECK, "--out", p],
        "targets": ["report", "density", "--data", HANDCHECK, "--targets", p],
        "generate": ["generate", p, "--scale", "0.001"],
    }[command]
    result = cli(args)
    assert result.exit_code == 2
    assert error_line(result.stderr).startswith("error: " + message.format(p=p))


@pytest.mark.parametrize("name", ["organizations.csv", "dataset.toml"])
def test_rejects_may_not_overwrite_a_dataset_file(cli, tmp_path: Path, name: str):
    data = tmp_path / "data"
    shutil.copytree(HANDCHECK, data)
    before = (data / name).read_bytes()
    result = cli(["validate", data, "--rejects", data / name])
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"error: --rejects {data / name} is the dataset's {name}; "
        "write it outside the dataset folder"
    )
    assert (data / name).read_bytes() == before


def test_rejects_may_not_overwrite_a_dataset_file_through_a_link(cli, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(HANDCHECK, data)
    link = tmp_path / "r.csv"
    link.symlink_to(data / "posts.csv")
    result = cli(["validate", data, "--rejects", link])
    assert result.exit_code == 2
    assert "is the dataset's posts.csv" in one_line(result.stderr)


def test_rejects_may_not_be_a_new_table_in_the_dataset_folder(cli, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(HANDCHECK, data)
    result = cli(["validate", data, "--rejects", data / "rejects.csv"])
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"error: --rejects {data / 'rejects.csv'} is in the dataset folder {data}, where it "
        "would be read as part of the dataset; write it outside the dataset folder"
    )
    assert not (data / "rejects.csv").exists()


# --- class 13: Markdown and graph files ----------------------------------------------------


def test_markdown_shows_html_links_pipes_and_newlines_as_text(cli, hostile):
    # gaps lists F "<script>alert(1)</script>", B "<img src=x onerror=alert(1)>",
    # C "a|b<newline>c&d" and D "[x](javascript:alert(1))".
    result = cli(["report", "gaps", "--data", hostile("html"), "--format", "md"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 9  # header, rule, one line per organization (M is a v2 gap)
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    # 10 cells; an empty cell (no suggested form, no manager) is "|  |", not " | ".
    assert all(line.count("|") - line.count("\\|") == 11 for line in lines[2:])
    assert "| 51330212000000006H | &lt;script&gt;alert(1)&lt;/script&gt; |" in result.stdout
    assert "| &lt;img src=x onerror=alert(1)&gt; |" in result.stdout
    assert "| a\\|b c&amp;d |" in result.stdout
    assert "| \\[x\\](javascript:alert(1)) |" in result.stdout
    assert "<" not in result.stdout and ">" not in result.stdout


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_are_removed_from_graph_files_with_a_warning(
    cli, hostile, tmp_path: Path, fmt: str
):
    # The control case names C "C\x01组织" and D "D\x0b\x1b组织": three characters XML 1.0
    # does not allow.
    out = tmp_path / "m"
    result = cli(
        ["metrics", "interlock", "--data", hostile("control"), "--out-dir", out,
         "--graph-format", fmt]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert one_line(result.stderr) == (
        "warning: 3 characters that XML does not allow (control characters) removed from "
        f"names in {out / ('interlock.' + fmt)}; the CSV files keep them"
    )
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out / f"interlock.{fmt}")
    names = dict(graph.nodes(data="name"))
    assert names == {"org:52330106000000003A": "C组织", "org:52330106000000004D": "D组织"}
    nodes = csv_names((out / "nodes.csv").read_text(encoding="utf-8-sig"), key="node")
    assert nodes == {
        "org:52330106000000003A": "C\x01组织",
        "org:52330106000000004D": "D\x0b\x1b组织",
    }


def test_xml_safe_keeps_node_keys_apart_and_counts_what_it_removed():
    from graphgov.analyses.network import xml_safe

    net = nx.Graph([("org:a\x01", "org:b"), ("org:a", "org:c"), ("org:a\ud800", "org:b")])
    net.nodes["org:b"]["name"] = "x\x0by\ufffe"
    net.edges["org:a", "org:c"]["label"] = "\x1b"
    clean, removed = xml_safe(net)
    # org:a\x01 and org:a\ud800 both clean to org:a, which exists: they become ~2 and ~3.
    assert sorted(clean.nodes) == ["org:a", "org:a~2", "org:a~3", "org:b", "org:c"]
    assert clean.nodes["org:b"]["name"] == "xy" and clean.edges["org:a", "org:c"]["label"] == ""
    assert removed == 2 + 2 + 1  # two keys, two characters of a name, one of a label
    assert sorted(net.nodes)[0] == "org:a"  # the input graph is not changed
    assert "org:a\x01" in net


# --- class 8 (metrics): degenerate datasets ------------------------------------------------


@pytest.mark.parametrize(
    ("case", "projection", "missing"),
    [
        ("no-regions", "interlock", "no regions (regions.csv has no accepted rows)"),
        ("no-regions", "org-community", "no regions (regions.csv has no accepted rows)"),
        (
            "no-organizations",
            "org-community",
            "no organizations (organizations.csv has no accepted rows)",
        ),
        ("no-communities", "hub-reach", "no communities (no community-level rows in regions.csv)"),
        ("no-posts", "appointments", "no posts (posts.csv is absent or has no accepted rows)"),
        ("no-posts", "interlock", "no posts (posts.csv is absent or has no accepted rows)"),
    ],
)
def test_metrics_on_a_dataset_without_what_the_projection_needs(
    cli, hostile, tmp_path: Path, case: str, projection: str, missing: str
):
    out = tmp_path / "m"
    result = cli(["metrics", projection, "--data", hostile(case), "--out-dir", out])
    assert result.exit_code == 1
    assert one_line(result.stderr) == f"error: metrics {projection}: the dataset has {missing}"
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # The hand-checked data has no hub or support organization.
        (
            ["hub-reach"],
            "the projection has no node on 2020-12-31 "
            "(no active hub or support organization reaches a community)",
        ),
        # Its interlock (C and D) lies in 西湖区 330106, none of it in 鄞州区 330212.
        (
            ["interlock", "--county", "330212"],
            "the projection has no node in county 330212 on 2020-12-31 "
            "(no person holds active posts in two bodies)",
        ),
    ],
)
def test_metrics_on_an_empty_projection(cli, tmp_path: Path, args: list[str], message: str):
    result = cli(["metrics", *args, "--data", HANDCHECK, "--out-dir", tmp_path / "m"])
    assert result.exit_code == 1
    assert one_line(result.stderr) == f"error: metrics {args[0]}: {message}"


@pytest.mark.parametrize(("option", "value"), [("--k", "0"), ("--k", "-3"), ("--top", "-1")])
def test_metrics_refuses_pivot_and_row_counts_out_of_range(cli, option: str, value: str):
    # --k 0 divided by zero in the sampled betweenness; --k -3 made random.sample raise.
    result = cli(["metrics", "org-community", "--data", HANDCHECK, option, value])
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith(f"error: Invalid value for '{option}'")


def test_node_metrics_refuses_fewer_than_one_pivot():
    from graphgov.analyses.metrics import node_metrics
    from graphgov.errors import UsageError

    with pytest.raises(UsageError, match="must be at least 1, not 0"):
        node_metrics(nx.path_graph(4), k=0)
