"""The research export (§4.15, issue 17): no person in it, the same organizations and network.

Hand-checked on the tiny dataset (people P01-P08, posts in graphgov/datasets/tiny) and
checked in bulk on the bundled sample.
"""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graphgov
from graphgov.analyses import ANALYSES, run_analysis
from graphgov.analyses.metrics import cut_points
from graphgov.analyses.projections import appointment_cut_points, projection
from graphgov.datasets import tiny_path
from graphgov.errors import UsageError
from graphgov.privacy.export import research_export
from graphgov.privacy.keys import load_or_create_key
from graphgov.privacy.pseudonymise import PSEUDONYM_HEX, _write_csv, pseudonym

SAMPLE = tiny_path().parents[2] / "datasets" / "zhejiang-sample"
KEY = b"correct horse battery staple 0123456789"


def _key(tmp_path: Path, text: bytes = KEY, name: str = "key") -> Path:
    path = tmp_path / name
    path.write_bytes(text)
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("export")
    result = research_export(SAMPLE, base / "out", _key(base))
    return result, base


def test_pseudonyms_are_keyed_hmac_of_the_documented_length():
    p = pseudonym(KEY, "P0000001")
    assert p.startswith("H") and len(p) == 1 + PSEUDONYM_HEX
    assert p == pseudonym(KEY, "P0000001") != pseudonym(KEY + b"!", "P0000001")


def test_tiny_by_hand(tmp_path):
    res = research_export(tiny_path(), tmp_path / "out", _key(tmp_path))
    people = pd.read_csv(tmp_path / "out" / "people.csv", dtype=str, keep_default_na=False)
    assert "name" not in people and "home_community" not in people
    p01 = people[people["person_id"] == pseudonym(KEY, "P01")].iloc[0]
    source = pd.read_csv(tiny_path() / "people.csv", dtype=str, keep_default_na=False)
    home = source.set_index("person_id").loc["P01", "home_community"]
    assert p01["home_township"] == (home[:9] + "000" if home else "")
    posts = pd.read_csv(tmp_path / "out" / "posts.csv", dtype=str, keep_default_na=False)
    # P05's liaison post ran 2018-01-01 .. 2019-06-30: the month of its start, and the last
    # month-end it was held to (2019-06-30 is one)
    p05 = posts[posts["person_id"] == pseudonym(KEY, "P05")].iloc[0]
    assert (p05["start"], p05["end"]) == ("2018-01-01", "2019-06-30")
    p01_posts = posts[posts["person_id"] == pseudonym(KEY, "P01")]["start"].tolist()
    assert p01_posts == ["2017-04-01", "2019-01-01"]
    assert res.rows["posts"] == len(posts) and res.posts_within_a_month == 0


def test_the_same_key_gives_the_same_bytes_another_key_unlinkable(exported, tmp_path):
    result, base = exported
    again = research_export(SAMPLE, tmp_path / "again", _key(tmp_path))
    other = research_export(
        SAMPLE, tmp_path / "other", _key(tmp_path, b"another key, 16+ bytes", "k2")
    )
    for name in ("people.csv", "posts.csv"):
        assert (again.out / name).read_bytes() == (result.out / name).read_bytes()
    ids = set(pd.read_csv(result.out / "people.csv", dtype=str)["person_id"])
    others = set(pd.read_csv(other.out / "people.csv", dtype=str)["person_id"])
    assert len(ids) == len(others) == 21_919 and not ids & others


def test_no_person_id_name_or_key_in_any_file(exported):
    result, base = exported
    people = pd.read_csv(SAMPLE / "people.csv", dtype=str, keep_default_na=False)
    ids, names = set(people["person_id"]), set(people["name"]) - {""}
    files = [p for p in result.out.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        assert KEY not in data, path
        if path.suffix != ".csv":
            text = data.decode("utf-8")
            assert not any(i in text for i in ids), path
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells = {cell for row in csv.reader(fh) for cell in row}
        assert not cells & ids, path
        assert not cells & names, path
        assert not any(i in cell for cell in cells for i in ("P0000001", "P0021919")), path


def test_the_export_validates_and_every_analysis_gives_the_same_numbers(exported):
    result, _ = exported
    res = graphgov.load.load_dataset(result.out)
    assert res.exit_code == 0 and res.warnings == []
    a, b = graphgov.open(SAMPLE), graphgov.open(result.out, cache=False)
    for name, spec in ANALYSES.items():
        for as_of in ("2020-12-31", "2019-06-30"):
            options = {"as_of": as_of} if "as_of" in spec.takes else {}
            x, y = run_analysis(a, name, **options), run_analysis(b, name, **options)
            personal = [c for c in x.columns if c in ("person_id", "worker_ids")]
            x, y = x.drop(columns=personal), y.drop(columns=personal)
            if personal:  # rows ordered by person id: compare as sets of rows
                x, y = (f.sort_values(list(f.columns), key=lambda s: s.astype(str)) for f in (x, y))
            pd.testing.assert_frame_equal(
                x.reset_index(drop=True), y.reset_index(drop=True), check_dtype=False, obj=name
            )


def test_the_projections_are_isomorphic(exported):
    result, _ = exported
    a, b = graphgov.open(SAMPLE), graphgov.open(result.out, cache=False)
    people = pd.read_csv(SAMPLE / "people.csv", dtype=str)["person_id"]
    alias = {f"person:{p}": f"person:{pseudonym(KEY, p)}" for p in people}
    for name in ("interlock", "appointments"):
        x, y = projection(a, name), projection(b, name)
        # an explicit isomorphism: each person to their pseudonym, every other node to itself
        renamed = nx.relabel_nodes(x, lambda n: alias.get(n, n))
        assert nx.utils.graphs_equal(renamed, y) or (
            set(renamed.nodes) == set(y.nodes)
            and {frozenset(e) for e in renamed.edges} == {frozenset(e) for e in y.edges}
        ), name
        assert nx.faster_could_be_isomorphic(x, y)


def test_the_tiny_projections_pass_networkx_isomorphism(tmp_path):
    research_export(tiny_path(), tmp_path / "out", _key(tmp_path))
    a, b = graphgov.open(tiny_path()), graphgov.open(tmp_path / "out", cache=False)
    for name in ("interlock", "appointments"):
        assert nx.is_isomorphic(projection(a, name), projection(b, name)), name


def test_key_files(tmp_path):
    path = tmp_path / "new-key"
    key, created = load_or_create_key(path)
    assert created and len(key) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_key(path) == (key, False)
    path.chmod(0o644)
    with pytest.raises(UsageError, match="chmod 600"):
        load_or_create_key(path)
    short = _key(tmp_path, b"short", "short")
    with pytest.raises(UsageError, match="shorter than 16 bytes"):
        load_or_create_key(short)


def test_cli_export(cli, tmp_path):
    key = tmp_path / "keys" / "k"
    key.parent.mkdir()
    res = cli(["export", str(tiny_path()), "--out", str(tmp_path / "out"), "--key-file", str(key)])
    assert res.exit_code == 0, res.output
    assert "a new one was written there" in res.stderr and str(key) in res.stderr
    assert key.read_bytes().strip() not in res.output.encode()
    res = cli(["export", str(tiny_path()), "--out", str(tmp_path / "out"), "--key-file",
               str(tmp_path / "out" / "k")])  # fmt: skip
    assert res.exit_code == 2 and "keep the key apart" in res.stderr
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    res = cli(["export", str(tiny_path()), "--out", str(other), "--key-file", str(key)])
    assert res.exit_code == 2 and "never overwrites" in res.stderr
    assert cli(["validate", str(tmp_path / "out")]).exit_code == 0


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"person_id": ["H1", "H2"], "end": ["", "2020-11-30"]}),
        pd.DataFrame({"name": ["甲,乙", 'say "hi"', "a\nb", "c\rd"], "n": ["1", "", "3", "4"]}),
        pd.DataFrame({"only": ["x", ""]}),  # pandas writes the empty row as ""
        pd.DataFrame({"a": pd.Series([], dtype=str), "b": pd.Series([], dtype=str)}),
    ],
)
def test_export_tables_are_written_as_pandas_writes_them(frame, tmp_path):
    _write_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == frame.to_csv(index=False).encode("utf-8")


def test_the_report_finds_the_appointment_cut_points_without_the_leaves(tmp_path):
    # The tiny dataset with P06 (social worker at org 911) also vice-chair of org 21R, and a
    # new person P09 on its staff alone (a leaf of it). Then the chain
    # community 330106110002 (P07 a leaf) - P02 - org 21R (P09 a leaf) - P06 - org 911:
    # - P02 cuts the community from both organizations: 2 pairs, 1 community, 2 orgs;
    # - org 21R leaves 3 pieces, {P02, community, P07}, {P06, org 911} and {P09}: 1 pair;
    # - P06 cuts org 911 off: 1 pair; the community (its one other piece is P07) cuts none.
    data = tmp_path / "tiny"
    data.mkdir()
    for path in tiny_path().iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    with open(data / "people.csv", "a", encoding="utf-8") as f:
        f.write("P09,人员09,false,false,\n")
    with open(data / "posts.csv", "a", encoding="utf-8") as f:
        f.write("P06,org,52330106MJ0000021R,vice_chair,2019-01-01,\n")
        f.write("P09,org,52330106MJ0000021R,staff,2019-01-01,\n")
    g = graphgov.open(data, cache=False)
    cuts = appointment_cut_points(g)
    columns = ["node", "pieces", "separated_pairs", "communities_cut", "organizations_cut"]
    assert cuts[columns].values.tolist() == [
        ["person:P02", 2, 2, 1, 2],
        ["org:52330106MJ0000021R", 3, 1, 1, 1],
        ["person:P01", 2, 1, 1, 1],
        ["person:P03", 2, 1, 1, 1],
        ["person:P06", 2, 1, 1, 1],
    ]
    pd.testing.assert_frame_equal(cuts, cut_points(projection(g, "appointments")))
