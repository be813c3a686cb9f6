"""Reading a date (datasets/README.md, Analysis definitions, §4.0), once in pandas
(graphgov.analyses._common) and once in Cypher (cypher/fragments/org_active, party_org_exists,
cover_active), on organizations, Party organizations and covers whose dates were chosen so
that each rule decides one case; the expected sets are worked out by hand below."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from minidata import COUNTY, GROUP_ID, SERVICE_ID, base_tables, org, uscc, write_dataset

import graphgov
from graphgov.analyses._common import covers_on, orgs_active_on, party_orgs_on
from graphgov.neo4j.queries import run_query
from graphgov.neo4j.store import load_graph

LATE = uscc("51330106MJ0000011")  # founded 2019-05-01
GONE = uscc("51330106MJ0000012")  # deregistered on 2019-01-01
REVOKED = uscc("52330106MJ0000013")  # revoked, no date: gone on every date
SPELL = uscc("52330106MJ0000014")  # abnormal 2018-06-01 until 2019-06-01
LISTED = uscc("51330106MJ0000015")  # status abnormal, no dates: abnormal on every date
OPEN = uscc("51330106MJ0000016")  # abnormal since 2019-03-01, open-ended

ORGS = [
    org(GROUP_ID),  # no dates at all: active on every date
    org(SERVICE_ID, "social_service", founded="2010-01-01"),
    org(LATE, founded="2019-05-01"),
    org(GONE, status="deregistered", deregistered_on="2019-01-01", founded="2012-01-01"),
    org(REVOKED, "social_service", status="revoked"),
    org(SPELL, "social_service", abnormal_since="2018-06-01", abnormal_until="2019-06-01"),
    org(LISTED, status="abnormal"),
    org(OPEN, abnormal_since="2019-03-01"),
]
PARTY_ORGS = [
    {"party_org_id": "P1", "name": "一支部", "kind": "branch", "region_code": COUNTY},
    {"party_org_id": "P2", "name": "二支部", "kind": "branch", "region_code": COUNTY,
     "founded": "2018-03-01", "dissolved": "2019-09-01"},
]  # fmt: skip
COVERS = [
    {"party_org_id": "P1", "org_id": GROUP_ID, "since": "2018-01-01", "until": "2019-06-30"},
    {"party_org_id": "P1", "org_id": SERVICE_ID},
    {"party_org_id": "P2", "org_id": LATE, "since": "2019-05-01"},
]

#: On each date, by hand: which organizations are active, which Party organizations exist,
#: which covers are active (Party organization, organization).
EXPECTED = {
    "2017-12-31": {
        # LATE not founded; GONE exists (deregistered later); REVOKED never; SPELL before its
        # stay; LISTED always abnormal; OPEN before its stay.
        "orgs": {GROUP_ID, SERVICE_ID, GONE, SPELL, OPEN},
        "party_orgs": {"P1"},  # P2 founded 2018-03-01
        "covers": {("P1", SERVICE_ID)},  # P1's cover of GROUP_ID starts 2018-01-01
    },
    "2018-12-31": {
        "orgs": {GROUP_ID, SERVICE_ID, GONE, OPEN},  # SPELL abnormal from 2018-06-01
        "party_orgs": {"P1", "P2"},
        "covers": {("P1", GROUP_ID), ("P1", SERVICE_ID)},  # P2's cover starts 2019-05-01
    },
    "2019-06-01": {
        # GONE deregistered on 2019-01-01 (gone from that day); SPELL's stay ended 2019-06-01
        # (until is exclusive); OPEN abnormal since 2019-03-01; LATE founded 2019-05-01.
        "orgs": {GROUP_ID, SERVICE_ID, LATE, SPELL},
        "party_orgs": {"P1", "P2"},
        "covers": {("P1", GROUP_ID), ("P1", SERVICE_ID), ("P2", LATE)},
    },
    "2019-09-01": {
        "orgs": {GROUP_ID, SERVICE_ID, LATE, SPELL},
        "party_orgs": {"P1"},  # P2 dissolved on 2019-09-01: gone from that day
        # GROUP_ID's cover ended 2019-06-30 (until inclusive); P2's cover: P2 is gone.
        "covers": {("P1", SERVICE_ID)},
    },
}

ORGS_ON = """// name: orgs-on
// test: the organizations active on $as_of
WITH date($as_of) AS asOf
MATCH (o:Organization)
WHERE {{org_active(o)}}
RETURN o.org_id AS id
"""
PARTY_ORGS_ON = """// name: party-orgs-on
// test: the Party organizations that exist on $as_of
WITH date($as_of) AS asOf
MATCH (p:PartyOrganization)
WHERE {{party_org_exists(p)}}
RETURN p.party_org_id AS id
"""
COVERS_ON = """// name: covers-on
// test: the covers active on $as_of whose Party organization exists
WITH date($as_of) AS asOf
MATCH (p:PartyOrganization)-[r:COVERS]->(o:Organization)
WHERE {{cover_active(r)}} AND {{party_org_exists(p)}}
RETURN p.party_org_id AS p, o.org_id AS o
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    tables = base_tables()
    tables["organizations"] = ORGS
    tables["party_orgs"] = PARTY_ORGS
    tables["party_org_covers"] = COVERS
    path = write_dataset(tmp_path_factory.mktemp("dates"), tables)
    (path / "dataset.toml").write_text('name = "dates"\nas_of = "2019-06-01"\n')
    return path


@pytest.fixture(scope="module")
def g(dataset: Path) -> graphgov.Graph:
    graph = graphgov.open(dataset)
    assert graph.rejects.empty, graph.rejects
    return graph


@pytest.mark.parametrize("as_of", list(EXPECTED))
def test_pandas_reads_each_date_as_worked_out(g, as_of: str):
    want = EXPECTED[as_of]
    assert set(orgs_active_on(g, as_of)["org_id"]) == want["orgs"]
    assert set(party_orgs_on(g, as_of)["party_org_id"]) == want["party_orgs"]
    covers = covers_on(g, as_of)
    assert set(zip(covers["src"], covers["dst"], strict=True)) == want["covers"]


@pytest.fixture(scope="module")
def loaded(g, neo4j_driver: neo4j.Driver, tmp_path_factory) -> tuple[neo4j.Driver, Path]:
    load_graph(neo4j_driver, g, replace=True)
    folder = tmp_path_factory.mktemp("queries")
    for name, text in (("orgs-on", ORGS_ON), ("party-orgs-on", PARTY_ORGS_ON)):
        (folder / f"{name}.cypher").write_text(text)
    (folder / "covers-on.cypher").write_text(COVERS_ON)
    return neo4j_driver, folder


@pytest.mark.neo4j
@pytest.mark.parametrize("as_of", list(EXPECTED))
def test_the_cypher_fragments_read_each_date_alike(loaded, as_of: str):
    driver, folder = loaded
    want = EXPECTED[as_of]

    def ids(name: str) -> set:
        return set(run_query(driver, name, {"as_of": as_of}, extra_dir=folder)["id"])

    assert ids("orgs-on") == want["orgs"]
    assert ids("party-orgs-on") == want["party_orgs"]
    rows = run_query(driver, "covers-on", {"as_of": as_of}, extra_dir=folder)
    assert set(zip(rows["p"], rows["o"], strict=True)) == want["covers"]


def test_a_deregistration_date_needs_a_gone_status(tmp_path):
    tables = base_tables()
    tables["organizations"].append(org(LATE, deregistered_on="2019-01-01"))
    res = graphgov.open(write_dataset(tmp_path, tables)).rejects
    assert res["reason_code"].tolist() == ["bad_status_date"]
    assert "deregistered_on 2019-01-01 but status is active" in res["message"].iloc[0]


def test_a_period_that_ends_before_it_starts_is_rejected(tmp_path):
    tables = base_tables()
    tables["party_orgs"] = [dict(PARTY_ORGS[1], founded="2020-01-01")]
    res = graphgov.open(write_dataset(tmp_path, tables)).rejects
    assert res["reason_code"].tolist() == ["bad_period"]
    assert res["message"].iloc[0].endswith("founded 2020-01-01 is after dissolved 2019-09-01")
