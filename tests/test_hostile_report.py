"""Reports and analyses on hostile or degenerate data (issue 9, classes 2, 4, 8 and 15).

The datasets are in tests/data/hostile/report/, each a small copy of tests/data/handcheck
(see tests/test_analyses.py for its hand-worked answers):

- ``no-regions``: regions.csv is a header only, so every organization is rejected
  (``unknown_region``);
- ``no-organizations``: organizations.csv is a header only;
- ``no-communities``: regions down to county level only; four organizations based in
  杭州市 (M-like, city level), 西湖区 (A with 5 Party members, B with 2) and 鄞州区 (C with 1);
  no Party organizations, people or posts;
- ``no-party-orgs``: handcheck without party_orgs.csv and party_org_covers.csv;
- ``hostile-names``: handcheck whose names are mathtext (``$\\frac{1}{0}$``, ``$x^$``),
  rich markup (``[/red]``), spreadsheet formulas (``=HYPERLINK("x")``, ``@SUM(1)``,
  ``-2+3…``), HTML (``<script>``) and a newline; one community organization (CO5, in 东村)
  is made a hub so that a hub name is drawn.
"""

from __future__ import annotations

import csv
import inspect
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import cbook
from matplotlib.text import Text

import graphgov
from graphgov.analyses import ANALYSES, OPTIONS
from graphgov.backends import run_report
from graphgov.errors import NoDataError, UsageError
from graphgov.report import charts, charts_linkage, charts_network, charts_reach

HOSTILE = Path(__file__).parent / "data" / "hostile" / "report"
HANDCHECK = Path(__file__).parent / "data" / "handcheck"
COMMUNITY_ANALYSES = [n for n, a in ANALYSES.items() if "communities" in a.needs]
ORG_ANALYSES = ["coverage", "gaps", "joint-branches"]


def one_line(result) -> str:
    """The single stderr line of a failed command (and no traceback anywhere)."""
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- class 15: options that do not apply -------------------------------------------------


def test_the_option_table_matches_the_functions():
    """Each record lists exactly the report options its library function takes: the
    registry can neither promise an option the function lacks nor forget one it has."""
    for name, spec in ANALYSES.items():
        takes = set(inspect.signature(spec.function).parameters) & set(OPTIONS)
        assert set(spec.takes) == takes, name


def test_every_question_is_asked_on_as_of():
    """Every analysis of the data dictionary reads as_of; the two inventory tables count
    what was loaded (registry status, the division hierarchy), whatever the date."""
    undated = {n for n, a in ANALYSES.items() if "as_of" not in a.takes}
    assert undated == {"org-status", "counties"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["density", "--include-community"],
         "report density does not take --include-community "
         "(it takes: --by, --as-of, --targets, --count-registered)"),
        (["hubs", "--include-community"],
         "report hubs does not take --include-community (it takes: --as-of, --county)"),
        (["coverage", "--targets", str(HANDCHECK / "dataset.toml")],
         "report coverage does not take --targets "
         "(it takes: --by, --as-of, --include-community)"),
        (["joint-branches", "--by", "city"],
         "report joint-branches does not take --by (it takes: --as-of)"),
        (["gaps", "--by", "city"], "by must be one of manager, authority; got 'city'"),
        (["social-work", "--county", "330106"],
         "report social-work does not take --county (it takes: --as-of)"),
        (["joint-branches", "--by", "city", "--county", "330106"],
         "report joint-branches does not take --by, --county (it takes: --as-of)"),
        (["cross-appointments", "--targets", str(HANDCHECK / "dataset.toml")],
         "report cross-appointments does not take --targets (it takes: --as-of)"),
    ],
)  # fmt: skip
def test_an_option_that_does_not_apply_is_one_line(cli, args: list[str], message: str):
    result = cli(["report", *args, "--data", str(HANDCHECK)])
    assert result.exit_code == 2
    assert one_line(result) == f"error: {message}"


def test_defaults_are_not_given():
    chosen = ANALYSES["density"].check_options(
        {"by": None, "include_community": False, "as_of": "2020-01-01"}
    )
    assert chosen == {"as_of": "2020-01-01"}


def test_the_neo4j_backend_refuses_before_connecting(monkeypatch):
    """The same table guards the Neo4j backend, before any server is asked."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens there
    with pytest.raises(UsageError, match=r"^report hubs does not take --include-community"):
        run_report("hubs", backend="neo4j", include_community=True)
    with pytest.raises(UsageError, match=r"^report joint-branches does not take --by"):
        run_report("joint-branches", backend="neo4j", by="city")


def test_an_option_is_refused_before_the_data_is_read():
    with pytest.raises(UsageError, match="does not take --county"):
        run_report("linkage", data="/no/such/dir", county="330106")


# --- class 8: degenerate datasets, one report at a time ----------------------------------


@pytest.mark.parametrize("name", [n for n, a in ANALYSES.items() if a.needs])
def test_no_regions_says_so_for_every_report(cli, name: str):
    result = cli(["report", name, "--data", str(HOSTILE / "no-regions")])
    assert result.exit_code == 1
    assert one_line(result) == (
        f"error: no regions in the dataset: {name} needs the administrative hierarchy "
        "(regions.csv has no accepted rows)"
    )


@pytest.mark.parametrize("name", COMMUNITY_ANALYSES)
def test_no_communities_says_so(cli, name: str):
    result = cli(["report", name, "--data", str(HOSTILE / "no-communities")])
    assert result.exit_code == 1
    assert one_line(result) == (
        f"error: no communities in the dataset: {name} needs community-level regions"
    )


def test_density_without_communities_is_the_message_the_issue_asks_for(cli):
    result = cli(["report", "density", "--data", str(HOSTILE / "no-communities")])
    assert one_line(result) == (
        "error: no communities in the dataset: density needs community-level regions"
    )


@pytest.mark.parametrize("name", ORG_ANALYSES)
def test_no_organizations_says_so_where_organizations_are_counted(cli, name: str):
    result = cli(["report", name, "--data", str(HOSTILE / "no-organizations")])
    assert result.exit_code == 1
    assert one_line(result) == (
        f"error: no organizations in the dataset: {name} needs social organizations "
        "(organizations.csv has no accepted rows)"
    )


def json_rows(cli, name: str, dataset: str, *options: str) -> list[dict]:
    result = cli(["report", name, "--data", str(HOSTILE / dataset), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_no_organizations_density_is_every_community_at_zero(cli):
    # 3 urban communities (target 15), 2 rural (target 5), no organization anywhere.
    rows = json_rows(cli, "density", "no-organizations")
    assert [(r["community_code"], r["orgs"], r["target"], r["deficit"]) for r in rows] == [
        ("330106001001", 0, 15, 15),
        ("330106001002", 0, 15, 15),
        ("330106002001", 0, 15, 15),
        ("330212101201", 0, 5, 5),
        ("330212101202", 0, 5, 5),
    ]


def test_no_organizations_hub_gaps_is_every_township_and_community(cli):
    rows = json_rows(cli, "hub-gaps", "no-organizations")
    # 北山街道 has 2 communities, 姜山镇 2, 西溪街道 1; then the 5 communities (1 each).
    # By how many communities a hub there would add (北山街道 2, 姜山镇 2), a township
    # before communities on a tie (v2, §4.6): 西溪街道 (1), then the 5 communities by code.
    assert [(r["region_code"], r["communities"]) for r in rows] == [
        ("330106001000", 2),
        ("330212101000", 2),
        ("330106002000", 1),
        ("330106001001", 1),
        ("330106001002", 1),
        ("330106002001", 1),
        ("330212101201", 1),
        ("330212101202", 1),
    ]


def test_no_organizations_social_work_shares_are_zero_over_real_communities(cli):
    # 西湖区: 3 urban, 0 rural -> urban_share 0.0, rural_share null (no rural community).
    # 鄞州区: 0 urban, 2 rural -> urban_share null, rural_share 0.0.
    rows = json_rows(cli, "social-work", "no-organizations")
    assert [(r["county_code"], r["urban_share"], r["rural_share"]) for r in rows] == [
        ("330106000000", 0.0, None),
        ("330212000000", None, 0.0),
    ]


@pytest.mark.parametrize("name", ["hubs", "hub-overlap", "cross-appointments"])
def test_no_organizations_lists_are_empty_tables_with_their_columns(cli, name: str):
    result = cli(["report", name, "--data", str(HOSTILE / "no-organizations"), "--format", "csv"])
    assert result.exit_code == 0
    header = result.stdout.strip().splitlines()
    assert len(header) == 1  # the header and no row
    assert header[0].split(",") == list(ANALYSES[name](graphgov.open(HANDCHECK)).columns)


def test_no_communities_coverage_and_gaps(cli):
    # No Party organization: nothing covered. 杭州市 (city level) is its own county group.
    rows = json_rows(cli, "coverage", "no-communities")
    assert [(r["group"], r["orgs"], r["org_covered"], r["org_coverage"]) for r in rows] == [
        ("330100000000", 1, 0, 0.0),
        ("330106000000", 2, 0, 0.0),
        ("330212000000", 1, 0, 0.0),
    ]
    gaps = json_rows(cli, "gaps", "no-communities")
    assert [(r["name"], r["gap"]) for r in gaps] == [
        ("A组织", "must_form"),  # 5 members
        ("B组织", "joint_candidate"),  # 2, in 西湖区
        ("C组织", "joint_candidate"),  # 1, in 鄞州区
        ("D组织", "needs_instructor"),  # 0, no liaison
    ]
    joint = json_rows(cli, "joint-branches", "no-communities")
    # Both candidates are based above township level: no township, left ungrouped.
    assert [(r["group_id"], r["org_ids"]) for r in joint] == [
        (None, ["523301060000000027"]),
        (None, ["52330106000000003A"]),
    ]


def test_no_party_orgs_coverage_counts_work_coverage_only(cli):
    # handcheck without Party organizations: by county, 西湖区 has A B C D E H I K (8), of
    # which C (liaison) and D (instructor) are work-covered; 杭州市 (M, city level) 1;
    # 鄞州区 F G L (3). Nothing is organizationally covered.
    rows = json_rows(cli, "coverage", "no-party-orgs")
    assert [(r["group"], r["orgs"], r["org_covered"], r["work_covered"]) for r in rows] == [
        ("330100000000", 1, 0, 0),
        ("330106000000", 8, 0, 2),
        ("330212000000", 3, 0, 0),
    ]


@pytest.mark.parametrize("name", list(ANALYSES))
def test_no_party_orgs_every_report_answers(cli, name: str):
    result = cli(["report", name, "--data", str(HOSTILE / "no-party-orgs"), "--format", "csv"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("dataset", ["no-regions", "no-organizations", "no-communities"])
@pytest.mark.parametrize("name", list(ANALYSES))
def test_the_library_functions_give_empty_tables_not_errors(dataset: str, name: str):
    """Called directly, an analysis answers a degenerate dataset with its columns (only the
    CLI and the report refuse, through the record's needs)."""
    g = graphgov.open(HOSTILE / dataset)
    out = ANALYSES[name](g)
    assert list(out.columns) == list(ANALYSES[name](graphgov.open(HANDCHECK)).columns)


def test_run_analysis_raises_no_data_error():
    g = graphgov.open(HOSTILE / "no-communities")
    with pytest.raises(NoDataError, match="^no communities in the dataset: linkage needs"):
        graphgov.run_analysis(g, "linkage")


# --- class 8: the full report on degenerate datasets -------------------------------------

MISSING = {
    "no-regions": {
        key: "no regions in the dataset"
        for key in (
            "coverage",
            "gaps",
            "density",
            "hubs",
            "social-work",
            "linkage",
            "funding",
            "facilities",
            "cross-appointments",
        )
    },  # fmt: skip
    # No organizations: coverage and gaps cannot be asked; the other sections answer (every
    # community at 0 organizations, no hub, no cross-appointed person).
    "no-organizations": {
        "coverage": "no organizations in the dataset",
        "gaps": "no organizations in the dataset",
    },
    "no-communities": {
        key: "no communities in the dataset"
        for key in ("density", "hubs", "social-work", "linkage", "funding", "cross-appointments")
    },
    "no-party-orgs": {},
}


@pytest.mark.parametrize("dataset", list(MISSING))
def test_report_all_writes_every_section_and_says_what_is_missing(cli, tmp_path, dataset):
    out = tmp_path / "out"
    args = ["report", "all", "--data", str(HOSTILE / dataset), "--out", str(out), "--lang", "en"]
    result = cli(args)
    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    for key, reason in MISSING[dataset].items():
        assert f'<section id="{key}">' in html
        assert f"Not reported: {reason}" in html
        assert f"**Not reported: {reason}" in md
    reported = html.count("Not reported: ")
    assert reported == len(MISSING[dataset])
    for key, reason in MISSING[dataset].items():  # and the progress says so
        assert f"{key}: not reported: {reason}" in result.stderr
    assert (out / "data-tables.csv").exists()


def test_report_all_without_regions_still_shows_the_rejects(cli, tmp_path):
    out = tmp_path / "out"
    result = cli(["report", "all", "--data", str(HOSTILE / "no-regions"), "--out", str(out)])
    assert result.exit_code == 0
    rejects = pd.read_csv(out / "data-rejects.csv", encoding="utf-8-sig")
    assert len(rejects) == 25 and set(rejects["reason_code"]) == {"unknown_region"}


# --- classes 2, 4 and 13: hostile names in the full report -------------------------------


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from graphgov.cli import app

    out = tmp_path_factory.mktemp("hostile") / "out"
    args = ["report", "all", "--data", str(HOSTILE / "hostile-names"), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def test_html_shows_hostile_names_escaped(hostile_report: Path):
    html = (hostile_report / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;x&quot;)" in html  # the name as written, never a formula
    assert "[/red]" in html
    assert r"西湖区$\frac{1}{0}$" in html  # no mathtext, no backslash added
    assert "hostile-names &lt;b&gt;$x^$&lt;/b&gt; [/red]" in html


def test_markdown_shows_hostile_names_inert(hostile_report: Path):
    md = (hostile_report / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in md
    table_lines = [line for line in md.splitlines() if line.startswith("|")]
    assert any("alert(1)" in line for line in table_lines)
    assert any("line one" in line and "line two" in line for line in table_lines)  # one row
    assert not any(line.startswith("line two") for line in md.splitlines())


def test_csv_exports_neutralise_formulas_and_keep_names(hostile_report: Path):
    path = hostile_report / "gaps-organizations.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        names = {row["name"] for row in csv.DictReader(fh)}
    # F (=HYPERLINK, 4 members), G (@SUM, 1), B (<script>), C ([/red]) and D (newline) are
    # gaps; the formulas get an apostrophe, the rest is written as it is.
    assert {"'=HYPERLINK(\"x\")", "'@SUM(1)", "<script>alert(1)</script>", "[/red]",
            "line one\nline two"} <= names  # fmt: skip
    density = pd.read_csv(hostile_report / "density-communities.csv", encoding="utf-8-sig")
    assert "'-2+3北山社区" in set(density["community_name"])
    assert "$x^$东村" in set(density["community_name"])
    counties = pd.read_csv(hostile_report / "density-counties.csv", encoding="utf-8-sig")
    assert r"西湖区$\frac{1}{0}$" in set(counties["county_name"])


def test_hostile_names_give_the_same_numbers_as_handcheck():
    plain = graphgov.open(HANDCHECK)
    hostile = graphgov.open(HOSTILE / "hostile-names")
    for name in ("coverage", "gaps", "density"):
        a, b = ANALYSES[name](plain), ANALYSES[name](hostile)
        pd.testing.assert_frame_equal(a.drop(columns=["name", "group_name", "community_name"],
                                             errors="ignore"),
                                      b.drop(columns=["name", "group_name", "community_name"],
                                             errors="ignore"))  # fmt: skip


# --- class 2: mathtext in chart labels ---------------------------------------------------

MATH = [r"$\undefinedmacro$", r"$x^$", "a$b$c", r"$\frac{1}{0}$", r"a\$b"]


def texts(fig) -> list[str]:
    fig.canvas.draw()  # would raise ValueError on mathtext that does not parse
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def assert_literal(fig, names: list[str]) -> None:
    drawn = texts(fig)
    assert not any(cbook.is_math_text(t) for t in drawn)
    for name in names:  # each name drawn, as it is written once matplotlib unescapes it
        assert any(charts.literal(name) in t for t in drawn), name
    plt.close(fig)


def test_literal_round_trips_through_matplotlib():
    for name in MATH:
        text = Text(0, 0, charts.literal(name))
        assert text._preprocess_math(text.get_text()) == (name, False)


def test_region_charts_draw_math_names_literally():
    cov = pd.DataFrame(
        {"group": [f"3301{i:02d}000000" for i in range(len(MATH))], "group_name": MATH,
         "orgs": 1, "org_covered": 1, "org_coverage": 1.0, "work_covered": 1,
         "work_coverage": 1.0}
    )  # fmt: skip
    fig, _ = charts.coverage_by_city(cov, title="by $city$")
    assert_literal(fig, MATH)
    counties = pd.DataFrame(
        {"county_code": "330106000000", "county_name": MATH[0], "urban_communities": 1,
         "urban_orgs": 1, "urban_average": 1.0, "urban_shortfall": 14, "urban_meeting": 0,
         "urban_share": 0.0, "rural_communities": 0, "rural_orgs": 0, "rural_average": None,
         "rural_shortfall": 0, "rural_meeting": 0, "rural_share": None, "communities": 1,
         "shortfall": 14, "meeting": 0, "share": 0.0},
        index=[0],
    )  # fmt: skip
    fig, _ = charts.density_by_county(counties)
    assert_literal(fig, [MATH[0]])
    sw = pd.DataFrame(
        {"county_code": ["330106000000"], "county_name": [MATH[1]], "urban_communities": [1],
         "urban_served": [1], "urban_share": [1.0], "rural_communities": [0],
         "rural_served": [0], "rural_share": [None]}
    )  # fmt: skip
    assert_literal(charts_linkage.social_work_by_county(sw)[0], [MATH[1]])


def test_hub_chart_and_network_drawing_draw_math_names_literally():
    hubs = pd.DataFrame(
        {"hub_id": ["H1", "H2"], "name": MATH[:2], "hub_role": ["hub", "support"],
         "base_level": ["township", "county"], "orgs_supported": [0, 0],
         "townships_covered": [1, 1], "communities_covered": [2, 1],
         "communities_reached": [2, 1], "exclusive_communities": [1, 0]}
    )  # fmt: skip
    assert_literal(charts_reach.hubs_by_reach(hubs)[0], MATH[:2])
    import networkx as nx

    net = nx.Graph([("community:1", "org:A"), ("org:A", "org:B")])
    nx.set_node_attributes(net, {"community:1": "$x^$", "org:A": "a$b$c", "org:B": "$\\q$"}, "name")
    fig, _ = charts_network.interlock_drawing(net, title="Interlock of 西湖区$\\frac{1}{0}$")
    assert_literal(fig, ["$x^$", "a$b$c", "$\\q$", "西湖区$\\frac{1}{0}$"])


# --- class 13: control characters in the HTML and Markdown tables ------------------------


def test_tables_turn_control_characters_into_spaces():
    from graphgov.report.document import html_table, markdown_table

    df = pd.DataFrame({"name": ["a\x1b[31mb\x00c\nd"]})
    assert "<td>a [31mb c\nd</td>" in html_table(df)  # newline is HTML whitespace
    assert markdown_table(df).splitlines()[2] == r"| a \[31mb c d |"
