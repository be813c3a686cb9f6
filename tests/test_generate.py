"""The synthetic-province generator: structure, validity and determinism (its dates,
history and calibration are in test_generate_history.py).

Small runs are shared by the tests (the `province` and `sample` fixtures in conftest.py):
the whole of Zhejiang at scale 0.02 (every region, 2% of the organizations and people), the
bundled sample's two counties (西湖区, 平阳县) at scale 1.0, and Jiangsu (32) and Guangdong
(44, cities without counties) at small scales.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest
from generated import SAMPLE_COUNTIES, figures, read

from graphgov import divisions, schema
from graphgov.codes import is_valid_uscc
from graphgov.errors import UsageError
from graphgov.generate import STEPS, GeneratorConfig, generate
from graphgov.generate import names as nm
from graphgov.generate.province import _province_rows
from graphgov.meta import DatasetInfo

BUNDLED = Path(__file__).parents[1] / "datasets" / "zhejiang-sample"
TABLE_FILES = [f"{t}.csv" for t in schema.TABLE_ORDER] + ["dataset.toml", "targets.toml"]


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


def test_regions_are_the_shipped_hierarchy(province):
    regions = read(province, "regions")
    want = divisions.regions_frame("330000000000").fillna("")
    pd.testing.assert_frame_equal(regions, want.astype(str))
    counts = regions["level"].value_counts()
    # divisions.md: 11 cities, 90 counties, 1,387 township-level units, 25,547 village-level
    assert counts[["city", "county", "township", "community"]].tolist() == [11, 90, 1387, 25547]
    names = dict(zip(regions["code"], regions["name"], strict=True))
    assert names["330113000000"] == "临平区" and names["330114000000"] == "钱塘区"
    assert "330103000000" not in names and "330104000000" not in names  # merged in 2021


@pytest.mark.parametrize("scale", [0.02, 1.0])
def test_per_county_counts_are_the_real_ones(province, sample, scale):
    data = province if scale == 0.02 else sample
    regions = read(data, "regions")
    comm = regions[regions["level"] == "community"]
    per = comm.groupby(comm["code"].str[:6]).size()
    truth = divisions.below("330000000000")
    truth = truth[truth["level"] == "community"]
    truth = truth.groupby(truth["code"].str[:6]).size()
    assert per.to_dict() == truth[truth.index.isin(per.index)].to_dict()
    if scale == 0.02:
        assert per["330922"] == 38 and per["330782"] == 544  # 嵊泗县, 义乌市 (divisions.md)
    towns = regions[regions["level"] == "township"]
    assert (towns["code"].str[:6] + "000000" == towns["parent_code"]).all()


def test_real_quirks_come_through_and_load(province):
    regions = read(province, "regions")
    # 龙港市 330383: no townships, its 103 communities under the placeholder 330383198000
    assert regions.loc[regions["code"] == "330383198000", "name"].tolist() == ["龙港县直辖村级区划"]
    assert (regions["parent_code"] == "330383198000").sum() == 103
    towns = regions[regions["level"] == "township"]
    other = towns[towns["code"].str[6].isin(["4", "5"])]
    assert len(other) == 22  # divisions.md: 22 other units coded 4xx/5xx
    assert "330109401000" in set(other["code"])  # 萧山经济技术开发区
    comm = regions[regions["level"] == "community"]
    assert comm["code"].str[9].isin(["4", "5"]).sum() == 71 + 52  # village-level 4xx / 5xx
    assert set(comm["area_type"]) == {"urban", "rural"}
    orgs = read(province, "organizations")
    assert orgs["region_code"].str.startswith("330383198").any()  # the placeholder is used


def test_province_rows_are_the_shipped_table():
    """The generator reads one province from the shipped file; it must be what
    divisions.below gives."""
    for code in ("330000000000", "440000000000"):
        got = _province_rows(code)
        want = divisions.below(code)[got.columns]
        pd.testing.assert_frame_equal(got, want)


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


def test_loads_with_zero_rejects(dataset):
    from graphgov.load import load_dataset

    result = load_dataset(dataset)
    assert result.summary()["rejected"] == 0, result.rejects.head().to_string()


def test_bad_arguments(tmp_path):
    cases = {
        "339999": "--counties 339999: not a county of 浙江省 33 in the shipped NBS 2023",
        "330103": "--counties 330103: not a county of 浙江省",  # 下城区, merged in 2021
        "320102": "--counties 320102: not a county of 浙江省",  # a county of Jiangsu
        "330106001000": "--counties 330106001000: not a county",  # a street
        "3301": "--counties 3301: a county code has 6 or 12 digits",
        "３３０１０６": "a county code has 6 or 12 digits",
    }
    for code, message in cases.items():
        with pytest.raises(UsageError, match=message):
            generate(tmp_path, counties=[code])
    for province in ("99", "3", "330100000000", "ab", "３３"):
        with pytest.raises(UsageError, match="not a province code of the shipped NBS 2023"):
            generate(tmp_path, province=province)
    for scale in (0, 0.001, -1, float("nan"), float("inf"), 11):  # 0.001 crashed the placing
        with pytest.raises(UsageError, match="scale must be from 0.005 to 10.0"):
            generate(tmp_path, scale=scale)
    assert GeneratorConfig().registered_path["2020-12-31"] == (25_856, 44_573, 827)


#: Real provincial and city social organizations (their registered names): a generated name
#: must never be one of them.
REAL_NAMES = [
    "浙江省医学会",
    "浙江省中医药学会",
    "浙江省护理学会",
    "浙江省教育学会",
    "浙江省慈善联合总会",
    "浙江省红十字会",
    "浙江省律师协会",
    "浙江省作家协会",
    "浙江省书法家协会",
    "浙江省摄影家协会",
    "浙江省计算机学会",
    "浙江省篮球协会",
    "浙江省个体劳动者协会",
    "浙江省民办教育协会",
    "浙江省老年人体育协会",
    "浙江省青少年发展基金会",
    "浙江省教育基金会",
    "浙江省社会组织总会",
    "浙江省建筑业行业协会",
    "浙江省电子商务促进会",
    "浙江省安徽商会",
    "浙江省江西商会",
    "杭州市慈善总会",
    "杭州市社会组织服务中心",
]


def test_names_never_copy_a_real_organization(province, sample):
    for data in (province, sample):
        names = set(read(data, "organizations")["name"])
        assert not names & set(REAL_NAMES)
        # the pattern real ones follow, area + stem, is never generated: every name has a brand
        labels = set(read(data, "regions")["name"]) | {"浙江省", "杭州市", "西湖区", "平阳县"}
        stems = {x for v in nm.REGISTERED_STEMS.values() for x in v}
        stems |= {x for v in nm.COMMUNITY_STEMS.values() for x in v}
        stems |= {"社会组织联合会", "社会组织服务中心", "社会组织发展促进会", "社会工作服务中心"}
        assert not names & {a + b for a in labels for b in stems}
        assert all(any(b in n for b in nm.BRANDS) for n in names)


def test_dataset_toml_says_synthetic(dataset):
    info = DatasetInfo.from_dir(dataset)
    assert info.synthetic is True and info.name == "zhejiang-synthetic"
    assert "synthetic = true" in (dataset / "dataset.toml").read_text("utf-8").splitlines()


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("jiangsu")
    generate(out, scale=0.02, seed=7, province="32")
    return out


def test_another_province_on_its_real_skeleton(jiangsu):
    from graphgov.load import load_dataset

    regions = read(jiangsu, "regions")
    want = divisions.regions_frame("320000000000").fillna("").astype(str)
    pd.testing.assert_frame_equal(regions, want)
    assert (regions["level"] == "community").sum() == 21_958  # Jiangsu in the shipped table
    result = load_dataset(jiangsu)
    assert result.summary()["rejected"] == 0, result.rejects.head().to_string()
    f = figures(jiangsu)
    # Zhejiang's 71,256 registered organizations per 25,547 communities (end-2020), times
    # 21,958 / 25,547
    assert f["registered"] == pytest.approx(71_256 * 0.02 * 21_958 / 25_547, rel=0.05)
    assert f["social_workers"] == round(48_000 * 0.02 * 21_958 / 25_547)
    f = figures(jiangsu, "2017-12-31")  # the national rate, end-2017
    assert f["org_coverage"] == pytest.approx(0.617, abs=0.01)
    party = read(jiangsu, "party_orgs")
    assert party["name"].iloc[0] == "中共江苏省委两新工委"
    toml = (jiangsu / "dataset.toml").read_text("utf-8")
    assert 'name = "synthetic-32"' in toml and "synthetic = true" in toml


def test_a_city_without_counties(tmp_path):
    """东莞市 441900 has no counties: its townships hang from the city, which registers the
    organizations a county would."""
    from graphgov.load import load_dataset

    generate(tmp_path, scale=0.05, seed=7, province="44", counties=["441900"])
    regions = read(tmp_path, "regions")
    assert regions.loc[regions["level"] == "township", "parent_code"].eq("441900000000").all()
    assert (regions["level"] == "community").sum() == 609  # shipped: 36 townships, 609 below
    orgs = read(tmp_path, "organizations")
    reg = orgs[orgs["kind"] != "community"]
    assert len(reg) and set(reg["registered_at"]) <= {"province", "city"}
    result = load_dataset(tmp_path)
    assert result.summary()["rejected"] == 0, result.rejects.head().to_string()


def test_cli_province_option(cli, tmp_path):
    result = cli(["generate", str(tmp_path / "x"), "--province", "99"])
    assert result.exit_code == 2
    assert "--province 99: not a province code" in result.output
    result = cli(["generate", str(tmp_path / "x"), "--counties", "330106,330103"])
    assert result.exit_code == 2  # 下城区 330103 was merged in 2021
    assert "--counties 330103: not a county of 浙江省 33" in result.output
    assert not (tmp_path / "x" / "regions.csv").exists()


def test_never_overwrites_other_data(tmp_path):
    real = tmp_path / "real"
    shutil.copytree(Path(__file__).parent / "data" / "handcheck", real)
    before = {p.name: p.read_bytes() for p in real.iterdir()}
    with pytest.raises(UsageError, match="holds no synthetic dataset"):
        generate(real, scale=0.01, counties=["330106"])
    assert {p.name: p.read_bytes() for p in real.iterdir()} == before
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="is a file, not a folder"):
        generate(tmp_path / "file", scale=0.01, counties=["330106"])
    again = tmp_path / "synthetic"
    generate(again, scale=0.01, counties=["330106"])
    generate(again, scale=0.01, counties=["330106"])  # an earlier synthetic dataset: rewritten
    assert "synthetic = true" in (again / "dataset.toml").read_text(encoding="utf-8")


def test_community_labels_drop_the_committee_word():
    from graphgov.generate.province import build_regions

    regions = build_regions("33")
    by_name = dict(zip(regions["name"], regions["label"], strict=False))
    assert by_name["周垟村村委员会"] == "周垟村"  # 村民委员会 written without 民
    some_village = regions[regions["name"].str.endswith("村委会")].iloc[0]
    assert some_village["label"] == some_village["name"][: -len("村委会")] + "村"
