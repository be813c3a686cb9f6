"""Hostile values (issue 9): numbers in other scripts (class 3), the TOML files (class 6) and
long Party-organization cycles and chains (class 9). Each case in
``tests/data/hostile/values/`` is run through ``graphgov validate`` and its exit code and
message asserted; the expected answers were worked out by hand from the files."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from graphgov.errors import DatasetError
from graphgov.load import load_dataset
from graphgov.meta import Targets

HOSTILE = Path(__file__).parent / "data" / "hostile" / "values"
HANDCHECK = Path(__file__).parent / "data" / "handcheck"


def one_line(text: str) -> str:
    """The only line of `text` (the test fails if there are more)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def rejects(cli, case: str, tmp_path: Path) -> tuple[int, list[tuple[int, str, str]]]:
    """Exit code and ``(line, reason_code, message)`` of every reject of `case`."""
    out = tmp_path / "rejects.csv"
    result = cli(["validate", HOSTILE / case, "--rejects", out])
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    rows = zip(frame["line"].astype(int), frame["reason_code"], frame["message"], strict=True)
    return result.exit_code, list(rows)


# --- class 3: numbers written in other scripts ----------------------------------------------


def test_fullwidth_numbers_dates_and_booleans_are_read_as_ascii(cli):
    result = cli(["validate", HOSTILE / "fullwidth-numbers"])
    assert result.exit_code == 0, result.output
    res = load_dataset(HOSTILE / "fullwidth-numbers")
    orgs = res.tables["organizations"].set_index("org_id")
    # ５ -> 5, １２００ -> 1200, ３ -> 3, ２０１９－０３－０１ -> 2019-03-01, ｔｒｕｅ -> true
    assert orgs["party_members"].tolist() == [5, 1200]
    assert orgs.loc["C1", "star_rating"] == 3
    assert orgs["founded"].tolist() == ["2019-03-01", "2019-03-01"]
    assert orgs["social_work_agency"].tolist() == [True, False]
    # １２５０００．５ -> 125000.5
    assert res.tables["services"]["amount_cny"].tolist() == [125000.5]


def test_other_scripts_and_non_finite_numbers_are_rejected_with_the_character(cli, tmp_path):
    code, rows = rejects(cli, "other-scripts", tmp_path)
    assert code == 1
    hint = "write digits as 0-9"
    assert rows == [
        (
            2,
            "bad_int",
            "organizations.csv:2: party_members ٣: not a whole number "
            f"(٣ is ARABIC-INDIC DIGIT THREE: {hint})",
        ),
        (
            3,
            "bad_int",
            "organizations.csv:3: party_members ३: not a whole number "
            f"(३ is DEVANAGARI DIGIT THREE: {hint})",
        ),
        (
            4,
            "bad_int",
            "organizations.csv:4: party_members ²: not a whole number "
            f"(² is SUPERSCRIPT TWO: {hint})",
        ),
        (
            5,
            "bad_date",
            "organizations.csv:5: founded ٢٠١٩-03-01: not a real YYYY-MM-DD date "
            f"(٢ is ARABIC-INDIC DIGIT TWO: {hint})",
        ),
        (
            6,
            "bad_code",
            "organizations.csv:6: region_code ３３０１０６００１００１: "
            f"not a 12-digit division code (３ is FULLWIDTH DIGIT THREE: {hint})",
        ),
        (7, "bad_int", "organizations.csv:7: party_members 1e3: not a whole number"),
        (8, "bad_date", "organizations.csv:8: founded 2019-W09-5: not a real YYYY-MM-DD date"),
        (2, "bad_number", "services.csv:2: amount_cny 1e999: not a finite number"),
        (3, "bad_number", "services.csv:3: amount_cny inf: not a finite number"),
        (4, "bad_number", "services.csv:4: amount_cny nan: not a finite number"),
        (5, "bad_number", "services.csv:5: amount_cny Infinity: not a finite number"),
        (
            6,
            "bad_number",
            "services.csv:6: amount_cny ٥٠٠: not a number >= 0 "
            f"(٥ is ARABIC-INDIC DIGIT FIVE: {hint})",
        ),
    ]


# --- class 6: the TOML files ----------------------------------------------------------------

SHARE = 'must be a share from 0 to 1 (a number or "a/b")'
TOML_CASES = {
    "toml-unknown-key": "dataset.toml:2: asof is not a known key (did you mean as_of?)",
    "toml-unknown-section": "targets.toml:1: [hub] is not a known section (did you mean [hubs]?)",
    "toml-key-outside-section": (
        "targets.toml:2: urban_min is not a known key (it belongs in [community_orgs])"
    ),
    "toml-boolean-target": f"targets.toml:3: [hubs] community_share = true: {SHARE}",
    "toml-not-a-table": "targets.toml:1: hubs must be a table ([hubs] section), not an integer",
    "toml-negative-minimum": (
        "targets.toml:2: [community_orgs] urban_min = -15: "
        "must be a whole number from 0 to 1,000,000"
    ),
    "toml-nan-share": f"targets.toml:2: [party] work_coverage = nan: {SHARE}",
    "toml-share-above-one": f'targets.toml:2: [social_work] rural_share = "4/3": {SHARE}',
    "toml-as-of-not-a-date": 'dataset.toml:1: as_of "end of 2020" is not a YYYY-MM-DD date',
    "toml-synthetic-not-bool": (
        'dataset.toml:1: synthetic must be true or false, not a string "yes"'
    ),
    "toml-undecodable": "targets.toml:2: not UTF-8 text (byte 0xca); save it as UTF-8",
    "toml-dataset-folder": "dataset.toml: is a folder, not a TOML file",
}


@pytest.mark.parametrize("case", sorted(TOML_CASES))
def test_each_toml_mistake_is_one_line_and_exit_2(cli, case: str):
    result = cli(["validate", HOSTILE / case])
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"error: {HOSTILE / case}/{TOML_CASES[case]}"


def test_a_v2_dataset_toml_and_targets_toml_are_accepted(cli):
    result = cli(["validate", HOSTILE / "toml-v2"])
    assert result.exit_code == 0, result.output
    res = load_dataset(HOSTILE / "toml-v2")
    assert (res.info.name, res.info.as_of, res.info.synthetic) == ("v2", "2020-12-31", True)
    t = res.targets
    assert t.year == 2020 and t.exact("social_work_rural_share") == Fraction(1, 3)
    assert t.social_work_rural_share == 1 / 3  # the float beside it, for the reports
    later = t.schedule()[2025]
    # [by_year.2025] changes two keys; the others come from the 2020 targets
    assert (later.year, later.community_urban_min, later.community_rural_min) == (2025, 20, 5)
    assert later.exact("social_work_rural_share") == Fraction(1, 2)
    assert t.as_dict()["social_work_rural_share"] == 1 / 3
    assert "later" not in t.as_dict() and "fractions" not in t.as_dict()


def test_targets_option_that_is_a_folder_or_missing_is_one_line(cli, tmp_path: Path):
    for path, text in (
        (tmp_path, "is a folder, not a file"),
        (tmp_path / "nope.toml", "no such file"),
    ):
        args = ["report", "density", "--data", HANDCHECK, "--targets", path]
        result = cli(args)
        assert result.exit_code == 2
        assert text in one_line(result.stderr)
    with pytest.raises(DatasetError, match="is a folder, not a TOML file"):
        Targets.from_toml(tmp_path)
    with pytest.raises(DatasetError, match="file not found"):
        Targets.from_toml(tmp_path / "nope.toml")


def test_a_bad_targets_option_file_names_its_key(cli, tmp_path: Path):
    bad = tmp_path / "t.toml"
    bad.write_text("[community_orgs]\nurban_mni = 3\n", encoding="utf-8")
    result = cli(["report", "density", "--data", HANDCHECK, "--targets", bad])
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"error: {bad}:2: [community_orgs] urban_mni is not a known key (did you mean urban_min?)"
    )


# --- class 9: cost bounded by the input -----------------------------------------------------


def test_a_long_cycle_is_described_once_with_its_length(cli, tmp_path):
    code, rows = rejects(cli, "long-cycle", tmp_path)
    assert code == 1
    # P001 -> P002 -> ... -> P300 -> P001 (lines 2-301); Q001 -> P150, Q002 -> Q001, ...
    cycle = "on a cycle of 300 parent_id links (P001 -> P002 -> P003 -> ... -> P001)"
    assert len(rows) == 500
    assert rows[0] == (2, "party_cycle", f"party_orgs.csv:2: party_org_id P001: {cycle}")
    assert rows[299] == (301, "party_cycle", f"party_orgs.csv:301: party_org_id P300: {cycle}")
    assert all(reason == "party_cycle" and cycle in msg for _, reason, msg in rows[:300])
    assert rows[300] == (
        302,
        "parent_rejected",
        "party_orgs.csv:302: parent_id P150: parent Party organization was rejected "
        "(party_cycle at party_orgs.csv:151)",
    )
    assert rows[499] == (
        501,
        "parent_rejected",
        "party_orgs.csv:501: parent_id Q199: parent Party organization was rejected "
        "(parent_rejected at party_orgs.csv:500)",
    )


def write_party_orgs(path: Path, parents: dict[str, str]) -> Path:
    """A dataset (base regions, one organization) whose party_orgs are `parents`."""
    src = HOSTILE / "long-cycle"
    path.mkdir()
    for name in ("regions.csv", "organizations.csv"):
        (path / name).write_bytes((src / name).read_bytes())
    lines = ["party_org_id,name,kind,parent_id,region_code"]
    lines += [f"{k},{k},branch,{p},330106001000" for k, p in parents.items()]
    (path / "party_orgs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


N = 20_000


@pytest.mark.parametrize("shape", ["cycle", "chain", "deep"])
def test_twenty_thousand_members_cost_little(tmp_path: Path, shape: str):
    ids = [f"P{i}" for i in range(1, N + 1)]
    if shape == "cycle":  # P1 -> P2 -> ... -> P20000 -> P1
        parents = dict(zip(ids, ids[1:] + ids[:1], strict=True))
    else:  # P1 -> NOPE (chain) or P1 -> ROOT (deep), P2 -> P1, ..., P20000 -> P19999
        parents = dict(zip(ids, ["NOPE" if shape == "chain" else "ROOT", *ids[:-1]], strict=True))
        if shape == "deep":
            parents = {"ROOT": "", **parents}
    data = write_party_orgs(tmp_path / "ds", parents)
    start = time.perf_counter()
    res = load_dataset(data)
    # the former per-level passes took 10-14 s on the deep chain, ~100 s on the cycle
    assert time.perf_counter() - start < 10
    rows = res.rejects[res.rejects["table"] == "party_orgs"]
    if shape == "deep":
        assert rows.empty and res.counts["party_orgs"].accepted == N + 1
        return
    assert len(rows) == N
    assert rows["message"].str.len().max() <= 120  # bounded, not the whole cycle per member
    if shape == "cycle":
        assert set(rows["reason_code"]) == {"party_cycle"}
        described = rows["message"].str.split(": on ").str[1]
        assert set(described) == {"a cycle of 20,000 parent_id links (P1 -> P2 -> P3 -> ... -> P1)"}
    else:
        assert rows["reason_code"].value_counts().to_dict() == {
            "parent_rejected": N - 1,
            "unknown_party_org": 1,
        }
        assert (
            rows["message"].iloc[0]
            == "party_orgs.csv:2: parent_id NOPE: no such Party organization"
        )
