"""Named Cypher queries: the files under ``cypher/``, loaded by name and run with parameters.

Each file starts with ``// name: NAME`` and a ``//`` line saying what it returns; its values
come only as ``$parameters``. It may include graphgov's shared blocks as ``{{NAME(var)}}``
(:mod:`graphgov.neo4j.fragments`); :attr:`Query.text` is the composed query. A planner's
own folder of such files can be searched too.

>>> 'coverage' in {q.name for q in list_queries()}
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import neo4j
import neo4j.exceptions
import pandas as pd

from graphgov.errors import UsageError
from graphgov.meta import parse_date
from graphgov.neo4j.failures import database_errors, first_line
from graphgov.neo4j.fragments import Fragment, compose, read_fragments

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^//\s*name:\s*(\S+)\s*$")
_DATE_PARAM = re.compile(r"\bdate\s*\(\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*\)", re.IGNORECASE)
#: Server error codes that mean the query's text or its parameters are at fault.
_QUERY_FAULTS = ("Neo.ClientError.Statement.", "Neo.ClientError.Procedure.")
_READ_ONLY = "Neo.ClientError.Statement.AccessMode"


class QueryFileError(UsageError):
    """A ``.cypher`` file that cannot be used; `name` is the query it names, if it got as
    far as its name line."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Query:
    """One named query file."""

    name: str
    description: str
    text: str
    path: Path

    @property
    def parameters(self) -> list[str]:
        """The ``$parameters`` the query reads, in order of first use."""
        return list(dict.fromkeys(_PARAM.findall(_strip_comments(self.text))))

    @property
    def date_parameters(self) -> list[str]:
        """The parameters the query reads as dates (``date($name)``)."""
        return list(dict.fromkeys(_DATE_PARAM.findall(_strip_comments(self.text))))

    def statements(self) -> list[str]:
        """The file's statements (split on ``;``), comments removed."""
        body = _strip_comments(self.text)
        return [s.strip() for s in body.split(";") if s.strip()]


def cypher_dir() -> Path:
    """The folder of graphgov's own queries (shipped inside the package)."""
    return Path(str(resources.files("graphgov") / "cypher"))


@cache
def _fragments() -> dict[str, Fragment]:
    """graphgov's fragments (``cypher/fragments/``), which any query file may include."""
    return read_fragments(cypher_dir() / "fragments")


def parse_query(path: Path) -> Query:
    """Read one ``.cypher`` file (UTF-8, a BOM accepted); its first line must be
    ``// name: NAME`` and it must hold a statement.

    Raises
    ------
    QueryFileError
        One line naming the file: a folder, unreadable, not UTF-8, no name line, or only
        comments.
    """
    if path.is_dir():
        raise QueryFileError(f"{path}: a folder, not a query file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        byte = err.object[err.start]
        raise QueryFileError(
            f"{path}: not UTF-8 text (byte 0x{byte:02x} at offset {err.start}); save it as UTF-8"
        ) from err
    except OSError as err:
        raise QueryFileError(f"{path}: cannot be read ({err.strerror or err})") from err
    lines = text.splitlines()
    match = _NAME.match(lines[0]) if lines else None
    if not match:
        raise QueryFileError(f"{path}: the first line must be '// name: NAME'")
    desc = lines[1].lstrip("/").strip() if len(lines) > 1 and lines[1].startswith("//") else ""
    try:
        text = compose(text, _fragments(), path)
    except UsageError as err:
        raise QueryFileError(str(err), match.group(1)) from err
    query = Query(match.group(1), desc, text, path)
    if not query.statements():
        raise QueryFileError(f"{path}: holds only comments, no statement", query.name)
    return query


@dataclass(frozen=True)
class QueryFolder:
    """The named queries found (graphgov's, then a planner's folder, which wins on a name
    clash), and the ``.cypher`` files that could not be used, by path."""

    queries: dict[str, Query]
    problems: dict[Path, QueryFileError]

    def problem_for(self, name: str) -> QueryFileError | None:
        """The problem of a file that may hold query `name`: one that names it, or one
        called ``NAME.cypher`` whose name line could not be read."""
        for path, problem in self.problems.items():
            if problem.name == name or (problem.name is None and path.stem == name):
                return problem
        return None


def scan_queries(extra_dir: str | Path | None = None) -> QueryFolder:
    """Every ``*.cypher`` of graphgov's folder and of `extra_dir`; a bad file is recorded
    in ``problems``, not raised, so the good ones can still be listed and run.

    Raises
    ------
    UsageError
        `extra_dir` is not a folder.
    """
    found: dict[str, Query] = {}
    problems: dict[Path, QueryFileError] = {}
    for folder in (cypher_dir(), *([Path(extra_dir)] if extra_dir else [])):
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such query folder")
        here: dict[str, Path] = {}
        for path in sorted(folder.glob("*.cypher")):
            try:
                q = parse_query(path)
            except QueryFileError as err:
                problems[path] = err
                continue
            if q.name in here:
                problems[path] = QueryFileError(
                    f"{path}: names query {q.name!r}, as {here[q.name].name} does; "
                    "rename one of them",
                    q.name,
                )
                continue
            here[q.name] = path
            found[q.name] = q
    return QueryFolder(dict(sorted(found.items())), problems)


def list_queries(extra_dir: str | Path | None = None) -> list[Query]:
    """graphgov's queries plus those in `extra_dir` (which win on a name clash).

    Raises
    ------
    UsageError
        A ``.cypher`` file cannot be used (the first such file's problem); see
        :func:`scan_queries` to list the good ones anyway.
    """
    folder = scan_queries(extra_dir)
    if folder.problems:
        raise next(iter(folder.problems.values()))
    return list(folder.queries.values())


def read_query(name: str, extra_dir: str | Path | None = None) -> Query:
    """The query called `name`. A bad file elsewhere in the folder does not stop it, one
    that may hold it (``NAME.cypher``, or a second file with that name) does."""
    folder = scan_queries(extra_dir)
    problem = folder.problem_for(name)
    if problem is not None:
        raise problem
    if name not in folder.queries:
        bad = "".join(f"; cannot use {path.name}" for path in folder.problems)
        raise UsageError(f"no query named {name!r}; known: {', '.join(folder.queries)}{bad}")
    return folder.queries[name]


def prepare(query: Query, params: dict[str, object] | None = None) -> tuple[str, dict[str, object]]:
    """The query's one statement, and every parameter it reads from `params` (null where
    missing), checked before anything is sent: one statement, no parameter the query does
    not read, and a real ``YYYY-MM-DD`` date for one it reads with ``date($name)``.

    >>> q = Query("q", "", "RETURN date($as_of) AS d, $limit AS n", Path("q.cypher"))
    >>> prepare(q, {"as_of": "2020-12-31"})
    ('RETURN date($as_of) AS d, $limit AS n', {'as_of': '2020-12-31', 'limit': None})
    >>> prepare(q, {"as_of": "2020-13-45"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphgov.errors.UsageError: --param as_of=2020-13-45: not a real YYYY-MM-DD date ...
    """
    statements = query.statements()
    if len(statements) > 1:
        raise UsageError(
            f"{query.path}: holds {len(statements)} statements separated by ';'; "
            "a named query is one statement"
        )
    given = dict(params or {})
    unknown = set(given) - set(query.parameters)
    if unknown:
        raise UsageError(
            f"query {query.name!r} takes no parameter(s) {sorted(unknown)}; "
            f"it takes: {', '.join(query.parameters) or 'none'}"
        )
    for name in query.date_parameters:
        value = given.get(name)
        if not isinstance(value, str):
            continue
        try:
            parse_date(value)
        except ValueError as err:
            raise UsageError(
                f"--param {name}={value}: not a real YYYY-MM-DD date "
                f"(query {query.name!r} reads {name} as a date)"
            ) from err
    return statements[0], {p: given.get(p) for p in query.parameters}


def run_query(
    driver: neo4j.Driver,
    name: str,
    params: dict[str, object] | None = None,
    *,
    database: str | None = None,
    extra_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Run a named query, read-only (the server refuses a write); parameters it reads but
    `params` lacks are passed as null.

    Raises
    ------
    UsageError
        The query cannot be found or read, holds more than one statement, takes other
        parameters, or the server refused its text or values (a syntax error, a bad date,
        a write): one line naming the query and its file.
    GraphgovError
        The server is missing, refused the user, or went away
        (:mod:`graphgov.neo4j.failures`).
    """
    query = read_query(name, extra_dir)
    statement, values = prepare(query, params)
    with database_errors(database):
        try:
            return driver.execute_query(
                statement,
                values,
                database_=database,
                routing_=neo4j.RoutingControl.READ,
                result_transformer_=neo4j.Result.to_df,
            )
        except neo4j.exceptions.ClientError as err:
            fault = _query_fault(query, err)
            if fault is None:
                raise
            raise fault from err


def _query_fault(query: Query, err: neo4j.exceptions.ClientError) -> UsageError | None:
    """The one-line error for a server error the query's text or values caused, or None."""
    code = err.code or ""
    where = f"query {query.name!r} ({query.path})"
    if code == _READ_ONLY:
        return UsageError(
            f"{where} writes to the database, and `graphgov query` runs read-only queries: "
            "the server refused the write"
        )
    if code.startswith(_QUERY_FAULTS):
        return UsageError(f"{where}: the server refused it: {first_line(err)}")
    return None


def parse_params(pairs: list[str]) -> dict[str, object]:
    """``key=value`` strings to parameters. Values are text (codes such as ``330106`` stay
    text), except ``true``/``false``/``null``; write ``key:int=5`` or ``key:float=0.5`` for
    numbers. Dates go in as ``YYYY-MM-DD`` text, which the queries turn into dates.

    >>> parse_params(["county=330106", "limit:int=5", "include_community=true"])
    {'county': '330106', 'limit': 5, 'include_community': True}
    """
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key, _, kind = key.partition(":")
        if not sep or not key.isidentifier() or kind not in _KINDS:
            raise UsageError(f"--param {pair!r}: expected key=value, key:int=N or key:float=X")
        try:
            out[key] = _KINDS[kind](text)
        except ValueError as err:
            raise UsageError(f"--param {pair!r}: {text!r} is not {kind}") from err
    return out


def _text(text: str) -> object:
    return {"true": True, "false": False, "null": None}.get(text.lower(), text)


_KINDS = {"": _text, "int": int, "float": float}


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
