"""Names a user writes: header columns and the files of a dataset directory.

One set of rules for CSV and Parquet alike:

- a column is *unnamed* when its header is empty, or is what pandas writes for an index or
  a nameless column (``Unnamed: 0``, ``__index_level_0__``). An unnamed column without
  values is dropped (Excel's trailing commas); one with values is fatal;
- a header name may not contain a control or format character (``\\0``, ``\\t``, a
  zero-width space, a BOM in mid-file): fatal, naming the character;
- a name used twice is fatal;
- a name that is not a contract column but becomes one after normalising (Unicode NFKC,
  case folded, spaces, hyphens and underscores alike: ``Party_Members``, ``ｐａｒｔｙ_members``)
  is fatal with a did-you-mean; a close misspelling is kept as a property, with a warning.

A directory entry that is not a table file of the contract, ``dataset.toml``,
``targets.toml``, a file ``graphgov import`` writes beside its tables (:data:`IMPORT_FILES`)
or the report folder ``graphgov export`` writes (:data:`DATASET_FOLDERS`) is reported as a
warning with the nearest table name. Entries whose name starts with ``.`` are not looked at.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from graphgov import schema
from graphgov.errors import DatasetError

__all__ = [
    "DATASET_FILES",
    "DATASET_FOLDERS",
    "check_header",
    "contract_name_warnings",
    "is_unnamed",
    "nearest_table",
    "stray_file_warnings",
]

#: Files a dataset directory may hold besides its tables.
DATASET_FILES = ("dataset.toml", "targets.toml")
#: What ``graphgov import`` (and ``graphgov export``) write beside the tables (not data).
IMPORT_FILES = ("import-report.json", "import-rejects.csv", "review.csv", "EXPORT.txt")
#: Folders a dataset directory may hold: ``report`` (the report ``graphgov export`` writes).
DATASET_FOLDERS = ("report",)
_OTHERS = " or ".join(DATASET_FILES)
TABLE_SUFFIXES = (".csv", ".parquet")
_UNNAMED = re.compile(r"Unnamed: \d+|__index_level_\d+__")
_SEPARATORS = re.compile(r"[\s_\-]+")


def is_unnamed(name: str) -> bool:
    """Whether a header name means "no name": empty, ``Unnamed: N``, ``__index_level_N__``.

    >>> [is_unnamed(n) for n in ["", "Unnamed: 0", "__index_level_0__", "name"]]
    [True, True, True, False]
    """
    return name == "" or _UNNAMED.fullmatch(name) is not None


def check_header(file: str, names: list[str]) -> None:
    """Refuse header names with control characters, and names used twice.

    Raises
    ------
    DatasetError
        ``"people.csv: column 2 of the header ('na\\x00me') holds U+0000, an invisible
        control or format character; column names are plain text"``; or a name used twice.
    """
    for position, name in enumerate(names, start=1):
        odd = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf")), None)
        if odd is not None:
            raise DatasetError(
                f"{file}: column {position} of the header ({name!r}) holds U+{ord(odd):04X}, "
                "an invisible control or format character; column names are plain text"
            )
    named = [n for n in names if not is_unnamed(n)]
    twice = sorted({n for n in named if named.count(n) > 1})
    if twice:
        raise DatasetError(f"{file}: column(s) named twice in the header: {twice}")


def _normal(name: str) -> str:
    """`name` as compared with the contract: NFKC, case folded, separators as ``_``."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return _SEPARATORS.sub("_", folded).strip("_")


def contract_name_warnings(file: str, names: list[str], table: schema.Table) -> list[str]:
    """Warnings for unknown columns that look like a contract column misspelt.

    Raises
    ------
    DatasetError
        For a column that is a contract column written another way (case, full-width
        letters, spaces): its values would otherwise be ignored and the column's default
        used for every row.
    """
    contract = [c.name for c in table.columns]
    by_normal = {_normal(c): c for c in contract}
    warnings = []
    for name in names:
        if name in contract or is_unnamed(name):
            continue
        meant = by_normal.get(_normal(name))
        if meant is not None:
            raise DatasetError(
                f"{file}: column {name!r} is not a contract column; did you mean {meant}? "
                "(column names are written exactly as in the contract, in lower case)"
            )
        close = difflib.get_close_matches(_normal(name), list(by_normal), n=1, cutoff=0.8)
        if close:
            warnings.append(
                f"{file}: column {name!r} is not in the contract (kept as a property); "
                f"did you mean {by_normal[close[0]]}?"
            )
    return warnings


def nearest_table(name: str) -> str | None:
    """The table file name nearest to the file name `name`, or None if none is near.

    >>> nearest_table("post.csv"), nearest_table("Organizations.parquet"), nearest_table("x")
    ('posts.csv', 'organizations.parquet', None)
    """
    path = Path(name)
    suffix = path.suffix.lower() if path.suffix.lower() in TABLE_SUFFIXES else ".csv"
    stem = _normal(path.stem if path.suffix else name)
    close = difflib.get_close_matches(stem, schema.TABLE_ORDER, n=1, cutoff=0.6)
    return f"{close[0]}{suffix}" if close else None


def stray_file_warnings(directory: Path) -> list[str]:
    """One warning per entry of `directory` that is not a table file, nor a dataset file.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "post.csv").write_text("x\\n")
    ...     stray_file_warnings(Path(d))  # doctest: +NORMALIZE_WHITESPACE
    ['post.csv: not a table of the contract, dataset.toml or targets.toml; ignored
      (did you mean posts.csv?)']
    """
    known = {*DATASET_FILES, *IMPORT_FILES} | {
        f"{t}{s}" for t in schema.TABLE_ORDER for s in TABLE_SUFFIXES
    }
    warnings = []
    for entry in sorted(directory.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or entry.name in known:
            continue
        if entry.is_dir() and entry.name in DATASET_FOLDERS:
            continue
        if entry.is_dir():
            text = f"{entry.name}: a folder, not a table of the contract; ignored"
        else:
            text = f"{entry.name}: not a table of the contract, {_OTHERS}; ignored"
        meant = nearest_table(entry.name)
        warnings.append(text + (f" (did you mean {meant}?)" if meant else ""))
    return warnings
