"""Registry exports into a contract dataset: ``graphgov import`` (DATA_MODEL §6).

What users hold is the export of a registry system, not graphgov's contract: an ``.xlsx``,
``.xls`` or GB18030 ``.csv`` with title rows above a Chinese header, authority names instead
of codes, free-text addresses, dates in four forms. :func:`import_sources` reads them
through a mapping (a shipped preset or a TOML file), resolves authorities and addresses to
division codes on the shipped hierarchy, queues what it cannot place for review, and writes
a dataset that ``graphgov validate`` accepts, with ``import-report.json``.

The modules, in the order an import runs them: :mod:`~graphgov.importer.sources` (files,
sheets, header rows), :mod:`~graphgov.importer.mapping` (presets, mappings),
:mod:`~graphgov.importer.records` and :mod:`~graphgov.importer.values` (cells),
:mod:`~graphgov.importer.area`, :mod:`~graphgov.importer.resolve` (names to codes),
:mod:`~graphgov.importer.place` and :mod:`~graphgov.importer.roster` (rows to contract rows),
:mod:`~graphgov.importer.identity` (duplicates, conflicts),
:mod:`~graphgov.importer.review`, :mod:`~graphgov.importer.write`,
:mod:`~graphgov.importer.outcome` and :mod:`~graphgov.importer.run`.
"""

from graphgov.importer.mapping import PRESETS
from graphgov.importer.outcome import ImportResult
from graphgov.importer.run import import_sources

__all__ = ["PRESETS", "ImportResult", "import_sources"]
