"""The national generator (`generate --country / --provinces`), on two small provinces.

宁夏 (64) and 青海 (63) in the shipped NBS 2023 table: 宁夏 1 province, 5 cities, 22 counties,
259 townships and 2,912 communities (3,199 regions); 青海 1, 8, 45, 422 and 4,716 (5,192).
"""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphgov.cli import app
from graphgov.errors import UsageError
from graphgov.generate import calibration
from graphgov.generate.country import (
    NATIONAL_SCALE,
    generate_country,
    parse_provinces,
    province_seed,
)
from graphgov.load import load_dataset

NX_QH = ["640000000000", "630000000000"]


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation")
    steps: list[str] = []
    counts = generate_country(out, scale=0.1, provinces=NX_QH, progress=steps.append)
    return out, counts, steps


def test_parse_provinces():
    assert parse_provinces("64, 63") == NX_QH
    assert len(parse_provinces("all")) == 31
    with pytest.raises(UsageError, match="--provinces: 99"):
        parse_provinces("99")
    with pytest.raises(UsageError, match="64 given more than once"):
        parse_provinces("64,63,64")
    assert province_seed(7, "640000000000") == 764


def test_regions_are_both_provinces_whole(two):
    out, counts, _ = two
    assert counts["regions"] == 3_199 + 5_192
    regions = calibration.read(out, "regions")
    assert sorted(regions.loc[regions["level"] == "province", "name"]) == [
        "宁夏回族自治区",
        "青海省",
    ]
    assert set(regions["code"].str[:2]) == {"63", "64"}


def test_ids_are_unique_across_provinces_and_tagged(two):
    out, _, _ = two
    people = calibration.read(out, "people")
    assert people["person_id"].is_unique
    # the province's digits after the letter: P64..., P63...
    assert set(people["person_id"].str[:3]) == {"P64", "P63"}
    po = calibration.read(out, "party_orgs")
    assert po["party_org_id"].is_unique
    branches = po.loc[po["party_org_id"].str.startswith("PB"), "party_org_id"]
    assert set(branches.str[2:4]) == {"64", "63"}
    fac = calibration.read(out, "facilities")
    assert fac["facility_id"].is_unique and set(fac["facility_id"].str[1:3]) == {"64", "63"}


def test_validates_clean_and_progress_names_each_province(two):
    out, counts, steps = two
    g = load_dataset(out)
    assert len(g.rejects) == 0
    assert {t: c.accepted for t, c in g.counts.items()} == counts
    assert steps[0] == "宁夏回族自治区 (1/2): regions"
    assert steps[-1] == "青海省 (2/2): writing files"


def test_party_coverage_is_the_national_rate(two):
    out, _, _ = two
    # outside Zhejiang the plan hits OTHER_PROVINCES_COVERAGE (61.1%) on end-2017, so that
    # the national average with Zhejiang is 61.7%
    fig = calibration.figures(out, "2017-12-31")
    assert fig["org_coverage"] == pytest.approx(0.611, abs=0.003)


def test_csv_and_parquet_hold_the_same_tables(two, tmp_path):
    out, _, _ = two
    generate_country(tmp_path, scale=0.1, provinces=NX_QH, fmt="csv")
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == sorted(
        p.name.replace(".parquet", ".csv") for p in out.glob("*.parquet")
    )
    for table in ("organizations", "posts", "facilities"):
        pd.testing.assert_frame_equal(
            calibration.read(out, table), calibration.read(tmp_path, table)
        )
    a, b = load_dataset(out), load_dataset(tmp_path)
    for name, frame in a.tables.items():
        pd.testing.assert_frame_equal(frame, b.tables[name], check_like=True)


def test_same_seed_same_bytes(two, tmp_path):
    out, _, _ = two
    generate_country(tmp_path, scale=0.1, provinces=NX_QH)
    for path in out.glob("*.parquet"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_cli(tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        app, ["generate", str(tmp_path / "a"), "--provinces", "64", "--scale", "0.05"]
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a" / "posts.parquet").is_file()
    assert "china-synthetic" in (tmp_path / "a" / "dataset.toml").read_text("utf-8")
    res = runner.invoke(app, ["generate", str(tmp_path / "b"), "--country", "--counties", "330106"])
    assert res.exit_code == 2 and "do not apply" in res.output
    res = runner.invoke(app, ["generate", str(tmp_path / "c"), "--country", "--provinces", "64"])
    assert res.exit_code == 2 and "give one" in res.output
    low = 0.005 / NATIONAL_SCALE
    res = runner.invoke(app, ["generate", str(tmp_path / "d"), "--country", "--scale", "0.001"])
    assert res.exit_code == 2 and f"from {low:.3g}" in res.output
