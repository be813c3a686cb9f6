"""Progress over time (DATA_MODEL §4.13): :func:`~graphgov.timeline.trend.trend` asks an
analysis on many dates of one graph, :func:`~graphgov.timeline.trend.projection` says when
a target would be met at the recent pace, :func:`~graphgov.timeline.diff.diff` says what
changed between two dates or two exports; :mod:`~graphgov.timeline.backends` runs both on
the embedded graph or on Neo4j, :mod:`~graphgov.timeline.dates` gives the dates."""

from graphgov.timeline.diff import Diff, diff
from graphgov.timeline.trend import projection, trend

__all__ = ["Diff", "diff", "projection", "trend"]
