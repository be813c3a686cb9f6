"""Small summaries of analysis results that both the charts and the report sections use.

These only add up or relabel the rows an analysis returned (DATA_MODEL §4); they never go
back to the graph, so a chart and the table beside it always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = [
    "GAP_LABELS",
    "GAP_ORDER",
    "TITLES",
    "as_lists",
    "county_density",
    "county_label",
    "coverage_totals",
    "gap_counts",
    "plural",
    "region_label",
    "short_code",
]

#: Section key -> its heading, in report order (also the heading of a section whose data
#: is missing).
TITLES: dict[str, str] = {
    "data": "Data and data quality",
    "coverage": "Party coverage of social organizations (党的组织覆盖和工作覆盖)",
    "gaps": "Where a Party organization is still to be formed (应建未建)",
    "density": "Community social organizations per community (社区社会组织)",
    "hubs": "Hub and support organizations and the communities they reach (枢纽型/支持型)",
    "social-work": "Social-work services in communities (社会工作服务)",
    "linkage": "Three-society linkage of communities (三社联动)",
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


def short_code(code: object) -> str:
    """A 12-digit division code without its trailing zero segments.

    >>> short_code("330100000000"), short_code("330106001000"), short_code("330106001001")
    ('330100', '330106001', '330106001001')
    """
    text = str(code)
    if len(text) != 12 or not text.isdigit():
        return text
    if text.endswith("000000"):
        return text[:6]
    if text.endswith("000"):
        return text[:9]
    return text


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


def county_density(dens: pd.DataFrame, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per county: communities meeting the community-organization target, urban and rural.

    Parameters
    ----------
    dens
        Rows of the `density` analysis (one per community).
    names
        County code -> name, for labels; codes without a name keep an empty name.

    Returns
    -------
    DataFrame
        ``county_code, county_name, urban_communities, urban_meeting, urban_share,
        rural_communities, rural_meeting, rural_share, communities, meeting, share,
        deficit``, ordered by ``share`` ascending (worst county first). A share is NaN
        where the county has no community of that area type.
    """
    flags = dens.assign(_met=dens["meets_target"].astype(bool))
    per_area = (
        flags.groupby(["county_code", "area_type"])["_met"]
        .agg(communities="size", meeting="sum")
        .unstack("area_type", fill_value=0)
    )
    out = pd.DataFrame({"county_code": per_area.index.astype(str)})
    lookup = dict(names or {})
    out["county_name"] = [lookup.get(c, lookup.get(short_code(c), "")) for c in out["county_code"]]
    for area in ("urban", "rural"):
        for what in ("communities", "meeting"):
            key = (what, area)
            values = per_area[key].to_numpy() if key in per_area.columns else 0
            out[f"{area}_{what}"] = pd.Series(values, index=out.index).astype(int)
        out[f"{area}_share"] = out[f"{area}_meeting"] / out[f"{area}_communities"].where(
            out[f"{area}_communities"] > 0
        )
    out["communities"] = out["urban_communities"] + out["rural_communities"]
    out["meeting"] = out["urban_meeting"] + out["rural_meeting"]
    out["share"] = out["meeting"] / out["communities"].where(out["communities"] > 0)
    deficit = flags.groupby("county_code")["deficit"].sum()
    out["deficit"] = deficit.reindex(per_area.index).to_numpy()
    out = out.sort_values(["share", "deficit", "county_code"], ascending=[True, False, True])
    return out.reset_index(drop=True)


def county_label(code: str, names: Mapping[str, str] | None = None) -> str:
    """``'西湖区 330106'`` for a county code, from a code -> name mapping."""
    lookup = dict(names or {})
    return region_label(code, lookup.get(code, lookup.get(short_code(code))))


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
