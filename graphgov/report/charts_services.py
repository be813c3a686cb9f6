"""Charts of services bought and places built: government purchase of services per county,
service centres per level against the seed's claims.

Same contract and house style (:mod:`graphgov.report.chartkit`) as
:mod:`graphgov.report.charts`: each chart takes the DataFrame an analysis returned
(datasets/README.md, Analysis definitions, §4.11-§4.12) and ``ax=None``, and returns
``(fig, ax)``. Their words come from the ``funding`` and ``facilities`` areas of the
message catalogue, in the language in use (:mod:`graphgov.report.i18n`); groups are ranked
by value with small groups (fewer than 10 projects or units) last and hatched
(:func:`graphgov.report.chartkit.rank_groups`).

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
    counted,
    county_labels,
    finish,
    house_style,
    legend_with,
    limited,
    mark_small,
    no_data,
    percent,
    rank_groups,
    small_handle,
    solid_handle,
)
from graphgov.report.i18n import has, t

__all__ = ["facilities_by_level", "funding_by_county", "level_label"]


def level_label(level: str) -> str:
    """A level of the `facilities` analysis as the chart and the report name it
    (``facilities.level.<level>``), else the level itself.

    >>> level_label("urban_community"), level_label("province")
    ('Urban communities 城市社区', 'province')
    """
    key = f"facilities.level.{level}"
    return t(key) if has(key) else level


@house_style
def funding_by_county(
    funding: pd.DataFrame,
    *,
    limit: int | None = 30,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Per county, the amount of the active purchased services, the part going to
    communities that miss a target drawn darker (largest amount at the top; counties with
    fewer than 10 projects after the others, hatched).

    Parameters
    ----------
    funding
        Rows of the `funding` analysis (the county rows are drawn).
    limit
        Show only the ``limit`` counties first in that order (None: all).
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title; None: ``funding.chart_title`` of the catalogue.

    Returns
    -------
    (Figure, Axes)
    """
    title = t("funding.chart_title") if title is None else title
    rows = funding[funding["level"] == "county"]
    rows, few = rank_groups(rows, "amount_cny", "projects", keys=("region_code",))
    rows, title = limited(rows, limit, title, t("funding.chart_largest"))
    few = few[: len(rows)]
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.36 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows, few = rows.iloc[::-1], few[::-1]
    y = np.arange(n)
    amount = rows["amount_cny"].astype(float).fillna(0).to_numpy() / 1e4  # 万元
    to_gap = amount * rows["share_to_gap_communities"].astype(float).fillna(0).to_numpy()
    gap = ax.barh(y, to_gap, height=0.65, color=COLORS["benchmark"])
    rest = ax.barh(y, amount - to_gap, left=to_gap, height=0.65, color=COLORS["grey"])
    for bars in (gap, rest):
        mark_small(bars, few)
    labels = []
    for p, s in zip(rows["projects"], rows["share_to_gap_communities"], strict=True):
        projects = counted("funding.n_projects_short", int(p))
        if pd.notna(s):
            labels.append(t("funding.chart_bar", projects=projects, share=f"{s:.0%}"))
        else:
            labels.append(t("funding.chart_bar_no_share", projects=projects))
    ax.bar_label(rest, labels=labels, fontsize=8)
    ax.set_yticks(y, county_labels(rows["region_code"], rows["name"]))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1.0, float(amount.max())) * 1.35)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="x", color="0.9")
    gap.set_label(t("funding.chart_to_gaps"))
    rest.set_label(t("funding.chart_elsewhere"))
    handles = [solid_handle(gap), solid_handle(rest)]
    if few.any():
        handles.append(small_handle(t("funding.chart_small_what")))
    legend_with(ax, handles, ncols=1)
    finish(ax, title=title, xlabel=t("funding.chart_xlabel"))
    return fig, ax


@house_style
def facilities_by_level(
    facilities: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Per level, the share of units with a social-organization service centre and with a
    Party-mass service centre, the seed's claim for service centres drawn as a dashed mark.

    Levels are ranked by their service-centre share, highest at the top; a level of fewer
    than 10 units (the cities and counties of a small dataset) comes after the others,
    hatched, so that 2 of 2 cities never lead the chart.

    Parameters
    ----------
    facilities
        Rows of the `facilities` analysis.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title; None: ``facilities.chart_title`` of the catalogue.

    Returns
    -------
    (Figure, Axes)
    """
    title = t("facilities.chart_title") if title is None else title
    rows = facilities[facilities["units"] > 0]
    rows = rows.assign(_share=rows["with_service_center"] / rows["units"])
    rows, few = rank_groups(rows, "_share", "units")
    n = len(rows)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.7 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows, few = rows.iloc[::-1], few[::-1]
    y = np.arange(n)
    units = rows["units"].to_numpy()
    height = 0.38
    centre = rows["with_service_center"].to_numpy() / units
    mass = rows["with_party_mass_center"].to_numpy() / units
    bars = [
        ax.barh(y + height / 2, centre, height=height, color=COLORS["primary"],
                label=t("facilities.chart_service_center")),
        ax.barh(y - height / 2, mass, height=height, color=COLORS["secondary"],
                label=t("facilities.chart_party_mass_center")),
    ]  # fmt: skip
    for b, counts in zip(bars, ("with_service_center", "with_party_mass_center"), strict=True):
        mark_small(b, few)
        ax.bar_label(
            b,
            labels=[f" {k:,}/{u:,}" for k, u in zip(rows[counts], units, strict=True)],
            fontsize=8,
        )
    claims = [CLAIMS.get(level) for level in rows["level"]]
    for yi, claim in zip(y, claims, strict=True):
        if claim is not None:
            ax.vlines(claim, yi, yi + height, colors=COLORS["benchmark"], linestyles="--")
    ax.set_yticks(y, [level_label(lv) for lv in rows["level"]])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, 1.2)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color="0.9")
    text = t("facilities.chart_claim", full=percent(1.0), half=percent(0.5))
    claim = Line2D([], [], color=COLORS["benchmark"], linestyle="--", label=text)
    handles = [*map(solid_handle, bars), claim]
    if few.any():
        handles.append(small_handle(t("facilities.chart_small_what")))
    legend_with(ax, handles, ncols=1)
    finish(ax, title=title, xlabel=t("facilities.chart_xlabel"))
    return fig, ax
