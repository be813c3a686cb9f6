"""The report's words: one message catalogue per language, and Chinese number conventions.

Every heading, definition line, headline, axis label, table name and column header of the
report comes from the catalogue of the language in use: ``graphgov/report/messages/<lang>/``,
TOML files whose top-level tables are the areas of the report (``[page]``, ``[coverage]``,
``[columns]`` ...). The files of one language are read as one catalogue; a key may be
written in two files only with the same text (a column header two areas show), and a test
keeps ``zh`` and ``en`` holding the same keys with the same placeholders. A section may
word a column its own way under ``[<section>.columns]`` (:func:`col`).

The language is chosen per report (``report all --lang zh|en``; ``zh`` is the default of
``report all``, ``demo`` and :func:`graphgov.report.build.build_report`) and held in a
context variable while the report is built: :func:`language`. Outside a report build the
section and chart functions speak English (``en``), the language of graphgov's docstrings.

Examples
--------
>>> with language("zh"):
...     t("page.as_of", date="2020-12-31"), pct(0.8291), big(123456), col("org_coverage")
('数据截至 2020-12-31', '82.9%', '12.3万', '党组织覆盖率')
>>> pct(0.8291), big(123456), col("org_coverage")
('82.9%', '123,456', 'Organizational coverage')
>>> with language("zh"):
...     names_list(["甲协会", "乙协会", "丙协会", "丁协会"], first=2)
'甲协会、乙协会等4个'
"""

from __future__ import annotations

import functools
import math
import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources

import pandas as pd

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "big",
    "catalogue",
    "col",
    "current",
    "has",
    "labelled",
    "language",
    "names_list",
    "num",
    "pct",
    "t",
]

LANGS = ("zh", "en")
#: The language of ``report all`` and ``demo`` when none is asked.
DEFAULT_LANG = "zh"
_LANG: ContextVar[str] = ContextVar("graphgov_report_lang", default="en")


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of `lang`, as ``"area.key" -> text`` (files merged)."""
    if lang not in LANGS:
        raise ValueError(f"{lang!r}: not a report language ({', '.join(LANGS)})")
    root = resources.files("graphgov.report").joinpath("messages", lang)
    out: dict[str, str] = {}
    where: dict[str, str] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for key, text in _flatten(data):
            if key in out and out[key] != text:
                raise ValueError(f"messages/{lang}: {key} differs in {where[key]} and {entry.name}")
            out[key], where[key] = text, entry.name
    return out


def _flatten(data: Mapping, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, name + ".")
        elif isinstance(value, str):
            yield name, value
        else:
            raise ValueError(f"message {name} must be text, not {type(value).__name__}")


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def current() -> str:
    """The language in use."""
    return _LANG.get()


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Use `lang` for every message inside the block."""
    catalogue(lang)  # refuse an unknown language before the block runs
    token = _LANG.set(lang)
    try:
        yield lang
    finally:
        _LANG.reset(token)


def t(key: str, **values: object) -> str:
    """The message `key` in the language in use, its ``{placeholders}`` filled in."""
    text = catalogue(current())[key]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether the catalogue in use has message `key`."""
    return key in catalogue(current())


def col(name: str, section: str | None = None) -> str:
    """A column's header in the language in use: ``<section>.columns.<name>`` where the
    section words it its own way (``urban_share`` is a share *served* in social work, a
    share *meeting the target* in density), else ``columns.<name>``, else `name` itself."""
    for key in (f"{section}.columns.{name}" if section else None, f"columns.{name}"):
        if key and has(key):
            return t(key)
    return name


def labelled(df: pd.DataFrame, section: str | None = None) -> pd.DataFrame:
    """`df` with its columns' headers in the language in use (for display and Excel; the
    CSV exports keep the contract's column names)."""
    return df.rename(columns={c: col(str(c), section) for c in df.columns})


def pct(x: float | None, digits: int = 1) -> str:
    """A share as a percentage with one decimal (``82.9%``); ``n/a`` / ``无`` for none."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t("format.none")
    return f"{x:.{digits}%}"


def num(n: float) -> str:
    """A count with thousands separators: ``12,345``."""
    return f"{n:,.0f}"


def big(n: float) -> str:
    """A large count for a headline: Chinese uses 万 from 10,000 (``12.3万``, ``1.2亿``);
    English ``123,456``."""
    if current() == "zh":
        if abs(n) >= 100_000_000:
            return f"{n / 100_000_000:.1f}亿".replace(".0亿", "亿")
        if abs(n) >= 10_000:
            return f"{n / 10_000:.1f}万".replace(".0万", "万")
    return num(n)


def names_list(values: Iterable[object], first: int = 3) -> str:
    """A list cell made short: the first names, then how many in all (甲、乙等12个;
    ``A, B … (12 in all)``). The full list stays in the CSV."""
    items = [str(v) for v in values if v is not None and str(v) != ""]
    if len(items) <= first:
        return t("format.list_sep").join(items)
    shown = t("format.list_sep").join(items[:first])
    return t("format.list_more", shown=shown, n=len(items))
