"""Named Cypher queries: the files under ``cypher/``, loaded by name and run with parameters.

Each file starts with ``// name: NAME`` and a ``//`` line saying what it returns; its values
come only as ``$parameters``. A planner's own folder of such files can be searched too.

>>> 'coverage' in {q.name for q in list_queries()}
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import neo4j
import pandas as pd

from graphgov.errors import UsageError

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^//\s*name:\s*(\S+)\s*$")


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

    def statements(self) -> list[str]:
        """The file's statements (split on ``;``), comments removed."""
        body = _strip_comments(self.text)
        return [s.strip() for s in body.split(";") if s.strip()]


def cypher_dir() -> Path:
    """The folder of graphgov's own queries (shipped inside the package)."""
    return Path(str(resources.files("graphgov") / "cypher"))


def parse_query(path: Path) -> Query:
    """Read one ``.cypher`` file; its first line must be ``// name: NAME``."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    match = _NAME.match(lines[0]) if lines else None
    if not match:
        raise UsageError(f"{path}: the first line must be '// name: NAME'")
    desc = lines[1].lstrip("/").strip() if len(lines) > 1 and lines[1].startswith("//") else ""
    return Query(match.group(1), desc, text, path)


def list_queries(extra_dir: str | Path | None = None) -> list[Query]:
    """graphgov's queries plus those in `extra_dir` (which win on a name clash)."""
    found: dict[str, Query] = {}
    for folder in (cypher_dir(), *([Path(extra_dir)] if extra_dir else [])):
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such query folder")
        for path in sorted(folder.glob("*.cypher")):
            q = parse_query(path)
            found[q.name] = q
    return sorted(found.values(), key=lambda q: q.name)


def read_query(name: str, extra_dir: str | Path | None = None) -> Query:
    """The query called `name`."""
    queries = {q.name: q for q in list_queries(extra_dir)}
    if name not in queries:
        raise UsageError(f"no query named {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]


def run_query(
    driver: neo4j.Driver,
    name: str,
    params: dict[str, object] | None = None,
    *,
    database: str | None = None,
    extra_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Run a named read query; parameters it reads but `params` lacks are passed as null."""
    query = read_query(name, extra_dir)
    given = dict(params or {})
    unknown = set(given) - set(query.parameters)
    if unknown:
        raise UsageError(
            f"query {name!r} takes no parameter(s) {sorted(unknown)}; "
            f"it takes: {', '.join(query.parameters) or 'none'}"
        )
    values = {p: given.get(p) for p in query.parameters}
    return driver.execute_query(
        query.statements()[0],
        values,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
        result_transformer_=neo4j.Result.to_df,
    )


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
