"""Charts of analysis results, one function per chart, in one house style.

Every chart takes the DataFrame an analysis returned (datasets/README.md, Analysis definitions) and
``ax=None``, and returns ``(fig, ax)`` so notebooks can compose them (OSMnx
``plot.py``); the report module saves them. Titles are English; Chinese place names
are tick labels such as ``'杭州市 330100'``, drawn with the CJK font of
:func:`graphgov.report.fonts.cjk_style`.

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
from matplotlib.ticker import MaxNLocator, PercentFormatter

from graphgov.meta import Targets
from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    finish,
    house_style,
    legend_below,
    legend_with,
    literal,
    no_data,
    percent,
)
from graphgov.report.summaries import GAP_LABELS, gap_counts, region_label

# COLORS, legend_with, literal and percent live in chartkit; they stay importable from here.
__all__ = [
    "COLORS",
    "coverage_by_city",
    "density_by_county",
    "gaps_by_category",
    "gaps_by_manager",
    "legend_with",
    "literal",
    "percent",
]

#: One colour per organization kind (stacked bars).
KIND_COLORS: dict[str, str] = {
    "social_group": "#0072B2",
    "social_service": "#E69F00",
    "foundation": "#CC79A7",
    "community": "#009E73",
}
KIND_LABELS: dict[str, str] = {
    "social_group": "Social group 社会团体",
    "social_service": "Social service agency 社会服务机构",
    "foundation": "Foundation 基金会",
    "community": "Community organization 社区社会组织",
}
_WORK_MARKER = {
    "marker": "D",
    "s": 36,
    "color": COLORS["secondary"],
    "edgecolor": "white",
    "zorder": 3,
    "label": "Work coverage (incl. liaison or instructor)",
}
_FUNCTIONAL_BAR = {"color": "#9ECAE9", "hatch": "//", "edgecolor": "white", "linewidth": 0}
_TARGETS = Targets()  # the default benchmarks drawn on the coverage chart
_FORM_SHORT = {"branch": "branch", "general_branch": "general br.", "committee": "committee"}


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
    title: str = "Party organizational coverage of social organizations",
) -> tuple[Figure, Axes]:
    """Organizational coverage per group as bars, functional coverage stacked on them
    (lighter, hatched), work coverage as markers, two benchmarks.

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
        Order groups by organizational coverage, highest first; else keep ``cov``'s order.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    n = len(cov)
    flat = n > 15  # many groups (counties): horizontal bars, one group per line
    fig, ax = axes_for(ax, (9.0, 0.32 * n + 2.0) if flat else (max(8.0, 0.75 * n + 2.5), 5.5))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    rows = cov.sort_values("org_coverage", ascending=False, kind="stable") if sort else cov
    labels = [
        literal(region_label(g, name))
        for g, name in zip(rows["group"], rows["group_name"], strict=True)
    ]
    pos = np.arange(n)[::-1] if flat else np.arange(n)  # first row at the top or the left
    org, work = rows["org_coverage"].to_numpy(), rows["work_coverage"].to_numpy()
    func = _functional_share(rows)
    if flat:
        bars = ax.barh(pos, org, height=0.65, color=COLORS["primary"])
        extra = ax.barh(pos, func, left=org, height=0.65, **_FUNCTIONAL_BAR)
        ax.scatter(work, pos, **_WORK_MARKER)
        ax.set_yticks(pos, labels)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, 1.05)
        value_axis, line = ax.xaxis, ax.axvline
    else:
        bars = ax.bar(pos, org, width=0.65, color=COLORS["primary"])
        extra = ax.bar(pos, func, bottom=org, width=0.65, **_FUNCTIONAL_BAR)
        ax.scatter(pos, work, **_WORK_MARKER)
        ax.bar_label(bars, labels=[f"{v:.0%}" for v in org], fontsize=9)
        ax.set_xticks(pos, [label.replace(" ", "\n", 1) for label in labels])
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_ylim(0, 1.05)
        value_axis, line = ax.yaxis, ax.axhline
    bars.set_label("Organizational coverage (own or joint formal Party organization)")
    if func.any():
        extra.set_label("Functional or extended Party organization only")
    for value, color, text in (
        (benchmark, COLORS["benchmark"], f"Zhejiang 2018 benchmark {benchmark:.1%}"),
        (national, COLORS["national"], f"National 2017 {national:.1%}"),
    ):
        line(value, color=color, linestyle="--", linewidth=1.2, label=text, zorder=2)
    value_axis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x" if flat else "y", color="0.9")
    legend_below(ax, ncols=2)
    share = "Share of active registered organizations"
    finish(ax, title=title, xlabel=share if flat else "", ylabel="" if flat else share)
    return fig, ax


@house_style
def density_by_county(
    table: pd.DataFrame,
    *,
    targets: Targets | None = None,
    ax: Axes | None = None,
    limit: int | None = 30,
    title: str = "Community organizations per community against the average target, by county",
) -> tuple[Figure, Axes]:
    """Per county, the average of community organizations per urban and per rural
    community, each against its target (a dashed mark), labelled with the shortfall.

    Parameters
    ----------
    table
        Rows of ``density --by county``: ``county_code, county_name, urban_communities,
        urban_average, urban_shortfall`` and the same for rural, among others, the
        largest shortfall first.
    targets
        The per-community average targets drawn (default :class:`~graphgov.meta.Targets`).
    ax
        Axes to draw on; a new figure when None.
    limit
        Show only the first ``limit`` counties, those with the largest shortfall (None: all).
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    minimum = {
        "urban": (targets or _TARGETS).community_urban_min,
        "rural": (targets or _TARGETS).community_rural_min,
    }
    total = len(table)
    if limit is not None and total > limit:
        table = table.head(limit)
        title = f"{title} ({limit} largest shortfalls of {total})"
    n = len(table)
    fig, ax = axes_for(ax, (9.0, max(3.5, 0.42 * n + 1.8)))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    table = table.iloc[::-1]  # largest shortfall at the top
    y = np.arange(n)
    height = 0.38
    handles = []
    for offset, area in ((height / 2, "urban"), (-height / 2, "rural")):
        label = f"{'Urban 社区' if area == 'urban' else 'Rural 村'} (≥{minimum[area]} on average)"
        average = table[f"{area}_average"].astype(float)
        bars = ax.barh(
            y + offset, average.fillna(0), height=height, color=COLORS[area], label=label
        )
        texts = [
            f" {a:.1f}" + (f" ({s:,} short)" if s else "") if c else ""
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
            label="Target",
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
    legend_with(ax, [*handles, mark], ncols=3)
    finish(ax, title=title, xlabel="Community organizations per community (average)")
    return fig, ax


@house_style
def gaps_by_category(
    gaps: pd.DataFrame,
    *,
    by_kind: bool = True,
    ax: Axes | None = None,
    title: str = "Organizations without a Party organization, by what they need",
) -> tuple[Figure, Axes]:
    """Counts of uncovered organizations per gap category, stacked by kind.

    Parameters
    ----------
    gaps
        Rows of the `gaps` analysis: ``org_id, name, kind, region_code, party_members,
        work_covered, gap`` with ``gap`` in ``must_form, joint_candidate,
        needs_instructor, instructed``; with ``suggested_form`` the must-form label
        says how many of each form are due.
    by_kind
        Stack the bars by organization kind.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    fig, ax = axes_for(ax, (9.0, 5.0))
    counts = gap_counts(gaps, by_kind=by_kind)
    order = [k for k in KIND_COLORS if k in counts.columns]
    counts = counts[order + [k for k in counts.columns if k not in order]]
    x = np.arange(len(counts))
    bottom = np.zeros(len(counts))
    for kind in counts.columns:
        values = counts[kind].to_numpy()
        ax.bar(
            x,
            values,
            bottom=bottom,
            width=0.6,
            color=KIND_COLORS.get(kind, COLORS["primary"]),
            label=literal(KIND_LABELS.get(kind, kind)),
        )
        bottom += values
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(
            f"{int(total):,}",
            (xi, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=10,
        )
    ax.set_xticks(x, [literal(_gap_label(g, gaps)) for g in counts.index])
    ax.set_ylim(0, max(1.0, bottom.max()) * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="0.9")
    if by_kind and len(counts.columns) > 1:
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles, labels, loc="upper center", ncols=min(3, len(labels)), fontsize=9)
    finish(ax, title=title, ylabel="Organizations")
    return fig, ax


def _gap_label(gap: str, gaps: pd.DataFrame) -> str:
    """The tick label of a gap category; for ``must_form``, with the suggested forms."""
    label = GAP_LABELS.get(gap, gap)
    if gap != "must_form" or "suggested_form" not in gaps.columns:
        return label
    n = gaps["suggested_form"].value_counts()
    forms = [f"{int(n[f])} {short}" for f, short in _FORM_SHORT.items() if n.get(f, 0)]
    return label + ("\n" + ", ".join(forms) if forms else "")


@house_style
def gaps_by_manager(
    gaps: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str = "Organizations without a Party organization, by responsible body",
) -> tuple[Figure, Axes]:
    """Gap counts of the `top` responsible Party organizations with most gaps, as
    horizontal bars stacked by gap category (most gaps at the top).

    Parameters
    ----------
    gaps
        Rows of the `gaps` analysis with ``manager_id, manager_name`` (missing: no
        responsible Party organization, drawn as "none").
    top
        How many responsible Party organizations to draw.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title.

    Returns
    -------
    (Figure, Axes)
    """
    key = gaps["manager_id"].astype(object).where(gaps["manager_id"].notna(), "none")
    table = pd.crosstab(key, gaps["gap"]) if len(gaps) else pd.DataFrame()
    table = table.reindex(columns=list(GAP_LABELS), fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    n = len(table)
    fig, ax = axes_for(ax, (9.0, 0.4 * n + 2.2))
    if n == 0:
        no_data(ax, title)
        return fig, ax
    names = gaps["manager_name"].astype(object).groupby(key).first()
    labels = [literal(str(names.get(k)) if pd.notna(names.get(k)) else k) for k in table.index]
    pos = np.arange(n)[::-1]
    left = np.zeros(n)
    palette = (COLORS["benchmark"], COLORS["secondary"], COLORS["primary"], COLORS["grey"])
    for gap, color in zip(table.columns, palette, strict=True):
        values = table[gap].to_numpy()
        label = literal(GAP_LABELS[gap].replace("\n", " "))
        ax.barh(pos, values, left=left, height=0.65, color=color, label=label)
        left += values
    ax.set_yticks(pos, labels)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="0.9")
    legend_below(ax, ncols=2)
    finish(ax, title=title, xlabel="Organizations")
    return fig, ax
