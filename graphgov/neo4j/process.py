"""Small POSIX process and port helpers for :mod:`graphgov.neo4j.server`."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Sequence
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now, picked by the kernel."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something is bound to ``host:port`` (a listening server, say)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def spawn_detached(argv: Sequence[str], output: Path) -> int:
    """Start ``argv`` in a new session, stdin from /dev/null, stdout and stderr to ``output``.

    The process outlives its caller (no ``Popen`` object is kept, so nothing warns when it
    is garbage-collected); :func:`alive` reaps it if it is still the caller's child.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(output), flags, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(argv[0], list(argv), dict(os.environ), setsid=True, file_actions=actions)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs; reaps it first if it is our own exited child."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def cmdline(pid: int) -> list[str]:
    """The arguments process ``pid`` was started with ([] if it is gone)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode(errors="replace").split("\0")


def terminate(pid: int, grace: float) -> bool:
    """SIGTERM, wait up to ``grace`` seconds, then SIGKILL; return once ``pid`` is gone:
    True if it left after SIGTERM (or was gone already), False if it had to be killed.

    Raises
    ------
    TimeoutError
        The process outlived SIGKILL by 10 s.
    """
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return sig == signal.SIGTERM
        end = time.monotonic() + wait
        while time.monotonic() < end:
            if not alive(pid):
                return sig == signal.SIGTERM
            time.sleep(0.2)
    raise TimeoutError(f"process {pid} did not exit after SIGKILL")


def tail(path: Path, lines: int) -> list[str]:
    """The last ``lines`` lines of a text file ([] if it cannot be read)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return []
