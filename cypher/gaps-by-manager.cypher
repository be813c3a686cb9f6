// name: gaps-by-manager
// The gaps rows with their responsible Party organization (group 'none' without one) first, ordered by it; $as_of, $include_community.
{{gap_rows}}
RETURN coalesce(managerId, 'none') AS group, manager.name AS group_name, {{gap_columns}}
ORDER BY group, {{gap_order}}
