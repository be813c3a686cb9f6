"""The data contract in code: tables, columns, enumerations, labels and relationship types.

Everything the data dictionary (datasets/README.md) names lives here once, so the loader,
the generator, the embedded graph, the Neo4j store and the analyses agree on spelling.
Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- enumerations -------------------------------------------------------------------------

LEVELS = ("province", "city", "county", "township", "community")
AREA_TYPES = ("urban", "rural")
ORG_KINDS = ("social_group", "social_service", "foundation", "community")
REGISTERED_KINDS = ("social_group", "social_service", "foundation")
REGISTERED_AT = ("province", "city", "county", "township")
HUB_ROLES = ("none", "hub", "support")
ORG_STATUSES = ("active", "abnormal", "deregistered", "revoked")
#: Statuses of an organization that is gone (注销 deregistered, 撤销 revoked).
GONE_STATUSES = ("deregistered", "revoked")
DOMAINS = (
    "elderly_care",
    "children_youth",
    "charity",
    "culture_sports",
    "education",
    "health",
    "industry_association",
    "social_work",
    "community_service",
    "mediation",
    "environment",
    "other",
)
PARTY_ORG_KINDS = (
    "branch",
    "general_branch",
    "committee",
    "joint_branch",
    "functional",
    "extended",
    "community",
    "territorial_committee",
    "comprehensive_committee",
    "industry_committee",
    "two_new_committee",
)
#: Party organizations whose COVERS link gives *organizational* coverage (datasets/README.md,
#: Analysis definitions, §4.1): the formal forms.
COVERING_PARTY_ORG_KINDS = ("branch", "general_branch", "committee", "joint_branch")
#: Functional (功能型) and extended (拓展型) Party organizations: their COVERS link gives
#: *functional* coverage, which counts toward work coverage only (§4.1).
FUNCTIONAL_PARTY_ORG_KINDS = ("functional", "extended")
BODY_TYPES = ("org", "party_org", "community")
ROLES = (
    "secretary",
    "deputy_secretary",
    "committee_member",
    "part_time_member",
    "chair",
    "vice_chair",
    "director",
    "secretary_general",
    "staff",
    "social_worker",
    "liaison",
    "instructor",
    "volunteer_lead",
)
#: Posts that give *work* coverage to an organization with no Party organization.
WORK_COVERAGE_ROLES = ("liaison", "instructor")
SERVICE_TARGET_TYPES = ("org", "community", "township")
SERVICE_KINDS = ("incubates", "supports", "serves", "purchased")
FACILITY_KINDS = ("party_mass_service_center", "social_org_service_center", "social_work_station")

#: USCC category digit (second character) per registered kind; `9` (other) fits any kind.
USCC_CATEGORY = {"social_group": "1", "social_service": "2", "foundation": "3"}
USCC_OTHER_CATEGORY = "9"
USCC_CIVIL_AFFAIRS = "5"

# --- tables -------------------------------------------------------------------------------

STRING, INT, BOOL, DATE, FLOAT, CODE = "string", "int", "bool", "date", "float", "code"


@dataclass(frozen=True)
class Column:
    """One column of an input table: its type and whether a value is required."""

    name: str
    type: str = STRING
    required: bool = False
    choices: tuple[str, ...] | None = None
    default: object = None


@dataclass(frozen=True)
class Table:
    """One input table: its file stem, key columns and columns."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    required_file: bool = False
    optional_cols: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "regions",
            ("code",),
            (
                Column("code", CODE, True),
                Column("name", STRING, True),
                Column("level", STRING, False, LEVELS),
                Column("parent_code", CODE),
                Column("area_type", STRING, False, AREA_TYPES),
            ),
            required_file=True,
        ),
        Table(
            "party_orgs",
            ("party_org_id",),
            (
                Column("party_org_id", STRING, True),
                Column("name", STRING, True),
                Column("kind", STRING, True, PARTY_ORG_KINDS),
                Column("parent_id", STRING),
                Column("region_code", CODE, True),
                Column("formal_members", INT),
                Column("founded", DATE),
                Column("dissolved", DATE),
            ),
        ),
        Table(
            "organizations",
            ("org_id",),
            (
                Column("org_id", STRING, True),
                Column("name", STRING, True),
                Column("kind", STRING, True, ORG_KINDS),
                Column("registered_at", STRING, False, REGISTERED_AT),
                Column("region_code", CODE, True),
                Column("domain", STRING),
                Column("hub_role", STRING, False, HUB_ROLES, "none"),
                Column("social_work_agency", BOOL, False, None, False),
                Column("party_members", INT, False, None, 0),
                Column("status", STRING, False, ORG_STATUSES, "active"),
                Column("founded", DATE),
                Column("deregistered_on", DATE),
                Column("abnormal_since", DATE),
                Column("abnormal_until", DATE),
                Column("party_manager_id", STRING),
                Column("supervisor_unit", STRING),
                Column("star_rating", INT),
                Column("purchase_catalogue", BOOL),
                Column("decoupled", BOOL),
            ),
            required_file=True,
        ),
        Table(
            "party_org_covers",
            ("party_org_id", "org_id"),
            (
                Column("party_org_id", STRING, True),
                Column("org_id", STRING, True),
                Column("since", DATE),
                Column("until", DATE),
            ),
        ),
        Table(
            "people",
            ("person_id",),
            (
                Column("person_id", STRING, True),
                Column("name", STRING),
                Column("party_member", BOOL, False, None, False),
                Column("social_worker", BOOL, False, None, False),
                Column("home_community", CODE),
            ),
        ),
        Table(
            "posts",
            ("person_id", "body_type", "body_id", "role", "start"),
            (
                Column("person_id", STRING, True),
                Column("body_type", STRING, True, BODY_TYPES),
                Column("body_id", STRING, True),
                Column("role", STRING, True, ROLES),
                Column("start", DATE),
                Column("end", DATE),
            ),
        ),
        Table(
            "services",
            ("provider_id", "target_type", "target_id", "kind", "start"),
            (
                Column("provider_id", STRING, True),
                Column("target_type", STRING, True, SERVICE_TARGET_TYPES),
                Column("target_id", STRING, True),
                Column("kind", STRING, True, SERVICE_KINDS),
                Column("start", DATE),
                Column("end", DATE),
                Column("amount_cny", FLOAT),
                Column("purchaser", STRING),
            ),
        ),
        Table(
            "facilities",
            ("facility_id",),
            (
                Column("facility_id", STRING, True),
                Column("kind", STRING, True, FACILITY_KINDS),
                Column("region_code", CODE, True),
                Column("operator_org_id", STRING),
                Column("standardized", BOOL, False, None, False),
                Column("opened", DATE),
                Column("closed", DATE),
            ),
        ),
    )
}

#: Load order: a table only refers to tables before it.
TABLE_ORDER = tuple(TABLES)

# --- the graph (datasets/README.md, The graph in Neo4j) ------------------------------------

#: Node label -> (source table, key column).
NODE_LABELS = {
    "Region": ("regions", "code"),
    "Organization": ("organizations", "org_id"),
    "PartyOrganization": ("party_orgs", "party_org_id"),
    "Person": ("people", "person_id"),
    "Facility": ("facilities", "facility_id"),
}
#: Extra labels by region level.
LEVEL_LABELS = {
    "province": "Province",
    "city": "City",
    "county": "County",
    "township": "Township",
    "community": "Community",
}
HUB_LABEL = "Hub"
PARTY_MEMBER_LABEL = "PartyMember"
SOCIAL_WORKER_LABEL = "SocialWorker"

#: Service kind -> relationship type.
SERVICE_REL_TYPES = {
    "serves": "SERVES",
    "supports": "SUPPORTS",
    "incubates": "INCUBATES",
    "purchased": "PURCHASED_BY",
}
#: body_type / target_type -> node label of the far end.
BODY_LABELS = {"org": "Organization", "party_org": "PartyOrganization", "community": "Region"}
TARGET_LABELS = {"org": "Organization", "community": "Region", "township": "Region"}

REL_TYPES = (
    "PART_OF",
    "BASED_IN",
    "COVERS",
    "REPORTS_TO",
    "MANAGES",
    "LEADS",
    "HOLDS_POST",
    "LIVES_IN",
    "SERVES",
    "SUPPORTS",
    "INCUBATES",
    "PURCHASED_BY",
    "OPERATES",
)


#: Columns of an edge frame that graphgov sets itself (relationship ends, their labels, the
#: relationship key): a column of a table that becomes relationships may not take these names.
EDGE_COLUMNS = ("src", "dst", "src_label", "dst_label", "key")
#: The tables whose rows become relationships, extra columns kept as their properties.
RELATIONSHIP_TABLES = ("party_org_covers", "posts", "services")


def edge_column_message(table: str, taken: list[str]) -> str:
    """Why columns `taken` of relationship table `table` are refused."""
    return (
        f"{table}: column(s) {', '.join(taken)} are graphgov's own relationship properties "
        f"({', '.join(EDGE_COLUMNS)}); rename them"
    )


def level_of_code(code: str) -> str:
    """The level a 12-digit division code stands for, from its trailing zero segments.

    >>> level_of_code("330106001001"), level_of_code("330100000000")
    ('community', 'city')
    """
    if code[9:] != "000":
        return "community"
    if code[6:9] != "000":
        return "township"
    if code[4:6] != "00":
        return "county"
    if code[2:4] != "00":
        return "city"
    return "province"


PREFIX_DIGITS = {"province": 2, "city": 4, "county": 6, "township": 9, "community": 12}


def parent_code_of(code: str) -> str | None:
    """The code one level up (the code's own prefix, zero-padded), or None for a province.

    >>> parent_code_of("330106001001")
    '330106001000'
    """
    level = level_of_code(code)
    if level == "province":
        return None
    up = LEVELS[LEVELS.index(level) - 1]
    n = PREFIX_DIGITS[up]
    return code[:n] + "0" * (12 - n)
