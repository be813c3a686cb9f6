"""The analyses of the data dictionary (datasets/README.md): pure functions from a
:class:`~graphgov.graph.Graph` to a DataFrame, one module each, declared once in
:mod:`graphgov.analyses.registry` under their CLI names.

:func:`run_analysis` runs one on the embedded graph after refusing the options it does
not take and checking the dataset holds what it needs; the Neo4j backend
(:func:`graphgov.neo4j.analyses.run_cypher_analysis`) applies the same record.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import communities, reuse
from graphgov.analyses.coverage import coverage
from graphgov.analyses.cross_appointments import (
    cross_appointment_ties,
    cross_appointments,
    interlock_network,
)
from graphgov.analyses.density import density
from graphgov.analyses.gaps import gaps
from graphgov.analyses.hubs import hub_gaps, hub_overlap, hubs
from graphgov.analyses.inventory import counties, org_status
from graphgov.analyses.joint_branches import joint_branches
from graphgov.analyses.linkage import linkage, linkage_candidates
from graphgov.analyses.registry import ANALYSES, OPTIONS, Analysis, analysis
from graphgov.analyses.social_work import social_work
from graphgov.errors import NoDataError
from graphgov.graph import Graph

__all__ = [
    "ANALYSES",
    "OPTIONS",
    "Analysis",
    "check_needs",
    "coverage",
    "cross_appointment_ties",
    "cross_appointments",
    "density",
    "counties",
    "gaps",
    "hub_gaps",
    "hub_overlap",
    "hubs",
    "interlock_network",
    "joint_branches",
    "linkage",
    "linkage_candidates",
    "org_status",
    "run_analysis",
    "social_work",
]

_MISSING = {
    "regions": "no regions in the dataset: {name} needs the administrative hierarchy "
    "(regions.csv has no accepted rows)",
    "organizations": "no organizations in the dataset: {name} needs social organizations "
    "(organizations.csv has no accepted rows)",
    "communities": "no communities in the dataset: {name} needs community-level regions",
}


def check_needs(g: Graph, name: str) -> None:
    """Raise :class:`~graphgov.errors.NoDataError` naming what `g` lacks for analysis `name`
    (its :attr:`~graphgov.analyses.registry.Analysis.needs`): no regions, no
    organizations, or no community-level regions."""
    have = {
        "regions": len(g.regions) > 0,
        "organizations": len(g.organizations) > 0,
        "communities": len(communities(g)) > 0,
    }
    for need in analysis(name).needs:
        if not have[need]:
            raise NoDataError(_MISSING[need].format(name=name))


def run_analysis(g: Graph, name: str, **options: object) -> pd.DataFrame:
    """Run the analysis called `name` (a key of :data:`ANALYSES`) with the options it takes
    (``by``, ``as_of``, ``targets`` as a :class:`~graphgov.meta.Targets`, ``county``,
    ``include_community``; None or False means not given).

    Raises
    ------
    UsageError
        For an unknown analysis, or an option given that it does not take.
    NoDataError
        If `g` lacks what the analysis needs.

    Examples
    --------
    >>> run_analysis(None, "hubs", include_community=True)
    Traceback (most recent call last):
    graphgov.errors.UsageError: report hubs does not take --include-community (it takes: --as-of, --county)
    """  # noqa: E501
    chosen = analysis(name).check_options(options)
    check_needs(g, name)
    with reuse():  # an analysis asks for some intermediates more than once (funding: three)
        return ANALYSES[name].function(g, **chosen)
