"""Report layer: CJK font, charts, section builders and the Markdown/HTML/CSV writer.

Every input is a small hand-built DataFrame with the contract columns of the analyses
(datasets/README.md, Analysis definitions); the expected numbers below were worked out by hand.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from graphgov.errors import GraphgovError  # noqa: E402
from graphgov.meta import Targets  # noqa: E402
from graphgov.report import charts, fonts  # noqa: E402
from graphgov.report.document import Section, markdown_table, write_report  # noqa: E402
from graphgov.report.sections import (  # noqa: E402
    coverage_section,
    data_section,
    density_section,
    gaps_section,
)
from graphgov.report.summaries import short_code  # noqa: E402

EVIL = "Bad <script>alert(1)</script> & Co"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def cov() -> pd.DataFrame:
    """Two cities: 杭州市 8/10 org-covered (+1 functional), 10/10 work; 宁波市 1/4, 2/4."""
    return pd.DataFrame(
        {
            "group": ["330100000000", "330200000000"],
            "group_name": ["杭州市", "宁波市"],
            "orgs": [10, 4],
            "org_covered": [8, 1],
            "org_coverage": [0.8, 0.25],
            "functional_covered": [1, 0],
            "work_covered": [10, 2],
            "work_coverage": [1.0, 0.5],
        }
    )


@pytest.fixture
def gaps() -> pd.DataFrame:
    """Five uncovered organizations: 2 in Hangzhou (must_form, joint), 3 in Ningbo."""
    return pd.DataFrame(
        {
            "org_id": ["A", "B", "C", "D", "E"],
            "name": [
                EVIL,
                "西湖区慈善协会",
                "鄞州区养老服务中心",
                "宁波市足球协会",
                "北仑区基金会",
            ],
            "kind": [
                "social_group",
                "social_service",
                "social_service",
                "social_group",
                "foundation",
            ],
            "region_code": [
                "330106001001",
                "330106002000",
                "330212001001",
                "330200000000",
                "330206001001",
            ],
            "party_members": [0, 4, 1, 0, 2],
            "work_covered": [False, False, False, True, False],
            "gap": [
                "needs_instructor",
                "must_form",
                "joint_candidate",
                "instructed",
                "joint_candidate",
            ],
            "suggested_form": [None, "branch", None, None, None],
            "manager_id": ["PZ1", "PZ1", "PZ2", None, "PZ2"],
            "manager_name": [
                "西湖区综合党委",
                "西湖区综合党委",
                "鄞州区综合党委",
                None,
                "鄞州区综合党委",
            ],
        }
    )


@pytest.fixture
def joint() -> pd.DataFrame:
    """One proposed joint branch of C and E (3 members), and one candidate left over."""
    return pd.DataFrame(
        {
            "group_id": [None, "J1"],
            "township_code": ["330106003000", "330212001000"],
            "superior_party_org_id": ["PZ1", "PZ2"],
            "existing_party_org_id": [None, None],
            "org_ids": [["X"], ["C", "E"]],
            "orgs": [1, 2],
            "party_members": [1, 3],
            "reason_unplaced": ["fewer than 3 members in reach", None],
        }
    )


@pytest.fixture
def dens() -> pd.DataFrame:
    """上城区: 2 urban (one meets 15), 1 rural (meets 5); 西湖区: 1 rural short by 3."""
    return pd.DataFrame(
        {
            "community_code": ["330102001001", "330102001002", "330102002201", "330106001201"],
            "community_name": ["湖滨社区", "清波社区", "某村", "龙坞村"],
            "county_code": ["330102000000", "330102000000", "330102000000", "330106000000"],
            "area_type": ["urban", "urban", "rural", "rural"],
            "orgs": [16, 10, 5, 2],
            "target": [15, 15, 5, 5],
            "deficit": [0, 5, 0, 3],
            "meets_target": [True, False, True, False],
        }
    )


@pytest.fixture
def dens_counties() -> pd.DataFrame:
    """`dens` per county (``density --by county``, v2), worked out by hand. 上城区: urban
    2 communities, 16 + 10 = 26 organizations, average 13.0, shortfall 30 - 26 = 4, 1 of 2
    meeting; rural 1, 5 organizations, average 5.0, shortfall 0, 1 of 1. 西湖区: no urban;
    rural 1, 2 organizations, shortfall 3, 0 of 1. Largest shortfall first."""
    nan = float("nan")
    return pd.DataFrame(
        {
            "county_code": ["330102000000", "330106000000"],
            "county_name": ["上城区", "西湖区"],
            "urban_communities": [2, 0],
            "urban_orgs": [26, 0],
            "urban_average": [13.0, nan],
            "urban_shortfall": [4, 0],
            "urban_meeting": [1, 0],
            "urban_share": [0.5, nan],
            "rural_communities": [1, 1],
            "rural_orgs": [5, 2],
            "rural_average": [5.0, 2.0],
            "rural_shortfall": [0, 3],
            "rural_meeting": [1, 0],
            "rural_share": [1.0, 0.0],
            "communities": [3, 1],
            "shortfall": [4, 3],
            "meeting": [2, 0],
            "share": [2 / 3, 0.0],
        }
    )


def _glyph_warnings(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


# --- fonts ------------------------------------------------------------------------------


def test_cjk_font_renders_chinese_without_missing_glyphs():
    family = fonts.use_cjk_font()
    assert family
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    fig, ax = plt.subplots()
    ax.set_title("杭州市 330100")
    ax.set_xticks([0, 1], ["上城区", "龙坞村"])
    assert _glyph_warnings(fig) == []


def test_glyph_check_would_catch_empty_boxes():
    """The check above is not vacuous: DejaVu Sans has no Chinese and does warn."""
    fig, ax = plt.subplots()
    ax.set_title("杭州市", fontfamily="DejaVu Sans")
    assert _glyph_warnings(fig)


def test_no_cjk_font_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(fonts, "_chosen", {})
    monkeypatch.setattr(fonts, "find_cjk_font", lambda candidates=None: None)
    with pytest.raises(GraphgovError, match=r"^No CJK font found: .*fonts-wqy-microhei"):
        fonts.use_cjk_font()
    dejavu = matplotlib.font_manager.findfont("DejaVu Sans")
    with pytest.raises(GraphgovError, match="No CJK font found"):
        fonts.use_cjk_font(dejavu)


# --- charts -----------------------------------------------------------------------------


def test_coverage_chart(cov):
    fig, ax = charts.coverage_by_city(cov)
    assert fig is ax.get_figure(root=True)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["杭州市\n330100", "宁波市\n330200"]  # highest coverage first
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "82.9%" in legend and "61.7%" in legend
    assert _glyph_warnings(fig) == []


def test_charts_draw_on_a_given_axes(cov, dens_counties, gaps):
    fig, axes = plt.subplots(1, 3)
    for chart, df, ax in zip(
        (charts.coverage_by_city, charts.density_by_county, charts.gaps_by_category),
        (cov, dens_counties, gaps),
        axes,
        strict=True,
    ):
        got_fig, got_ax = chart(df, ax=ax)
        assert got_fig is fig and got_ax is ax


def test_density_chart(dens_counties):
    fig, ax = charts.density_by_county(dens_counties)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["西湖区 330106", "上城区 330102"]  # largest shortfall drawn at the top
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    # Both counties have fewer than 10 communities (3 and 1): hatched, and said so.
    assert legend == [
        "Urban 社区 (≥15 on average)",
        "Rural 村 (≥5 on average)",
        "Target",
        "Fewer than 10 communities (drawn last, hatched)",
    ]
    assert all(p.get_hatch() for p in ax.patches)
    # Bars bottom-up, urban then rural: 西湖区 (no urban community: 0), 上城区 13.0; 2.0, 5.0.
    assert [p.get_width() for p in ax.patches] == [0.0, 13.0, 2.0, 5.0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["", " 13.0 (4 short)", " 2.0 (3 short)", " 5.0"]
    assert _glyph_warnings(fig) == []


def test_gaps_chart(gaps):
    fig, ax = charts.gaps_by_category(gaps)
    totals = sorted(t.get_text() for t in ax.texts)
    assert totals == ["1", "1", "1", "2"]  # must_form 1, joint 2, needs 1, instructed 1
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) == 4 and ticks[0].endswith("\n1 branch")  # B's suggested form
    assert _glyph_warnings(fig) == []


def test_coverage_chart_stacks_functional_coverage(cov):
    fig, ax = charts.coverage_by_city(cov)
    # 杭州市 first: organizational 0.8, then 宁波市 0.25; functional 1/10 on 杭州市, none on 宁波市.
    heights = [round(p.get_height(), 3) for p in ax.patches]
    assert heights == [0.8, 0.25, 0.1, 0.0]
    assert [round(p.get_y(), 3) for p in ax.patches[2:]] == [0.8, 0.25]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Functional or extended Party organization only" in legend


def test_gaps_by_manager_chart(gaps):
    fig, ax = charts.gaps_by_manager(gaps)
    # 西湖区综合党委: A (needs), B (must); 鄞州区综合党委: C, E (joint); none: D (instructed).
    # Most gaps first, drawn at the top (ticks listed top-down).
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "西湖区综合党委",
        "鄞州区综合党委",
        "none",
    ]
    widths = [p.get_width() for p in ax.patches]
    # Stacks by category (must, joint, needs, instructed), groups top-down 西湖 PZ1, PZ2, none.
    assert widths == [1, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1]
    fig, ax = charts.gaps_by_manager(gaps.iloc[0:0])
    fig.canvas.draw()
    assert _glyph_warnings(fig) == []


def test_charts_accept_empty_frames(cov, dens_counties, gaps):
    for chart, df in (
        (charts.coverage_by_city, cov),
        (charts.density_by_county, dens_counties),
        (charts.gaps_by_category, gaps),
    ):
        fig, ax = chart(df.iloc[0:0])
        fig.canvas.draw()


def test_charts_leave_rcparams_as_they_were(default_rcparams, cov, dens_counties, gaps):
    before = dict(matplotlib.rcParams)
    cases = (
        (charts.coverage_by_city, cov),
        (charts.density_by_county, dens_counties),
        (charts.gaps_by_category, gaps),
    )
    fig, axes = plt.subplots(1, 3)  # made before any chart, in matplotlib's default font
    for (chart, df), ax in zip(cases, axes, strict=True):
        chart(df)
        chart(df.iloc[0:0])
        chart(df, ax=ax)
    with pytest.raises(KeyError, match="org_coverage"):
        charts.coverage_by_city(cov.drop(columns="org_coverage"))
    assert dict(matplotlib.rcParams) == before
    # The titles, labels and ticks the charts put on the given axes are in the CJK font.
    assert _glyph_warnings(fig) == []


# --- sections ---------------------------------------------------------------------------


def test_coverage_headline_and_table(cov, gaps):
    section = coverage_section(cov, gaps, Targets())
    # (8 + 1) / 14 = 64.3%, functional 1 / 14 = 7.1%, (10 + 2) / 14 = 85.7%
    assert section.headline == (
        "Organizational coverage 64.3% (benchmark 82.9%, national 61.7%); functional or "
        "extended Party organizations cover a further 7.1%; "
        "work coverage 85.7% of 14 active registered organizations"
    )
    table = dict(section.tables)["by-city"]
    assert list(table["group_name"]) == ["宁波市", "杭州市"]  # lowest coverage first
    assert list(table["joint_candidate"]) == [2, 0]
    assert list(table["must_form"]) == [0, 1]
    assert list(table["instructed"]) == [1, 0]


def test_coverage_section_by_manager(cov):
    managers = pd.DataFrame(
        {
            "group": ["PZ1", "none"],
            "group_name": ["西湖区综合党委", None],
            "orgs": [10, 4],
            "org_covered": [8, 1],
            "org_coverage": [0.8, 0.25],
            "functional_covered": [1, 0],
            "work_covered": [10, 2],
            "work_coverage": [1.0, 0.5],
        }
    )
    section = coverage_section(cov, by_manager=managers)
    assert list(dict(section.tables)["by-manager"]["group"]) == ["none", "PZ1"]
    assert section.headline.endswith(
        "; lowest responsible Party organization: no responsible body 25.0% of 4"
    )


def test_coverage_headline_matches_brief_example():
    cov = pd.DataFrame(
        {
            "group": ["330000000000"],
            "group_name": ["浙江省"],
            "orgs": [1000],
            "org_covered": [827],
            "org_coverage": [0.827],
            "work_covered": [999],
            "work_coverage": [0.999],
        }
    )
    assert coverage_section(cov).headline.startswith(
        "Organizational coverage 82.7% (benchmark 82.9%, national 61.7%); work coverage 99.9%"
    )


def test_density_section(dens, dens_counties):
    section = density_section(dens, dens_counties, Targets())
    # v2 (§4.4): the target is an average. Urban: 16 + 10 = 26 in 2 communities, average
    # 13.0, 30 - 26 = 4 short (湖滨's 16 make up one of 清波's 5 missing); rural: 5 + 2 = 7
    # in 2, average 3.5, 10 - 7 = 3 short. 7 in all, where the per-community deficits add
    # up to 8. 湖滨 and 某村 meet the target on their own.
    assert section.headline == (
        "Community organizations average 13.0 per urban community (target 15) and 3.5 per "
        "rural one (target 5): 7 more needed to reach the averages (urban 4, rural 3); "
        "2 of 4 communities (50.0%) meet the target on their own"
    )
    assert list(dict(section.tables)["counties"]["county_name"]) == ["上城区", "西湖区"]
    communities = dict(section.tables)["communities"]
    assert list(communities["community_name"][:2]) == ["清波社区", "龙坞村"]  # deficits 5, 3
    assert communities["county_name"].iloc[0] == "上城区"


def test_density_section_when_the_averages_reach_the_targets(dens, dens_counties):
    # 清波 with 14 and 龙坞村 with 8: urban 16 + 14 = 30 in 2 communities, average 15.0;
    # rural 5 + 8 = 13 in 2, average 6.5: nothing short, though 清波 alone is 1 short.
    more = dens.assign(orgs=[16, 14, 5, 8], meets_target=[True, False, True, True])
    headline = density_section(more, dens_counties, Targets()).headline
    assert headline == (
        "Community organizations average 15.0 per urban community (target 15) and 6.5 per "
        "rural one (target 5): the averages reach their targets; 3 of 4 communities (75.0%) "
        "meet the target on their own"
    )


def test_gaps_section(gaps, joint):
    section = gaps_section(gaps, joint)
    assert section.headline == (
        "5 organizations without a formal Party organization: must form their own 1 "
        "(branch 1), joint-branch candidates 2 (2 placed in 1 joint branch, existing or "
        "proposed), need an instructor 1, liaison, instructor or functional Party "
        "organization in place 1; most gaps: 西湖区综合党委 (2)"
    )
    # Most must-form first, then most gaps: PZ1 (A, B), PZ2 (C, E), none (D).
    managers = dict(section.tables)["by-manager"]
    assert [tuple(r) for r in managers.itertuples(index=False)] == [
        ("PZ1", "西湖区综合党委", 2, 1, 0, 1, 0),
        ("PZ2", "鄞州区综合党委", 2, 0, 2, 0, 0),
        ("none", None, 1, 0, 0, 0, 1),
    ]
    assert [name for name, _ in section.charts] == ["gaps-by-category.png", "gaps-by-manager.png"]
    orgs = dict(section.tables)["organizations"]
    assert list(orgs["org_id"]) == ["B", "E", "C", "A", "D"]  # must_form, joint (2, 1), ...
    proposals = dict(section.tables)["joint-branches"]
    assert proposals["group_id"].iloc[0] == "J1"  # proposed groups before leftovers


def test_data_section():
    counts = {
        "regions": {"rows": 10, "accepted": 9, "rejected": 1, "duplicates": 0},
        "organizations": {"rows": 6, "accepted": 3, "rejected": 2, "duplicates": 0},
    }
    rejects = pd.DataFrame(
        {
            "table": ["regions", "organizations", "organizations"],
            "line": [4, 2, 7],
            "reason_code": ["bad_parent", "excel_mangled", "excel_mangled"],
            "message": ["parent missing", "9.13501E+17 is an Excel number", "same"],
            "raw": ["330199,测试", "9.13501E+17,某协会", "9.13501E+17,另一协会"],
        }
    )
    status = pd.DataFrame({"status": ["active", "abnormal", "deregistered"], "orgs": [3, 2, 1]})
    section = data_section(counts, rejects, status)
    assert section.headline.startswith(
        "16 rows in 2 tables: 12 accepted, 3 rejected, 0 collapsed as exact duplicates; "
        "left out of every analysis: 2 abnormal, 1 deregistered and 0 revoked organizations"
    )
    assert "do not add up in: organizations" in section.headline  # 3 + 2 + 0 != 6
    by_reason = dict(section.tables)["rejects-by-reason"]
    assert list(by_reason["reason_code"]) == ["excel_mangled", "bad_parent"]
    assert list(dict(section.tables)["org-status"]["status"][:2]) == ["deregistered", "abnormal"]


# --- document ---------------------------------------------------------------------------


def test_markdown_table_escapes_and_aligns():
    text = markdown_table(pd.DataFrame({"name": ["a|b", "<i>x</i>"], "n": [1, 22]}))
    lines = text.splitlines()
    assert lines[1] == "| --- | ---: |"
    assert lines[2] == r"| a\|b | 1 |"
    assert "&lt;i&gt;x&lt;/i&gt;" in lines[3]  # the rule of --format md (output.md_cell)


@pytest.fixture
def report(tmp_path, cov, dens, dens_counties, gaps, joint):
    sections = [
        coverage_section(cov, gaps, Targets()),
        density_section(dens, dens_counties, Targets()),
        gaps_section(gaps, joint),
        Section(
            key="long",
            title="Long table",
            definition="Twenty-five rows, of which twenty are shown.",
            headline="25 rows",
            tables=[("rows", pd.DataFrame({"i": range(25), "name": ["杭州市"] * 25}))],
        ),
    ]
    out = tmp_path / "report"
    files = write_report(sections, out, title="浙江省 report", subtitle="as of 2024-12-31")
    return out, files


def test_write_report_files(report):
    out, files = report
    names = {"report.md", "report.html", "coverage-by-city.png", "density-by-county.png"}
    names |= {"gaps-by-category.png", "coverage-by-city.csv", "gaps-joint-branches.csv"}
    assert names <= set(files)
    for name, path in files.items():
        assert path == out / name and path.is_file()
    assert (out / "coverage-by-city.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    raw = (out / "gaps-organizations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Chinese
    back = pd.read_csv(out / "gaps-organizations.csv", encoding="utf-8-sig")
    assert "西湖区慈善协会" in set(back["name"]) and len(back) == 5
    joint = pd.read_csv(out / "gaps-joint-branches.csv", encoding="utf-8-sig")
    assert "C;E" in set(joint["org_ids"])


def test_markdown_report(report):
    out, _ = report
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "![Party organizational coverage of social organizations](coverage-by-city.png)" in md
    assert "杭州市" in md and "西湖区慈善协会" in md
    assert "Bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in md
    assert "Showing 20 of 25 rows; all rows in long-rows.csv." in md


def test_html_report_is_self_contained_and_escaped(report):
    out, _ = report
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page
    # coverage, density, gaps by category and gaps by responsible body
    assert page.count("data:image/png;base64,") == 4
    sources = re.findall(r'src="([^"]*)"', page)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "<link" not in page and "url(" not in page
    assert "杭州市" in page and "西湖区慈善协会" in page and "上城区" in page
    assert "Bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    # The page's own two scripts only (its messages and report.js), inline, no src.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script type="application/json" id="report-messages">',
        "<script>",
    ]
    long_table = page.split('id="long"')[1]
    assert long_table.count("<tr") == 26  # header + all 25 rows held for the script
    # Without a script the page shows the header and table_limit rows: the last 5 are hidden.
    assert long_table.count('<tr data-county="" hidden>') == 5


def test_write_report_rejects_clashing_chart_names(tmp_path, cov):
    fig, _ = charts.coverage_by_city(cov)
    sections = [
        Section("a", "A", "def", "head", charts=[("x.png", fig)]),
        Section("b", "B", "def", "head", charts=[("x.png", fig)]),
    ]
    with pytest.raises(ValueError, match="used twice"):
        write_report(sections, tmp_path, title="t")


def test_short_code():
    assert short_code("330000000000") == "330000"
    assert short_code("330106001000") == "330106001"
    assert short_code("social_group") == "social_group"


def test_coverage_chart_many_groups_is_horizontal():
    n = 20
    many = pd.DataFrame(
        {
            "group": [f"3301{i:02d}000000" for i in range(n)],
            "group_name": [f"某区{i}" for i in range(n)],
            "orgs": [10] * n,
            "org_covered": list(range(n)),
            "org_coverage": [i / 20 for i in range(n)],
            "work_covered": [10] * n,
            "work_coverage": [1.0] * n,
        }
    )
    fig, ax = charts.coverage_by_city(many)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == n and "某区19 330119" in labels
    assert _glyph_warnings(fig) == []


@pytest.mark.parametrize("synthetic", [False, True])
def test_a_synthetic_dataset_says_so_on_the_report(tmp_path, synthetic):
    from graphgov.report.build import build_report

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data" / "handcheck", data)
    toml = 'name = "handcheck"\nas_of = "2020-12-31"\n' + (
        "synthetic = true\n" if synthetic else ""
    )
    (data / "dataset.toml").write_text(toml, encoding="utf-8")
    files = build_report(data, tmp_path / "out", lang="en")
    md = files["report.md"].read_text(encoding="utf-8")
    page = files["report.html"].read_text(encoding="utf-8")
    for text in (md, page):
        assert ("SYNTHETIC DATA" in text) is synthetic
        assert ("Synthetic data, generated by graphgov: not real registries." in text) is synthetic
    # Every exported table says so too, on every row (its first column), and only then.
    tables = sorted((tmp_path / "out").glob("*.csv"))
    assert len(tables) > 10
    for path in tables:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        marked = rows[0][0] == "data" and all(
            r[0] == "SYNTHETIC: generated by graphgov, not real registries" for r in rows[1:]
        )
        assert marked is synthetic, path.name


def test_a_report_warns_of_no_open_figures_and_leaves_none_open(tmp_path, monkeypatch):
    from graphgov.report import build
    from graphgov.report.build import build_report

    data = Path(__file__).parent / "data" / "handcheck"
    mine = plt.figure()  # a figure of the caller's: left open
    # The handcheck report holds 16 charts at once: warn from 5 on (the sample's, from 20).
    monkeypatch.setitem(plt.rcParams, "figure.max_open_warning", 5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "More than 5 figures have been opened" would raise
        build_report(data, tmp_path / "out", lang="en", xlsx=True)
    assert plt.get_fignums() == [mine.number]
    assert plt.rcParams["figure.max_open_warning"] == 5  # as it was

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(build, "write_report", fail)
    with pytest.raises(OSError, match="disk full"):
        build_report(data, tmp_path / "again", lang="en")
    assert plt.get_fignums() == [mine.number]  # the charts built before the failure: closed
