"""Cypher blocks written once: the fragments under ``cypher/fragments/`` that queries include.

A fragment file starts with ``// fragment: NAME`` or ``// fragment: NAME(a, b)``; what
follows (its ``//`` lines aside) is its text, in which each parameter stands for the
variable the query passes. A query includes it as ``{{NAME}}`` or ``{{NAME(x, y)}}``;
fragments may include fragments. ``graphgov query NAME --show`` prints the composed text,
ready to paste into Neo4j Browser.

>>> active = Fragment("active", ("x",), "x.start <= asOf AND x.end >= asOf", Path("f"))
>>> compose("WHERE {{active(r)}}", {"active": active}, Path("q.cypher"))
'WHERE r.start <= asOf AND r.end >= asOf'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphgov.errors import UsageError

__all__ = ["Fragment", "compose", "read_fragments"]

_HEADER = re.compile(r"^//\s*fragment:\s*([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*$")
_INCLUDE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*\}\}")
_IDENT = re.compile(r"^[A-Za-z_]\w*$")
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Fragment:
    """One fragment: its name, parameters and text (comments removed)."""

    name: str
    params: tuple[str, ...]
    body: str
    path: Path

    def expand(self, args: tuple[str, ...]) -> str:
        """The text with each parameter replaced by the variable passed for it (whole
        identifiers only, never a property name after ``.`` or a ``$parameter``)."""
        text = self.body
        for param, arg in zip(self.params, args, strict=True):
            text = re.sub(rf"(?<![\w.$]){re.escape(param)}\b", arg, text)
        return text


def _names(text: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(",")) if text and text.strip() else ()


def read_fragments(folder: Path) -> dict[str, Fragment]:
    """Every ``*.cypher`` fragment in `folder` (none if there is no such folder).

    Raises
    ------
    UsageError
        A file without a ``// fragment: NAME`` first line, or a bad parameter list.
    """
    found: dict[str, Fragment] = {}
    for path in sorted(folder.glob("*.cypher")) if folder.is_dir() else []:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        match = _HEADER.match(lines[0]) if lines else None
        params = _names(match.group(2)) if match else ()
        if not match or not all(_IDENT.match(p) for p in params):
            raise UsageError(f"{path}: the first line must be '// fragment: NAME' or NAME(a, b)")
        body = "\n".join(ln for ln in lines[1:] if not ln.lstrip().startswith("//")).strip()
        found[match.group(1)] = Fragment(match.group(1), params, body, path)
    return found


def compose(text: str, fragments: dict[str, Fragment], path: Path, depth: int = 0) -> str:
    """`text` with every ``{{NAME(args)}}`` replaced by the fragment's text; a fragment's
    lines after its first keep the indentation of the line that includes it.

    Raises
    ------
    UsageError
        Naming `path` and the line: an unknown fragment, the wrong number of variables,
        or fragments that include each other without end.
    """
    if depth > _MAX_DEPTH:
        raise UsageError(f"{path}: fragments include each other more than {_MAX_DEPTH} deep")
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip())]

        def expand(m: re.Match, number: int = number, indent: str = indent) -> str:
            where = f"{path}: line {number}"
            name, args = m.group(1), _names(m.group(2))
            if name not in fragments:
                known = ", ".join(fragments) or "none"
                raise UsageError(f"{where}: no fragment named {name!r} (known: {known})")
            frag = fragments[name]
            if len(args) != len(frag.params) or not all(_IDENT.match(a) for a in args):
                want = f"{name}({', '.join(frag.params)})" if frag.params else name
                raise UsageError(f"{where}: {m.group(0)} should be written {{{{{want}}}}}")
            body = compose(frag.expand(args), fragments, frag.path, depth + 1)
            return body.replace("\n", "\n" + indent)

        out.append(line if line.lstrip().startswith("//") else _INCLUDE.sub(expand, line))
    return "\n".join(out)
