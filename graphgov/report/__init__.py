"""Reports: charts of analysis results and documents that gather them.

Analyses return DataFrames; :mod:`~graphgov.report.sections` turns each into a
:class:`Section` (definition, headline, charts, tables) and :func:`write_report` writes
``report.md`` (with PNGs), one self-contained ``report.html`` and a CSV per table.
Chart functions live in :mod:`~graphgov.report.charts` and take ``ax=None``.
"""

from graphgov.report.document import Section, write_report
from graphgov.report.fonts import use_cjk_font
from graphgov.report.sections import (
    coverage_section,
    data_section,
    density_section,
    gaps_section,
    missing_section,
)

__all__ = [
    "Section",
    "coverage_section",
    "data_section",
    "density_section",
    "gaps_section",
    "missing_section",
    "use_cjk_font",
    "write_report",
]
