// fragment: gap_columns
// The columns of a gaps row, from gap_rows' variables (suggested_form: branch 3-49, general_branch 50-99, committee 100 or more formal members).
o.org_id AS org_id, o.name AS name, o.kind AS kind, r.code AS region_code,
members AS party_members, workCovered AS work_covered, gap,
CASE WHEN members >= 100 THEN 'committee' WHEN members >= 50 THEN 'general_branch'
     WHEN members >= 3 THEN 'branch' END AS suggested_form,
managerId AS manager_id, manager.name AS manager_name
