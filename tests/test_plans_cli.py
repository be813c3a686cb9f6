"""`graphgov plan ...` as a planner runs it: "three new hubs in 平阳县", by name."""

from __future__ import annotations

import json
from pathlib import Path

PLANS = str(Path(__file__).parent / "data" / "plans")


def test_three_new_hubs_in_pingyang_by_name(cli):
    res = cli(
        ["plan", "hubs", "--data", PLANS, "--add", "3", "--county", "平阳县", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    chosen = [r["name"] for r in rows if not r["runner_up"]]
    assert chosen == ["山门镇", "凤卧镇", "怀溪镇"]  # tests/data/plans/README.md
    assert [r["communities_covered_after"] for r in rows if not r["runner_up"]] == [10, 12, 14]
    table = cli(["plan", "hubs", "--data", PLANS, "--add", "3", "--county", "330326"])
    assert table.exit_code == 0 and "山门镇" in table.stdout and "大桥社区" in table.stdout


def test_every_plan_answers_and_names_its_other_tables(cli):
    for args, table in (
        (["hub-service", "--capacity", "1"], "assignment"),
        (["instructors", "--scope", "county"], "scopes"),
        (["social-work"], "counties"),
        (["density"], "counties"),
        (["joint-branches"], "branches"),
    ):
        res = cli(["plan", *args, "--data", PLANS])
        assert res.exit_code == 0, (args, res.output)
        assert f": {table}" in res.stdout
    res = cli(["plan", "hub-service", "--capacity", "1", "--data", PLANS, "--table", "compare",
               "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0 and res.stdout.splitlines()[0].startswith("county_code")
    res = cli(["plan", "instructors", "--data", PLANS, "--table", "assignment", "--format", "json"])
    assert (
        sorted(r["name"] for r in json.loads(res.stdout))
        == sorted(r["name"] for r in json.loads(res.stdout))
        and len(json.loads(res.stdout)) == 3
    )


def test_mistakes_are_one_line(cli):
    res = cli(["plan", "hubs", "--data", PLANS, "--add", "2", "--county", "火星县"])
    assert res.exit_code == 2 and "火星县" in res.stderr
    res = cli(["plan", "density", "--data", PLANS, "--table", "nope"])
    assert res.exit_code == 2 and "--table nope" in res.stderr
    res = cli(["plan", "hubs", "--data", PLANS, "--add", "-1"])
    assert res.exit_code == 2
