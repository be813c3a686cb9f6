"""Report sections built from analysis results (DataFrames, never the graph).

Each builder takes the rows an analysis returned (:data:`graphgov.analyses.ANALYSES`) and gives a
:class:`~graphgov.report.document.Section`: the definition line, the headline figure, its
chart and its tables ordered most urgent first. Builders only add up and sort; the
analyses do the counting.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.sections import coverage_section
>>> cov = pd.DataFrame({"group": ["330100000000"], "group_name": ["杭州市"], "orgs": [1000],
...                     "org_covered": [827], "org_coverage": [0.827], "work_covered": [999],
...                     "work_coverage": [0.999]})
>>> coverage_section(cov).headline
'Organizational coverage 82.7% (benchmark 82.9%, national 61.7%); work coverage 99.9% of 1,000 active registered organizations'
"""  # noqa: E501

from __future__ import annotations

import pandas as pd

from graphgov.analyses.density import roll_up
from graphgov.meta import Targets
from graphgov.report import charts
from graphgov.report.document import Section
from graphgov.report.sections_data import data_section, missing_section
from graphgov.report.summaries import (
    GAP_ORDER,
    TITLES,
    coverage_totals,
    gap_counts,
    plural,
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
        headline leads with formal organizational coverage (§4.1).
    """
    targets = targets or Targets()
    bench, national = targets.org_coverage_benchmark, targets.national_org_coverage
    t = coverage_totals(cov_city)
    if t["orgs"]:
        functional = int(cov_city["functional_covered"].sum()) if _has_functional(cov_city) else 0
        headline = (
            f"Organizational coverage {t['org_coverage']:.1%} (benchmark {bench:.1%}, "
            f"national {national:.1%})"
            + (
                f"; functional or extended Party organizations cover a further "
                f"{functional / t['orgs']:.1%}"
                if functional
                else ""
            )
            + f"; work coverage {t['work_coverage']:.1%} "
            f"of {t['orgs']:,} active registered organizations"
        )
    else:
        headline = "No active registered organizations in the data"
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
        name = low["group_name"] if pd.notna(low["group_name"]) else "no responsible body"
        headline += (
            f"; lowest responsible Party organization: {name} {low['org_coverage']:.1%} "
            f"of {int(low['orgs']):,}"
        )
    fig, _ = charts.coverage_by_city(cov_city, benchmark=bench, national=national)
    return Section(
        key="coverage",
        title=TITLES["coverage"],
        definition=(
            "Share of the active social groups, social service agencies and foundations "
            "with a formal Party organization of their own or a joint one (branch, general "
            "branch, committee or joint branch: organizational coverage), by where they are "
            "based. Functional and extended Party organizations, and active liaisons or "
            "instructors, count toward work coverage only."
        ),
        headline=headline,
        charts=[("coverage-by-city.png", fig)],
        tables=tables,
        formats={"org_coverage": _PCT, "work_coverage": _PCT},
    )


def _has_functional(cov: pd.DataFrame) -> bool:
    return "functional_covered" in cov.columns and len(cov) > 0


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
        (largest deficit first).
    """
    targets = targets or Targets()
    urban, rural = targets.community_urban_min, targets.community_rural_min
    if len(dens):
        whole = roll_up(dens, pd.Series("all", index=dens.index)).iloc[0]

        def average(area: str, what: str) -> str:
            if not whole[f"{area}_communities"]:
                return f"no {area} communities"
            return f"{whole[f'{area}_average']:.1f} per {what}"

        short = int(whole["shortfall"])
        needed = (
            f"{short:,} more needed to reach the averages (urban "
            f"{int(whole['urban_shortfall']):,}, rural {int(whole['rural_shortfall']):,})"
            if short
            else "the averages reach their targets"
        )
        headline = (
            f"Community organizations average {average('urban', 'urban community')} "
            f"(target {urban}) and {average('rural', 'rural one')} (target {rural}): "
            f"{needed}; {int(whole['meeting']):,} of {int(whole['communities']):,} "
            f"communities ({whole['share']:.1%}) meet the target on their own"
        )
    else:
        headline = "No communities in the data"
    names = by_county.set_index("county_code")["county_name"]
    communities = dens.assign(county_name=dens["county_code"].map(names))
    order = ["community_code", "community_name", "county_code", "county_name", "area_type"]
    communities = communities[order + [c for c in communities.columns if c not in order]]
    communities = communities.sort_values(
        ["deficit", "orgs", "community_code"], ascending=[False, True, True], kind="stable"
    )
    fig, _ = charts.density_by_county(by_county, targets=targets)
    return Section(
        key="density",
        title=TITLES["density"],
        definition=(
            f"Active community social organizations based in each community. The target is "
            f"an average (平均不少于): at least {urban} per urban community (社区) and {rural} "
            f"per rural one (村); the shortfall is what brings each average to its target "
            f"(communities above the target make up for those below)."
        ),
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


def gaps_section(gaps: pd.DataFrame, joint: pd.DataFrame | None = None) -> Section:
    """Organizations without a formal Party organization (应建未建), who answers for them,
    and proposed joint branches.

    Parameters
    ----------
    gaps
        Rows of the `gaps` analysis.
    joint
        Rows of the `joint-branches` analysis (``group_id`` empty for candidates left
        alone, with their ``reason_unplaced``).

    Returns
    -------
    Section
        Key ``gaps``; tables ``organizations`` (must-form first, most Party members first),
        ``by-manager`` (gap counts per responsible Party organization, most must-form
        first) and ``joint-branches`` (placed groups first, by township).
    """
    counts = gap_counts(gaps, by_kind=False)["orgs"]
    forms = _suggested_forms(gaps)
    headline = (
        f"{plural(len(gaps), 'organization')} without a formal Party organization: "
        f"must form their own {counts['must_form']:,}{forms}, "
        f"joint-branch candidates {counts['joint_candidate']:,}"
    )
    tables: list[tuple[str, pd.DataFrame]] = []
    rank = {g: i for i, g in enumerate(GAP_ORDER)}
    ordered = gaps.assign(_rank=gaps["gap"].map(rank).fillna(len(rank)))
    ordered = ordered.sort_values(
        ["_rank", "party_members", "region_code", "org_id"],
        ascending=[True, False, True, True],
        kind="stable",
    ).drop(columns="_rank")
    tables.append(("organizations", ordered.reset_index(drop=True)))
    managers = _gaps_per_manager(gaps)
    if managers is not None:
        tables.append(("by-manager", managers))
    if joint is not None:
        placed = joint["group_id"].notna() & (joint["group_id"].astype(str) != "")
        groups = int(joint.loc[placed, "group_id"].nunique())
        headline += (
            f" ({int(joint.loc[placed, 'orgs'].sum()):,} placed in "
            f"{plural(groups, 'joint branch', 'joint branches')}, existing or proposed)"
        )
        proposals = joint.assign(_unplaced=~placed).sort_values(
            ["_unplaced", "township_code", "group_id"], kind="stable"
        )
        tables.append(
            ("joint-branches", proposals.drop(columns="_unplaced").reset_index(drop=True))
        )
    headline += (
        f", need an instructor {counts['needs_instructor']:,}, "
        f"liaison, instructor or functional Party organization in place "
        f"{counts['instructed']:,}"
    )
    if managers is not None and len(managers):
        top = managers.iloc[0]
        name = top["manager_name"] if pd.notna(top["manager_name"]) else "no responsible body"
        headline += f"; most gaps: {name} ({int(top['gaps']):,})"
    fig, _ = charts.gaps_by_category(gaps)
    section_charts = [("gaps-by-category.png", fig)]
    if managers is not None and len(managers):
        mfig, _ = charts.gaps_by_manager(gaps)
        section_charts.append(("gaps-by-manager.png", mfig))
    return Section(
        key="gaps",
        title=TITLES["gaps"],
        definition=(
            "Organizations of the coverage population without a formal Party organization, "
            "by formal Party members: ≥3 must form their own (a branch for 3-49, a general "
            "branch for 50-99, a committee for 100 or more), 1-2 join a joint branch (≥3 "
            "members, ≤5 organizations, under their responsible Party organization), 0 "
            "need an instructor; each with its responsible Party organization."
        ),
        headline=headline,
        charts=section_charts,
        tables=tables,
    )


_FORM_LABELS = {"branch": "branch", "general_branch": "general branch", "committee": "committee"}


def _suggested_forms(gaps: pd.DataFrame) -> str:
    """`` (branch 3, general branch 1)``: the suggested forms of the must-form rows."""
    if "suggested_form" not in gaps.columns:
        return ""
    n = gaps["suggested_form"].value_counts()
    parts = [f"{label} {int(n[f]):,}" for f, label in _FORM_LABELS.items() if n.get(f, 0)]
    return f" ({', '.join(parts)})" if parts else ""


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
