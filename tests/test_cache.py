"""The validated cache (graphgov/cache.py) and open_graph's use of it, on copies of
tests/data/handcheck: what is served from the cache, what invalidates an entry, damaged
entries, the switch, and that every analysis answers the same from the cache."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphgov import cache
from graphgov.analyses import ANALYSES, run_analysis
from graphgov.cli import app
from graphgov.errors import DatasetError
from graphgov.graph import open_graph

HANDCHECK = Path(__file__).parent / "data" / "handcheck"
#: A community organization based in a region that does not exist: rejected (unknown_region).
BAD_ORG = "CO99,坏组织,community,township,330106009009,other,none,false,0,active\n"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder; the real ~/.cache is never written."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRAPHGOV_CACHE_DIR", str(folder))
    monkeypatch.delenv("GRAPHGOV_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(HANDCHECK, tmp_path / "handcheck"))


def entries(folder: Path) -> list[Path]:
    """The entries of a cache folder (not temporary folders, nor anything else in it)."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if re.fullmatch("[0-9a-f]{40}", p.name))


def assert_same_graph(a, b) -> None:
    for label, frame in a.nodes.items():
        pd.testing.assert_frame_equal(frame, b.nodes[label], obj=label)
    for rel_type, frame in a.rels.items():
        pd.testing.assert_frame_equal(frame, b.rels[rel_type], obj=rel_type)
    pd.testing.assert_frame_equal(a.rejects, b.rejects, obj="rejects")
    assert (a.info, a.targets, a.counts, a.warnings) == (b.info, b.targets, b.counts, b.warnings)


# --- served from the cache ----------------------------------------------------------------


def test_second_open_is_served_from_the_cache(data, cache_dir):
    first = open_graph(data)
    assert first.origin == "validated" and len(entries(cache_dir)) == 1
    second = open_graph(data)
    assert second.origin == "cache"
    assert_same_graph(first, second)
    assert len(second.organizations) == 25  # as in test_graph: 25 organizations


def test_rejects_are_cached_with_the_graph(data, cache_dir):
    with open(data / "organizations.csv", "a", encoding="utf-8") as f:
        f.write(BAD_ORG)
    fresh = open_graph(data)
    back = open_graph(data)
    assert (fresh.origin, back.origin) == ("validated", "cache")
    assert_same_graph(fresh, back)
    # The 26th organization row (line 27) is the one rejected; 25 accepted as before.
    assert back.counts["organizations"] == {
        "rows": 26, "accepted": 25, "rejected": 1, "duplicates": 0,
    }  # fmt: skip
    row = back.rejects.iloc[0]
    assert (row["table"], row["line"], row["reason_code"]) == (
        "organizations",
        27,
        "unknown_region",
    )


def test_a_fatal_dataset_is_never_cached(data, cache_dir):
    (data / "regions.csv").unlink()
    for _ in range(2):
        with pytest.raises(DatasetError, match="regions"):
            open_graph(data)
    assert entries(cache_dir) == []


def test_no_cache_switch(data, cache_dir, monkeypatch):
    monkeypatch.setenv("GRAPHGOV_NO_CACHE", "1")
    assert [open_graph(data).origin for _ in range(2)] == ["validated", "validated"]
    assert not cache_dir.exists()
    monkeypatch.delenv("GRAPHGOV_NO_CACHE")
    assert open_graph(data, cache=False).origin == "validated" and not cache_dir.exists()


@pytest.mark.parametrize("name", list(ANALYSES))
def test_every_analysis_answers_the_same_from_the_cache(name, tmp_path_factory, monkeypatch):
    # One copy of handcheck with one reject, shared by the parametrized cases.
    base = tmp_path_factory.getbasetemp() / "analyses"
    data, folder = base / "handcheck", base / "cache"
    if not data.exists():
        shutil.copytree(HANDCHECK, data)
        with open(data / "organizations.csv", "a", encoding="utf-8") as f:
            f.write(BAD_ORG)
    monkeypatch.setenv("GRAPHGOV_CACHE_DIR", str(folder))
    open_graph(data)
    from_cache = open_graph(data)
    assert from_cache.origin == "cache"
    fresh = open_graph(data, cache=False)
    pd.testing.assert_frame_equal(run_analysis(from_cache, name), run_analysis(fresh, name))


def test_cli_report_twice_gives_the_same_rows(data, cache_dir):
    runner = CliRunner()
    args = ["report", "coverage", "--data", str(data), "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert len(entries(cache_dir)) == 1
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and second.output == first.output


@pytest.mark.parametrize("command", ["report coverage", "metrics interlock"])
def test_no_cache_option_skips_the_cache_for_that_command_only(data, cache_dir, command, tmp_path):
    runner = CliRunner()
    args = [*command.split(), "--data", str(data), "--no-cache"]
    if command.startswith("metrics"):
        args += ["--out-dir", str(tmp_path / "m")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert entries(cache_dir) == []
    assert "GRAPHGOV_NO_CACHE" not in os.environ  # restored when the command ended
    again = runner.invoke(app, [a for a in args if a != "--no-cache"])
    assert again.exit_code == 0, again.output
    assert len(entries(cache_dir)) == 1


# --- what invalidates an entry ------------------------------------------------------------


def _touch_mtime(data: Path):
    st = (data / "people.csv").stat()
    os.utime(data / "people.csv", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _same_size_same_mtime(data: Path):
    file = data / "people.csv"
    st = file.stat()
    raw = file.read_bytes()
    file.write_bytes(raw.replace("P1,人员1,".encode(), "P1,人员7,".encode()))
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (file.stat().st_size, file.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    return lambda g: g.people.set_index("person_id").loc["P1", "name"] == "人员7"


def _add_table(data: Path):
    (data / "facilities.csv").write_text(
        "facility_id,kind,region_code\nF1,social_work_station,330106001001\n", encoding="utf-8"
    )
    return lambda g: list(g.facilities["facility_id"]) == ["F1"]


def _remove_table(data: Path):
    (data / "services.csv").unlink()
    return lambda g: g.rel("SERVES").empty


def _change_dataset_toml(data: Path):
    file = data / "dataset.toml"
    file.write_text(file.read_text("utf-8").replace("2020-12-31", "2019-12-31"), "utf-8")
    return lambda g: g.info.as_of == "2019-12-31"


def _add_targets_toml(data: Path):
    (data / "targets.toml").write_text("[community_orgs]\nurban_min = 20\n", "utf-8")
    return lambda g: g.targets.community_urban_min == 20


@pytest.mark.parametrize(
    "change",
    [
        _touch_mtime,
        _same_size_same_mtime,
        _add_table,
        _remove_table,
        _change_dataset_toml,
        _add_targets_toml,
    ],
)
def test_a_changed_dataset_is_validated_again(data, change):
    assert open_graph(data).origin == "validated"
    assert open_graph(data).origin == "cache"
    shows_change = change(data)
    g = open_graph(data)
    assert g.origin == "validated"
    assert shows_change is None or shows_change(g)
    assert open_graph(data).origin == "cache"


def test_changing_targets_toml_again_invalidates(data):
    (data / "targets.toml").write_text("[community_orgs]\nurban_min = 20\n", "utf-8")
    assert open_graph(data).origin == "validated"
    (data / "targets.toml").write_text("[community_orgs]\nurban_min = 21\n", "utf-8")
    g = open_graph(data)
    assert g.origin == "validated" and g.targets.community_urban_min == 21


def test_another_encoding_is_another_entry(data, cache_dir):
    assert open_graph(data).origin == "validated"
    assert open_graph(data, encoding="utf-8").origin == "validated"
    assert open_graph(data, encoding="utf-8").origin == "cache"
    assert open_graph(data).origin == "cache"
    assert len(entries(cache_dir)) == 2


def test_a_copy_elsewhere_is_another_entry(data, tmp_path, cache_dir):
    open_graph(data)
    copy = shutil.copytree(data, tmp_path / "copy")
    assert open_graph(copy).origin == "validated"
    assert len(entries(cache_dir)) == 2


def test_key_holds_today_only_without_as_of(data):
    assert "today" not in cache.fingerprint(data)
    (data / "dataset.toml").write_text('name = "x"\n', "utf-8")
    assert "today" in cache.fingerprint(data)  # the default as_of is today: key changes daily


def test_fingerprint_never_reads_a_device_or_a_folder(data):
    (data / "facilities.csv").symlink_to("/dev/zero")
    (data / "post.csv").mkdir()
    (data / "gone.csv").symlink_to(data / "nowhere.csv")
    rows = {row[0]: row for row in cache.fingerprint(data)["files"]}
    assert rows["facilities.csv"] == ["facilities.csv", "other", None, None, None, "/dev/zero"]
    assert rows["post.csv"][:2] == ["post.csv", "dir"]
    assert rows["gone.csv"][:2] == ["gone.csv", "broken-link"]
    size = (data / "people.csv").stat().st_size
    assert rows["people.csv"][1:3] == ["file", size] and len(rows["people.csv"][4]) == 64


# --- damaged entries ----------------------------------------------------------------------


def _truncate_parquet(entry: Path):
    file = entry / "nodes" / "Organization.parquet"
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])


def _garbage_graph_json(entry: Path):
    (entry / "graph.json").write_text("{", "utf-8")


def _edited_graph_json(entry: Path):
    meta = json.loads((entry / "graph.json").read_text("utf-8"))
    meta["info"]["as_of"] = "1999-01-01"  # still valid: only the digest catches it
    (entry / "graph.json").write_text(json.dumps(meta), "utf-8")


def _no_manifest(entry: Path):
    (entry / cache.MANIFEST).unlink()


def _garbage_manifest(entry: Path):
    (entry / cache.MANIFEST).write_text('{"digests": 3}', "utf-8")


def _missing_file(entry: Path):
    (entry / "rels" / "SERVES.parquet").unlink()


@pytest.mark.parametrize(
    "damage",
    [
        _truncate_parquet,
        _garbage_graph_json,
        _edited_graph_json,
        _no_manifest,
        _garbage_manifest,
        _missing_file,
    ],
)
def test_a_damaged_entry_is_rebuilt(data, cache_dir, damage, caplog):
    fresh = open_graph(data)
    (entry,) = entries(cache_dir)
    damage(entry)
    with caplog.at_level(logging.WARNING, logger="graphgov.cache"):
        again = open_graph(data)
    assert again.origin == "validated"
    assert "damaged" in caplog.text and entry.name in caplog.text
    back = open_graph(data)
    assert back.origin == "cache"
    assert_same_graph(fresh, back)


def test_a_leftover_temporary_folder_is_ignored(data, cache_dir):
    (cache_dir / ".tmp-0123456789ab-x").mkdir(parents=True)
    (cache_dir / ".tmp-0123456789ab-x" / "graph.json").write_text("{", "utf-8")
    assert [open_graph(data).origin for _ in range(2)] == ["validated", "cache"]


def test_an_unwritable_cache_only_costs_the_speed_up(data, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("GRAPHGOV_CACHE_DIR", str(blocker / "validated"))
    with caplog.at_level(logging.WARNING, logger="graphgov.cache"):
        origins = [open_graph(data).origin for _ in range(2)]
    assert origins == ["validated", "validated"]
    assert "could not write the validated cache" in caplog.text
    assert "damaged" not in caplog.text


# --- the store itself, with a toy graph -----------------------------------------------------


def _toy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "regions.csv").write_text(name, "utf-8")
    return folder


def _open_toy(folder: Path, settings: cache.CacheSettings, built: list[str]):
    def build() -> str:
        built.append(folder.name)
        return (folder / "regions.csv").read_text("utf-8")

    def save(value: str, out: Path) -> None:
        (out / "value.txt").write_text(value, "utf-8")

    def read(out: Path) -> str:
        return (out / "value.txt").read_text("utf-8")

    return cache.cached(folder, build, save, read, settings=settings)


def test_the_cache_keeps_the_most_recently_used_entries(tmp_path):
    settings = cache.CacheSettings(tmp_path / "store", max_entries=2)
    (settings.directory / "mine").mkdir(parents=True)  # not an entry: never deleted
    built: list[str] = []
    a, b, c = (_toy(tmp_path, n) for n in "abc")
    assert _open_toy(a, settings, built) == ("a", False)
    _open_toy(b, settings, built)
    for entry in entries(settings.directory):  # both used long ago
        os.utime(entry, (1, 1))
    assert _open_toy(a, settings, built) == ("a", True)  # a is used again: now the newest
    _open_toy(c, settings, built)  # a third entry: b, the least recently used, goes
    assert len(entries(settings.directory)) == 2
    assert _open_toy(a, settings, built) == ("a", True)
    assert _open_toy(b, settings, built) == ("b", False)
    assert built == ["a", "b", "c", "b"]
    assert (settings.directory / "mine").is_dir()


def test_a_failed_build_stores_nothing(tmp_path):
    settings = cache.CacheSettings(tmp_path / "store")

    def build():
        raise DatasetError("regions.csv: broken")

    with pytest.raises(DatasetError, match="broken"):
        cache.cached(_toy(tmp_path, "a"), build, None, None, settings=settings)
    assert entries(settings.directory) == []


def test_an_entry_that_will_not_read_is_rebuilt(tmp_path, caplog):
    settings = cache.CacheSettings(tmp_path / "store")
    folder = _toy(tmp_path, "a")
    _open_toy(folder, settings, [])

    def read(out: Path) -> str:
        raise ValueError("Parquet magic bytes not found")

    with caplog.at_level(logging.WARNING, logger="graphgov.cache"):
        value, hit = cache.cached(folder, lambda: "a", lambda v, out: None, read, settings=settings)
    assert (value, hit) == ("a", False) and "magic bytes" in caplog.text


def test_cache_settings_defaults(tmp_path):
    home = Path.home() / ".cache" / "graphgov" / "validated"
    assert cache.cache_settings({}) == cache.CacheSettings(home, True, cache.MAX_ENTRIES)
    assert cache.cache_settings({"GRAPHGOV_CACHE": "/g"}).directory == Path("/g/validated")
    assert cache.cache_settings({"GRAPHGOV_NO_CACHE": "0"}).enabled
    assert not cache.cache_settings({"GRAPHGOV_NO_CACHE": "yes"}).enabled
