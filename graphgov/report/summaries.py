"""Small summaries of analysis results that both the charts and the report sections use.

These only add up or relabel the rows an analysis returned
(:data:`graphgov.analyses.ANALYSES`); they never go back to the graph, so a chart and the
table beside it always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from graphgov.codes import short_code

__all__ = [
    "GAP_LABELS",
    "GAP_ORDER",
    "TITLES",
    "as_lists",
    "county_label",
    "coverage_totals",
    "gap_counts",
    "name_of",
    "plural",
    "region_label",
    "share_text",
    "short_code",
]

#: Section key -> its heading, in report order (also the heading of a section whose data
#: is missing).
TITLES: dict[str, str] = {
    "data": "Data and data quality",
    "coverage": "Party coverage of social organizations (党的组织覆盖和工作覆盖)",
    "gaps": "Where a Party organization is still to be formed (应建未建)",
    "density": "Community social organizations per community (社区社会组织)",
    "hubs": (
        "Hub and support organizations: the townships and communities they cover (枢纽型/支持型)"
    ),
    "social-work": "Social-work services in communities (社会工作服务)",
    "linkage": "Three-society linkage of communities (三社联动)",
    "funding": "Government purchase of services (政府购买服务)",
    "facilities": "Service centres per level (社会组织服务中心, 党群服务中心)",
    "cross-appointments": "Cross-appointments and the interlock network (交叉任职)",
}

#: Gap categories of the `gaps` analysis, most urgent first.
GAP_ORDER: tuple[str, ...] = ("must_form", "joint_candidate", "needs_instructor", "instructed")

#: Short English labels for the gap categories (what a planner does next).
GAP_LABELS: dict[str, str] = {
    "must_form": "Must form own branch\n(≥3 Party members)",
    "joint_candidate": "Joint-branch candidate\n(1–2 members)",
    "needs_instructor": "Needs an instructor\n(0 members, none sent)",
    "instructed": "Instructor or liaison\nin place (0 members)",
}


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


def share_text(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with one decimal, or ``n/a`` when `whole` is 0.

    >>> share_text(1, 3), share_text(0, 0)
    ('33.3%', 'n/a')
    """
    return f"{part / whole:.1%}" if whole else "n/a"


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 county', '2 counties', '1,234 rows'."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def as_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List-valued columns as plain Python lists (object dtype), whatever dtype an analysis
    gave them (e.g. a pyarrow list type): the CSV writer then joins them with ';'."""
    out = frame.copy()
    for col in out.columns:
        values = out[col].tolist()
        if out[col].dtype != object and any(isinstance(v, list | tuple) for v in values):
            out[col] = pd.Series([list(v) for v in values], index=out.index, dtype=object)
    return out
