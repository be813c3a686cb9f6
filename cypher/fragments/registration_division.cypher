// fragment: registration_division(o, r)
// The 12-digit code of the division organization o (based in region r) is registered in: digits 3-8 of its USCC for a registered kind; the county of where it is based for a filed community organization.
CASE WHEN o.kind IN {{registered_kinds}} THEN substring(o.org_id, 2, 6) ELSE left(r.code, 6) END + '000000'
