"""The validated cache: a dataset directory's graph, kept after its first validation.

Validating a province-sized dataset takes seconds; reopening the graph it gave takes a
fraction of one. :func:`cached` serves an unchanged dataset from the cache and validates
(then stores) a new or changed one. :func:`graphgov.graph.open_graph` goes through it, so
every ``graphgov report NAME --data DIR``, ``report all`` and ``metrics`` after the first
skips validation until a file changes.

An entry is keyed by (:func:`fingerprint`):

- every entry of the dataset directory (not its subfolders): its name and kind; for a
  regular file (or a link to one) its size, modification time (ns) and SHA-256 of its
  contents, hashed on every open, so a file changed in place with the same size and time
  is still caught; a link's target; nothing is read from a folder, a device or a broken
  link (validation refuses those tables itself);
- the dataset's absolute path, the ``encoding`` option, and today's date when
  ``dataset.toml`` gives no ``as_of`` (the default ``as_of`` is today);
- the graphgov version, :data:`CACHE_FORMAT`, and a hash of the package's own files
  (a changed validation rule invalidates every entry, even without a new version).

A dataset whose validation fails is never stored; one with rejected rows is stored with
them (``Graph.rejects``), so reports from the cache show the same rejects and counts.

Where entries live, one folder per key (the cache never writes inside a dataset):

``GRAPHGOV_CACHE_DIR``
    The folder of validated graphs itself. Default ``$GRAPHGOV_CACHE/validated``, else
    ``$XDG_CACHE_HOME/graphgov/validated``, else ``~/.cache/graphgov/validated``.
``GRAPHGOV_NO_CACHE``
    ``1`` (or ``true``/``yes``/``on``): neither read nor write the cache; every open
    validates.

An entry is written in a temporary folder beside the others and renamed into place, so a
reader never sees half of one; its ``entry.json`` lists the SHA-256 of each file, checked
on every read, and an entry that fails the check (damaged, truncated, edited) is deleted
and rebuilt with a one-line warning. The cache holds the :data:`MAX_ENTRIES` most recently
used entries (about 30 MB each at scale 1.0) and deletes older ones. A cache folder that
cannot be written only costs the speed-up: the report still runs, with a warning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from graphgov.errors import GraphgovError

__all__ = [
    "CACHE_FORMAT",
    "MAX_ENTRIES",
    "CacheSettings",
    "cache_settings",
    "cached",
    "entry_key",
    "fingerprint",
]

#: Bumped whenever what an entry holds, or how it is keyed, changes.
CACHE_FORMAT = 1
#: Entries kept; the least recently used beyond this are deleted.
MAX_ENTRIES = 8
#: The file naming what an entry holds and the digest of each of its files (written last).
MANIFEST = "entry.json"
#: Temporary folders of entries being written start with this.
_TMP_PREFIX = ".tmp-"
#: A temporary folder older than this (seconds) is left over from a crash and removed.
_STALE_TMP_SECONDS = 3600
_TRUE = ("1", "true", "yes", "on")
#: What an entry's folder name looks like (:func:`entry_key`).
_KEY = re.compile(r"[0-9a-f]{40}")

#: What reading a damaged entry can raise (pyarrow's errors derive from these).
_READ_ERRORS = (OSError, ValueError, KeyError, TypeError, NotImplementedError, GraphgovError)

log = logging.getLogger(__name__)
G = TypeVar("G")


@dataclass(frozen=True)
class CacheSettings:
    """Where the validated cache is and whether it is used."""

    directory: Path
    enabled: bool = True
    max_entries: int = MAX_ENTRIES


def cache_settings(environ: Mapping[str, str] | None = None) -> CacheSettings:
    """The cache settings from ``GRAPHGOV_CACHE_DIR``, ``GRAPHGOV_NO_CACHE`` and the XDG default.

    Examples
    --------
    >>> s = cache_settings({"GRAPHGOV_CACHE_DIR": "/tmp/gg", "GRAPHGOV_NO_CACHE": "1"})
    >>> s.directory.as_posix(), s.enabled
    ('/tmp/gg', False)
    >>> cache_settings({"XDG_CACHE_HOME": "/x"}).directory.as_posix()
    '/x/graphgov/validated'
    """
    env = os.environ if environ is None else environ
    if env.get("GRAPHGOV_CACHE_DIR"):
        directory = Path(env["GRAPHGOV_CACHE_DIR"]).expanduser()
    elif env.get("GRAPHGOV_CACHE"):
        directory = Path(env["GRAPHGOV_CACHE"]).expanduser() / "validated"
    else:
        base = env.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        directory = Path(base) / "graphgov" / "validated"
    enabled = env.get("GRAPHGOV_NO_CACHE", "").strip().lower() not in _TRUE
    return CacheSettings(directory, enabled)


def fingerprint(path: str | Path, *, encoding: str | None = None) -> dict:
    """What a dataset's entry is keyed by (JSON-ready; see the module docstring).

    ``files`` has one ``[name, kind, size, mtime_ns, sha256, link]`` row per directory
    entry, sorted by name (``kind`` is ``file``, ``dir``, ``other`` or ``broken-link``;
    values that do not apply are None).
    """
    import graphgov

    path = Path(path).resolve()
    with os.scandir(path) as it:
        files = [_file_row(e) for e in sorted(it, key=lambda e: e.name)]
    out = {
        "format": CACHE_FORMAT,
        "graphgov": graphgov.__version__,
        "code": _code_digest(),
        "dataset": str(path),
        "encoding": encoding,
        "files": files,
    }
    if not _as_of_given(path / "dataset.toml"):
        out["today"] = dt.date.today().isoformat()
    return out


def entry_key(fp: dict) -> str:
    """The folder name of the entry for a :func:`fingerprint` `fp` (a hex digest)."""
    text = json.dumps(fp, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def cached(
    path: str | Path,
    build: Callable[[], G],
    save: Callable[[G, Path], object],
    read: Callable[[Path], G],
    *,
    encoding: str | None = None,
    settings: CacheSettings | None = None,
) -> tuple[G, bool]:
    """The dataset at `path` from the cache, or built and stored there.

    Parameters
    ----------
    path
        The dataset directory.
    build
        Validates the dataset and returns its graph (its errors propagate; nothing is
        stored then).
    save, read
        Write a graph into an (empty) folder; reopen one written by `save`.
    encoding
        The encoding option `build` uses (part of the key).
    settings
        Default :func:`cache_settings` (the environment).

    Returns
    -------
    (graph, hit)
        `hit` is True when the graph came from the cache.
    """
    s = settings or cache_settings()
    if not s.enabled:
        return build(), False
    try:
        key = entry_key(fingerprint(path, encoding=encoding))
    except OSError:  # an unreadable folder or file: validation says what is wrong with it
        return build(), False
    entry = s.directory / key
    if _intact(entry, key):
        try:
            graph = read(entry)
        except _READ_ERRORS as err:
            _discard(entry, f"unreadable ({type(err).__name__}: {err})")
        else:
            _touch(entry)
            return graph, True
    graph = build()
    try:
        unchanged = entry_key(fingerprint(path, encoding=encoding)) == key
    except OSError:
        unchanged = False
    if unchanged:  # not stored if a file changed while it was being validated
        _store(s, key, str(Path(path).resolve()), lambda folder: save(graph, folder))
    return graph, False


# --- the key ------------------------------------------------------------------------------


def _file_row(entry: os.DirEntry) -> list:
    link = os.readlink(entry.path) if entry.is_symlink() else None
    try:
        st = os.stat(entry.path)  # follows a link
    except OSError:
        return [entry.name, "broken-link", None, None, None, link]
    if stat.S_ISDIR(st.st_mode):
        return [entry.name, "dir", None, None, None, link]
    if not stat.S_ISREG(st.st_mode):
        return [entry.name, "other", None, None, None, link]
    return [entry.name, "file", st.st_size, st.st_mtime_ns, _sha256(Path(entry.path)), link]


def _sha256(file: Path) -> str:
    with open(file, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@functools.cache
def _code_digest() -> str:
    """A hash of every file of the graphgov package (computed once per process)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for file in sorted(root.rglob("*")):
        if "__pycache__" in file.parts or file.suffix == ".pyc" or not file.is_file():
            continue
        h.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(file.read_bytes())
    return h.hexdigest()


def _as_of_given(file: Path) -> bool:
    """Whether `file` (dataset.toml) sets ``as_of``; False when it is absent or unreadable."""
    try:
        return "as_of" in tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


# --- entries ------------------------------------------------------------------------------


def _intact(entry: Path, key: str) -> bool:
    """Whether `entry` exists with its manifest, and every file matches its digest."""
    if not entry.is_dir():
        return False
    try:
        manifest = json.loads((entry / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        _discard(entry, f"{MANIFEST} is missing")
        return False
    except (OSError, ValueError) as err:
        _discard(entry, f"{MANIFEST} is unreadable ({err})")
        return False
    try:
        ok = manifest["format"] == CACHE_FORMAT and manifest["key"] == key
        digests = manifest["digests"]
        listed = set(digests) | {MANIFEST}
        ok = ok and listed == set(_relative_files(entry))
        ok = ok and all(_sha256(entry / name) == digest for name, digest in digests.items())
    except (OSError, KeyError, TypeError, AttributeError) as err:
        _discard(entry, f"{MANIFEST} does not match the entry ({err})")
        return False
    if not ok:
        _discard(entry, "its files do not match their digests")
    return ok


def _store(s: CacheSettings, key: str, dataset: str, write: Callable[[Path], object]) -> None:
    """Write an entry in a temporary folder, list its digests, rename it into place, prune."""
    tmp: Path | None = None
    try:
        s.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{key[:12]}-", dir=s.directory))
        write(tmp)
        digests = {name: _sha256(tmp / name) for name in _relative_files(tmp)}
        manifest = {"format": CACHE_FORMAT, "key": key, "dataset": dataset, "digests": digests}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        try:
            os.rename(tmp, s.directory / key)
        except OSError:  # another process stored the same entry first: keep theirs
            if not (s.directory / key / MANIFEST).exists():
                raise
        _prune(s)
    except OSError as err:
        log.warning(
            "graphgov: could not write the validated cache in %s (%s); the next report "
            "validates again (set GRAPHGOV_NO_CACHE=1 to skip the cache)",
            s.directory,
            err,
        )
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _prune(s: CacheSettings) -> None:
    """Delete entries beyond the `max_entries` most recently used, and stale temp folders.

    Only folders named like a key (or a temporary folder) are touched: files of anything
    else that shares the cache folder are left alone.
    """
    now = time.time()
    entries: list[tuple[float, Path]] = []
    for child in s.directory.iterdir():
        try:
            mtime = child.stat().st_mtime
        except OSError:
            continue
        if child.name.startswith(_TMP_PREFIX):
            if now - mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(child, ignore_errors=True)
        elif _KEY.fullmatch(child.name) and child.is_dir():  # never anything else in there
            entries.append((mtime, child))
    entries.sort(reverse=True)
    for _, old in entries[s.max_entries :]:
        shutil.rmtree(old, ignore_errors=True)


def _relative_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _touch(entry: Path) -> None:
    """Mark `entry` as just used (the pruning order); a read-only cache is fine."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def _discard(entry: Path, reason: str) -> None:
    log.warning("graphgov: validated cache entry %s is damaged (%s); rebuilding it", entry, reason)
    shutil.rmtree(entry, ignore_errors=True)
