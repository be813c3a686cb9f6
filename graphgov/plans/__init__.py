"""What to do next (DATA_MODEL §4.14): plans for hubs, instructors, social work, community
organizations and joint branches, each ranked so that it is optimal for the structure it
works on (disjoint townships, per-scope capacities, per-county averages), and each with
names.

- :func:`plan_hubs`: where N new hubs cover the most communities not covered now;
- :func:`plan_hub_service`: which uncovered townships existing hubs should serve;
- :func:`plan_instructors` / :func:`plan_instructor_assignment`: instructors needed per
  township or county, and who goes where;
- :func:`plan_social_work` / :func:`plan_social_work_communities`: communities still to
  serve, and which, those missing most other targets first;
- :func:`plan_density` / :func:`plan_density_communities`: the shortfall to the average
  target, and the communities furthest below it;
- :func:`plan_joint_branches`: the joint-branch placement as a plan, with superiors.
"""

from graphgov.plans.hubs import HubServicePlan, plan_hub_service, plan_hubs, resolve_county
from graphgov.plans.joint import plan_joint_branches
from graphgov.plans.work import (
    plan_density,
    plan_density_communities,
    plan_instructor_assignment,
    plan_instructors,
    plan_social_work,
    plan_social_work_communities,
)

__all__ = [
    "HubServicePlan",
    "plan_density",
    "plan_density_communities",
    "plan_hub_service",
    "plan_hubs",
    "plan_instructor_assignment",
    "plan_instructors",
    "plan_joint_branches",
    "plan_social_work",
    "plan_social_work_communities",
    "resolve_county",
]
