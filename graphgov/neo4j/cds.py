"""Class-data sharing for the local server's JVM: a start about 1.7 times as fast.

Neo4j's server loads and verifies some 20,000 classes as it starts. On two cores that is
much of a start: an empty database answered after 8.1-10.9 s without an archive and
5.4-7.0 s with one (benchmarks/bench_neo4j_start.py). Java 17 writes the classes a run
loaded into an archive when it exits (``-XX:ArchiveClassesAtExit``) and maps them from it
on later starts (``-XX:SharedArchiveFile``).

The archive lives beside the jars (``<cache>/neo4j-<version>/server-<key>.jsa``, about
100 MB), one per Java build and JVM options: the key changes with either, and the JVM
itself refuses an archive that does not match (it then starts without one). The first
start without an archive has its JVM write one to a temporary name as it exits, and the
stop that waited for that exit (about 20 s longer, once) moves it into place. A server
killed before it exited writes none, and the next start tries again; a JVM that exits
cleanly and writes none (one without a base archive) is not asked again (a ``.failed``
file beside it).

A start that maps an archive marks it used (its modification time); at a start, the
archives beside the jars unused for :data:`STALE_DAYS` days (those of a Java build since
updated, say) are deleted, and so are temporary ones a killed server left more than a day
ago.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Sequence
from pathlib import Path

#: Where the pending archive of a started server is recorded, in its ``run`` folder.
PENDING = "class-archive.json"
#: Seconds a stop waits longer for a JVM writing its archive (12-23 s here), so that a
#: slow machine does not kill it mid-write on every stop and never get one.
WRITE_GRACE = 120.0
#: Days after which an archive no start has mapped is deleted (:func:`server_options`).
STALE_DAYS = 30


def server_options(
    archive: bool | str | Path,
    java: Path,
    lib: Path,
    options: Sequence[str],
    run: Path,
    progress: Callable[[str], None],
) -> list[str]:
    """The JVM options of a server's start (:func:`jvm_options`) for its `archive` setting:
    True for the one beside the jars (the stale ones beside it deleted), a path for
    another, False for none."""
    if archive is False:
        return []
    path = archive_for(lib, java, options) if archive is True else Path(archive)
    if archive is True:  # graphgov's own folder: the archives there are all its own
        _prune(path)
    chosen = jvm_options(path, run)
    if any(o.startswith("-XX:ArchiveClassesAtExit") for o in chosen):
        progress(
            "the server's first start on this Java: it writes a class archive as it stops "
            "(that stop takes about 20 s longer, once), so later starts are faster"
        )
    return chosen


def archive_for(lib: Path, java: Path, options: Sequence[str]) -> Path:
    """The archive of the server run with `java`, `options` and the jars in `lib`."""
    real = java.resolve()
    stat = real.stat()
    what = [str(real), stat.st_size, stat.st_mtime_ns, str(lib.resolve()), *options]
    key = hashlib.sha256(json.dumps(what).encode()).hexdigest()[:16]
    return lib.parent / f"server-{key}.jsa"


def jvm_options(archive: Path, run: Path) -> list[str]:
    """The JVM option that maps `archive`, or, when there is none yet, the one that writes
    it at exit (recorded in `run` for :func:`settle`); none when writing one failed."""
    if archive.is_file():
        os.utime(archive)  # used now: not stale
        return [f"-XX:SharedArchiveFile={archive}"]
    if _failed(archive).exists():
        return []
    pending = archive.with_name(f"{archive.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    record = {"pending": str(pending), "archive": str(archive)}
    (run / PENDING).write_text(json.dumps(record), encoding="utf-8")
    return [f"-XX:ArchiveClassesAtExit={pending}"]


def pending(run: Path) -> bool:
    """Whether the server of `run` is to write its archive as it exits."""
    return (run / PENDING).is_file()


def settle(run: Path, *, exited: bool) -> None:
    """After the server's JVM is gone: move the archive it wrote into place.

    `exited` says it left on its own after SIGTERM; a killed one's archive may be cut
    short, so it is thrown away.
    """
    try:
        record = json.loads((run / PENDING).read_text(encoding="utf-8"))
        pending, archive = Path(record["pending"]), Path(record["archive"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    written = pending.is_file() and pending.stat().st_size > 0
    if exited and written:
        os.replace(pending, archive)
    elif exited:
        _failed(archive).touch()
    pending.unlink(missing_ok=True)
    (run / PENDING).unlink(missing_ok=True)


def _prune(archive: Path) -> None:
    """Delete the archives beside `archive` unused for :data:`STALE_DAYS` days, and the
    temporary ones older than a day (a JVM writes its own only as it exits)."""
    now = time.time()
    old = [(archive.parent.glob("server-*.jsa"), STALE_DAYS * 86400.0),
           (archive.parent.glob("server-*.jsa.*.tmp"), 86400.0)]  # fmt: skip
    for paths, age in old:
        for path in paths:
            try:
                if path != archive and now - path.stat().st_mtime > age:
                    path.unlink()
            except OSError:  # gone meanwhile, or not ours to delete: left as it is
                continue


def _failed(archive: Path) -> Path:
    return archive.with_suffix(".failed")
