"""The export's key: read from a file only the owner may read, never from the command line.

The key is what makes the pseudonyms unlinkable: whoever holds it can recompute a person's
pseudonym from their id; without it the pseudonyms say nothing. It is read from a file
whose permissions allow only its owner (``chmod 600``), and a missing file is created with
a new random key (32 bytes, hex) and those permissions. The key is never printed, logged or
written next to the export.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from graphgov.errors import UsageError

__all__ = ["MIN_KEY_BYTES", "load_or_create_key"]

#: A key shorter than this is refused (HMAC-SHA256 wants at least 128 bits of secret).
MIN_KEY_BYTES = 16


def load_or_create_key(path: Path) -> tuple[bytes, bool]:
    """``(key, created)``: the key in `path`, or a new one written there (created=True).

    Raises
    ------
    UsageError
        The file can be read by others (group or world permission bits), is a folder, is
        shorter than :data:`MIN_KEY_BYTES`, or cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"--key-file {path} is a folder; give a file name")
    if not path.exists():
        key = secrets.token_hex(32).encode("ascii")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as err:
            raise UsageError(f"--key-file {path}: cannot create it ({err.strerror})") from err
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
        return key, True
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(
            f"--key-file {path}: others may read it (mode {stat.filemode(mode)}); "
            f"make it the owner's only: chmod 600 {path}"
        )
    key = path.read_bytes().strip()
    if len(key) < MIN_KEY_BYTES:
        raise UsageError(f"--key-file {path}: shorter than {MIN_KEY_BYTES} bytes; not a key")
    return key, False
