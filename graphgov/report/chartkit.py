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
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from graphgov.report.fonts import cjk_style
from graphgov.report.summaries import region_label

__all__ = [
    "county_labels",
    "limited",
    "COLORS",
    "axes_for",
    "finish",
    "house_style",
    "legend_below",
    "legend_with",
    "literal",
    "no_data",
    "percent",
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
    ax.text(0.5, 0.5, "No data", ha="center", va="center", transform=ax.transAxes, color="0.4")
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
    """The first `limit` rows, and the title saying how many of how many are shown."""
    if limit is not None and len(table) > limit:
        return table.head(limit), f"{title} ({limit} {what} of {len(table)})"
    return table, title
