// name: density-by-province
// Per province: the community-organization average of its urban and rural communities against the target and the shortfall, and how many communities meet it on their own; largest shortfall first; $as_of, $count_registered, targets as in density.
{{community_density(c)}}
WITH left(c.code, 2) + '0000000000' AS province, c, orgs, target
{{density_rollup(province)}}
