"""Charts and report sections for hubs, social work, linkage and cross-appointments.

The data is tests/data/handcheck-network (see tests/test_network_analyses.py and
tests/test_metrics.py for what every analysis returns on it, worked out by hand). The
expected headlines and row orders below follow from those rows:

- hubs: H1 H2 H3 H5 (3 hub, 1 support) cover C11 C12 C13 C21 C22 = 5 of 7 communities
  and T1 T2 = 2 of 3 townships; the gaps are T3 (2 communities) then C31, C32, both in T3.
- social work: urban 2 of 6 served, rural 0 of 1; to reach 100% and 33.3%:
  6 - 2 = 4 urban and ceil(0.333 * 1) - 0 = 1 rural community still to serve.
- linkage: linked C11 C21, unlinked C12, org_only C32, worker_only C13, none C22 C31.
- cross-appointments: P1 P2 P5 P6 tie C11 C12 C22 (none party to party: P1 and P5 to
  registered organizations, P2 and P6 to filed ones only); the appointments network has 4
  cut points (P5, PT, P1, P3). In the interlock network only PT lies between other bodies
  (on C21-C22 and C21-H3: 2 pairs, of the 3 its component of 4 bodies has: 2/3 within the
  component; v1 normalised over all 11 bodies, 2/45).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import graphgov  # noqa: E402
from graphgov.analyses.metrics import cut_points, node_metrics  # noqa: E402
from graphgov.analyses.network import network_metrics  # noqa: E402
from graphgov.analyses.projections import projection  # noqa: E402
from graphgov.meta import Targets  # noqa: E402
from graphgov.report import charts_linkage, charts_network, charts_reach  # noqa: E402
from graphgov.report.build import build_report, build_sections  # noqa: E402
from graphgov.report.document import write_report  # noqa: E402
from graphgov.report.sections_hubs import hubs_section  # noqa: E402
from graphgov.report.sections_linkage import linkage_section, social_work_section  # noqa: E402
from graphgov.report.sections_ties import busiest_county, cross_appointments_section  # noqa: E402

DATA = Path(__file__).parent / "data" / "handcheck-network"
C11, C12, C13 = "330106001001", "330106001002", "330106001201"
C21, C22, C31, C32 = "330106002001", "330106002002", "330106003001", "330106003002"
T3 = "330106003000"
COUNTY = "330106000000"
NAMES = {COUNTY: "西湖区"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def county_net(network_graph) -> nx.Graph:
    return projection(network_graph, "interlock", county="330106")


def _glyph_warnings(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _ticks(ax, axis: str = "y") -> list[str]:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def _widths(ax) -> list[float]:
    return [p.get_width() for p in ax.patches]


# --- charts -----------------------------------------------------------------------------


def test_hub_reach_chart(network_graph):
    fig, ax = charts_reach.hubs_by_reach(graphgov.hubs(network_graph))
    assert fig is ax.get_figure(root=True)
    # Most covered on top, drawn bottom-up: H5 (0), H2 (1, reaching 2), H3 (2), H1 (3).
    assert _ticks(ax) == ["H5", "H2", "H3", "H1"]
    # Covered bars, the reached-only parts (H2 supports X in C11), then the hatched
    # exclusive parts: H1 covers 3 (all exclusive), H3 2 (C22 exclusive), H2 1 (shared).
    assert _widths(ax) == [0, 1, 2, 3, 0, 1, 0, 0, 0, 0, 1, 3]
    assert [t.get_text() for t in ax.texts] == [" 0", " 1 (+1 reached)", " 2", " 3"]
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "枢纽型" in legend and "支持型" in legend
    assert _glyph_warnings(fig) == []


def test_hub_gap_counts_and_chart(network_graph):
    gaps = graphgov.hub_gaps(network_graph)
    counts = charts_reach.hub_gap_counts(gaps, NAMES)
    # No hub covers C31, C32 or their township T3.
    assert [tuple(r) for r in counts.itertuples(index=False)] == [(COUNTY, "西湖区", 2, 2, 0, 1)]
    fig, ax = charts_reach.hub_gaps_by_county(gaps, names=NAMES)
    assert _ticks(ax) == ["西湖区 330106"]
    assert _widths(ax) == [2, 0]  # in an uncovered township, missed in a covered one
    assert [t.get_text() for t in ax.texts] == [" 2 (1 township)"]
    assert _glyph_warnings(fig) == []


def test_hub_gap_counts_orders_counties_by_uncovered_communities():
    gaps = pd.DataFrame(
        {
            "region_code": ["330102001000", "330102001001", "330102002001", "330106001001"],
            "name": ["甲街道", "甲社区", "乙社区", "丙社区"],
            "level": ["township", "community", "community", "community"],
            "county_code": ["330102000000", "330102000000", "330102000000", "330106000000"],
            "communities": [1, 1, 1, 1],
        }
    )
    counts = charts_reach.hub_gap_counts(gaps, {"330102": "上城区"})
    assert [tuple(r) for r in counts.itertuples(index=False)] == [
        ("330102000000", "上城区", 2, 1, 1, 1),
        ("330106000000", "", 1, 0, 1, 0),
    ]


def test_social_work_chart(network_graph):
    fig, ax = charts_linkage.social_work_by_county(graphgov.social_work(network_graph))
    assert _ticks(ax) == ["西湖区 330106"]
    assert _widths(ax) == [pytest.approx(2 / 6), 0.0]  # urban, rural
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    # 西湖区 has 7 communities (6 urban, 1 rural), under 10: its bars are hatched and noted.
    assert labels == [
        "Urban 社区 (target 100%)",
        "Rural 村 (target 33.3%)",
        "Target",
        "Fewer than 10 communities (drawn last, hatched)",
    ]
    assert [p.get_hatch() for p in ax.patches] == ["////", "////"]
    assert _glyph_warnings(fig) == []


def test_linkage_chart(network_graph):
    fig, ax = charts_linkage.linkage_by_county(graphgov.linkage(network_graph, by="county"))
    assert _ticks(ax) == ["西湖区 330106"]
    # linked 2, unlinked 1, org_only 1, worker_only 1, none 2 of 7, stacked in that order
    assert _widths(ax) == pytest.approx([2 / 7, 1 / 7, 1 / 7, 1 / 7, 2 / 7])
    assert [t.get_text() for t in ax.texts] == [" 2/7 linked"]
    assert _glyph_warnings(fig) == []


def test_linkage_chart_puts_lowest_linked_share_on_top():
    rows = pd.DataFrame(
        {
            "county_code": ["330102000000", "330106000000"],
            "county_name": ["上城区", "西湖区"],
            "communities": [4, 10],
            "linked": [3, 1],
            "unlinked": [0, 1],
            "org_only": [1, 4],
            "worker_only": [0, 0],
            "none": [0, 4],
        }
    )
    fig, ax = charts_linkage.linkage_by_county(rows, normalize=False)
    assert _ticks(ax) == ["上城区 330102", "西湖区 330106"]  # 10% linked drawn at the top
    assert max(_widths(ax)) == 4


def test_interlock_drawing(county_net):
    cuts = cut_points(county_net)
    metrics, _ = node_metrics(county_net)
    fig, ax = charts_network.interlock_drawing(county_net, cuts=cuts, metrics=metrics)
    # Drawn: the component C21 - PT - {C22, H3}; the 7 other bodies are in pairs or alone.
    assert "not drawn: 7 bodies in groups of fewer than 3" in ax.get_title(loc="left")
    (nodes,) = ax.collections[1:]
    assert len(nodes.get_offsets()) == 4
    rings = [tuple(c) for c in nodes.get_edgecolors()]
    ringed = matplotlib.colors.to_rgba(charts_network.COLORS["benchmark"])
    assert rings.count(ringed) == 1  # PT, the one cut point
    assert {t.get_text() for t in ax.texts} == {"西溪社区", "文新社区", "H3", "PT党组织"}
    assert _glyph_warnings(fig) == []


def test_interlock_drawing_of_every_body_on_given_axes(county_net):
    fig, axes = plt.subplots(1, 2)
    got_fig, got_ax = charts_network.interlock_drawing(
        county_net, cuts=["party_org:PT"], min_size=1, labels=2, ax=axes[1]
    )
    assert got_fig is fig and got_ax is axes[1]
    assert len(got_ax.collections[1].get_offsets()) == 11
    assert len(got_ax.texts) == 2
    assert got_ax.get_legend() is not None  # inside, since the figure is shared


def test_network_layout_is_deterministic(county_net):
    first = charts_network.network_layout(county_net, seed=3)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(county_net.nodes, reverse=True))
    shuffled.add_edges_from(reversed(list(county_net.edges)))
    assert charts_network.network_layout(shuffled, seed=3) == first
    assert set(first) == set(county_net.nodes)


def test_charts_accept_empty_frames(network_graph):
    cases = (
        (charts_reach.hubs_by_reach, graphgov.hubs(network_graph)),
        (charts_reach.hub_gaps_by_county, graphgov.hub_gaps(network_graph)),
        (charts_linkage.social_work_by_county, graphgov.social_work(network_graph)),
        (charts_linkage.linkage_by_county, graphgov.linkage(network_graph, by="county")),
    )
    for chart, df in cases:
        fig, ax = chart(df.iloc[0:0])
        fig.canvas.draw()
    fig, ax = charts_network.interlock_drawing(nx.Graph())
    assert ax.texts[0].get_text() == "No data"


def test_charts_leave_rcparams_as_they_were(default_rcparams, network_graph, county_net):
    before = dict(matplotlib.rcParams)
    cases = (
        (charts_reach.hubs_by_reach, graphgov.hubs(network_graph)),
        (charts_reach.hub_gaps_by_county, graphgov.hub_gaps(network_graph)),
        (charts_linkage.social_work_by_county, graphgov.social_work(network_graph)),
        (charts_linkage.linkage_by_county, graphgov.linkage(network_graph, by="county")),
    )
    fig, axes = plt.subplots(1, len(cases) + 1)  # made before any chart, in the default font
    for (chart, df), ax in zip(cases, axes, strict=False):
        chart(df)
        chart(df.iloc[0:0])
        chart(df, ax=ax)
    charts_network.interlock_drawing(county_net)
    charts_network.interlock_drawing(nx.Graph())
    charts_network.interlock_drawing(county_net, min_size=1, ax=axes[-1])
    with pytest.raises(KeyError, match="communities_reached"):
        charts_reach.hubs_by_reach(graphgov.hubs(network_graph).drop(columns="communities_reached"))
    assert dict(matplotlib.rcParams) == before
    # The titles, labels and ticks the charts put on the given axes are in the CJK font.
    assert _glyph_warnings(fig) == []


# --- sections ---------------------------------------------------------------------------


def test_hubs_section(network_graph, network_ids):
    section = hubs_section(
        graphgov.hubs(network_graph),
        graphgov.hub_gaps(network_graph),
        graphgov.hub_overlap(network_graph),
        communities=7,
        townships=3,
        targets=Targets(),
        county_names=NAMES,
    )
    assert section.headline == (
        "Hubs cover 2 of 3 townships (66.7%, target 100%) and 5 of 7 communities "
        "(71.4%, target 100%): 4 active hub and support organizations (3 hub, 1 support); "
        "no hub covers 1 township and 2 communities"
    )
    tables = dict(section.tables)
    assert list(tables) == ["gaps", "counties", "hubs", "overlap"]
    gaps = tables["gaps"]
    assert gaps["region_code"].tolist() == [T3, C31, C32]  # a hub in T3 would cover 2
    assert set(gaps["county_name"]) == {"西湖区"}
    assert tables["hubs"]["name"].tolist() == ["H1", "H3", "H2", "H5"]  # most covered first
    assert tables["overlap"][["hub_a", "hub_b"]].values.tolist() == [
        [network_ids["H2"], network_ids["H3"]],  # both cover C21
        [network_ids["H1"], network_ids["H2"]],  # both reach C11, only H1 covers it
    ]
    assert [name for name, _ in section.charts] == ["hubs-reach.png", "hubs-gaps-by-county.png"]


def test_social_work_section(network_graph):
    section = social_work_section(graphgov.social_work(network_graph), network_graph.targets)
    assert section.headline == (
        "Social work serves 2 of 6 urban communities (33.3%, target 100%) and 0 of 1 "
        "rural communities (0.0%, target 33.3%); 1 of 1 county below target, 5 more "
        "communities to serve; served by an agency in the community 2, an agency-run "
        "station 0, a purchased service 0"
    )
    row = section.tables[0][1].iloc[0]
    assert (row["urban_needed"], row["rural_needed"], row["meets_targets"]) == (4, 1, False)


def test_social_work_section_orders_counties_below_target_first():
    # A: urban 2/2, rural 1/3 -> ceil(0.333 * 3) = 1 -> meets the targets.
    # B: urban 1/4 (3 to go), rural 0/0.  C: urban 3/4 (1), rural 0/6 (ceil(1.998) = 2).
    sw = pd.DataFrame(
        {
            "county_code": ["330102000000", "330106000000", "330108000000"],
            "county_name": ["上城区", "西湖区", "滨江区"],
            "urban_communities": [2, 4, 4],
            "urban_served": [2, 1, 3],
            "urban_share": [1.0, 0.25, 0.75],
            "rural_communities": [3, 0, 6],
            "rural_served": [1, 0, 0],
            "rural_share": [1 / 3, float("nan"), 0.0],
            "served_by_agency": [3, 1, 3],
            "served_by_station": [0, 0, 0],
            "served_by_purchase": [0, 0, 0],
        }
    )
    table = social_work_section(sw).tables[0][1]
    assert table[["county_name", "urban_needed", "rural_needed"]].values.tolist() == [
        ["西湖区", 3, 0],
        ["滨江区", 1, 2],  # 3 to go, tied with 西湖区: by code
        ["上城区", 0, 0],
    ]
    assert table["meets_targets"].tolist() == [False, False, True]


def test_linkage_section(network_graph):
    section = linkage_section(
        graphgov.linkage(network_graph, by="county"), graphgov.linkage_candidates(network_graph)
    )
    assert section.headline == (
        "2 of 7 communities (28.6%) link community, social organization and social worker "
        "with a community tie; 1 unlinked (organization and worker present, no tie), "
        "1 organization only, "
        "1 worker only, 2 neither"
    )
    tables = dict(section.tables)
    assert tables["counties"]["linked_share"].tolist() == [pytest.approx(2 / 7)]
    cand = tables["candidates"]
    # The name first, the counts, then the codes (no names given: ids only).
    assert [tuple(r) for r in cand.itertuples(index=False)] == [
        ("保俶社区", 1, 1, C12, ["Z"], ["W2"])
    ]


def test_linkage_section_orders_worst_county_and_readiest_community_first():
    by_county = pd.DataFrame(
        {
            "county_code": ["330102000000", "330106000000"],
            "county_name": ["上城区", "西湖区"],
            "communities": [4, 10],
            "linked": [3, 1],
            "unlinked": [1, 2],
            "org_only": [0, 3],
            "worker_only": [0, 0],
            "none": [0, 4],
        }
    )
    cand = pd.DataFrame(
        {
            "community_code": ["330102001001", "330106001001", "330106001002"],
            "community_name": ["甲社区", "乙社区", "丙社区"],
            "org_ids": [["A"], ["B", "C"], ["D"]],
            "worker_ids": [["W1"], ["W2"], ["W3"]],
        }
    )
    tables = dict(linkage_section(by_county, cand).tables)
    assert tables["counties"]["county_name"].tolist() == ["西湖区", "上城区"]  # 10% vs 75%
    assert tables["candidates"]["community_code"].tolist() == [
        "330106001001",  # 2 organizations + 1 worker
        "330102001001",
        "330106001002",
    ]


def test_linkage_candidates_of_any_list_dtype_become_readable_csv_cells(tmp_path):
    pa = pytest.importorskip("pyarrow")
    lists = pd.ArrowDtype(pa.list_(pa.string()))
    cand = pd.DataFrame(
        {
            "community_code": ["330106001002"],
            "community_name": ["保俶社区"],
            "org_ids": pd.Series([["Q", "Z"]], dtype=lists),
            "worker_ids": pd.Series([["W2"]], dtype=lists),
        }
    )
    by_county = pd.DataFrame(
        {"county_code": [COUNTY], "county_name": ["西湖区"], "communities": [1], "linked": [0]}
        | {s: [int(s == "unlinked")] for s in ("unlinked", "org_only", "worker_only", "none")}
    )
    section = linkage_section(by_county, cand)
    write_report([section], tmp_path, title="t")
    back = pd.read_csv(tmp_path / "linkage-candidates.csv", encoding="utf-8-sig")
    assert back[["org_ids", "worker_ids", "orgs"]].values.tolist() == [["Q;Z", "W2", 2]]


def test_busiest_county(network_graph):
    assert busiest_county(graphgov.cross_appointments(network_graph)) == COUNTY
    empty = pd.DataFrame({"person_id": [], "communities": []})
    assert busiest_county(empty) is None


def test_cross_appointments_section(network_graph, network_ids, county_net):
    interlock = network_metrics(network_graph, "interlock")
    local = network_metrics(network_graph, "interlock", county=COUNTY)
    section = cross_appointments_section(
        graphgov.cross_appointments(network_graph),
        graphgov.cross_appointment_ties(network_graph),
        interlock.nodes,
        cut_points(projection(network_graph, "appointments")),
        county_net=local.graph,
        county_label="西湖区 330106",
        county_cuts=local.cut_points,
        county_metrics=local.nodes,
        note=interlock.note,
    )
    assert section.headline == (
        "0 party-to-party cross-appointments (a community Party organization and a social "
        "organization's Party organization) among 4 cross-appointed persons (2 community to "
        "registered, 2 community to filed only), tying 3 communities to social "
        "organizations; 4 cut points (people or bodies whose removal cuts communities off "
        "from organizations)"
    )
    tables = dict(section.tables)
    assert list(tables) == ["types", "cut-points", "ties", "bodies", "persons", "network"]
    assert tables["types"][["type", "persons"]].values.tolist() == [
        ["party_to_party", 0],
        ["community_to_registered", 2],
        ["community_to_filed", 2],
    ]
    assert tables["cut-points"]["node"].tolist() == [
        "person:P5",
        "party_org:PT",
        "person:P1",
        "person:P3",
    ]
    # Communities held by one person first (the most fragile ties).
    assert tables["ties"][["community_code", "persons"]].values.tolist() == [
        [C11, 1],
        [C22, 1],
        [C12, 2],
    ]
    bodies = tables["bodies"]
    # PT alone lies between others; then by weighted degree (C12-PJ share 2 persons), key.
    # v2: PC11 is C11's own Party organization, merged into community:C11.
    assert bodies["node"].tolist() == [
        "party_org:PT",
        f"community:{C12}",
        f"community:{C22}",
        f"org:{network_ids['H3']}",
        "party_org:PJ",
        f"community:{C11}",
        f"community:{C21}",
        f"org:{network_ids['X']}",
        f"community:{C13}",
        f"org:{network_ids['S3']}",
        "org:Z",
    ]
    assert bodies["betweenness_pairs"].iloc[0] == 2
    assert bodies["betweenness"].iloc[0] == pytest.approx(2 / 3)
    # Louvain only on the one component of 3 or more bodies: C21 PT C22 H3.
    assert set(bodies.loc[bodies["louvain"].notna(), "node"]) == {
        f"community:{C21}", "party_org:PT", f"community:{C22}", f"org:{network_ids['H3']}",
    }  # fmt: skip
    # By type (registered first), then most bodies.
    assert tables["persons"]["person_id"].tolist() == ["P5", "P1", "P2", "P6"]
    network = dict(tables["network"].values.tolist())
    assert network["bodies with an active post"] == "11"
    assert network["bodies tied to another"] == "8"
    assert network["ties (pairs of bodies sharing persons)"] == "6"
    assert network["connected components"] == "6"
    assert network["Louvain communities (components of 3 or more bodies)"] == str(
        bodies["louvain"].nunique()
    )
    assert network["most central body (betweenness)"] == "PT党组织 (party_org:PT)"
    # Cost: 4 x 4 (C21 PT C22 H3) + 2 x 1 (C12 PJ) + 2 x 1 (C11 X); isolated bodies 0.
    assert network["betweenness"].startswith("exact (cost 20 within the budget of")
    ((name, fig),) = section.charts
    assert name == "cross-appointments-network.png"
    assert fig.axes[0].get_title(loc="left").startswith("Interlock network of 西湖区 330106")


# --- the whole report -------------------------------------------------------------------


def test_build_sections_in_report_order(network_graph):
    keys = [s.key for s in build_sections(network_graph)]
    assert keys == [
        "data",
        "coverage",
        "gaps",
        "density",
        "hubs",
        "social-work",
        "linkage",
        "funding",
        "facilities",
        "cross-appointments",
        "next",
    ]


def test_build_report_writes_every_section_and_chart(tmp_path):
    files = build_report(DATA, tmp_path / "out")
    page = files["report.html"].read_text(encoding="utf-8")
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert len(headings) == 11
    for title in (
        "支持型",
        "社会工作服务",
        "三社联动",
        "政府购买服务",
        "服务中心",
        "交叉任职",
        "下一步",
    ):
        assert any(title in h for h in headings)
    assert page.count('src="data:image/png;base64,') >= 6
    pngs = sorted(p.name for p in (tmp_path / "out").glob("*.png"))
    assert {
        "hubs-reach.png",
        "hubs-gaps-by-county.png",
        "social-work-by-county.png",
        "linkage-by-county.png",
        "cross-appointments-network.png",
    } <= set(pngs)
    assert (tmp_path / "out" / "linkage-candidates.csv").read_bytes().startswith(b"\xef\xbb\xbf")
