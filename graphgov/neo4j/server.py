"""A real local Neo4j server for development and tests: start, stop, status, env.

:class:`LocalServer` runs Neo4j Community (the version in ``pom.xml``, from Maven Central,
see :mod:`graphgov.neo4j.provision`) as ``java -cp '<cache>/lib/*'
org.neo4j.server.CommunityEntryPoint``, detached, listening for Bolt on 127.0.0.1 only.
Everything the server writes lives in one home folder::

    <home>/conf/neo4j.conf    rendered from the packaged template on every start
    <home>/data, logs, import, plugins
    <home>/run/neo4j.pid      the java process of a running server
    <home>/password           the neo4j user's password (mode 0600)

Authentication stays on. Before the first start a random password is written to
``<home>/password`` and handed to Neo4j's own ``neo4j-admin dbms set-initial-password``
(``org.neo4j.cli.AdminTool``) through an argument file, so it never shows on a command line.
The JVM maps a class-data archive beside the jars, written by its first stop
(:mod:`graphgov.neo4j.cds`): later starts take about 40% less time.

Environment: ``GRAPHGOV_NEO4J_HOME`` (default ``~/.local/share/graphgov/neo4j``),
``GRAPHGOV_NEO4J_PORT`` (7687), ``GRAPHGOV_NEO4J_HEAP`` (``1g``, java's ``-Xmx``),
``GRAPHGOV_NEO4J_PAGECACHE`` (``512m``), ``GRAPHGOV_CACHE`` (where the jars go).

Example (starts a real server, so not run as a doctest)::

    server = LocalServer(port=0)
    server.start()
    server.env()["NEO4J_URI"]        # 'bolt://127.0.0.1:40123'
    server.stop()
"""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import neo4j
import neo4j.exceptions

from graphgov.errors import ProvisionError
from graphgov.neo4j import cds
from graphgov.neo4j.process import (
    alive,
    cmdline,
    free_port,
    port_in_use,
    spawn_detached,
    tail,
    terminate,
)
from graphgov.neo4j.provision import find_java, neo4j_version, provision, say
from graphgov.settings import redact

DEFAULT_PORT = 7687
DEFAULT_HEAP = "1g"
DEFAULT_PAGECACHE = "512m"
USERNAME = "neo4j"
DATABASE = "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
#: The JVM options of Neo4j's own neo4j.conf that matter here.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def default_home() -> Path:
    """``$GRAPHGOV_NEO4J_HOME``, else ``$XDG_DATA_HOME/graphgov/neo4j``."""
    if os.environ.get("GRAPHGOV_NEO4J_HOME"):
        return Path(os.environ["GRAPHGOV_NEO4J_HOME"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphgov" / "neo4j"


@dataclass(frozen=True)
class ServerStatus:
    """What :meth:`LocalServer.status` found: ``str()`` gives the CLI's lines."""

    running: bool
    pid: int | None
    port: int
    version: str
    home: Path
    uri: str

    def __str__(self) -> str:
        state = f"running, pid {self.pid}" if self.running else "not running"
        return (
            f"Neo4j {self.version}: {state}, port {self.port}\nuri:  {self.uri}\nhome: {self.home}"
        )


class LocalServer:
    """A Neo4j server on this machine, in one home folder.

    Parameters
    ----------
    home
        The server's folder (data, logs, conf, pid, password); default :func:`default_home`.
    port
        Bolt port on 127.0.0.1; ``0`` picks a free one at start. Default
        ``$GRAPHGOV_NEO4J_PORT`` or 7687. A running server keeps the port it started with.
    heap
        Java heap (``-Xmx``), e.g. ``"1g"``; default ``$GRAPHGOV_NEO4J_HEAP`` or ``1g``.
    pagecache
        ``server.memory.pagecache.size``; default ``$GRAPHGOV_NEO4J_PAGECACHE`` or ``512m``.
    progress
        Called with one line before slow steps (default: print to stderr).
    class_archive
        The JVM's class-data archive (:mod:`graphgov.neo4j.cds`): True for the one beside
        the jars (default), a path for another, False for none.
    """

    def __init__(
        self,
        home: str | Path | None = None,
        port: int | None = None,
        heap: str | None = None,
        pagecache: str | None = None,
        *,
        progress: Callable[[str], None] = say,
        class_archive: bool | str | Path = True,
    ) -> None:
        self.home = Path(home or default_home()).expanduser().resolve()
        env_port = os.environ.get("GRAPHGOV_NEO4J_PORT")
        self._port = port if port is not None else int(env_port or DEFAULT_PORT)
        self.heap = heap or os.environ.get("GRAPHGOV_NEO4J_HEAP") or DEFAULT_HEAP
        self.pagecache = (
            pagecache or os.environ.get("GRAPHGOV_NEO4J_PAGECACHE") or DEFAULT_PAGECACHE
        )
        self.progress = progress
        self.class_archive = class_archive
        self.conf_file = self.home / "conf" / "neo4j.conf"
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.password_file = self.home / "password"
        self.log_file = self.home / "logs" / "neo4j.log"
        self.console_file = self.home / "logs" / "console.log"

    def __repr__(self) -> str:
        return f"LocalServer(home={str(self.home)!r}, port={self.port})"

    # -- what a client needs -------------------------------------------------------------

    @property
    def port(self) -> int:
        """The Bolt port: the running server's, else the one the next start will use."""
        if self.pid() is not None:
            written = re.search(
                r"^server\.bolt\.listen_address=.*:(\d+)\s*$", self._read(self.conf_file), re.M
            )
            if written:
                return int(written.group(1))
        return self._port

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<port>``."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def password(self) -> str | None:
        """The neo4j user's password, or None before the first start."""
        return self._read(self.password_file).strip() or None

    def env(self) -> dict[str, str]:
        """The ``NEO4J_*`` variables :func:`graphgov.settings.connect` reads, for this server.

        Raises
        ------
        ProvisionError
            The server was never started, so it has no password yet.
        """
        if self.password is None:
            raise ProvisionError(f"no local Neo4j in {self.home} yet: run `graphgov neo4j start`")
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USERNAME": USERNAME,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": DATABASE,
        }

    # -- lifecycle -----------------------------------------------------------------------

    def provision(self) -> Path:
        """Download the server's jars once (see :func:`~graphgov.neo4j.provision.provision`)."""
        return provision(progress=self.progress)

    def pid(self) -> int | None:
        """The pid of this home's running server, or None (a stale pid file is ignored)."""
        try:
            pid = int(self._read(self.pid_file).strip())
        except ValueError:
            return None
        if not alive(pid):
            return None
        args = cmdline(pid)
        mine = ENTRY_POINT in args and f"--home-dir={self.home}" in args
        return pid if mine else None

    def status(self) -> ServerStatus:
        """Running or not, pid, port, version, home and URI."""
        pid = self.pid()
        return ServerStatus(pid is not None, pid, self.port, neo4j_version(), self.home, self.uri)

    def start(self, timeout: float = 120.0) -> bool:
        """Start the server and wait until Bolt answers ``RETURN 1`` with the password.

        Idempotent: a server already running in this home is left alone.

        Parameters
        ----------
        timeout
            Seconds to wait for Bolt to answer.

        Returns
        -------
        bool
            True if this call started the server, False if it was already running.

        Raises
        ------
        ProvisionError
            Java or Maven missing, the port taken, or the server died or did not answer in
            time (the message ends with the last lines of its log); a failed start is stopped.
        """
        if self.pid() is not None:
            return False
        java = find_java()
        lib = self.provision()
        if self._port == 0:
            self._port = free_port()
        elif port_in_use(self._port):
            raise ProvisionError(
                f"port {self._port} on 127.0.0.1 is taken by another program: choose another "
                "with --port (0 picks a free one) or GRAPHGOV_NEO4J_PORT"
            )
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o700)
        self._write_conf(lib)
        self._ensure_password(java, lib)
        run = self.home / "run"
        argv = [
            str(java),
            f"-Xmx{self.heap}",
            *JVM_OPTIONS,
            *cds.server_options(self.class_archive, java, lib, JVM_OPTIONS, run, self.progress),
            "-cp",
            f"{lib}/*",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_file.parent}",
        ]
        pid = spawn_detached(argv, self.console_file)
        self.pid_file.write_text(f"{pid}\n")
        try:
            self._wait_ready(pid, time.monotonic() + timeout, timeout)
        except ProvisionError:
            self._stop_process(pid, grace=10.0)
            self.pid_file.unlink(missing_ok=True)
            raise
        return True

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server gracefully (SIGTERM, then SIGKILL after ``timeout`` seconds, and
        :data:`~graphgov.neo4j.cds.WRITE_GRACE` more while it writes its class archive).

        Returns
        -------
        bool
            True if a running server was stopped, False if none was running.
        """
        pid = self.pid()
        if pid is not None:
            writing = cds.pending(self.home / "run")
            self._stop_process(pid, grace=timeout + cds.WRITE_GRACE * writing)
        self.pid_file.unlink(missing_ok=True)
        return pid is not None

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's log and of its console output, credentials
        hidden (:func:`graphgov.settings.redact`)."""
        parts = []
        for path in (self.log_file, self.console_file):
            last = tail(path, lines)
            if last:
                parts.append(f"--- {path} (last {len(last)} lines)\n" + "\n".join(last))
        return redact("\n".join(parts), [self.password]) or f"(no log in {self.home / 'logs'})"

    def admin(
        self, *args: str, java: Path | None = None, lib: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``neo4j-admin ARGS`` (``org.neo4j.cli.AdminTool``) on this home, with the
        cached jars and the server's heap and JVM options; its output captured. Arguments
        show in the process list: a secret goes in an ``@file`` argument."""
        java, lib = java or find_java(), lib or self.provision()
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_file.parent)}
        command = [str(java), f"-Xmx{self.heap}", *JVM_OPTIONS, "-cp", f"{lib}/*", ADMIN_TOOL]
        return subprocess.run([*command, *args], capture_output=True, text=True, env=env)

    # -- internals -----------------------------------------------------------------------

    @staticmethod
    def _read(path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            return ""

    def _write_conf(self, lib: Path) -> None:
        template = resources.files("graphgov.neo4j").joinpath("neo4j.conf").read_text("utf-8")
        text = string.Template(template).substitute(
            version=neo4j_version(),
            home=self.home,
            lib=lib,
            port=self._port,
            pagecache=self.pagecache,
        )
        self.conf_file.write_text(text, encoding="utf-8")

    def _ensure_password(self, java: Path, lib: Path) -> None:
        """Generate the password and set it in Neo4j, unless the DBMS was created already."""
        initialised = (self.home / "data" / "databases" / "system").exists()
        if initialised:
            if self.password is None:
                raise ProvisionError(
                    f"{self.home} holds a Neo4j database but no password file; remove "
                    f"{self.home / 'data'} to start afresh"
                )
            return
        if self.password is None:
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(32)) + "\n")
        os.chmod(self.password_file, 0o600)
        # picocli reads "@file" arguments from the file: the password stays off argv.
        argfile = self.home / "run" / "initial-password.args"
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(f"{self.password}\n")
        try:
            run = self.admin("dbms", "set-initial-password", f"@{argfile}", java=java, lib=lib)
        finally:
            argfile.unlink(missing_ok=True)
        if run.returncode != 0:
            said = redact(run.stdout + run.stderr, [self.password])
            said = "\n".join(  # Java stack frames say nothing to a user
                line
                for line in said.strip().splitlines()
                if not line.startswith(("\tat ", "\t..."))
            )
            raise ProvisionError(f"neo4j-admin could not set the initial password: {said}")

    def _stop_process(self, pid: int, grace: float) -> None:
        try:
            exited = terminate(pid, grace)
        except TimeoutError as err:
            raise ProvisionError(f"Neo4j (pid {pid}) did not exit: {err}") from err
        cds.settle(self.home / "run", exited=exited)

    def _wait_ready(self, pid: int, deadline: float, timeout: float) -> None:
        last = "no answer yet"
        while time.monotonic() < deadline:
            if not alive(pid):
                raise ProvisionError(f"Neo4j exited during startup:\n{self.log_tail()}")
            if port_in_use(self._port):
                try:
                    with (
                        neo4j.GraphDatabase.driver(
                            self.uri, auth=(USERNAME, self.password), connection_timeout=5
                        ) as driver,
                        driver.session(database=DATABASE) as session,
                    ):
                        session.run("RETURN 1").consume()
                    return
                except neo4j.exceptions.AuthError as err:
                    raise ProvisionError(
                        f"Neo4j at {self.uri} refused the password in {self.password_file}: "
                        f"{redact(err.message, [self.password])}"
                    ) from err
                except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as e:
                    last = str(e).splitlines()[0] if str(e) else type(e).__name__
                    last = redact(last, [self.password])
            time.sleep(0.2)
        raise ProvisionError(
            f"Neo4j did not answer on {self.uri} within {timeout:.0f} s ({last}):\n"
            + self.log_tail()
        )
