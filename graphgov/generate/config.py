"""The generator's knobs: every rate, mean and count in one documented dataclass.

Counts are the scale-1.0 figures for the whole of Zhejiang; :func:`graphgov.generate.generate`
multiplies the *scaled* ones by ``scale``, by the province's size (its village-level units
over Zhejiang's 25,547) and by the share of the province that the chosen counties hold.
Rates and per-community means hold as they are in any province, except Party organizational
coverage, which is Zhejiang's 82.9% in Zhejiang and the national 61.7% elsewhere
(:func:`default_config`). The administrative skeleton (the real hierarchy of
:mod:`graphgov.divisions`) and the bodies that every region has (community Party
organizations and committees, territorial committees, city and county hubs, service centres)
are never scaled.
Sources of the defaults: the seed interview (Zhejiang, end-2018; targets for 2020) and the
reference figures, both listed with what each figure is in datasets/README.md, Calibration
sources; datasets/README.md, Knobs, documents each knob.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: The date the analyses look at (``dataset.toml``): the export date, on which `status` is
#: read. Not a knob: the dates of posts and services (the 2017 and early-2021 community
#: elections, contracts running into 2021) are written around it.
AS_OF = "2020-12-31"
#: The date the seed's figures describe (Zhejiang, end-2018): asked on it, the province
#: gives them (formal organizational coverage 82.9%, 150,000 filed community organizations).
SEED_DATE = "2018-12-31"
#: Zhejiang's village-level units in the shipped NBS 2023 table: the knobs' counts are
#: Zhejiang's, and another province's are scaled by its own number over this one.
ZHEJIANG_COMMUNITIES = 25_547
#: Of them, residents' committees (urban) and villagers' committees (rural): the level of
#: filed community organizations per community is set on them (any province gets the same).
ZHEJIANG_URBAN, ZHEJIANG_RURAL = 5_784, 19_763
#: Party organizational coverage of social organizations, national average end-2017.
NATIONAL_ORG_COVERAGE = 0.617


def _dict(**kw: float) -> dict[str, float]:
    return dict(kw)


@dataclass(frozen=True)
class GeneratorConfig:
    """Rates, means and counts of the synthetic province (defaults: Zhejiang, scale 1.0).

    Attributes are grouped as in ``datasets/README.md`` (registered organizations, community
    organizations, Party, people and posts, services, facilities). Fields marked *scaled*
    are multiplied by ``scale``, the province's size and the selected counties' share.
    """

    # --- history (datasets/README.md, The generator, History) --------------------------------
    #: The first dated day: organizations existing then (the stock) are founded from 1988 on.
    history_start: str = "2005-01-01"
    #: Registered organizations existing on each date, per kind (social groups, social
    #: service agencies, foundations; Zhejiang, *scaled*; hubs included). Reference figures:
    #: 2014 (total; kinds split as in 2016), May 2016, Feb 2018 (total; kinds interpolated),
    #: end-2020. 2005 is an assumption (the national 2005 kind mix).
    registered_path: dict[str, tuple[int, int, int]] = field(
        default_factory=lambda: {
            "2005-01-01": (9_600, 8_340, 60),
            "2014-12-31": (18_942, 20_850, 409),
            "2016-05-31": (21_448, 23_609, 465),
            "2018-02-28": (21_772, 28_342, 542),
            "2020-12-31": (25_856, 44_573, 827),
        }
    )
    #: Share of existing registered organizations that leave the registry per year, and the
    #: share of those revoked (撤销, after a stay on the abnormal list) rather than
    #: deregistered (注销). Assumptions.
    registered_gone_rate: float = 0.012
    revoked_share: float = 0.3
    #: The abnormal-activity list (活动异常名录) exists from this date (民政部, 2018).
    abnormal_list_from: str = "2018-02-01"
    #: Filed community organizations existing on each date (Zhejiang, *scaled*): about
    #: 100,000 (2016), 150,000 (end-2018, the seed), 243,500 (about 2022); 2005 and 2012 are
    #: assumptions. The level per community follows the per-community means below.
    community_orgs_path: dict[str, int] = field(
        default_factory=lambda: {
            "2005-01-01": 3_000,
            "2012-12-31": 30_000,
            "2016-12-31": 100_000,
            "2018-12-31": 150_000,
            "2022-12-31": 243_500,
        }
    )
    #: Share of existing filings cancelled per year (assumption).
    community_org_gone_rate: float = 0.01
    #: Registering level of groups and service agencies (province, city, county).
    registered_at_mix: dict[str, float] = field(
        default_factory=lambda: _dict(province=0.03, city=0.17, county=0.80)
    )
    #: Registering level of foundations (most register with the province or a city).
    foundation_registered_at_mix: dict[str, float] = field(
        default_factory=lambda: _dict(province=0.55, city=0.30, county=0.15)
    )
    #: Field of work (domain) mix per kind; social-work agencies are always `social_work`.
    domain_mix: dict[str, dict[str, float]] = field(
        default_factory=lambda: {
            "social_group": _dict(
                industry_association=0.28,
                culture_sports=0.22,
                other=0.10,
                education=0.07,
                charity=0.06,
                elderly_care=0.06,
                health=0.06,
                community_service=0.04,
                children_youth=0.03,
                mediation=0.03,
                environment=0.03,
                social_work=0.02,
            ),
            "social_service": _dict(
                education=0.38,
                elderly_care=0.14,
                community_service=0.10,
                health=0.08,
                children_youth=0.08,
                culture_sports=0.07,
                other=0.05,
                social_work=0.03,
                charity=0.03,
                mediation=0.02,
                environment=0.02,
            ),
            "foundation": _dict(charity=0.6, education=0.3, other=0.1),
            "community": _dict(
                culture_sports=0.35,
                community_service=0.22,
                elderly_care=0.12,
                children_youth=0.07,
                mediation=0.06,
                environment=0.05,
                charity=0.05,
                health=0.04,
                other=0.04,
            ),
        }
    )
    #: Where county-registered organizations are based (community, township, county level).
    base_level_mix: dict[str, float] = field(
        default_factory=lambda: _dict(community=0.62, township=0.26, county=0.12)
    )
    #: Where province- and city-registered organizations are based.
    upper_base_level_mix: dict[str, float] = field(
        default_factory=lambda: _dict(community=0.35, township=0.20, county=0.20, city=0.25)
    )
    #: Weight of an urban community against a village when placing an organization.
    urban_placement_weight: float = 4.0
    #: Share of the organizations existing on as_of that are on the abnormal-activity list
    #: then (活动异常名录), and that were on it for a while before (the stay ended).
    abnormal_share: float = 0.025
    abnormal_past_share: float = 0.02
    #: Share of townships with a hub or support organization (*thinned* below scale 1).
    township_hub_share: float = 0.5
    #: Private social-work service agencies (民办社工机构) (*scaled*).
    social_work_agencies: int = 2_600
    #: Communities each social-work agency serves beyond where it is based (mean).
    agency_communities_mean: float = 4.0
    #: Organizations on the government purchase-of-services catalogue (*scaled*).
    purchase_catalogue: int = 6_709
    #: Share of industry associations decoupled from their administrative organ (脱钩).
    decoupled_share: float = 0.9
    #: Share of registered organizations with a star rating (评估等级).
    rated_share: float = 0.22

    # --- Party members of organizations --------------------------------------------------
    #: Share of registered organizations with no formal Party member.
    no_member_share: float = 0.19
    #: Share with one or two members (joint-branch candidates).
    few_member_share: float = 0.18
    #: Mean members of organizations with three or more (a long tail of big ones).
    members_mean_if_three: float = 9.0

    # --- community social organizations (社区社会组织, filed) -------------------------------
    #: Relative level of filed organizations per urban community and per village: the
    #: count of `community_orgs_path` is shared out in this ratio (on end-2018: ~12.1 and
    #: ~4.0 on the real skeleton, the 2020 targets 15 and 5 still to reach).
    community_orgs_urban_mean: float = 13.0
    community_orgs_rural_mean: float = 4.35
    #: Share of communities lagging behind, and their level against the mean: the rest sit
    #: a little above it (~37% of urban communities and ~45% of villages meet the target).
    community_orgs_lagging_share: float = 0.2
    community_orgs_lagging_factor: float = 0.5
    #: Spread (lognormal sigma) of the per-community level around its group's.
    community_orgs_sigma: float = 0.15
    #: Share of urban communities with a community-level hub (社区社会组织联合会).
    community_hub_share: float = 0.12

    # --- Party organizations ---------------------------------------------------------------
    #: *Formal* organizational coverage of active registered organizations on
    #: `coverage_date` (a branch, general branch, committee or joint branch; Zhejiang end-2018:
    #: 82.9%). Exact up to the joint branches that cannot be formed.
    org_coverage: float = 0.829
    coverage_date: str = SEED_DATE
    #: The shape of formal coverage over time (assumptions but for end-2018): on each year's
    #: last day it is ``org_coverage * path / path[coverage_date]``.
    org_coverage_path: dict[str, float] = field(
        default_factory=lambda: {
            "2008-12-31": 0.05,
            "2012-12-31": 0.20,
            "2014-12-31": 0.35,
            "2015-12-31": 0.50,
            "2016-12-31": 0.65,
            "2017-12-31": 0.76,
            "2018-12-31": 0.829,
            "2019-12-31": 0.84,
            "2020-12-31": 0.85,
        }
    )
    #: Share of the organizations without formal coverage on each year's end that get a
    #: functional (功能型) or extended (拓展型) Party organization; it ends when a formal one
    #: comes. They count toward work coverage only.
    functional_share: float = 0.15
    #: Liaisons and instructors are dispatched from this date (after the 2015 opinions).
    liaison_from: str = "2016-01-01"
    #: Share of active organizations with neither coverage nor a liaison or instructor.
    work_gap_share: float = 0.002
    #: Relative odds of staying uncovered for 0, 1-2 and 3+ member organizations.
    uncovered_odds: dict[str, float] = field(
        default_factory=lambda: _dict(none=14.0, few=2.5, many=0.1)
    )
    #: Organizations a liaison or instructor looks after (mean).
    orgs_per_liaison: float = 5.0

    # --- people and posts --------------------------------------------------------------------
    #: Licensed social workers (持证社工) (*scaled*).
    social_workers: int = 48_000
    #: Of the licensed: share posted at agencies, at communities, at other organizations
    #: (the rest hold no post in the data).
    social_worker_posts: dict[str, float] = field(
        default_factory=lambda: _dict(agency=0.34, community=0.40, org=0.10)
    )
    #: Share of community Party secretaries who also chair the residents'/village committee.
    one_shoulder_share: float = 0.7
    #: Share of community secretaries and committee members who also hold a post in a
    #: social organization or its Party organization in the same township (交叉任职).
    cross_appointment_share: float = 0.2
    #: Share of community organizations led by a cadre or worker of their own community.
    community_org_local_lead_share: float = 0.08
    #: Share of communities whose committee changed hands in early 2021 (posts starting
    #: after as_of, the outgoing ones ending then).
    election_2021_share: float = 0.15
    #: Share of communities with a former secretary (a post that ended before as_of).
    past_secretary_share: float = 0.4
    #: Share of urban communities and of villages whose Party organization has part-time
    #: members (兼职委员) from the social organizations in them (1-3 each, from 2017).
    part_time_member_share: dict[str, float] = field(
        default_factory=lambda: _dict(urban=0.35, rural=0.08)
    )

    # --- services -----------------------------------------------------------------------------
    #: Share of registered organizations that serve communities beyond their base.
    serving_share: float = 0.35
    #: Share of a county's townships that its county hubs serve directly.
    county_hub_township_share: float = 0.3
    #: Organizations each county hub supports / incubates at scale 1 (means).
    hub_supports_mean: float = 40.0
    hub_incubates_mean: float = 15.0
    #: Median purchased-service contract (CNY).
    purchase_median_cny: float = 80_000.0

    # --- facilities ------------------------------------------------------------------------
    #: Community social-work stations (社会工作室) open on each date (*scaled*): 8,000+ at
    #: end-2018 (the seed); the others are assumptions. Some close (a share per year).
    social_work_stations_path: dict[str, int] = field(
        default_factory=lambda: {
            "2012-12-31": 0,
            "2014-12-31": 1_500,
            "2018-12-31": 8_000,
            "2020-12-31": 10_000,
        }
    )
    station_closed_rate: float = 0.01
    #: Share of streets and of urban communities with a social-organization service centre.
    service_centre_street_share: float = 0.5
    service_centre_community_share: float = 0.5
    #: Standardized social-organization Party-mass service centres (35 in 2018).
    standardized_party_centres: int = 35


def default_config(province: str) -> GeneratorConfig:
    """The default knobs for a province (2- or 12-digit code): Zhejiang's figures, with the
    national Party organizational coverage (61.7% on end-2017) outside Zhejiang.

    >>> default_config("33").org_coverage, default_config("32").org_coverage
    (0.829, 0.617)
    >>> default_config("32").coverage_date
    '2017-12-31'
    """
    cfg = GeneratorConfig()
    if str(province)[:2] == "33":
        return cfg
    return replace(cfg, org_coverage=NATIONAL_ORG_COVERAGE, coverage_date="2017-12-31")
