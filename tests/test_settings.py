"""Neo4j connection settings from the environment, and connect()'s one-line errors."""

from __future__ import annotations

import warnings

import pytest

from graphgov.errors import Neo4jUnavailableError
from graphgov.neo4j.process import free_port
from graphgov.settings import Neo4jSettings, connect, neo4j_settings


def test_defaults_when_unset() -> None:
    s = neo4j_settings({})
    assert s == Neo4jSettings("bolt://127.0.0.1:7687", "neo4j", None, "neo4j")


def test_values_from_the_environment() -> None:
    env = {
        "NEO4J_URI": "neo4j+s://db.example.org:7687",
        "NEO4J_USERNAME": "analyst",
        "NEO4J_PASSWORD": "s3cret",
        "NEO4J_DATABASE": "graphgov",
        "NEO4J_IGNORED": "x",
    }
    s = neo4j_settings(env)
    assert (s.uri, s.username, s.password, s.database) == (
        "neo4j+s://db.example.org:7687",
        "analyst",
        "s3cret",
        "graphgov",
    )
    assert "s3cret" not in repr(s)


def test_reads_os_environ_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1234")
    monkeypatch.setenv("NEO4J_DATABASE", "")
    assert neo4j_settings().uri == "bolt://127.0.0.1:1234"
    assert neo4j_settings().database == "neo4j"


@pytest.mark.parametrize(
    ("uri", "plaintext_remote"),
    [
        ("bolt://127.0.0.1:7687", False),
        ("neo4j://localhost", False),
        ("bolt://[::1]:7687", False),
        ("bolt://db.example.org:7687", True),
        ("neo4j://10.1.2.3", True),
        ("neo4j+s://db.example.org", False),
        ("bolt+s://db.example.org", False),
    ],
)
def test_plaintext_remote(uri: str, plaintext_remote: bool) -> None:
    assert Neo4jSettings(uri).plaintext_remote is plaintext_remote


def test_plaintext_remote_uri_warns_before_connecting() -> None:
    # .invalid never resolves, so nothing leaves the machine.
    with (
        pytest.warns(UserWarning, match="unencrypted"),
        pytest.raises(Neo4jUnavailableError),
    ):
        connect(Neo4jSettings("bolt://graphgov.invalid:7687", password="x"), timeout=2)


def test_local_plaintext_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(Neo4jUnavailableError):
            connect(Neo4jSettings(f"bolt://127.0.0.1:{free_port()}", password="x"), timeout=2)


def test_nobody_listening_is_one_line() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(Neo4jUnavailableError) as caught:
        connect(Neo4jSettings(uri, password="hunter2"), timeout=2)
    message = str(caught.value)
    assert message.startswith(f"no Neo4j answers at {uri}")
    assert "\n" not in message and "hunter2" not in message


def test_invalid_uri() -> None:
    with pytest.raises(Neo4jUnavailableError, match="invalid NEO4J_URI .* scheme must be"):
        connect(Neo4jSettings("http://127.0.0.1:7474"))
