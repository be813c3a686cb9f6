"""Source rows to records: each row of a sheet, through its mapping, to the contract's values.

A :class:`Record` keeps where it came from (file, sheet, row, and a hash of the source
cells, so that a review decision can tell whether its row changed) and the values read
from it: contract columns, import fields (:data:`graphgov.importer.mapping.FIELDS`) and
extra properties. A cell that cannot be read makes the record a reject with its reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from graphgov.importer.mapping import STRICT_VALUES, Binding
from graphgov.importer.sources import Sheet
from graphgov.importer.values import (
    CellError,
    map_value,
    normal_text,
    parse_count,
    parse_date,
    plain_text,
)

__all__ = ["DATE_FIELDS", "Record", "Reject", "read_records"]

DATE_FIELDS = (
    "founded", "deregistered_on", "abnormal_since", "abnormal_until", "dissolved",
)  # fmt: skip
_COUNT_FIELDS = ("party_members", "formal_members")
_CODE_FIELDS = ("org_id", "region_code")


@dataclass
class Record:
    """One source row, read."""

    file: str
    sheet: str
    row: int
    digest: str
    values: dict[str, str]
    source: dict[str, str] = field(repr=False, default_factory=dict)
    placed: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """``file!sheet row N`` (``file line N`` for a CSV)."""
        return (
            f"{self.file}!{self.sheet} row {self.row}"
            if self.sheet
            else f"{self.file} line {self.row}"
        )

    @property
    def key(self) -> str:
        """A short stable id of the source position: the review file's ``review_id``."""
        text = f"{self.file}\x1f{self.sheet}\x1f{self.row}"
        return hashlib.sha1(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Reject:
    """A source row (or a row derived from it) that is not imported, and why."""

    record: Record
    table: str
    reason: str
    message: str

    def __post_init__(self) -> None:
        from graphgov.importer.reasons import IMPORT_REASONS
        from graphgov.load import REASONS

        if self.reason not in IMPORT_REASONS and self.reason not in REASONS:
            raise ValueError(f"undocumented reason code {self.reason!r}")


def row_digest(cells: tuple[str, ...]) -> str:
    """A hash of a row's cells: it changes when any cell of the source row changes."""
    return hashlib.sha1("\x1f".join(cells).encode()).hexdigest()[:16]


def read_records(sheet: Sheet, binding: Binding) -> tuple[list[Record], list[Reject]]:
    """Every data row of `sheet` as a record, or a reject naming the cell it cannot read."""
    mapping = binding.mapping
    records, rejects = [], []
    names = list(dict.fromkeys((*binding.fields, *mapping.constants)))
    headers = sheet.raw_columns
    overflow = set(sheet.overflow)
    for cells, number in zip(sheet.rows, sheet.row_numbers, strict=True):
        source = {_header(headers, i): c for i, c in enumerate(cells) if c}
        record = Record(sheet.file, sheet.sheet, number, row_digest(cells), {}, source)
        try:
            record.values = {n: _value(binding, cells, n) for n in names}
        except CellError as err:
            rejects.append(Reject(record, mapping.table, err.reason, str(err)))
            continue
        if number in overflow:
            rejects.append(
                Reject(record, mapping.table, "row_too_wide", "cells beyond the header's columns")
            )
            continue
        records.append(record)
    return records, rejects


def _header(headers: tuple[str, ...], i: int) -> str:
    return (headers[i] if i < len(headers) else "") or f"column {i + 1}"


def _value(binding: Binding, cells: tuple[str, ...], name: str) -> str:
    text = binding.cell(cells, name)
    mapping = binding.mapping
    if name in mapping.values:
        if name in STRICT_VALUES:
            return map_value(text, mapping.values[name], _label(binding, name))
        return mapping.values[name].get(normal_text(text), plain_text(text))
    try:
        if name in DATE_FIELDS:
            return parse_date(text)
        if name in _COUNT_FIELDS:
            return parse_count(text)
    except CellError as err:
        raise CellError(err.reason, f"{_label(binding, name)}: {err}") from None
    if name in _CODE_FIELDS:  # full-width letters and digits of a code are the code's
        return normal_text(text).upper()
    return plain_text(text)


def _label(binding: Binding, name: str) -> str:
    """The source header of field `name` (for messages), or the field name for a constant."""
    i = binding.fields.get(name)
    return name if i is None else f"{name} ({binding.headers[i]})"


def raw_json(record: Record) -> str:
    """The source row as a JSON object (header -> cell), for the rejects file."""
    return json.dumps(record.source, ensure_ascii=False, sort_keys=False)
