"""Reading a small settings file (TOML) strictly, and wording each problem as one line.

:class:`TomlFile` parses the text and raises :class:`~graphgov.errors.DatasetError` with
the file, the line where the key is written (when it can be found), the key and what is
wrong, with a did-you-mean for unknown keys. :mod:`graphgov.meta` uses it for
`dataset.toml` and `targets.toml`.

>>> TomlFile("dataset.toml", "asof = 2020-12-31\\n").unknown((), "asof", ["name", "as_of"])
Traceback (most recent call last):
...
graphgov.errors.DatasetError: dataset.toml:1: asof is not a known key (did you mean as_of?)
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import tomllib
from collections.abc import Collection
from fractions import Fraction
from pathlib import Path
from typing import NoReturn, TypeVar

from graphgov.errors import DatasetError

__all__ = ["MAX_TOML_BYTES", "TomlFile", "kind_of", "line_of", "read_text", "show"]

#: A settings file larger than this is refused before it is read.
MAX_TOML_BYTES = 1_000_000
T = TypeVar("T")
_FRACTION = re.compile(r"([0-9]{1,15})\s*/\s*([0-9]{1,15})")


def read_text(path: Path) -> str:
    """The text of a settings file, or one DatasetError line saying why it cannot be read."""
    if path.is_dir():
        raise DatasetError(f"{path}: is a folder, not a TOML file")
    if not path.exists():
        link = " (a broken link)" if path.is_symlink() else ""
        raise DatasetError(f"{path}: file not found{link}")
    if not path.is_file():
        raise DatasetError(f"{path}: not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_TOML_BYTES:
            raise DatasetError(f"{path}: {size:,} bytes is too large for a settings file")
        data = path.read_bytes()
    except OSError as err:
        raise DatasetError(f"{path}: cannot be read ({err.strerror or err})") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DatasetError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x}); save it as UTF-8"
        ) from err


class TomlFile:
    """One settings file being checked: parses it and words each problem as one line."""

    def __init__(self, file: str, text: str) -> None:
        self.file, self.text = file, text

    def parse(self) -> dict:
        """The parsed file (a ``TOMLDecodeError`` names its line and column)."""
        try:
            return tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as err:
            raise DatasetError(f"{self.file}: not valid TOML: {err}") from err

    def fail(self, where: tuple[str, ...], key: str | None, problem: str) -> NoReturn:
        """Raise ``"FILE:LINE: [TABLE] KEY PROBLEM"`` (without ``:LINE`` if not found)."""
        line = line_of(self.text, where, key)
        spot = f"{self.file}:{line}" if line else self.file
        name = _name(where, key)
        raise DatasetError(f"{spot}: {name} {problem}" if name else f"{spot}: {problem}")

    def unknown(
        self,
        where: tuple[str, ...],
        key: str,
        allowed: list[str],
        hint: str | None = None,
        section: bool = False,
        sections: Collection[str] = (),
    ) -> NoReturn:
        """Fail on an unknown key (or `section`), naming the nearest allowed one.

        Names in `sections` (all of `allowed` for a section) are shown in brackets.
        """
        near = difflib.get_close_matches(key, allowed, n=1)
        boxed = set(sections) | (set(allowed) if section and not sections else set())
        shown = [f"[{a}]" if section and a in boxed else a for a in allowed]
        if hint is None and near:
            hint = f" (did you mean {shown[allowed.index(near[0])]}?)"
        hint = hint or f" (allowed: {', '.join(shown)})"
        if section:
            line = line_of(self.text, (*where, key), None) or line_of(self.text, where, key)
            spot = f"{self.file}:{line}" if line else self.file
            raise DatasetError(f"{spot}: [{'.'.join((*where, key))}] is not a known section{hint}")
        self.fail(where, key, f"is not a known key{hint}")

    def table(self, where: tuple[str, ...], key: str, value: object) -> dict:
        """`value`, which must be a table."""
        if not isinstance(value, dict):
            self.fail(where, key, f"must be a table ([{key}] section), not {kind_of(value)}")
        return value  # type: ignore[return-value]

    def typed(self, where: tuple[str, ...], key: str, value: T, kind: type, what: str) -> T:
        """`value`, which must be an instance of `kind` (a boolean is not a number)."""
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.fail(where, key, f"must be {what}, not {kind_of(value)} {show(value)}")
        return value

    def minimum(self, where: tuple[str, ...], key: str, value: object, top: int) -> int:
        """`value` as a whole number from 0 to `top` (``15.0`` is 15)."""
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not whole or not 0 <= value <= top:  # type: ignore[operator]
            self.fail(where, key, f"= {show(value)}: must be a whole number from 0 to {top:,}")
        return int(value)  # type: ignore[call-overload]

    def share(self, where: tuple[str, ...], key: str, value: object) -> tuple[float, str | None]:
        """`value` as a share from 0 to 1, and its text if written as a fraction ``"a/b"``."""
        text = None
        exact: Fraction | None = None
        if isinstance(value, str):
            match = _FRACTION.fullmatch(value.strip())
            if match and int(match[2]):
                text, exact = f"{match[1]}/{match[2]}", Fraction(int(match[1]), int(match[2]))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            exact = Fraction(repr(value)) if math.isfinite(value) else None
        if exact is None or not 0 <= exact <= 1:
            problem = f'= {show(value)}: must be a share from 0 to 1 (a number or "a/b")'
            self.fail(where, key, problem)
        return float(exact), text  # type: ignore[arg-type]

    def year(self, where: tuple[str, ...], key: str, value: object, years: tuple[int, int]) -> int:
        """`value` (an integer, or the key itself when `key` is `value`) as a year in `years`."""
        is_key = isinstance(value, str) and value == key
        year = int(key) if is_key and re.fullmatch(r"[0-9]{4}", key) else value
        low, high = years
        if not isinstance(year, int) or isinstance(year, bool) or not low <= year <= high:
            problem = "is not a year" if is_key else f"= {show(value)}: must be a year"
            self.fail(where, key, f"{problem} (a whole number from {low} to {high})")
        return year  # type: ignore[return-value]


def _name(where: tuple[str, ...], key: str | None) -> str:
    """``[hubs] township_share``, ``[by_year.2025]``, ``as_of``."""
    section = f"[{'.'.join(where)}]" if where else ""
    return " ".join(p for p in (section, key or "") if p)


def kind_of(value: object) -> str:
    for kind, word in (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a float"),
        (str, "a string"),
        (dict, "a table"),
        (list, "an array"),
        (dt.datetime, "a date-time"),
        (dt.date, "a date"),
    ):
        if isinstance(value, kind):
            return word
    return type(value).__name__


def show(value: object) -> str:
    """`value` as TOML would write it, shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif isinstance(value, dict | list):
        return "a table" if isinstance(value, dict) else "an array"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_HEADER = re.compile(r"\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?")


def line_of(text: str, where: tuple[str, ...], key: str | None) -> int | None:
    """The line where `key` of table `where` (or the table itself) is written, if found."""
    current: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.fullmatch(line)
        if header:
            current = tuple(p.strip().strip("\"'") for p in header[1].split("."))
            if key is None and current[: len(where)] == where:
                return number
            if key is not None and current[: len(where) + 1] == (*where, key):
                return number
            continue
        key_line = rf"\s*([\"']?){re.escape(key or '')}\1\s*[=.]"
        if key is not None and current == where and re.match(key_line, line):
            return number
    return None
