"""The report page (issue 14 A): language, display of tables, the county selector, the
script's DOM contract, print CSS, and the full build in Chinese and English.

Every expected text below is written out by hand: the page's own messages (page.toml,
tables.toml) and ``columns.org_coverage`` of the common catalogue.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from graphgov.report import i18n  # noqa: E402
from graphgov.report.build import build_report, build_sections  # noqa: E402
from graphgov.report.display import display, display_columns, row_counties  # noqa: E402
from graphgov.report.document import Section, html_table, markdown_table, write_report  # noqa: E402

HANDCHECK = Path(__file__).parent / "data" / "handcheck"
SAMPLE = Path(__file__).parent.parent / "datasets" / "zhejiang-sample"
FIVE = ["甲协会", "乙协会", "丙协会", "丁协会", "戊协会"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _frame() -> pd.DataFrame:
    """Four rows: two in 西湖区 (a community code, a county code), one in 平阳县 (found in
    township_code, its region_code being a city), one city-level group (no county)."""
    return pd.DataFrame(
        {
            "org_id": ["A", "B", "C", "D"],
            "region_code": ["330106001001", "330106", "330300000000", "330100000000"],
            "township_code": ["", "", "330326001000", ""],
            "name": ["慈善协会", "棋社", "书画社", "杭州市"],
            "org_coverage": [0.8291, 0.5, 1.0, float("nan")],
            "member_names": [FIVE, FIVE[:2], [], FIVE[:3]],
            "manager_name": ["民政局", "民政局", "民政局", "民政局"],
            "counted": [True, False, True, True],
        }
    )


def _section(rows: pd.DataFrame | None = None) -> Section:
    return Section(
        key="s",
        title="S",
        definition="d",
        headline="h",
        tables=[("by-city", _frame() if rows is None else rows)],
        formats={"org_coverage": "{:.1%}"},
    )


def _write(tmp_path: Path, lang: str, section: Section | None = None) -> tuple[str, str, Path]:
    out = tmp_path / lang
    with i18n.language(lang):
        write_report([section or _section()], out, title="T", counties={"330106": "西湖区"})
    page = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    return page, md, out


def _headers(page: str, table_id: str) -> list[str]:
    table = page.split(f'id="{table_id}"')[1].split("</thead>")[0]
    return re.findall(r"<th[^>]*>([^<]*)</th>", table)


def test_headers_notes_and_headings_in_chinese(tmp_path):
    page, md, _ = _write(tmp_path, "zh")
    assert '<html lang="zh-CN">' in page
    assert "党组织覆盖率" in _headers(page, "t-s-by-city")
    assert "<h3>按设区市</h3>" in page and "### 按设区市" in md
    assert "党组织覆盖率" in md.split("### 按设区市")[1].splitlines()[2]
    assert "共 4 行；另见 s-by-city.csv。" in page and "共 4 行；另见 s-by-city.csv。" in md
    assert ">82.9%</td>" in page  # one decimal, as the section's format says
    assert "<td>是</td>" in page and "<td>否</td>" in page and "| 否 |" in md
    assert '<label for="county-filter">区县</label>' in page
    assert 'placeholder="在本表中筛选"' in page


def test_headers_notes_and_headings_in_english(tmp_path):
    page, md, _ = _write(tmp_path, "en")
    assert '<html lang="en">' in page
    assert "Organizational coverage" in _headers(page, "t-s-by-city")
    assert "<h3>By city</h3>" in page and "### By city" in md
    assert "All 4 rows; also in s-by-city.csv." in page
    assert "<td>yes</td>" in page and "<td>no</td>" in page


def test_the_csv_keeps_the_contract_columns_and_full_lists(tmp_path):
    page, md, out = _write(tmp_path, "zh")
    rows = list(csv.reader(io.StringIO((out / "s-by-city.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == list(_frame().columns)  # names and order as the analysis gave them
    assert rows[1][5] == "甲协会;乙协会;丙协会;丁协会;戊协会"
    # The page and the Markdown show the first three and how many in all.
    assert "<td>甲协会、乙协会、丙协会等5个</td>" in page
    assert "| 甲协会、乙协会、丙协会等5个 |" in md
    assert "<td>甲协会、乙协会</td>" in page  # two: no "等"
    assert "丁协会" not in page


def test_name_columns_come_first():
    order = ["name", "member_names", "manager_name", "org_id", "region_code", "township_code"]
    assert display_columns(_frame().columns) == order + ["org_coverage", "counted"]
    assert display_columns(["n", "names", "surname", "county_name"]) == [
        "county_name",
        "n",
        "names",
        "surname",
    ]


def test_name_columns_first_in_the_page(tmp_path):
    page, md, _ = _write(tmp_path, "en")
    with i18n.language("en"):
        expected = [i18n.col(c) for c in display_columns(_frame().columns)]
    assert _headers(page, "t-s-by-city") == expected
    assert md.split("### By city")[1].splitlines()[2].startswith("| " + expected[0] + " |")


def test_a_section_may_word_a_column_its_own_way(monkeypatch):
    words = {"columns.share": "Share meeting the target", "s.columns.share": "Share served"}
    monkeypatch.setattr(i18n, "catalogue", lambda lang: words)
    df = pd.DataFrame({"share": [0.5], "n": [1]})
    assert display(df, None, None, area="s")[0] == ["Share served", "n"]
    assert display(df, None, None, area="other")[0] == ["Share meeting the target", "n"]
    assert display(df, None, None)[0] == ["Share meeting the target", "n"]
    assert markdown_table(df, area="s").splitlines()[0] == "| Share served | n |"
    assert '<th class="num">Share served</th>' in html_table(df, area="s")


def test_each_row_says_its_county(tmp_path):
    assert row_counties(_frame()) == ["330106", "330106", "330326", ""]
    manager = pd.DataFrame({"group": ["M1", "330106000000"], "orgs": [1, 2]})
    assert row_counties(manager) == ["", "330106"]
    assert row_counties(pd.DataFrame({"hub_id": ["H1"]})) == [""]
    page, _, _ = _write(tmp_path, "zh")
    counties = re.findall(r'<tr data-county="(\d*)"', page)
    assert counties == ["330106", "330106", "330326", ""]


def test_the_county_selector_lists_the_counties_of_the_rows(tmp_path):
    page, _, _ = _write(tmp_path, "zh")
    select = re.search(r'<select id="county-filter">(.*?)</select>', page).group(1)
    options = re.findall(r'<option value="(\d*)">([^<]*)</option>', select)
    # 平阳县 has no name in the counties given: its code alone.
    assert options == [("", "全部区县"), ("330106", "西湖区 330106"), ("330326", "330326")]
    page, _, _ = _write(tmp_path, "en")
    assert '<option value="">All counties</option>' in page


def test_the_dom_contract_of_the_script(tmp_path):
    rows = pd.DataFrame({"name": [f"社{i}" for i in range(1005)], "n": range(1005)})
    page, _, _ = _write(tmp_path, "en", _section(rows))
    assert '<table class="data" id="t-s-by-city" data-limit="20">' in page
    assert '<input type="search" class="table-filter" data-for="t-s-by-city"' in page
    assert '<button type="button" class="show-all" data-for="t-s-by-city" hidden>' in page
    # The page holds 1,000 of the 1,005 rows, shows 20 without a script.
    assert page.count('<tr data-county=""') == 1000
    assert page.count('<tr data-county="" hidden>') == 980
    assert 'data-total="1005"' in page
    assert "Showing 20 of 1,005 rows; all rows in s-by-city.csv." in page
    assert '<td class="num" data-v="999">999</td>' in page
    assert '<td class="num" data-v="1000">' not in page
    script = page.split("<script>")[1].split("</script>")[0]
    assert "county-filter" in script and "aria-sort" in script


def test_print_css(tmp_path):
    page, _, _ = _write(tmp_path, "zh")
    style = page.split("<style>")[1].split("</style>")[0]
    printing = style.split("@media print")[1]
    assert "@page { size: A4; margin: 15mm; }" in printing
    assert "section { break-before: page; }" in printing
    assert "tr, td, th { break-inside: avoid; }" in printing
    assert "nav, .controls, .table-filter, .show-all { display: none !important; }" in printing
    assert "figure img { max-width: 100%; max-height: 240mm;" in printing


def test_nothing_is_fetched_from_elsewhere(tmp_path):
    links = pd.DataFrame({"name": ["https://example.org/x", "见 http://example.org"]})
    page, _, _ = _write(tmp_path, "zh", _section(links))
    assert "<td>https://example.org/x</td>" in page  # a text cell may hold an address
    markup = re.sub(r"<(style|script)([^>]*)>.*?</\1>", r"<\1\2>", page, flags=re.S)
    tags = re.findall(r"<[^>]*>", markup)
    assert tags and not [tag for tag in tags if "http:" in tag or "https:" in tag or "//" in tag]
    for block in ("style", "script"):
        inline = "".join(re.findall(rf"<{block}[^>]*>(.*?)</{block}>", page, flags=re.S))
        assert inline and "http" not in inline and "url(" not in inline and "@import" not in inline


@pytest.mark.parametrize(
    ("lang", "html_lang", "title", "subtitle"),
    [
        ("zh", "zh-CN", "handcheck 社会组织党建工作分析报告", "数据截至 2020-12-31。A tiny"),
        ("en", "en", "graphgov report: handcheck", "Data as of 2020-12-31. A tiny"),
    ],
)
def test_build_report_in_either_language(tmp_path, lang, html_lang, title, subtitle):
    files = build_report(HANDCHECK, tmp_path / "out", lang=lang)
    page = files["report.html"].read_text(encoding="utf-8")
    assert f'<html lang="{html_lang}">' in page and f"<h1>{title}</h1>" in page
    assert f'<p class="subtitle">{subtitle}' in page
    select = re.search(r'<select id="county-filter">(.*?)</select>', page).group(1)
    values = re.findall(r'<option value="(\d+)">([^<]*)</option>', select)
    assert values == [("330106", "西湖区 330106"), ("330212", "鄞州区 330212")]
    # The gaps table's rows are placed by their region codes.
    gaps = page.split('id="t-gaps-organizations"')[1].split("</table>")[0]
    assert set(re.findall(r'<tr data-county="(\d*)"', gaps)) <= {"330106", "330212", ""}
    assert "330106" in re.findall(r'<tr data-county="(\d*)"', gaps)
    # The CSV keeps the contract's column names in either language.
    text = (tmp_path / "out" / "coverage-by-city.csv").read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert {"group", "group_name", "orgs", "org_coverage"} <= set(header)
    assert not re.search(r"[\u4e00-\u9fff]", ",".join(header))


def test_an_unknown_language_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not a report language"):
        build_report(HANDCHECK, tmp_path / "out", lang="fr")


def test_the_cli_takes_a_language(cli, tmp_path):
    bad = cli(["report", "all", "--data", HANDCHECK, "--out", tmp_path / "r", "--lang", "fr"])
    assert bad.exit_code == 2
    assert bad.stderr.strip() == "error: --lang fr: not a report language; choose from zh, en"
    single = cli(["report", "coverage", "--data", HANDCHECK, "--lang", "en"])
    assert single.exit_code == 2 and "for the full report" in single.stderr
    good = cli(["report", "all", "--data", HANDCHECK, "--out", tmp_path / "r", "--lang", "en"])
    assert good.exit_code == 0, good.output
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h1>graphgov report: handcheck</h1>" in page


def test_every_table_name_has_a_heading():
    from graphgov.graph import open_graph

    parts = build_sections(open_graph(SAMPLE))
    names = {name for s in parts for name, _ in s.tables}
    assert {"by-city", "organizations", "candidates", "cut-points"} <= names
    for lang in i18n.LANGS:
        assert sorted(n for n in names if f"tables.{n}" not in i18n.catalogue(lang)) == []
    # the English heading of the tables the report had before it spoke Chinese is today's
    # (the name, capitalized); the what-to-do-next section's tables were new with it
    older = {name for s in parts if s.key != "next" for name, _ in s.tables}
    with i18n.language("en"):
        assert all(i18n.t(f"tables.{n}") == n.replace("-", " ").capitalize() for n in older)
