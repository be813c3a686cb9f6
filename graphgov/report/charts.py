"""Charts of analysis results, one function per chart, in one house style.

Every chart takes the DataFrame an analysis returned (datasets/README.md, Analysis definitions) and
``ax=None``, and returns ``(fig, ax)`` so notebooks can compose them (OSMnx
``plot.py``); the report module saves them. Titles, legends and axis labels are the
``coverage.chart.*``, ``density.chart.*`` and ``gaps.chart.*`` messages of the language in
use (:mod:`graphgov.report.i18n`; English outside a report build); Chinese place names are
tick labels such as ``'杭州市 330100'``, drawn with the CJK font of
:func:`graphgov.report.fonts.cjk_style`. Charts that rank groups draw the small ones
(fewer than :data:`~graphgov.report.chartkit.SMALL_GROUP` organizations or communities)
after the others, hatched, and say so in the legend.

The house style (palette, axes, titles, legends, the CJK font in a ``rc_context``) is
:mod:`graphgov.report.chartkit`; every chart here and in ``charts_network`` and
``charts_reach`` is a :func:`~graphgov.report.chartkit.house_style` function, so drawing
one leaves ``matplotlib.rcParams`` as they were.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.charts import coverage_by_city
>>> cov = pd.DataFrame({"group": ["330100000000"], "group_name": ["杭州市"], "orgs": [10],
...                     "org_covered": [8], "org_coverage": [0.8], "work_covered": [10],
...                     "work_coverage": [1.0]})
>>> fig, ax = coverage_by_city(cov)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from graphgov.meta import Targets
from graphgov.report.chartkit import (
    COLORS,
    SMALL_GROUP,
    axes_for,
    finish,
    house_style,
    legend_with,
    literal,
    mark_small,
    no_data,
    percent,
    rank_groups,
    small_handle,
)
from graphgov.report.charts_gaps import KIND_COLORS, gaps_by_category, gaps_by_manager
from graphgov.report.i18n import num, pct, t
from graphgov.report.summaries import region_label

# COLORS, legend_with, literal and percent live in chartkit; they stay importable from here,
# and the gaps charts (charts_gaps) too.
__all__ = [
    "COLORS",
    "KIND_COLORS",
    "coverage_by_city",
    "density_by_county",
    "gaps_by_category",
    "gaps_by_manager",
    "legend_with",
    "literal",
    "percent",
]

_WORK_MARKER = {
    "marker": "D",
    "s": 36,
    "color": COLORS["secondary"],
    "edgecolor": "white",
    "zorder": 3,
}
_FUNCTIONAL_BAR = {"color": "#9ECAE9", "hatch": "//", "edgecolor": "white", "linewidth": 0}
_TARGETS = Targets()  # the default benchmarks drawn on the coverage chart


def _functional_share(rows: pd.DataFrame) -> np.ndarray:
    """Each group's share with functional coverage only (0 without the column)."""
    if "functional_covered" not in rows.columns:
        return np.zeros(len(rows))
    orgs = rows["orgs"].to_numpy(dtype=float)
    return np.divide(
        rows["functional_covered"].to_numpy(dtype=float),
        orgs,
        out=np.zeros(len(rows)),
        where=orgs > 0,
    )


@house_style
def coverage_by_city(
    cov: pd.DataFrame,
    *,
    benchmark: float = _TARGETS.org_coverage_benchmark,
    national: float = _TARGETS.national_org_coverage,
    ax: Axes | None = None,
    sort: bool = True,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Organizational coverage per group as bars, functional coverage stacked on them
    (lighter, hatched), work coverage as markers, two benchmarks.

    Groups of fewer than :data:`~graphgov.report.chartkit.SMALL_GROUP` organizations (a
    province-level group of 2 at 100%) are drawn after all the others, a little apart,
    hatched and lighter, with a legend entry saying so: a rate of 2 organizations never
    leads the chart.

    Parameters
    ----------
    cov
        Rows of the `coverage` analysis: ``group, group_name, orgs, org_covered,
        org_coverage, functional_covered, work_covered, work_coverage`` (rates 0..1;
        without ``functional_covered`` nothing is stacked), one per city. Any ``--by``
        level works: more than 15 groups are drawn as horizontal bars.
    benchmark, national
        Zhejiang's 2018 and the national 2017 organizational coverage, drawn as lines
        (by default :class:`~graphgov.meta.Targets`' ``org_coverage_benchmark`` and
        ``national_org_coverage``).
    ax
        Axes to draw on; a new figure when None.
    sort
        Rank groups by organizational coverage, highest first (small groups last); else
        keep ``cov``'s order (small groups still hatched).
    title
        The chart title (default: message ``coverage.chart.title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = title or t("coverage.chart.title")
    n = len(cov)
    flat = n > 15  # many groups (counties): horizontal bars, one group per line
    fig, ax = axes_for(ax, (9.0, 0.32 * n + 2.0) if flat else (max(8.0, 0.75 * n + 2.5), 5.5))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    if sort:
        rows, few = rank_groups(cov, "org_coverage", "orgs")
    else:
        rows, few = cov, (cov["orgs"].fillna(0) < SMALL_GROUP).to_numpy(dtype=bool)
    labels = [
        literal(region_label(g, name))
        for g, name in zip(rows["group"], rows["group_name"], strict=True)
    ]
    # Small groups last stand a little apart from the others.
    apart = np.arange(n) + np.where(few, 0.5, 0.0) if sort else np.arange(n, dtype=float)
    pos = apart.max() - apart if flat else apart  # first row at the top or the left
    org, work = rows["org_coverage"].to_numpy(), rows["work_coverage"].to_numpy()
    func = _functional_share(rows)
    if flat:
        bars = ax.barh(pos, org, height=0.65, color=COLORS["primary"])
        extra = ax.barh(pos, func, left=org, height=0.65, **_FUNCTIONAL_BAR)
        work_marks = ax.scatter(work, pos, **_WORK_MARKER)
        ax.set_yticks(pos, labels)
        ax.set_ylim(-0.6, pos.max() + 0.6)
        ax.set_xlim(0, 1.05)
        value_axis, line = ax.xaxis, ax.axvline
    else:
        bars = ax.bar(pos, org, width=0.65, color=COLORS["primary"])
        extra = ax.bar(pos, func, bottom=org, width=0.65, **_FUNCTIONAL_BAR)
        work_marks = ax.scatter(pos, work, **_WORK_MARKER)
        values = [
            t("coverage.chart.small_value", share=pct(v), n=num(size)) if is_small else pct(v)
            for v, size, is_small in zip(org, rows["orgs"], few, strict=True)
        ]
        ax.bar_label(bars, labels=values, fontsize=9)
        ax.set_xticks(pos, [label.replace(" ", "\n", 1) for label in labels])
        ax.set_xlim(-0.6, pos.max() + 0.6)
        ax.set_ylim(0, 1.05)
        value_axis, line = ax.yaxis, ax.axhline
    mark_small(bars, few)
    bars.set_label(t("coverage.chart.org_bar"))
    work_marks.set_label(t("coverage.chart.work"))
    handles = [bars]
    if func.any():
        extra.set_label(t("coverage.chart.functional_bar"))
        handles.append(extra)
    if few.any():
        handles.append(small_handle(t("coverage.chart.small_what")))
    handles.append(work_marks)
    for value, color, text in (
        (benchmark, COLORS["benchmark"], t("coverage.chart.benchmark", value=pct(benchmark))),
        (national, COLORS["national"], t("coverage.chart.national", value=pct(national))),
    ):
        handles.append(
            line(value, color=color, linestyle="--", linewidth=1.2, label=text, zorder=2)
        )
    value_axis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x" if flat else "y", color="0.9")
    legend_with(ax, handles, ncols=2)
    share = t("coverage.chart.axis")
    finish(ax, title=title, xlabel=share if flat else "", ylabel="" if flat else share)
    return fig, ax


@house_style
def density_by_county(
    table: pd.DataFrame,
    *,
    targets: Targets | None = None,
    ax: Axes | None = None,
    limit: int | None = 30,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Per county, the average of community organizations per urban and per rural
    community, each against its target (a dashed mark), labelled with the shortfall.

    Counties rank by shortfall, largest first; a county of fewer than
    :data:`~graphgov.report.chartkit.SMALL_GROUP` communities (its averages rest on a
    handful) comes after the others, hatched and lighter, with a legend entry saying so.

    Parameters
    ----------
    table
        Rows of ``density --by county``: ``county_code, county_name, urban_communities,
        urban_average, urban_shortfall`` and the same for rural, ``communities`` and
        ``shortfall``, among others.
    targets
        The per-community average targets drawn (default :class:`~graphgov.meta.Targets`).
    ax
        Axes to draw on; a new figure when None.
    limit
        Show only the first ``limit`` counties in that order (None: all).
    title
        The chart title (default: message ``density.chart.title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = title or t("density.chart.title")
    minimum = {
        "urban": (targets or _TARGETS).community_urban_min,
        "rural": (targets or _TARGETS).community_rural_min,
    }
    total = len(table)
    table, few = rank_groups(table, "shortfall", "communities", keys=("county_code",))
    if limit is not None and total > limit:
        table, few = table.head(limit), few[:limit]
        title = t("density.chart.limited", title=title, limit=limit, total=total)
    n = len(table)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.42 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    table, few = table.iloc[::-1], few[::-1]  # the first county at the top
    y = np.arange(n)
    height = 0.38
    handles = []
    for offset, area in ((height / 2, "urban"), (-height / 2, "rural")):
        label = t(f"density.chart.{area}", n=minimum[area])
        average = table[f"{area}_average"].astype(float)
        bars = ax.barh(
            y + offset, average.fillna(0), height=height, color=COLORS[area], label=label
        )
        mark_small(bars, few)
        texts = [
            f" {a:.1f}" + (t("density.chart.short", n=num(s)) if s else "") if c else ""
            for a, s, c in zip(
                average, table[f"{area}_shortfall"], table[f"{area}_communities"], strict=True
            )
        ]
        ax.bar_label(
            bars,
            labels=texts,
            padding=3,
            fontsize=8,
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=4,
        )
        mark = ax.vlines(
            [minimum[area]] * n,
            y + offset - height / 2,
            y + offset + height / 2,
            colors=COLORS["benchmark"],
            linestyles="--",
            linewidth=1.2,
            label=t("density.chart.target"),
        )
        handles.append(bars)
    labels = [
        literal(region_label(c, name))
        for c, name in zip(table["county_code"], table["county_name"], strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, n - 0.4)
    widest = np.nanmax(
        [*table["urban_average"].astype(float), *table["rural_average"].astype(float), 0.0]
    )
    ax.set_xlim(0, max(widest, *minimum.values()) * 1.35)
    ax.grid(axis="x", color="0.9")
    handles.append(mark)
    if few.any():
        handles.append(small_handle(t("density.chart.small_what")))
    legend_with(ax, handles, ncols=3)
    finish(ax, title=title, xlabel=t("density.chart.axis"))
    return fig, ax
