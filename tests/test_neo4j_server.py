"""The local Neo4j server: provisioning checks, start/stop/status/env, authentication.

Most tests reuse the session's server; one starts and stops its own.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphgov.cli_neo4j import app
from graphgov.errors import Neo4jUnavailableError, ProvisionError
from graphgov.neo4j import cds, provision
from graphgov.neo4j.process import alive, cmdline
from graphgov.neo4j.provision import neo4j_version
from graphgov.neo4j.server import LocalServer
from graphgov.settings import Neo4jSettings, connect

runner = CliRunner()


@pytest.fixture(scope="module")
def local_server(
    neo4j_server: LocalServer | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalServer]:
    """The session's local server; or, when NEO4J_URI names another, one of our own."""
    if neo4j_server is not None:
        yield neo4j_server
        return
    server = LocalServer(tmp_path_factory.mktemp("neo4j-own"), port=0)
    try:
        server.start()
    except ProvisionError as err:
        pytest.fail(f"could not start a local Neo4j: {err}", pytrace=False)
    yield server
    server.stop()


# -- provisioning: the messages a user sees when a tool is missing ---------------------------


def test_version_is_5_26_from_the_pom() -> None:
    assert re.fullmatch(r"5\.26\.\d+", neo4j_version())


def test_missing_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision, "_java_candidates", lambda: [])
    with pytest.raises(ProvisionError, match=r"Java not found: .*openjdk-17"):
        provision.find_java()


def test_unsupported_java_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision, "_java_candidates", lambda: [Path("/opt/jdk-25/bin/java")])
    monkeypatch.setattr(provision, "java_major", lambda java: 25)
    with pytest.raises(ProvisionError, match=r"needs Java 17 or 21, found only .*\(25\)"):
        provision.find_java()


def test_missing_maven_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision.shutil, "which", lambda name: None)
    with pytest.raises(ProvisionError, match=r"Maven not found: .*apt-get install maven"):
        provision.find_mvn()


def test_never_started_home_has_no_env(tmp_path: Path) -> None:
    result = runner.invoke(app, ["env", "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert "graphgov neo4j start" in result.output
    status = runner.invoke(app, ["status", "--home", str(tmp_path)])
    assert status.exit_code == 3
    assert "not running" in status.output


# -- the running server ----------------------------------------------------------------------


@pytest.mark.neo4j
def test_driver_answers(neo4j_driver) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


@pytest.mark.neo4j
def test_local_server_runs_the_pinned_version(local_server: LocalServer) -> None:
    with connect(Neo4jSettings(local_server.uri, "neo4j", local_server.password)) as driver:
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition")
    assert records[0]["versions"] == [neo4j_version()]
    assert records[0]["edition"] == "community"


@pytest.mark.neo4j
def test_start_again_is_a_no_op(local_server: LocalServer) -> None:
    pid = local_server.pid()
    assert pid is not None
    assert local_server.start() is False
    assert local_server.pid() == pid
    result = runner.invoke(app, ["start", "--home", str(local_server.home)])
    assert result.exit_code == 0, result.output
    assert f"already running on {local_server.uri} (pid {pid}" in result.output


@pytest.mark.neo4j
def test_status_reports_pid_port_and_version(local_server: LocalServer) -> None:
    status = local_server.status()
    assert status.running and status.pid == local_server.pid()
    assert status.uri == f"bolt://127.0.0.1:{status.port}" and status.port > 0
    assert status.version == neo4j_version()
    result = runner.invoke(app, ["status", "--home", str(local_server.home)])
    assert result.exit_code == 0
    assert f"running, pid {status.pid}, port {status.port}" in result.output
    assert status.uri in result.output and neo4j_version() in result.output


@pytest.mark.neo4j
def test_env_prints_exports_for_eval(local_server: LocalServer) -> None:
    result = runner.invoke(app, ["env", "--home", str(local_server.home)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("=")[0] for line in lines] == [
        "export NEO4J_URI",
        "export NEO4J_USERNAME",
        "export NEO4J_PASSWORD",
        "export NEO4J_DATABASE",
    ]
    values = dict(shlex.split(line)[1].split("=", 1) for line in lines)
    assert re.fullmatch(r"bolt://127\.0\.0\.1:\d+", values["NEO4J_URI"])
    assert values == local_server.env()
    assert values["NEO4J_USERNAME"] == "neo4j" and values["NEO4J_DATABASE"] == "neo4j"


@pytest.mark.neo4j
def test_authentication_is_on(local_server: LocalServer) -> None:
    with pytest.raises(Neo4jUnavailableError, match="refused the credentials") as caught:
        connect(Neo4jSettings(local_server.uri, "neo4j", "not-the-password"))
    assert "not-the-password" not in str(caught.value)
    with pytest.raises(Neo4jUnavailableError, match="NEO4J_PASSWORD is not set"):
        connect(Neo4jSettings(local_server.uri, "neo4j", None))


@pytest.mark.neo4j
def test_password_stays_private(local_server: LocalServer) -> None:
    password = local_server.password
    assert password and len(password) >= 20
    assert local_server.password_file.stat().st_mode & 0o777 == 0o600
    assert not any(password in arg for arg in cmdline(local_server.pid()))
    for path in (local_server.home / "conf").iterdir():
        assert password not in path.read_text()
    for path in (local_server.home / "logs").glob("*.log"):
        assert password not in path.read_text(errors="replace")
    assert not list((local_server.home / "run").glob("*.args"))


@pytest.mark.neo4j
def test_port_taken_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ProvisionError, match=rf"port {port} .* is taken"):
            LocalServer(tmp_path, port=port).start()


@pytest.mark.neo4j
def test_start_stop_cycle(tmp_path: Path) -> None:
    server = LocalServer(tmp_path / "home", port=0)
    started = runner.invoke(app, ["start", "--home", str(server.home), "--port", "0"])
    assert started.exit_code == 0, started.output
    assert re.search(r"Neo4j started on bolt://127\.0\.0\.1:\d+ \(pid \d+", started.stdout)
    assert server.password not in started.output
    pid = server.pid()
    assert pid is not None and server.status().running
    stopped = runner.invoke(app, ["stop", "--home", str(server.home)])
    assert stopped.exit_code == 0 and "Neo4j stopped" in stopped.output
    assert server.pid() is None and not server.pid_file.exists()
    assert not alive(pid)
    assert "not running" in runner.invoke(app, ["stop", "--home", str(server.home)]).output
    assert "Stopped." in server.log_tail()


# -- the JVM's class-data archive ------------------------------------------------------------


def _archive_option(pid: int) -> list[str]:
    return [a for a in cmdline(pid) if a.startswith(("-XX:ArchiveClassesAtExit", "-XX:Shared"))]


@pytest.mark.neo4j
def test_class_archive_is_written_at_the_first_stop_and_mapped_after(tmp_path: Path) -> None:
    archive = tmp_path / "server.jsa"
    server = LocalServer(tmp_path / "home", port=0, class_archive=archive)
    server.start()
    [option] = _archive_option(server.pid())
    assert option.startswith(f"-XX:ArchiveClassesAtExit={archive}.") and option.endswith(".tmp")
    assert cds.pending(server.home / "run")
    assert server.stop(timeout=0.5)  # the archive's grace, not 0.5 s, before a SIGKILL
    assert archive.stat().st_size > 10_000_000  # Neo4j's classes, some 100 MB
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "server.jsa"]
    assert not list((server.home / "run").iterdir())  # no pending record left

    server.start()
    pid = server.pid()
    assert _archive_option(pid) == [f"-XX:SharedArchiveFile={archive}"]
    assert str(archive) in Path(f"/proc/{pid}/maps").read_text()  # the JVM mapped it
    assert server.stop()


def test_class_archive_key_follows_java_and_options(tmp_path: Path) -> None:
    lib, java, other = tmp_path / "neo4j-5.26.0" / "lib", tmp_path / "java", tmp_path / "java2"
    lib.mkdir(parents=True)
    java.write_text("a")
    other.write_text("bb")
    first = cds.archive_for(lib, java, ["-XX:+UseG1GC"])
    assert first.parent == lib.parent and first.suffix == ".jsa"
    assert cds.archive_for(lib, java, ["-XX:+UseG1GC"]) == first
    assert cds.archive_for(lib, java, ["-XX:+UseParallelGC"]) != first
    assert cds.archive_for(lib, other, ["-XX:+UseG1GC"]) != first


def test_class_archive_of_a_killed_server_is_thrown_away(tmp_path: Path) -> None:
    run, archive = tmp_path / "run", tmp_path / "server.jsa"
    run.mkdir()
    [option] = cds.jvm_options(archive, run)
    pending = Path(option.split("=", 1)[1])
    pending.write_bytes(b"cut short")  # what a JVM killed mid-write leaves
    cds.settle(run, exited=False)
    assert not pending.exists() and not archive.exists() and not list(run.iterdir())
    assert cds.jvm_options(archive, run)[0].startswith("-XX:ArchiveClassesAtExit=")  # again


def test_class_archive_not_asked_again_of_a_jvm_that_wrote_none(tmp_path: Path) -> None:
    run, archive = tmp_path / "run", tmp_path / "server.jsa"
    run.mkdir()
    cds.jvm_options(archive, run)
    cds.settle(run, exited=True)  # left cleanly, wrote nothing: a JVM without a base archive
    assert cds.jvm_options(archive, run) == []
    assert not list(run.iterdir())
    cds.settle(run, exited=True)  # nothing pending: nothing to do


@pytest.mark.neo4j
def test_default_class_archive_lives_beside_the_jars(local_server: LocalServer) -> None:
    [option] = _archive_option(local_server.pid())
    archive = Path(option.split("=", 1)[1])
    assert archive.parent == local_server.provision().parent
    assert archive.name.startswith("server-") and ".jsa" in archive.name


def test_class_archive_can_be_turned_off(tmp_path: Path) -> None:
    said = []
    off = cds.server_options(False, Path("/usr/bin/java"), tmp_path, [], tmp_path, said.append)
    assert off == [] and said == []
    first = cds.server_options(tmp_path / "a.jsa", Path("/usr/bin/java"), tmp_path, [], tmp_path,
                               said.append)  # fmt: skip
    assert first[0].startswith("-XX:ArchiveClassesAtExit=") and "class archive" in said[0]


def test_stale_class_archives_beside_the_jars_are_deleted(tmp_path: Path) -> None:
    """A start maps its archive and marks it used; the others beside the jars that no
    start used for 30 days go, and so do temporary ones older than a day."""
    lib, run, java = tmp_path / "neo4j-5.26.0" / "lib", tmp_path / "run", tmp_path / "java"
    lib.mkdir(parents=True), run.mkdir(), java.write_bytes(b"a java")
    own = cds.archive_for(lib, java, [])
    days = {own.name: 40, "server-0ld.jsa": 31, "server-recent.jsa": 29, "notes.txt": 99,
            "server-0ld.jsa.12-ab.tmp": 2, "server-new.jsa.13-cd.tmp": 0.5}  # fmt: skip
    now = time.time()
    for name, age in days.items():
        (lib.parent / name).write_bytes(b"x")
        os.utime(lib.parent / name, (now - age * 86400, now - age * 86400))
    said = []
    assert cds.server_options(True, java, lib, [], run, said.append) == [
        f"-XX:SharedArchiveFile={own}"
    ]
    left = sorted(p.name for p in lib.parent.iterdir() if p.is_file())
    assert left == sorted([own.name, "server-recent.jsa", "notes.txt", "server-new.jsa.13-cd.tmp"])
    assert now - own.stat().st_mtime < 60 and said == []
    # an archive named by path is not graphgov's folder to tidy: nothing beside it goes
    stale = lib.parent / "server-0ld.jsa"
    stale.write_bytes(b"x"), os.utime(stale, (now - 60 * 86400, now - 60 * 86400))
    assert cds.server_options(lib.parent / "notes.txt", java, lib, [], run, said.append)
    assert stale.exists()
