"""Every analysis, declared once: its pandas function, its Cypher twin, the options it takes,
its columns and what its twin's rows need to become the same table.

The command line, both backends, the full report and the parity tests all read
:data:`ANALYSES`. Adding an analysis is one :class:`Analysis` record here, one function
(in its own module of :mod:`graphgov.analyses`) and one query file under ``cypher/``.

>>> ANALYSES["density"].takes
('as_of', 'targets', 'by', 'count_registered')
>>> ANALYSES["density"].twin_for("county").query
'density-by-county'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from graphgov.analyses import inventory
from graphgov.analyses.coverage import BY_CHOICES, RESPONSIBLE_BY, coverage
from graphgov.analyses.coverage import COLUMNS as COVERAGE
from graphgov.analyses.cross_appointments import COLUMNS as CROSS
from graphgov.analyses.cross_appointments import TIES_COLUMNS as TIES
from graphgov.analyses.cross_appointments import cross_appointment_ties, cross_appointments
from graphgov.analyses.density import BY_CHOICES as DENSITY_BY
from graphgov.analyses.density import COLUMNS as DENSITY
from graphgov.analyses.density import density, finish_rollup, rollup_columns
from graphgov.analyses.facilities import COLUMNS as FACILITIES
from graphgov.analyses.facilities import facilities
from graphgov.analyses.funding import COLUMNS as FUNDING
from graphgov.analyses.funding import funding
from graphgov.analyses.gaps import COLUMNS as GAPS
from graphgov.analyses.gaps import GROUPED_COLUMNS as GAPS_BY
from graphgov.analyses.gaps import gaps
from graphgov.analyses.hubs import GAPS_COLUMNS as HUB_GAPS
from graphgov.analyses.hubs import HUBS_COLUMNS as HUBS
from graphgov.analyses.hubs import OVERLAP_COLUMNS as HUB_OVERLAP
from graphgov.analyses.hubs import hub_gaps, hub_overlap, hubs
from graphgov.analyses.joint_branches import COLUMNS as JOINT
from graphgov.analyses.joint_branches import joint_branches, pack
from graphgov.analyses.linkage import CANDIDATE_COLUMNS as CANDIDATES
from graphgov.analyses.linkage import COLUMNS as LINKAGE
from graphgov.analyses.linkage import COUNTY_COLUMNS as LINKAGE_BY_COUNTY
from graphgov.analyses.linkage import linkage, linkage_candidates
from graphgov.analyses.quality import (
    ABNORMAL_COVER_COLUMNS,
    STANDING_COLUMNS,
    abnormal_covers,
    org_standing,
)
from graphgov.analyses.social_work import COLUMNS as SOCIAL_WORK
from graphgov.analyses.social_work import social_work
from graphgov.errors import UsageError
from graphgov.graph import Graph

__all__ = ["ANALYSES", "OPTIONS", "Analysis", "Option", "Twin", "analysis"]


@dataclass(frozen=True)
class Option:
    """An option of ``graphgov report`` (and keyword of the analysis functions)."""

    name: str
    help: str

    @property
    def flag(self) -> str:
        """``as_of`` -> ``--as-of``."""
        return "--" + self.name.replace("_", "-")


#: Every option an analysis can take, in the order the CLI lists them.
OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("by", "Group by this level or field"),
        Option("as_of", "Date to look at (default: the dataset's)"),
        Option("targets", "A targets.toml overriding the dataset's"),
        Option("county", "One county's code (e.g. 330106)"),
        Option("include_community", "Add filed community organizations"),
        Option("count_registered", "Also count registered organizations based in a community"),
    )
}


@dataclass(frozen=True)
class Twin:
    """An analysis's Cypher twin: the query under ``cypher/`` and the shape of its rows.

    `finish` turns the query's rows into the analysis's table (shared pandas code, as for
    joint branches); by default they are only given `columns` and their dtypes.
    """

    query: str
    columns: Mapping[str, str]
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None


@dataclass(frozen=True)
class Analysis:
    """One analysis: a CLI report, a library function and its Cypher twin.

    `takes` lists the options it accepts besides none at all; `by` the values ``--by``
    takes (empty: no ``--by``); a value of `by` in `by_twins` is answered by another query
    (with other columns), any other is passed to the twin as ``$by``. `needs` says what the
    dataset must hold for the question to have an answer (regions, organizations,
    communities).
    """

    name: str
    function: Callable[..., pd.DataFrame]
    twin: Twin
    needs: tuple[str, ...]
    takes: tuple[str, ...] = ("as_of",)
    by: tuple[str, ...] = ()
    by_twins: Mapping[str, Twin] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.takes) - set(OPTIONS)
        if unknown or (bool(self.by) != ("by" in self.takes)):
            raise ValueError(f"analysis {self.name}: bad options {sorted(unknown) or 'by'}")

    def __call__(self, g: Graph, **options: object) -> pd.DataFrame:
        """The library function on `g` (no option or data check: see
        :func:`graphgov.run_analysis`)."""
        return self.function(g, **options)

    @property
    def columns(self) -> Mapping[str, str]:
        """Column -> dtype of its table (without ``--by``)."""
        return self.twin.columns

    def twin_for(self, by: str | None = None) -> Twin:
        """The twin that answers ``--by by`` (the analysis's own one unless `by_twins`
        names another)."""
        return self.by_twins.get(by, self.twin) if by is not None else self.twin

    def check_options(self, given: Mapping[str, object]) -> dict[str, object]:
        """The options given (not None or False), after refusing any it does not take and
        a ``--by`` value outside :attr:`by`.

        Raises
        ------
        UsageError
            One line: ``report hubs does not take --include-community (it takes: --as-of,
            --county)``.
        """
        chosen = {k: v for k, v in given.items() if v is not None and v is not False}
        refused = [k for k in chosen if k not in self.takes]
        if refused:
            known = [o.flag for o in OPTIONS.values() if o.name in self.takes]
            raise UsageError(
                f"report {self.name} does not take "
                f"{', '.join(OPTIONS[k].flag if k in OPTIONS else k for k in refused)} "
                f"(it takes: {', '.join(known) or 'no options'})"
            )
        if "by" in chosen and chosen["by"] not in self.by:
            raise UsageError(f"by must be one of {', '.join(self.by)}; got {chosen['by']!r}")
        return chosen


def analysis(name: str) -> Analysis:
    """The analysis called `name`, or a UsageError listing them."""
    if name not in ANALYSES:
        raise UsageError(f"unknown analysis {name!r}; choose from {', '.join(ANALYSES)}")
    return ANALYSES[name]


_REGIONS_ORGS = ("regions", "organizations")
_COMMUNITIES = ("regions", "communities")

#: CLI name -> the analysis, in the order the CLI and README list them.
ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in (
        Analysis(
            "coverage", coverage, Twin("coverage", COVERAGE), _REGIONS_ORGS,
            takes=("as_of", "by", "include_community"), by=BY_CHOICES,
        ),
        Analysis(
            "gaps", gaps, Twin("gaps", GAPS), _REGIONS_ORGS,
            takes=("as_of", "by", "include_community"), by=RESPONSIBLE_BY,
            by_twins={by: Twin(f"gaps-by-{by}", GAPS_BY) for by in RESPONSIBLE_BY},
        ),
        Analysis(
            "joint-branches", joint_branches, Twin("joint-branches", JOINT, finish=pack),
            _REGIONS_ORGS,
        ),
        Analysis(
            "density", density, Twin("density", DENSITY), _COMMUNITIES,
            takes=("as_of", "targets", "by", "count_registered"), by=DENSITY_BY,
            by_twins={
                by: Twin(f"density-by-{by}", rollup_columns(by), partial(finish_rollup, by))
                for by in DENSITY_BY
            },
        ),
        Analysis("hubs", hubs, Twin("hubs", HUBS), _COMMUNITIES, takes=("as_of", "county")),
        Analysis(
            "hub-gaps", hub_gaps, Twin("hub-gaps", HUB_GAPS), _COMMUNITIES,
            takes=("as_of", "county"),
        ),
        Analysis(
            "hub-overlap", hub_overlap, Twin("hub-overlap", HUB_OVERLAP), _COMMUNITIES,
            takes=("as_of", "county"),
        ),
        Analysis("social-work", social_work, Twin("social-work", SOCIAL_WORK), _COMMUNITIES),
        Analysis(
            "linkage", linkage, Twin("linkage", LINKAGE), _COMMUNITIES,
            takes=("as_of", "by"), by=("county",),
            by_twins={"county": Twin("linkage-by-county", LINKAGE_BY_COUNTY)},
        ),
        Analysis(
            "linkage-candidates", linkage_candidates,
            Twin("linkage-candidates", CANDIDATES), _COMMUNITIES,
        ),
        Analysis(
            "funding", funding, Twin("funding", FUNDING), _COMMUNITIES,
            takes=("as_of", "targets"),
        ),
        Analysis("facilities", facilities, Twin("facilities", FACILITIES), ("regions",)),
        Analysis(
            "cross-appointments", cross_appointments,
            Twin("cross-appointments", CROSS), _COMMUNITIES,
        ),
        Analysis(
            "cross-appointment-ties", cross_appointment_ties,
            Twin("cross-appointment-ties", TIES), _COMMUNITIES,
        ),
        Analysis(
            "org-status", inventory.org_status,
            Twin("org-status", inventory.STATUS_COLUMNS), (), takes=(),
        ),
        Analysis("org-standing", org_standing, Twin("org-standing", STANDING_COLUMNS), ()),
        Analysis(
            "abnormal-covers", abnormal_covers,
            Twin("abnormal-covers", ABNORMAL_COVER_COLUMNS), (),
        ),
        Analysis(
            "counties", inventory.counties,
            Twin("counties", inventory.COUNTY_COLUMNS), ("regions",), takes=(),
        ),
    )
}  # fmt: skip
