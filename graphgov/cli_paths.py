"""Paths given on the command line, checked before any work starts (issue 9, class 7).

An output file (``--out``, ``--rejects``) must name a file in an existing, writable folder;
an output folder (``--out-dir``, ``report all --out``) may be created, but not inside a file;
an input file (``--targets``) must be a readable regular file. ``--rejects`` may not be one
of the dataset's files, nor a table file in the dataset's folder (it would overwrite the
user's data, or be read as a table the next time). Each refusal is a
:class:`~graphgov.errors.UsageError` (exit 2) naming the option and the path; an OS error
while writing is one too (:func:`writing`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphgov.errors import UsageError

__all__ = ["input_file", "output_dir", "output_file", "outside_dataset", "writing"]

#: Suffixes of the files a dataset folder holds (tables and their TOML files).
DATASET_SUFFIXES = (".csv", ".parquet", ".toml")


def output_file(path: Path, option: str) -> Path:
    """`path` if a file can be written there: not a folder, its folder exists and is
    writable, and an existing file there is writable.

    Raises
    ------
    UsageError
        Naming `option`, `path` and what is wrong.
    """
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder; give a file name")
    folder = path.parent
    if not folder.exists():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {path}: not writable")
    return path


def output_dir(path: Path, option: str) -> Path:
    """`path` if it is, or can be created as, a writable folder: the path and its nearest
    existing ancestor are folders, and that ancestor is writable (the folder itself is
    created later, by the writer)."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path} is a file, not a folder")
    ancestor = path
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise UsageError(f"{option} {path}: {ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: {ancestor} is not writable")
    return path


def input_file(path: Path, option: str) -> Path:
    """`path` if it is a readable regular file."""
    if not path.exists():
        raise UsageError(f"{option} {path}: no such file")
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder, not a file")
    if not path.is_file():
        raise UsageError(f"{option} {path} is not a regular file")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{option} {path}: not readable")
    return path


def outside_dataset(path: Path, dataset: Path, option: str) -> Path:
    """`path` if writing it cannot touch the dataset in folder `dataset`: it is none of the
    folder's files (under any name: links count) and not a table or TOML file directly in
    it."""
    if not dataset.is_dir():
        return path
    if path.exists():
        for existing in dataset.iterdir():
            if existing.is_file() and os.path.samefile(existing, path):
                raise UsageError(
                    f"{option} {path} is the dataset's {existing.name}; "
                    "write it outside the dataset folder"
                )
    inside = path.resolve().parent == dataset.resolve()
    if inside and path.suffix.lower() in DATASET_SUFFIXES:
        raise UsageError(
            f"{option} {path} is in the dataset folder {dataset}, where it would be read "
            "as part of the dataset; write it outside the dataset folder"
        )
    return path


@contextmanager
def writing(path: Path, option: str) -> Iterator[None]:
    """Turn an OS error raised inside the block about `path`, a file under it, or no file
    (a full disk) into one :class:`UsageError` line; an error about another file passes
    through unchanged."""
    try:
        yield
    except OSError as e:
        what = e.strerror or str(e) or type(e).__name__
        if e.filename is None:
            raise UsageError(f"{option} {path}: cannot write: {what}") from e
        target, root = Path(os.fsdecode(e.filename)).absolute(), path.absolute()
        if target == root:
            raise UsageError(f"{option} {path}: cannot write: {what}") from e
        if root in target.parents:
            raise UsageError(f"{option} {path}: cannot write {target}: {what}") from e
        raise
