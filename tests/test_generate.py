"""The synthetic-province generator: structure, calibration, validity and determinism.

Two small runs are shared by the tests: the whole province at scale 0.02 (every region, 2% of
the organizations and people) and the bundled sample's two counties (西湖区, 平阳县) at
scale 1.0.
"""

from __future__ import annotations

import filecmp
import functools
from pathlib import Path

import pandas as pd
import pytest

from graphgov import schema
from graphgov.codes import is_valid_uscc
from graphgov.errors import UsageError
from graphgov.generate import STEPS, GeneratorConfig, calibration, generate
from graphgov.generate.province import reference_tables, township_counts

SAMPLE_COUNTIES = ["330106", "330326"]
BUNDLED = Path(__file__).parents[1] / "datasets" / "zhejiang-sample"
TABLE_FILES = [f"{t}.csv" for t in schema.TABLE_ORDER] + ["dataset.toml", "targets.toml"]


read = functools.cache(calibration.read)  # the datasets are read-only: read each table once
figures = functools.cache(calibration.figures)


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("province")
    generate(out, scale=0.02, seed=7)
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    generate(out, scale=1.0, seed=2019, counties=SAMPLE_COUNTIES)
    return out


@pytest.fixture(scope="module", params=["province", "sample"])
def dataset(request) -> Path:
    return request.getfixturevalue(request.param)


def test_same_seed_same_bytes_other_seed_other_bytes(sample, tmp_path):
    steps: list[str] = []
    again = generate(tmp_path / "a", seed=2019, counties=SAMPLE_COUNTIES, progress=steps.append)
    assert steps == list(STEPS)
    match, mismatch, errors = filecmp.cmpfiles(sample, tmp_path / "a", TABLE_FILES, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert again["organizations"] == len(read(sample, "organizations"))
    generate(tmp_path / "b", seed=2020, counties=SAMPLE_COUNTIES)
    assert not filecmp.cmp(sample / "posts.csv", tmp_path / "b" / "posts.csv", shallow=False)


def test_bundled_sample_is_what_the_generator_makes(sample):
    """datasets/zhejiang-sample is `generate(..., seed=2019, counties=SAMPLE_COUNTIES)`;
    after changing the generator, regenerate it (see datasets/README.md)."""
    match, mismatch, errors = filecmp.cmpfiles(sample, BUNDLED, TABLE_FILES, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_header_is_contract_columns(dataset):
    for name in schema.TABLE_ORDER:
        header = (dataset / f"{name}.csv").read_text("utf-8").split("\n", 1)[0].split(",")
        assert set(header) <= set(schema.TABLES[name].column_names), name
        assert {c.name for c in schema.TABLES[name].columns if c.required} <= set(header)
    assert 'as_of = "2020-12-31"' in (dataset / "dataset.toml").read_text("utf-8")


def test_cities_and_counties_are_the_real_ones(province):
    cities, counties, _ = reference_tables()
    regions = read(province, "regions")
    got_cities = regions[regions["level"] == "city"]
    got_counties = regions[regions["level"] == "county"]
    assert len(got_cities) == 11 and len(got_counties) == 90
    assert sorted(got_cities["code"].str[:6]) == sorted(cities["code"])
    names = dict(zip(counties["code"] + "000000", counties["name_zh"], strict=True))
    assert dict(zip(got_counties["code"], got_counties["name"], strict=True)) == names


def test_townships_follow_the_2020_counts(province):
    regions = read(province, "regions")
    towns = regions[regions["level"] == "township"]
    seq = towns["code"].str[6:9].astype(int)
    unit = pd.cut(seq, [0, 99, 199, 299, 999], labels=["street", "town", "township", "other"])
    got = pd.crosstab(towns["code"].str[:6], unit)
    want = township_counts().set_index("code")[["street", "town", "township", "other"]]
    assert (got.reindex(want.index).fillna(0).astype(int).values == want.values).all()
    assert 1_350 <= len(towns) <= 1_370
    suffix = {"street": "街道", "town": "镇", "township": "乡"}
    for kind, end in suffix.items():
        assert towns.loc[(unit == kind).to_numpy(), "name"].str.endswith(end).all()


def test_communities(province):
    regions = read(province, "regions")
    comm = regions[regions["level"] == "community"]
    assert 25_000 <= len(comm) <= 29_000
    urban = comm["area_type"] == "urban"
    assert 4_200 <= urban.sum() <= 5_100
    seq = comm["code"].str[9:].astype(int)
    assert (seq[urban] <= 199).all() and (seq[~urban] >= 200).all()
    assert (comm["parent_code"] == comm["code"].str[:9] + "000").all()
    towns = set(regions.loc[regions["level"] == "township", "code"])
    assert comm["parent_code"].isin(towns).all()
    assert comm.groupby("parent_code").size().index.size == len(towns)  # none is empty


def test_calibration_at_small_scale(province):
    f = figures(province)
    assert f["kind_share_social_group"] == pytest.approx(0.36, abs=0.01)
    assert f["kind_share_social_service"] == pytest.approx(0.63, abs=0.01)
    assert f["kind_share_foundation"] == pytest.approx(0.01, abs=0.005)
    assert f["registered"] == pytest.approx(53_000 * 0.02, rel=0.05)
    assert f["social_workers"] == round(48_000 * 0.02)
    assert f["stations"] == round(8_000 * 0.02)
    assert f["purchase_catalogue"] == round(6_709 * 0.02)


def test_party_coverage(dataset):
    f = figures(dataset)
    assert f["org_coverage"] == pytest.approx(0.829, abs=0.01)
    assert 0.995 <= f["work_coverage"] < 1.0


def test_community_org_density(sample):
    # ~150,000 filed organizations for ~25,500 communities: the 2020 targets (15 / 5) are
    # still to reach on average, and a minority of communities meets them.
    f = figures(sample)
    assert 11 <= f["urban_density"] < 15 and 3.5 <= f["rural_density"] < 5
    assert 0.2 <= f["urban_meeting"] <= 0.6 and 0.2 <= f["rural_meeting"] <= 0.6


def test_uscc_ids(dataset):
    orgs = read(dataset, "organizations")
    assert orgs["org_id"].is_unique
    reg = orgs[orgs["kind"] != "community"]
    assert reg["org_id"].map(is_valid_uscc).all()
    assert (reg["org_id"].str[0] == "5").all()
    assert (reg["org_id"].str[1] == reg["kind"].map(schema.USCC_CATEGORY)).all()
    division = reg["region_code"].str[:6].where(reg["registered_at"] == "county")
    division = division.fillna(
        reg["region_code"].str[:4].where(reg["registered_at"] == "city") + "00"
    )
    division = division.fillna("330000")
    assert (reg["org_id"].str[2:8] == division).all()
    comm = orgs[orgs["kind"] == "community"]
    assert comm["org_id"].str.fullmatch(r"C\d{12}-\d{4}").all()
    assert (comm["org_id"].str[1:13] == comm["region_code"]).all()
    assert (comm["registered_at"] == "township").all()


def test_references_resolve(dataset):
    t = {name: read(dataset, name) for name in schema.TABLE_ORDER}
    regions, orgs, party = t["regions"], t["organizations"], t["party_orgs"]
    codes = set(regions["code"])
    assert regions["parent_code"].replace("", pd.NA).dropna().isin(codes).all()
    assert orgs["region_code"].isin(codes).all() and party["region_code"].isin(codes).all()
    comm = set(regions.loc[regions["level"] == "community", "code"])
    assert orgs.loc[orgs["kind"] == "community", "region_code"].isin(comm).all()
    ids = set(party["party_org_id"])
    parents = party["parent_id"].replace("", pd.NA)
    assert parents.dropna().isin(ids).all() and parents.isna().sum() == 1
    up = pd.Series(parents.to_numpy(), index=party["party_org_id"])
    node = up.copy()
    for _ in range(12):  # every chain reaches the root within a few steps: no cycles
        node = node.map(up).where(node.notna())
    assert node.isna().all()
    pc = party[party["kind"] == "community"]
    assert sorted(pc["region_code"]) == sorted(comm)
    assert t["party_org_covers"]["party_org_id"].isin(ids).all()
    assert t["party_org_covers"]["org_id"].isin(set(orgs["org_id"])).all()
    posts, people = t["posts"], t["people"]
    assert posts["person_id"].isin(set(people["person_id"])).all()
    targets = {"org": set(orgs["org_id"]), "party_org": ids, "community": comm}
    for body, keys in targets.items():
        assert posts.loc[posts["body_type"] == body, "body_id"].isin(keys).all(), body
    svc = t["services"]
    assert svc["provider_id"].isin(targets["org"]).all()
    towns = set(regions.loc[regions["level"] == "township", "code"])
    svc_targets = {"org": targets["org"], "community": comm, "township": towns}
    for kind, keys in svc_targets.items():
        assert svc.loc[svc["target_type"] == kind, "target_id"].isin(keys).all(), kind
    fac = t["facilities"]
    assert fac["region_code"].isin(codes).all()
    assert fac["operator_org_id"].replace("", pd.NA).dropna().isin(targets["org"]).all()
    home = people["home_community"].replace("", pd.NA).dropna()
    assert home.isin(comm).all()


def test_dates_and_periods(sample):
    posts, svc = read(sample, "posts"), read(sample, "services")
    for frame in (posts, svc):
        ended = frame["end"] != ""
        assert (frame.loc[ended, "start"] <= frame.loc[ended, "end"]).all()
    assert (posts["start"] > "2020-12-31").any()  # future starts: as_of matters
    assert ((posts["end"] != "") & (posts["end"] < "2020-12-31")).any()  # past posts


def test_hubs_everywhere_above_township_and_gaps_below(sample):
    orgs, regions = read(sample, "organizations"), read(sample, "regions")
    hubs = orgs[orgs["hub_role"] != "none"]
    upper = regions.loc[regions["level"].isin(["city", "county"]), "code"]
    assert upper.isin(hubs["region_code"]).all()
    towns = regions.loc[regions["level"] == "township", "code"]
    assert 0.2 < towns.isin(hubs["region_code"]).mean() < 0.8


def test_joint_branches_cover_two_to_five(sample):
    party, covers = read(sample, "party_orgs"), read(sample, "party_org_covers")
    joint = party.loc[party["kind"] == "joint_branch", "party_org_id"]
    sizes = covers[covers["party_org_id"].isin(joint)].groupby("party_org_id").size()
    assert len(sizes) and sizes.between(2, 5).all()


def test_loads_with_zero_rejects(dataset):
    from graphgov.load import load_dataset

    result = load_dataset(dataset)
    assert result.summary()["rejected"] == 0, result.rejects.head().to_string()


def test_bad_arguments(tmp_path):
    with pytest.raises(UsageError):
        generate(tmp_path, counties=["339999"])
    for scale in (0, 0.001, -1, float("nan"), float("inf"), 11):  # 0.001 crashed the placing
        with pytest.raises(UsageError, match="scale must be from 0.005 to 10.0"):
            generate(tmp_path, scale=scale)
    assert GeneratorConfig().registered_orgs == 53_000
