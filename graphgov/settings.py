"""graphgov's settings: typed values read from the environment.

Neo4j connection, read each time :func:`neo4j_settings` or :func:`connect` is called (so
``eval "$(graphgov neo4j env)"`` in a shell, or a test fixture's environment, takes effect
without a re-import):

``NEO4J_URI``
    Where the server is, default ``bolt://127.0.0.1:7687``. ``bolt://`` and ``neo4j://``
    are plaintext: fine on this machine, warned about for any other host (use
    ``neo4j+s://`` or ``bolt+s://`` there). A URI holding credentials
    (``bolt://user:pw@host``) is refused: they go in the two variables below.
``NEO4J_USERNAME``
    Default ``neo4j``.
``NEO4J_PASSWORD``
    No default. ``graphgov neo4j env`` prints the local server's.
``NEO4J_DATABASE``
    Default ``neo4j``.

The local server itself is configured with ``GRAPHGOV_NEO4J_*`` variables, described in
:mod:`graphgov.neo4j.server`.

Secrets: every message graphgov prints or writes about a connection, a server or a driver
error goes through :func:`redact`, which hides the credentials of any URI in it and every
occurrence of ``NEO4J_PASSWORD``'s value. ``graphgov neo4j env`` is the one exception: it
prints the local server's password on purpose, for ``eval``.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions

from graphgov.errors import Neo4jUnavailableError, UsageError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USERNAME = "neo4j"
DEFAULT_DATABASE = "neo4j"
#: URI schemes whose traffic, password included, crosses the network unencrypted.
PLAINTEXT_SCHEMES = ("bolt", "neo4j")
#: The Bolt URI schemes :func:`connect` accepts.
SCHEMES = tuple(f"{base}{tls}" for base in PLAINTEXT_SCHEMES for tls in ("", "+s", "+ssc"))
_LOCAL_HOSTS = ("localhost", "::1", "")
#: What stands for a secret in a message.
HIDDEN = "***"
#: The userinfo of a URI in a text: from ``scheme://`` to the last ``@`` before a space or
#: a quote, so a password holding ``/`` or ``@`` is hidden whole.
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^\s'\"<>]*@")


def redact(text: object, secrets: Iterable[str | None] = ()) -> str:
    """`text` with credentials hidden: the userinfo of every URI in it (``user:pw@``) and
    every occurrence of the `secrets` and of ``NEO4J_PASSWORD``'s value become ``***``.

    Examples
    --------
    >>> redact("no Neo4j answers at bolt://analyst:s3cret@db.example.org:7687")
    'no Neo4j answers at bolt://***@db.example.org:7687'
    >>> redact("refused password 'hunter2hunter2'", secrets=["hunter2hunter2"])
    "refused password '***'"
    """
    out = _USERINFO.sub(rf"\g<scheme>{HIDDEN}@", str(text))
    for secret in {*secrets, os.environ.get("NEO4J_PASSWORD")}:
        if secret:
            out = out.replace(secret, HIDDEN)
    return out


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to reach Neo4j; ``repr`` never shows the password."""

    uri: str = DEFAULT_URI
    username: str = DEFAULT_USERNAME
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    def __post_init__(self) -> None:
        if _USERINFO.search(self.uri):
            raise UsageError(
                f"NEO4J_URI {redact(self.uri)} holds credentials: put the user name in "
                "NEO4J_USERNAME and the password in NEO4J_PASSWORD"
            )

    def redact(self, text: object) -> str:
        """`text` with these settings' password, and any URI's credentials, hidden."""
        return redact(text, [self.password])

    @property
    def plaintext_remote(self) -> bool:
        """True for a ``bolt://``/``neo4j://`` URI to a host other than this machine."""
        parts = urlsplit(self.uri)
        host = (parts.hostname or "").lower()
        local = host in _LOCAL_HOSTS or host.startswith("127.")
        return parts.scheme in PLAINTEXT_SCHEMES and not local


def neo4j_settings(environ: Mapping[str, str] | None = None) -> Neo4jSettings:
    """The Neo4j settings from ``NEO4J_URI``/``USERNAME``/``PASSWORD``/``DATABASE``.

    Parameters
    ----------
    environ
        Where to read them; default ``os.environ``. Empty values count as unset.

    Examples
    --------
    >>> s = neo4j_settings({"NEO4J_URI": "neo4j+s://db.example.org", "NEO4J_PASSWORD": "x"})
    >>> s.uri, s.username, s.database
    ('neo4j+s://db.example.org', 'neo4j', 'neo4j')
    >>> s
    Neo4jSettings(uri='neo4j+s://db.example.org', username='neo4j', database='neo4j')
    """
    env = os.environ if environ is None else environ
    return Neo4jSettings(
        uri=env.get("NEO4J_URI") or DEFAULT_URI,
        username=env.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
        password=env.get("NEO4J_PASSWORD") or None,
        database=env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
    )


def connect(settings: Neo4jSettings | None = None, *, timeout: float = 10.0) -> neo4j.Driver:
    """A driver to the configured Neo4j, with connectivity and credentials checked.

    Parameters
    ----------
    settings
        Default :func:`neo4j_settings` (the environment).
    timeout
        Seconds to wait for the server to accept the connection.

    Returns
    -------
    neo4j.Driver
        Close it when done (it is a context manager).

    Raises
    ------
    Neo4jUnavailableError
        No server answers at the URI, the URI is invalid, or the credentials are refused;
        the message is one line and never holds the password.

    Warns
    -----
    UserWarning
        When a plaintext ``bolt://``/``neo4j://`` URI points to another host.
    """
    s = settings or neo4j_settings()
    if s.plaintext_remote:
        warnings.warn(
            s.redact(
                f"NEO4J_URI {s.uri} is unencrypted to a remote host: the password crosses "
                "the network in clear; use neo4j+s:// or bolt+s://"
            ),
            UserWarning,
            stacklevel=2,
        )
    if urlsplit(s.uri).scheme not in SCHEMES:
        raise Neo4jUnavailableError(
            s.redact(f"invalid NEO4J_URI {s.uri!r}: the scheme must be one of {', '.join(SCHEMES)}")
        )
    auth = (s.username, s.password) if s.password is not None else None
    try:
        driver = neo4j.GraphDatabase.driver(
            s.uri, auth=auth, connection_timeout=timeout, notifications_min_severity="OFF"
        )
    except (neo4j.exceptions.ConfigurationError, ValueError) as err:
        raise Neo4jUnavailableError(s.redact(f"invalid NEO4J_URI {s.uri!r}: {err}")) from err
    try:
        driver.verify_connectivity()
    except neo4j.exceptions.AuthError as err:
        driver.close()
        hint = (
            ' (NEO4J_PASSWORD is not set; for the local server: eval "$(graphgov neo4j env)")'
            if s.password is None
            else ""
        )
        raise Neo4jUnavailableError(
            s.redact(f"Neo4j at {s.uri} refused the credentials of user {s.username!r}{hint}")
        ) from err
    except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError, ValueError) as err:
        driver.close()
        reason = " ".join(str(err).split())[:200] or type(err).__name__
        raise Neo4jUnavailableError(
            s.redact(
                f"no Neo4j answers at {s.uri} ({reason}); start one with `graphgov neo4j start`"
            )
        ) from err
    return driver
