"""Report sections built from analysis results (DataFrames, never the graph).

Each builder takes the rows an analysis returned (:data:`graphgov.analyses.ANALYSES`) and gives a
:class:`~graphgov.report.document.Section`: the definition line, the headline figure, its
chart and its tables ordered most urgent first. Builders only add up and sort; the
analyses do the counting. Every word comes from the catalogue of the language in use
(``coverage.*``, ``gaps.*``, ``density.*``; :mod:`graphgov.report.i18n`), and the tables
carry a name beside each code a reader needs (``kind_name`` beside ``kind``,
``region_name`` beside ``region_code`` ...).

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.sections import coverage_section
>>> cov = pd.DataFrame({"group": ["330100000000"], "group_name": ["杭州市"], "orgs": [1000],
...                     "org_covered": [827], "org_coverage": [0.827], "work_covered": [999],
...                     "work_coverage": [0.999]})
>>> coverage_section(cov).headline
'Organizational coverage 82.7% (benchmark 82.9%, national 61.7%); work coverage 99.9% of 1,000 active registered organizations'
>>> from graphgov.report.i18n import language
>>> big_city = cov.assign(orgs=12_345, org_covered=10_000, work_covered=12_000)
>>> with language("zh"):  # 10,000 / 12,345 = 81.0%, 12,000 / 12,345 = 97.2%
...     coverage_section(big_city).headline
'党的组织覆盖率81.0%（浙江2018年基准82.9%，全国61.7%）；党的工作覆盖率97.2%，共1.2万家正常活动的登记社会组织'
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from graphgov.analyses.density import roll_up
from graphgov.meta import Targets
from graphgov.report import charts
from graphgov.report.chartkit import counted
from graphgov.report.document import Section
from graphgov.report.i18n import big, num, pct, t
from graphgov.report.sections_data import data_section, missing_section
from graphgov.report.summaries import (
    GAP_ORDER,
    SUGGESTED_FORMS,
    coverage_totals,
    gap_counts,
    gap_label,
    label_of,
    named_list,
    title,
    with_names,
)
from graphgov.schema import ORG_KINDS

__all__ = ["coverage_section", "data_section", "density_section", "gaps_section", "missing_section"]

_PCT = "{:.1%}"


def _prefix_len(code: str) -> int:
    """Digits that identify a 12-digit division code's own level (province 2 ... community 12)."""
    for n in (2, 4, 6, 9):
        if code[n:] == "0" * (12 - n):
            return n
    return 12


def _gaps_per_group(gaps: pd.DataFrame, groups: pd.Series) -> pd.DataFrame | None:
    """Gap counts per coverage group (region groups by code prefix, or kind groups)."""
    if gaps is None or not len(groups):
        return None
    codes = groups.astype(str)
    if codes.str.fullmatch(r"\d{12}").all():
        lengths = codes.map(_prefix_len)
        if lengths.nunique() != 1:
            return None
        n = int(lengths.iloc[0])
        key = gaps["region_code"].astype(str).str[:n].str.ljust(12, "0")
    elif set(codes) <= set(ORG_KINDS):
        key = gaps["kind"].astype(str)
    else:
        return None
    table = pd.crosstab(key, gaps["gap"]).reindex(columns=list(GAP_ORDER), fill_value=0)
    return table.reindex(codes, fill_value=0).reset_index(drop=True)


def coverage_section(
    cov_city: pd.DataFrame,
    gaps: pd.DataFrame | None = None,
    targets: Targets | None = None,
    by_manager: pd.DataFrame | None = None,
) -> Section:
    """Party organizational, functional and work coverage, per city, beside the benchmarks.

    Parameters
    ----------
    cov_city
        Rows of the `coverage` analysis (``--by city``, or any level).
    gaps
        Rows of the `gaps` analysis; adds per-group counts of each gap category.
    targets
        Benchmarks (defaults: Zhejiang 2018 82.9%, national 2017 61.7%).
    by_manager
        Rows of ``coverage --by manager``: adds table ``by-manager`` (lowest organizational
        coverage first) and its lowest-covered responsible Party organization to the
        headline.

    Returns
    -------
    Section
        Key ``coverage``; table ``by-city``, lowest organizational coverage first. The
        headline leads with formal organizational coverage (§4.1); the chart ranks the
        groups by coverage, groups of fewer than 10 organizations after the others
        (:func:`~graphgov.report.charts.coverage_by_city`).
    """
    targets = targets or Targets()
    bench, national = targets.org_coverage_benchmark, targets.national_org_coverage
    tot = coverage_totals(cov_city)
    if tot["orgs"]:
        functional = int(cov_city["functional_covered"].sum()) if _has_functional(cov_city) else 0
        headline = t(
            "coverage.headline",
            org=pct(tot["org_coverage"]),
            bench=pct(bench),
            national=pct(national),
            functional=t("coverage.functional", share=pct(functional / tot["orgs"]))
            if functional
            else "",
            work=pct(tot["work_coverage"]),
            orgs=big(tot["orgs"]),
        )
    else:
        headline = t("coverage.none")
    table = cov_city.reset_index(drop=True)
    per_group = _gaps_per_group(gaps, table["group"]) if gaps is not None else None
    if per_group is not None:
        table = pd.concat([table, per_group], axis=1)
    table = table.sort_values(["org_coverage", "orgs"], ascending=[True, False], kind="stable")
    tables = [("by-city", table.reset_index(drop=True))]
    if by_manager is not None and len(by_manager):
        managers = by_manager.sort_values(
            ["org_coverage", "orgs"], ascending=[True, False], kind="stable"
        ).reset_index(drop=True)
        tables.append(("by-manager", managers))
        low = managers.iloc[0]
        name = low["group_name"] if pd.notna(low["group_name"]) else t("gaps.no_manager")
        headline += t(
            "coverage.lowest_manager",
            name=name,
            share=pct(low["org_coverage"]),
            orgs=big(int(low["orgs"])),
        )
    fig, _ = charts.coverage_by_city(cov_city, benchmark=bench, national=national)
    return Section(
        key="coverage",
        title=title("coverage"),
        definition=t("coverage.definition"),
        headline=headline,
        charts=[("coverage-by-city.png", fig)],
        tables=tables,
        formats={"org_coverage": _PCT, "work_coverage": _PCT},
    )


def density_section(
    dens: pd.DataFrame, by_county: pd.DataFrame, targets: Targets | None = None
) -> Section:
    """Community social organizations per community against the urban and rural targets,
    which are averages (平均不少于; datasets/README.md, Analysis definitions, §4.4).

    Parameters
    ----------
    dens
        Rows of the `density` analysis, one per community.
    by_county
        Rows of ``density --by county``, the largest shortfall first.
    targets
        The per-community average targets (defaults: urban 15, rural 5).

    Returns
    -------
    Section
        Key ``density``; the headline gives each area type's average and the shortfall
        against it over all communities, then the share of communities meeting the target
        on their own; tables ``counties`` (largest shortfall first) and ``communities``
        (largest deficit first, with ``county_name`` and ``area_type_name``).
    """
    targets = targets or Targets()
    urban, rural = targets.community_urban_min, targets.community_rural_min
    if len(dens):
        whole = roll_up(dens, pd.Series("all", index=dens.index)).iloc[0]

        def average(area: str) -> str:
            if not whole[f"{area}_communities"]:
                return t(f"density.no_{area}")
            return t(f"density.{area}_average", average=f"{whole[f'{area}_average']:.1f}")

        short = int(whole["shortfall"])
        needed = (
            t(
                "density.needed",
                short=big(short),
                urban=big(int(whole["urban_shortfall"])),
                rural=big(int(whole["rural_shortfall"])),
            )
            if short
            else t("density.reached")
        )
        headline = t(
            "density.headline",
            urban=average("urban"),
            urban_target=urban,
            rural=average("rural"),
            rural_target=rural,
            needed=needed,
            meeting=big(int(whole["meeting"])),
            communities=big(int(whole["communities"])),
            share=pct(whole["share"]),
        )
    else:
        headline = t("density.none")
    names = by_county.set_index("county_code")["county_name"]
    communities = dens.assign(county_name=dens["county_code"].map(names))
    order = ["community_name", "community_code", "county_name", "county_code", "area_type"]
    communities = communities[order + [c for c in communities.columns if c not in order]]
    communities = with_names(
        communities, "area_type", lambda a: label_of("density.area", a), "area_type_name"
    )
    communities = communities.sort_values(
        ["deficit", "orgs", "community_code"], ascending=[False, True, True], kind="stable"
    )
    fig, _ = charts.density_by_county(by_county, targets=targets)
    return Section(
        key="density",
        title=title("density"),
        definition=t("density.definition", urban=urban, rural=rural),
        headline=headline,
        charts=[("density-by-county.png", fig)],
        tables=[
            ("counties", by_county),
            ("communities", communities.reset_index(drop=True)),
        ],
        formats={
            "urban_share": _PCT,
            "rural_share": _PCT,
            "share": _PCT,
            "urban_average": "{:.1f}",
            "rural_average": "{:.1f}",
        },
    )


def gaps_section(
    gaps: pd.DataFrame,
    joint: pd.DataFrame | None = None,
    *,
    regions: Mapping[str, str] | None = None,
) -> Section:
    """Organizations without a formal Party organization (应建未建), who answers for them,
    and proposed joint branches.

    Parameters
    ----------
    gaps
        Rows of the `gaps` analysis.
    joint
        Rows of the `joint-branches` analysis (``group_id`` empty for candidates left
        alone, with their ``reason_unplaced``).
    regions
        Division code -> name (12-digit or short codes): adds ``region_name`` to the
        organizations and ``township_name`` to the joint branches.

    Returns
    -------
    Section
        Key ``gaps``; tables ``organizations`` (must-form first, most Party members first,
        with the names of kind, gap and suggested form beside their codes),
        ``by-manager`` (gap counts per responsible Party organization, most must-form
        first) and ``joint-branches`` (placed groups first, by township; with
        ``superior_party_org_name`` and ``org_names``, the names of ``org_ids`` as the
        gaps rows give them).
    """
    counts = gap_counts(gaps, by_kind=False)["orgs"]
    rank = {g: i for i, g in enumerate(GAP_ORDER)}
    ordered = gaps.assign(_rank=gaps["gap"].map(rank).fillna(len(rank)))
    ordered = ordered.sort_values(
        ["_rank", "party_members", "region_code", "org_id"],
        ascending=[True, False, True, True],
        kind="stable",
    ).drop(columns="_rank")
    tables = [("organizations", _named_gaps(ordered, regions).reset_index(drop=True))]
    managers = _gaps_per_manager(gaps)
    if managers is not None:
        tables.append(("by-manager", managers))
    placed_text = ""
    if joint is not None:
        placed = joint["group_id"].notna() & (joint["group_id"].astype(str) != "")
        groups = int(joint.loc[placed, "group_id"].nunique())
        placed_text = t(
            "gaps.placed",
            orgs=big(int(joint.loc[placed, "orgs"].sum())),
            groups=counted("gaps.joint_branch", groups),
        )
        proposals = joint.assign(_unplaced=~placed).sort_values(
            ["_unplaced", "township_code", "group_id"], kind="stable"
        )
        proposals = _named_joint(proposals.drop(columns="_unplaced"), gaps, regions)
        tables.append(("joint-branches", proposals.reset_index(drop=True)))
    most = ""
    if managers is not None and len(managers):
        top = managers.iloc[0]
        name = top["manager_name"] if pd.notna(top["manager_name"]) else t("gaps.no_manager")
        most = t("gaps.most", name=name, n=big(int(top["gaps"])))
    headline = t(
        "gaps.headline",
        orgs=counted("gaps.organization", len(gaps)),
        must=big(counts["must_form"]),
        forms=_suggested_forms(gaps),
        joint=big(counts["joint_candidate"]),
        placed=placed_text,
        needs=big(counts["needs_instructor"]),
        instructed=big(counts["instructed"]),
        most=most,
    )
    fig, _ = charts.gaps_by_category(gaps)
    section_charts = [("gaps-by-category.png", fig)]
    if managers is not None and len(managers):
        mfig, _ = charts.gaps_by_manager(gaps)
        section_charts.append(("gaps-by-manager.png", mfig))
    return Section(
        key="gaps",
        title=title("gaps"),
        definition=t("gaps.definition"),
        headline=headline,
        charts=section_charts,
        tables=tables,
    )


def _named_gaps(rows: pd.DataFrame, regions: Mapping[str, str] | None) -> pd.DataFrame:
    """The gaps rows with the names of their kind, gap, suggested form and (given
    `regions`) region beside the codes."""
    out = with_names(rows, "kind", lambda k: label_of("gaps.kind", k))
    out = with_names(out, "gap", lambda g: gap_label(g, one_line=True))
    out = with_names(out, "suggested_form", lambda f: label_of("gaps.form_name", f))
    return with_names(out, "region_code", regions, "region_name") if regions else out


def _named_joint(
    joint: pd.DataFrame, gaps: pd.DataFrame, regions: Mapping[str, str] | None
) -> pd.DataFrame:
    """The joint-branch rows with the superior Party organization's name and the names of
    the organizations (both as the gaps rows give them) and (given `regions`) the
    township's name."""
    org_names = dict(zip(gaps["org_id"].astype(str), gaps["name"].astype(str), strict=True))
    out = joint.copy()
    if "manager_id" in gaps.columns:
        known = gaps.dropna(subset=["manager_id", "manager_name"])
        managers = dict(zip(known["manager_id"].astype(str), known["manager_name"], strict=True))
        out = with_names(out, "superior_party_org_id", managers, "superior_party_org_name")
    lists = [named_list(ids, org_names) if isinstance(ids, list | tuple) else ids
             for ids in out["org_ids"]]  # fmt: skip
    out.insert(out.columns.get_loc("org_ids"), "org_names", pd.Series(lists, index=out.index))
    return with_names(out, "township_code", regions, "township_name") if regions else out


def _has_functional(cov: pd.DataFrame) -> bool:
    return "functional_covered" in cov.columns and len(cov) > 0


def _suggested_forms(gaps: pd.DataFrame) -> str:
    """`` (branch 3, general branch 1)`` (``（党支部3个、党总支1个）``): the suggested forms
    of the must-form rows."""
    if "suggested_form" not in gaps.columns:
        return ""
    n = gaps["suggested_form"].value_counts()
    parts = [t(f"gaps.form.{f}", n=num(int(n[f]))) for f in SUGGESTED_FORMS if n.get(f, 0)]
    return t("gaps.forms", forms=t("format.list_sep").join(parts)) if parts else ""


def _gaps_per_manager(gaps: pd.DataFrame) -> pd.DataFrame | None:
    """Gap counts per responsible Party organization, most must-form (then most gaps)
    first; None without manager columns."""
    if "manager_id" not in gaps.columns:
        return None
    key = gaps["manager_id"].astype(object).where(gaps["manager_id"].notna(), "none")
    names = gaps["manager_name"].astype(object).groupby(key).first()
    table = pd.crosstab(key, gaps["gap"]).reindex(columns=list(GAP_ORDER), fill_value=0)
    table.insert(0, "gaps", table.sum(axis=1))
    table.insert(0, "manager_name", names.reindex(table.index))
    table = table.rename_axis("manager_id").reset_index()
    table.columns.name = None
    return table.sort_values(
        ["must_form", "gaps", "manager_id"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
