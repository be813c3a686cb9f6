"""`graphgov export`: the pseudonymised dataset (:mod:`graphgov.privacy.pseudonymise`)
and, in its folder :data:`REPORT`, the report of it with small counts of people suppressed
(:mod:`graphgov.privacy.suppress`): ``report.html``, ``report.md`` and a CSV per table, in
Chinese, without charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graphgov.errors import UsageError
from graphgov.privacy.keys import load_or_create_key
from graphgov.privacy.pseudonymise import export_dataset

__all__ = ["ExportResult", "research_export"]

#: What marks a folder as an earlier export (it may be written again).
MARK = "EXPORT.txt"
#: The folder of the export that holds its report (a dataset folder may hold it).
REPORT = "report"
_REPORT_FILES = (".csv", ".html", ".md", ".png", ".xlsx")


@dataclass
class ExportResult:
    """What an export wrote."""

    out: Path
    rows: dict[str, int] = field(default_factory=dict)
    posts_within_a_month: int = 0
    key_created: bool = False
    #: The CSV files of the report, in :data:`REPORT`.
    tables: list[str] = field(default_factory=list)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def research_export(
    source: str | Path,
    out: str | Path,
    key_file: str | Path,
    *,
    k: int = 5,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Export dataset `source` into `out` with the key in `key_file` (§4.15), and the
    report of the export into ``out/report`` with every count of people below `k`
    suppressed (``report all --privacy k --lang zh``, tables and text only)."""
    from graphgov.report.build import build_report

    if k < 2:
        raise UsageError(f"--k {k}: suppressing counts of people below k needs k of 2 or more")
    source, out, key_file = Path(source), Path(out), Path(key_file)
    for folder, what in ((out, "the export"), (source, "the dataset")):
        if _inside(key_file, folder):
            raise UsageError(
                f"--key-file {key_file} is inside {what} ({folder}): keep the key apart"
            )
    if out.resolve() == source.resolve() or _inside(out, source):
        raise UsageError(f"--out {out} is the dataset or inside it; write the export elsewhere")
    if out.is_dir() and any(out.iterdir()) and not (out / MARK).is_file():
        raise UsageError(
            f"--out {out}: the folder holds other files and no {MARK}; give a new or empty "
            "folder (an export never overwrites other data)"
        )
    key, created = load_or_create_key(key_file)
    rows = export_dataset(source, out, key)
    within = rows.pop("posts_within_a_month", 0)
    (out / MARK).write_text(
        "A research export written by graphgov export (datasets/README.md: the research "
        "export): person ids are keyed pseudonyms, names are dropped, homes are townships, "
        f"post dates are months. {REPORT}/: its report, counts of people below {k} "
        "suppressed.\n",
        encoding="utf-8",
    )
    folder = out / REPORT
    for old in folder.iterdir() if folder.is_dir() else ():
        if old.is_file() and old.suffix in _REPORT_FILES:  # an earlier export's, maybe another k
            old.unlink()
    build_report(out, folder, lang="zh", privacy=k, charts=False, progress=progress)
    tables = sorted(p.name for p in folder.glob("*.csv"))
    return ExportResult(out, rows, within, created, tables=tables)
