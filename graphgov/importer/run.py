"""``graphgov import``: registry exports in, a contract dataset out, every row accounted for.

The steps: read each source's sheets; pick each sheet's mapping; read its rows; settle the
area the sources belong to; place each row (authority, region, id); collapse exact
duplicates and reject conflicting ones; write the tables; validate the written dataset with
the same rules as ``graphgov validate`` and move what it rejects to the import's rejects;
write ``review.csv``, ``import-rejects.csv`` and ``import-report.json``.

For every table: ``rows = imported + review + rejected + duplicates``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from graphgov import schema
from graphgov.errors import DatasetError, UsageError
from graphgov.importer import mapping as mappings
from graphgov.importer.area import settle_area
from graphgov.importer.identity import collapse
from graphgov.importer.outcome import ImportResult
from graphgov.importer.place import ToReview, place_filing, place_registry
from graphgov.importer.records import Record, Reject, read_records
from graphgov.importer.resolve import Resolver
from graphgov.importer.review import Decisions, read_decisions, write_review
from graphgov.importer.roster import place_roster
from graphgov.importer.sources import Sheet, read_source
from graphgov.importer.write import write_dataset

__all__ = ["import_sources"]

Progress = Callable[[str], None]


def import_sources(
    sources: Sequence[str | Path],
    out: str | Path,
    *,
    preset: str | None = "auto",
    mapping: str | Path | None = None,
    regions: str | Path | None = None,
    review: str | Path | None = None,
    area: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import registry exports into the dataset directory `out`.

    Parameters
    ----------
    sources : paths
        ``.xlsx``, ``.xls`` or ``.csv`` exports (CSV in UTF-8 or GB18030, detected). They
        are read in the order of their file names, whatever order they are given in, so
        that the same sources always give the same bytes.
    out : path
        The dataset directory to write (created; its tables are replaced).
    preset : str, optional
        ``registry``, ``filing``, ``roster`` or ``auto`` (by each sheet's header).
    mapping : path, optional
        A mapping TOML file, used for every sheet instead of a preset.
    regions : path, optional
        A contract ``regions.csv`` to resolve against and ship, instead of the NBS 2023
        hierarchy.
    review : path, optional
        A ``review.csv`` with decisions to apply.
    area : str, optional
        The division the sources belong to (a 2-12 digit code): limits every search and,
        for a filing list without a 备案机关 column, names the filing county or township.
    encoding : str, optional
        The encoding of CSV sources (default: detected, UTF-8 or GB18030).
    progress : callable, optional
        Called with one line per step.

    Examples
    --------
    See tests/test_import.py, and README "Bring your own registry".
    """
    say = progress or (lambda line: None)
    out = Path(out)
    _check_out(out)
    chosen = _mapping_for(preset, mapping)
    known = (
        chosen.headers()
        if chosen
        else set().union(*(mappings.preset(p).headers() for p in mappings.PRESETS))
    )
    result = ImportResult(out)
    sheets: list[tuple[Sheet, mappings.Binding]] = []
    problems: list[str] = []
    for source in sorted(map(Path, sources), key=lambda p: (p.name, str(p))):
        for sheet in read_source(Path(source), encoding=encoding, known_headers=known):
            binding = _binding(sheet, chosen, problems, result)
            if binding is None:
                say(f"skipped: {result.skipped[-1]['reason']}")
                continue
            sheets.append((sheet, binding))
            result.sheet(sheet, binding, auto=chosen is None)
            say(result.sheets[-1]["line"])
    if not sheets:
        raise DatasetError(problems[0] if len(problems) == 1 else "; ".join(problems))
    frame = _regions_frame(regions)
    records: dict[str, list[Record]] = {"registry": [], "filing": [], "roster": []}
    for sheet, binding in sheets:
        read, rejected = read_records(sheet, binding)
        records[binding.mapping.shape].extend(read)
        result.rejects.extend(rejected)
    settled = settle_area(area, records, frame)
    result.area = settled.describe()
    say(f"area: {result.area}")
    resolver = Resolver(frame, area=settled.code)
    decide = read_decisions(Path(review)) if review else Decisions()
    orgs = _place_orgs(records, resolver, decide, settled.authority, result, say)
    party, covers = [], []
    if records["roster"]:
        party, covers, rejected, queued = place_roster(
            records["roster"], orgs, resolver, decide, settled.code
        )
        result.rejects.extend(rejected)
        result.review.extend(queued)
        party, dup, conflicts = collapse(party, "party_org_id", "party_orgs")
        result.duplicate(dup, "party_orgs")
        result.rejects.extend(conflicts)
    result.decisions = {
        "applied": decide.applied,
        "refused": decide.refused,
        "unused": decide.unused(),
    }
    for line in decide.refused:
        say(f"refused: {line}")
    write_dataset(out, orgs, party, covers, frame, settled, result, say)
    if not result.balanced():  # pragma: no cover - a bug: every row must be accounted for
        raise RuntimeError(f"import lost track of rows: {result.counts()}")
    write_review(result.review, out / "review.csv")
    result.write_rejects(out / "import-rejects.csv")
    (out / "import-report.json").write_text(result.dumps(), encoding="utf-8")
    return result


def _binding(
    sheet: Sheet, chosen: mappings.Mapping | None, problems: list[str], result: ImportResult
) -> mappings.Binding | None:
    """The sheet's mapping bound to its header; None for a worksheet to skip (a notes
    sheet, or in ``auto`` a table no preset knows), recorded in ``result.skipped``."""
    where = f"{sheet.file}!{sheet.sheet}" if sheet.sheet else sheet.file
    problem = sheet.problem
    if not problem:
        try:
            return (chosen or mappings.pick(sheet.columns)).bind(sheet.columns, where)
        except DatasetError as err:
            if chosen is not None or not sheet.sheet:
                raise
            problem = f"{where}: {err}"
    problems.append(problem)
    result.skipped.append({"file": sheet.file, "sheet": sheet.sheet, "rows": len(sheet.rows),
                           "reason": problem})  # fmt: skip
    return None


def _check_out(out: Path) -> None:
    """Refuse to write into a folder that holds something other than an earlier import."""
    if out.is_dir() and any(out.iterdir()) and not (out / "import-report.json").is_file():
        raise UsageError(
            f"--out {out}: the folder holds other files and no import-report.json; "
            "give a new or empty folder (an import never overwrites other data)"
        )


def _mapping_for(preset: str | None, mapping: str | Path | None) -> mappings.Mapping | None:
    if mapping is not None:
        return mappings.load(Path(mapping))
    if preset in (None, "auto"):
        return None
    return mappings.preset(preset)


def _regions_frame(regions: str | Path | None) -> pd.DataFrame | None:
    """The user's regions table (as text), or None for the shipped hierarchy."""
    if regions is None:
        return None
    path = Path(regions)
    if not path.is_file():
        raise DatasetError(f"{path}: --regions file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise DatasetError(f"{path}: cannot be read as a regions CSV ({err})") from err
    missing = [c for c in ("code", "name", "parent_code") if c not in frame.columns]
    if missing:
        raise DatasetError(f"{path}: not a regions table (no {', '.join(missing)} column)")
    if "level" not in frame.columns:
        frame["level"] = frame["code"].map(schema.level_of_code)
    return frame


def _place_orgs(records, resolver, decide, area_authority, result, say) -> list[Record]:
    placed: list[Record] = []
    for shape in ("registry", "filing"):
        rows = records[shape]
        if not rows:
            continue
        rejected: list[Reject] = []
        queued: list[ToReview] = []
        for i, record in enumerate(rows, 1):
            if shape == "registry":
                outcome = place_registry(record, resolver, decide)
            else:
                outcome = place_filing(record, resolver, decide, area_authority)
            if outcome is None:
                placed.append(record)
            elif isinstance(outcome, Reject):
                rejected.append(outcome)
            else:
                queued.append(outcome)
            if i % 50_000 == 0:
                say(f"placed {i:,} of {len(rows):,} {shape} rows")
        result.rejects.extend(rejected)
        result.review.extend(queued)
    orgs, dup, conflicts = collapse(placed, "org_id")
    result.duplicate(dup, "organizations")
    result.rejects.extend(conflicts)
    return orgs
