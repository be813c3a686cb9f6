"""Every reason a row can be rejected for, with its meaning (``datasets/VALIDATION.md``)."""

from __future__ import annotations

#: reason_code -> meaning. A rejected row carries exactly one of these.
REASONS: dict[str, str] = {
    "bad_row": (
        "The CSV record has more or fewer fields than the header, or one of its quoted values "
        "runs over lines that look like rows of their own (a quote left open)."
    ),
    "empty_row": "Every cell of the row is empty.",
    "missing_value": (
        "A required value is empty (required columns; `parent_code` of any region below a "
        "province)."
    ),
    "excel_mangled": (
        "A code or id was mangled by a spreadsheet: scientific notation (`9.13501E+17`), an "
        "all-digit 18-character code whose last three digits were zeroed (check fails), or a "
        "division code ending in `.0`."
    ),
    "bad_enum": "The value is not one of the column's allowed values (case is ignored).",
    "bad_int": "Not a whole number >= 0.",
    "out_of_range": "A number outside its range (`star_rating` is 0 to 5).",
    "bad_number": "Not a finite number >= 0.",
    "bad_bool": "Not a boolean (`true/false/1/0/yes/no/是/否`, case is ignored).",
    "bad_date": "Not a real date written `YYYY-MM-DD` (`2023-02-30` is rejected).",
    "bad_code": "A division code that is not exactly 12 digits.",
    "level_mismatch": (
        "The region's `level` disagrees with its code's trailing zero segments (2+2+2+3+3)."
    ),
    "bad_parent": (
        "`parent_code` is not the code's own prefix one level up (or a province has one)."
    ),
    "bad_urban_rural_code": "`urban_rural_code` is not an NBS 城乡分类代码 "
    "(111, 112, 121, 122, 123, 210, 220).",
    "area_type_missing": "A community gives no `area_type` and its name has no committee word "
    "to derive it from (社区, 居委会, 居民委员会; 村, 村委会, 村民委员会).",
    "nbs_mismatch": "With `--strict-regions`: the region's code is unknown to the shipped NBS "
    "edition, retired by a redistricting, or its name differs from the edition's.",
    "bad_uscc": (
        "A registered organization's `org_id` is not 18 characters of the USCC alphabet "
        "(digits and capitals without I, O, S, V, Z)."
    ),
    "uscc_check": "The USCC check character (18th) does not verify (GB 32100-2015).",
    "uscc_authority": (
        "The USCC registration authority (1st character) is not `5` (civil affairs), so the "
        "code does not belong to a social organization."
    ),
    "uscc_category": (
        "The USCC category (2nd character) disagrees with `kind` (`1` social_group, `2` "
        "social_service, `3` foundation, `9` other fits any)."
    ),
    "duplicate_key": (
        "Several rows share this key but differ elsewhere; all of them are rejected because "
        "which one is meant is ambiguous."
    ),
    "unknown_region": "The region code it refers to is not in regions.",
    "unknown_org": "The organization it refers to is not in organizations.",
    "unknown_party_org": "The Party organization it refers to is not in party_orgs.",
    "unknown_person": "The person it refers to is not in people.",
    "bad_region_level": (
        "The region it refers to is at the wrong level (e.g. a community organization based "
        "in a township, a `township` service target that is a community)."
    ),
    "parent_rejected": (
        "Its parent (a region's `parent_code`, a Party organization's `parent_id`) was "
        "rejected; the message names the parent and why."
    ),
    "party_cycle": "The Party organization is on a cycle of `parent_id` links.",
    "ref_rejected": (
        "A row it refers to was rejected; the message names that row, its line and reason."
    ),
    "bad_period": "A period ends before it starts: `start` after `end` (posts, services), "
    "`since` after `until` (covers), `founded` after `dissolved` or `deregistered_on`, "
    "`abnormal_since` after `abnormal_until`, `opened` after `closed`.",
    "bad_status_date": "`deregistered_on` is given but `status` is `active` or `abnormal`: "
    "a 注销/撤销 date belongs to a `deregistered` or `revoked` organization.",
}
