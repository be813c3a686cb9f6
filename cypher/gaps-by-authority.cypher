// name: gaps-by-authority
// The gaps rows with their registering authority ('330106 county'; a filed community organization's township) first, ordered by it; $as_of, $include_community.
{{gap_rows}}
WITH *, {{authority(o, r)}} AS group
RETURN group, {{authority_name(group)}} AS group_name, {{gap_columns}}
ORDER BY group, {{gap_order}}
