"""Report sections and charts of funding and facilities, on tests/data/v2-social (the figures
are worked out in tests/test_v2_social.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import cbook  # noqa: E402

import graphgov  # noqa: E402
from graphgov.report import charts_services  # noqa: E402
from graphgov.report.chartkit import literal  # noqa: E402
from graphgov.report.sections_services import facilities_section, funding_section  # noqa: E402

DATA = Path(__file__).parent / "data" / "v2-social"


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return graphgov.open(DATA)


def test_funding_section(g):
    section = funding_section(graphgov.run_analysis(g, "funding"))
    assert section.headline == (
        "65.0% of ¥200,000 in 5 active purchased-service projects goes to communities "
        "missing a target (density, hub coverage or linkage); 4 providers, 3 communities "
        "served, 1 county"
    )
    tables = dict(section.tables)
    assert tables["counties"]["region_code"].tolist() == ["330106000000"]
    # Lowest share to gap communities first: 北山街道 (0) before 双浦镇 (130/150).
    assert tables["townships"]["name"].tolist() == ["北山街道", "双浦镇"]
    ((name, fig),) = section.charts
    assert name == "funding-by-county.png"
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == pytest.approx([13.0, 7.0])  # 万元: 130,000 to gaps, 70,000 elsewhere
    plt.close(fig)


def test_funding_section_without_projects():
    network = graphgov.open(DATA.parent / "handcheck-network")  # no purchased service
    empty = graphgov.run_analysis(network, "funding")
    section = funding_section(empty)
    assert section.headline == "No active purchased service (政府购买服务项目) in the data"
    plt.close(section.charts[0][1])


def test_facilities_section(g):
    section = facilities_section(graphgov.run_analysis(g, "facilities"))
    assert section.headline == (
        "Social-organization service centres: cities 1 of 1 (100.0%, seed: 100%), counties "
        "1 of 1 (100.0%, seed: 100%), streets 1 of 2 (50.0%, seed: 50%), urban communities "
        "0 of 3 (0.0%, seed: 50%); the claim is not met at 1 of 4 levels"
    )
    levels = dict(section.tables)["levels"]
    # No claim for townships as a whole: neither met nor missed.
    assert levels["meets_claim"].isna().tolist() == [False, False, True, False, False]
    assert levels["meets_claim"].dropna().tolist() == [True, True, True, False]
    plt.close(section.charts[0][1])


def test_funding_chart_draws_math_names_literally():
    rows = pd.DataFrame(
        {"region_code": ["330106000000"], "name": ["$x^2$区"], "level": ["county"],
         "projects": [1], "amount_cny": [10000.0], "providers": [1],
         "communities_served": [1], "share_to_gap_communities": [1.0]}
    )  # fmt: skip
    fig, ax = charts_services.funding_by_county(rows)
    drawn = [t.get_text() for t in ax.get_yticklabels()]
    assert drawn == [literal("$x^2$区 330106")]
    assert not any(cbook.is_math_text(t) for t in drawn)
    plt.close(fig)
