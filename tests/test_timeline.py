"""`trend` and `diff` (§4.13), on the tiny dataset whose dates are worked out by hand.

The tiny dataset's dated facts (graphgov/datasets/tiny): covers PB0000001 -> 书画协会 since
2016-05-01, PB0000002 -> 服务中心 since 2017-03-01, the joint branch PB0000003 -> 联合会 and
社会工作服务中心 since 2018-09-01, PB0000004 -> 培训学校 (abnormal: out of the population)
since 2019-01-01; the support organization 服务中心 serves 双浦镇 (袁浦社区, 东江嘴村, 外张村)
since 2020-01-01; P01, P02, P03 hold their second posts from 2019-01-01, 2018-06-01 and
2019-03-01 (the first ones from 2017-04-01).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graphgov.datasets import tiny, tiny_path
from graphgov.errors import UsageError
from graphgov.meta import Targets
from graphgov.timeline.dates import dates_between
from graphgov.timeline.diff import diff
from graphgov.timeline.trend import projection, trend


def test_dates_every_quarter_and_bad_input():
    assert dates_between("2020-03-31", "2020-12-31", "quarter") == [
        "2020-03-31",
        "2020-06-30",
        "2020-09-30",
        "2020-12-31",
    ]
    assert dates_between("2020-01-01", "2020-01-01") == ["2020-01-01"]
    with pytest.raises(UsageError, match="before --from"):
        dates_between("2020-01-01", "2019-01-01")
    with pytest.raises(UsageError, match="not a date"):
        dates_between("2020-13-01", "2021-01-01")
    with pytest.raises(UsageError, match="year, quarter, month"):
        dates_between("2020-01-01", "2021-01-01", "week")


def test_trend_of_coverage_on_each_date():
    g = tiny()
    table = trend(g, "coverage", dates=dates_between("2015-12-31", "2019-12-31"), by="county")
    assert table["date"].tolist() == [f"{y}-12-31" for y in range(2015, 2020)]
    assert table["org_covered"].tolist() == [0, 1, 2, 4, 4]
    assert table["orgs"].tolist() == [10] * 5


def test_an_analysis_not_read_on_a_date_is_refused():
    with pytest.raises(UsageError, match="not read on a date"):
        trend(tiny(), "counties", dates=["2020-12-31"])


def test_projection_met_projected_and_not_at_this_pace():
    frame = pd.DataFrame(
        {
            "date": ["2018-12-31", "2019-12-31", "2020-12-31"] * 3,
            "group": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
            "group_name": ["甲"] * 3 + ["乙"] * 3 + ["丙"] * 3,
            # A reaches 0.9; B climbs 0.1 a year from 0.5; C falls
            "org_coverage": [0.7, 0.8, 0.9, 0.3, 0.4, 0.5, 0.6, 0.55, 0.5],
        }
    )
    out = projection(frame, "coverage", Targets()).set_index("group")
    assert out["status"].to_dict() == {"A": "met", "B": "projected", "C": "not_at_this_pace"}
    # B: 0.5 on 2020-12-31, +0.2 over 731 days (2020 is a leap year) = 0.0999 a year;
    # 0.329 to go takes 3.29 years -> April 2024
    assert out.loc["B", "pace_per_year"] == pytest.approx(0.2 / (731 / 365.25), rel=1e-3)
    assert out.loc["B", "projected_date"][:7] == "2024-04"


def test_the_target_in_force_steps_by_year():
    targets = Targets.from_text(
        "year = 2020\n[by_year.2025.party]\norg_coverage_benchmark = 0.9\n", "t"
    )
    assert targets.on("2019-06-30").org_coverage_benchmark == 0.829
    assert targets.on("2020-12-31").org_coverage_benchmark == 0.829
    assert targets.on("2021-01-01").org_coverage_benchmark == 0.9
    assert targets.on("2030-01-01").org_coverage_benchmark == 0.9


def test_diff_of_two_dates_worked_out_by_hand():
    g = tiny()
    d = diff(g, g, "2018-12-31", "2020-12-31")
    total = d.summary.set_index("county_code").loc["total"]
    # every cover began by 2018-09-01: nothing newly covered, nothing lost
    assert total[["newly_covered", "coverage_lost", "covered_gone"]].tolist() == [0, 0, 0]
    assert total[["covered_a", "covered_b"]].tolist() == [4, 4]
    # 服务中心 serves 双浦镇 from 2020-01-01: its three communities
    assert d.details["communities_newly_covered"]["name"].tolist() == [
        "袁浦社区",
        "东江嘴村委会",
        "外张村委会",
    ]
    # P02 was already tied on 2018-12-31 (2018-06-01); P01 and P03 tie later
    assert d.details["cross_appointments_started"]["id"].tolist() == ["P01", "P03"]
    assert total["cross_appointments_ended"] == 0


def test_diff_totals_balance_on_the_generated_province(province):
    from graphgov.graph import open_graph

    g = open_graph(province)
    s = diff(g, g, "2017-12-31", str(g.info.as_of)).summary
    assert (
        s["covered_b"]
        == s["covered_a"] + s["newly_covered"] - s["coverage_lost"] - s["covered_gone"]
    ).all()
    assert s["newly_covered"].iloc[-1] > 0 and s["orgs_founded"].iloc[-1] > 0
    body = s.iloc[:-1]
    for column in s.columns[2:]:
        assert s[column].iloc[-1] == body[column].sum(), column


def test_diff_of_two_directories_matches_by_id(tmp_path):
    import shutil

    a = tmp_path / "a"
    shutil.copytree(tiny_path(), a)
    (a / "dataset.toml").write_text('name = "a"\nas_of = "2017-12-31"\n', encoding="utf-8")
    d = diff(tiny(), tiny(), None, None)  # the same dataset and date: nothing changed
    assert d.summary.iloc[-1, 2:14].sum() == 0
    from graphgov.graph import open_graph

    d = diff(open_graph(a), tiny())
    assert (d.a, d.b) == ("2017-12-31", "2020-12-31")
    assert d.summary.iloc[-1]["newly_covered"] == 2  # the joint branch's two organizations


def test_cli_trend_and_diff(cli, tmp_path):
    res = cli(["trend", "coverage", "--data", str(tiny_path()), "--from", "2016-12-31",
               "--to", "2018-12-31", "--by", "county", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [(r["date"], r["org_covered"]) for r in rows] == [
        ("2016-12-31", 1), ("2017-12-31", 2), ("2018-12-31", 4)]  # fmt: skip
    res = cli(["diff", "--data", str(tiny_path()), "--as-of", "2018-12-31", "--as-of",
               "2020-12-31", "--county", "330106", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["communities_newly_covered"] == 3
    started = ["--detail", "cross_appointments_started", "--format", "csv"]
    res = cli(["diff", "--data", str(tiny_path()), "--as-of", "2018-12-31", "--as-of",
               "2020-12-31", *started])  # fmt: skip
    assert res.exit_code == 0 and "P01" in res.stdout and "P02" not in res.stdout
    chart = tmp_path / "t.png"
    ask = ["--by", "county", "--projection", "--chart", str(chart), "--format", "json"]
    res = cli(["trend", "coverage", "--data", str(tiny_path()), "--from", "2016-12-31",
               "--to", "2020-12-31", *ask])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert chart.read_bytes()[:4] == b"\x89PNG"
    # 4 of 10 covered on 2018, 2019 and 2020: flat, so not at this pace
    assert [r["status"] for r in json.loads(res.stdout)] == ["not_at_this_pace"]


def test_cli_mistakes_are_one_line(cli):
    res = cli(["diff", "--data", str(tiny_path()), "--as-of", "2018-12-31"])
    assert res.exit_code == 2 and "--as-of A --as-of B" in res.stderr
    res = cli(
        [
            "trend",
            "counties",
            "--data",
            str(tiny_path()),
            "--from",
            "2016-12-31",
            "--to",
            "2017-12-31",
        ]
    )
    assert res.exit_code == 2 and "not read on a date" in res.stderr
    res = cli(["diff", "--data", str(tiny_path()), "--as-of", "2018-12-31", "--as-of", "2019-12-31",
               "--detail", "nope"])  # fmt: skip
    assert res.exit_code == 2 and "--detail nope" in res.stderr


def test_the_coverage_trend_passes_through_the_seeds_end_2018_figure(province):
    from graphgov.graph import open_graph

    g = open_graph(province)
    table = trend(g, "coverage", dates=dates_between("2016-12-31", "2020-12-31"), by="province")
    share = table.set_index("date")["org_coverage"]
    # the generator is calibrated to 82.9% organizational coverage on 2018-12-31 (the seed)
    assert share["2018-12-31"] == pytest.approx(0.829, abs=0.005)
    assert share.is_monotonic_increasing  # and it rose to it


def test_cli_diff_since_a_date_for_one_county(cli):
    res = cli(["diff", "--data", str(tiny_path()), "--since", "2018-12-31", "--county", "330106"])
    assert res.exit_code == 0, res.output
    # one county: one line per figure
    assert "communities_newly_covered" in res.stdout and "2018-12-31 -> 2020-12-31" in res.stderr
    lines = [line for line in res.stdout.splitlines() if "cross_appointments_started" in line]
    assert len(lines) == 1 and "2" in lines[0]
    res = cli(
        ["diff", "--data", str(tiny_path()), "--since", "2018-12-31", "--as-of", "2019-01-01"]
    )
    assert res.exit_code == 2 and "one or the other" in res.stderr
