"""The analyses of DATA_MODEL §4: pure functions from a :class:`~graphgov.graph.Graph` to a
DataFrame, one module each, registered here under their CLI names.

:data:`OPTIONS` says which options each analysis takes and :data:`NEEDS` what data it
cannot answer without; :func:`check_options` and :func:`check_needs` apply them, for the
embedded backend (:func:`run_analysis`) and the Neo4j one (:func:`graphgov.backends.run_report`)
alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from graphgov.analyses._common import communities
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
from graphgov.errors import NoDataError, UsageError
from graphgov.graph import Graph
from graphgov.meta import Targets

__all__ = [
    "ANALYSES",
    "NEEDS",
    "OPTIONS",
    "check_needs",
    "check_options",
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

#: The options of ``graphgov report``, in the order the CLI lists them.
OPTION_ORDER = ("by", "as_of", "targets", "county", "include_community")
_ALL = frozenset({"as_of"})  # DATA_MODEL §4.0: every question is asked on as_of
#: CLI name -> the options it takes (DATA_MODEL §4). ``targets`` only where a column
#: compares with a target (density's ``target``, ``deficit``, ``meets_target``).
OPTIONS: dict[str, frozenset[str]] = {
    "coverage": _ALL | {"by", "include_community"},
    "gaps": _ALL | {"include_community"},
    "joint-branches": _ALL,
    "density": _ALL | {"targets"},
    "hubs": _ALL | {"county"},
    "hub-gaps": _ALL | {"county"},
    "hub-overlap": _ALL | {"county"},
    "social-work": _ALL,
    "linkage": _ALL | {"by"},
    "linkage-candidates": _ALL,
    "cross-appointments": _ALL,
    "cross-appointment-ties": _ALL,
}

#: CLI name -> what the dataset must hold for the question to have an answer: every
#: analysis needs regions; those counting organizations need organizations; those asked per
#: community (or about reaching communities) need community-level regions. Without them an
#: empty table would read as "nothing to report", so they say what is missing instead.
NEEDS: dict[str, tuple[str, ...]] = {
    "coverage": ("regions", "organizations"),
    "gaps": ("regions", "organizations"),
    "joint-branches": ("regions", "organizations"),
    **{
        name: ("regions", "communities")
        for name in (
            "density", "hubs", "hub-gaps", "hub-overlap", "social-work", "linkage",
            "linkage-candidates", "cross-appointments", "cross-appointment-ties",
        )
    },
}  # fmt: skip
_MISSING = {
    "regions": "no regions in the dataset: {name} needs the administrative hierarchy "
    "(regions.csv has no accepted rows)",
    "organizations": "no organizations in the dataset: {name} needs social organizations "
    "(organizations.csv has no accepted rows)",
    "communities": "no communities in the dataset: {name} needs community-level regions",
}


def _flag(option: str) -> str:
    return "--" + option.replace("_", "-")


def check_options(name: str, given: Mapping[str, object]) -> None:
    """Refuse an option that analysis `name` does not take.

    An option counts as given unless it is None or False (the defaults).

    Raises
    ------
    UsageError
        ``report density does not take --include-community (it takes: --as-of, --targets)``
        for an unknown analysis or any given option not in :data:`OPTIONS`.

    Examples
    --------
    >>> check_options("density", {"as_of": "2020-12-31", "by": None})
    >>> check_options("hubs", {"include_community": True})
    Traceback (most recent call last):
    graphgov.errors.UsageError: report hubs does not take --include-community (it takes: --as-of, --county)
    """  # noqa: E501
    if name not in ANALYSES:
        raise UsageError(f"unknown analysis {name!r}; choose from {', '.join(ANALYSES)}")
    takes = OPTIONS[name]
    refused = [k for k, v in given.items() if v is not None and v is not False and k not in takes]
    if refused:
        known = [o for o in OPTION_ORDER if o in takes]
        raise UsageError(
            f"report {name} does not take {', '.join(map(_flag, refused))} "
            f"(it takes: {', '.join(map(_flag, known))})"
        )


def check_needs(g: Graph, name: str) -> None:
    """Raise :class:`~graphgov.errors.NoDataError` naming what `g` lacks for analysis `name`
    (:data:`NEEDS`): no regions, no organizations, or no community-level regions."""
    have = {
        "regions": len(g.regions) > 0,
        "organizations": len(g.organizations) > 0,
        "communities": len(communities(g)) > 0,
    }
    for need in NEEDS[name]:
        if not have[need]:
            raise NoDataError(_MISSING[need].format(name=name))


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

    Raises
    ------
    UsageError
        If an option is given (not None or False) that the analysis does not take
        (:data:`OPTIONS`).
    NoDataError
        If `g` lacks what the analysis needs (:data:`NEEDS`).
    """
    given = {"by": by, "as_of": as_of, "targets": targets, "county": county, **options}
    check_options(name, given)
    check_needs(g, name)
    kwargs = {k: v for k, v in given.items() if v is not None and v is not False}
    return ANALYSES[name](g, **kwargs)
