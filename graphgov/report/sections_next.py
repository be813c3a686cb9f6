"""The report's last section, 下一步 (what to do next): each missed target with the plan
that meets it, or what a given number of actions buys, each action with names.

Built from :mod:`graphgov.plans` on the report's graph (the plans run on the embedded
graph; with the Neo4j backend it is the graph read back, as for the network sections):

- hubs: where :data:`NEW_HUBS` new township hubs per county would cover the most
  communities no hub covers (what a given number of actions buys);
- instructors: how many instructors each county needs for the organizations with no Party
  member and no work coverage (the smallest plan that meets it);
- social work: the communities each county still has to serve, urban and rural;
- density: per county, the shortfall to the average target and the fewest communities to
  raise to close it;
- joint branches: the branches to form, with their superiors and organizations.
"""

from __future__ import annotations

import pandas as pd

from graphgov.plans import (
    plan_density,
    plan_hubs,
    plan_instructors,
    plan_joint_branches,
    plan_social_work,
)
from graphgov.report.document import Section
from graphgov.report.i18n import big, t

__all__ = ["NEW_HUBS", "next_section"]

#: New township hubs per county the hub plan shows.
NEW_HUBS = 3


def next_section(g) -> Section:
    """The what-to-do-next section of graph `g`."""
    hubs = plan_hubs(g, add=NEW_HUBS, by="county")
    hubs = hubs[~hubs["runner_up"].astype(bool)].drop(columns=["runner_up"])
    instructors = plan_instructors(g, scope="county")
    social = plan_social_work(g)
    dens = plan_density(g)
    joint = plan_joint_branches(g)
    branches = joint[joint["group_id"].notna()]
    to_raise = dens[["urban_to_raise", "rural_to_raise"]].sum().sum() if len(dens) else 0
    headline = t(
        "next.headline",
        per=NEW_HUBS,
        hubs=big(len(hubs)),
        hub_communities=big(hubs["new_communities"].sum() if len(hubs) else 0),
        instructors=big(instructors["instructors_needed"].sum() if len(instructors) else 0),
        organizations=big(instructors["organizations"].sum() if len(instructors) else 0),
        social=big(social["needed"].sum() if len(social) else 0),
        shortfall=big(dens["shortfall"].sum() if len(dens) else 0),
        to_raise=big(to_raise),
        branches=big(len(branches)),
    )
    tables: list[tuple[str, pd.DataFrame]] = [
        ("new-hubs", hubs),
        ("instructors", instructors),
        ("social-work-needed", social),
        ("density-shortfall", dens),
        ("joint-branches-to-form", joint),
    ]
    return Section(
        key="next",
        title=t("next.title"),
        definition=t("next.definition", hubs=NEW_HUBS),
        headline=headline,
        tables=tables,
        formats={"urban_average": "{:.1f}", "rural_average": "{:.1f}"},
    )
