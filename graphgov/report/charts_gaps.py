"""Charts of the `gaps` analysis (应建未建): organizations without a Party organization by
what they need, and by responsible Party organization.

Like every chart of :mod:`graphgov.report.charts` (which re-exports these), each takes the
rows an analysis returned and ``ax=None`` and returns ``(fig, ax)``; its words are the
``gaps.chart.*``, ``gaps.label.*`` and ``gaps.kind.*`` messages of the language in use.

Examples
--------
>>> import pandas as pd
>>> gaps = pd.DataFrame({"org_id": ["A"], "name": ["某协会"], "kind": ["social_group"],
...                      "region_code": ["330106001001"], "party_members": [4],
...                      "work_covered": [False], "gap": ["must_form"]})
>>> fig, ax = gaps_by_category(gaps)
>>> [t.get_text() for t in ax.texts]
['1', '0', '0', '0']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from graphgov.report.chartkit import (
    COLORS,
    axes_for,
    finish,
    house_style,
    legend_below,
    literal,
    no_data,
)
from graphgov.report.i18n import num, t
from graphgov.report.summaries import (
    GAP_ORDER,
    SUGGESTED_FORMS,
    gap_counts,
    gap_label,
    label_of,
)

__all__ = ["KIND_COLORS", "gaps_by_category", "gaps_by_manager"]

#: One colour per organization kind (stacked bars).
KIND_COLORS: dict[str, str] = {
    "social_group": "#0072B2",
    "social_service": "#E69F00",
    "foundation": "#CC79A7",
    "community": "#009E73",
}


@house_style
def gaps_by_category(
    gaps: pd.DataFrame,
    *,
    by_kind: bool = True,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Counts of uncovered organizations per gap category, stacked by kind.

    The categories keep their order of urgency (:data:`~graphgov.report.summaries.GAP_ORDER`):
    it is what a planner does first, not a ranking.

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
        The chart title (default: message ``gaps.chart.title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = title or t("gaps.chart.title")
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
            label=literal(label_of("gaps.kind", kind)),
        )
        bottom += values
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(
            num(total),
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
    finish(ax, title=title, ylabel=t("gaps.chart.axis"))
    return fig, ax


def _gap_label(gap: str, gaps: pd.DataFrame) -> str:
    """The tick label of a gap category; for ``must_form``, with the suggested forms."""
    label = str(gap_label(gap))
    if gap != "must_form" or "suggested_form" not in gaps.columns:
        return label
    n = gaps["suggested_form"].value_counts()
    forms = [
        t("gaps.chart.form", n=num(n[f]), form=t(f"gaps.chart.form_short_{f}"))
        for f in SUGGESTED_FORMS
        if n.get(f, 0)
    ]
    return label + ("\n" + t("format.list_sep").join(forms) if forms else "")


@house_style
def gaps_by_manager(
    gaps: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Gap counts of the `top` responsible Party organizations with most gaps, as
    horizontal bars stacked by gap category (most gaps at the top).

    Parameters
    ----------
    gaps
        Rows of the `gaps` analysis with ``manager_id, manager_name`` (missing: no
        responsible Party organization, drawn as message ``gaps.chart.no_manager``).
    top
        How many responsible Party organizations to draw.
    ax
        Axes to draw on; a new figure when None.
    title
        The chart title (default: message ``gaps.chart.manager_title``).

    Returns
    -------
    (Figure, Axes)
    """
    title = title or t("gaps.chart.manager_title")
    none = t("gaps.chart.no_manager")
    key = gaps["manager_id"].astype(object).where(gaps["manager_id"].notna(), none)
    table = pd.crosstab(key, gaps["gap"]) if len(gaps) else pd.DataFrame()
    table = table.reindex(columns=list(GAP_ORDER), fill_value=0)
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
        label = literal(gap_label(gap, one_line=True))
        ax.barh(pos, values, left=left, height=0.65, color=color, label=label)
        left += values
    ax.set_yticks(pos, labels)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="0.9")
    legend_below(ax, ncols=2)
    finish(ax, title=title, xlabel=t("gaps.chart.axis"))
    return fig, ax
