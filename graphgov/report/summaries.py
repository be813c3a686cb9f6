r"""Small summaries of analysis results that both the charts and the report sections use.

These only add up or relabel the rows an analysis returned
(:data:`graphgov.analyses.ANALYSES`); they never go back to the graph, so a chart and the
table beside it always show the same numbers. Their words come from the message catalogue
of the language in use (:mod:`graphgov.report.i18n`).

Examples
--------
>>> from graphgov.report.i18n import language
>>> with language("zh"):
...     title("coverage"), gap_label("must_form"), label_of("gaps.kind", "foundation")
('社会组织党的组织覆盖和工作覆盖', '应单独组建\n（党员≥3名）', '基金会')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import pandas as pd

from graphgov.codes import short_code
from graphgov.meta import Targets
from graphgov.report.i18n import has, t

__all__ = [
    "GAP_LABELS",
    "GAP_ORDER",
    "SECTION_KEYS",
    "SUGGESTED_FORMS",
    "TITLES",
    "as_lists",
    "county_label",
    "coverage_totals",
    "gap_counts",
    "gap_label",
    "label_of",
    "name_of",
    "named_list",
    "region_label",
    "short_code",
    "targets_in_force",
    "title",
    "with_names",
]


def title(key: str) -> str:
    """The heading of section `key` in the language in use: message ``<key>.title`` (or,
    for a key with ``-``, ``<key with _>.title``); also the heading of a section whose data
    is missing.

    >>> title("density")
    'Community social organizations per community (社区社会组织)'
    """
    for area in dict.fromkeys((key, key.replace("-", "_"))):
        if has(f"{area}.title"):
            return t(f"{area}.title")
    raise KeyError(f"no heading for section {key!r}: the catalogue lacks {key}.title")


def gap_label(gap: str, *, one_line: bool = False) -> str:
    """A gap category's short label (what a planner does next): ``gaps.label.<gap>``, else
    the category itself; its two lines (for a tick) joined with `one_line` for a table or
    a legend, by a space, or by nothing before a full-width bracket.

    >>> gap_label("needs_instructor", one_line=True)
    'Needs an instructor (0 members, none sent)'
    """
    label = str(label_of("gaps.label", gap))
    if not one_line:
        return label
    return label.replace("\n（", "（").replace("\n", " ")


def label_of(prefix: str, value: object) -> object:
    """The message ``<prefix>.<value>`` (a code's label: a kind, status, gap ...), or
    `value` itself when the catalogue has none (a missing value stays missing).

    >>> label_of("data.status", "abnormal"), label_of("data.status", "other"), label_of("x", None)
    ('abnormal (活动异常)', 'other', None)
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    key = f"{prefix}.{value}"
    return t(key) if has(key) else value


def with_names(
    frame: pd.DataFrame,
    column: str,
    names: Mapping[str, str] | Callable[[object], object],
    name_column: str | None = None,
) -> pd.DataFrame:
    """`frame` with a name column (``<column>_name`` unless given) just before `column`:
    each code's name from a code -> name mapping (division codes also under their short
    form, :func:`name_of`; None where there is none), or from a function (e.g. a
    :func:`label_of`). A frame without `column` is returned as it is.

    >>> df = pd.DataFrame({"region_code": ["330106000000", "330999000000"]})
    >>> with_names(df, "region_code", {"330106": "西湖区"}, "region_name").to_dict("list")
    {'region_name': ['西湖区', None], 'region_code': ['330106000000', '330999000000']}
    """
    if column not in frame.columns:
        return frame
    if callable(names):
        label = names
    else:

        def label(code: object) -> object:
            return name_of(names, code) or None if pd.notna(code) else None

    out = frame.copy()
    values = pd.Series([label(v) for v in out[column]], index=out.index, dtype=object)
    out.insert(out.columns.get_loc(column), name_column or f"{column}_name", values)
    return out


def named_list(ids: Iterable[object], names: Mapping[str, str]) -> list[str]:
    """The names of `ids` in `names` (an organization id, person id or division code ->
    name), each id without a name kept as it is.

    >>> named_list(["A1", "B2"], {"A1": "甲协会"})
    ['甲协会', 'B2']
    """
    return [names.get(str(i)) or str(i) for i in ids]


#: The report's sections, in report order.
SECTION_KEYS: tuple[str, ...] = (
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
)

#: Gap categories of the `gaps` analysis, most urgent first.
GAP_ORDER: tuple[str, ...] = ("must_form", "joint_candidate", "needs_instructor", "instructed")
#: The forms a must-form organization's Party organization takes (``suggested_form``), by
#: size: a branch for 3-49 members, a general branch for 50-99, a committee for 100 or more.
SUGGESTED_FORMS: tuple[str, ...] = ("branch", "general_branch", "committee")


class _Messages(Mapping[str, str]):
    """A fixed set of keys, each read from the catalogue in the language in use when
    asked (so a module-level mapping follows the language of the report being built)."""

    def __init__(self, keys: tuple[str, ...], text: Callable[[str], str]) -> None:
        self._keys, self._text = keys, text

    def __getitem__(self, key: str) -> str:
        if key not in self._keys:
            raise KeyError(key)
        return self._text(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


#: Section key -> its heading in the language in use (:func:`title`), in report order.
TITLES: Mapping[str, str] = _Messages(SECTION_KEYS, title)
#: Gap category -> its short label (what a planner does next) in the language in use
#: (:func:`gap_label`, messages ``gaps.label.<gap>``), most urgent first.
GAP_LABELS: Mapping[str, str] = _Messages(GAP_ORDER, gap_label)


def region_label(code: object, name: object = None) -> str:
    """A tick label such as ``'杭州市 330100'``; just the name when ``code`` is not a region.

    >>> region_label("330100000000", "杭州市")
    '杭州市 330100'
    """
    short = short_code(code)
    if name is None or pd.isna(name) or str(name) == "":
        return short
    if not short.isdigit():
        return str(name)
    return f"{name} {short}"


def coverage_totals(cov: pd.DataFrame) -> dict[str, float]:
    """Overall coverage from per-group `coverage` rows.

    Rates are recomputed from the counts (a mean of group rates would weight a small
    county like a large one).

    Returns
    -------
    dict
        ``orgs, org_covered, work_covered, org_coverage, work_coverage``; rates are NaN
        when there are no organizations.
    """
    orgs = int(cov["orgs"].sum()) if len(cov) else 0
    org_covered = int(cov["org_covered"].sum()) if len(cov) else 0
    work_covered = int(cov["work_covered"].sum()) if len(cov) else 0
    nan = float("nan")
    return {
        "orgs": orgs,
        "org_covered": org_covered,
        "work_covered": work_covered,
        "org_coverage": org_covered / orgs if orgs else nan,
        "work_coverage": work_covered / orgs if orgs else nan,
    }


def gap_counts(gaps: pd.DataFrame, *, by_kind: bool = True) -> pd.DataFrame:
    """Organizations per gap category (rows in :data:`GAP_ORDER`), one column per kind.

    With ``by_kind=False`` there is a single column ``orgs``. Categories with no rows are
    kept with 0, so charts always show all four.
    """
    if by_kind and len(gaps):
        table = pd.crosstab(gaps["gap"], gaps["kind"])
    else:
        table = gaps.groupby("gap").size().to_frame("orgs")
    extra = [g for g in table.index if g not in GAP_ORDER]
    table = table.reindex([*GAP_ORDER, *extra], fill_value=0)
    if table.shape[1] == 0:
        table["orgs"] = 0
    table.index.name = "gap"
    table.columns.name = None
    return table.astype(int)


def name_of(names: Mapping[str, str] | None, code: object) -> str:
    """The name `names` gives division `code`, under its 12-digit or its short code, or "".

    >>> name_of({"330106": "西湖区"}, "330106000000")
    '西湖区'
    """
    lookup = names or {}
    return lookup.get(str(code), lookup.get(short_code(code), ""))


def county_label(code: str, names: Mapping[str, str] | None = None) -> str:
    """``'西湖区 330106'`` for a county code, from a code -> name mapping."""
    return region_label(code, name_of(names, code))


def as_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List-valued columns as plain Python lists (object dtype), whatever dtype an analysis
    gave them (e.g. a pyarrow list type): the CSV writer then joins them with ';'."""
    out = frame.copy()
    for col in out.columns:
        values = out[col].tolist()
        if out[col].dtype != object and any(isinstance(v, list | tuple) for v in values):
            out[col] = pd.Series([list(v) for v in values], index=out.index, dtype=object)
    return out


def targets_in_force(g) -> Targets:
    """The targets in force on the dataset's date (targets.toml ``year`` and ``[by_year]``,
    :meth:`graphgov.meta.Targets.on`): what every section and map compares against."""
    return g.targets.on(str(g.info.as_of))
