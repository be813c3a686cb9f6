"""The review queue: rows whose region a person must choose, and their decisions.

``review.csv`` (UTF-8 with a BOM, so that Excel shows the Chinese; cells that Excel would
read as a formula are prefixed with ``'``) has one row per source row to decide::

    review_id, row_hash, decision, table, source_file, source_sheet, source_row, name,
    text, problem, note, candidates

Fill ``decision`` with a 12-digit division code, or the number of one of the
``candidates`` (``1``, ``2``, ...), and rerun ``graphgov import ... --review review.csv``.
A decision applies only while its source row is unchanged (``row_hash``); a stale one is
refused, and the row is queued again with its new hash.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from graphgov.errors import DatasetError
from graphgov.importer.place import ToReview
from graphgov.importer.records import Record
from graphgov.output import excel_safe

__all__ = ["COLUMNS", "Decisions", "read_decisions", "review_rows", "write_review"]

COLUMNS = (
    "review_id", "row_hash", "decision", "table", "source_file", "source_sheet", "source_row",
    "name", "text", "problem", "note", "candidates",
)  # fmt: skip


@dataclass
class Decision:
    line: int
    row_hash: str
    decision: str
    candidates: list[str]


class Decisions:
    """The decisions of a review file, applied to records as they are placed."""

    def __init__(self, file: str = "", decisions: dict[str, Decision] | None = None) -> None:
        self.file = file
        self.pending = decisions or {}
        self.applied = 0
        self.refused: list[str] = []

    def __call__(self, record: Record) -> str | None:
        """The code chosen for `record`, or None (no decision, or a refused one)."""
        d = self.pending.pop(record.key, None)
        if d is None or not d.decision:
            return None
        where = f"{self.file}:{d.line}"
        if d.row_hash != record.digest:
            self.refused.append(
                f"{where}: {record.where} changed since the review was written; "
                "decision not applied (the row is queued again)"
            )
            return None
        choice = d.decision
        if choice.isdigit() and len(choice) < 12:
            n = int(choice)
            if not 1 <= n <= len(d.candidates):
                self.refused.append(
                    f"{where}: decision {choice} is not one of the {len(d.candidates)} candidates"
                )
                return None
            choice = d.candidates[n - 1]
        if not (choice.isascii() and choice.isdigit() and len(choice) == 12):
            self.refused.append(
                f"{where}: decision {d.decision!r} is neither a 12-digit "
                "division code nor a candidate's number"
            )
            return None
        self.applied += 1
        return choice

    def unused(self) -> list[str]:
        """Decisions whose source row this import did not read (a file or row gone)."""
        return [
            f"{self.file}:{d.line}: its source row is not in this import; ignored"
            for d in self.pending.values()
            if d.decision
        ]


def read_decisions(path: Path) -> Decisions:
    """The decisions in a review file (as this module writes it, maybe re-saved by Excel)."""
    from graphgov.importer.sources import read_source

    sheets = read_source(path, known_headers=COLUMNS)
    if not sheets:
        return Decisions(str(path))
    sheet = sheets[0]
    index = {c: i for i, c in enumerate(sheet.columns)}
    missing = [c for c in ("review_id", "row_hash", "decision", "candidates") if c not in index]
    if missing:
        raise DatasetError(
            f"{path}: not a review file of graphgov import (no {', '.join(missing)})"
        )
    decisions = {}
    for cells, line in zip(sheet.rows, sheet.row_numbers, strict=True):
        cell = {c: cells[i].lstrip("'") for c, i in index.items()}
        codes = [part.split()[1] for part in cell["candidates"].split(" | ") if part.strip()]
        decisions[cell["review_id"]] = Decision(
            line, cell["row_hash"], cell["decision"].strip(), codes
        )
    return Decisions(str(path), decisions)


def _candidates(item: ToReview) -> str:
    return " | ".join(
        f"{i}) {c.code} {c.path or c.name}" for i, c in enumerate(item.placement.candidates, 1)
    )


def review_rows(items: list[ToReview]) -> list[dict]:
    """The review file's rows, in source order."""
    rows = []
    for item in sorted(items, key=lambda t: (t.record.file, t.record.sheet, t.record.row)):
        r = item.record
        rows.append(
            {
                "review_id": r.key, "row_hash": r.digest, "decision": "", "table": item.table,
                "source_file": r.file, "source_sheet": r.sheet, "source_row": str(r.row),
                "name": r.values.get("name", ""), "text": item.text,
                "problem": item.placement.status, "note": item.placement.note,
                "candidates": _candidates(item),
            }
        )  # fmt: skip
    return rows


def write_review(items: list[ToReview], path: Path) -> None:
    """Write the review file (always, with its header, so an empty queue is visible)."""
    import pandas as pd

    frame = excel_safe(pd.DataFrame(review_rows(items), columns=list(COLUMNS)))
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
