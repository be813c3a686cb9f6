"""Small cells (§4.15, issue 17): ``report all --privacy k`` and the export's report.

Hand-worked: a table with row and column totals; the tiny dataset (people P01-P08) and a
copy of it with two people rows rejected. Checked in bulk on the bundled sample: no count
of people from 1 to k-1 in any cell of a people column of the HTML page, the Markdown and
the CSVs, every line with a total protected, no person id or name in any file.
"""

from __future__ import annotations

import csv
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from graphgov.cli import app
from graphgov.datasets import tiny, tiny_path
from graphgov.graph import open_graph
from graphgov.load.names import stray_file_warnings
from graphgov.privacy.export import research_export
from graphgov.privacy.suppress import (
    LEFT_OUT_COLUMNS,
    LEFT_OUT_TABLES,
    NOT_PEOPLE,
    ON_ROWS,
    PEOPLE,
    Line,
    counts_people,
    suppress_cells,
    suppress_report,
)
from graphgov.report.build import build_report, build_sections
from graphgov.report.document import table_heading
from graphgov.report.i18n import col, language
from graphgov.report.summaries import title

SAMPLE = tiny_path().parents[2] / "datasets" / "zhejiang-sample"
MARKS = ("<5", "x")
PERSON_ID = re.compile(r"(?<![A-Za-z0-9])P\d{7}(?!\d)")
PSEUDONYM = re.compile(r"H[0-9a-f]{20}")
CHART = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


# --- the rule on a hand-worked table ---------------------------------------------------


def _grid(rows: dict[str, list[int]]) -> tuple[dict, list[Line]]:
    """Cells of table t (row r, columns x, y, z), the row totals and the column totals."""
    values, cols = {}, ("x", "y", "z")
    for r, numbers in rows.items():
        for c, n in zip(cols, numbers, strict=True):
            values[("s", "t", r, c)] = n
        values[("s", "t", r, "total")] = sum(numbers)
    for c in (*cols, "total"):
        values[("s", "total", 0, c)] = sum(values[("s", "t", r, c)] for r in rows)
    out = [Line(tuple(("s", "t", r, c) for c in cols), ("s", "t", r, "total")) for r in rows]
    out += [Line(tuple(("s", "t", r, c) for r in rows), ("s", "total", 0, c)) for c in cols]
    return values, out


def test_one_small_cell_takes_the_next_smallest_in_its_row_and_columns():
    # x y z | total       A.x = 3 < 5: primary. Row A: the next smallest is A.y (10).
    # A: 3 10 20 | 33     Column x: B.x (8). Column y now has A.y alone: B.y (6).
    # B: 8  6 30 | 44     Row B then has two (B.x, B.y); column z and the totals none.
    values, all_lines = _grid({0: [3, 10, 20], 1: [8, 6, 30]})
    people = [c for c in values if c[1] == "t" and c[3] != "total"]
    primary, secondary = suppress_cells(values, people, all_lines, 5)
    assert primary == {("s", "t", 0, "x")}
    assert secondary == {("s", "t", 0, "y"), ("s", "t", 1, "x"), ("s", "t", 1, "y")}
    hidden = primary | secondary
    for line in all_lines:  # every line: none suppressed, or two or more
        assert sum(c in hidden for c in (*line.cells, line.total)) in (0, 2, 3)
    # the totals stay as they are: A.x + A.y = 33 - 20, and A.x can be anything in 1..4
    assert values[("s", "t", 0, "total")] - values[("s", "t", 0, "z")] == 13


def test_zero_is_shown_and_a_line_of_zeros_gives_up_its_total():
    values, all_lines = _grid({0: [2, 0, 0], 1: [0, 0, 0]})
    people = [c for c in values if c[1] == "t" and c[3] != "total"]
    primary, secondary = suppress_cells(values, people, all_lines, 5)
    # row A's total 2 would give A.x away, and no non-zero cell can be taken instead: the
    # total goes; column x's likewise
    assert primary == {("s", "t", 0, "x")}
    assert secondary == {("s", "t", 0, "total"), ("s", "total", 0, "x")}
    # a total shown elsewhere as it is is never taken: row A takes a zero cell (A.y),
    # column x too (B.x); column y, with A.y alone, its total; row B, with B.x, its total
    fixed = {("s", "t", 0, "total"), ("s", "total", 0, "x")}
    primary, secondary = suppress_cells(values, people, all_lines, 5, fixed=fixed)
    assert secondary == {
        ("s", "t", 0, "y"), ("s", "t", 1, "x"), ("s", "total", 0, "y"), ("s", "t", 1, "total"),
    }  # fmt: skip


def test_a_numeric_column_nobody_declared_counts_people():
    assert not set(PEOPLE) & {("x", "y")}
    numbers, words = pd.Series([1]), pd.Series(["a"])
    assert counts_people("gaps", "organizations", "party_members", numbers)
    assert not counts_people("gaps", "organizations", "orgs", numbers)
    assert counts_people("some", "new-table", "helpers", numbers)
    assert not counts_people("some", "new-table", "helpers", words)
    with pytest.raises(ValueError, match="2 or more"):
        suppress_report([], 1)


# --- the tiny dataset, by hand ---------------------------------------------------------


def _private(g) -> list:
    """`g`'s sections in English, suppressed with k = 5 (their figures closed)."""
    with language("en"):
        parts = suppress_report(build_sections(g), 5)
    plt.close("all")
    return parts


@pytest.fixture(scope="module")
def tiny_private():
    return {s.key: s for s in _private(tiny())}


def _table(section, name: str) -> pd.DataFrame:
    return dict(section.tables)[name]


def test_tiny_counts_of_people_by_hand(tiny_private):
    gaps = _table(tiny_private["gaps"], "organizations")
    # party members 4 (must form), 2, 1, 1 (joint candidates), 0, 0; the candidates by
    # region then id, no longer the 2-member one first
    assert gaps["org_id"].tolist() == [
        "52330106MJ0000051W", "53330106MJ0000061T", "52330106MJ0000021R",
        "52330106MJ0000031T", "52330106MJ0000071Y", "51330106MJ0000041Y",
    ]  # fmt: skip
    assert gaps["party_members"].tolist() == ["<5", "<5", "<5", "<5", 0, 0]
    joint = _table(tiny_private["gaps"], "joint-branches")  # 2 + 1 = 3, and 1 alone
    assert joint["party_members"].tolist() == ["<5", "<5"] and joint["orgs"].tolist() == [2, 1]
    cand = _table(tiny_private["linkage"], "candidates")
    assert cand["workers"].tolist() == ["<5", "<5"]
    assert not {"worker_names", "worker_ids"} & set(cand.columns)
    ties = tiny_private["cross-appointments"]
    assert _table(ties, "types")["persons"].tolist() == ["<5", "<5", "<5"]
    assert _table(ties, "ties")["persons"].tolist() == ["<5", "<5", "<5"]
    assert _table(ties, "ties")["party_to_party"].tolist() == ["<5", 0, 0]
    assert _table(ties, "cut-points").empty  # its three cut points are persons P01-P03
    assert "strength" not in _table(ties, "bodies")
    assert [n for n, _ in ties.tables] == ["types", "cut-points", "ties", "bodies", "network"]
    assert ties.charts == []
    # 3 cut points, all persons and none shown: the total is withheld
    assert ties.headline == (
        "<5 party-to-party cross-appointments (a community Party organization and a social "
        "organization's Party organization) among <5 cross-appointed persons (<5 community "
        "to registered, <5 community to filed only), tying 3 communities to social "
        "organizations; x cut points (people or bodies whose removal cuts communities off "
        "from organizations)"
    )


def test_two_rejected_people_are_protected_through_every_total(tmp_path):
    data = tmp_path / "tiny"
    shutil.copytree(tiny_path(), data)
    with (data / "people.csv").open("a", encoding="utf-8") as fh:
        fh.write("P09,人员09,maybe,false,\nP10,人员10,perhaps,false,\n")
    part = _private(open_graph(data, cache=False))[0]
    tables = _table(part, "tables").set_index("table")
    # people: 10 rows = 8 accepted + 2 rejected: rejected <5, and in its row the smallest
    # other non-zero cell (accepted 8); column accepted then takes services' 4, whose row
    # (4 = 4 + 0 + 0) has no other non-zero cell: its rows; column rows takes
    # party_org_covers' 5, whose row takes its accepted; column rejected (2 in the
    # headline, shown) has only zeros left: regions', whose row takes its accepted 13
    assert tables[["rows", "accepted", "rejected"]].astype(str).to_dict("index") == {
        "regions": {"rows": "13", "accepted": "x", "rejected": "x"},
        "party_orgs": {"rows": "8", "accepted": "8", "rejected": "0"},
        "organizations": {"rows": "20", "accepted": "20", "rejected": "0"},
        "party_org_covers": {"rows": "x", "accepted": "x", "rejected": "0"},
        "people": {"rows": "10", "accepted": "x", "rejected": "<5"},
        "posts": {"rows": "11", "accepted": "11", "rejected": "0"},
        "services": {"rows": "x", "accepted": "x", "rejected": "0"},
        "facilities": {"rows": "0", "accepted": "0", "rejected": "0"},
    }
    assert part.headline.startswith("71 rows in 8 tables: 69 accepted, 2 rejected")
    reasons = _table(part, "rejects-by-reason")
    assert reasons[["table", "rows"]].values.tolist() == [["people", "<5"]]
    assert reasons["example"].isna().all()
    assert "rejects" not in dict(part.tables)  # the rows as read name the two


# --- the sample's privacy report -------------------------------------------------------


@pytest.fixture(scope="module")
def sample_built(tmp_path_factory):
    """The sample's privacy report (zh, with the progress section and the workbook), and
    the sections before and after :func:`suppress_report`."""
    out = tmp_path_factory.mktemp("private") / "report"
    seen = {}

    def spy(parts, k):
        seen["before"], seen["after"] = parts, suppress_report(parts, k)
        return seen["after"]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("graphgov.privacy.suppress.suppress_report", spy)
        build_report(SAMPLE, out, privacy=5, since="2016-12-31", xlsx=True)
    return out, seen


@pytest.fixture(scope="module")
def sample_report(sample_built):
    return sample_built[0]


class _Tables(HTMLParser):
    """Every ``<table id>`` of a page: its header texts and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, tuple[list[str], list[list[str]]]] = {}
        self._id = self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._id = dict(attrs).get("id")
            self.tables[self._id] = ([], [])
        elif tag == "tr" and self._id:
            self.tables[self._id][1].append([])
        elif tag in ("th", "td") and self._id:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            heads, rows = self.tables[self._id]
            (heads if tag == "th" else rows[-1]).append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            heads, rows = self.tables[self._id]
            rows[:] = [row for row in rows if row]  # the header's row holds no td
            self._id = None


def _markdown_tables(text: str) -> dict[tuple[str, str], tuple[list[str], list[list[str]]]]:
    """(section heading, table heading) -> header and rows of the Markdown's tables."""
    out, section, table = {}, "", ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("### "):
            table = line[4:]
        elif line.startswith("| ") and not line.startswith("| ---"):
            cells = [unescape(c.strip()) for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            heads, rows = out.setdefault((section, table), (cells, []))
            if cells is not heads:
                rows.append(cells)
    return out


def _safe(text: str) -> bool:
    """A shown count of people: suppressed, 0, or 5 or more."""
    digits = text.replace(",", "")
    return text in MARKS or (digits.isdigit() and (int(digits) == 0 or int(digits) >= 5))


def _people_views(folder: Path) -> list[tuple[tuple[str, str], str, list[str], list[list]]]:
    """((section, table), where, headers, rows) of every table of `folder`'s report with a
    people column, as the CSV, the page and the Markdown hold it; headers as column names."""
    page = _Tables()
    page.feed((folder / "report.html").read_text(encoding="utf-8"))
    md = _markdown_tables((folder / "report.md").read_text(encoding="utf-8"))
    views = []
    with language("zh"):
        for section, table in PEOPLE:
            path = folder / f"{section}-{table}.csv"
            if not path.exists():
                continue
            with path.open(encoding="utf-8-sig", newline="") as fh:
                heads, *rows = list(csv.reader(fh))
            views.append(((section, table), path.name, heads, rows))
            labels = {col(c, section): c for c in heads}
            for where, (shown, cells) in (
                ("html", page.tables.get(f"t-{section}-{table}", ([], []))),
                ("md", md.get((title(section), table_heading(table)), ([], []))),
            ):
                views.append(((section, table), where, [labels.get(h, h) for h in shown], cells))
    return views


def _no_small_count_of_people(folder: Path) -> int:
    """Assert that every people cell of `folder`'s report is suppressed, 0 or >= 5; the
    number of cells checked."""
    checked, seen = 0, set()
    for key, where, heads, rows in _people_views(folder):
        keep = ON_ROWS.get(key)
        for row in rows:
            if keep and row[heads.index(keep[0])] not in keep[1]:
                continue
            for c in PEOPLE[key]:
                if c in heads:
                    assert _safe(row[heads.index(c)]), (key, where, c, row)
                    checked += 1
                    seen.add(where)
    assert {"html", "md"} <= seen, seen  # the page's and the Markdown's tables were read
    return checked


def test_no_count_of_people_from_1_to_4_in_any_table(sample_report):
    assert _no_small_count_of_people(sample_report) > 2_000
    gaps = pd.read_csv(sample_report / "gaps-organizations.csv", dtype=str)
    assert (gaps["party_members"] == "<5").sum() == 58  # 1-4 members, of 364
    assert "1,369" in (sample_report / "report.md").read_text(encoding="utf-8")  # >= 5


def _marks(cells) -> int:
    return sum(str(c) in MARKS for c in cells)


def test_every_line_with_a_total_has_none_or_two_suppressed(sample_report):
    read = lambda name: pd.read_csv(sample_report / name, dtype=str, keep_default_na=False)  # noqa: E731
    tables = read("data-tables.csv")
    parts = ["accepted", "rejected", "duplicates"]
    for _, row in tables.iterrows():
        assert _marks(row[["rows", *parts]]) != 1
    for c in ["rows", *parts]:  # the headline's totals are shown
        assert _marks(tables[c]) != 1
    orgs = read("gaps-organizations.csv").set_index("org_id")["party_members"]
    checked = 0
    for name in ("gaps-joint-branches.csv", "next-joint-branches-to-form.csv"):
        if not (sample_report / name).exists():
            continue
        for _, row in read(name).iterrows():
            members = [orgs[o] for o in row["org_ids"].split(";")]
            assert _marks([*members, row["party_members"]]) != 1, row
            checked += 1
    assert checked >= 39
    change = read("progress-changes-by-county.csv")
    for c in PEOPLE[("progress", "changes-by-county")]:
        assert _marks(change[c]) != 1
    types = read("cross-appointments-types.csv")
    assert _marks(types["persons"]) == 0  # 262, 692, 415


def test_person_level_tables_and_every_person_are_left_out(sample_report):
    files = sorted(p.name for p in sample_report.iterdir())
    for gone in ("cross-appointments-persons.csv", "data-rejects.csv",
                 "cross-appointments-network.png"):  # fmt: skip
        assert gone not in files
    cand = pd.read_csv(sample_report / "linkage-candidates.csv", dtype=str)
    assert not {"worker_ids", "worker_names"} & set(cand.columns)
    cuts = pd.read_csv(sample_report / "cross-appointments-cut-points.csv", dtype=str)
    assert len(cuts) == 1_781 - 1_363 and not cuts["node"].str.startswith("person:").any()
    people = pd.read_csv(SAMPLE / "people.csv", dtype=str, keep_default_na=False)
    _no_person(sample_report, set(people["person_id"]), set(people["name"]) - {""})


def _items(text: str) -> set[str]:
    """A cell's text and the items of the list it may hold (``a;b``, ``甲、乙等12个``)."""
    out = {text}
    for item in re.split(r"[;、]", text):
        out.add(re.sub(r"等\d+个$", "", item).strip())
    return out


def _no_person(folder: Path, ids: set[str], names: set[str], pattern=PERSON_ID) -> None:
    """No id of `ids` (nor anything like one) and no name of `names` in any file."""
    cells: dict[str, set[str]] = {}
    for path in folder.iterdir():
        if path.suffix == ".png":
            continue
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            values = {str(v) for ws in book for row in ws.iter_rows(values_only=True)
                      for v in row if v is not None}  # fmt: skip
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                values = {c for row in csv.reader(fh) for c in row}
        else:
            text = CHART.sub("", path.read_text(encoding="utf-8"))  # base64 has any letters
            assert not pattern.search(text), path
            page = _Tables()
            page.feed(text)
            values = {c for _, rows in page.tables.values() for row in rows for c in row}
            values |= {c for _, rows in _markdown_tables(text).values() for r in rows for c in r}
        cells[path.name] = {i for v in values for i in _items(v)}
        assert not any(pattern.search(v) for v in values), path
        assert not cells[path.name] & ids, path
        assert not cells[path.name] & names, (path, sorted(cells[path.name] & names)[:5])
    assert {"report.html", "report.md"} <= set(cells)


def test_the_checks_find_the_people_of_a_normal_report(tmp_path):
    # the same scans on tiny's report without --privacy: names, ids and small counts found
    build_report(tiny_path(), tmp_path, lang="zh")
    with pytest.raises(AssertionError):
        _no_person(tmp_path, {"P01"}, {"人员01"})
    with pytest.raises(AssertionError):
        _no_small_count_of_people(tmp_path)
    private = tmp_path / "private"
    build_report(tiny_path(), private, lang="zh", privacy=5)
    _no_person(private, {f"P0{i}" for i in range(1, 9)}, {f"人员0{i}" for i in range(1, 9)},
               re.compile(r"(?<![A-Za-z0-9])P0\d(?!\d)"))  # fmt: skip
    assert _no_small_count_of_people(private) > 0


def test_every_numeric_column_of_the_report_is_declared(sample_built):
    # tiny's tables have columns the sample's lack (the gap counts of coverage by city)
    with language("en"):
        parts = [*sample_built[1]["before"], *build_sections(tiny())]
    plt.close("all")
    undeclared = {
        (s.key, name, c)
        for s in parts
        for name, df in s.tables
        for c in df.columns
        if counts_people(s.key, name, c, df[c])
        and c not in PEOPLE.get((s.key, name), ())
        and (s.key, name) not in LEFT_OUT_TABLES
        and c not in LEFT_OUT_COLUMNS.get((s.key, name), ())
    }
    assert undeclared == set()
    declared = [c for names in NOT_PEOPLE.values() for c in names]
    assert len(declared) == len(set(declared))  # each column counts one thing


def test_a_headline_with_no_small_count_reads_as_before(sample_built):
    before, after = ({s.key: s for s in sample_built[1][w]} for w in ("before", "after"))
    # 262, 692 and 415 persons by type, 1,369 in all, 1,363 of the 1,781 cut points persons
    assert after["cross-appointments"].headline == before["cross-appointments"].headline
    assert "交叉任职人员共1,369人" in after["cross-appointments"].headline
    assert after["data"].headline == before["data"].headline


# --- the command line and the export ----------------------------------------------------


def test_report_all_privacy_in_english(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["report", "all", "--data", str(tiny_path()), "--out",
                              str(tmp_path), "--privacy", "5", "--lang", "en"])  # fmt: skip
    assert res.exit_code == 0, res.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Counts of people below 5 are shown as &lt;5" in page
    assert not (tmp_path / "cross-appointments-persons.csv").exists()
    res = runner.invoke(app, ["report", "coverage", "--data", str(tiny_path()), "--privacy", "5"])
    assert res.exit_code != 0 and "--privacy and --since are for the full report" in res.output
    res = runner.invoke(app, ["report", "all", "--data", str(tiny_path()), "--out",
                              str(tmp_path), "--privacy", "1"])  # fmt: skip
    assert res.exit_code == 2


def test_the_export_writes_its_privacy_report(tmp_path):
    key = tmp_path / "key"
    key.write_bytes(b"correct horse battery staple 0123456789")
    key.chmod(0o600)
    result = research_export(SAMPLE, tmp_path / "out", key, k=5)
    report = result.out / "report"
    assert {"report.html", "report.md"} <= {p.name for p in report.iterdir()}
    assert not list(report.glob("*.png")) and "gaps-organizations.csv" in result.tables
    assert "涉及人数少于5人的单元格显示为“&lt;5”" in (report / "report.html").read_text("utf-8")
    assert _no_small_count_of_people(report) > 2_000
    people = pd.read_csv(SAMPLE / "people.csv", dtype=str, keep_default_na=False)
    _no_person(report, set(people["person_id"]), set(people["name"]) - {""})
    _no_person(report, set(), set(), PSEUDONYM)
    assert stray_file_warnings(result.out) == []
