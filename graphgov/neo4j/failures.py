"""Neo4j's failures as graphgov's errors: one line, credentials hidden, the cause chained.

:func:`database_errors` wraps the work of :func:`~graphgov.neo4j.store.load_graph`,
:func:`~graphgov.neo4j.queries.run_query`, :func:`~graphgov.neo4j.read.graph_from_neo4j`
and the Cypher analyses, so a notebook and the CLI get the same one-line
:class:`~graphgov.errors.GraphgovError` (the driver's exception stays its ``__cause__``):

- the server went away (it stopped, crashed or the network dropped, and the driver's
  retries ran out): exit 1, and for a load the advice to rerun it, which resumes;
- the database does not exist, or is Neo4j's own ``system`` database: exit 2;
- the server refused the credentials, the privilege, or a write to a read-only database:
  exit 1;
- anything else the server or the driver reports: its code and the first line of its
  message, exit 1.

Errors a query's own text or parameters cause are told apart earlier, by
:func:`~graphgov.neo4j.queries.run_query`, which knows the query's name and file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j.exceptions

from graphgov.errors import GraphgovError, Neo4jUnavailableError, UsageError
from graphgov.settings import redact

__all__ = ["database_errors", "check_database", "first_line", "SYSTEM_DATABASE"]

#: Neo4j's own database of users and databases; graphgov's data never goes there.
SYSTEM_DATABASE = "system"
#: The driver's exceptions that mean the connection to the server was lost.
GONE = (
    neo4j.exceptions.ServiceUnavailable,
    neo4j.exceptions.SessionExpired,
    neo4j.exceptions.IncompleteCommit,
)


@contextmanager
def database_errors(database: str | None = None, *, load: bool = False) -> Iterator[None]:
    """Turn the driver's exceptions raised inside the block into one-line graphgov errors.

    Parameters
    ----------
    database
        The database the block works on, named in the messages (None: the default one).
    load
        The block is a load: a lost server is told to be rerun, which resumes.
    """
    try:
        yield
    except GraphgovError:
        raise
    except GONE as err:
        during = " during the load" if load else ""
        advice = (
            "start it again and rerun the same `graphgov load`: it resumes, keeping the "
            "batches already written"
            if load
            else "is it running? (`graphgov neo4j status`)"
        )
        raise Neo4jUnavailableError(
            f"the Neo4j server went away{during} ({first_line(err)}); {advice}"
        ) from err
    except neo4j.exceptions.Neo4jError as err:
        raise _server_error(err, database or "neo4j") from err
    except neo4j.exceptions.DriverError as err:
        raise Neo4jUnavailableError(f"the Neo4j driver failed: {first_line(err)}") from err


def _server_error(err: neo4j.exceptions.Neo4jError, database: str) -> GraphgovError:
    code = err.code or ""
    said = first_line(err)
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return UsageError(
            f"no database {database!r} on the Neo4j server ({said}); set NEO4J_DATABASE to "
            "one that exists (default neo4j)"
        )
    if isinstance(err, neo4j.exceptions.ForbiddenOnReadOnlyDatabase):
        return Neo4jUnavailableError(
            f"Neo4j refused the write: database {database!r} is read-only ({said})"
        )
    if isinstance(err, neo4j.exceptions.Forbidden):
        return Neo4jUnavailableError(
            f"Neo4j refused it: the user lacks the privilege on database {database!r} ({said})"
        )
    if isinstance(err, neo4j.exceptions.AuthError):
        return Neo4jUnavailableError(f"Neo4j refused the credentials ({said})")
    return Neo4jUnavailableError(f"Neo4j failed: {code or type(err).__name__}: {said}")


def check_database(database: str | None) -> None:
    """Refuse Neo4j's ``system`` database as the home of graphgov's data.

    Raises
    ------
    UsageError
        `database` is ``system``.
    """
    if (database or "").lower() == SYSTEM_DATABASE:
        raise UsageError(
            f"NEO4J_DATABASE is {database!r}, Neo4j's own database of users and databases: "
            "graphgov's data goes in a user database (default neo4j)"
        )


def first_line(err: BaseException) -> str:
    """The first line of the server's or the driver's message, credentials hidden."""
    text = getattr(err, "message", None) or str(err) or type(err).__name__
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return redact(lines[0] if lines else type(err).__name__)
