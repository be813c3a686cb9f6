"""Find the tools a local Neo4j server needs and fetch its jars once.

Neo4j comes from Maven Central: ``pom.xml`` beside this module lists the Community DBMS
(``org.neo4j:neo4j``) and the server module (``org.neo4j.app:neo4j-server``), and
``mvn dependency:copy-dependencies`` puts every jar they need in one folder of the cache,
``$GRAPHGOV_CACHE/neo4j-<version>/lib`` (default ``~/.cache/graphgov``). That happens on
the first start only (about 10 s with an empty ``~/.m2``, 150 MB); later starts reuse it.

Neo4j 5.26 runs on Java 17 or 21, so :func:`find_java` picks one of those: ``JAVA_HOME``,
then ``java`` on the PATH, then the JDKs under ``/usr/lib/jvm``.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from graphgov.errors import ProvisionError

#: Java feature releases Neo4j 5.26 supports.
SUPPORTED_JAVA = (17, 21)
JAVA_HINT = "install Java 17, e.g. `apt-get install openjdk-17-jre-headless`"
MVN_HINT = "install Maven, e.g. `apt-get install maven` (needed once, to fetch Neo4j's jars)"
_POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
_COMPLETE = ".complete"


def say(message: str) -> None:
    """Tell the user what a slow step is doing, on stderr (stdout stays for data)."""
    print(message, file=sys.stderr, flush=True)


def pom_text() -> str:
    """The text of the packaged ``pom.xml`` that lists the Neo4j server's artifacts."""
    return resources.files("graphgov.neo4j").joinpath("pom.xml").read_text(encoding="utf-8")


@cache
def neo4j_version() -> str:
    """The Neo4j version graphgov runs, read from the packaged pom (its one source).

    Examples
    --------
    >>> neo4j_version().startswith("5.26.")
    True
    """
    node = ET.fromstring(pom_text()).find("m:properties/m:neo4j.version", _POM_NS)
    if node is None or not (node.text or "").strip():
        raise ProvisionError("graphgov/neo4j/pom.xml has no <neo4j.version> property")
    return node.text.strip()


def cache_dir() -> Path:
    """Where downloaded jars live: ``$GRAPHGOV_CACHE``, else ``$XDG_CACHE_HOME/graphgov``."""
    if os.environ.get("GRAPHGOV_CACHE"):
        return Path(os.environ["GRAPHGOV_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphgov"


def lib_dir() -> Path:
    """The folder of jars for :func:`neo4j_version` (it may not be provisioned yet)."""
    return cache_dir() / f"neo4j-{neo4j_version()}" / "lib"


def java_major(java: str | Path) -> int | None:
    """The feature release (17, 21, ...) of a ``java`` executable, or None if it won't run."""
    try:
        run = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', run.stderr + run.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _java_candidates() -> list[Path]:
    found: list[Path] = []
    if os.environ.get("JAVA_HOME"):
        found.append(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    on_path = shutil.which("java")
    if on_path:
        found.append(Path(on_path))
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        found.extend(sorted(p / "bin" / "java" for p in jvm.iterdir()))
    unique: list[Path] = []
    for path in found:
        if path.is_file() and path.resolve() not in {u.resolve() for u in unique}:
            unique.append(path)
    return unique


def find_java() -> Path:
    """A ``java`` of a release Neo4j 5.26 supports (17 or 21).

    Raises
    ------
    ProvisionError
        No Java at all, or only releases Neo4j 5.26 does not run on; the message says what
        to install.
    """
    seen: list[str] = []
    for java in _java_candidates():
        major = java_major(java)
        if major in SUPPORTED_JAVA:
            return java
        seen.append(f"{java} ({major or 'unknown'})")
    if not seen:
        raise ProvisionError(f"Java not found: {JAVA_HINT}")
    raise ProvisionError(
        f"Neo4j {neo4j_version()} needs Java 17 or 21, found only {', '.join(seen)}: {JAVA_HINT}"
    )


def find_mvn() -> Path:
    """The ``mvn`` executable on the PATH; :class:`ProvisionError` saying what to install."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ProvisionError(f"Maven not found: {MVN_HINT}")
    return Path(mvn)


def is_provisioned(lib: Path | None = None) -> bool:
    """True when the jars of :func:`neo4j_version` are all in the cache."""
    return ((lib or lib_dir()) / _COMPLETE).is_file()


def provision(*, progress: Callable[[str], None] = say) -> Path:
    """Download the Neo4j server's jars into the cache once, and return their folder.

    Runs ``mvn dependency:copy-dependencies`` on a copy of the packaged pom (the package
    folder may be read-only) into a temporary folder, renamed into place when complete, so
    an interrupted download is never taken for a finished one. A file lock makes two
    concurrent first starts download once.

    Parameters
    ----------
    progress
        Called with one line before a download starts (default: print it to stderr).

    Returns
    -------
    Path
        The folder of jars, for ``java -cp '<folder>/*'``.

    Raises
    ------
    ProvisionError
        Java or Maven is missing, or Maven failed (its last lines are in the message).
    """
    lib = lib_dir()
    if is_provisioned(lib):
        return lib
    java, mvn = find_java(), find_mvn()
    version_dir = lib.parent
    version_dir.mkdir(parents=True, exist_ok=True)
    with open(version_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_provisioned(lib):
            return lib
        progress(f"Downloading Neo4j {neo4j_version()} from Maven Central (first run, ~1 min)…")
        pom = version_dir / "pom.xml"
        pom.write_text(pom_text(), encoding="utf-8")
        staging = Path(tempfile.mkdtemp(prefix="lib.", dir=version_dir))
        command = [
            str(mvn),
            "-q",
            "-B",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
            "-DincludeScope=runtime",
        ]
        env = {**os.environ, "JAVA_HOME": str(java.resolve().parent.parent)}
        try:
            run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        except OSError as err:
            shutil.rmtree(staging, ignore_errors=True)
            raise ProvisionError(f"could not run Maven ({mvn}): {err}") from err
        if run.returncode != 0 or not any(staging.glob("neo4j-*.jar")):
            shutil.rmtree(staging, ignore_errors=True)
            tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-20:])
            raise ProvisionError(
                f"Maven could not fetch Neo4j {neo4j_version()} (exit {run.returncode}):\n{tail}"
            )
        (staging / _COMPLETE).write_text(neo4j_version() + "\n", encoding="utf-8")
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
    return lib
