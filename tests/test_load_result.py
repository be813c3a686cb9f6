"""Where every row goes: duplicates, conflicting keys, counts, summary, rejects, docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from minidata import GROUP_ID, TOWNSHIP, URBAN, base_tables, org, write_dataset

from graphgov import schema
from graphgov.load import REASONS, REJECT_COLUMNS, LoadResult, TableCounts, load_dataset

VALIDATION_MD = Path(__file__).resolve().parents[1] / "datasets" / "VALIDATION.md"


def messy_tables() -> dict[str, list[dict]]:
    """A dataset with something wrong in every table (hand-checked counts in the tests)."""
    tables = base_tables()
    tables["regions"] += [
        {"code": "330106002000", "name": "北山", "parent_code": "330106000000"},  # 8
        {"code": "330106002000", "name": "北山", "parent_code": "330106000000"},  # 9: exact dup
        {"code": "330106003000", "name": "A", "parent_code": "330106000000"},  # 10: conflict
        {"code": "330106003000", "name": "B", "parent_code": "330106000000"},  # 11: conflict
        {"code": "330106003001", "name": "C", "parent_code": "330106003000", "area_type": "rural"},
    ]
    tables["organizations"] += [
        org("C2", "community", "330106003001"),  # 4: region rejected (parent conflict)
        org("C3", "community", URBAN),  # 5
        org("C3", "community", URBAN, domain="charity"),  # 6: conflicting key
        org("C4", "community", URBAN),  # 7
        org("C4", "community", URBAN),  # 8: exact duplicate
    ]
    tables["party_orgs"] = [
        {"party_org_id": "P1", "name": "p", "kind": "branch", "region_code": URBAN},
        {
            "party_org_id": "P2",
            "name": "p",
            "kind": "branch",
            "parent_id": "P3",
            "region_code": URBAN,
        },
        {
            "party_org_id": "P3",
            "name": "p",
            "kind": "branch",
            "parent_id": "P2",
            "region_code": URBAN,
        },
    ]
    tables["party_org_covers"] = [
        {"party_org_id": "P1", "org_id": "C3"},  # ref to a conflicting key
        {"party_org_id": "P2", "org_id": "C4"},  # ref to a cycle member
        {"party_org_id": "P1", "org_id": "C4"},
    ]
    tables["people"] = [{"person_id": "X", "party_member": "否"}] * 2
    tables["posts"] = [
        {"person_id": "X", "body_type": "org", "body_id": "C4", "role": "chair"},
        {"person_id": "X", "body_type": "org", "body_id": "C3", "role": "chair"},
        {"person_id": "X", "body_type": "community", "body_id": URBAN, "role": "boss"},
    ]
    tables["services"] = [
        {"provider_id": "C4", "target_type": "township", "target_id": TOWNSHIP, "kind": "serves"},
        {"provider_id": "C2", "target_type": "community", "target_id": URBAN, "kind": "serves"},
    ]
    return tables


def test_counts_balance_and_hand_checked_outcome(tmp_path):
    res = load_dataset(write_dataset(tmp_path / "ds", messy_tables()))
    expected = {
        "regions": TableCounts(11, 7, 3, 1),
        "organizations": TableCounts(7, 3, 3, 1),
        "party_orgs": TableCounts(3, 1, 2, 0),
        "party_org_covers": TableCounts(3, 1, 2, 0),
        "people": TableCounts(2, 1, 0, 1),
        "posts": TableCounts(3, 1, 2, 0),
        "services": TableCounts(2, 1, 1, 0),
        "facilities": TableCounts(0, 0, 0, 0),
    }
    assert res.counts == expected
    for name, c in res.counts.items():
        assert c.rows == c.accepted + c.rejected + c.duplicates
        assert len(res.tables[name]) == c.accepted
        assert (res.rejects["table"] == name).sum() == c.rejected
    assert set(res.rejects["reason_code"]) <= set(REASONS)
    assert res.exit_code == 1


def test_conflicting_keys_and_what_refers_to_them(tmp_path):
    res = load_dataset(write_dataset(tmp_path / "ds", messy_tables()))
    rejects = res.rejects.set_index(["table", "line"])
    assert rejects.loc[("regions", 10), "message"] == (
        "regions.csv:10: code 330106003000: key shared by rows that differ (lines 10, 11)"
    )
    assert rejects.loc[("regions", 11), "reason_code"] == "duplicate_key"
    assert rejects.loc[("regions", 12), "reason_code"] == "parent_rejected"
    assert rejects.loc[("organizations", 4), "reason_code"] == "ref_rejected"
    assert rejects.loc[("organizations", 5), "reason_code"] == "duplicate_key"
    assert rejects.loc[("party_org_covers", 2), "message"] == (
        "party_org_covers.csv:2: org_id C3: organization was rejected "
        "(duplicate_key at organizations.csv:5)"
    )
    assert rejects.loc[("party_org_covers", 3), "message"] == (
        "party_org_covers.csv:3: party_org_id P2: Party organization was rejected "
        "(party_cycle at party_orgs.csv:3)"
    )
    assert rejects.loc[("posts", 3), "reason_code"] == "ref_rejected"
    assert rejects.loc[("services", 3), "message"].endswith("(ref_rejected at organizations.csv:4)")
    # the exact duplicates collapse into the first copy, which is accepted
    assert res.tables["organizations"]["org_id"].tolist() == [GROUP_ID, "C1", "C4"]


def test_rejects_frame(tmp_path):
    res = load_dataset(write_dataset(tmp_path / "ds", messy_tables()))
    assert tuple(res.rejects.columns) == REJECT_COLUMNS
    assert str(res.rejects["line"].dtype) == "int64"
    row = res.rejects.set_index(["table", "line"]).loc[("posts", 4)]
    assert row["reason_code"] == "bad_enum"
    assert json.loads(row["raw"]) == {
        "person_id": "X",
        "body_type": "community",
        "body_id": URBAN,
        "role": "boss",
    }
    order = [schema.TABLE_ORDER.index(t) for t in res.rejects["table"]]
    assert order == sorted(order)


def test_summary_shape_and_exit_codes(tmp_path):
    clean = load_dataset(write_dataset(tmp_path / "clean", base_tables()))
    assert isinstance(clean, LoadResult)
    assert clean.exit_code == 0
    summary = clean.summary()
    assert set(summary) == {"tables", "rejected"}
    assert list(summary["tables"]) == list(schema.TABLE_ORDER)
    assert summary["tables"]["regions"] == {
        "rows": 6,
        "accepted": 6,
        "rejected": 0,
        "duplicates": 0,
    }
    assert summary["rejected"] == 0
    json.dumps(summary)  # plain ints
    messy = load_dataset(write_dataset(tmp_path / "messy", messy_tables()))
    assert messy.summary()["rejected"] == len(messy.rejects) == 13


def test_only_duplicates_is_still_clean(tmp_path):
    tables = base_tables()
    tables["organizations"].append(tables["organizations"][0])
    res = load_dataset(write_dataset(tmp_path / "ds", tables))
    assert res.counts["organizations"] == TableCounts(3, 2, 0, 1)
    assert res.exit_code == 0


def test_absent_tables_are_empty_typed_frames(tmp_path):
    res = load_dataset(write_dataset(tmp_path / "ds", base_tables()))
    assert list(res.tables) == list(schema.TABLE_ORDER)
    posts = res.tables["posts"]
    assert posts.empty
    assert list(posts.columns) == list(schema.TABLES["posts"].column_names)
    assert str(res.tables["people"]["party_member"].dtype) == "boolean"


def test_info_targets_and_progress(tmp_path):
    path = write_dataset(tmp_path / "ds", base_tables())
    (path / "dataset.toml").write_text('name = "mini"\nas_of = "2020-06-30"\n', encoding="utf-8")
    (path / "targets.toml").write_text("[community_orgs]\nurban_min = 20\n", encoding="utf-8")
    seen: list[tuple[str, int]] = []
    res = load_dataset(path, progress=lambda name, n: seen.append((name, n)))
    assert (res.info.name, res.info.as_of) == ("mini", "2020-06-30")
    assert res.targets.community_urban_min == 20
    assert res.path == path
    assert seen[:3] == [("regions", 6), ("party_orgs", 0), ("organizations", 2)]
    assert [name for name, _ in seen] == list(schema.TABLE_ORDER)


def test_every_reason_code_is_documented():
    text = VALIDATION_MD.read_text(encoding="utf-8").split("## Import reason codes")[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    assert documented == set(REASONS)
