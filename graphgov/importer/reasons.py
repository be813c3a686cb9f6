"""The reason codes of ``import-rejects.csv`` (besides :data:`graphgov.load.REASONS`, which a
row gets when the written dataset fails one of ``graphgov validate``'s rules)."""

IMPORT_REASONS = {
    "bad_date": "A date cell in none of the forms read (2019-03-01, 2019/3/1, 2019年3月1日, "
    "20190301, an Excel serial), or not a real date.",
    "bad_number": "A count (党员人数) that is not a whole number.",
    "value_unmapped": "A value (社会组织类型, 登记状态, 党组织类别) the mapping's value map lacks.",
    "row_too_wide": "A row with cells beyond the header's last column.",
    "uscc_missing": "A registry row without 统一社会信用代码.",
    "authority_missing": "No 登记管理机关 (or, for a filing list, no 备案机关 and no --area "
    "naming a county or township).",
    "authority_unknown": "An authority name that names no division (or the Ministry: a "
    "national organization).",
    "authority_level": "A registry row whose authority is a township: registration is at a "
    "province, city or county bureau.",
    "authority_mismatch": "The authority's division disagrees with the USCC's digits 3-8; "
    "the message gives both.",
    "conflict": "The same id (USCC, filing id, Party-organization name) in rows that "
    "disagree; every such row is rejected, each naming the others.",
    "unit_not_found": "A roster's 所在单位 that is no organization of the same import (a "
    "cover, rejected; the Party organization is imported).",
    "unit_ambiguous": "A roster's 所在单位 that names two organizations of the import.",
}
