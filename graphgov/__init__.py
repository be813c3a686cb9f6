"""graphgov: a province's grassroots-governance registries as one graph.

Open a dataset, then ask it questions; every analysis returns a pandas DataFrame::

    import graphgov
    g = graphgov.open("datasets/zhejiang-sample")
    graphgov.coverage(g, by="city")
    graphgov.density(g)

See README.md for the whole API.
"""

from graphgov.analyses import (
    ANALYSES,
    counties,
    coverage,
    cross_appointment_ties,
    cross_appointments,
    density,
    gaps,
    hub_gaps,
    hub_overlap,
    hubs,
    interlock_network,
    joint_branches,
    linkage,
    linkage_candidates,
    org_status,
    run_analysis,
    social_work,
)
from graphgov.graph import Graph, from_dataset, from_tables, open_graph, read_parquet
from graphgov.meta import DatasetInfo, Targets
from graphgov.plans import (
    plan_density,
    plan_hub_service,
    plan_hubs,
    plan_instructors,
    plan_joint_branches,
    plan_social_work,
)
from graphgov.timeline.diff import diff
from graphgov.timeline.trend import trend

__version__ = "0.1.0"

#: Open a dataset directory (validated on the way in) or a saved graph.
open = open_graph  # noqa: A001

__all__ = [
    "ANALYSES",
    "DatasetInfo",
    "Graph",
    "Targets",
    "counties",
    "coverage",
    "cross_appointment_ties",
    "cross_appointments",
    "density",
    "diff",
    "from_dataset",
    "from_tables",
    "gaps",
    "hub_gaps",
    "hub_overlap",
    "hubs",
    "interlock_network",
    "joint_branches",
    "linkage",
    "linkage_candidates",
    "open",
    "open_graph",
    "org_status",
    "plan_density",
    "plan_hub_service",
    "plan_hubs",
    "plan_instructors",
    "plan_joint_branches",
    "plan_social_work",
    "read_parquet",
    "run_analysis",
    "social_work",
    "trend",
]
