"""What an import did: per table, ``rows = imported + review + rejected + duplicates``.

:class:`ImportResult` gathers the sheets read (and which mapping each used), the rejects,
the rows queued for review, the exact duplicates and the rows written; ``report()`` is the
content of ``import-report.json``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphgov.importer.mapping import Binding
from graphgov.importer.place import ToReview
from graphgov.importer.records import Record, Reject, raw_json
from graphgov.importer.sources import Sheet
from graphgov.output import excel_safe

__all__ = ["REJECT_COLUMNS", "ImportResult"]

REJECT_COLUMNS = (
    "table", "source_file", "source_sheet", "source_row", "reason_code", "message", "raw",
)  # fmt: skip
#: The tables an import writes from source rows, and the one it derives.
SOURCE_TABLES = ("organizations", "party_orgs")
DERIVED_TABLES = ("party_org_covers",)


@dataclass
class ImportResult:
    """The outcome of :func:`graphgov.importer.import_sources`."""

    out: Path
    sheets: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    review: list[ToReview] = field(default_factory=list)
    duplicates: dict[str, list[Record]] = field(default_factory=dict)
    imported: dict[str, int] = field(default_factory=dict)
    derived: dict[str, int] = field(default_factory=dict)
    read: dict[str, int] = field(default_factory=dict)
    area: str = ""
    regions: str = ""
    as_of: str = ""
    decisions: dict = field(default_factory=dict)
    resolved_by: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def sheet(self, sheet: Sheet, binding: Binding, *, auto: bool) -> None:
        """Record a sheet read and the mapping it uses."""
        m = binding.mapping
        where = f"{sheet.file}!{sheet.sheet}" if sheet.sheet else sheet.file
        how = f"preset {m.name} (auto: header matched)" if auto else f"mapping {m.name}"
        enc = f", {sheet.encoding}" if sheet.encoding else ""
        line = (
            f"{where}: {len(sheet.rows):,} rows (header on row {sheet.header_row}{enc}), "
            f"{how} -> {m.table}"
        )
        self.read[m.table] = self.read.get(m.table, 0) + len(sheet.rows)
        self.sheets.append(
            {
                "file": sheet.file, "sheet": sheet.sheet, "header_row": sheet.header_row,
                "encoding": sheet.encoding, "rows": len(sheet.rows),
                "blank_rows": sheet.blank_rows, "mapping": m.name, "auto": auto,
                "table": m.table, "unmatched_fields": list(binding.missing),
                "title": list(sheet.title), "line": line,
            }
        )  # fmt: skip

    def duplicate(self, records: list[Record], table: str) -> None:
        """Add exact duplicates of rows of `table`."""
        self.duplicates.setdefault(table, []).extend(records)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per table: rows, imported, review, rejected, duplicates (and derived rows)."""
        out = {}
        for table in (*SOURCE_TABLES, *DERIVED_TABLES):
            rejected = sum(1 for r in self.rejects if r.table == table)
            review = sum(1 for r in self.review if r.table == table)
            dups = len(self.duplicates.get(table, []))
            imported = self.imported.get(table, 0)
            rows = self.read.get(table, 0) if table in SOURCE_TABLES else self.derived.get(table, 0)
            if not (rows or imported or rejected or review):
                continue
            out[table] = {
                "rows": rows,
                "imported": imported,
                "review": review,
                "rejected": rejected,
                "duplicates": dups,
            }
        return out

    def balanced(self) -> bool:
        """Whether every row is accounted for, in every table."""
        return all(
            c["rows"] == c["imported"] + c["review"] + c["rejected"] + c["duplicates"]
            for c in self.counts().values()
        )

    @property
    def exit_code(self) -> int:
        """0 if every row was imported (or collapsed), 1 if any is rejected or to review."""
        return 1 if self.rejects or self.review else 0

    def rejects_frame(self) -> pd.DataFrame:
        """One row per reject, in source order."""
        rows = [
            {
                "table": r.table,
                "source_file": r.record.file,
                "source_sheet": r.record.sheet,
                "source_row": r.record.row,
                "reason_code": r.reason,
                "message": r.message,
                "raw": raw_json(r.record),
            }
            for r in self.rejects
        ]
        frame = pd.DataFrame(rows, columns=list(REJECT_COLUMNS))
        return frame.sort_values(
            ["source_file", "source_sheet", "source_row", "table"], kind="stable", ignore_index=True
        )

    def write_rejects(self, path: Path) -> None:
        """``import-rejects.csv``: UTF-8 with a BOM, formula-safe (it is read in Excel)."""
        frame = excel_safe(self.rejects_frame())
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            frame.to_csv(fh, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")

    def report(self) -> dict:
        """The content of ``import-report.json`` (deterministic: no clock, no paths)."""
        reasons: dict[str, int] = {}
        for r in self.rejects:
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
        return {
            "counts": self.counts(),
            "balanced": self.balanced(),
            "sheets": [{k: v for k, v in s.items() if k != "line"} for s in self.sheets],
            "skipped_sheets": self.skipped,
            "area": self.area,
            "regions": self.regions,
            "as_of": self.as_of,
            "reasons": dict(sorted(reasons.items())),
            "resolved_by": dict(sorted(self.resolved_by.items())),
            "decisions": self.decisions,
            "warnings": self.warnings,
        }

    def dumps(self) -> str:
        """The report as JSON text."""
        return json.dumps(self.report(), ensure_ascii=False, indent=2) + "\n"
