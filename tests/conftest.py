"""Shared fixtures.

Neo4j (mark such tests ``@pytest.mark.neo4j``): ``neo4j_driver`` and ``neo4j_env`` are
session-scoped. With ``NEO4J_URI`` set they use that server; otherwise ``neo4j_server``
starts a :class:`~graphgov.neo4j.server.LocalServer` in a temporary home on a free port
(its jars are downloaded once, then cached) and stops it at the end. A server that cannot
be reached FAILS the tests that need it, with the reason and the server's log: they never
skip, so CI always runs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import neo4j
import pytest

from graphgov.errors import GraphgovError
from graphgov.neo4j.server import LocalServer
from graphgov.settings import connect, neo4j_settings

NEO4J_VARS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer | None]:
    """The local server the session started, or None when ``NEO4J_URI`` names one."""
    if os.environ.get("NEO4J_URI"):
        yield None
        return
    server = LocalServer(tmp_path_factory.mktemp("neo4j-home"), port=0)
    try:
        server.start()
    except GraphgovError as err:
        pytest.fail(f"could not start a local Neo4j for the tests: {err}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_env(neo4j_server: LocalServer | None) -> dict[str, str]:
    """The ``NEO4J_*`` variables of the server the tests use."""
    if neo4j_server is None:
        return {name: os.environ[name] for name in NEO4J_VARS if name in os.environ}
    return neo4j_server.env()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_env: dict[str, str]) -> Iterator[neo4j.Driver]:
    """A driver to the tests' Neo4j, connectivity and credentials checked."""
    try:
        driver = connect(neo4j_settings(neo4j_env))
    except GraphgovError as err:
        pytest.fail(f"Neo4j for the tests is unreachable: {err}", pytrace=False)
    with driver:
        yield driver
