"""The analyses of DATA_MODEL §4: pure functions from a :class:`~graphgov.graph.Graph` to a
DataFrame, one module each, registered here under their CLI names."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pandas as pd

from graphgov.analyses.coverage import coverage
from graphgov.analyses.cross_appointments import (
    cross_appointment_ties,
    cross_appointments,
    interlock_network,
)
from graphgov.analyses.density import density
from graphgov.analyses.gaps import gaps
from graphgov.analyses.hubs import hub_gaps, hub_overlap, hubs
from graphgov.analyses.joint_branches import joint_branches
from graphgov.analyses.linkage import linkage, linkage_candidates
from graphgov.analyses.social_work import social_work
from graphgov.errors import UsageError
from graphgov.graph import Graph
from graphgov.meta import Targets

__all__ = [
    "ANALYSES",
    "coverage",
    "cross_appointment_ties",
    "cross_appointments",
    "density",
    "gaps",
    "hub_gaps",
    "hub_overlap",
    "hubs",
    "interlock_network",
    "joint_branches",
    "linkage",
    "linkage_candidates",
    "run_analysis",
    "social_work",
]

#: CLI name -> library function.
ANALYSES: dict[str, Callable[..., pd.DataFrame]] = {
    "coverage": coverage,
    "gaps": gaps,
    "joint-branches": joint_branches,
    "density": density,
    "hubs": hubs,
    "hub-gaps": hub_gaps,
    "hub-overlap": hub_overlap,
    "social-work": social_work,
    "linkage": linkage,
    "linkage-candidates": linkage_candidates,
    "cross-appointments": cross_appointments,
    "cross-appointment-ties": cross_appointment_ties,
}


def run_analysis(
    g: Graph,
    name: str,
    *,
    by: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
    county: str | None = None,
    **options: object,
) -> pd.DataFrame:
    """Run the analysis called `name` (a key of :data:`ANALYSES`) with the options it takes.

    `as_of` and `targets` go to the analyses that use them. `by` and `county` only make
    sense for some analyses: giving one to another is a :class:`~graphgov.errors.UsageError`.
    """
    if name not in ANALYSES:
        raise UsageError(f"unknown analysis {name!r}; choose from {', '.join(ANALYSES)}")
    func = ANALYSES[name]
    accepted = inspect.signature(func).parameters
    for option, value in (("by", by), ("county", county)):
        if value is not None and option not in accepted:
            raise UsageError(f"{name} does not take --{option}")
    given = {"by": by, "as_of": as_of, "targets": targets, "county": county, **options}
    kwargs = {k: v for k, v in given.items() if v is not None and k in accepted}
    return func(g, **kwargs)
