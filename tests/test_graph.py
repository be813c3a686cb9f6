"""The embedded graph on tests/data/handcheck: tables per label and type, extra labels,
Parquet round trip, networkx projections (counts worked out from the CSV files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import graphgov
from graphgov.errors import DatasetError

HANDCHECK = Path(__file__).parent / "data" / "handcheck"


@pytest.fixture(scope="module")
def handcheck_uncached() -> graphgov.Graph:
    return graphgov.open(HANDCHECK, cache=False)  # the validated cache: tests/test_cache.py


def test_summary_counts(handcheck_uncached):
    counts = dict(
        zip(
            handcheck_uncached.summary()["name"], handcheck_uncached.summary()["count"], strict=True
        )
    )
    # 13 regions, 25 organizations, 8 Party organizations, 4 people, no facilities.
    assert [counts[k] for k in ("Region", "Organization", "PartyOrganization", "Person")] == [
        13, 25, 8, 4,
    ]  # fmt: skip
    # Every region but the province has a parent; PROOT has no parent; PC1 and PC5 lead.
    assert counts["PART_OF"] == 12 and counts["REPORTS_TO"] == 7 and counts["LEADS"] == 2
    assert counts["BASED_IN"] == 25 and counts["COVERS"] == 5 and counts["HOLDS_POST"] == 4
    assert counts["SERVES"] == 1 and counts["SUPPORTS"] == 0 and counts["Facility"] == 0


def test_extra_labels(handcheck_uncached):
    assert sorted(handcheck_uncached.ids_with_label("Township")) == [
        "330106001000", "330106002000", "330212101000",
    ]  # fmt: skip
    assert len(handcheck_uncached.ids_with_label("Community")) == 5
    assert handcheck_uncached.ids_with_label("Hub").empty
    assert sorted(handcheck_uncached.ids_with_label("PartyMember")) == ["P1", "P2", "P3", "P4"]
    with pytest.raises(KeyError, match="unknown label"):
        handcheck_uncached.ids_with_label("Village")


def test_relationship_ends(handcheck_uncached):
    posts = handcheck_uncached.rel("HOLDS_POST")
    assert set(posts["dst_label"]) == {"Organization"}
    assert set(handcheck_uncached.rel("BASED_IN")["src_label"]) == {"Organization"}
    with pytest.raises(KeyError, match="unknown relationship type"):
        handcheck_uncached.rel("KNOWS")


def test_parquet_round_trip(handcheck_uncached, tmp_path: Path):
    saved = handcheck_uncached.save(tmp_path / "graph")
    back = graphgov.open(saved)
    assert (handcheck_uncached.origin, back.origin) == ("validated", "saved")
    for label, frame in handcheck_uncached.nodes.items():
        pd.testing.assert_frame_equal(frame, back.nodes[label], obj=label)
    for rel_type, frame in handcheck_uncached.rels.items():
        pd.testing.assert_frame_equal(frame, back.rels[rel_type], obj=rel_type)
    pd.testing.assert_frame_equal(handcheck_uncached.rejects, back.rejects, obj="rejects")
    assert (
        back.info == handcheck_uncached.info
        and back.targets == handcheck_uncached.targets
        and back.counts == handcheck_uncached.counts
    )
    # handcheck's invented township and community codes are unknown to the NBS edition
    assert back.warnings == handcheck_uncached.warnings and len(handcheck_uncached.warnings) == 2
    assert all(w.startswith("regions: ") and "NBS 2023" in w for w in handcheck_uncached.warnings)
    pd.testing.assert_frame_equal(graphgov.coverage(handcheck_uncached), graphgov.coverage(back))


def test_rejects_and_warnings_survive_a_round_trip(tmp_path: Path):
    data = shutil.copytree(HANDCHECK, tmp_path / "data")
    # A second joint branch covering 6 organizations: a warning (more than 5); a person whose
    # home community does not exist: one reject (unknown_region), line 6 of people.csv.
    with open(data / "party_orgs.csv", "a", encoding="utf-8") as f:
        f.write("PJ9,联合支部9,joint_branch,PCOMP,330106000000\n")
    orgs = pd.read_csv(data / "organizations.csv", dtype=str)["org_id"][:6]
    with open(data / "party_org_covers.csv", "a", encoding="utf-8") as f:
        f.writelines(f"PJ9,{org}\n" for org in orgs)
    with open(data / "people.csv", "a", encoding="utf-8") as f:
        f.write("P9,人员9,false,false,330106009009\n")
    handcheck_uncached = graphgov.open(data, cache=False)
    joint = [w for w in handcheck_uncached.warnings if not w.startswith("regions: ")]
    assert len(joint) == 1 and "PJ9 covers 6 organizations" in joint[0]
    assert list(
        handcheck_uncached.rejects[["table", "line", "reason_code"]].itertuples(index=False)
    ) == [("people", 6, "unknown_region")]
    back = graphgov.open(handcheck_uncached.save(tmp_path / "graph"))
    assert back.warnings == handcheck_uncached.warnings and back.counts == handcheck_uncached.counts
    pd.testing.assert_frame_equal(handcheck_uncached.rejects, back.rejects)


def test_to_networkx_projection(handcheck_uncached):
    net = handcheck_uncached.to_networkx(["COVERS", "SERVES"])
    assert net.number_of_edges() == 6  # 5 covers + 1 serves
    edge = next(iter(net.in_edges(("Region", "330212101202"), data=True)))
    assert edge[0] == ("Organization", "CO5") and edge[2]["type"] == "SERVES"
    assert edge[2]["start"] == "2019-01-01" and "end" not in edge[2]


def test_open_errors(tmp_path: Path):
    with pytest.raises(DatasetError, match="no such dataset directory"):
        graphgov.open(tmp_path / "missing")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "graph.json").write_text("{", encoding="utf-8")
    with pytest.raises(DatasetError, match="not a saved graphgov graph"):
        graphgov.open(tmp_path / "broken")


def _with_extra_columns(tmp_path: Path, column: str) -> Path:
    """handcheck with one more column on posts, services and covers."""
    data = tmp_path / "data"
    shutil.copytree(HANDCHECK, data)
    for table, value in (("posts", "p"), ("services", "s"), ("party_org_covers", "c")):
        frame = pd.read_csv(data / f"{table}.csv", dtype=str, keep_default_na=False)
        frame[column] = [f"{value}{i}" for i in range(len(frame))]
        frame.to_csv(data / f"{table}.csv", index=False)
    return data


def test_unknown_columns_of_relationship_tables_are_kept(tmp_path):
    handcheck_uncached = graphgov.open(_with_extra_columns(tmp_path, "备注 note"), cache=False)
    # handcheck: 4 posts, 1 service (serves), 5 covers, each row numbered in file order
    assert handcheck_uncached.rels["HOLDS_POST"]["备注 note"].tolist() == ["p0", "p1", "p2", "p3"]
    assert handcheck_uncached.rels["SERVES"]["备注 note"].tolist() == ["s0"]
    assert handcheck_uncached.rels["COVERS"]["备注 note"].tolist() == ["c0", "c1", "c2", "c3", "c4"]


def test_a_column_named_like_an_edge_end_is_refused(tmp_path):
    with pytest.raises(
        DatasetError, match=r"party_org_covers.csv: column\(s\) src are graphgov.s own"
    ):
        graphgov.open(_with_extra_columns(tmp_path, "src"), cache=False)


def test_validate_refuses_a_relationship_column_named_like_an_edge_end(tmp_path, cli):
    data = _with_extra_columns(tmp_path, "dst")
    result = cli(["validate", str(data)])
    assert result.exit_code == 2
    assert "party_org_covers.csv: column(s) dst are graphgov's own relationship properties" in (
        " ".join(result.output.split())
    )
