"""Report sections on government purchase of services (政府购买服务) and on service centres
(社会组织服务中心, 党群服务中心) per level.

Like :mod:`graphgov.report.sections`, each builder takes what the analyses returned, never
the graph, and gives a :class:`~graphgov.report.document.Section`. Every word comes from
the ``funding`` and ``facilities`` areas of the message catalogue, in the language in use
(:mod:`graphgov.report.i18n`): in Chinese, money in 万元 and counts in 万.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.i18n import language
>>> rows = pd.DataFrame({"region_code": ["330106000000", "330106002000"],
...                      "name": ["西湖区", "北山街道"], "level": ["county", "township"],
...                      "projects": [4, 1], "amount_cny": [200000.0, 50000.0],
...                      "providers": [3, 1], "communities_served": [2, 1],
...                      "share_to_gap_communities": [0.65, 0.0]})
>>> funding_section(rows).headline
'65.0% of ¥200,000 in 4 active purchased-service projects goes to communities missing a target (density, hub coverage or linkage); 3 providers, 2 communities served, 1 county'
>>> with language("zh"):
...     funding_section(rows).headline
'4个在实施的政府购买服务项目共20万元，其中65.0%投向未达标社区（社区社会组织密度、枢纽型社会组织覆盖或三社联动未达标）；承接主体3家，服务社区2个，涉及1个县（市、区）'
"""  # noqa: E501

from __future__ import annotations

import pandas as pd

from graphgov.analyses.facilities import CLAIMS
from graphgov.codes import ancestor
from graphgov.report import charts_services
from graphgov.report.chartkit import counted, percent
from graphgov.report.document import Section
from graphgov.report.i18n import current, num, pct, t

__all__ = ["facilities_section", "funding_section", "money"]

_PCT = "{:.1%}"


def money(cny: float) -> str:
    """An amount of money for a headline: 万元 in Chinese (one decimal, none when whole),
    yuan in English.

    >>> from graphgov.report.i18n import language
    >>> money(6352000.0)
    '¥6,352,000'
    >>> with language("zh"):
    ...     money(6352000.0), money(200000.0), money(5000.0)
    ('635.2万元', '20万元', '0.5万元')
    """
    amount = f"{cny / 10_000:,.1f}".removesuffix(".0") if current() == "zh" else num(cny)
    return t("funding.money", amount=amount)


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
        the largest amount) and ``townships`` (the same order, each with its county's name
        in ``county_name``); the name first, the code after.
    """
    counties = funding[funding["level"] == "county"]
    amount = float(counties["amount_cny"].sum())
    to_gap = float((counties["amount_cny"] * counties["share_to_gap_communities"]).sum())
    projects = int(counties["projects"].sum())
    if projects:
        headline = t(
            "funding.headline",
            share=pct(to_gap / amount if amount > 0 else None),
            amount=money(amount),
            projects=counted("funding.n_projects", projects),
            providers=counted("funding.n_providers", int(counties["providers"].sum())),
            communities=counted("funding.n_communities", int(counties["communities_served"].sum())),
            counties=counted("funding.n_counties", len(counties)),
        )
    else:
        headline = t("funding.headline_none")

    def ordered(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.sort_values(
            ["share_to_gap_communities", "amount_cny", "region_code"],
            ascending=[True, False, True],
            na_position="last",
            kind="stable",
        ).reset_index(drop=True)
        return rows[_names_first(rows.columns)]

    townships = funding[funding["level"] == "township"]
    county_names = dict(zip(counties["region_code"], counties["name"], strict=True))
    in_county = ancestor(townships["region_code"], "county").map(county_names)
    townships = townships.assign(county_name=in_county.fillna("").astype(str))
    fig, _ = charts_services.funding_by_county(funding)
    return Section(
        key="funding",
        title=t("funding.title"),
        definition=t("funding.definition"),
        headline=headline,
        charts=[("funding-by-county.png", fig)],
        tables=[("counties", ordered(counties)), ("townships", ordered(townships))],
        formats={"share_to_gap_communities": _PCT, "amount_cny": "{:,.0f}"},
    )


def _names_first(columns: pd.Index) -> list[str]:
    """`columns` with ``name`` and the ``*_name`` columns first, in their order."""
    names = [c for c in columns if c == "name" or str(c).endswith("_name")]
    return [*names, *(c for c in columns if c not in names)]


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
        Key ``facilities``; table ``levels`` (each level's name in ``level_name`` first)
        with the seed's ``claim`` and whether it holds.

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
    parts = [
        t(
            "facilities.headline_level",
            level=t(f"facilities.headline_name.{row.level}"),
            with_center=num(row.with_service_center),
            units=num(row.units),
            share=pct(row.with_service_center / row.units if row.units else None),
            claim=percent(row.claim),
        )
        for row in table[table["claim"].notna()].itertuples(index=False)
    ]
    short = int((~table["meets_claim"]).sum())  # missing (no claim) is not short
    checked = int(table["meets_claim"].notna().sum())
    levels = t("facilities.headline_sep").join(parts)
    checked_text = counted("facilities.n_levels", checked)
    if short == 0 and checked:
        headline = t("facilities.headline_met", levels=levels, checked=checked_text)
    else:
        headline = t("facilities.headline", levels=levels, short=num(short), checked=checked_text)
    table.insert(0, "level_name", table["level"].map(charts_services.level_label))
    fig, _ = charts_services.facilities_by_level(facilities)
    return Section(
        key="facilities",
        title=t("facilities.title"),
        definition=t("facilities.definition"),
        headline=headline,
        charts=[("facilities-by-level.png", fig)],
        tables=[("levels", table.reset_index(drop=True))],
        formats={"service_center_share": _PCT, "claim": _PCT},
    )
