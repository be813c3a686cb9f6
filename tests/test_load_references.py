"""Organizations, Party organizations and the tables that refer to them."""

from __future__ import annotations

import pytest
from minidata import (
    COUNTY,
    FOUNDATION_ID,
    GROUP_ID,
    RURAL,
    SERVICE_ID,
    TOWNSHIP,
    URBAN,
    base_tables,
    not_about_regions,
    org,
    uscc,
    write_dataset,
)

from graphgov.codes import uscc_check_char
from graphgov.load import load_dataset


def verdicts(res, table: str) -> dict[int, str]:
    """line -> reason_code of the rejected rows of `table`."""
    rows = res.rejects[res.rejects["table"] == table]
    return dict(zip(rows["line"], rows["reason_code"], strict=True))


def message(res, table: str, line: int) -> str:
    rows = res.rejects[(res.rejects["table"] == table) & (res.rejects["line"] == line)]
    return rows["message"].iloc[0]


def load(tmp_path, **tables: list[dict]):
    data = base_tables()
    for name, rows in tables.items():
        data[name] = data.get(name, []) + rows
    return load_dataset(write_dataset(tmp_path / "ds", data))


def party(pid: str, kind: str = "branch", parent: str = "", region: str = URBAN) -> dict:
    return {
        "party_org_id": pid,
        "name": f"党支部 {pid}",
        "kind": kind,
        "parent_id": parent,
        "region_code": region,
    }


# --- organizations --------------------------------------------------------------------------


def test_uscc_rules_end_to_end(tmp_path):
    good = uscc("51330106MJ0000009")
    wrong = good[:17] + ("1" if good[-1] != "1" else "2")
    res = load(
        tmp_path,
        organizations=[
            org(SERVICE_ID, "social_service"),
            org(FOUNDATION_ID, "foundation"),
            org(wrong),  # line 6
            org("91350100M000100Y43"),  # line 7
            org(SERVICE_ID.replace("52", "51", 1)[:17] + "0", "social_group"),  # line 8
            org(uscc("52330106MJ0000010"), "foundation"),  # line 9
            org("9.13501E+17"),  # line 10
            org("C2", "community", URBAN),  # line 11: any id for a community org
        ],
    )
    found = verdicts(res, "organizations")
    assert found[6] == "uscc_check"
    assert found[7] == "uscc_authority"
    assert found[9] == "uscc_category"
    assert found[10] == "excel_mangled"
    assert 4 not in found and 5 not in found and 11 not in found
    assert message(res, "organizations", 6) == (
        f"organizations.csv:6: org_id {wrong}: "
        f"USCC check character is {wrong[-1]}, expected {good[-1]}"
    )


def test_community_org_must_be_based_in_a_community(tmp_path):
    res = load(
        tmp_path,
        organizations=[org("C2", "community", TOWNSHIP), org("C3", "community", "330106001099")],
    )
    assert verdicts(res, "organizations") == {4: "bad_region_level", 5: "unknown_region"}
    assert message(res, "organizations", 4) == (
        f"organizations.csv:4: region_code {TOWNSHIP}: region is a township, not a community"
    )


def test_org_typed_values_and_defaults(tmp_path):
    res = load(
        tmp_path,
        organizations=[
            org(
                "C2",
                "community",
                RURAL,
                party_members="2",
                social_work_agency="是",
                hub_role="Hub",
                founded="2019-05-04",
            ),
            org("C3", "community", RURAL, star_rating="6"),
            org("C4", "community", RURAL, founded="2023-02-30"),
            org("C5", "community", RURAL, status="closed"),
        ],
    )
    assert verdicts(res, "organizations") == {5: "out_of_range", 6: "bad_date", 7: "bad_enum"}
    orgs = res.tables["organizations"].set_index("org_id")
    assert orgs.loc[
        "C1", ["hub_role", "party_members", "social_work_agency", "status"]
    ].tolist() == [
        "none",
        0,
        False,
        "active",
    ]
    assert orgs.loc[
        "C2", ["hub_role", "party_members", "social_work_agency", "founded"]
    ].tolist() == [
        "hub",
        2,
        True,
        "2019-05-04",
    ]
    assert str(orgs["party_members"].dtype) == "Int64"
    assert str(orgs["social_work_agency"].dtype) == "boolean"


# --- Party organizations --------------------------------------------------------------------


def test_party_org_hierarchy(tmp_path):
    res = load(
        tmp_path,
        party_orgs=[
            party("T1", "territorial_committee", region=TOWNSHIP),  # 2: root
            party("P1", parent="T1"),  # 3
            party("A", parent="B"),  # 4: cycle
            party("B", parent="A"),  # 5: cycle
            party("C", parent="A"),  # 6: hangs off the cycle
            party("S", parent="S"),  # 7: its own parent
            party("U", parent="NOPE"),  # 8
            party("K", "community", parent="T1", region=TOWNSHIP),  # 9: leads a township?
            party("K2", parent="K"),  # 10
        ],
    )
    assert verdicts(res, "party_orgs") == {
        4: "party_cycle",
        5: "party_cycle",
        6: "parent_rejected",
        7: "party_cycle",
        8: "unknown_party_org",
        9: "bad_region_level",
        10: "parent_rejected",
    }
    assert (
        message(res, "party_orgs", 4)
        == "party_orgs.csv:4: party_org_id A: on a cycle of 2 parent_id links (A -> B -> A)"
    )
    # every member names the same cycle, from its first row in the file
    assert (
        message(res, "party_orgs", 5)
        == "party_orgs.csv:5: party_org_id B: on a cycle of 2 parent_id links (A -> B -> A)"
    )
    assert (
        message(res, "party_orgs", 7)
        == "party_orgs.csv:7: party_org_id S: on a cycle of 1 parent_id link (S -> S)"
    )
    assert message(res, "party_orgs", 6) == (
        "party_orgs.csv:6: parent_id A: parent Party organization was rejected "
        "(party_cycle at party_orgs.csv:4)"
    )
    assert message(res, "party_orgs", 10).endswith("(bad_region_level at party_orgs.csv:9)")
    assert res.tables["party_orgs"]["party_org_id"].tolist() == ["T1", "P1"]


def test_covers_and_joint_branch_warning(tmp_path):
    orgs = [org(f"C{i}", "community", URBAN) for i in range(2, 9)]
    covers = [{"party_org_id": "J", "org_id": f"C{i}"} for i in range(1, 9)]
    covers += [{"party_org_id": "J", "org_id": "C99"}, {"party_org_id": "X", "org_id": "C1"}]
    res = load(
        tmp_path,
        organizations=orgs,
        party_orgs=[party("J", "joint_branch")],
        party_org_covers=covers,
    )
    assert verdicts(res, "party_org_covers") == {10: "unknown_org", 11: "unknown_party_org"}
    assert not_about_regions(res.warnings) == [
        "party_org_covers: joint branch J covers 8 organizations (more than 5)"
    ]


# --- people, posts, services, facilities ----------------------------------------------------


def person(pid: str, **extra: str) -> dict:
    return {"person_id": pid, "name": "", **extra}


def test_people(tmp_path):
    res = load(
        tmp_path,
        people=[
            person("A", party_member="是", social_worker="否", home_community=URBAN),
            person("B", party_member="TRUE", home_community=TOWNSHIP),
            person("C", party_member="maybe"),
        ],
    )
    assert verdicts(res, "people") == {3: "bad_region_level", 4: "bad_bool"}
    people = res.tables["people"]
    assert people[["party_member", "social_worker"]].iloc[0].tolist() == [True, False]
    assert people["name"].isna().all()


def post(pid: str, body_type: str, body_id: str, role: str = "staff", **extra: str) -> dict:
    return {"person_id": pid, "body_type": body_type, "body_id": body_id, "role": role, **extra}


def test_posts(tmp_path):
    res = load(
        tmp_path,
        party_orgs=[party("P1")],
        people=[person("A"), person("B", party_member="perhaps")],
        posts=[
            post("A", "org", GROUP_ID, "chair"),  # 2
            post("A", "party_org", "P1", "secretary"),  # 3
            post("A", "community", URBAN, "director"),  # 4
            post("A", "community", TOWNSHIP, "director"),  # 5
            post("A", "org", "P1"),  # 6
            post("A", "party_org", GROUP_ID),  # 7
            post("Z", "org", GROUP_ID),  # 8
            post("B", "org", GROUP_ID),  # 9: B was rejected
            post("A", "org", "C1", start="2021-01-01", end="2020-01-01"),  # 10
            post("A", "org", "C1", start="2023-02-30"),  # 11
            post("A", "club", "C1"),  # 12
        ],
    )
    assert verdicts(res, "posts") == {
        5: "bad_region_level",
        6: "unknown_org",
        7: "unknown_party_org",
        8: "unknown_person",
        9: "ref_rejected",
        10: "bad_period",
        11: "bad_date",
        12: "bad_enum",
    }
    assert (
        message(res, "posts", 9)
        == "posts.csv:9: person_id B: person was rejected (bad_bool at people.csv:3)"
    )
    assert message(res, "posts", 10) == "posts.csv:10: start 2021-01-01 is after end 2020-01-01"


def test_services_targets_by_type(tmp_path):
    def service(target_type: str, target: str, provider: str = GROUP_ID, **extra: str) -> dict:
        return {
            "provider_id": provider,
            "target_type": target_type,
            "target_id": target,
            "kind": "serves",
            **extra,
        }

    res = load(
        tmp_path,
        services=[
            service("community", URBAN, amount_cny="12000.50"),  # 2
            service("township", TOWNSHIP),  # 3
            service("org", "C1"),  # 4
            service("township", URBAN),  # 5
            service("community", COUNTY),  # 6
            service("org", "C1", provider="C99"),  # 7
            service("org", GROUP_ID, amount_cny="lots"),  # 8
        ],
    )
    assert verdicts(res, "services") == {
        5: "bad_region_level",
        6: "bad_region_level",
        7: "unknown_org",
        8: "bad_number",
    }
    assert res.tables["services"]["amount_cny"].iloc[0] == pytest.approx(12000.5)


def test_facilities(tmp_path):
    def facility(fid: str, region: str, operator: str = "", **extra: str) -> dict:
        kind = "party_mass_service_center"
        return {
            "facility_id": fid,
            "kind": kind,
            "region_code": region,
            "operator_org_id": operator,
            **extra,
        }

    res = load(
        tmp_path,
        facilities=[
            facility("F1", URBAN, standardized="yes"),
            facility("F2", TOWNSHIP, "C1"),
            facility("F3", "330106009000"),
            facility("F4", URBAN, "C77"),
        ],
    )
    assert verdicts(res, "facilities") == {4: "unknown_region", 5: "unknown_org"}
    facilities = res.tables["facilities"]
    assert facilities["standardized"].tolist() == [True, False]  # default false


def test_references_mangled_by_excel(tmp_path):
    zeroed = "513301065000012" + "000"  # an all-digit code whose last 3 digits Excel zeroed
    assert uscc_check_char(zeroed[:17]) != zeroed[17]
    res = load(
        tmp_path,
        people=[person("A")],
        posts=[
            post("A", "community", URBAN + ".0"),
            post("A", "community", "3.30106E+11"),
            post("A", "org", zeroed),
        ],
    )
    assert verdicts(res, "posts") == {2: "excel_mangled", 3: "excel_mangled", 4: "excel_mangled"}
    assert message(res, "posts", 4) == (
        f"posts.csv:4: body_id {zeroed}: not found, and it looks mangled by a spreadsheet"
    )
