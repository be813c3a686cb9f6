"""graphgov's exceptions: one base class and a few specific ones.

The CLI turns any :class:`GraphgovError` into one clear line and its exit code; anything else
is a bug: one "internal error" line, exit 70, the traceback saved to ``internal-error.txt``
in graphgov's cache folder (see :mod:`graphgov.cli_common`).
"""

from __future__ import annotations


class GraphgovError(Exception):
    """Base class of every error graphgov raises on purpose."""

    exit_code = 1


class DatasetError(GraphgovError):
    """A dataset cannot be read at all: missing file or column, undecodable text, bad toml."""

    exit_code = 2


class NoDataError(GraphgovError):
    """The dataset lacks what an analysis needs (no regions, organizations or communities)."""

    exit_code = 1


class UsageError(GraphgovError):
    """A bad option or argument: an unknown analysis, level or parameter."""

    exit_code = 2


class Neo4jUnavailableError(GraphgovError):
    """No Neo4j server answers, or it refused the credentials."""

    exit_code = 1


class ProvisionError(GraphgovError):
    """The local Neo4j server could not be provisioned or started."""

    exit_code = 1
