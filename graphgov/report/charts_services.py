"""Charts of services bought and places built: government purchase of services per county,
service centres per level against the seed's claims.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: each chart takes the DataFrame an analysis returned
(datasets/README.md, Analysis definitions, §4.11-§4.12) and ``ax=None``, and returns
``(fig, ax)``.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"region_code": ["330106000000"], "name": ["西湖区"],
...                      "level": ["county"], "projects": [3], "amount_cny": [150000.0],
...                      "providers": [2], "communities_served": [2],
...                      "share_to_gap_communities": [0.5]})
>>> fig, ax = funding_by_county(rows)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, PercentFormatter

from graphgov.analyses.facilities import CLAIMS
from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    finish,
    house_style,
    legend_with,
    literal,
    no_data,
    percent,
)
from graphgov.report.summaries import region_label

__all__ = ["LEVEL_LABELS", "facilities_by_level", "funding_by_county"]

#: Rows of the `facilities` analysis, as the chart and the report name them.
LEVEL_LABELS: dict[str, str] = {
    "city": "Cities 市",
    "county": "Counties 县(市、区)",
    "township": "Townships 乡镇(街道)",
    "street": "Streets 街道",
    "urban_community": "Urban communities 城市社区",
}


@house_style
def funding_by_county(
    funding: pd.DataFrame,
    *,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str = "Government purchase of services (政府购买服务), by county",
) -> tuple[Figure, Axes]:
    """Per county, the amount of the active purchased services, the part going to
    communities that miss a target drawn darker (largest amount at the top).

    Parameters
    ----------
    funding
        Rows of the `funding` analysis (the county rows are drawn).
    limit
        Show only the ``limit`` counties with the largest amount (None: all).
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    rows = funding[funding["level"] == "county"]
    rows = rows.sort_values(["amount_cny", "region_code"], ascending=[False, True])
    if limit is not None and len(rows) > limit:
        title = f"{title} ({limit} largest of {len(rows)})"
        rows = rows.head(limit)
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = rows.iloc[::-1]
    y = np.arange(n)
    amount = rows["amount_cny"].astype(float).fillna(0).to_numpy() / 1e4  # 万元
    to_gap = amount * rows["share_to_gap_communities"].astype(float).fillna(0).to_numpy()
    gap = ax.barh(y, to_gap, height=0.65, color=COLORS["benchmark"])
    rest = ax.barh(y, amount - to_gap, left=to_gap, height=0.65, color=COLORS["grey"])
    shares = rows["share_to_gap_communities"]
    ax.bar_label(
        rest,
        labels=[f" {p} projects" + (f", {s:.0%} to gaps" if pd.notna(s) else "")
                for p, s in zip(rows["projects"], shares, strict=True)],
        fontsize=8,
    )  # fmt: skip
    ax.set_yticks(
        y,
        [
            literal(region_label(c, m))
            for c, m in zip(rows["region_code"], rows["name"], strict=True)
        ],
    )
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1.0, float(amount.max())) * 1.35)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="x", color="0.9")
    gap.set_label("To communities missing a target (density, hub coverage or linkage)")
    rest.set_label("Elsewhere (other communities, townships)")
    legend_with(ax, [gap, rest], ncols=1)
    finish(ax, title=title, xlabel="Amount of active projects (10,000 CNY, 万元)")
    return fig, ax


@house_style
def facilities_by_level(
    facilities: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str = "Service centres per level, against the seed's claims",
) -> tuple[Figure, Axes]:
    """Per level, the share of units with a social-organization service centre and with a
    Party-mass service centre, the seed's claim for service centres drawn as a dashed mark.

    Parameters
    ----------
    facilities
        Rows of the `facilities` analysis.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    rows = facilities[facilities["units"] > 0]
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.7 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = rows.iloc[::-1]
    y = np.arange(n)
    units = rows["units"].to_numpy()
    height = 0.38
    centre = rows["with_service_center"].to_numpy() / units
    mass = rows["with_party_mass_center"].to_numpy() / units
    bars = [
        ax.barh(y + height / 2, centre, height=height, color=COLORS["primary"],
                label="Social-organization service centre 社会组织服务中心"),
        ax.barh(y - height / 2, mass, height=height, color=COLORS["secondary"],
                label="Party-mass service centre 党群服务中心"),
    ]  # fmt: skip
    for b, counts in zip(bars, ("with_service_center", "with_party_mass_center"), strict=True):
        ax.bar_label(
            b,
            labels=[f" {k:,}/{u:,}" for k, u in zip(rows[counts], units, strict=True)],
            fontsize=8,
        )
    claims = [CLAIMS.get(level) for level in rows["level"]]
    for yi, claim in zip(y, claims, strict=True):
        if claim is not None:
            ax.vlines(claim, yi, yi + height, colors=COLORS["benchmark"], linestyles="--")
    ax.set_yticks(y, [LEVEL_LABELS.get(lv, lv) for lv in rows["level"]])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, 1.2)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color="0.9")
    text = f"Seed's claim for service centres ({percent(1.0)} or {percent(0.5)})"
    claim = Line2D([], [], color=COLORS["benchmark"], linestyle="--", label=text)
    legend_with(ax, [*bars, claim], ncols=1)
    finish(ax, title=title, xlabel="Share of units (with / units)")
    return fig, ax
