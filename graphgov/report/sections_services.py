"""Report sections on government purchase of services (政府购买服务) and on service centres
(社会组织服务中心, 党群服务中心) per level.

Like :mod:`graphgov.report.sections`, each builder takes what the analyses returned, never
the graph, and gives a :class:`~graphgov.report.document.Section`.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"region_code": ["330106000000", "330106002000"],
...                      "name": ["西湖区", "北山街道"], "level": ["county", "township"],
...                      "projects": [4, 1], "amount_cny": [200000.0, 50000.0],
...                      "providers": [3, 1], "communities_served": [2, 1],
...                      "share_to_gap_communities": [0.65, 0.0]})
>>> funding_section(rows).headline
'65.0% of ¥200,000 in 4 active purchased-service projects goes to communities missing a target (density, hub coverage or linkage); 3 providers, 2 communities served, 1 county'
"""  # noqa: E501

from __future__ import annotations

import pandas as pd

from graphgov.analyses.facilities import CLAIMS
from graphgov.report import charts_services
from graphgov.report.chartkit import percent
from graphgov.report.document import Section
from graphgov.report.summaries import TITLES, plural, share_text

__all__ = ["facilities_section", "funding_section"]

_PCT = "{:.1%}"


def funding_section(funding: pd.DataFrame) -> Section:
    """Active purchased services per county and township, and the part of the money that
    reaches communities missing a target.

    Parameters
    ----------
    funding
        Rows of the `funding` analysis.

    Returns
    -------
    Section
        Key ``funding``; tables ``counties`` (lowest share to gap communities first, then
        the largest amount) and ``townships`` (the same order).
    """
    counties = funding[funding["level"] == "county"]
    amount = float(counties["amount_cny"].sum())
    to_gap = float((counties["amount_cny"] * counties["share_to_gap_communities"]).sum())
    projects = int(counties["projects"].sum())
    if projects:
        share = share_text(to_gap, amount) if amount > 0 else "n/a"
        headline = (
            f"{share} of ¥{amount:,.0f} in {plural(projects, 'active purchased-service project')}"
            " goes to communities missing a target (density, hub coverage or linkage); "
            f"{plural(int(counties['providers'].sum()), 'provider')}, "
            f"{plural(int(counties['communities_served'].sum()), 'community', 'communities')}"
            f" served, {plural(len(counties), 'county', 'counties')}"
        )
    else:
        headline = "No active purchased service (政府购买服务项目) in the data"

    def ordered(rows: pd.DataFrame) -> pd.DataFrame:
        return rows.sort_values(
            ["share_to_gap_communities", "amount_cny", "region_code"],
            ascending=[True, False, True],
            na_position="last",
            kind="stable",
        ).reset_index(drop=True)

    fig, _ = charts_services.funding_by_county(funding)
    return Section(
        key="funding",
        title=TITLES["funding"],
        definition=(
            "Active purchased services (政府购买服务项目) of active providers, placed by what "
            "they are for (a community, a township, or the base of an organization they are "
            "for), per county and township; the share of the amount that goes to communities "
            "missing the density target, without hub coverage, or not linked (三社联动)."
        ),
        headline=headline,
        charts=[("funding-by-county.png", fig)],
        tables=[
            ("counties", ordered(counties)),
            ("townships", ordered(funding[funding["level"] == "township"])),
        ],
        formats={"share_to_gap_communities": _PCT, "amount_cny": "{:,.0f}"},
    )


def facilities_section(facilities: pd.DataFrame) -> Section:
    """Social-organization service centres and Party-mass service centres per level,
    against the seed's claims (every city and county; half of the streets and urban
    communities).

    Parameters
    ----------
    facilities
        Rows of the `facilities` analysis.

    Returns
    -------
    Section
        Key ``facilities``; table ``levels`` with the seed's ``claim`` and whether it holds.

    Examples
    --------
    >>> rows = pd.DataFrame({"level": ["city", "county", "township", "street",
    ...                                "urban_community"],
    ...                      "units": [1, 2, 4, 2, 10], "with_service_center": [1, 2, 1, 1, 4],
    ...                      "service_center_share": [1.0, 1.0, 0.25, 0.5, 0.4],
    ...                      "with_party_mass_center": [1, 1, 2, 1, 6],
    ...                      "standardized": [0, 1, 0, 0, 2]})
    >>> facilities_section(rows).headline
    'Social-organization service centres: cities 1 of 1 (100.0%, seed: 100%), counties 2 of 2 (100.0%, seed: 100%), streets 1 of 2 (50.0%, seed: 50%), urban communities 4 of 10 (40.0%, seed: 50%); the claim is not met at 1 of 4 levels'
    """  # noqa: E501
    table = facilities.copy()
    table["claim"] = table["level"].map(CLAIMS).astype("float64")
    checkable = table["claim"].notna() & table["service_center_share"].notna()
    meets = table["service_center_share"] >= table["claim"] - 1e-9
    table["meets_claim"] = meets.astype("boolean").where(checkable, pd.NA)
    names = {"city": "cities", "county": "counties", "street": "streets"}
    names["urban_community"] = "urban communities"
    parts = []
    for row in table[table["claim"].notna()].itertuples(index=False):
        parts.append(
            f"{names[row.level]} {row.with_service_center:,} of {row.units:,} "
            f"({share_text(row.with_service_center, row.units)}, seed: {percent(row.claim)})"
        )
    short = int((~table["meets_claim"]).sum())  # missing (no claim) is not short
    checked = int(table["meets_claim"].notna().sum())
    headline = (
        "Social-organization service centres: "
        + ", ".join(parts)
        + f"; the claim is not met at {short:,} of {plural(checked, 'level')}"
    )
    fig, _ = charts_services.facilities_by_level(facilities)
    return Section(
        key="facilities",
        title=TITLES["facilities"],
        definition=(
            "Units of each level with an active social-organization service centre "
            "(社会组织服务中心) or Party-mass service centre (党群服务中心) based in them, "
            "and those with a standardized Party-mass centre; the seed claims service "
            "centres in every city and county and in half of the streets (街道) and urban "
            "communities."
        ),
        headline=headline,
        charts=[("facilities-by-level.png", fig)],
        tables=[("levels", table.reset_index(drop=True))],
        formats={"service_center_share": _PCT, "claim": _PCT},
    )
