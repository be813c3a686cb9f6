"""The house style every chart shares: palette, axes, titles, legends, "No data".

A chart function is decorated with :func:`house_style`, so it draws inside
``matplotlib.rc_context`` with the CJK font (:func:`graphgov.report.fonts.cjk_style`) and
leaves ``matplotlib.rcParams`` as it found them. Its body follows one pattern::

    @house_style
    def my_chart(rows, *, ax=None, title="..."):
        fig, ax = axes_for(ax, (9.0, 5.0))
        if rows.empty:
            no_data(ax, title)
            return fig, ax
        ...  # draw
        finish(ax, title=title, xlabel="...")
        return fig, ax

Group charts rank their groups by value with :func:`rank_groups`: a group of fewer than
:data:`SMALL_GROUP` members (organizations, units, projects) goes after the others and is
drawn hatched (:func:`mark_small`), with :func:`small_handle` saying so in the legend, so
that a group of 2 at 100% never leads a chart. Every word a chart draws comes from the
message catalogue (:func:`graphgov.report.i18n.t`; the words all charts share are in
``messages/<lang>/charts.toml``).

Examples
--------
>>> import matplotlib as mpl
>>> before = dict(mpl.rcParams)
>>> @house_style
... def empty(*, ax=None):
...     fig, ax = axes_for(ax, (4.0, 3.0))
...     no_data(ax, "Nothing 杭州市")
...     return fig, ax
>>> fig, ax = empty()
>>> dict(mpl.rcParams) == before
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch

from graphgov.report.fonts import cjk_style
from graphgov.report.i18n import big, has, t
from graphgov.report.summaries import region_label

__all__ = [
    "COLORS",
    "SMALL_GROUP",
    "axes_for",
    "counted",
    "county_labels",
    "finish",
    "house_style",
    "legend_below",
    "legend_with",
    "limited",
    "literal",
    "mark_small",
    "no_data",
    "percent",
    "rank_groups",
    "small_handle",
    "solid_handle",
]

#: The house palette (colour-blind safe, Okabe-Ito), by meaning.
COLORS: dict[str, str] = {
    "primary": "#0072B2",
    "secondary": "#E69F00",
    "benchmark": "#D55E00",
    "national": "#555555",
    "urban": "#0072B2",
    "rural": "#009E73",
    "grey": "#BBBBBB",
}
#: A group with fewer members than this is drawn apart: after the others, hatched.
SMALL_GROUP = 10
_SMALL_HATCH = "////"
_TITLE_SIZE = 13
_LABEL_SIZE = 11
_TICK_SIZE = 10

_P = ParamSpec("_P")
_R = TypeVar("_R")


def house_style(chart: Callable[_P, _R]) -> Callable[_P, _R]:
    """`chart`, drawing inside ``matplotlib.rc_context(cjk_style())``: its texts get the CJK
    font, and ``rcParams`` are as before once it returns (or raises).

    The font is a concrete family name, so the figure renders the same when it is saved
    or shown later, outside the context.
    """

    @functools.wraps(chart)
    def draw(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with mpl.rc_context(cjk_style()):
            return chart(*args, **kwargs)

    return draw


def literal(text: object) -> str:
    r"""`text` as matplotlib will draw it literally: every ``$`` escaped, so a name such as
    ``a$b$c`` or ``$\frac{1}{0}$`` is not read as mathtext (which could fail to parse).

    >>> literal("a$b$c")
    'a\\$b\\$c'
    """
    return str(text).replace("$", r"\$")


def percent(share: float) -> str:
    """``'100%'``, ``'33.3%'``: one decimal only where the whole percent is not exact.

    >>> percent(1.0), percent(1 / 3)
    ('100%', '33.3%')
    """
    return f"{share:.0%}" if abs(share * 100 - round(share * 100)) < 1e-9 else f"{share:.1%}"


def axes_for(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """The given axes and its figure, or a new constrained-layout figure of ``size`` inches.
    Call it inside a :func:`house_style` chart, so the new figure and its texts get the
    CJK font."""
    if ax is None:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        return fig, ax
    return ax.get_figure(root=True), ax


def finish(ax: Axes, *, title: str, xlabel: str = "", ylabel: str = "") -> None:
    """Title, axis labels, tick sizes and a light grid behind the data. The texts may hold
    names from the data, so they are drawn :func:`literal`.

    Title, axis labels and tick labels get the font of the chart's context by name: axes
    a caller made before the chart (``ax=``) have them already, in the font of their day.
    """
    family = mpl.rcParams["font.family"]
    ax.set_title(literal(title), fontsize=_TITLE_SIZE, loc="left", fontfamily=family)
    ax.set_xlabel(literal(xlabel), fontsize=_LABEL_SIZE, fontfamily=family)
    ax.set_ylabel(literal(ylabel), fontsize=_LABEL_SIZE, fontfamily=family)
    ax.tick_params(labelsize=_TICK_SIZE, labelfontfamily=family)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def no_data(ax: Axes, title: str) -> None:
    """ "No data" in the middle of empty axes, with the chart's title."""
    text = t("charts.no_data")
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    finish(ax, title=title)


def _owns_figure(ax: Axes) -> bool:
    """Whether `ax` is alone in a constrained-layout figure (the chart made its figure)."""
    fig = ax.get_figure(root=True)
    return len(fig.axes) == 1 and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def legend_below(ax: Axes, *, ncols: int) -> None:
    """A legend of the labelled artists: under the plot when the chart owns its figure,
    else at the best spot inside."""
    if _owns_figure(ax):
        ax.get_figure(root=True).legend(
            loc="outside lower center", ncols=ncols, fontsize=9, frameon=False
        )
    else:
        ax.legend(loc="best", fontsize=9, framealpha=0.95)


def legend_with(ax: Axes, handles: list, *, ncols: int) -> None:
    """A legend of exactly these entries, in this order.

    Parameters
    ----------
    ax
        The chart's axes. When it is alone in a constrained-layout figure (the chart made
        its own figure) the legend goes under the plot, else inside at the best spot.
    handles
        Labelled artists (bars, ``Line2D`` or ``Patch`` proxies).
    ncols
        Columns of the legend under the plot.
    """
    if _owns_figure(ax):
        ax.get_figure(root=True).legend(
            handles=handles, loc="outside lower center", ncols=ncols, fontsize=9, frameon=False
        )
    else:
        ax.legend(handles=handles, loc="best", fontsize=8, framealpha=0.95)


def county_labels(codes: pd.Series, names: pd.Series) -> list[str]:
    """Tick labels ``'西湖区 330106'`` for division codes and names, drawn literally."""
    return [literal(region_label(c, n)) for c, n in zip(codes, names, strict=True)]


def limited(
    table: pd.DataFrame, limit: int | None, title: str, what: str
) -> tuple[pd.DataFrame, str]:
    """The first `limit` rows, and the title saying how many of how many are shown.

    `what` says which rows they are, in the language in use (``"lowest"``, ``"最低"``):

    >>> limited(pd.DataFrame({"x": range(5)}), 2, "Linkage", "lowest")[1]
    'Linkage (2 lowest of 5)'
    """
    if limit is not None and len(table) > limit:
        total = big(len(table))
        text = t("charts.limited", title=title, limit=f"{limit:,}", what=what, total=total)
        return table.head(limit), text
    return table, title


def counted(key: str, n: int) -> str:
    """Message `key` with ``{n}`` filled in (:func:`~graphgov.report.i18n.big`), in its
    singular form ``<key>_one`` when `n` is 1 and the catalogue has one.

    >>> counted("funding.n_projects_short", 1), counted("funding.n_projects_short", 12)
    ('1 project', '12 projects')
    """
    one = f"{key}_one"
    return t(one if n == 1 and has(one) else key, n=big(n))


def rank_groups(
    table: pd.DataFrame,
    value: str,
    size: str,
    *,
    ascending: bool = False,
    keys: tuple[str, ...] = (),
    small: int = SMALL_GROUP,
) -> tuple[pd.DataFrame, np.ndarray]:
    """`table` sorted by `value` (largest first, or smallest with ``ascending``; then by
    `keys`), the groups whose `size` is under `small` after all the others, and which rows
    those are (a boolean array in the new order).

    A share of 2 organizations is no rate to lead a chart with: a small group is still
    drawn, after the others and hatched (:func:`mark_small`).

    >>> rows = pd.DataFrame({"g": ["a", "b", "c"], "share": [1.0, 0.5, 0.8],
    ...                      "orgs": [2, 40, 12]})
    >>> ranked, few = rank_groups(rows, "share", "orgs")
    >>> ranked["g"].tolist(), few.tolist()
    (['c', 'b', 'a'], [False, False, True])
    """
    order = table.assign(_small=table[size].fillna(0) < small)
    order = order.sort_values(
        ["_small", value, *keys],
        ascending=[True, ascending, *[True] * len(keys)],
        na_position="last",
        kind="stable",
    )
    few = order["_small"].to_numpy(dtype=bool)
    return order.drop(columns="_small"), few


def mark_small(bars: BarContainer, few: np.ndarray | list[bool]) -> None:
    """Hatch the bars of small groups (`few`, in the order of the bars) and lighten them."""
    for bar, is_small in zip(bars.patches, few, strict=True):
        if is_small:
            bar.set_hatch(_SMALL_HATCH)
            bar.set_alpha(0.55)
            bar.set_edgecolor("white")


def solid_handle(bars: BarContainer) -> Patch:
    """The legend entry of `bars` as drawn for the groups that are not small: a legend
    draws a container as its first bar, which may be a hatched small group."""
    face = bars.patches[0].get_facecolor()
    return Patch(facecolor=(*face[:3], 1.0), edgecolor="none", label=bars.get_label())


def small_handle(what: str, small: int = SMALL_GROUP) -> Patch:
    """The legend entry of hatched small groups: ``"Fewer than 10 organizations (drawn
    last, hatched)"``; `what` names the members in the language in use."""
    label = t("charts.small_groups", n=big(small), what=what)
    return Patch(facecolor="0.75", edgecolor="white", hatch=_SMALL_HATCH, label=label)
