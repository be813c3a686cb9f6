"""The progress section (`report all --since`), on the tiny dataset's dates (tests/test_timeline.py
has them): covered 1 of 10 on 2016-12-31 (PB0000001 since 2016-05), 4 of 10 on 2020-12-31;
服务中心 serves 双浦镇's three communities from 2020-01-01."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from graphgov.analyses import run_analysis  # noqa: E402
from graphgov.datasets import tiny, tiny_path  # noqa: E402
from graphgov.report.build import build_sections  # noqa: E402
from graphgov.report.i18n import language  # noqa: E402
from graphgov.report.sections_progress import progress_section  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_the_headline_in_chinese_and_english():
    g = tiny()
    run = lambda name, **o: run_analysis(g, name, **o)  # noqa: E731
    with language("zh"):
        zh = progress_section(g, run, "2016-12-31")
    assert zh.headline == (
        "2016-12-31至2020-12-31：党组织覆盖率由10.0%升至40.0%；新成立社会组织0家，新覆盖3家，"
        "失去覆盖0家；新建党组织0个；枢纽型社会组织新覆盖社区3个"
    )
    assert zh.title == "进展"
    en = progress_section(g, run, "2016-12-31")
    assert en.headline.startswith(
        "2016-12-31 to 2020-12-31: organizational coverage from 10.0% to 40.0%"
    )
    names = [n for n, _ in en.tables]
    assert names == [
        "coverage-projection",
        "changes-by-county",
        "newly-covered",
        "coverage-lost",
        "covered-gone",
    ]
    newly = dict(en.tables)["newly-covered"]
    assert sorted(newly["id"]) == ["51330106MJ0000101G", "52330106MJ00000911", "52330106MJ0000111E"]


def test_report_all_since_puts_progress_first(cli, tmp_path):
    out = tmp_path / "r"
    res = cli(
        ["report", "all", "--data", str(tiny_path()), "--out", str(out), "--since", "2016-12-31"]
    )
    assert res.exit_code == 0, res.output
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.index("## 进展") < md.index("## 数据来源与数据质量")
    changes = pd.read_csv(out / "progress-changes-by-county.csv", dtype=str, encoding="utf-8-sig")
    total = changes[changes["county_code"] == "total"].iloc[0]
    assert (total["newly_covered"], total["communities_newly_covered"]) == ("3", "3")
    assert (out / "progress-coverage.png").read_bytes()[:4] == b"\x89PNG"


def test_since_must_be_before_the_dataset_date(cli, tmp_path):
    res = cli(
        [
            "report",
            "all",
            "--data",
            str(tiny_path()),
            "--out",
            str(tmp_path / "r"),
            "--since",
            "2021-01-01",
        ]
    )
    assert res.exit_code == 2 and "is not before the dataset's date 2020-12-31" in res.stderr
    res = cli(["report", "coverage", "--data", str(tiny_path()), "--since", "2019-01-01"])
    assert res.exit_code == 2 and "--since are for the full report" in res.stderr


def test_without_since_there_is_no_progress_section():
    assert "progress" not in [s.key for s in build_sections(tiny())]
