"""Shared fixtures.

Validated graphs are cached in a temporary folder for the whole session, never in the
user's cache (``_validated_cache``).

The command line: ``cli`` runs ``graphgov ARGS`` through typer's CliRunner (see
:func:`run_cli`). Every CliRunner call in the suite, through ``cli`` or not, fails its test
when an exception reached the user as a traceback or as graphgov's "internal error" line
(a bug), unless the test is marked ``@pytest.mark.internal_error`` (it provokes one on
purpose).

Neo4j (mark such tests ``@pytest.mark.neo4j``): ``neo4j_driver`` and ``neo4j_env`` are
session-scoped. With ``NEO4J_URI`` set they use that server; otherwise ``neo4j_server``
starts a :class:`~graphgov.neo4j.server.LocalServer` in a temporary home on a free port
(its jars are downloaded once, then cached) and stops it at the end. A server that cannot
be reached FAILS the tests that need it, with the reason and the server's log: they never
skip, so CI always runs them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner, Result

import graphgov
from graphgov.cli import app
from graphgov.cli_common import INTERNAL_ERROR_EXIT
from graphgov.errors import GraphgovError
from graphgov.neo4j.server import LocalServer
from graphgov.settings import connect, neo4j_settings

NEO4J_VARS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
#: The hand-checked datasets: see tests/test_analyses.py and tests/test_network_analyses.py.
HANDCHECK = Path(__file__).parent / "data" / "handcheck"
HANDCHECK_NETWORK = Path(__file__).parent / "data" / "handcheck-network"
_INVOKE = CliRunner.invoke


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "internal_error: the test provokes graphgov's internal-error handler"
    )


@pytest.fixture(autouse=True, scope="session")
def _validated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never write the user's cache: validated graphs go to a temporary folder
    (``GRAPHGOV_CACHE_DIR``, inherited by the notebooks' kernels too)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("GRAPHGOV_CACHE_DIR", str(tmp_path_factory.mktemp("validated-cache")))
    yield
    patch.undo()


def run_cli(args: Sequence[str | Path] = (), **kwargs) -> Result:
    """Run ``graphgov *args`` in a CliRunner (`kwargs` go to ``CliRunner.invoke``: ``env``,
    ``input``...) and return its Result (``exit_code``, ``stdout``, ``stderr``, ``output``).
    Paths are passed as text. Like every CliRunner call in the suite, it fails the test on a
    traceback or an internal error (see :func:`_no_tracebacks_from_the_cli`)."""
    return CliRunner().invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """:func:`run_cli`: ``cli(["validate", path, "--format", "json"])`` -> Result."""
    return run_cli


@pytest.fixture(autouse=True)
def _no_tracebacks_from_the_cli(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Make every ``CliRunner.invoke`` of the test fail the test when the command ended in
    an exception other than SystemExit (the user would see a traceback), printed a
    traceback, or reported an internal error (exit ``INTERNAL_ERROR_EXIT``), unless the
    test is marked ``internal_error``."""
    expected = request.node.get_closest_marker("internal_error") is not None

    def invoke(self: CliRunner, *args, **kwargs) -> Result:
        result = _INVOKE(self, *args, **kwargs)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            import traceback

            shown = "".join(traceback.format_exception(*result.exc_info))
            pytest.fail(f"the command ended in a traceback:\n{shown}", pytrace=False)
        if expected:
            return result
        if "Traceback (most recent call last)" in result.output:
            pytest.fail(f"the command printed a traceback:\n{result.output}", pytrace=False)
        if result.exit_code == INTERNAL_ERROR_EXIT or "internal error:" in result.output:
            pytest.fail(f"the command hit an internal error:\n{result.output}", pytrace=False)
        return result

    monkeypatch.setattr(CliRunner, "invoke", invoke)


@pytest.fixture(scope="module")
def handcheck_graph() -> graphgov.Graph:
    """tests/data/handcheck, opened once per test module."""
    return graphgov.open(HANDCHECK)


@pytest.fixture(scope="module")
def handcheck_ids(handcheck_graph: graphgov.Graph) -> dict[str, str]:
    """handcheck's organizations: letter (or CO-number, its name without 组织) -> org_id."""
    o = handcheck_graph.organizations
    return {
        name.removesuffix("组织"): oid for name, oid in zip(o["name"], o["org_id"], strict=True)
    }


@pytest.fixture(scope="module")
def network_graph() -> graphgov.Graph:
    """tests/data/handcheck-network, opened once per test module."""
    return graphgov.open(HANDCHECK_NETWORK)


@pytest.fixture(scope="module")
def network_ids(network_graph: graphgov.Graph) -> dict[str, str]:
    """handcheck-network's organizations: name -> org_id."""
    o = network_graph.organizations
    return dict(zip(o["name"], o["org_id"], strict=True))


@pytest.fixture
def default_rcparams() -> Iterator[None]:
    """matplotlib's default ``rcParams`` for the test (whatever earlier tests set, such as
    ``use_cjk_font``), the previous ones put back after."""
    import matplotlib as mpl

    with mpl.rc_context():
        mpl.rcdefaults()
        yield


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


@pytest.fixture
def env(neo4j_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The tests' Neo4j in this test's environment (``NEO4J_*`` set), for CLI commands."""
    for key, value in neo4j_env.items():
        monkeypatch.setenv(key, value)
    return neo4j_env


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_env: dict[str, str]) -> Iterator[neo4j.Driver]:
    """A driver to the tests' Neo4j, connectivity and credentials checked."""
    try:
        driver = connect(neo4j_settings(neo4j_env))
    except GraphgovError as err:
        pytest.fail(f"Neo4j for the tests is unreachable: {err}", pytrace=False)
    with driver:
        yield driver


# --- generated datasets (tests/test_generate*.py) --------------------------------------------


@pytest.fixture(scope="session")
def province(tmp_path_factory) -> Path:
    """The whole of Zhejiang generated at scale 0.02, seed 7."""
    from graphgov.generate import generate

    out = tmp_path_factory.mktemp("province")
    generate(out, scale=0.02, seed=7)
    return out


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    """The bundled sample's two counties generated at scale 1.0, seed 2019."""
    from generated import SAMPLE_COUNTIES

    from graphgov.generate import generate

    out = tmp_path_factory.mktemp("sample")
    generate(out, scale=1.0, seed=2019, counties=SAMPLE_COUNTIES)
    return out


@pytest.fixture(params=["province", "sample"])
def dataset(request) -> Path:
    """Each of `province` and `sample`."""
    return request.getfixturevalue(request.param)
