"""The what-to-do-next section (下一步) on tests/data/plans, whose answers are worked out in
its README.md: new hubs at 山门镇 (4 communities), 凤卧镇 (2) and 怀溪镇 (2, the tie with
闹村乡 going to the lower code); 3 organizations needing an instructor (one instructor for
the county at 5 each); 3 urban and ceil(13/3) = 5 rural communities to serve; a shortfall of
3×15 − 0 + 13×5 − 2 = 108 organizations, all 16 communities to raise; a new joint branch in
山门镇 and one joining the existing branch of 南雁镇."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from graphgov.graph import open_graph  # noqa: E402
from graphgov.report.i18n import language  # noqa: E402
from graphgov.report.sections_next import next_section  # noqa: E402

PLANS = Path(__file__).parent / "data" / "plans"


def test_the_headline_and_the_actions_by_name():
    g = open_graph(PLANS)
    with language("zh"):
        s = next_section(g)
    assert s.title == "下一步"
    assert s.headline == (
        "每县新建3个街道（乡镇）枢纽型社会组织（共3处）可新覆盖社区8个；需党建工作指导员1名"
        "（服务3家社会组织）；尚需社会工作服务的社区8个；社区社会组织平均缺口108个（需提升16个"
        "社区）；可组建或加入联合党支部2个"
    )
    tables = dict(s.tables)
    assert tables["new-hubs"]["name"].tolist() == ["山门镇", "凤卧镇", "怀溪镇"]
    assert tables["new-hubs"]["new_community_names"].iloc[1] == ["平凤村委会", "凤林村委会"]
    branches = tables["joint-branches-to-form"]
    formed = branches[branches["group_id"].notna()]
    assert formed["township_name"].tolist() == ["山门镇", "南雁镇"]
    assert formed["existing_name"].fillna("").tolist() == ["", "中共南雁镇社会组织联合支部委员会"]


def test_the_report_ends_with_it(cli, tmp_path):
    res = cli(["report", "all", "--data", str(PLANS), "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert md.rindex("## 下一步") > md.index("## 交叉任职")
    assert (tmp_path / "r" / "next-new-hubs.csv").exists()
