"""Who answers for an organization's Party building: its responsible Party organization
(党建工作管理主体) and its registering authority (登记管理机关).

Definition: datasets/README.md, Analysis definitions, §4.1 (``--by manager``, ``--by
authority``), and How the analyses read the data, "Responsible bodies".

- The **responsible Party organization** is the organization's ``party_manager_id`` when
  that Party organization exists on `as_of`; else the comprehensive committee
  (社会组织综合党委, ``comprehensive_committee``) existing on `as_of` whose ``region_code`` is
  the organization's *registration division*; else none. Several such committees: the
  smallest id.
- The **registration division** ("the county it is registered in") of a registered
  organization (social group, social service agency, foundation) is the division in digits
  3-8 of its USCC, the code of its registering authority (a county's for county
  registration; a city's or the province's for organizations registered there, whose
  committee is then that city's or province's). A filed community organization has no such
  code: its division is the county of the community it is based in (the township that files
  it answers to that county).
- The **registering authority** group is digits 3-8 of the USCC and ``registered_at``, e.g.
  ``330106 county`` (a missing ``registered_at`` is read from the digits: ``xx0000``
  province, ``xxxx00`` city, else county); a filed community organization's is its township,
  ``330106002 township``. Its name is the division's with 民政厅 (province) or 民政局 (city,
  county) added; a township's is its own name.
"""

from __future__ import annotations

import pandas as pd

from graphgov import schema
from graphgov.analyses._common import party_orgs_on, region_names
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = [
    "NO_MANAGER",
    "authority",
    "authority_names",
    "registration_division",
    "responsible",
]

#: The manager group of organizations with no responsible Party organization.
NO_MANAGER = "none"
#: What a registering authority at each level is called after its division's name.
AUTHORITY_SUFFIX = {"province": "民政厅", "city": "民政局", "county": "民政局", "township": ""}


def registration_division(orgs: pd.DataFrame) -> pd.Series:
    """The 12-digit code of each organization's registration division (module docstring).

    >>> orgs = pd.DataFrame({"org_id": ["51330100MJ0000011U", "CO1"],
    ...                      "kind": ["social_group", "community"],
    ...                      "region_code": ["330106002051", "330106002051"]})
    >>> registration_division(orgs).tolist()
    ['330100000000', '330106000000']
    """
    registered = orgs["kind"].isin(schema.REGISTERED_KINDS).fillna(False).astype(bool)
    uscc = orgs["org_id"].astype(str).str.slice(2, 8) + "000000"
    county = orgs["region_code"].astype(str).str.slice(0, 6) + "000000"
    return uscc.where(registered, county)


def responsible(g: Graph, orgs: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """``manager_id, manager_name`` of each organization of `orgs` (same index): its
    responsible Party organization on `as_of`, missing where it has none."""
    porgs = party_orgs_on(g, as_of)
    names = porgs.set_index("party_org_id")["name"]
    direct = orgs["party_manager_id"].astype("string")
    direct = direct.where(member(direct, porgs["party_org_id"]))
    comp = porgs[porgs["kind"] == "comprehensive_committee"].sort_values("party_org_id")
    comp = comp.drop_duplicates("region_code").set_index("region_code")["party_org_id"]
    fallback = registration_division(orgs).map(comp).astype("string")
    manager = direct.fillna(fallback)
    return pd.DataFrame(
        {"manager_id": manager, "manager_name": manager.map(names).astype("string")},
        index=orgs.index,
    )


def authority(orgs: pd.DataFrame) -> pd.Series:
    """Each organization's registering-authority group (module docstring).

    >>> orgs = pd.DataFrame({"org_id": ["51330106MJ0000011U", "52330000MJ0000021R", "CO1"],
    ...                      "kind": ["social_group", "social_service", "community"],
    ...                      "registered_at": ["county", None, "township"],
    ...                      "region_code": ["330106002051"] * 3})
    >>> authority(orgs).tolist()
    ['330106 county', '330000 province', '330106002 township']
    """
    registered = orgs["kind"].isin(schema.REGISTERED_KINDS).fillna(False).astype(bool)
    digits = orgs["org_id"].astype(str).str.slice(2, 8)
    implied = digits.map(_level_of_digits)
    level = orgs["registered_at"].astype(object).where(orgs["registered_at"].notna(), implied)
    filed = orgs["region_code"].astype(str).str.slice(0, 9) + " township"
    return (digits + " " + level.astype(str)).where(registered, filed)


def authority_names(g: Graph, groups: pd.Series) -> pd.Series:
    """The readable name of each authority group in `groups` (same index), e.g.
    ``330106 county`` -> 西湖区民政局; missing where the division is not in the dataset."""
    parts = groups.astype(str).str.split(" ", n=1, expand=True)
    code = parts[0].str.ljust(12, "0")
    suffix = parts[1].map(AUTHORITY_SUFFIX).fillna("")
    return (code.map(region_names(g)) + suffix).astype("string")


def _level_of_digits(digits: str) -> str:
    if digits[2:] == "0000":
        return "province"
    return "city" if digits[4:] == "00" else "county"
